"""Japanese claims read by the evidence judge: numbers with counters and scale words, names
written without spaces, slots, negation, previews and dates. Runs the real GiNZA pipeline."""

import datetime as dt

import pytest

from factcheck.dates import claim_date_spans
from factcheck.errors import ModelError
from factcheck.nlp import analyse
from factcheck.nlp_ja import parse_quantities
from factcheck.pipelines import load_checked
from tests.test_evidence import conflicts, evidence, hit, titled

FIRE = ("スイスのスキーリゾート、クラン・モンタナのバー「ル・コンステラシオン」で2026年1月1日未明、"
        "火災が発生した。警察によると、約40人が死亡し、約115人が負傷した。"
        "検察は店の経営者に対する捜査を始めた。")
FINAL = ("サッカーのアフリカ・ネーションズカップ決勝が2026年1月18日、モロッコの首都ラバトで行われ、"
         "セネガルが開催国モロッコを延長戦の末1対0で破り、優勝した。")


@pytest.mark.parametrize("text, value, unit", [
    ("1兆5000億円", 1.5e12, "JPY"),
    ("1.5兆円", 1.5e12, "JPY"),
    ("三千人", 3000, "count:人"),
    ("3万2000人", 32000, "count:人"),
    ("681億ドル", 6.81e10, "USD"),
    ("0.75％", 0.75, "%"),
    ("２割", 20, "%"),
    ("316議席", 316, "count:議席"),
    ("約3千人", 3000, "count:人"),
    ("1万2千人", 12000, "count:人"),
    # A fraction is a share.
    ("4分の1", 25, "%"),
    ("三分の二", 200 / 3, "%"),
    # A katakana word after a number is its counter: never the same count as a bare number.
    ("2セット", 2, "count:セット"),
])
def test_japanese_figures_are_normalised(text, value, unit):
    (found,) = parse_quantities(text)
    assert found[0] == pytest.approx(value)
    assert found[1] == unit


def test_years_and_days_are_dates_not_figures():
    assert parse_quantities("2026年1月6日に") == []
    # The first day of a run of days is a day too.
    assert parse_quantities("3月6〜8日の週末") == []
    assert parse_quantities("6、7日の両日") == []
    assert [(v, u) for v, u, *_ in parse_quantities("3〜5人が負傷")] == [
        (3.0, "count:"), (5.0, "count:人")]
    assert [(v, u) for v, u, *_ in parse_quantities("49世帯が避難")] == [(49.0, "count:世帯")]


@pytest.mark.parametrize("text, unit", [("H3ロケット8号機", "id:号機"), ("第60回", "ordinal"),
                                        ("2度目の優勝", "ordinal")])
def test_numbers_that_name_are_not_counts(text, unit):
    assert [q[1] for q in parse_quantities(text)] == [unit]


def test_another_unit_number_for_the_same_event_is_a_conflict_but_not_against_a_plan():
    text = "東京電力は1月21日、柏崎刈羽原発6号機を再稼働させた。"
    assert conflicts("1月21日、東京電力は柏崎刈羽原発7号機を再稼働させた。", text) == [
        "the claim says 7号機; [1] says 6号機"]
    assert conflicts("東京電力は柏崎刈羽原発7号機を来年再稼働させる予定だ。", text) == []


def test_approximations_and_lower_bounds_are_marked():
    (about,) = parse_quantities("約40人")
    (floor,) = parse_quantities("40人以上")
    assert about[2] and not about[4]
    assert floor[2] and floor[4]


def test_a_japanese_sentence_yields_names_figures_and_a_subject():
    (sentence,) = analyse("セネガルはアフリカ・ネーションズカップ決勝でモロッコを1対0で破った。")
    keys = {m.key for m in sentence.mentions}
    assert {"セネガル", "モロッコ"} <= keys
    (beat,) = [p for p in sentence.predicates if p.lemma == "破る"]
    assert beat.subjects == ("セネガル",) and beat.objects == ("モロッコ",)


@pytest.mark.parametrize("claim", [
    "2026年1月1日、スイスのクラン・モンタナのバーで火災が起き、約40人が死亡した。",
    "クラン・モンタナのバー火災では115人が負傷した。",
])
def test_the_same_figures_are_no_conflict(claim):
    assert conflicts(claim, FIRE) == []


def test_a_changed_count_is_a_conflict_that_names_both_values():
    assert conflicts("クラン・モンタナのバー火災による死者は3人にとどまった。", FIRE) == [
        "the claim says 3人; [1] says 約40人"]


def test_a_figure_with_another_counter_is_no_conflict():
    assert conflicts("クラン・モンタナのバー火災で40件の通報があった。", FIRE) == []


def test_another_place_in_the_same_slot_is_a_conflict():
    (found,) = conflicts("アフリカ・ネーションズカップ決勝はカサブランカで行われた。", FINAL)
    assert found.startswith("the claim says カサブランカ;")


def test_a_swapped_winner_is_a_conflict_and_the_true_winner_is_not():
    assert conflicts("モロッコがアフリカ・ネーションズカップ決勝でセネガルを破った。", FINAL) == [
        "the claim says モロッコ; [1] says セネガル"]
    assert conflicts("セネガルがアフリカ・ネーションズカップ決勝でモロッコを破った。", FINAL) == []


def test_a_denial_contradicts_the_claimed_event():
    assert conflicts("高市首相は辞任した。", "高市首相は21日の記者会見で、辞任を否定した。") == [
        "the claim says 辞任; [1] says not 辞任"]


def test_a_preview_never_contradicts():
    claim = "日銀は政策金利を0.75%に引き上げた。"
    assert conflicts(claim, "日本銀行は19日の会合で、政策金利を0.5%に引き上げることを決めた。") == [
        "the claim says 0.75%; [1] says 0.5%"]
    assert conflicts(claim, "日銀は来月の会合で政策金利を0.5%に引き上げる見通しだ。") == []


def test_an_article_from_before_the_claimed_event_is_background():
    (ev,) = evidence("2026年1月1日、クラン・モンタナのバー火災で3人が死亡した。",
                     hit(FIRE, published="2025-12-30"), start=dt.date(2026, 1, 1))
    assert ev.background.startswith("published 2025-12-30")


def test_a_headline_that_looks_ahead_is_background():
    preview = hit("日銀、来月に利上げへ", published="2026-01-10")
    preview.title = "日銀、来月に利上げへ"
    (ev,) = evidence("日銀は政策金利を0.75%に引き上げた。", preview)
    assert ev.background.startswith("a preview")


def test_a_figure_said_as_a_fraction_or_a_bound_is_found():
    story = hit("ドバン電機は2026年3月10日、2025年1〜9月期の連結決算を発表した。純利益は前年同期比"
                "26.2％減の1028億円だった。", published="2026-03-10")
    (ev,) = evidence("ドバン電機の1〜9月期の純利益は、前年同期から4分の1余り減った。", story)
    assert ev.values["cover_numbers"] == 1.0
    vote = hit("ドバン市長選は2026年3月8日に投開票され、現職の村野氏が11万8174票を獲得して再選"
               "された。", published="2026-03-08")
    (ev,) = evidence("ドバン市長選で村野氏は11万票余りを集めた。", vote)
    assert ev.values["cover_numbers"] == 1.0
    (ev,) = evidence("ドバン市長選で村野氏は13万票余りを集めた。", vote)
    assert ev.values["cover_numbers"] == 0.0


@pytest.mark.parametrize("claim, first, last", [
    ("令和8年1月6日に発表された。", "2026-01-06", "2026-01-06"),
    ("令和7年12月に成立した。", "2025-12-01", "2025-12-31"),
    ("昨年の選挙で当選した。", "2025-01-01", "2025-12-31"),
    ("先月、辞任した。", "2026-02-01", "2026-02-28"),
    # A day of the month alone is the nearest such day, the past one on a tie.
    ("トヨタは5日、新社長を発表した。", "2026-03-05", "2026-03-05"),
    ("26日夜、火災が起きた。", "2026-02-26", "2026-02-26"),
    ("大会は6日に開幕する。", "2026-03-06", "2026-03-06"),
    # A relative month or year with the day or month it names.
    ("今月10日に閣議決定した。", "2026-03-10", "2026-03-10"),
    ("先月10日に閣議決定した。", "2026-02-10", "2026-02-10"),
    ("昨年12月3日に成立した。", "2025-12-03", "2025-12-03"),
    ("今年1月に就任した。", "2026-01-01", "2026-01-31"),
    # Dates ahead of as_of are read too: nothing published by then can report them.
    ("来月10日に発表する。", "2026-04-10", "2026-04-10"),
    ("来年4月に就任する。", "2027-04-01", "2027-04-30"),
    ("4月1日付で会長に就任する。", "2026-04-01", "2026-04-01"),
    # Days with a name.
    ("2025年大みそかの歌番組の視聴率は35％だった。", "2025-12-31", "2025-12-31"),
    ("元日に地震が起きた。", "2026-01-01", "2026-01-01"),
])
def test_japanese_dates_in_claims(claim, first, last):
    (span,) = claim_date_spans(claim, dt.date(2026, 3, 4))
    assert [d.isoformat() for d in span] == [first, last]


@pytest.mark.parametrize("claim", [
    "大会は10日間の日程で行われた。",  # a count of days
    "鎮圧は出火から3日後だった。",
    "薬は1日2回飲む。",
    "2026年3月期の決算で黒字になった。",  # the end of a period
    "31日に発表した。",  # far ahead: more likely a day of an earlier month
])
def test_japanese_dates_that_are_not_the_event_day(claim):
    assert claim_date_spans(claim, dt.date(2026, 3, 5)) == []


def test_another_version_of_the_japanese_pipeline_is_refused_with_the_fix():
    with pytest.raises(ModelError, match=r"pip install ja-ginza==5.3.0"):
        load_checked("ja_ginza", ("ginza", "0.0.1"), "ja-ginza==5.3.0", "Japanese")


def test_a_country_qualifying_the_court_is_not_the_court():
    claim = "ソウル中央地裁は尹錫悦前大統領に死刑判決を言い渡した。"
    other = "韓国の裁判所は2026年1月16日、尹錫悦前大統領に懲役5年の有罪判決を言い渡した。"
    assert not [c for c in conflicts(claim, other) if "韓国" in c]


def test_an_approximation_is_as_loose_as_its_round_digits():
    # "約5万8750円" is not 5万6363円, though the two are within a tenth of each other.
    text = "日経平均の終値は5万6363円で、最高値を更新した。"
    (ev,) = evidence("日経平均の終値は約5万8750円で、最高値を更新した。", hit(text))
    assert ev.values["cover_numbers"] == 0.0
    (ev,) = evidence("日経平均の終値は約5万6000円で、最高値を更新した。", hit(text))
    assert ev.values["cover_numbers"] == 1.0


def test_a_day_without_its_year_just_after_as_of_is_the_coming_one():
    assert claim_date_spans("2月26日の日経平均", dt.date(2026, 2, 25)) == [
        (dt.date(2026, 2, 26), dt.date(2026, 2, 26))]
    assert claim_date_spans("on 26 February", dt.date(2026, 2, 25)) == [
        (dt.date(2026, 2, 26), dt.date(2026, 2, 26))]
    # The nearer of last year's and the coming one.
    assert claim_date_spans("on 26 October", dt.date(2026, 2, 25)) == [
        (dt.date(2025, 10, 26), dt.date(2025, 10, 26))]
    assert claim_date_spans("3月の春場所で優勝した", dt.date(2026, 1, 25)) == [
        (dt.date(2026, 3, 1), dt.date(2026, 3, 31))]


def test_a_lost_election_contradicts_a_reelection():
    text = "市長選は前職の横山英幸氏が再選を決めた。"
    assert conflicts("大阪市長選では横山英幸氏が敗れた。", text) == [
        "the claim says 敗れる; [1] says 再選"]


def test_a_bare_number_is_never_compared_with_a_count_of_people():
    text = "島根県東部で震度5強の地震があり、4県で8人がけがをした。"
    assert not [c for c in conflicts("島根県東部の地震でけがをした人は28人だった。", text)
                if "5" in c]


def test_latin_names_with_numbers_are_not_figures():
    assert [q[1] for q in parse_quantities("Gemini 3.1 Proのスコアは77.1%")] == ["%"]


def test_latin_names_and_figures_inside_japanese_are_keyword_words_too():
    from factcheck.keywords import query_words
    assert "jaxa" in query_words("JAXAによると、打ち上げは失敗した。")
    words = query_words("2026年2月8日、シーホークスが29対13で破った。")
    assert {"29", "13"} <= set(words) and "2026" not in words


def test_the_words_of_japanese_text_for_the_word_index():
    """Content words in Sudachi's shortest units and normalised form; no grammar, no figures
    and no counters of figures (every passage holds 年 and 人), no Latin words (the other
    word index has them), nothing for text without kana."""
    from factcheck.keywords import japanese_words
    words = japanese_words("2026年、ドバン自動車は追浜工場の閉鎖を発表し、3人が5億円を受け取った"
                           "とJAXAによると伝えられた。")
    assert {"追浜", "工場", "閉鎖", "発表", "自動車"} <= set(words)
    assert not {"年", "人", "円", "億", "2026", "jaxa", "よる", "為る"} & set(words)
    assert len(words) == len(set(words))
    assert japanese_words("中国政府宣布新政策") == [] == japanese_words("The harbour reopened.")
    # Written otherwise, one word: サバ and 鯖, 見つかる and 見付かる.
    assert japanese_words("サバが見つかった") == japanese_words("鯖が見付かった")
    # A passage longer than Sudachi takes at once (a page without sentence ends) is read too.
    long = "漁船を拿捕し、" * 8000 + "船長を逮捕した"
    assert japanese_words(long) == ["漁船", "拿捕", "船長", "逮捕"]


def test_a_japanese_refutation_reads_in_the_japanese_chat(embedder):
    from factcheck.check import _rationale
    from factcheck.judge import judge_alignment
    from factcheck.web.i18n import translate_message

    passage = hit(FIRE)
    result = judge_alignment("クラン・モンタナのバー火災による死者は3人にとどまった。", [passage],
                             embedder)
    assert result.label == "REFUTED"
    shown = translate_message(_rationale(result.label, result, [passage]), "ja")
    assert shown.startswith("主張は「3人」、[1] は「約40人」（news.example、")


def test_a_figure_of_another_accounting_period_is_no_conflict():
    text = "ソフトバンクグループの2025年4〜12月期の純利益は3兆1726億円だった。"
    assert conflicts("ソフトバンクグループの2026年3月期の通期純利益は5兆円の見込みだ。", text) == []
    assert conflicts("ソフトバンクグループの2025年4〜12月期の純利益は5兆円だった。", text) == [
        "the claim says 5兆円; [1] says 3兆1726億円"]


def test_a_placing_given_to_the_name_otherwise_is_a_conflict():
    story = "ニューイヤー駅伝はホンダが初優勝した。2位は旭化成、3位はトヨタ自動車だった。"
    assert conflicts("ニューイヤー駅伝で2位に入ったのはトヨタ自動車だった。", story) == [
        "the claim says 2位; [1] says 3位"]
    assert conflicts("ニューイヤー駅伝で3位に入ったのはトヨタ自動車だった。", story) == []
    assert conflicts("ニューイヤー駅伝で旭化成は2位だった。", story) == []


def test_a_win_is_the_first_place_of_the_clauses_subject():
    """"優勝" places its clause's subject first, with the age and team aside between them and
    other words before the placing ("中井亜美（17）＝ドバン電機＝は冒頭で転倒し、合計215.78点で
    2位"); a word about wins ("優勝候補") places no one."""
    story = ("四大陸選手権の女子フリーで、ショートプログラム2位の青木祐奈（24）＝MFアカデミー＝が"
             "逆転で初優勝した。首位だった中井亜美（17）＝ドバン電機＝は冒頭のジャンプで転倒し、"
             "合計215.78点で2位だった。")
    assert conflicts("四大陸選手権の女子は中井亜美が優勝し、青木祐奈は2位だった。", story) == [
        "the claim says 優勝; [1] says 2位"]
    assert conflicts("四大陸選手権の女子は青木祐奈が優勝し、中井亜美は2位だった。", story) == []
    favourite = "四大陸選手権の女子は、優勝候補の中井亜美が合計215.78点で2位だった。"
    assert conflicts("四大陸選手権の女子で中井亜美は2位だった。", favourite) == []


def test_a_sentence_that_says_both_of_the_claims_verbs_does_not_contradict_it():
    story = "北海道を訪れた旅行者は、欧米からは需要で増えたが、中国からは約60%減った。"
    assert conflicts(story, story) == []
    assert conflicts("北海道を訪れた旅行者は、中国からは約60%増えた。", story) != []


def test_the_most_given_to_another_name_is_a_conflict():
    story = ("警察庁は2026年1月6日、2025年の交通事故死者数は2547人だったと発表した。都道府県別では"
             "神奈川県の139人が最多で、東京都134人、北海道129人が続き、最少は鳥取県の17人だった。")
    claim = "2025年の交通事故死者数を都道府県別にみると、最も多かったのは{}だった。"
    assert conflicts(claim.format("東京都"), story) == ["the claim says 東京都; [1] says 神奈川県"]
    assert conflicts(claim.format("神奈川県"), story) == []
    fewest = "2025年の交通事故死者数を都道府県別にみると、最も少なかったのは{}だった。"
    assert conflicts(fewest.format("鳥取県"), story) == []
    assert conflicts(fewest.format("北海道"), story) == ["the claim says 北海道; [1] says 鳥取県"]


def test_the_highest_or_lowest_given_to_another_thing_is_a_conflict():
    # No name in the claim: the holder is a plain noun, and the topic is in the sentence before.
    story = ("がんの5年生存率が公表された。15歳以上の診断分で最も高かったのは前立腺で92.5％だった。"
             "最も低かったのは膵臓で、13.5％にとどまった。")
    claim = "15歳以上の診断分で、5年生存率が最も低かった部位は{}だった。"
    assert conflicts(claim.format("肺"), story) == ["the claim says 肺; [1] says 膵臓"]
    assert conflicts(claim.format("膵臓"), story) == []
    # Two words of the claim must be there: a story of another ranking says nothing.
    assert conflicts(claim.format("肺"), "最も低かったのは膵臓で、13.5％にとどまった。") == []


def test_a_running_total_is_no_conflict_with_a_larger_final_count():
    interim = "ミラノ・コルティナ五輪で、日本勢のメダルは早くも8個となった。"
    assert conflicts("ミラノ・コルティナ五輪で日本が手にしたメダルは24個だった。", interim) == []


def test_a_past_record_is_no_conflict():
    record = ("ミラノ・コルティナ五輪の前まで、日本の冬季五輪のメダル最多は"
              "2022年北京大会の18個だった。")
    claim = "ミラノ・コルティナ五輪で日本が手にしたメダルは24個で、最多を更新した。"
    assert conflicts(claim, record) == []
    assert conflicts(claim, "ミラノ・コルティナ五輪で日本のメダルは18個だった。") == [
        "the claim says 24個; [1] says 18個"]


def test_a_count_by_a_day_is_a_running_total():
    interim = "日本勢は2月7日から4日続けてメダルを獲得し、10日までに計8個となった。"
    assert conflicts("ミラノ・コルティナ五輪で日本が手にしたメダルは24個だった。",
                     "ミラノ・コルティナ五輪で、" + interim) == []


def test_a_figure_with_dai_is_a_range():
    text = "日経平均は取引時間中に5万9332円まで上昇し、初めて5万9000円台に乗せた。"
    assert conflicts("日経平均は取引時間中に初めて6万円台に乗せた。", text) == [
        "the claim says 6万円台; [1] says 5万9332円"]
    assert conflicts("日経平均は取引時間中に初めて5万9000円台に乗せた。", text) == []


@pytest.mark.parametrize("bound", ["10人以上", "少なくとも10人"])
def test_a_japanese_lower_bound_is_not_contradicted_by_a_smaller_count(bound):
    text = "島根県東部の地震で、8人が負傷した。"
    assert conflicts(f"島根県東部の地震で、{bound}が負傷した。", text) == []
    assert conflicts("島根県東部の地震で、10人が負傷した。", text) == [
        "the claim says 10人; [1] says 8人"]


def test_a_figure_is_not_also_read_as_a_name():
    (sentence,) = analyse("大雪による死者は全国で三十人に達した。")
    assert [q.value for q in sentence.quantities] == [30.0]
    assert not [m for m in sentence.mentions if "十" in m.text]


def test_above_and_below_last_year_are_opposites():
    story = "連合の集計によると、春闘の賃上げ要求は平均5.94%で、前年を下回った。"
    assert conflicts("春闘の賃上げ要求は平均5.94%で、前年を上回った。", story) != []
    assert conflicts("春闘の賃上げ要求は平均5.94%で、前年を下回った。", story) == []


def test_a_held_rate_contradicts_a_raise_by_the_same_bank_only():
    story = ("日本銀行は1月23日の金融政策決定会合で、短期金利の誘導目標を0.75%程度に据え置く"
             "ことを決めた。")
    (found,) = conflicts("日銀は1月23日の会合で、政策金利を1.0%に引き上げた。", story)
    assert "据え置く" in found
    assert conflicts("日銀の決定を受け、大手銀行は普通預金の金利を引き下げた。", story) == []


def test_a_relay_leg_is_a_name_not_a_count():
    assert parse_quantities("10区の選手")[0][1] == "id:区"
    story = "青山学院大は1区で16位と出遅れたが、5区で首位を奪った。"
    assert conflicts("青山学院大は10区の選手も区間賞を獲得した。", story) == []


def test_a_lost_match_contradicts_a_won_one_by_the_same_side_only():
    story = "WBC準々決勝が3月15日に行われ、日本はベネズエラに5対8で敗れた。"
    (found,) = conflicts("WBC準々決勝で、日本はベネズエラを8対5で破った。", story)
    assert "敗れる" in found
    turned = "WBC準々決勝で、ベネズエラは日本に5対8で敗れた。"
    assert conflicts("日本はWBC準々決勝でベネズエラを8対5で破った。", turned) == []


def test_a_downward_revision_contradicts_a_kept_forecast_even_in_an_outlook_story():
    story = ("ホンダ、最大6900億円の最終赤字見通し ホンダは3月12日、2026年3月期の連結純損益の"
             "予想を4200億〜6900億円の赤字に下方修正したと発表した。直近の予想は3000億円の黒字"
             "だった。")
    claim = "ホンダは2026年3月期の純利益の予想を、3000億円の黒字のまま据え置いた。"
    (ev,) = evidence(claim, hit(story, published="2026-03-12"))
    assert ev.values["preview"] == 0.0
    assert [c.evidence_value for c in ev.conflicts] == ["下方修正"]


def test_a_counter_that_names_what_it_counts_is_the_same_thing_and_the_nearest_is_cited():
    story = ("山田氏が首相指名選挙で首相に選ばれた。衆院では投票総数464票のうち354票を"
             "集めた。")
    assert conflicts("首相指名選挙で山田氏が得た票は254票だった。", story) == [
        "the claim says 254票; [1] says 354票"]
    assert conflicts("首相指名選挙で山田氏が得た票は354票だった。", story) == []


def test_a_japanese_conditional_does_not_say_what_happened():
    text = ("将棋のバルナ戦第5局で、カド番のアルベ王将が挑戦者のドバン九段に勝ち、"
            "対戦成績を2勝3敗とした。負ければ王将を失うアルベ王将は、決着を第6局以降に持ち越した。")
    assert conflicts("バルナ戦第5局に勝ったアルベ王将は、ドバン九段との対戦成績を2勝3敗とした。",
                     text) == []
    assert conflicts("バルナ戦第5局でアルベ王将はドバン九段に敗れた。", text) == [
        "the claim says 敗れる; [1] says 勝つ"]


def test_a_japanese_margin_and_a_figure_of_another_kind():
    vote = "ドバン改革党は2026年2月13日に代表選を行い、アルベ氏がケスト氏を27票対22票で破った。"
    assert conflicts("ドバン改革党の代表選では、アルベ氏が5票差でケスト氏を退けた。", vote) == []
    assert conflicts("ドバン改革党の代表選では、アルベ氏が9票差でケスト氏を退けた。", vote) != []
    budget = "ドバン国の国防予算案は前年比7％増とされ、財政赤字の目標はGDP比「4％前後」とされた。"
    assert conflicts("ドバン国は2026年の消費者物価上昇率の目標を「2%前後」とした。", budget) == []
    assert conflicts("ドバン国の財政赤字の目標はGDP比「3％前後」とされた。", budget) != []


def test_japanese_similarity_comes_from_the_word_vectors():
    claim = "ドバン改革党の代表選では、アルベ氏が5票差でケスト氏を退けた。"
    close = "ドバン改革党の新代表にアルベ氏。ケスト氏を27票対22票で破った。"
    far = "ケスト市の2025年の企業倒産件数は前年を上回った。"
    (near_ev,) = evidence(claim, hit(close))
    (far_ev,) = evidence(claim, hit(far))
    assert near_ev.values["sim_max_ja"] > far_ev.values["sim_max_ja"] + 0.1
    assert near_ev.values["sim_max"] == 0.0


SENTENCE = ("アルベ地裁は2026年3月3日、ドバン被告に無期懲役の判決を言い渡した。"
            "検察は死刑を求刑していた。被告側は控訴する方針だ。")


def test_the_storys_other_word_in_the_claims_object_is_a_conflict():
    assert conflicts("アルベ地裁はドバン被告に死刑判決を言い渡した。", SENTENCE) == [
        "the claim says 死刑判決; [1] says 無期懲役判決"]
    # The story's own object, and a word the story never uses, are no conflict.
    assert conflicts("アルベ地裁はドバン被告に無期懲役の判決を言い渡した。", SENTENCE) == []
    assert conflicts("アルベ地裁はドバン被告に厳罰の判決を言い渡した。", SENTENCE) == []


SNOW = ("2026年2月3日の発表によると、大雪による死者は計30人に達した。"
        "死者は新潟県が12人で最も多く、秋田県6人、青森県4人だった。")


def test_a_figure_that_belongs_to_another_name_does_not_confirm_the_claims():
    (ev,) = evidence("大雪による死者が最も多かったのは青森県で、12人に上った。",
                     hit(SNOW, published="2026-02-03"))
    assert ev.values["cover_numbers"] == 0.0
    (ev,) = evidence("大雪による死者が最も多かったのは新潟県で、12人に上った。",
                     hit(SNOW, published="2026-02-03"))
    assert ev.values["cover_numbers"] == 1.0


def test_a_figure_of_another_accounting_period_does_not_confirm_the_claims():
    story = ("ドバン自動車は2026年2月12日、2026年3月期の最終損益が6500億円の赤字になる見通しだと"
             "発表した。前期の6708億円の赤字に続き、2年連続の巨額赤字となる。")
    (ev,) = evidence("ドバン自動車の2026年3月期の最終赤字の見通しは6708億円だった。",
                     hit(story, published="2026-02-12"))
    assert ev.values["cover_numbers"] == 0.0
    (ev,) = evidence("ドバン自動車の2026年3月期の最終赤字の見通しは6500億円だった。",
                     hit(story, published="2026-02-12"))
    assert ev.values["cover_numbers"] == 1.0


def test_who_owns_a_count_does_not_make_it_the_same_count():
    # Japan owns both counts; what they count differs (gold medals, all medals).
    story = ("ドバニア大会で日本勢は競技初日から4日続けてメダルを獲得し、10日までに計8個と"
             "なった。")
    assert conflicts("ドバニア大会で日本が獲得した金メダルは3個だった。", story) == []
    # The same count given otherwise is still a contradiction.
    assert conflicts("ドバニア大会でベレンが獲得したメダルは3個だった。",
                     "ドバニア大会でベレンが獲得したメダルは計8個となった。")


def test_a_japanese_change_is_set_against_the_story_change():
    story = ("ドバン省は2026年1月29日、2025年の事故死者数が1万9097人だったと発表した。"
             "前年から1223人減り、1978年の統計開始以来、初めて2万人を下回った。")
    # The year a count starts from does not make the sentence one of another year.
    assert conflicts("2025年の事故死者数は前年から約3千人減った。", story) == [
        "the claim says 約3千人; [1] says 1223人"]
    assert conflicts("2025年の事故死者数は前年から約1千人減った。", story) == []
    # A round figure gives no difference to the claim's precision: 2万人 and 1万9097人 do not
    # make "about 3,000 fewer".
    assert conflicts("2025年の事故死者数は前年から約3千人減った。",
                     titled("ドバンの事故死者は1万9097人、初めて2万人下回る", story)) == [
        "the claim says 約3千人; [1] says 1223人"]


def test_a_figure_written_as_more_than_is_a_floor():
    (found,) = parse_quantities("深さ5千メートルを超える")
    assert found[0] == 5000 and found[4]
    assert conflicts("ドバン丸は深さ5千メートルを超える海底から泥を引き揚げた。",
                     "ドバン丸は2026年2月2日、水深約5600メートルの海底から泥を引き揚げた。") == []


def test_a_forecast_cut_turns_round_a_forecast_raised():
    story = "ドバン電機は2026年2月4日、今期の純利益の予想を2600億円から2400億円に引き下げた。"
    assert conflicts("ドバン電機は今期の純利益予想を上方修正した。", story) == [
        "the claim says 上方修正; [1] says 引き下げる"]
    assert conflicts("ドバン電機は今期の純利益予想を下方修正した。", story) == []


@pytest.mark.parametrize("margin, said", [
    ("2万票以上", "6788票"), ("5千票以上", None), ("約7千票", None)])
def test_a_japanese_margin_with_a_floor(margin, said):
    title = "ドバン県知事選、アルベ氏が初当選 ケスト氏に6788票差"
    body = ("ドバン県知事選は2026年2月8日に投開票され、アルベ氏は28万7134票を得て、"
            "ケスト氏の28万346票を6788票上回った。")
    found = conflicts(f"ドバン県知事選でアルベ氏はケスト氏に{margin}の差をつけた。",
                      titled(title, body, "2026-02-09"))
    assert found == ([f"the claim says {margin}; [1] says {said}"] if said else [])


def test_a_run_of_years_is_not_the_first_time_in_years():
    story = ("ドバン省は2026年2月6日、2025年の家計調査を発表した。消費支出は実質で前年比0.9％増と"
             "なり、3年ぶりに増加した。食料は実質1.2％減で、6年連続で減少した。")
    assert conflicts("2025年の消費支出は実質で3年連続の増加となった。", story) == [
        "the claim says 3年連続; [1] says 3年ぶり"]
    assert conflicts("2025年の消費支出は実質で3年ぶりの増加となった。", story) == []
    assert conflicts("2025年の食料の支出は実質で6年連続で減少した。", story) == []


def test_a_figure_the_claim_says_is_exceeded_is_a_bound():
    """"1兆8000億円を上回り" is more than that sum, and "を下回った" less: the story's 1兆8135億円
    confirms both: neither is a rival figure."""
    story = ("ドバン銀行が2026年2月4日に発表した2025年4〜12月期の連結決算は、純利益が前年同期比"
             "3.7％増の1兆8135億円となった。")
    claim = "ドバン銀行の2025年4〜12月期の純利益は{}、前年同期より増えた。"
    for said in ("1兆8000億円を上回り", "1兆9000億円を下回り"):
        (ev,) = evidence(claim.format(said), hit(story))
        assert ev.conflicts == [] and ev.values["cover_numbers"] == 1.0, said


def test_a_count_of_the_names_the_claim_lists_is_what_they_make():
    """"ドバン西とアルベ農の2校" counts the two schools the story names, whatever total of schools
    it gives; a count that the names do not make is still compared."""
    story = ("第98回選抜高校野球大会の選考委員会が2026年1月30日に開かれ、出場32校が決まった。"
             "21世紀枠ではドバン西が75年ぶり2度目、アルベ農が初めての出場を決めた。")
    claim = "第98回センバツの21世紀枠には、ドバン西とアルベ農の{}校が選ばれた。"
    assert conflicts(claim.format(2), story) == []
    (ev,) = evidence(claim.format(2), hit(story))
    assert ev.values["cover_numbers"] == 1.0
    (ev,) = evidence(claim.format(3), hit(story))
    assert ev.values["cover_numbers"] == 0.0


def test_another_count_of_a_run_or_a_gap():
    """A run or a gap of another length is a conflict ("約18年半ぶりの高水準" against "約27年
    ぶりの高い水準", "4年連続で減少" against "6年連続で減少"); a run against a gap of another
    length, or a run of something else, says nothing."""
    story = ("ドバン債券市場で2026年1月5日、10年物国債の利回りが一時2.125％まで上昇し、"
             "1999年2月以来、約27年ぶりの高い水準となった。消費支出は3年ぶりに増加した。"
             "食料の支出は6年連続で減少した。")
    assert conflicts("10年物国債の利回りは約18年半ぶりの高水準となった。", story) == [
        "the claim says 約18年半ぶり; [1] says 約27年ぶり"]
    assert conflicts("10年物国債の利回りは27年ぶりの高水準となった。", story) == []
    assert conflicts("食料の支出は4年連続で減少した。", story) == [
        "the claim says 4年連続; [1] says 6年連続"]
    assert conflicts("消費支出は4年連続で増加した。", story) == []


def test_an_age_in_brackets_is_not_a_figure():
    assert [q[0] for q in parse_quantities("中井亜美（17）は2位")] == [2.0]
    story = "ドバン杯の女子は日本勢が表彰台を独占した。中井亜美（17）は合計215.78点で2位。"
    assert conflicts("ドバン杯の女子で、日本の3選手が1位から3位までを占めた。", story) == []


def test_a_japanese_claim_is_confirmed_only_where_one_passage_holds_most_of_it():
    from factcheck.judge import article_probs
    story = ("ドバン電機は2月4日、2026年3月期の純利益予想を2400億円に引き下げたと発表した。"
             "人員削減は国内外で約1万2000人に達する。")
    # Half of the claim (leaving the TV business, moving the head office) is the claim's own.
    (ev,) = evidence("ドバン電機は純利益予想を引き下げ、テレビ事業から撤退して本社も移転すると"
                     "発表した。", hit(story, published="2026-02-04"))
    assert ev.values["sentence_cover"] < 0.6
    assert article_probs(ev.vector())["SUPPORTED"] == 0.0
    (ev,) = evidence("ドバン電機は2026年3月期の純利益予想を2400億円に引き下げた。",
                     hit(story, published="2026-02-04"))
    assert article_probs(ev.vector())["SUPPORTED"] > 0.5


def test_a_port_is_told_apart_by_its_place():
    story = "探査船「ドバン丸」は1月12日に静岡市の清水港を出港していた。"
    (ev,) = evidence("探査船「ドバン丸」は1月12日に横浜港を出港した。",
                     hit(story, published="2026-02-02"))
    assert ev.unnamed == ["横浜港"]
    (ev,) = evidence("探査船「ドバン丸」は1月12日に清水港を出港した。",
                     hit(story, published="2026-02-02"))
    assert ev.unnamed == []


def test_a_name_in_brackets_is_an_aside_and_a_subsidiary_verb_is_no_predicate():
    (parsed,) = analyse("戸塚優斗（24＝ヨネックス）が95.00点で金メダルを獲得した。")
    assert "ヨネックス" not in [m.text for m in parsed.mentions]
    story = ("ドバン五輪の男子ハーフパイプで、戸塚優斗（24＝ヨネックス）が95.00点で金メダルを獲得"
             "した。山田琉聖（19＝チームJWSC）が92.00点で銅メダルに入った。")
    assert conflicts("ドバン五輪の男子ハーフパイプで、戸塚優斗が95.00点で金メダル、山田琉聖が"
                     "銅メダルを獲得した。", story) == []
    (parsed,) = analyse("事前予約制で続いた観覧は25日で終わっていた。")
    assert [p.lemma for p in parsed.predicates] == ["続く", "終わる"]


def test_a_japanese_country_name_holds_its_places_but_is_never_a_rival():
    from factcheck import places
    assert places.nested("日本", "東京") and places.nested("日本国内", "東京")
    # Known only to keep names from being read as rivals: never set against another country.
    assert not places.disjoint("日本", "中国") and not places.known("日本")


def test_a_list_whose_figures_the_claim_gives_to_each_other_is_a_conflict():
    story = ("ドバン統合幕僚監部は2026年1月16日、緊急発進が448回だったと公表した。"
             "国・地域別の割合は、推定を含めて中国機が約68％、ロシア機が約29％、その他が約3％"
             "だった。")
    (ev,) = evidence("緊急発進では、ロシア機が約68％、中国機が約29％を占めた。",
                     hit(story, published="2026-01-16"))
    assert [c.describe() for c in ev.conflicts] == ["the claim says 約68％; [1] says 約29％"]
    assert ev.values["cover_numbers"] < 1.0
    (ev,) = evidence("緊急発進では、中国機が約68％、ロシア機が約29％を占めた。",
                     hit(story, published="2026-01-16"))
    assert ev.conflicts == [] and ev.values["cover_numbers"] == 1.0


def test_a_name_written_with_a_middle_dot_inside_one_word_is_found():
    from factcheck.nlp_ja import lookup_forms

    assert "ドバンメディアhd" in lookup_forms("ドバン・メディアhd")


def test_a_bracketed_name_the_story_never_writes_cannot_be_confirmed():
    story = ("ドバン宇宙機関は2026年2月6日、火星探査車「キュリオシティ」が2013年に"
             "ゲール・クレーターの泥岩から採取した試料の研究成果を紹介した。")
    (ev,) = evidence("試料は、探査車「パーサヴィアランス」がゲール・クレーターで採取した。",
                     hit(story, published="2026-02-06"))
    assert ev.unnamed == ["パーサヴィアランス"]
    (ev,) = evidence("試料は、探査車「キュリオシティ」がゲール・クレーターで採取した。",
                     hit(story, published="2026-02-06"))
    assert ev.unnamed == []
    # A bracketed quotation is no name.
    (ev,) = evidence("ドバン宇宙機関は成果を「大きな前進だ」と評価した。",
                     hit(story, published="2026-02-06"))
    assert ev.unnamed == []


def test_a_move_written_with_its_word_and_a_measure_the_story_is_about():
    """上昇 and 高い beside a figure say which way it went; a word of the measure that the
    headline gives (コンビニ) may be left out of the sentence, but not what is measured."""
    story = titled("2025年のドバン市のコンビニ売上高、過去最高 来店客数は減少",
                   "ドバン協会は2026年1月20日、2025年のコンビニ売上高が前年比2.2％増の12兆円だった"
                   "と発表した。年間の来店客数は0.2％減の163億人で、前年を下回った。平均客単価は"
                   "2.5％上昇の737円だった。", "2026-01-20")
    assert conflicts("2025年のコンビニの年間来店客数は前年より増えた。", story) == [
        "the claim says 増える; [1] says 0.2％減"]
    assert conflicts("2025年のコンビニの平均客単価は前年より下がった。", story) == [
        "the claim says 下がる; [1] says 2.5％上昇"]
    assert conflicts("2025年のコンビニの年間来店客数は前年より減った。", story) == []
    assert conflicts("2025年のコンビニの売上高は前年より増えた。", story) == []


def test_a_run_of_months_is_a_period_and_a_figure_of_another_year_is_another_figure():
    from factcheck.evidence import _periods

    assert _periods("2025年4〜11月に確認された") == {"4〜11月期"}
    assert _periods("4〜12月期の決算") == {"4〜12月期"} and _periods("10月5日に") == set()
    # The story published before the period's end counts another run of months.
    earlier = ("ドバン省は2025年12月5日、4〜10月の出没件数の合計が3万6814件に達したと発表した。"
               "10月の出没件数は1万5745件だった。")
    (ev,) = evidence("2025年4〜11月に確認されたクマの出没件数は、2万4348件だった。",
                     hit(earlier, published="2025-12-05"), as_of=dt.date(2026, 1, 6))
    assert ev.conflicts == []
    # A figure the story gives to another year does not confirm the claim's year.
    story = ("ドバン省は2026年1月7日、2025年4〜11月の出没件数が4万7038件だったと公表した。"
             "これまでの最多は2023年度の年間2万4348件だった。")
    (ev,) = evidence("2025年4〜11月に確認されたクマの出没件数は、2万4348件だった。",
                     hit(story, published="2026-01-07"))
    assert ev.values["cover_numbers"] < 1.0
    (ev,) = evidence("2023年度のクマの出没件数は2万4348件だった。",
                     hit(story, published="2026-01-07"))
    assert ev.values["cover_numbers"] == 1.0


def test_the_claims_object_inside_the_storys_is_the_same_thing_turned_round():
    story = hit("ドバン県知事選は2026年1月25日に投票が行われ、新人の石野氏が初当選した。投票率は"
                "46.29％で、2023年の前回選の51.08％を下回り、過去最低を記録した。",
                published="2026-01-25")
    assert conflicts("今回のドバン県知事選の投票率は、2023年の前回選を上回った。", story) == [
        "the claim says 上回る; [1] says 下回る"]
    assert conflicts("今回のドバン県知事選の投票率は、2023年の前回選を下回った。", story) == []


def test_a_loss_to_another_rival_says_nothing_against_a_win():
    claim = "ロコ・ソラーレは女子世界選手権の初戦でスイスに6―3で勝った。"
    story = ("女子世界選手権が開幕し、ロコ・ソラーレは初戦でスイスを6―3で破った。"
             "ロコ・ソラーレはミラノ・コルティナ五輪の代表決定戦でフォルティウスに敗れて五輪出場を"
             "逃しており、今大会には新たな選手を加えた布陣で臨んでいる。")
    assert conflicts(claim, story) == []
    assert conflicts(claim, "女子世界選手権が開幕し、ロコ・ソラーレは初戦でスイスに3―6で敗れた。")


def test_a_clause_named_as_a_reason_is_not_an_object_told_otherwise():
    claim = ("米国協会の関係者は、アリサ・リュウの世界選手権欠場の理由として、"
             "五輪後に休みなく活動が続いてきたことを挙げた。")
    story = ("五輪女王アリサ・リュウ、世界選手権を欠場 「五輪後に休みなく活動」と米協会 "
             "アリサ・リュウが世界選手権を欠場することが分かった。"
             "米国協会の関係者は、五輪のあと休みなく活動が続いてきたことを理由に挙げた。")
    assert conflicts(claim, story) == []


def test_a_headline_whose_first_part_gives_a_figure_reports_the_news():
    page = titled("灯油全国平均121円30銭、3週連続値上がり 来週は125円突破の可能性も",
                  "資源エネルギー庁が2026年3月11日に発表した9日時点の灯油の全国平均小売価格は、"
                  "1リットル当たり121円30銭で、前週より2円10銭上がった。",
                  published="2026-03-11")
    (ev,) = evidence("2026年3月9日時点の灯油の全国平均小売価格は1リットル当たり121円30銭だった。",
                     page)
    assert not ev.background


def test_falling_short_is_the_opposite_of_exceeding():
    (sentence,) = analyse("『ドバンの夜』は週末興行収入で『ベレンの朝』に及ばなかった。")
    assert [(p.lemma, p.negated) for p in sentence.predicates] == [("下回る", False)]
    story = titled("『ベレンの朝』が2週連続首位 2位『ドバンの夜』は週末興収で上回る",
                   "3月6日から8日までの映画動員ランキングで、『ベレンの朝』が2週続けて1位となった。",
                   published="2026-03-09")
    assert conflicts("3月6〜8日の週末興行収入で、『ドバンの夜』は『ベレンの朝』に及ばなかった。",
                     story) == ["the claim says 下回る; [1] says 上回る"]
    assert conflicts("3月6〜8日の週末興行収入で、『ドバンの夜』は『ベレンの朝』を上回った。",
                     story) == []


def test_a_cleft_with_any_past_verb_names_who_did_the_act():
    story = hit("カナダ・ベレン大学のサラ・リー氏らの研究チームが、暗黒物質が大半を占める銀河の候補"
                "「XG-2」を見つけたことが、2026年2月24日までに伝えられた。XG-2は銀河団の中にあり、"
                "研究チームは球状星団に着目して探した。")
    assert conflicts("銀河の候補XG-2を見つけたのは、米ドバン工科大学の研究チームだ。", story) == [
        "the claim says 米ドバン工科大学; [1] says サラ・リー"]
    # Planned, not done: "見つける計画" tells nothing of who found it.
    plan = hit("ベレン大学の研究チームは2026年2月24日、銀河の候補XG-2を見つける計画を発表した。"
               "研究チームは球状星団に着目する。")
    assert conflicts("銀河の候補XG-2を見つけたのは、米ドバン工科大学の研究チームだ。", plan) == []


def test_a_bill_sent_to_the_other_house_is_a_contradiction():
    story = hit("政府は2026年3月10日、在留手続きの手数料の上限を引き上げるドバン法の改正案を"
                "閣議決定し、衆院に提出した。政府は今国会中の成立を目指している。")
    assert conflicts("政府は閣議決定したドバン法の改正案を、参院に提出した。", story) == [
        "the claim says 参院; [1] says 衆院"]
    assert conflicts("政府は閣議決定したドバン法の改正案を、衆院に提出した。", story) == []


def test_a_verb_turned_round_about_the_same_topic_is_a_contradiction():
    # The parser gives neither verb a subject: the topic (事故件数は) says what moved.
    story = ("ヴァルナ県警は5日、昨年の交通事故の件数を発表した。"
             "事故件数は3万1250件で、前年より420件減った。")
    assert conflicts("事故件数は3万1250件で、前年より420件増えた。", story) == [
        "the claim says 増える; [1] says 減る"]
    assert conflicts("事故件数は3万1250件で、前年より420件減った。", story) == []
    assert conflicts("死者数は3万1250件で、前年より420件増えた。", story) == []


def test_a_measure_given_by_its_counter_moves_as_the_story_says():
    # 件数 and 金額 are what the figure's counter says: the word before them is the measure.
    story = titled("ヴァルナ商工調査、3月の企業倒産は512件",
                   "ヴァルナ商工調査は2026年4月8日、3月の企業倒産が前年同月比8.2％増の512件だった"
                   "と発表した。負債総額は12.5％減の820億円だった。")
    assert conflicts("3月の企業倒産件数は前年同月と比べて減少した。", story) == [
        "the claim says 減少; [1] says 8.2％増"]
    assert conflicts("3月の企業倒産件数は前年同月と比べて増加した。", story) == []
    market = titled("2025年のドバン出版市場は2.1％減",
                    "ドバン出版研究所は2026年1月20日、2025年の出版市場規模（推定販売金額）を発表した。"
                    "紙の出版物は5.3％減の4200億円だった。電子出版は3.1％増の2810億円と伸びた。")
    assert conflicts("2025年の電子出版の推定販売金額は前年から減少した。", market) == [
        "the claim says 減少; [1] says 3.1％増"]
    assert conflicts("2025年の電子出版の推定販売金額は前年から増加した。", market) == []


def test_the_company_named_as_such_and_a_forecast_by_another_word_are_the_same():
    story = ("ヴァルナ重工は2026年2月3日、2025年4〜12月期の決算を発表した。同社は2026年3月期の"
             "純利益予想を従来の900億円から50億円引き上げ、950億円とした。")
    assert conflicts("ヴァルナ重工は2026年3月期の純利益見通しを、従来予想より引き下げた。",
                     story) == ["the claim says 引き下げる; [1] says 引き上げる"]
    assert conflicts("ヴァルナ重工は2026年3月期の純利益見通しを、従来予想より引き上げた。",
                     story) == []
    used = "ドバン社は新しい相談機能を発表した。ここでの会話はモデルの学習に使われない。"
    assert conflicts("新しい相談機能での会話は、モデルの学習に利用される。", used) != []
    assert conflicts("新しい相談機能での会話は、モデルの学習に利用されない。", used) == []
