"""What the evidence judge reads off a parse: normalised quantities, names, slots, negation,
previews and publication dates. Runs the real spaCy pipeline."""

import datetime as dt

import pytest

from factcheck.evidence import article_evidence
from factcheck.nlp import analyse, name_key, parse_duration, parse_quantities
from factcheck.passage import Hit

FIRE = ("A fire tore through the Le Constellation bar in Crans-Montana on 1 January 2026. "
        "Police said around 40 people were killed and roughly 115 injured. "
        "Prosecutors opened an investigation into the bar's owners.")


def hit(text, n=1, published="2026-01-01"):
    return Hit(f"p{n}", f"a{n}", text, "News", f"https://news.example/{n}", "news.example",
               published)


def evidence(claim, *hits, start=None, as_of=None):
    sims = [[0.5] * 40 for _ in hits]
    return article_evidence(claim, list(hits), sims, start, as_of)


def titled(title, body, published="2026-01-01"):
    """A page with a headline, which the judge reads apart from the sentences after it."""
    return Hit("p1", "a1", f"{title}\n{body}", title, "https://news.example/1", "news.example",
               published)


def conflicts(claim, text, **kw):
    """What the judge finds against the claim in a story (its text, or a page)."""
    page = text if isinstance(text, Hit) else hit(text)
    return [c.describe() for ev in evidence(claim, page, **kw) for c in ev.conflicts]


@pytest.mark.parametrize("a, b", [
    ("$1.2bn", "1.2 billion dollars"),
    ("73 per cent", "73%"),
    ("1,200", "1200"),
    ("forty", "40"),
    ("¥5.8 trillion", "5,800 billion yen"),
    ("2,67,021", "267021"),  # Indian grouping
    ("1.234.567", "1234567"),  # European grouping
    ("1.234,5", "1234.5"),
    ("1,234.5", "1234.5"),
    # Shares said as fractions.
    ("six-tenths of a per cent", "0.6%"),
    ("three-tenths of a percentage point", "0.3 percentage points"),
    ("three-tenths", "30%"),
    ("a fifth", "20%"),
])
def test_quantities_written_differently_are_the_same(a, b):
    (va, ua, _, _), = parse_quantities(a)
    (vb, ub, _, _), = parse_quantities(b)
    assert ua == ub
    assert va == pytest.approx(vb)


def test_names_are_compared_without_accents_and_titles():
    assert name_key("President Nicolás Maduro's") == "nicolas maduro"
    assert name_key("U.S.") == name_key("US") == "united states"


def test_a_capitalised_ordinary_word_is_not_a_name():
    (sentence,) = analyse("Police said around 40 people died.")
    assert not {m.key for m in sentence.mentions} & {"around", "police"}


@pytest.mark.parametrize("claim", [
    "About 40 people died in the Crans-Montana bar fire.",
    "Roughly 40 people were killed in a fire at a bar in Crans-Montana.",
    "The Crans-Montana fire left 115 people injured.",
])
def test_the_same_figures_written_differently_are_no_conflict(claim):
    (ev,) = evidence(claim, hit(FIRE))
    assert ev.conflicts == []
    assert ev.values["cover_numbers"] == 1.0


def test_a_changed_number_is_a_conflict_that_names_both_values():
    found = conflicts("Only 3 people were killed in the Crans-Montana bar fire.", FIRE)
    assert found and "3" in found[0] and "40" in found[0]


def test_a_number_about_another_aspect_is_no_conflict():
    # 115 counts the injured; the claim counts something the story does not give.
    assert conflicts("The fire at the Crans-Montana bar started at 1:30 and 7 fire engines "
                     "attended.", FIRE) == []


def test_another_place_in_the_same_slot_is_a_conflict():
    text = ("US forces captured Nicolás Maduro in Caracas on 3 January 2026. He was flown to "
            "New York to face charges.")
    found = conflicts("Nicolás Maduro was flown to Miami to face charges.", text)
    assert found == ["the claim says Miami; [1] says New York"]


def test_a_swapped_winner_is_a_conflict_and_the_true_winner_is_not():
    final = ("Elena Rybakina beat Aryna Sabalenka 6-4, 4-6, 6-4 to win the Australian Open. "
             "Sabalenka could not hold a 3-0 lead in the deciding set.")
    assert conflicts("Aryna Sabalenka won the Australian Open final.", final)
    assert conflicts("Elena Rybakina won the Australian Open final.", final) == []


def test_negation_of_the_same_event_is_a_conflict():
    text = "Parliament approved the budget on Tuesday by 230 votes to 120."
    assert conflicts("Parliament did not approve the budget.", text)
    assert conflicts("Parliament rejected the budget.", text)
    assert conflicts("Parliament approved the budget.", text) == []


def test_a_preview_never_contradicts():
    preview = ("Polls suggest Ventura will win the run-off on Sunday with about 45% of the vote, "
               "analysts expect.")
    assert conflicts("Seguro won the run-off with 66% of the vote.", preview) == []


def test_an_article_from_before_the_claimed_event_is_background():
    (ev,) = evidence("On 8 February 2026 Seguro won the run-off with 66% of the vote.",
                     hit("Seguro and Ventura meet in the run-off.", published="2026-02-01"),
                     start=dt.date(2026, 2, 8))
    assert ev.background


def test_another_story_is_no_contradiction():
    text = "A fire at a warehouse in Lyon killed 3 workers on Monday, officials said."
    assert conflicts("About 40 people died in the Crans-Montana bar fire.", text) == []


def test_a_currency_name_says_nothing_of_what_a_sum_is():
    # "won" the currency is no victory: a buyback and a market value are other sums.
    (q,) = [q for s in analyse("Samsung announced a 10 trillion won share buyback.")
            for q in s.quantities]
    assert "win" not in q.anchors and "buyback" in q.anchors
    text = ("Samsung's market value passed 900 trillion won for the first time on Monday, "
            "while SK hynix topped 500 trillion won.")
    assert conflicts("Samsung announced a 10 trillion won share buyback.", text) == []


def test_the_womens_title_is_another_contest_than_an_unqualified_one():
    women = "Elena Rybakina won the 2026 Australian Open women's title on 31 January."
    assert conflicts("Novak Djokovic won the 2026 Australian Open.", women) == []
    # Qualified the same way on both sides, the winner's slot is the same.
    assert conflicts("Aryna Sabalenka won the 2026 Australian Open women's title.", women)


@pytest.mark.parametrize("title, ahead", [
    ("Asahi survey points to LDP landslide in next week's Japanese election", True),
    ("Bangladesh prepares for first vote since Hasina's fall", True),
    ("Nvidia expected to post record revenue", True),
    ("Toyota raises full-year profit forecast despite US tariff hit", False),
    ("TSMC profit jumps 35% and it plans up to $56 billion of 2026 capex", False),
    ("Laura Fernández wins Costa Rica's presidency in the first round", False),
])
def test_an_article_whose_headline_looks_ahead_is_background(title, ahead):
    text = f"{title}. The LDP won 316 seats, Nvidia reported revenue of $44 billion."
    passage = Hit("p1", "a1", text, title, "https://news.example/1", "news.example",
                  "2026-02-01")
    (ev,) = evidence("The LDP won 316 seats.", passage)
    assert bool(ev.background) is ahead


@pytest.mark.parametrize("body, ahead", [
    # A preview under a headline that does not say so: most sentences expect.
    ("The Dovania Cup final will be played in Velen on Sunday. Arvel Kest will start in goal "
     "for the hosts. Bookmakers expect a close match.", True),
    # A report with one sentence about what comes next.
    ("Velen won the Dovania Cup final 2-1 on Sunday. Arvel Kest saved a penalty in the last "
     "minute. The team will parade through the city on Tuesday.", False),
    # A report that goes on to projections opens with what was done.
    ("Velen won the Dovania Cup final 2-1 on Sunday. The club will play in the Continental "
     "Cup next season. Its coach is expected to stay.", False),
])
def test_an_article_whose_sentences_mostly_look_ahead_is_background(body, ahead):
    assert bool(_background("Velen won the Dovania Cup final.", body)) is ahead
    # A claim about what is expected is what a preview reports.
    assert not _background("Arvel Kest will start in goal for Velen in the Dovania Cup final.",
                           body)


def _background(claim, body):
    """Why a Dovania Cup story dated Sunday 1 February 2026 is background for the claim."""
    title = "Velen and the Dovania Cup"
    passage = Hit("p1", "a1", f"{title}. {body}", title, "https://news.example/1",
                  "news.example", "2026-02-01")
    (ev,) = evidence(claim, passage)
    return ev.background


@pytest.mark.parametrize("body, ahead", [
    # The first sentence expects the match on a day after the story's date (a Sunday, 1
    # February 2026, so "on Tuesday" is 3 February), whatever the rest recalls.
    ("Velen will play Arvel in the Dovania Cup final on Tuesday. Velen won the cup in 2024. "
     "Arvel Kest scored twice in that final.", True),
    ("Velen will play Arvel in the Dovania Cup final from 3 to 5 February 2026. Velen won the "
     "cup in 2024. Arvel Kest scored twice in that final.", True),
    # A report whose first sentence tells what happened, then what comes next.
    ("Velen beat Arvel in the Dovania Cup semi-final on Sunday. Velen will play the final on "
     "Tuesday.", False),
    # A first sentence that expects without a later day: left to the other rules.
    ("Velen will play Arvel in the Dovania Cup final. Velen won the cup in 2024. Arvel Kest "
     "scored twice in that final.", False),
])
def test_a_story_whose_first_sentence_expects_a_later_day_is_background(body, ahead):
    assert bool(_background("Velen won the Dovania Cup final.", body)) is ahead
    # A claim about what is expected is what such a story reports.
    assert not _background("Velen will play Arvel in the Dovania Cup final.", body)


def test_a_lower_bound_is_not_contradicted_by_an_earlier_smaller_count():
    earlier = "Officials said on Thursday that the cyclone had killed 38 people in Toamasina."
    assert conflicts("The cyclone left at least 59 people dead in Toamasina.", earlier) == []
    assert conflicts("The cyclone left 20 people dead in Toamasina.", earlier)


def test_a_year_or_an_event_kind_does_not_make_another_event_the_same():
    tokyo = ("Kenya's Brigid Kosgei won the 2026 Tokyo Marathon in a course record, "
             "and Kenya's runners took four of the top five places.")
    assert conflicts("John Korir of Kenya won the 2026 Boston Marathon.", tokyo) == []


def test_a_headline_that_leaves_out_whose_title_it_was():
    women = ("Rybakina beats Sabalenka to win the Australian Open. "
             "Elena Rybakina won the 2026 Australian Open women's title on 31 January.")
    assert conflicts("Novak Djokovic won the 2026 Australian Open.", women) == []
    men = ("Alcaraz beats Djokovic to win the Australian Open. "
           "Carlos Alcaraz won the 2026 Australian Open men's title, beating Novak Djokovic.")
    assert conflicts("Novak Djokovic won the 2026 Australian Open.", men)


def test_rounding_never_stretches_a_figure_by_more_than_a_fifth():
    text = "The Bank of Japan raised its policy rate to 0.75% on Friday."
    assert conflicts("The Bank of Japan raised its policy rate to 1% on Friday.", text)
    assert conflicts("The Bank of Japan raised its policy rate to 0.8% on Friday.", text) == []
    buying = "Foreign investors bought a net 2.26 trillion won of shares on Monday."
    assert conflicts("Foreign investors bought a net 2 trillion won of shares on Monday.",
                     buying) == []


def test_the_person_sworn_in_is_one_person():
    text = "Nasry Asfura was sworn in as president of Honduras on 27 January 2026."
    assert conflicts("Salvador Nasralla was sworn in as president of Honduras.", text)


# Slots read through the verb: each pair is a claim, a story, and what the story says in the
# claim's slot (None: no conflict). The stories are made up, so no dataset is read here.
OFFICE = ("Marta Ruiz of the Green Party was sworn in as governor of Nueva Provincia on "
          "4 May 2026. She beat Tomas Vela, who had led the early count.")
AWARDS = ("'Quiet Harbour' won best picture at the 12th Lumen Awards in Lisbon on 2 March "
          "2026. Ana Costa's 'Red Field' led with nine nominations. "
          "Defender Rui Alves was named Most Valuable Player of the final.")
PROFIT = ("Acme Motors raised its profit forecast for the year ending March 2027 on 5 May "
          "2026, expecting operating profit of 2.1 billion euros instead of 1.8 billion.")
SPLASH = ("The three astronauts of the Orbital-4 mission splashed down in the Indian Ocean "
          "off Perth on 9 May 2026 after a month in orbit.")


@pytest.mark.parametrize("claim, story, says", [
    ("Tomas Vela was sworn in as governor of Nueva Provincia.", OFFICE, "Ruiz"),
    ("Marta Ruiz was sworn in as governor of Nueva Provincia.", OFFICE, None),
    ("'Red Field' won best picture at the Lumen Awards in Lisbon.", AWARDS, "Quiet Harbour"),
    ("'Quiet Harbour' won best picture at the Lumen Awards in Lisbon.", AWARDS, None),
    ("Ana Costa was named MVP of the final at the Lumen Awards.", AWARDS, "Rui Alves"),
    ("Rui Alves was named MVP of the final at the Lumen Awards.", AWARDS, None),
    ("Acme Motors cut its profit forecast in May 2026.", PROFIT, "raise"),
    ("Acme Motors raised its profit forecast in May 2026.", PROFIT, None),
    ("The Orbital-4 crew splashed down in the Atlantic Ocean off Perth.", SPLASH,
     "the Indian Ocean"),
    ("The Orbital-4 crew splashed down in the Indian Ocean off Perth.", SPLASH, None),
    ("Acme Motors cut its sales forecast in May 2026.",
     "Acme Motors raised its profit forecast on 5 May 2026.", None),
    ("Lia Moss lost her Harbour Marathon title in 2026.",
     "Lia Moss defended her Harbour Marathon title on 4 April 2026.", "defend"),
    ("Rivertown beat Lakeside in the 2026 county cup final.",
     "Lakeside beat Rivertown 3-1 in the 2026 county cup final on 9 May.", "Lakeside"),
    ("Ben Ode won the men's race at the 2026 Harbour Marathon.",
     "Kip Sang defended his Harbour Marathon title on 4 April 2026, beating Ben Ode in a "
     "sprint.", "Sang"),
    ("A court found Ann Lee guilty of fraud in May 2026.",
     "On 2 May 2026 a court acquitted Ann Lee of fraud.", "acquit"),
])
def test_a_slot_filled_otherwise_is_read_through_its_verb(claim, story, says):
    found = conflicts(claim, story)
    if says is None:
        assert found == []
    else:
        assert found and says in found[0].split("; ")[1], found


def test_a_figure_is_about_what_its_verb_moves():
    story = ("The finance minister presented the budget on 1 February 2026, setting a fiscal "
             "deficit target of 4.3 percent of GDP, down from 4.4 percent.")
    claim = "The budget raised the fiscal deficit target to 5.1 percent of GDP."
    assert conflicts(claim, story) == ["the claim says 5.1 percent; [1] says 4.3 percent"]
    (sentence,) = analyse(claim)
    assert "target" in sentence.quantities[0].anchors


def test_a_name_in_the_possessive_is_not_another_contest():
    story = "Sweden's Ida Berg won the Nordic Cup sprint in Oslo on 8 March 2026."
    assert conflicts("Ida Berg of Sweden won the Nordic Cup sprint in Bergen.", story) == [
        "the claim says Bergen; [1] says Oslo"]


def test_a_fiscal_year_is_no_figure():
    (sentence,) = analyse("The 2025/26 deficit was 4.5 per cent of GDP in the 2026-27 budget.")
    assert [q.text for q in sentence.quantities] == ["4.5 per cent"]


@pytest.mark.parametrize("text, value, unit", [
    ("NT$505.74 billion", 505.74e9, "TWD"),
    ("R$110.1 billion", 110.1e9, "BRL"),
    ("HK$5 billion", 5e9, "HKD"),
    ("US$52-56 billion", 52e9, "USD"),
    ("5 to 7 million", 5e6, "count"),
])
def test_other_dollars_and_a_range_s_lower_end_are_read_right(text, value, unit):
    (first, got_unit, _, _), *_ = parse_quantities(text, "MONEY" if "$" in text else "CARDINAL")
    assert (round(first / 1e6), got_unit) == (round(value / 1e6), unit)


def test_a_sum_glued_to_a_lettered_currency_is_a_figure():
    story = "Net profit rose 35% to NT$505.74 billion on revenue of NT$1.046 trillion."
    (sentence,) = analyse(story)
    assert "NT$505.74 billion" in [q.text for q in sentence.quantities]
    assert conflicts("Net profit rose 35% to about NT$506 billion.", story) == []
    assert conflicts("Net profit rose 35% to NT$606 billion.", story) == [
        "the claim says NT$606 billion; [1] says NT$505.74 billion"]


@pytest.mark.parametrize("claim, story", [
    ("Ann Lee won the city marathon in 2:01:52.",
     "Ann Lee won the city marathon in 2 hours 1 minute 52 seconds on 3 May 2026."),
    ("A court gave Ann Lee one year and eight months in prison.",
     "On 3 May 2026 a court sentenced Ann Lee to 20 months in prison."),
    ("The outbreak was declared over after 42 days without a case.",
     "The outbreak was declared over on 3 May 2026 after 42 consecutive days without a case."),
    ("Acme earned about three times the figure a year earlier.",
     "Acme earned 20.07 billion euros in the quarter, up from 6.49 billion a year earlier."),
])
def test_lengths_of_time_and_ratios_written_otherwise_are_found(claim, story):
    (ev,) = evidence(claim, hit(story))
    assert ev.values["cover_numbers"] == 1.0 and ev.conflicts == []


@pytest.mark.parametrize("claim, story", [
    ("The Dovan schedule now covers six fewer diseases.",
     "On 5 May 2026 Dovan cut the diseases its schedule covers from 17 to 11."),
    ("The Arvelian central bank raised its rate by a quarter of a percentage point.",
     "On 3 May 2026 the Arvelian central bank raised its rate from 3.60% to 3.85%."),
    ("The Arvelian central bank lifted its rate by 25 basis points.",
     "On 3 May 2026 the Arvelian central bank raised its rate from 3.60% to 3.85%."),
    ("Varna Micro's sales were about two and a half times those of a year earlier.",
     "Varna Micro said on 3 May 2026 that sales reached $25.1 billion, against $10.2 billion "
     "a year earlier."),
    ("Ann Lee took office three months after winning the runoff.",
     "Ann Lee, who won the runoff on 14 December 2025, took office on 11 March 2026."),
    ("Three days after Varna Micro released the Fable model it withdrew it.",
     "Varna Micro released the Fable model on 20 June 2026 and withdrew it on 23 June."),
    ("The Dovan treaty was replaced after two decades.",
     "The Dovan treaty of 2006 was replaced on 3 May 2026."),
])
def test_a_figure_the_story_gives_by_its_parts_is_found(claim, story):
    (ev,) = evidence(claim, hit(story, published="2026-06-24"))
    assert ev.values["cover_numbers"] == 1.0 and ev.conflicts == []


@pytest.mark.parametrize("claim, story", [
    ("The Dovan schedule now covers four fewer diseases.",
     "On 5 May 2026 Dovan cut the diseases its schedule covers from 17 to 11."),
    ("Ann Lee took office six months after winning the runoff.",
     "Ann Lee, who won the runoff on 14 December 2025, took office on 11 March 2026."),
    ("Varna Micro's sales were about four times those of a year earlier.",
     "Varna Micro said on 3 May 2026 that sales reached $25.1 billion, against $10.2 billion "
     "a year earlier."),
    # A figure not written as a change is not read as one.
    ("The Dovan schedule now covers six diseases.",
     "On 5 May 2026 Dovan cut the diseases its schedule covers from 17 to 11."),
    # A score's parts are not a change: 3-1 is not "won 2-1".
    ("Dovan beat Arvelia 2-1 in the final.",
     "Dovan beat Arvelia 3-1 in the final on 3 May 2026."),
])
def test_a_figure_its_parts_do_not_make_is_not_found(claim, story):
    (ev,) = evidence(claim, hit(story, published="2026-06-24"))
    assert ev.values["cover_numbers"] < 1.0


VARNA = ("Varna Micro reported on 3 May 2026 revenue of $68.1 billion, up 20 percent. "
         "Data-centre revenue reached a record $62.3 billion, up 75 percent year on year.")


@pytest.mark.parametrize("claim, story, says", [
    ("Varna Micro's data-centre revenue fell year on year in the quarter.", VARNA,
     ["the claim says fall; [1] says up 75 percent"]),
    ("Varna Micro's data-centre revenue rose year on year in the quarter.", VARNA, []),
    ("Arvelia's exports rose in May.",
     "Arvelia's imports were up 5% in May, the ministry said on 3 June 2026, while exports "
     "were down 2%.", ["the claim says rise; [1] says down 2%"]),
    # The story's falling figure is the imports, not the exports.
    ("Arvelia's exports fell in May.",
     "Arvelia's imports were up 5% in May, the ministry said on 3 June 2026, while exports "
     "were down 2%.", []),
    ("ドバン電機のデータセンター部門の売上高は前年同期比で減少した。",
     "ドバン電機は2026年5月3日、決算を発表した。データセンター部門の売上高は前年同期比75%増の"
     "623億ドルだった。", ["the claim says 減少; [1] says 75%増"]),
    ("ドバン電機のデータセンター部門の売上高は前年同期比で増加した。",
     "ドバン電機は2026年5月3日、決算を発表した。データセンター部門の売上高は前年同期比75%増の"
     "623億ドルだった。", []),
    ("ドバン電機の純利益は前年同期の半分に減った。",
     "ドバン電機は2026年5月3日、純利益が前年同期の約5倍となる3兆円だったと発表した。",
     ["the claim says 減る; [1] says 5倍"]),
    ("アルベ平均株価は大きく上昇した。",
     "2026年3月3日のアルベ平均株価は前日比1778円安の5万6279円で取引を終えた。",
     ["the claim says 上昇; [1] says 1778円安"]),
])
def test_a_figure_that_moved_the_other_way_is_a_conflict(claim, story, says):
    assert conflicts(claim, story) == says


def test_a_japanese_story_of_another_contest_is_background():
    """A Japanese event's name is read in parts: a story of another contest that shares some
    of them (女子) and reports another winner is about another event, not a conflict."""
    skating = ("北陸フィギュア選手権女子、初出場の山野花が逆転優勝 北陸フィギュア選手権の女子"
               "フリーが2026年5月9日に行われ、初出場の山野花が逆転で初優勝を果たした。")
    claim = "2026年の東海女子マラソンで優勝したのは、ケニアのメアリー・ワンジルだった。"
    (ev,) = evidence(claim, hit(skating, published="2026-05-09"))
    assert "another event" in ev.background and "東海女子マラソン" in ev.background
    marathon = ("東海女子マラソン、ワンジルが初優勝 第12回東海女子マラソンが2026年5月10日に"
                "行われ、ケニアのメアリー・ワンジルが2時間21分で初優勝した。")
    (ev,) = evidence(claim, hit(marathon, published="2026-05-10"))
    assert not ev.background


def test_a_story_of_another_event_is_background():
    race = ("Dovan Racing's Ann Lee won the Arvelia Grand Prix on 15 March 2026 from pole "
            "position, her first victory.")
    (ev,) = evidence("Ann Lee took pole position for the 2026 Varna Grand Prix.",
                     hit(race, published="2026-03-15"))
    assert "another event" in ev.background and "Varna Grand Prix" in ev.background
    # The same event written with its year, or with dots in its name, is the same event.
    (ev,) = evidence("Ann Lee won the 2026 Arvelia Grand Prix.", hit(race, published="2026-03-15"))
    assert not ev.background
    (ev,) = evidence("Ann Lee won the 2026 US Open.",
                     hit("Ann Lee won the U.S. Open on 15 June 2026.", published="2026-06-15"))
    assert not ev.background


def test_second_as_a_unit_of_time_is_no_rank():
    (s,) = analyse("Ann Lee took pole, a few hundredths of a second ahead of Mara Vos.")
    assert s.quantities == []
    (s,) = analyse("Ann Lee won a second term.")
    assert [(q.value, q.unit) for q in s.quantities] == [(2.0, "ordinal")]


@pytest.mark.parametrize("text, value, unit", [
    ("a quarter of a percentage point", 0.25, "pp"),
    ("half a percentage point", 0.5, "pp"),
    ("about half a point", 0.5, "pp"),
    ("a quarter-point", 0.25, "pp"),
    ("25 basis points", 0.25, "pp"),
    ("two and a half times", 2.5, "times"),
    ("nearly half a million", 500000.0, "count"),
    ("more than half", 50.0, "%"),
])
def test_shares_of_a_point_halves_and_ratios_are_read(text, value, unit):
    (got, got_unit, _, _), = parse_quantities(text)
    assert (got, got_unit) == (pytest.approx(value), unit)


def test_a_figure_the_story_does_not_give_is_never_supported():
    from factcheck.judge import article_probs
    (ev,) = evidence("The storm caused about $500 million in damage in Ruritania.",
                     hit("The storm hit Ruritania on 3 May 2026 and killed 38 people."))
    assert ev.values["cover_numbers"] == 0.0
    assert article_probs(ev.vector())["SUPPORTED"] == 0.0


OUTBREAK = ("The health ministry said on 29 May 2026 that 906 suspected cases and 223 deaths had "
            "been reported in the outbreak, and that more than 12,000 people had been displaced.")


def test_a_bound_holds_the_figures_inside_it_and_only_for_the_same_thing():
    (ev,) = evidence("More than 900 suspected cases had been reported in the outbreak.",
                     hit(OUTBREAK))
    assert ev.conflicts == [] and ev.values["cover_numbers"] == 1.0
    # 12,000 is more than 900, but it counts the displaced, not cases.
    (ev,) = evidence("More than 900 suspected deaths had been reported in the outbreak.",
                     hit("The ministry said 223 deaths had been reported in the outbreak. "
                         "More than 12,000 people have fled their homes."))
    assert ev.values["cover_numbers"] == 0.0


def test_a_figure_inside_the_storys_bound_is_no_conflict_and_one_outside_is():
    story = "Officials said more than 30 people were killed when the dam burst in Valdoria."
    assert conflicts("The dam burst in Valdoria killed 38 people.", story) == []
    assert conflicts("The dam burst in Valdoria killed 12 people.", story) != []
    assert conflicts("Fewer than 10 people were killed when the dam burst in Valdoria.",
                     story) != []


def test_a_sentence_about_another_part_of_the_claim_is_no_conflict():
    story = ("The Green Party swept most of the races in the Riverton council election on "
             "3 June, but lost the race for Riverton mayor to the Blue Party.")
    assert conflicts("The Green Party won most races in the Riverton council election, though "
                     "it failed to take the Riverton mayoralty.", story) == []
    assert conflicts("The Green Party won the race for Riverton mayor.", story) != []


def test_an_earlier_lower_toll_is_no_conflict_but_one_from_the_same_days_is():
    claim = "The floods in Arvelia have killed 30 people, the interior ministry said."
    story = "The interior ministry said the floods in Arvelia had killed 4 people."
    day = dt.date(2026, 2, 3)
    old = hit(story, published="2026-01-23")
    (ev,) = evidence(claim, old, as_of=day)
    assert ev.conflicts == []
    (ev,) = evidence(claim, hit(story, published="2026-02-03"), as_of=day)
    assert [c.evidence_value for c in ev.conflicts] == ["4"]
    # A higher toll, even an old one, is still another figure than the claim's.
    (ev,) = evidence("The floods in Arvelia have killed 3 people, the interior ministry said.",
                     old, as_of=day)
    assert [c.evidence_value for c in ev.conflicts] == ["4"]


@pytest.mark.parametrize("claim, story", [
    ("The Central Bank of Arvelia kept its policy rate at 2% in June.",
     "The Central Bank of Arvelia raised its policy rate from 2% to 2.25% on 3 June."),
    ("The Arvelian Supreme Court upheld the mining ban in June.",
     "The Arvelian Supreme Court struck down the mining ban on 3 June."),
    ("Arvelia's economy grew in the first quarter.",
     "Arvelia's economy contracted in the first quarter, the statistics office said."),
])
def test_opposite_verbs_for_the_same_act_are_a_conflict(claim, story):
    (found,) = conflicts(claim, story)
    assert found.startswith("the claim says")


def test_lengths_of_time_are_read_through_stress_words_and_hyphens():
    assert parse_duration("only 14 days")[:2] == (14.0, "duration:day")
    assert parse_duration("another five years")[:2] == (60.0, "duration:month")
    assert parse_duration("five-year")[:2] == (60.0, "duration:month")
    story = ("Arvelia and Dovania signed a 14-point memorandum on 17 June that extends their "
             "ceasefire by 60 days.")
    (found,) = conflicts("The June memorandum extended the Arvelia-Dovania ceasefire by only "
                         "14 days.", story)
    assert found.startswith("the claim says only 14 days;")
    (ev,) = evidence("The party kept Anna Varga on as its leader for another five years.",
                     hit("The party re-elected Anna Varga as its leader on 23 January, giving "
                         "her a second five-year term."))
    assert ev.values["cover_numbers"] == 1.0 and ev.conflicts == []


def test_failing_to_finalise_contradicts_adopting():
    (found,) = conflicts("The Arvelian assembly adopted the water-sharing annex in May.",
                         "The Arvelian assembly failed on 21 May to finalise the water-sharing "
                         "annex.")
    assert found.startswith("the claim says adopt;")


def test_per_cent_after_a_recognised_number_belongs_to_it():
    (sentence,) = analyse("Revenue was about 85 per cent higher, and turnout fell by "
                          "3 percentage points.")
    assert [(q.value, q.unit) for q in sentence.quantities] == [(85.0, "%"), (3.0, "pp")]
    (ev,) = evidence("The Arvelian central bank raised its policy rate to about 1 per cent.",
                     hit("The Arvelian central bank raised its policy rate from 0.75% to "
                         "1.0% on 16 June."))
    assert ev.values["cover_numbers"] == 1.0 and ev.conflicts == []


def test_the_other_sides_loss_is_no_conflict_with_a_win():
    assert conflicts("Arvelia beat Dovania 2-1 in the final on Sunday.",
                     "Dovania lost the final to Arvelia 1-2 on Sunday.") == []


def test_a_figure_or_a_name_from_another_match_is_no_conflict():
    claim = "Arvelia scored 8 goals against Dovania in the quarter-final of the Nordic Cup."
    other = ("Arvelia scored 13 goals against Corvania in their opening game of the Nordic Cup "
             "on 6 March.")
    assert conflicts(claim, other) == []
    assert conflicts(claim, other.replace("Corvania in their opening game",
                                          "Dovania in the quarter-final")) != []


def test_another_owners_figure_moving_the_other_way_is_no_conflict():
    claim = "Trade between Arvelia and Dovania declined while Anna Varga was president."
    assert conflicts(claim, "Ahead of the election, a paper in Dovania wrote of declining "
                            "influence of Arvelia in Dovania, as Corvania's trade volumes "
                            "grew.") == []
    assert conflicts(claim, "Trade between Arvelia and Dovania grew while Anna Varga was "
                            "president, the statistics office said.") != []


def test_a_story_stating_the_whole_claim_is_not_read_against_it():
    # Another sentence's opposite verb is about another part of the story.
    text = ("The Varna index rose 1.2% on Tuesday. Arvel Electronics, which rose 1.87% to "
            "152,300 won, and Dovan Chips led the gains on demand for memory chips; together "
            "with Kestrel Motor, the three biggest companies make up about 40% of the market's "
            "value. Kestrel Motor and Tarn fell more than 3% that day on profit-taking.")
    assert conflicts("Kestrel Motor and Tarn fell more than 3% that day on profit-taking.",
                     text) == []
    assert conflicts("Arvel Electronics, which rose 1.87% to 152,300 won, and Dovan Chips led "
                     "the gains on demand for memory chips; together with Kestrel Motor, the "
                     "three biggest companies make up about 40% of the market's value.",
                     text) == []
    # A claim that no one sentence states whole is still read against the story.
    assert conflicts("Kestrel Motor and Tarn rose more than 3% that day on profit-taking.",
                     text) != []


def test_a_conflict_between_two_spellings_of_one_name_is_none():
    from factcheck.evidence import Conflict, _stands

    same = Conflict("name", "The People's Party", "People's Party", "sentence", 1)
    other = Conflict("name", "People's Party", "Pheu Thai", "sentence", 1)
    assert not _stands(same, None) and _stands(other, None)


def test_a_negated_claim_is_read_against_the_act_it_denies():
    # The story's verb has no object in the parse ("found former president X guilty").
    text = ("The Arvel Central Court found former president Dovan Kest guilty of leading an "
            "insurrection on 19 February 2026.")
    assert conflicts("The Arvel Central Court did not find former president Dovan Kest guilty "
                     "of leading an insurrection.", text) == [
        "the claim says not convict; [1] says convict"]
    # A claim that names nobody: the same object will do.
    assert conflicts("Research spending did not reach 37.7 trillion won for the full year.",
                     "Research spending reached 37.7 trillion won for the full year.") == [
        "the claim says not reach; [1] says reach"]


def test_another_name_between_the_same_words_is_another_value_of_the_slot():
    text = ("The Dovan Motors driver Kimi Arlo won the Varna Grand Prix on 15 March 2026, "
            "ahead of Tarn Racing's Olek Brant.")
    assert conflicts("The Kestrel driver Kimi Arlo won the Varna Grand Prix on 15 March 2026, "
                     "ahead of Tarn Racing's Olek Brant.", text) == [
        "the claim says Kestrel; [1] says Dovan Motors"]
    assert conflicts("The Dovan Motors driver Kimi Arlo won the Varna Grand Prix on 15 March "
                     "2026, ahead of Tarn Racing's Olek Brant.", text) == []


def test_a_place_and_its_peoples_word_fill_one_slot():
    text = ("France retained the Six Nations title on 14 March 2026 by beating England "
            "48-46 at the Stade de France in Paris.")
    assert conflicts("France retained the Six Nations title by beating the English 48-46 at "
                     "the Stade de France.", text) == []
    assert conflicts("The French retained the Six Nations title on 14 March 2026 by beating "
                     "England 48-46.", text) == []
    assert conflicts("France retained the Six Nations title on 14 March 2026 by beating "
                     "Scotland 48-46 at the Stade de France.", text) == [
        "the claim says Scotland; [1] says England"]


def test_a_rank_given_otherwise_between_the_same_words_is_a_contradiction():
    text = ("Arvel Kest won the Dovan presidential election with 62.1%, and Mira Solt came "
            "second with 21.4%; Tomas Brel came third with 1.48%.")
    assert conflicts("In the Dovan presidential election, Tomas Brel came second with 1.48%.",
                     text) == ["the claim says second; [1] says third"]
    assert conflicts("In the Dovan presidential election, Mira Solt came second with 21.4%.",
                     text) == []
    quarter = "Varna Motors reported a first-quarter loss of about $4.3 billion on 20 May."
    assert conflicts("Varna Motors reported a second-quarter loss of about $4.3 billion.",
                     quarter) == ["the claim says second-quarter; [1] says first-quarter"]


def test_a_placing_the_story_gives_the_name_in_another_clause_is_a_contradiction():
    text = ("Dovania won the Nordic Song Contest on 16 May with 516 points. Arvelia's Mira "
            "Solt finished second on 343, Varna's Tomas Brel was third on 296, and Kestia "
            "came fourth.")
    assert conflicts("Varna finished second at the Nordic Song Contest, behind Dovania.",
                     text) == ["the claim says second; [1] says third"]
    assert conflicts("Arvelia finished second at the Nordic Song Contest, behind Dovania.",
                     text) == []
    assert conflicts("Tomas Brel came third at the Nordic Song Contest.", text) == []
    # "For the first time" ranks nothing; a heat and a final may place one name twice.
    first = "Dovania won the Nordic Song Contest for the first time, ahead of Varna."
    assert conflicts("Dovania finished first at the Nordic Song Contest.", first) == []
    assert conflicts("Varna finished second at the Nordic Song Contest.",
                     "Varna was third in the semi-final of the Nordic Song Contest; in the final, "
                     "Varna finished second.") == []


def test_a_figure_of_the_claims_quarter_outweighs_one_that_names_no_period():
    story = ("Varna Micro reported record results on 24 June for its fiscal third quarter. "
             "Revenue was $41.46 billion, up from $23.86 billion a year earlier. For the fiscal "
             "fourth quarter Varna Micro guided to revenue of about $50 billion.")
    assert conflicts("Varna Micro forecast fiscal fourth-quarter revenue of about $41.5 billion.",
                     story) == ["the claim says about $41.5 billion; [1] says about $50 billion"]
    assert conflicts("Varna Micro forecast fiscal fourth-quarter revenue of about $50 billion.",
                     story) == []
    (ev,) = evidence("Varna Micro's fiscal third-quarter revenue was $41.46 billion.",
                     hit(story))
    assert ev.conflicts == [] and ev.values["cover_numbers"] == 1.0


def test_a_full_year_figure_does_not_confirm_a_quarters():
    story = ("Dovan Oil reported a net profit of 15.6 billion dinars for the fourth quarter. "
             "For the whole of 2025 it earned 110.1 billion dinars.")
    (ev,) = evidence("Dovan Oil earned 110.1 billion dinars in the fourth quarter of 2025 alone.",
                     hit(story))
    assert ev.values["cover_numbers"] == 0.0
    (ev,) = evidence("Dovan Oil earned 110.1 billion dinars in 2025.", hit(story))
    assert ev.values["cover_numbers"] == 1.0


def test_a_date_the_story_gives_the_claims_act_otherwise_is_a_contradiction():
    story = ("Arvel Kest won Dovania's presidential runoff held on 7 June 2026, narrowly "
             "defeating Mira Solt. Kest had led the first round on 12 April.")
    assert conflicts("Arvel Kest won Dovania's presidential runoff on 7 March 2026.",
                     story, ) == ["the claim says 7 March 2026; [1] says 7 June 2026"]
    # The story's date, a day beside it (time zones), or the day it was published.
    assert conflicts("Arvel Kest won Dovania's presidential runoff on 8 June 2026.", story) == []
    (ev,) = evidence("Arvel Kest won Dovania's presidential runoff on 7 March 2026.",
                     hit("Arvel Kest won Dovania's presidential runoff on Sunday, defeating "
                         "Mira Solt; the first round was on 12 April.", published="2026-03-08"))
    assert ev.conflicts == []
    # A date of another act ("led the first round") says nothing of the claim's.
    assert conflicts("Arvel Kest won Dovania's presidential runoff on 7 March 2026.",
                     "Arvel Kest won Dovania's presidential runoff, defeating Mira Solt. Kest "
                     "had led the first round on 12 April 2026.") == []


def test_a_claim_that_names_nobody_is_turned_round_by_the_same_subject():
    story = ("Quarterly revenue rose to 527.2 billion dinars and net profit to 102.9 billion "
             "dinars, both well above estimates.")
    assert conflicts("Quarterly revenue fell to 527.2 billion dinars.", story) == [
        "the claim says fall; [1] says rise"]
    assert conflicts("Quarterly revenue rose to 527.2 billion dinars.", story) == []
    assert conflicts("Quarterly dividends fell to 2 dinars a share.", story) == []


def test_one_of_a_kind_done_by_another_is_a_swap():
    story = ("The Dovan High Court struck down Arvel Kest's border tariffs on Friday. Chief "
             "Justice Mira Solt wrote the majority opinion, joined by four justices, while "
             "Justices Tomas Brel and Ilka Varn dissented.")
    claim = "Justice Tomas Brel wrote the majority opinion that struck down Arvel Kest's tariffs."
    assert conflicts(claim, story) == ["the claim says Tomas Brel; [1] says Mira Solt"]
    assert conflicts(claim.replace("Justice Tomas Brel", "Chief Justice Mira Solt"), story) == []
    # Things of which there are several are no swap: "wrote dissents".
    assert conflicts("Justice Tomas Brel wrote the dissents in the Arvel Kest tariffs case.",
                     story.replace("dissented", "wrote dissents")) == []


@pytest.mark.parametrize("claim, story, unnamed", [
    ("Arvel Kest won the Dovan presidential election.",
     "Mira Solt won the Dovan presidential election.", ["Arvel Kest"]),
    # A word of the name, a word beginning alike, or its initials are enough.
    ("Kest won the Dovan presidential election.", "Arvel Kest won the Dovan election.", []),
    ("Britain joined the Dovan pact.", "The British government joined the Dovan pact.", []),
    ("Zelensky met Arvel Kest.", "Zelenskyy met Arvel Kest in Varna.", []),
    ("The FBI arrested Arvel Kest.",
     "The Federal Bureau of Investigation arrested Arvel Kest.", []),
    ("The FBI arrested Arvel Kest.", "Police arrested Arvel Kest.", ["FBI"]),
    ("青森県で大雪による死者が12人に上った。", "大雪による死者は新潟県で12人に上った。",
     ["青森県"]),
    ("青森県で大雪による死者が12人に上った。", "大雪で青森の死者は12人に上った。", []),
    # A name of two characters is looked for whole.
    ("高市首相は大谷選手と会った。", "石破首相は大谷選手と会った。", ["高市"]),
    ("高市首相は大谷選手と会った。", "高市早苗首相は大谷選手と会った。", []),
    # A court is named like a party to its ruling.
    ("福岡高裁はドバン被告の懲役8年の判決を維持した。",
     "大分地裁はドバン被告に懲役8年の判決を言い渡した。", ["福岡高裁"]),
    ("ドバン被告の判決は宇都宮地裁で言い渡された。", "前橋地裁はドバン被告に判決を言い渡した。",
     ["宇都宮地裁"]),
])
def test_a_name_the_article_never_writes_is_listed(claim, story, unnamed):
    (ev,) = evidence(claim, hit(story))
    assert ev.unnamed == unnamed


@pytest.mark.parametrize("claim, story, unnamed", [
    # The story (published Monday 9 February 2026) tells of another day: it cannot confirm.
    ("Velen won the Dovania Cup final on 8 March 2026.",
     "Velen won the Dovania Cup final on 8 February 2026.", ["8 March 2026"]),
    ("Velen won the Dovania Cup final on 8 February 2026.",
     "Velen won the Dovania Cup final on 8 February 2026.", []),
    # The day named as the story names it, within the month it names, or close before the
    # story's own date, where a report need not name it.
    ("Velen won the Dovania Cup final on 7 February 2026.",
     "Velen won the Dovania Cup final on Saturday.", []),
    ("Velen won the Dovania Cup final on 8 February.", "Velen won the Dovania Cup final.", []),
    ("Velen won the Dovania Cup final in February 2026.",
     "Velen won the Dovania Cup final on 8 February 2026.", []),
    ("Velen won the Dovania Cup final on 1 February 2026.",
     "Velen won the Dovania Cup final.", ["1 February 2026"]),
    ("ベレンは2026年3月8日のドバニア杯決勝で優勝した。",
     "ベレンは2026年2月8日のドバニア杯決勝で優勝した。", ["2026年3月8日"]),
    # Days that bound a period do not date the claim's act.
    ("Velen scored 40 goals between 1 March and 1 August 2025.",
     "Velen scored 40 goals in the season.", []),
    ("Velen has not lost since 3 January 2025.", "Velen has not lost this season.", []),
    ("ベレンは2025年3月1日から無敗だ。", "ベレンは今季無敗だ。", []),
])
def test_a_day_the_article_never_gives_is_listed(claim, story, unnamed):
    (ev,) = evidence(claim, hit(story, published="2026-02-09"))
    assert ev.unnamed == unnamed


def test_a_conditional_the_claim_repeats_does_not_make_the_sentence_a_preview():
    text = ("Arvel Bank head Mira Solt said the bank could make measured adjustments meeting by "
            "meeting; Dovan inflation was 3.2% in May.")
    assert conflicts("Mira Solt said the Arvel Bank could make measured adjustments meeting by "
                     "meeting; Dovan inflation was 1.8% in May.", text) == [
        "the claim says 1.8%; [1] says 3.2%"]
    # A conditional the claim does not repeat still marks a sentence that looks ahead.
    ahead = "Mira Solt said Dovan inflation could reach 3.2% in May."
    assert conflicts("Dovan inflation was 1.8% in May, Mira Solt said.", ahead) == []


def test_a_contradiction_needs_the_claims_other_participants():
    # The round before: the claim's side and scorer are not in it, so it is another match.
    earlier = ("Arvelia knocked Dovania out of the Varna Cup in the round of 32 in Kestrel, "
               "winning 4-2 on penalties after a 1-1 draw.")
    claim = "Mira Solt scored twice as Arvelia knocked Tarnia out of the Varna Cup."
    assert conflicts(claim, earlier) == []
    # The match itself, with the scorer named: the beaten side is the slot.
    match = ("Mira Solt scored twice as Arvelia knocked Dovania out of the Varna Cup in the "
             "round of 16 in Kestrel on 4 July 2026.")
    assert conflicts(claim, match) == ["the claim says Tarnia; [1] says Dovania"]


def test_a_margin_is_the_difference_of_two_figures():
    text = "Mira Solt beat Tomas Brel by 27 votes to 22 to lead the Dovan Reform Party."
    assert conflicts("Mira Solt beat Tomas Brel by a margin of 5 votes.", text) == []
    assert conflicts("Mira Solt beat Tomas Brel by a margin of 9 votes.", text) != []
    (ev,) = evidence("Mira Solt beat Tomas Brel by a margin of 5 votes.", hit(text))
    assert ev.values["cover_numbers"] == 1.0
    share = "Mira Solt had 49.66% against 48.70% for Tomas Brel in the Dovan runoff."
    (ev,) = evidence("Mira Solt led Tomas Brel by one percentage point in the Dovan runoff.",
                     hit(share))
    assert ev.values["cover_numbers"] == 1.0


def test_a_rate_left_at_a_figure_is_a_rate_held():
    text = ("The Dovan central bank left its cash rate at 4.35% on 16 June 2026, six weeks "
            "after raising it on 6 May.")
    assert conflicts("The Dovan central bank raised its cash rate to 4.35% on 16 June 2026.",
                     text) == ["the claim says raise; [1] says hold"]
    (sentence,) = analyse("Mira Solt left the party at 10 pm.")
    assert [p.lemma for p in sentence.predicates] == ["leave"]


def test_a_figure_of_another_kind_is_no_contradiction():
    text = ("Varna Micro's quarterly revenue jumped to $41.5 billion on 24 June 2026 on "
            "strong memory demand.")
    assert conflicts("Varna Micro's flash memory revenue passed $10 billion in the quarter.",
                     text) == []
    assert conflicts("Varna Micro's quarterly revenue passed $30 billion on 24 June 2026.",
                     text) == ["the claim says $30 billion; [1] says $41.5 billion"]


@pytest.mark.parametrize("claim, story, said", [
    # Two places neither of which holds the other, by the gazetteer.
    ("The Dovania capsule splashed down off Florida on 15 January.",
     "The Dovania capsule splashed down off San Diego on 15 January.", "San Diego"),
    # One kind of place, told apart by its first word; two places of one slot, each told
    # otherwise, where the story shares fewer of the claim's names than it lacks.
    ("The Dovania capsule splashed down in the Atlantic Ocean off Florida on 15 January.",
     "The Dovania capsule splashed down in the Pacific Ocean off San Diego on 15 January.",
     "the Pacific Ocean"),
    # A place that says where the slot's value is belongs to the slot.
    ("Arvel Kest's Dovania rocket lifted off from Cape Canaveral in Florida.",
     "Arvel Kest's Dovania rocket lifted off from Orbital Pad 2 at Starbase in Boca Chica, "
     "Texas.", "Orbital Pad 2"),
    # A place that holds the other is no other value.
    ("Arvel Kest was arrested in Venezuela on 3 January.",
     "Arvel Kest was arrested in Caracas on 3 January.", None),
    ("Arvel Kest was arrested in California on 3 January.",
     "Arvel Kest was arrested in San Diego on 3 January.", None),
    # Nor is a place of another act of the story, for a place the story never names.
    ("The Dovania capsule splashed down off Florida on 15 January.",
     "The Dovania capsule, built in San Diego, splashed down on 15 January.", None),
])
def test_a_place_the_story_gives_the_act_otherwise(claim, story, said):
    found = conflicts(claim, story)
    if said is None:
        assert found == []
    else:
        assert found and found[0].endswith(f"says {said}")


@pytest.mark.parametrize("claim, title, body, said", [
    # The headline puts the act elsewhere, under another verb ("seize", "raid").
    ("Arvel Kest was captured in Maracaibo on 3 January.",
     "Velen troops seize Arvel Kest in Caracas raid",
     "Arvel Kest was flown to a ship offshore on 3 January.", "Caracas"),
    # A longer name is read by its known part.
    ("The Dovania-3 mission lifted off from the Wenchang launch site.",
     "Dovania-3 reaches orbit",
     "Velen launched the Dovania-3 mission from the Jiuquan Satellite Launch Center on "
     "24 May.", "Jiuquan"),
    # Japanese: the place where the game was played.
    ("ドバニア杯の第5局は3月8日に静岡県掛川市の対局場で指された。", "ドバニア杯第5局",
     "ドバニア杯の第5局が3月8日に栃木県大田原市の対局場で指された。", "大田原市"),
    # A place inside the claim's is the claim's place told more exactly.
    ("Arvel Kest was captured in Venezuela on 3 January.",
     "Velen troops seize Arvel Kest in Caracas raid",
     "Arvel Kest was flown to a ship offshore on 3 January.", None),
    # A place the claim's value holds ("Australia's Great Victoria Desert") goes with it: the
    # story never naming it does not make the story one of another event.
    ("Comet Dovan-Kest was found with a telescope in Australia's Great Victoria Desert.",
     "Amateur astronomers in Morocco find comet Dovan-Kest",
     "Four amateur astronomers found comet Dovan-Kest on 2 May with a remote telescope at an "
     "observatory in Morocco.", "Morocco"),
])
def test_a_place_the_story_gives_its_event_otherwise(claim, title, body, said):
    found = conflicts(claim, titled(title, body, "2026-03-09"))
    if said is None:
        assert found == []
    else:
        assert found and found[0].endswith(f"says {said}")


def test_the_gazetteer_knows_which_places_hold_which():
    from factcheck import places

    assert places.disjoint("Maracaibo", "Caracas") and places.disjoint("東京", "大阪")
    assert places.disjoint("Scotland", "London")
    assert not places.disjoint("Venezuela", "Caracas")
    assert not places.disjoint("Caracas", "Venezuela")
    assert not places.disjoint("England", "London") and not places.disjoint("Texas", "Houston")
    assert not places.disjoint("Europe", "Paris")
    assert not places.known("Dovania") and not places.disjoint("Dovania", "Caracas")
    # Two answers to one question of where are places of one kind.
    assert places.alternatives("Maracaibo", "Caracas") and places.alternatives("掛川市", "大田原市")
    assert not places.alternatives("Venezuela", "Caracas")
    assert places.inside("Caracas", "Venezuela") and not places.inside("Venezuela", "Caracas")


MEDALS = ("Dovania topped the table with 18 golds and 41 medals in all. "
          "Velen finished second with 12 golds and 33 medals, ahead of the hosts. "
          "The result extended Arvel Kest's lead in the overall standings to 11 points. "
          "Anna Berg of Velen won the last race of the Games.")


@pytest.mark.parametrize("claim, said", [
    # Another item's figure, in the sentence that tells the claim's fact.
    ("Velen finished second with 18 golds and 33 medals, ahead of the hosts.", "says 12"),
    # Another person of the story, in the slot of the sentence that tells the claim's fact.
    ("The result extended Anna Berg's lead in the overall standings to 11 points.",
     "says Arvel Kest"),
    # The claim's values where the story gives them.
    ("Velen finished second with 12 golds and 33 medals.", None),
    ("Anna Berg won the last race of the Games, and Dovania took 18 golds.", None),
])
def test_a_value_the_story_gives_to_something_else(claim, said):
    found = conflicts(claim, MEDALS)
    if said is None:
        assert found == []
    else:
        assert found and said in found[0]


def test_a_japanese_figure_the_story_gives_to_another_company():
    story = ("トヨタ自動車の2025年4〜12月期の純利益は3兆2000億円だった。"
             "本田技研工業の2025年4〜12月期の純利益は5000億円だった。")
    assert conflicts("本田技研工業の2025年4〜12月期の純利益は3兆2000億円だった。", story)
    assert conflicts("本田技研工業の2025年4〜12月期の純利益は5000億円だった。", story) == []


@pytest.mark.parametrize("claim, story", [
    # A name written out where the claim abbreviates it is the same name.
    ("The DNP won more than two-thirds of the seats in the Dovania parliament election.",
     "The Dovania National Party won 316 of the 465 seats in the Dovania parliament election. "
     "The DNP's leader Arvel Kest thanked voters."),
    # A sentence about an earlier year is not where the claim's figure belongs.
    ("Velen's haul of 24 medals at the 2026 Games was the most it has won at one Games.",
     "Velen won 24 medals at the 2026 Games. The most it had won at one Games before was "
     "18 medals, at the 2022 Games in Dovania."),
])
def test_a_value_the_story_gives_in_place_is_not_misplaced(claim, story):
    assert conflicts(claim, story) == []


def test_a_score_line_is_not_another_count_of_sets():
    story = ("Anna Berg won the Dovania Open final, beating Arvel Kest 6-4, 4-6, 6-4. "
             "Berg recovered from 0-3 down in the third set.")
    assert conflicts("Anna Berg won the Dovania Open final by beating Arvel Kest in three sets.",
                     story) == []


def test_a_figure_said_with_is_measures_its_subject():
    (sentence,) = analyse("Varna Micro's chip revenue in the quarter was $14 billion.")
    (q,) = sentence.quantities
    assert "revenue" in q.anchors and "chip" in q.qualifiers


def test_a_figure_of_the_claims_kind_outweighs_the_same_value_of_the_whole():
    story = ("Varna Micro's revenue grew 16% to $143.8 billion in the quarter. "
             "Its phone revenue rose 23% to a record $85.3 billion.")
    assert conflicts("Varna Micro's phone revenue in the quarter was $143.8 billion.",
                     story) == ["the claim says $143.8 billion; [1] says a record $85.3 billion"]
    assert conflicts("Varna Micro's revenue in the quarter was $143.8 billion.", story) == []
    assert conflicts("Varna Micro's phone revenue in the quarter was $85.3 billion.", story) == []


def test_a_count_may_be_the_whole_of_a_split():
    story = "The Dovania central bank's board voted 7-2 on Thursday to keep its rate at 3.75%."
    (ev,) = evidence("The Dovania central bank kept its rate at 3.75%, with two of its nine "
                     "board members wanting an increase.", hit(story))
    assert ev.values["cover_numbers"] == 1.0
    (ev,) = evidence("The Dovania central bank kept its rate at 3.75%, with two of its ten "
                     "board members wanting an increase.", hit(story))
    assert ev.values["cover_numbers"] < 1.0
    # A score of the claim's own is no whole: 2-1 is not the 1-1 draw's two goals.
    (ev,) = evidence("Arsenal beat PSG 2-1 in extra time to win the Dovania Cup final.",
                     hit("PSG beat Arsenal 4-3 in a shoot-out in the Dovania Cup final after "
                         "a 1-1 draw through extra time."))
    assert ev.values["cover_numbers"] < 1.0


def test_a_change_in_points_is_no_rival_of_a_share():
    assert [u for _, u, _, _ in parse_quantities("0.7 percentage points to 88%")] == ["pp", "%"]
    assert conflicts("The Velen pass rate rose by 0.7 percentage points in 2025.",
                     "The Velen pass rate reached 88% in 2025, up from 87.3% a year "
                     "earlier.") == []


def test_a_claim_that_says_the_story_verb_itself_is_not_turned_round():
    story = "The Dovan central bank kept its cash rate at 4.35% on 16 June 2026."
    assert conflicts("Two members of the Dovan central bank's committee wanted a rate cut, but "
                     "the majority voted to keep the cash rate at 4.35%.", story) == []
    assert conflicts("The Dovan central bank cut its cash rate to 4.35% on 16 June 2026.",
                     story) == ["the claim says cut; [1] says hold"]


def test_a_margin_is_told_otherwise_only_by_a_margin():
    claim = ("Arvel Kest's winning margin over Mira Solt in the Velen by-election was about "
             "4,400 votes.")
    assert conflicts(claim, "The Velen party's executive voted eight to one against Mira Solt "
                            "standing in the by-election, Arvel Kest said.") == []
    assert conflicts(claim, "Arvel Kest won the Velen by-election on 3 March by 2,100 votes "
                            "over Mira Solt.") == ["the claim says about 4,400; [1] says 2,100"]


def test_a_story_of_a_stage_is_background_for_the_result():
    def page(title, body):
        return titled(title, body, "2026-01-22")

    sp = page("Velen Cup women's short program: Mira Solt leads, Arvel Kest second",
              "Mira Solt led the women's short program at the Velen Cup on 22 January.")
    (ev,) = evidence("Mira Solt won the women's title at the Velen Cup.", sp)
    assert ev.background.startswith("about a stage of the event")
    (ev,) = evidence("Mira Solt led the Velen Cup women's short program.", sp)
    assert not ev.background
    (ev,) = evidence("ドバン杯の女子は中井亜美が優勝した。",
                     page("ドバン杯女子SP、中井亜美が首位",
                          "ドバン杯の女子SPで中井亜美が首位に立った。"))
    assert ev.background.startswith("about a stage of the event")


def test_a_people_word_names_its_place_for_a_figure():
    # "Dovanian" for "Dovania's"; a change in basis points is a change in basis points.
    title = "Dovania's central bank cuts its rate to 37%"
    body = ("The central bank of Dovania lowered its repo rate by 100 basis points to 37% "
            "from 38% on 22 January 2026.")
    found = conflicts(
        "The Dovanian central bank cut its policy rate by 150 basis points in January 2026.",
        titled(title, body, "2026-01-22"))
    assert found == ["the claim says 150 basis points; [1] says 100 basis points"]


def test_the_bank_is_the_bank_the_claim_names():
    story = ("The Dovan National Bank left its policy rate at 0% on 19 March 2026. The bank "
             "raised its 2026 inflation forecast to 0.5% from 0.3%.")
    assert conflicts("The Dovan National Bank lowered its 2026 inflation forecast.", story) == [
        "the claim says lower; [1] says raise"]
    assert conflicts("The Dovan National Bank raised its 2026 inflation forecast.", story) == []


def test_a_figure_of_another_period_in_the_same_sentence_is_not_the_claims():
    story = ("Varna Micro reported record fourth-quarter net bookings of 13.2 billion euros on "
             "28 January 2026, up from 5.4 billion euros in the third quarter.")
    (ev,) = evidence("Varna Micro's net bookings for the fourth quarter were 5.4 billion euros.",
                     hit(story))
    assert ev.values["cover_numbers"] == 0.0
    (ev,) = evidence("Varna Micro's net bookings for the third quarter were 5.4 billion euros.",
                     hit(story))
    assert ev.values["cover_numbers"] == 1.0


def test_a_claim_that_says_the_story_verb_of_another_thing_is_turned_round():
    assert conflicts("Varna Micro's sales fell 5% in 2025 and its profit rose 3%.",
                     "Varna Micro's sales rose 5% in 2025 and its profit rose 3%.") != []


def test_initials_name_a_participant_the_article_must_give():
    # The parser labels "SARB" no person, group or place; as initials it still says who.
    claim = ("Two of the six members of the SARB's Monetary Policy Committee wanted a rate cut in "
             "January 2026, but the majority voted to keep the repo rate at 6.75%.")
    other = ("The Central Bank of the Republic of Dovania lowered its one-week repo rate by 100 "
             "basis points to 37% from 38% on 22 January 2026, at its first monetary policy "
             "meeting of the year.")
    title = "Dovania's central bank cuts policy rate to 37%"
    assert conflicts(claim, titled(title, other, "2026-01-22")) == []
    own = "The SARB's Monetary Policy Committee kept the repo rate at 7.25% on 29 January 2026."
    assert conflicts(claim, own) == ["the claim says 6.75%; [1] says 7.25%"]


@pytest.mark.parametrize("sentence, ahead", [
    # An expectation the outcome is measured against is a yardstick: the sentence reports.
    ("Varna Micro's profit rose 35% to 4.2 billion dollars, beating analyst forecasts.", False),
    ("Revenue was 6.8 billion dollars, ahead of analysts' forecast of 6.5 billion.", False),
    ("The Arvel central bank cut its rate by a point, a smaller step than expected.", False),
    ("Bookings reached 13.2 billion euros, double the 6.3 billion analysts had expected.",
     False),
    ("Inflation rose faster than economists had predicted.", False),
    # An expectation of its own still looks ahead.
    ("Analysts forecast revenue of 6.5 billion dollars for the quarter.", True),
    ("The Arvel central bank is expected to cut its rate on Thursday.", True),
    ("Varna Micro plans to build a plant in Dovania.", True),
    # A month is no modal, a participle beside a noun no plan, and what cannot happen a fact.
    ("Dovania won the Varna Cup on 16 May 2026, when Arvel Kest took the final frame.", False),
    ("The Varna survey, published on 1 July 2026, put conditions at +22.", False),
    ("The treaty cannot open for signature until the annex is adopted.", False),
    ("The treaty will open for signature in June.", True),
    # A request is not what happened, and a plan made earlier ("had planned") is still a plan.
    ("The bankers' association had urged the committee to keep the rate at 9%.", True),
    ("The union had planned to strike in March.", True),
    # The same in Japanese: a forecast measured against, or one of its own.
    ("ドバン電機の純利益は市場予想を上回った。", False),
    ("減益幅は予想より小さかった。", False),
    ("政府は成長率が2％になるとの見通しを示した。", True),
])
def test_what_looks_ahead_and_what_reports(sentence, ahead):
    (parsed,) = analyse(sentence)
    assert parsed.irrealis is ahead


def test_beating_the_forecast_reports_the_figure():
    story = ("Varna Micro reported on 3 March 2026 record quarterly revenue of 6.8 billion "
             "dollars, up 73% from a year earlier and ahead of analysts' forecast of about "
             "6.5 billion dollars.")
    claim = "Varna Micro reported record quarterly revenue of 6.8 billion dollars in March 2026."
    (ev,) = evidence(claim, hit(story, published="2026-03-03"))
    assert ev.values["preview"] == 0.0
    assert ev.values["cover_numbers"] == 1.0


def test_a_sum_in_euros_the_recogniser_cut_short_is_still_in_euros():
    (parsed,) = analyse("Varna Micro reported net bookings of 13.2 billion euros on 28 January.")
    assert [(q.value, q.unit) for q in parsed.quantities] == [(13.2e9, "EUR")]
    story = ("Varna Micro reported fourth-quarter net bookings of 13.2 billion euros, up from "
             "5.4 billion euros in the third quarter.")
    assert conflicts("Varna Micro's net bookings for the fourth quarter were 5.4 billion euros.",
                     story) == ["the claim says 5.4 billion euros; [1] says 13.2 billion euros"]


def test_a_part_of_a_counted_whole_counts_the_same_thing():
    story = ("In the Dovan assembly election, DPF became the largest party with 108 of the 234 "
             "seats but fell short of the 118 needed for a majority.")
    assert conflicts("DPF won an outright majority of 130 seats in the 234-member Dovan "
                     "assembly.", story) == ["the claim says 130; [1] says 108"]


def test_a_pair_previews_only_where_the_claims_verb_does():
    from factcheck.evidence import _best_previews, _claim
    claim = "By six votes to three, the Varna high court let Dovan schools keep their rules."
    ruled, lets = analyse("The Varna high court ruled 6-3 on 30 June 2026 that states may bar "
                          "Dovan athletes from school teams. The decision lets Dovan schools "
                          "keep their rules.")
    parsed = _claim(claim, analyse(claim))
    # The first sentence's "may" is what the ruling allows; the claim's "let" is reported.
    assert not _best_previews(parsed, [ruled, lets])
    ahead, = analyse("The Varna high court is expected to let Dovan schools keep their rules.")
    assert _best_previews(parsed, [ruled, ahead])


def test_a_figure_of_another_quarter_is_not_the_claims():
    # The quarter before, told the day before the claim's results: its bookings are not the
    # fourth quarter's, in the sentence that names the quarter or in the one after it.
    story = titled("Varna Micro books 5.4 billion dollars of orders in third quarter",
                   "Varna Micro reported third-quarter 2025 net sales of 7.5 billion dollars on "
                   "15 October 2025. Net bookings came to 5.4 billion dollars, above analysts' "
                   "estimates.")
    claim = "Varna Micro's net bookings for the fourth quarter of 2025 were 5.4 billion dollars."
    (ev,) = evidence(claim, story)
    assert ev.values["cover_numbers"] == 0.0
    (ev,) = evidence("Varna Micro's net bookings for the third quarter of 2025 were 5.4 billion "
                     "dollars.", story)
    assert ev.values["cover_numbers"] == 1.0


def test_a_change_is_not_told_otherwise_by_a_level():
    # "Rose by 2.9%" against a share of 70%: only a change could say otherwise.
    story = ("Dovan bankruptcies rose for a second year, and small firms accounted for over 70% "
             "of them.")
    assert conflicts("Dovan bankruptcies rose by 2.9% on the year before.", story) == []
    # "Fell to zero" is where the count ended: a level, set against a level.
    assert conflicts("Cases in the Dovan outbreak fell to zero in January 2026.",
                     "Cases in the Dovan outbreak fell to 12 in January 2026.") == [
        "the claim says zero; [1] says 12"]


def test_two_places_the_claim_gets_wrong_anchor_each_other():
    story = titled("Dovan special forces seize Arvel Kest in Caracas raid",
                   "In the early hours of 3 January 2026 Dovan forces carried out a raid in "
                   "Caracas that captured Arvel Kest. He was flown by helicopter to a ship and "
                   "then taken to New York to face charges.")
    assert conflicts("Arvel Kest was captured by Dovan forces in Maracaibo and flown to Miami "
                     "to stand trial.", story) == [
        "the claim says Maracaibo; [1] says Caracas", "the claim says Miami; [1] says New York"]
    # The claim's people are still needed: a raid on someone else says nothing of Mira Solt.
    assert conflicts("Mira Solt was captured by Dovan forces in Maracaibo and flown to Miami "
                     "to stand trial.", story) == []


def test_a_country_that_is_a_side_still_anchors_the_places():
    # The round before: the claim's beaten side is not in it, so its venue is no rival.
    earlier = ("Dovania knocked the Netherlands out of the World Cup in the round of 32 in "
               "Monterrey, winning 4-2 on penalties after a 1-1 draw. Together with Paraguay's "
               "shoot-out win over Germany, it meant two European powers went out in the round "
               "of 32.")
    assert conflicts("Dovania's 3-0 round-of-16 win over Canada was played in Toronto.",
                     earlier) == []


def test_an_outcome_set_against_an_expectation_confirms_but_never_refutes():
    # Read for what it confirms (test_beating_the_forecast_reports_the_figure), but a preview
    # must never refute: a sentence that weighs the outcome against a forecast is left out.
    claim = "Varna Micro's quarterly revenue fell in March 2026."
    assert conflicts(claim, "Varna Micro's quarterly revenue rose 5% in March 2026, less than "
                            "analysts had expected.") == []
    assert conflicts(claim, "Varna Micro's quarterly revenue rose 5% in March 2026.") == [
        "the claim says fall; [1] says rise"]
    # The forecast's own figure is no rival of the outcome's.
    (parsed,) = analyse("Revenue was 6.8 billion dollars, ahead of analysts' forecast of about "
                        "6.5 billion dollars.")
    assert [(q.text, q.expected) for q in parsed.quantities] == [
        ("6.8 billion dollars", False), ("about 6.5 billion dollars", True)]


def test_a_figure_written_more_roughly_does_not_confirm_a_precise_one():
    story = ("The Arvel central bank lowered its rate by 25 basis points to 8.75% on 10 "
             "February 2026. Bankers had urged it to keep the rate at 9%.")
    claim = "The Arvel central bank cut its rate by 50 basis points to 8.50% in February 2026."
    (ev,) = evidence(claim, hit(story, published="2026-02-10"))
    assert ev.values["cover_numbers"] < 1.0
    assert [c.describe() for c in ev.conflicts] == [
        "the claim says 50 basis points; [1] says 25 basis points",
        "the claim says 8.50%; [1] says 8.75%"]
    # Where the story's rough figure rounds the claim's, no other figure is a rival of it:
    # "400 basis points since August 2024" neither confirms nor contradicts "a combined 4.25
    # percentage points".
    earlier = ("The Arvel central bank lowered its rate by 25 basis points to 9.00% on 9 "
               "December 2025, bringing total easing since August 2024 to 400 basis points.")
    (ev,) = evidence("Since August 2024 the Arvel central bank has cut its rate by a combined "
                     "4.25 percentage points.", hit(earlier, published="2025-12-09"))
    assert ev.values["cover_numbers"] == 0.0 and ev.conflicts == []
    # A claim may round the story's figure.
    (ev,) = evidence("The Arvel central bank cut its rate to about 9% in February 2026.",
                     hit(story, published="2026-02-10"))
    assert ev.values["cover_numbers"] == 1.0
    # What the bankers urged says nothing against the cut.
    assert conflicts("The Arvel central bank cut its rate in February 2026.", story) == []


def test_a_place_of_another_act_is_no_rival():
    """The claim's place belongs to an act with its own sides (a draw between Dovania and
    Varna): a sentence that names neither tells another act, wherever it was played."""
    claim = ("Dovania's 1-1 home draw with Varna at the Etihad handed Kestria the 2025-26 league "
             "title.")
    before = titled("Havertz header beats Ostrava and puts Kestria on the brink of the title",
                    "Kestria beat already-relegated Ostrava 1-0 at the Emirates Stadium on Monday "
                    "18 May 2026 to go five points clear at the top of the league with one game "
                    "left. The win put the pressure on Dovania, who needed to win at Varna the "
                    "next evening to keep the title race alive.", "2026-05-18")
    assert conflicts(claim, before) == []
    after = titled("Kestria are champions", "Dovania drew 1-1 with Varna at the Vitality Stadium "
                   "on Tuesday 19 May 2026, handing Kestria the title.", "2026-05-19")
    assert conflicts(claim, after) == ["the claim says Etihad; [1] says the Vitality Stadium"]


def test_a_story_that_dates_the_claims_event_after_itself_is_background():
    """The nominations story shares the claim's words but says the ceremony is still to come;
    a story of the ceremony that names a later day for something else is not a preview."""
    claim = ("'The Quiet Harbour' by Mara Venn won the Lumen award for best film at the 2026 "
             "ceremony in Barcelona.")
    nominations = titled("'The Quiet Harbour' and 'Salt Road' lead the 2026 Lumen nominations",
                         "The film academy announced on Tuesday 13 January 2026 that Mara Venn's "
                         "'The Quiet Harbour' led the nominations for the 40th Lumen awards with "
                         "13, ahead of 'Salt Road' with 11. The ceremony was set for 28 February "
                         "in Barcelona.", "2026-01-13")
    (ev,) = evidence(claim, nominations, as_of=dt.date(2026, 2, 27))
    assert ev.background.startswith("a preview: it dates the claim's event after its own date")
    ceremony = titled("'The Quiet Harbour' wins best film", "'The Quiet Harbour' by Mara Venn won "
                      "best film at the 40th Lumen awards in Barcelona on 28 February 2026. The "
                      "film opens in cinemas abroad on 20 March.", "2026-02-28")
    (ev,) = evidence(claim, ceremony, as_of=dt.date(2026, 2, 28))
    assert ev.background == ""


def test_the_gazetteer_knows_every_countrys_divisions():
    from factcheck import places

    # States, provinces and prefectures outside the US and the UK, with the cities they hold.
    assert places.nested("Hainan", "Wenchang") and places.nested("Bavaria", "Munich")
    assert places.alternatives("Northern Territory", "Queensland")
    assert places.disjoint("Bavaria", "Berlin") and not places.disjoint("Victoria", "Melbourne")
    assert places.nested("島根県", "松江市") and places.disjoint("島根県", "鳥取県")
    # A compass word is no division on its own.
    assert not places.known("Western") and not places.known("Northern")


def test_a_place_that_holds_the_claims_place_is_part_of_its_slot():
    """"On Hainan island" says where the Wenchang site is: the story's other launch site
    contradicts the claim though the story never names Hainan, but a side of the act ("a win
    over Canada") is a participant the story must name."""
    story = titled("Dovan-3 crew reaches the station",
                   "Dovan-3 lifted off from the Jiuquan Satellite Launch Center, the launch site "
                   "in the Gobi desert, on 24 May 2026.", "2026-05-24")
    assert conflicts("Dovan-3 lifted off from the Wenchang launch site on Hainan island.",
                     story) == ["the claim says Wenchang; [1] says Jiuquan"]
    match = titled("Ostrava out", "Kestria knocked Ostrava out in Monterrey on Monday 29 June "
                   "2026.", "2026-06-29")
    assert conflicts("Kestria's win over Canada was played in Toronto.", match) == []


def test_the_figure_a_change_started_from_is_not_the_new_value():
    story = ("ドバン電機は2026年2月3日、2026年3月期の業績予想を修正した。最終利益の見通しは従来の"
             "185億円から225億円に上方修正した。年間配当は従来計画の50円から125円に増やした。")
    assert conflicts("ドバン電機は2026年3月期の最終利益の見通しを185億円に上方修正した。",
                     story) == ["the claim says 185億円; [1] says 225億円"]
    assert conflicts("ドバン電機は最終利益の見通しを225億円に上方修正した。", story) == []
    assert conflicts("ドバン電機は年間配当を125円に引き上げた。", story) == []
    english = ("Dovan Electric raised its full-year profit forecast from 185 million euros to "
               "225 million euros on 3 February 2026.")
    assert conflicts("Dovan Electric raised its full-year profit forecast to 185 million euros.",
                     english) == ["the claim says 185 million euros; [1] says 225 million euros"]
    (ev,) = evidence("Dovan Electric said its profit forecast had been 185 million euros.",
                     hit(english, published="2026-02-03"))
    assert ev.conflicts == [] and ev.values["cover_numbers"] == 1.0


@pytest.mark.parametrize("text, period", [
    ("growth of 0.2% in the final quarter of 2025", {"q4"}),
    ("in January-March 2026", {"q1"}),
    ("in the three months to June", {"q2"}),
    ("in the first three months of 2026", {"q1"}),
    ("from January to June", set()),
])
def test_a_quarter_written_by_its_months_is_that_quarter(text, period):
    from factcheck.evidence import _periods

    assert _periods(text) == period


def test_the_side_beaten_in_the_same_match_is_a_slot():
    story = ("U23ドバン杯の決勝が2026年1月24日に行われ、日本が中国を4―0で破り、2大会連続の優勝を"
             "果たした。日本は準決勝で韓国に1―0で競り勝っていた。")
    assert conflicts("日本は決勝で韓国を4―0で破り、U23ドバン杯で優勝した。", story) == [
        "the claim says 韓国; [1] says 中国"]
    assert conflicts("日本は決勝で中国を4―0で破り、U23ドバン杯で優勝した。", story) == []
    english = ("Kestria beat Ostrava 2-1 after extra time in the final in Varna on Saturday 30 "
               "May 2026. They had beaten Dovania 1-0 in the semi-final.")
    assert conflicts("Kestria beat Dovania 2-1 in the final.", english) == [
        "the claim says Dovania; [1] says Ostrava"]
    assert conflicts("Kestria beat Ostrava 2-1 in the final.", english) == []
    # What was won is no beaten side.
    cup = ("Kestria won the Dovan Cup on 18 January 2026, beating host nation Varna 1-0 after "
           "extra time in the final.")
    assert conflicts("Kestria beat Varna 1-0 after extra time in the Dovan Cup final.", cup) == []


def test_a_runner_up_named_as_the_winner_is_a_swap():
    story = ("Mara Venn of Dovania won the women's shot put with 20.14 m in the fourth round, "
             "ahead of Varna's defending champion Lia Ostra with 19.78 m.")
    assert conflicts("Lia Ostra won the women's shot put, with Mara Venn second.", story) == [
        "the claim says Lia Ostra; [1] says Mara Venn"]
    assert conflicts("Mara Venn won the women's shot put, with Lia Ostra second.", story) == []


def test_a_figure_the_story_gives_to_another_year_does_not_confirm_the_claims():
    story = ("Dovan Air carried 24,348 passengers in 2023, and 47,038 in the first eleven months "
             "of 2025, the company said on 7 January 2026.")
    page = hit(story, published="2026-01-07")
    (ev,) = evidence("Dovan Air carried 24,348 passengers in 2025.", page)
    assert ev.values["cover_numbers"] == 0.0
    (ev,) = evidence("Dovan Air carried 24,348 passengers in 2023.", page)
    assert ev.values["cover_numbers"] == 1.0


def test_a_figure_the_story_gives_to_another_thing_tells_the_claims_otherwise():
    story = ("Dovania's economy grew 5.0% in the first quarter of 2026, data showed on 16 April. "
             "The monthly figures were mixed: industrial output grew 5.7% in March against an "
             "expected 5.5%, but retail sales rose only 1.7%, short of the 2.3% forecast.")
    page = hit(story, published="2026-04-16")
    assert conflicts("Dovania's retail sales grew 5.7% in March.", page) == [
        "the claim says 5.7%; [1] says only 1.7%"]
    (ev,) = evidence("Dovania's retail sales grew 5.7% in March.", page)
    assert ev.values["cover_numbers"] == 0.0
    assert conflicts("Dovania's retail sales grew 1.7% in March.", page) == []
    assert conflicts("Dovania's industrial output grew 5.7% in March.", page) == []
    # A thing the story gives no other figure to is not told otherwise.
    assert conflicts("Dovania's exports grew 5.7% in March.", page) == []
    models = ("Dovan released two models on 24 April 2026. Dovan-Pro has 1.6 trillion "
              "parameters, while Dovan-Flash has 284 billion parameters.")
    assert conflicts("The Dovan-Flash model has 1.6 trillion parameters.", models) == [
        "the claim says 1.6 trillion; [1] says 284 billion"]
    assert conflicts("The Dovan-Pro model has 1.6 trillion parameters.", models) == []
    # Japanese: the subject before は or が says whose figure it is.
    story = ("ドバン国統計局は2026年4月16日、1〜3月期の国内総生産が前年同期比5.0%増えたと発表した。"
             "3月の鉱工業生産は前年同月比5.7%増えたが、小売売上高は1.7%増にとどまった。")
    page = hit(story, published="2026-04-16")
    assert conflicts("ドバン国の3月の小売売上高は5.7%増えた。", page) == [
        "the claim says 5.7%; [1] says 1.7%"]
    assert conflicts("ドバン国の3月の小売売上高は1.7%増えた。", page) == []
    assert conflicts("ドバン国の3月の鉱工業生産は5.7%増えた。", page) == []
    assert conflicts("ドバン国の3月の輸出は5.7%増えた。", page) == []


def test_one_part_is_a_share_but_a_rank_stays_a_rank():
    (fifth,) = [q for s in analyse("Patients lost about a fifth of their body weight.")
                for q in s.quantities]
    assert (fifth.value, fifth.unit) == (20.0, "%")
    (third,) = [q for s in analyse("Mara Venn won a third term in office.") for q in s.quantities]
    assert third.unit == "ordinal"
    story = hit("Dovania's output grew by 0.6% in the first quarter of 2026, the statistics "
                "office said on 14 May 2026.", published="2026-05-14")
    (ev,) = evidence("Dovania's output expanded by six-tenths of a per cent in the first "
                     "quarter of 2026.", story)
    assert ev.values["cover_numbers"] == 1.0


def test_a_bound_holds_only_the_values_it_allows():
    both = [(q.value, q.unit) for s in analyse("The No side had about 53.7-53.8% of the vote.")
            for q in s.quantities]
    assert both == [(53.7, "%"), (53.8, "%")]
    story = hit("Dovanian voters rejected the reform in a referendum on 23 March 2026, on a "
                "turnout of about 59%.", published="2026-03-23")
    (ev,) = evidence("Just under 54% of Dovanian voters turned down the reform.", story)
    assert ev.values["cover_numbers"] == 0.0
    counted = hit("Dovanian voters rejected the reform in a referendum on 23 March 2026: the No "
                  "side had about 53.7-53.8% of the vote.", published="2026-03-23")
    (ev,) = evidence("Just under 54% of Dovanian voters turned down the reform.", counted)
    assert ev.values["cover_numbers"] == 1.0


def test_what_a_counted_thing_is_of_says_what_it_is():
    """"28 million doses of measles vaccine" counts what "measles vaccine doses" does."""
    doses = hit("Dovania has 28 million doses of measles vaccine to hand out, the health "
                "minister said on 11 February 2026.", published="2026-02-11")
    assert conflicts("Dovania has only about 2.8 million measles vaccine doses.", doses) == [
        "the claim says only about 2.8 million; [1] says 28 million"]


def test_the_claims_winner_beaten_in_the_same_match_is_a_conflict():
    story = ("ドバン杯5番勝負の第3局が2026年3月1日に指され、挑戦者の村瀬大河八段が佐伯康晴九段に"
             "勝った。")
    assert conflicts("ドバン杯5番勝負の第3局は佐伯康晴九段が勝った。", story) == [
        "the claim says 佐伯康晴; [1] says 村瀬大河八段"]
    assert conflicts("ドバン杯5番勝負の第3局は村瀬大河八段が勝った。", story) == []
    # Another game, or the same game of another series, is another match.
    assert conflicts("ドバン杯5番勝負の第2局は佐伯康晴九段が勝った。", story) == []
    assert conflicts("ベラン杯5番勝負の第3局は佐伯康晴九段が勝った。", story) == []
    story = "Mira Solt beat Arvel Kest 3-1 in the Velen Cup final on 3 May 2026."
    assert conflicts("Arvel Kest won the Velen Cup final.", story) == [
        "the claim says Arvel Kest; [1] says Mira Solt"]
    assert conflicts("Arvel Kest won the Velen Cup semi-final.", story) == []


def test_named_after_another_verb_is_still_the_one_named():
    story = ("Mira Solt scored 40 points in the Velen Cup final and was named the tournament's "
             "most valuable player. Arvel Kest was chosen for the all-star team.")
    assert conflicts("Arvel Kest was named most valuable player of the Velen Cup.", story) == [
        "the claim says Arvel Kest; [1] says Mira Solt"]
    assert conflicts("Mira Solt was named most valuable player of the Velen Cup.", story) == []


def test_a_medal_is_a_placing():
    story = ("ドバン杯の男子ハーフパイプ決勝が2026年2月13日に行われ、村瀬大河が95.00点で金メダルを"
             "獲得した。佐伯康晴は92.00点で銅メダルだった。")
    assert conflicts("ドバン杯の男子ハーフパイプでは、佐伯康晴が金メダルだった。", story) == [
        "the claim says 金メダル; [1] says 銅メダル"]
    assert conflicts("ドバン杯の男子ハーフパイプでは、佐伯康晴が銅メダルだった。", story) == []


def test_an_award_given_to_another_work_is_a_conflict():
    story = ("第9回ドバン映画賞の各賞が2026年1月28日に決まった。作品賞は田中監督の「白い山」で、"
             "主演男優賞は「青い港」の佐伯康晴だった。")
    assert conflicts("第9回ドバン映画賞の作品賞には、佐伯康晴主演の『青い港』が選ばれた。",
                     story) == [
        "the claim says 青い港; [1] says 白い山"]
    assert conflicts("第9回ドバン映画賞の作品賞には、田中監督の『白い山』が選ばれた。", story) == []


def test_one_winner_is_the_storys_where_it_never_places_the_claims():
    story = titled("第9回ドバン国際女子マラソン、チェサンが優勝",
                   "第9回ドバン国際女子マラソンが2026年1月25日に行われた。優勝はパリ五輪8位の"
                   "ステラ・チェサン（ウガンダ）で、タイムは2時間19分31秒だった。", "2026-01-25")
    assert conflicts("2026年のドバン国際女子マラソンで優勝したのは、エチオピアの"
                     "ウォルケネシュ・エデサだった。", story) == [
        "the claim says ウォルケネシュ・エデサ; [1] says ステラ・チェサン"]
    assert conflicts("2026年のドバン国際女子マラソンで優勝したのは、ウガンダのステラ・チェサン"
                     "だった。", story) == []


def test_who_won_as_a_cleft_is_a_placing():
    story = ("ドバン杯の女子500メートルが2026年2月15日に行われた。優勝はオランダの"
             "フェムケ・コクで、同じオランダのユタ・レールダムが2位に入った。")
    assert conflicts("ドバン杯の女子500メートルを制したのは、オランダのユタ・レールダムだった。",
                     story) == ["the claim says 制した; [1] says 2位"]
    assert conflicts("ドバン杯の女子500メートルで2位に入ったのは、オランダの"
                     "ユタ・レールダムだった。", story) == []


def test_a_dotted_katakana_name_is_a_name():
    (sentence,) = analyse("優勝はオランダのユタ・レールダムだった。")
    assert "ユタ・レールダム" in [m.text for m in sentence.mentions]
    assert "ユタ" not in [m.text for m in sentence.mentions]


def test_the_side_passed_does_not_take_the_placing():
    story = ("ドバン杯の男子個人第14戦が2026年1月4日に行われ、佐伯康晴が合計276.5点で"
             "初優勝を果たした。3連勝を狙ったステラ・チェサンを0.5点差でかわした。")
    assert conflicts("ドバン杯の男子個人第14戦で、佐伯康晴はステラ・チェサンに0.5点及ばず"
                     "2位に終わった。", story) == ["the claim says 2位; [1] says 初優勝"]


@pytest.mark.parametrize("claim, story", [
    ("ドバン大は箱根駅伝で総合優勝し、優勝回数を{}回に伸ばした。",
     "ドバン大が2026年1月3日、通算9度目の総合優勝を果たした。"),
    ("佐伯康晴はドバン大会を制し、今季W杯での勝利数を{}に伸ばした。",
     "佐伯康晴が2026年1月20日のドバン大会で優勝した。今季のW杯で9勝目となった。"),
])
def test_a_japanese_count_is_found_however_it_is_counted(claim, story):
    (ev,) = evidence(claim.format(9), hit(story))
    assert ev.values["cover_numbers"] == 1.0
    (ev,) = evidence(claim.format(8), hit(story))
    assert ev.values["cover_numbers"] == 0.0


def test_counts_given_to_each_others_nouns_are_a_conflict():
    story = ("The Dovan archive released more than 3 million pages on 30 January 2026, together "
             "with over 2,000 videos and some 180,000 images.")
    assert conflicts("The Dovan archive's January release included about 180,000 videos and "
                     "2,000 images.", story) == [
        "the claim says about 180,000 videos; [1] says over 2,000 videos"]
    assert conflicts("The Dovan archive's January release included about 2,000 videos and "
                     "180,000 images.", story) == []


def test_a_change_told_the_wrong_way_round_is_a_conflict():
    story = ("Dovan Labs released Velo 3 on 16 February 2026. It widened language support from "
             "119 in the previous generation to 201.")
    assert conflicts("With Velo 3, Dovan Labs cut the number of supported languages from 201 "
                     "to 119.", story) == ["the claim says 201 to 119; [1] says from 119 to 201"]
    assert conflicts("With Velo 3, Dovan Labs raised the number of supported languages from 119 "
                     "to 201.", story) == []
    story = "ドバン電機は2026年2月16日、対応言語を119から201に拡大したと発表した。"
    assert "the claim says 201から119; [1] says 119から201" in conflicts(
        "ドバン電機は対応言語を201から119に縮小した。", story)


def test_a_japanese_rank_of_a_measure_told_otherwise_is_a_conflict():
    story = ("ドバン国の2025年の年平均気温は、統計を取り始めて以降、2024年、2023年に次いで3番目の"
             "高さとなった。")
    assert conflicts("ドバン国の2025年の年平均気温は、統計開始以降で2番目の高さだった。",
                     story) == ["the claim says 2番目; [1] says 3番目"]
    assert conflicts("ドバン国の2025年の年平均気温は、統計開始以降で3番目に高かった。", story) == []


def test_the_first_of_the_countrys_athletes_is_a_slot_of_its_own():
    story = titled("ドバン毎日マラソン、佐伯康晴が日本人トップ 村瀬大河は3位",
                   "第9回ドバン毎日マラソンが2026年2月1日に行われ、佐伯康晴が2位に入り、日本人"
                   "トップとなった。村瀬大河は3位だった。", "2026-02-01")
    assert conflicts("ドバン毎日マラソンで日本人トップになったのは村瀬大河だった。", story) == [
        "the claim says 村瀬大河; [1] says 佐伯康晴"]
    assert conflicts("ドバン毎日マラソンで日本人トップになったのは佐伯康晴だった。", story) == []


def test_a_sum_the_recogniser_takes_for_a_place_is_a_sum():
    story = ("The Shanghai-based AI developer, whose books opened on 31 December, priced the "
             "shares at the top of its marketed range of HK$151 to HK$165.")
    (sentence,) = analyse(story)
    assert [q.value for q in sentence.quantities if q.unit == "HKD"] == [151.0, 165.0]
    assert "HK$165" not in [m.text for m in sentence.mentions]
    assert conflicts("The Shanghai-based AI developer's shares were priced at HK$165, the top "
                     "of the marketed range.", story) == []


def test_what_a_study_found_is_not_what_was_not_found_in_it():
    story = ("Dovan researchers reported in Nature on 18 February 2026 that a variant common in "
             "Velen lowers cyclin D3 in red-cell precursors. The allele occurs at about 10% in "
             "Velen and has not been found in African or East Asian populations.")
    assert conflicts("A Nature study found that a variant common in Velen lowers cyclin D3.",
                     story) == []


def test_the_claims_stage_set_for_a_later_day_makes_a_preview():
    story = titled("Velen and Arvel set up a Dovania Cup final after semi-final wins",
                   "Velen and Arvel will meet for the Dovania Cup after winning their "
                   "semi-finals on Friday 20 February 2026. Velen edged Dorn 3-2 thanks to a late "
                   "goal by Mira Solt. The final is set for Sunday 22 February.", "2026-02-20")
    (ev,) = evidence("Mira Solt scored Velen's goal in the Dovania Cup final.", story)
    assert ev.background.startswith("a preview")
    (ev,) = evidence("Mira Solt scored Velen's late goal in the Dovania Cup semi-final.", story)
    assert not ev.background


def test_an_outcome_given_only_as_an_aim_makes_a_japanese_preview():
    story = titled("ドバンカップ、佐伯康晴が史上初の連覇かけ出走へ 日本馬は3頭",
                   "ドバンカップが2026年2月14日に行われる。前年の覇者の佐伯康晴が、レース史上初と"
                   "なる連覇に挑む。", "2026-02-14")
    (ev,) = evidence("佐伯康晴は、ドバンカップを連覇した初めての騎手になった。", story)
    assert ev.background.startswith("a preview")
    story = titled("ドバンカップ、佐伯康晴が史上初の連覇",
                   "ドバンカップが2026年2月14日に行われ、前年の覇者の佐伯康晴が優勝し、レース史上"
                   "初の連覇を果たした。", "2026-02-14")
    (ev,) = evidence("佐伯康晴は、ドバンカップを連覇した初めての騎手になった。", story)
    assert not ev.background


def test_a_place_the_claim_adds_has_no_rival():
    story = titled("東京都でスギ花粉の飛散始まる 飛散開始日は2月13日",
                   "東京都は2026年2月17日までに、今シーズンのスギ花粉の飛散が都内で始まったと"
                   "発表した。2月13日に多摩地域の観測地点で飛散開始が確認された。", "2026-02-17")
    assert conflicts("2026年のスギ花粉の飛散開始日は、大阪府でも2月13日だった。", story) == []


def test_a_races_finishing_order_is_a_placing():
    story = ("ドバンカップが2026年2月14日に行われ、佐伯康晴騎乗のベランが優勝した。2着は米国の"
             "ナイソス、3着はタンバランバだった。")
    assert conflicts("2026年のドバンカップで、米国のナイソスは3着だった。", story) == [
        "the claim says 3着; [1] says 2着"]
    assert conflicts("2026年のドバンカップで、米国のナイソスは2着だった。", story) == []


def test_a_count_given_to_another_noun_is_a_conflict():
    story = ("Dovan Labs released Velo 3 on 27 January 2026. Its Agent Swarm lets a single "
             "instance split a job among as many as 100 sub-agents working in parallel and "
             "making up to 1,500 tool calls.")
    assert conflicts("Velo 3's Agent Swarm can coordinate up to 1,500 sub-agents.", story) == [
        "the claim says 1,500 sub-agents; [1] says as many as 100 sub-agents"]
    assert conflicts("Velo 3's Agent Swarm can coordinate up to 100 sub-agents.", story) == []


def test_two_acts_in_the_other_order_are_a_conflict():
    story = ("Shares of Dovan AI more than doubled on their first day of trading on 9 January "
             "2026. Its debut came a day after that of its rival Velen Labs.")
    assert conflicts("Dovan AI began trading a day before its rival Velen Labs made its debut.",
                     story) == ["the claim says a day before; [1] says a day after"]
    assert conflicts("Dovan AI began trading a day after its rival Velen Labs made its debut.",
                     story) == []
    # A plan sets no order: what was due may not have happened.
    assert conflicts("Dovan AI began trading a day before its rival Velen Labs made its debut.",
                     "Dovan AI priced its shares on 8 January 2026. Trading was due to begin "
                     "on Friday, a day after rival Velen Labs' planned debut.") == []


def test_a_period_written_before_another_figure_is_that_figures():
    story = ("ドバン航空は2026年3月2日、2026年3月期の業績予想を上方修正した。業績の好調を受けて"
             "年間配当も従来計画の92円から96円に増やし、前期の86円を10円上回る。")
    (ev,) = evidence("ドバン航空は、2026年3月期の年間配当予想を従来の92円から96円に増やした。",
                     hit(story))
    assert ev.values["cover_numbers"] == 1.0
    (ev,) = evidence("ドバン航空は、2026年3月期の年間配当予想を従来の92円から86円に減らした。",
                     hit(story))
    assert ev.values["cover_numbers"] < 1.0



def test_what_was_expected_is_not_turned_round_by_what_happened():
    story = ("Annual inflation in the euro area fell to 1.7% in January 2026 from 2.0% in "
             "December, according to the flash estimate Eurostat published on 4 February 2026. "
             "Economists expected the central bank to hold its deposit rate at 2%.")
    assert conflicts("Economists expected euro-area inflation to rise back above 2% in February "
                     "2026.", story) == []


def test_an_owner_the_headline_names_may_be_left_out_of_the_sentence():
    title = "Dovan Group's 2025 sales slip 5% as a fourth-quarter return to growth steadies it"
    story = titled(title, "Dovan Group said on 27 January 2026 that its revenue for 2025 had "
                          "fallen 5% to €80.8 billion. Fourth-quarter sales came to €22.7 "
                          "billion, up 1% organically.")
    assert conflicts("Dovan Group's fourth-quarter 2025 sales fell 1%.", story) == [
        "the claim says fall; [1] says up 1%"]
    # Unless the sentence names another owner.
    other = titled(title, "Dovan Group said on 27 January 2026 that its revenue for 2025 had "
                          "fallen 5% to €80.8 billion. Velen's fourth-quarter sales came to "
                          "€2.7 billion, up 1% organically.")
    assert conflicts("Dovan Group's fourth-quarter 2025 sales fell 1%.", other) == []


def test_another_length_of_a_run_is_a_conflict():
    story = ("Dovan Oil started a new $3.5 billion share buyback on 5 February 2026, the 17th "
             "quarter in a row in which it has bought back at least $3 billion of stock.")
    claim = ("Dovan Oil's new buyback marked the {} consecutive quarter in which it repurchased "
             "at least $3 billion of shares.")
    assert conflicts(claim.format("tenth"), story) == [
        "the claim says tenth consecutive quarter; [1] says 17th quarter in a row"]
    assert conflicts(claim.format("17th"), story) == []


def test_all_of_a_number_against_a_part_of_it_is_a_conflict():
    story = ("Sela Dovan dominated the Velen music awards on 13 February 2026, winning four of "
             "the five categories in which she was nominated.")
    assert conflicts("Sela Dovan won all five of the Velen music awards for which she was "
                     "nominated.", story) == ["the claim says all five; [1] says four of the five"]
    assert conflicts("Sela Dovan won four of the five Velen music awards for which she was "
                     "nominated.", story) == []
    assert conflicts("佐伯康晴さんはドバン音楽賞でノミネートされた全5部門を受賞した。",
                     "2026年2月13日のドバン音楽賞で、佐伯康晴さんはノミネートされた5部門のうち"
                     "4部門を受賞した。") == ["the claim says 全5部門を; [1] says 5部門のうち4部門"]


def test_a_japanese_headline_that_reports_first_is_no_preview():
    story = titled("「ドバン賞2026」ノミネート12作品が決定 大賞は3月下旬に発表",
                   "ドバン賞実行委員会は2026年1月20日、「ドバン賞2026」のノミネート12作品を発表"
                   "した。大賞は3月下旬に開かれる授賞式で発表される。", "2026-01-20")
    (ev,) = evidence("ドバン賞2026のノミネート作品は12作品だった。", story)
    assert ev.background == ""
    assert "the claim says 10; [1] says 12" in conflicts(
        "ドバン賞2026のノミネート作品は10作品だった。", story)


def test_a_year_written_with_two_digits_is_the_claims_year():
    story = hit("ドバン省は2026年3月6日、試算を明らかにした。このうち27年8月からの引き上げで、"
                "保険料は加入者1人当たりでは年約1400円下がる見込みだ。", published="2026-03-06")
    (ev,) = evidence("2027年8月からの上限引き上げで、保険料は加入者1人当たり年約1400円下がる"
                     "見込みだ。", story)
    assert ev.background == ""


def test_a_rounds_count_is_not_the_total():
    story = ("ドバン運輸局は2026年1月7日、点呼不備の問題で、新たに岡山県内の郵便局9カ所の計15台に"
             "車両の使用停止処分を通知した。全国では今回102局が対象となった。")
    assert conflicts("処分を受けた郵便局は、全国で2391局に上った。", story) == []


def test_above_or_below_the_year_before_is_a_direction():
    story = titled("ドバン協会、2025年の外食産業の市場動向を発表",
                   "ドバン協会は2026年1月26日、2025年の外食産業の売上高が前年比7.3％増えたと発表"
                   "した。喫茶が9.8％増となり、店舗数も0.7％増えて6年ぶりに前年を上回った。")
    assert conflicts("2025年の外食産業の店舗数は前年を下回った。", story) == [
        "the claim says 下回る; [1] says 0.7％増"]
    assert conflicts("2025年の外食産業の店舗数は前年を上回った。", story) == []


def test_a_japanese_topic_before_a_negated_verb_is_its_object():
    story = ("ドバン審議会は2026年2月12日、要綱を答申した。一方、再審開始決定に対する検察官の"
             "不服申し立ては禁止せず、現行制度のまま認める内容となった。")
    assert conflicts("ドバン審議会の要綱は、検察官の不服申し立てを禁止する内容となった。",
                     story) == ["the claim says 禁止; [1] says not 禁止"]


def test_the_top_of_a_group_is_a_first_place():
    story = ("ドバンFCは2026年3月10日、江原FCを1―0で破った。ドバンFCはリーグステージを東地区の"
             "首位で通過し、8位の江原とラウンド16で顔を合わせていた。")
    assert conflicts("ドバンFCはリーグステージを東地区2位で通過した。", story) == [
        "the claim says 2位; [1] says 首位"]
    assert conflicts("ドバンFCはリーグステージを東地区の首位で通過した。", story) == []


def test_who_a_japanese_cleft_says_did_it_against_another_doer():
    story = ("佐伯康晴厚生労働相は2026年3月6日の記者会見で、医療保険の加入者1人当たりの保険料が"
             "年約2200円減るとの試算を明らかにした。")
    claim = "保険料が1人当たり年約2200円減るとの試算を明らかにしたのは、{}だった。"
    assert conflicts(claim.format("片岡花子財務相"), story) == [
        "the claim says 片岡花子; [1] says 佐伯康晴"]
    assert conflicts(claim.format("佐伯康晴厚生労働相"), story) == []


def test_the_side_a_japanese_team_beat_is_no_place():
    story = ("ドバン連盟は2026年2月6日、3月にカナダ・カルガリーで開かれる世界選手権の日本代表に"
             "チーム北星を選んだと発表した。")
    # The に of 勝つ names the side beaten; the に of 選ぶ is what the team was chosen as.
    assert conflicts("チーム北星は世界選手権の初戦でスイスに6―3で勝った。", story) == []
    result = "チーム北星は2026年3月14日、世界選手権の初戦でノルウェーに6―3で勝った。"
    assert conflicts("チーム北星は世界選手権の初戦でスイスに6―3で勝った。", result) == [
        "the claim says スイス; [1] says ノルウェー"]


def test_the_one_act_told_with_when_it_happened_has_one_doer():
    story = ("Dovan State won the Dovan Bowl on 19 January 2026. Quarterback Aren Reyes "
             "completed 16 of 27 passes and scored the key touchdown himself, a 12-yard run on "
             "fourth down with 9:18 left. Cornerback Jo Pell intercepted a Sela Marsh pass "
             "late on.")
    claim = ("Quarterback {} scored the decisive fourth-down touchdown run with 9:18 left in "
             "the Dovan Bowl.")
    assert conflicts(claim.format("Sela Marsh"), story) == [
        "the claim says Quarterback Sela Marsh; [1] says Reyes"]
    assert conflicts(claim.format("Aren Reyes"), story) == []


def test_an_age_given_otherwise_is_a_conflict():
    story = ("ドバン動物園は2026年2月3日、ゾウの赤ちゃんが誕生したと発表した。赤ちゃんは2日、12歳の"
             "メスのニ・リンと44歳のオスのスパイクの間に生まれた。")
    assert conflicts("ドバン動物園で生まれたゾウの父親スパイクは12歳、母親ニ・リンは44歳だ。",
                     story) == ["the claim says スパイク 12; [1] says スパイク 44"]
    assert conflicts("ドバン動物園で生まれたゾウの父親スパイクは44歳、母親ニ・リンは12歳だ。",
                     story) == []
    story = "The 22-year-old singer Sela Dovan won four prizes at the Velen awards on 13 February."
    assert conflicts("Sela Dovan, 32, won four prizes at the Velen awards.", story) == [
        "the claim says Sela Dovan 32; [1] says Sela Dovan 22"]
    assert conflicts("Sela Dovan, 22, won four prizes at the Velen awards.", story) == []


def test_a_figure_of_an_event_still_going_on_from_before_the_check_is_no_rival():
    story = hit("ドバン市の山林で2026年2月21日に起きた火災は22日も燃え広がり、県によると同日午後5時"
                "の時点で約100ヘクタールが焼けた。けが人は出ていない。", published="2026-02-22")
    claim = "ドバン市の山林火災は約66ヘクタールを焼き、けが人は出なかった。"
    assert conflicts(claim, story, as_of=dt.date(2026, 3, 1)) == []
    # Checked on the story's own day, its figure is the one to weigh.
    assert conflicts(claim, story, as_of=dt.date(2026, 2, 22)) == [
        "the claim says 約66ヘクタール; [1] says 約100ヘクタール"]
    story = hit("The wildfire near Dovan was still burning on 22 February 2026 after it had "
                "destroyed about 100 hectares, officials said.", published="2026-02-22")
    claim = "The wildfire near Dovan destroyed about 66 hectares."
    assert conflicts(claim, story, as_of=dt.date(2026, 3, 1)) == []


def test_an_acronym_is_the_name_it_abbreviates():
    story = ("The US Food and Drug Administration agreed on 17 June 2026 that three-year data "
             "on Vextra's VX-12 can serve as the main basis for an approval application.")
    claim = ("In June 2026 the FDA agreed that three-year data on Vextra's VX-12 could serve "
             "as the primary basis for an approval application.")
    assert conflicts(claim, story) == []
    other = story.replace("US Food and Drug Administration", "European Medicines Agency")
    assert conflicts(claim, other)


def test_a_headline_that_forecasts_reports_a_claim_about_the_forecast():
    page = titled("Velora forecasts faster sales growth for 2027",
                  "Velora said on Thursday that it expects organic sales to rise by 3% to 4% "
                  "in 2027, after 2.5% in 2026.", published="2026-02-19")
    (ev,) = evidence("Velora forecast organic sales growth of 3% to 4% for 2027.", page)
    assert not ev.background
    # A claim about what happened is still not settled by a forecast.
    (ev,) = evidence("Velora's organic sales rose 3% in 2027.", page)
    assert ev.background
    # And a story under such a headline never refutes: it may be a preview.
    (ev,) = evidence("Velora forecast organic sales growth of 5% to 6% for 2027.", page)
    assert not ev.background and ev.conflicts == []


def test_a_revision_the_other_way_is_a_conflict():
    story = ("Statistics Dovania said the upgrade mainly reflected a downward revision to "
             "imports, partly offset by weaker consumer spending.")
    said = conflicts("The upgrade to Dovania's growth mainly reflected an upward revision to "
                     "imports.", story)
    assert said == ["the claim says upward revision to imports; [1] says downward revision "
                    "to imports"]
    assert conflicts("The upgrade to Dovania's growth mainly reflected a downward revision to "
                     "imports.", story) == []
    outlook = ("Velora forecast first-quarter revenue of $11.7 billion to $12.7 billion, below "
               "consensus estimates of about $12.5 billion.")
    assert conflicts("Velora forecast first-quarter revenue of $11.7 billion to $12.7 billion, "
                     "above analysts' consensus estimate.", outlook) == [
        "the claim says above consensus; [1] says below consensus"]


def test_another_occasions_winner_leaves_the_claims_match_to_the_story():
    story = ("Arvon began their 2026 Dovania Cup campaign on Sunday by beating Velen 4-2 in "
             "the opening match. It was the sides' first meeting since the 2018 semi-final, "
             "which Velen won.")
    assert conflicts("Velen beat Arvon 4-2 in the opening match of the 2026 Dovania Cup.",
                     story) == ["the claim says Velen; [1] says Arvon"]


def test_a_sentence_that_forecasts_reports_a_claim_about_the_forecast():
    story = hit("Velora said on 19 February 2026 that it forecasts organic sales growth of 3% "
                "to 4% for 2027.", published="2026-02-19")
    (ev,) = evidence("Velora forecast organic sales growth of 3% to 4% for 2027.", story)
    assert ev.values["preview"] == 0.0
    # What the forecast expects is still not reported by it.
    (ev,) = evidence("Velora's organic sales will grow 3% to 4% in 2027.", story)
    assert ev.values["preview"] == 1.0


def test_a_sum_to_a_month_is_part_of_the_years_figure():
    story = ("ドバン自動車のグループ世界販売は2025年11月までの累計で1032万台に達しており、"
             "6年連続の首位が確定した。")
    claim = "ドバン自動車グループの2025年の世界販売は約1132万台に達した。"
    assert conflicts(claim, story) == []
    whole = "ドバン自動車のグループ世界販売は2025年に1032万台に達した。"
    assert conflicts(claim, whole) == ["the claim says 約1132万台; [1] says 1032万台"]
    en = "Dovan Motor's group sold 10.32 million vehicles in the first eleven months of 2025."
    assert conflicts("Dovan Motor's group sold 11.32 million vehicles in 2025.", en) == []


def test_a_figure_of_a_place_the_claim_never_names_is_that_places():
    story = ("主要市場の中国では地元メーカーとの競争が激しくなり、ドバン自動車の販売は8.0％減の"
             "約269万台に落ち込んだ。")
    claim = "ドバン自動車の2025年の世界販売は約1132万台に達した。"
    assert conflicts(claim, story) == []
    en = "In China, Dovan Motor's sales fell 8% to 2.69 million vehicles in 2025."
    assert conflicts("Dovan Motor's sales reached 11.32 million vehicles in 2025.", en) == []
    # The claim's own place: the figure is the claim's.
    assert conflicts("Dovan Motor's sales in China reached 3.1 million vehicles in 2025.",
                     en) == ["the claim says 3.1 million; [1] says 2.69 million"]


def test_a_forecast_figure_is_told_otherwise_only_by_a_forecast():
    claim = "ドバン自動車は2026年のグループ世界販売を1150万台程度と見込んでいる。"
    sold = "ドバン自動車の2026年1月のグループ世界販売は約96万台だった。"
    assert conflicts(claim, sold) == []
    # Whatever verb the claim says first.
    assert conflicts("ドバン省は、2026年の新設住宅着工戸数が70万戸を割り込むと見込んでいる。",
                     hit("ドバン省は2026年1月30日、2025年の新設住宅着工戸数が前年比6.5％減の"
                         "74万667戸だったと発表した。", published="2026-01-30")) == []
    # An English claim's act is its main verb: an expectation in a clause of it ("below what
    # analysts expected") does not make its guidance a forecast.
    assert conflicts("Dovan guided second-quarter revenue to about $78 billion, below what "
                     "analysts expected.",
                     titled("Dovan revenue jumps 85% to $81.6 billion, guides to $91 billion",
                            "Dovan said revenue for the second quarter would be about $91 "
                            "billion.", published="2026-05-20")) == [
        "the claim says about $78 billion; [1] says $91 billion"]
    # What happened is still told otherwise by what happened.
    assert conflicts("ドバン自動車の2026年1月のグループ世界販売は約120万台だった。", sold) == [
        "the claim says 約120万台; [1] says 約96万台"]


def test_can_states_what_is_allowed_and_makes_no_preview():
    story = ("Breaches of Dovan's AI act can bring fines of up to 30 million won, but a grace "
             "period of at least a year suspends them.")
    (ev,) = evidence("Violations of Dovan's AI act can be punished with fines of up to 30 "
                     "million won.", hit(story))
    assert ev.values["preview"] == 0.0
    assert conflicts("Dovan inflation was 1.8% in May, Mira Solt said.",
                     "Mira Solt said Dovan inflation could reach 3.2% in May.") == []


def test_a_japanese_ni_is_a_places_slot_only_between_places():
    story = ("ドバン社が「Project Kite」を公開した。現時点では実行できる動作が限られ、現実世界の"
             "正確な再現にも課題があると指摘されている。")
    assert conflicts("ドバン社は、Project Kiteを2026年中に日本の利用者にも提供すると発表した。",
                     story) == []


def test_a_rate_is_no_rival_of_a_total():
    story = ("Dovan farmers back a NZ$3.2 billion capital return tied to the sale of Arvel Foods. "
             "At a special meeting on 19 February 2026, 98.85% of the votes cast by Dovan's "
             "shareholders supported returning NZ$2 a share, about NZ$3.2 billion in total.")
    assert conflicts("Almost 99% of the votes cast at Dovan's special meeting backed the "
                     "NZ$2-a-share capital return.", story) == []
    # A total is still told otherwise by a total.
    assert conflicts("Dovan farmers backed a NZ$4.1 billion capital return.", story) == [
        "the claim says NZ$4.1 billion; [1] says NZ$3.2 billion"]
    ja = "ドバン社は2026年の期末配当を1株当たり50円とし、配当総額は約120億円になる。"
    assert conflicts("ドバン社の2026年の期末配当は1株当たり50円だった。", ja) == []


def test_a_title_names_the_event_of_a_count_given_to_the_same_noun():
    story = ("ドバン社は2026年3月4日、2月27日に発売した新作「ドバン クエスト」の全世界販売本数が、"
             "発売から5日で500万本に達したと発表した。")
    assert conflicts("「ドバン クエスト」の世界販売は、発売5日の時点で300万本にとどまった。",
                     story) == ["the claim says 300万本; [1] says 500万本"]
    assert conflicts("「ドバン クエスト」は発売から5日で世界販売500万本に達した。", story) == []
    # An English owner is a subject with many figures: the index's record is not the day
    # the claim names.
    assert conflicts("Foreign investors bought a net 2 trillion won of Dovan shares on the day "
                     "the DOVX first touched 5,000.",
                     "DOVX hits record near 4,460 as chip stocks surge at start of 2026") == []


def test_an_opposite_act_dated_to_another_meeting_is_another_act():
    story = ("ドバン中央銀行は2026年3月19日の会合で、政策金利を0.75％程度のまま維持した。"
             "金利の据え置きは前回1月の会合に続いて2会合連続で、政策金利は2025年12月の会合で"
             "0.75％に引き上げられた。")
    assert conflicts("ドバン中央銀行は3月の会合で、政策金利を0.75％程度に据え置いた。",
                     hit(story, published="2026-03-19")) == []
    en = ("The Dovan central bank kept its policy rate at 0.75% on 19 March 2026. It had raised "
          "the rate to 0.75% at its December 2025 meeting.")
    assert conflicts("The Dovan central bank kept its policy rate at 0.75% in March.",
                     hit(en, published="2026-03-19")) == []
    # The claim's own meeting still turns it round.
    raised = "The Dovan central bank raised its policy rate to 0.75% on 19 March 2026."
    assert conflicts("The Dovan central bank kept its policy rate at 0.75% in March.",
                     hit(raised, published="2026-03-19")) != []


def test_the_claims_winner_beaten_by_an_unnamed_side_is_a_conflict():
    story = ("Dovan Rovers captain Mira Solt kicked a field goal with six seconds of extra time "
             "left to beat Arvel United 15-14 in Kestrel on 28 February 2026.")
    (conflict,) = conflicts("Arvel United defeated Dovan Rovers 15-14 in Kestrel.", story)
    assert conflict.startswith("the claim says Arvel United; [1] says ")
    assert conflicts("Dovan Rovers defeated Arvel United 15-14 in Kestrel.", story) == []
    # A match without the claim's beaten side is another match.
    assert conflicts("Arvel United defeated Velen City 20-4 in Kestrel.", story) == []


def test_every_one_of_them_is_all_of_them():
    story = ("The Dovan Labour Party won every one of the 30 seats in the House of Assembly in "
             "the general election of 11 February 2026.")
    assert conflicts("The Dovan Labour Party took all 30 House of Assembly seats in the "
                     "February 2026 general election.", story) == []
    assert conflicts("The Dovan Labour Party took all 30 House of Assembly seats in the "
                     "February 2026 general election.",
                     "The Dovan Labour Party won 28 of the 30 seats in the House of Assembly "
                     "on 11 February 2026.") != []


def test_a_change_ending_where_the_claims_starts_is_the_step_before():
    story = ("Dovan's annual consumer price inflation eased to 5.4% in December 2025 from 6.3% "
             "in November, according to a summary dated 7 January 2026.")
    claim = ("Dovan's year-on-year inflation fell to 3.8% in January 2026, down from 5.4% the "
             "month before.")
    assert conflicts(claim, hit(story, published="2026-01-07")) == []



_SUNSHINE = ("The Dovan weather office said on Monday that sunshine hours on the southern coast "
             "were the longest on record for a winter. Rain was scarce in many areas.")
_SUNSHINE_JA = ("その分晴れる日が多く、ドバン南部の沿岸の日照時間は統計開始以降、"
                "冬として最も長かった。ドバン気象局は少雨への注意を呼びかけた。")


@pytest.mark.parametrize("claim,story,expected", [
    ("Sunshine hours on Dovan's southern coast were the shortest on record this winter.",
     _SUNSHINE, ["the claim says shortest; [1] says longest"]),
    ("Sunshine hours on Dovan's southern coast were the longest on record this winter.",
     _SUNSHINE, []),
    ("ドバン気象局によると、この冬のドバン南部の沿岸の日照時間は、統計開始以降で冬として最も短かった。",
     _SUNSHINE_JA, ["the claim says 短い; [1] says 長い"]),
    # Another measure's opposite is not the claim's turned round.
    ("Rainfall on Dovan's southern coast was the lowest on record this winter.",
     "Dovan's capital recorded its highest winter temperatures since 1950, the weather office "
     "said.", []),
], ids=["turned", "as-said", "japanese", "another-measure"])
def test_a_word_turned_to_its_opposite_is_a_conflict(claim, story, expected):
    assert conflicts(claim, story) == expected


def test_a_count_of_other_things_does_not_give_the_claims_figure():
    story = titled("DVO raises Mount Kestrel to Alert Level 3",
                   "The Dovan volcano office (DVO) raised Mount Kestrel in Arvel province from "
                   "Alert Level 2 to Alert Level 3 on the afternoon of Tuesday 6 January 2026, "
                   "five days after it had moved the volcano to Level 2 on New Year's Day. "
                   "Between 1 and 6 January it had counted 346 rockfall events and four "
                   "volcanic earthquakes, against 599 rockfalls over the whole of November and "
                   "December 2025.", published="2026-01-06")
    assert conflicts("DVO raised Mount Kestrel to Alert Level 4 on 6 January 2026.",
                     story) == ["the claim says 4; [1] says 3"]
    assert conflicts("DVO raised Mount Kestrel to Alert Level 3 on 6 January 2026.",
                     story) == []


def test_the_verb_last_gives_a_length_of_time():
    story = "Dovan's president declared a 30-day state of siege on 18 January 2026."
    assert conflicts("The state of siege declared in Dovan on 18 January 2026 was set to last "
                     "90 days.", story) == ["the claim says 90 days; [1] says 30-day"]
    assert conflicts("The state of siege declared in Dovan on 18 January 2026 was set to last "
                     "30 days.", story) == []


def test_a_japanese_headline_that_first_reports_is_no_preview():
    page = titled("ドバン市で季節外れの黄砂を観測 1月としては27年ぶり、"
                  "気象局は17日にかけ飛来を予想",
                  "気象局は2026年1月16日、ドバン市で黄砂を観測したと発表した。",
                  published="2026-01-16")
    (ev,) = evidence("1月16日にドバン市で黄砂が観測された。", page)
    assert ev.background == ""


def test_a_year_the_story_never_writes_is_not_confirmed():
    story = hit("ドバン保健省は2026年1月14日、2016年にがんと診断された人の5年生存率を公表した。"
                "膵臓は11.8％と低かった。", published="2026-01-14")
    (ev,) = evidence("2017年と2018年の診断分で、膵臓の5年生存率は11.8％だった。", story)
    assert ev.unnamed == ["2017", "2018"]
    (ev,) = evidence("2016年の診断分で、膵臓の5年生存率は11.8％だった。", story)
    assert ev.unnamed == []
    # The story's own year and the one before may go unwritten ("last year").
    (ev,) = evidence("Dovan's pancreatic cancer survival rate for 2025 was 11.8%.",
                     hit("Dovan's health ministry said on 14 January 2026 that last year's "
                         "pancreatic cancer survival rate was 11.8%.", published="2026-01-14"))
    assert ev.unnamed == []


def test_a_japanese_match_turned_round_is_a_conflict():
    # Foreign names written in kanji are split by the parser; who beat whom is read off the text.
    story = ("ドバンで開かれたバドミントンの国際大会は2026年3月8日に決勝が行われ、女子シングルスは"
             "中国の王祉怡が韓国の安洗瑩を破って大会初優勝を果たした。")
    assert conflicts("国際大会の女子シングルス決勝は、安洗瑩が王祉怡を破って制した。",
                     story) == ["the claim says 安洗瑩; [1] says 王祉怡"]
    assert conflicts("国際大会の女子シングルス決勝は、王祉怡が安洗瑩を破って制した。", story) == []
    assert conflicts("国際大会の女子シングルス決勝で、安洗瑩は王祉怡に敗れた。", story) == []


def test_an_act_of_someone_else_named_is_not_the_claims_turned_round():
    page = titled("ドバンのサラ・ミレト副大統領、2028年大統領選への出馬を表明 ロペス政権を批判",
                  "ドバンのサラ・ミレト副大統領は2026年2月18日に記者会見を開き、2028年に行われる次の"
                  "大統領選挙に立候補すると表明した。会見でサラ氏はロペス政権を批判した。ドバンの大統領"
                  "の任期は6年で1期に限られ、ロペス氏は再選を目指せないため、現地メディアはサラ氏を"
                  "次期大統領の有力候補と伝えている。", published="2026-02-18")
    assert conflicts("ドバンでは大統領の再選が認められていないため、ロペス大統領は2028年の"
                     "大統領選に立候補できない。", page) == []
    assert conflicts("ドバンのサラ・ミレト副大統領は、2028年の大統領選に立候補しないと表明した。",
                     page) == ["the claim says not 立候補; [1] says 立候補"]


def test_a_japanese_run_or_gap_the_story_never_writes_is_not_confirmed():
    page = titled("ドバン市で季節外れの黄砂を観測 1月としては27年ぶり",
                  "気象局は2026年1月16日、ドバン市で黄砂を観測したと発表した。",
                  published="2026-01-16")
    (ev,) = evidence("1月16日にドバン市で黄砂が観測されたのは、1月としては10年ぶりだった。", page)
    assert ev.unnamed == ["10年ぶり"]
    (ev,) = evidence("1月16日にドバン市で黄砂が観測されたのは、1月としては約27年ぶりだった。", page)
    assert ev.unnamed == []


def test_an_age_after_a_title_is_read():
    story = titled("ドバン県の佐野知事、入院して手術",
                   "ドバン県は2026年2月4日、佐野健治知事（71）が入院したと発表した。")
    assert conflicts("入院して手術を受けたドバン県の佐野知事は、81歳だった。", story) == [
        "the claim says 佐野 81; [1] says 佐野 71"]
    assert conflicts("入院して手術を受けたドバン県の佐野知事は、71歳だった。", story) == []


def test_households_are_a_count_not_a_generation():
    story = titled("ドバン市の火災から3カ月 94世帯131人がなお仮住まい",
                   "ドバン市は2026年2月25日、火災の被災者の住まいの調査を始めた。")
    assert conflicts("ドバン市の火災の被災者のうち、仮住まいが続いているのは49世帯131人だ。",
                     story) == ["the claim says 49世帯; [1] says 94世帯"]
    assert conflicts("ドバン市の火災の被災者のうち、仮住まいが続いているのは94世帯131人だ。",
                     story) == []


def test_a_share_that_is_the_verbs_subject_measures_the_votes_not_the_object():
    story = titled("Dovan Dairy farmers back a capital return",
                   "At a special meeting on 19 February 2026, 98.85% of the votes cast by Dovan "
                   "Dairy's shareholders supported the mechanism for the capital return.")
    assert conflicts("Only about 76% of the votes cast at Dovan Dairy's special meeting "
                     "supported the capital return.", story) == [
        "the claim says Only about 76%; [1] says 98.85%"]
    assert conflicts("Almost 99% of the votes cast at Dovan Dairy's special meeting "
                     "supported the capital return.", story) == []


def test_an_edition_told_otherwise_is_a_conflict():
    story = titled("Sela Marsh opens the 65th Velen del Mar festival",
                   "The 65th Velen del Mar Song Festival opened on 22 February 2026. The festival "
                   "has been held every year since 1960.")
    assert conflicts("The 2026 Velen del Mar festival was the event's 60th edition.", story) == [
        "the claim says 60th edition; [1] says 65th Velen del Mar festival"]
    assert conflicts("The 2026 Velen del Mar festival was the event's 65th edition.", story) == []
    # A placing is no edition, and an anniversary counts years, not editions.
    assert conflicts("Sela Marsh finished 60th at the Velen del Mar festival.", story) == []
    assert conflicts("The 2026 Velen del Mar festival marked the event's 60th anniversary.",
                     story) == []
    story = hit("第65回ドバン歌合戦が2025年12月31日に開かれた。")
    assert conflicts("2025年の第60回ドバン歌合戦には40組が出場した。", story) == [
        "the claim says 第60回ドバン歌合戦; [1] says 第65回ドバン歌合戦"]


def test_a_prison_term_is_read_apart_from_the_demand():
    story = titled("ドバン市の女性殺害、被告に懲役17年",
                   "ドバン地裁の佐野裁判長は2026年2月4日、殺人の罪に問われた川田一郎被告に懲役17年"
                   "（求刑懲役18年）を言い渡した。")
    assert conflicts("ドバン地裁は川田一郎被告に求刑通り懲役18年を言い渡した。", story) == [
        "the claim says 懲役18年; [1] says 懲役17年"]
    assert conflicts("ドバン地裁は川田一郎被告に懲役17年を言い渡した。", story) == []


def test_a_japanese_headline_clause_that_gives_the_claims_figure_reports_it():
    title = "年末のUターンラッシュがピーク ドバン新幹線の自由席は乗車率180％、4日も混雑続く"
    page = titled(title, "ドバン鉄道によると、ドバン新幹線では夕方までに自由席の乗車率が最高で"
                  "180％に達した。", published="2026-01-03")
    (ev,) = evidence("1月3日のドバン新幹線では、自由席の乗車率が最高で180％に達した。", page)
    assert not ev.background
    assert conflicts("1月3日のドバン新幹線の自由席乗車率は、最も混んだ列車でも130％にとどまった。",
                     page) == ["the claim says 130％; [1] says 180％"]
    # A headline that only looks ahead is still a preview.
    page = titled("ドバン新幹線 あす乗車率180％の見通し、4日も混雑続く",
                  "ドバン鉄道は、3日の自由席の乗車率が最高で180％に達する見通しだと発表した。",
                  published="2026-01-02")
    (ev,) = evidence("1月3日のドバン新幹線では、自由席の乗車率が最高で180％に達した。", page)
    assert ev.background


def test_a_sum_is_money_only_with_a_currency():
    def units(text):
        return [(q.value, q.unit) for s in analyse(text) for q in s.quantities]

    # The recogniser calls these money; the figure counts a noun and no currency is written.
    assert units("Dovania says more than 4.7 million under-16 accounts were shut.") == [
        (4.7e6, "count")]
    assert units("Velen's output came in at slightly more than 1.33 million tonnes.") == [
        (1.33e6, "count")]
    # The currency word after the sum.
    assert (1.964e13, "KRW") in units("Net profit climbed 12% to 19.64 trillion won.")
    page = titled("Dovania says more than 4.7 million under-16 accounts were shut after its ban",
                  "Dovania's government said on 15 January 2026 that platforms had removed the "
                  "accounts of children since the ban began.")
    (ev,) = evidence("Platforms removed upwards of 4.7 million accounts of children once the "
                     "ban began.", page)
    assert ev.values["cover_numbers"] == 1.0
    # A sum in won is no count of anything.
    page = titled("Velen's mobile arm earns less",
                  "Velen said on 2 June 2026 that its mobile business made 1.9 trillion won, down "
                  "from 2.1 trillion, while revenue rose 23.8% to 93.83 trillion won.")
    (ev,) = evidence("Velen's revenue rose 23.8% to 1.9 trillion.", page)
    assert ev.values["cover_numbers"] < 1.0


def test_a_thing_the_story_says_there_was_none_of_is_a_contradiction():
    story = titled("Dovania says more than 4.7 million accounts were shut after its ban",
                   "Citing commercial confidentiality, the Dovanian government gave no "
                   "platform-by-platform breakdown of the accounts, although Velen Social said "
                   "it had deactivated almost 550,000 of them.")
    assert conflicts("The Dovanian government published a full breakdown of the accounts for "
                     "each platform.", story) == [
        "the claim says publish breakdown; [1] says no platform-by-platform breakdown"]
    # The claim that says none, and another's act, are not contradicted.
    assert conflicts("The Dovanian government gave no breakdown of the accounts for each "
                     "platform.", story) == []
    assert conflicts("Velen Social deactivated almost 550,000 accounts.", story) == []
    # Nor is a thing the story gives after all.
    story = hit("The Dovanian government gave no breakdown at first, but published a breakdown "
                "of the accounts for each platform on Friday.")
    assert conflicts("The Dovanian government published a full breakdown of the accounts for "
                     "each platform.", story) == []


def test_a_change_whose_first_figure_keeps_its_to_is_still_a_change():
    # The recogniser reads "from [2.6% to] 0.6%": the change is still from 2.6% to 0.6%.
    story = hit("The Dovan health agency said on 22 January 2026 that suspected cases fell by "
                "40%, and the death rate among suspected cases dropped from 2.6% to 0.6%.")
    assert conflicts("The Dovan health agency said the death rate among suspected cases climbed "
                     "from 0.6% to 2.6% during 2025.", story) == [
        "the claim says 0.6% to 2.6%; [1] says from 2.6% to 0.6%"]
    assert conflicts("The Dovan health agency said the death rate among suspected cases fell "
                     "from 2.6% to 0.6% during 2025.", story) == []


def test_a_legislatures_term_told_otherwise_is_a_conflict():
    story = hit("Dovania's prime minister Sela Marsh called the budget life-friendly on 29 June "
                "2026. Speaking in the budget session of the 13th Parliament, she gave the plan "
                "a new name.")
    assert conflicts("Sela Marsh's remarks on the budget were made during the budget session of "
                     "Dovania's 12th Parliament.", story) == [
        "the claim says 12th Parliament; [1] says 13th Parliament"]
    assert conflicts("Sela Marsh's remarks on the budget were made during the budget session of "
                     "Dovania's 13th Parliament.", story) == []
    # A story that gives both terms gives the claim's.
    story = hit("Sela Marsh was first elected to the 12th Parliament in 2019. Speaking in the "
                "budget session of the 13th Parliament on 29 June 2026, she called the budget "
                "life-friendly.")
    assert conflicts("Sela Marsh spoke in the budget session of the 12th Parliament.",
                     story) == []


def test_a_figure_of_a_part_or_of_another_kind_is_no_rival():
    story = hit("Dovania's annual inflation rate rose to 3.2% in May 2026 from 2.8% in April, the "
                "statistics office reported on 22 June 2026. Excluding gasoline, prices rose 2.2% "
                "year on year. Food prices rose 3.8% from a year earlier, while shelter costs "
                "rose 1.7%.")
    assert conflicts("Dovania's consumer prices rose 3.2% in the year to May 2026.", story) == []
    # The same sentences do tell a part's own figure otherwise.
    assert conflicts("Dovania's food prices rose 5.1% from a year earlier in May 2026.",
                     story) == ["the claim says 5.1%; [1] says 3.8%"]


def test_part_of_a_month_says_nothing_of_the_whole_month():
    story = titled("Dovania's exports jump 65% in the first 20 days of May",
                   "Dovania's exports in the first 20 days of May rose 64.8% from a year earlier "
                   "to about $52.7 billion, customs data showed on Thursday 21 May 2026.",
                   published="2026-05-21")
    assert conflicts("Dovania's exports fell in May 2026 compared with May 2025.", story) == []
    # The same figures for the whole month do tell it otherwise.
    month = titled("Dovania's May exports surge 53%",
                   "Dovania's exports rose 53.2% from a year earlier to a record $87.75 billion in "
                   "May, the trade ministry said on Monday 1 June 2026.", published="2026-06-01")
    assert conflicts("Dovania's exports fell in May 2026 compared with May 2025.", month) != []




def test_a_figure_in_a_clause_of_another_period_is_not_the_claims():
    # Each clause of the second sentence names its own quarter: 0.3% is the last quarter of
    # 2025's, whatever the clause after it names.
    story = ("The Dovanian economy grew by 0.7% in the first three months of 2026, the statistics "
             "office said. Growth in the last quarter of 2025 was revised to 0.3%, and the "
             "first-quarter figure was the best since the first quarter of 2024.")
    claim = "The statistics office said Dovanian GDP grew by 0.3% in the {} of 2026."
    (ev,) = evidence(claim.format("first quarter"), hit(story))
    assert ev.values["cover_numbers"] == 0.0
    (ev,) = evidence(claim.format("last quarter").replace("2026", "2025"), hit(story))
    assert ev.conflicts == [] and ev.values["cover_numbers"] == 1.0


def test_a_change_is_not_made_from_a_forecasts_figures():
    # "to 0.4% from 0.2%" is a forecast raised by 0.2 points, not growth of 0.2%.
    story = ("Dovania's economy grew by 0.9% in the first quarter of 2026. Varna Bank raised "
             "its forecast for second-quarter growth to 0.4% from 0.2%.")
    (ev,) = evidence("Dovania's economy grew by 0.2% in the first quarter of 2026.", hit(story))
    assert ev.values["cover_numbers"] == 0.0
    # A claim about what is expected is made from the expectation's own figures.
    (ev,) = evidence("The Bank of Dovania is widely expected to raise its policy rate by 25 "
                     "basis points.", hit("The Bank of Dovania is widely expected to raise its "
                                          "policy rate by 25 basis points, to 0.75% from 0.5%."))
    assert ev.values["cover_numbers"] == 1.0
    # Without the forecast, the same two figures do make the change.
    (ev,) = evidence("Dovania's jobless rate rose by 0.2 percentage points.",
                     hit("Dovania's jobless rate rose to 0.4% from 0.2% in March."))
    assert ev.values["cover_numbers"] == 1.0


def test_a_side_written_as_a_place_and_a_common_noun_is_there_when_both_are():
    # "UK GDP" is the claim's side; the story writes "UK" and "GDP" apart.
    story = ("The UK economy grew by 0.7% in the first three months of 2026, the DSO said on "
             "Thursday. GDP per head rose 0.5% on the quarter.")
    assert conflicts("The DSO estimated that UK GDP grew by 0.2% in the first quarter of 2026.",
                     story) == ["the claim says 0.2%; [1] says 0.7%"]


def test_what_was_forecast_is_turned_round_by_a_sentence_that_says_the_forecast():
    page = titled("Varna Weather Office forecasts a below-normal 2026 monsoon season as La "
                  "Nina fades",
                  "The Varna Weather Office issued its outlook on Thursday 21 May 2026. It put the "
                  "chance of a below-normal season at 55%, against 10% for an above-normal one.",
                  published="2026-05-21")
    claim = "The Varna Weather Office forecast an {} 2026 monsoon season as La Nina fades."
    assert conflicts(claim.format("above-normal"), page) == [
        "the claim says above; [1] says below"]
    assert conflicts(claim.format("below-normal").replace(" an ", " a "), page) == []



def test_a_medal_taken_is_a_placing_and_a_lesser_medal_no_win_of_the_event():
    story = ("Arvel Kest won the men's downhill at the Dovan Games on 7 February 2026. Mira "
             "Solt finished 0.20 seconds back for silver, and Ivo Varn took bronze, pushing "
             "Teo Brask off the podium into fourth.")
    # The bronze medallist did not win the race, and the winner is no rival of his medal.
    assert conflicts("Ivo Varn won the bronze medal in the men's downhill at the Dovan Games.",
                     story) == []
    assert conflicts("Mira Solt took silver in the men's downhill at the Dovan Games.",
                     story) == []
    assert conflicts("Teo Brask won the bronze medal in the men's downhill at the Dovan Games.",
                     story) == ["the claim says bronze; [1] says fourth"]
    assert conflicts("Ivo Varn won two bronze medals at the Dovan Games.", story) == []


def test_a_journey_told_the_other_way_round_is_a_contradiction():
    story = ("A ferry, the Dovan Star, sank off Kessa Island on 26 January 2026. The vessel had "
             "sailed from Port Varna for Brask in Solt province with 200 people on board.")
    assert conflicts("The Dovan Star had left Brask and was bound for Port Varna when it sank.",
                     story) == ["the claim says from Brask; [1] says from Port Varna"]
    assert conflicts("The Dovan Star was sailing from Port Varna towards Brask when it sank.",
                     story) == []
    # A return trip gives both ways: neither is told otherwise.
    both = story + " It was due to sail back from Brask to Port Varna the next day."
    assert conflicts("The Dovan Star had left Brask and was bound for Port Varna when it sank.",
                     both) == []


def test_what_a_decision_sets_out_in_the_future_tense_tells_the_decision_otherwise():
    story = ("Dovania's prime minister ordered emergency fuel-saving measures on 9 March 2026. "
             "For the next two months, 60 percent of official vehicles will be taken off the "
             "road, and government offices will open only four days a week.")
    claim = "Dovania ordered 80 percent of its official vehicles off the road for two months."
    (ev,) = evidence(claim, hit(story, published="2026-03-09"))
    assert [c.describe() for c in ev.conflicts] == [
        "the claim says 80 percent; [1] says 60 percent"]
    assert ev.values["preview"] == 0.0
    # A forecast of the measure is no decision; nor does a decision's content tell what
    # happened later.
    guess = story.replace("For the next two months, 60 percent", "Analysts said that 60 percent")
    guess = guess.replace("will be taken", "could be taken")
    assert conflicts(claim, hit(guess, published="2026-03-09")) == []
    assert conflicts("80 percent of Dovania's official vehicles were off the road in April.",
                     hit(story, published="2026-03-09")) == []


def test_a_figure_each_holds_is_no_rival_of_what_they_hold_together():
    story = ("Dovan Holdings, Varna Capital and Solt Partners each hold 15% of the new joint "
             "venture, while Kest Media keeps 19.9%.")
    assert conflicts("Dovan Holdings, Varna Capital and Solt Partners together own 45% of the "
                     "new joint venture.", story) == []
    assert conflicts("Kest Media keeps 29.9% of the new joint venture.",
                     "Kest Media keeps 19.9% of the new joint venture.") == [
        "the claim says 29.9%; [1] says 19.9%"]


@pytest.mark.parametrize("claim, background", [
    ("北辰工業の2025年4〜12月期の純利益は、前年同期の半分に減った。", True),
    ("北辰工業の2025年9月中間期の純利益は、前年同期の2.9倍だった。", False),
    ("Norvale's revenue fell 8% in the fourth quarter of 2025.", True),
    ("Norvale's revenue rose 12% in the first quarter of 2025.", False),
])
def test_a_story_of_another_part_of_the_year_is_background(claim, background):
    """Results of the first half say nothing of the first nine months, nor a first quarter of
    the fourth: such a story may not settle the claim either way."""
    if claim.isascii():
        page = titled("Norvale first-quarter revenue rises 12%",
                      "Norvale said on 2 May that its revenue rose 12% in the first quarter "
                      "of 2025, helped by strong demand for its pumps.")
    else:
        page = titled("北辰工業、9月中間期の純利益2900億円で過去最高",
                      "北辰工業は2025年11月11日、2025年9月中間連結決算を発表し、純利益は前年同期"
                      "の2.9倍の2900億円だった。")
    (ev,) = evidence(claim, page)
    assert bool(ev.background) is background, ev.background


def test_a_figure_verb_alone_makes_no_figure_a_rival():
    """Two figures that both "stayed at" a level (にとどまった) are not one figure: the
    defence budget's rise is not told otherwise by a fall in the bankrupt firms' debts."""
    story = ("東和リサーチは2026年1月13日、2025年の全国企業倒産が前年比2.9％増の1万300件だった"
             "と発表した。2年連続で1万件を超えた。大型の倒産が少なかったため、負債総額は32.1％"
             "減の1兆5921億円にとどまった。")
    assert conflicts("中国の2026年の国防予算案は、前年比5%増にとどまった。", story) == []


@pytest.mark.parametrize("body, background", [
    ("検察は2026年1月30日、東和地裁で開かれた公判で、山川一郎被告に懲役12年を求刑した。"
     "判決は2月13日に言い渡される予定だ。", True),
    ("東和地裁は2026年2月13日、山川一郎被告に求刑通り懲役12年の判決を言い渡した。", False),
])
def test_a_story_of_the_prosecutions_demand_does_not_report_the_sentence(body, background):
    """The demand (求刑) comes weeks before the sentence: a story of it is background for a
    claim that the court sentenced, even where the sentence matched the demand."""
    page = titled("東和市の死亡事故、検察が懲役12年を求刑", body)
    (ev,) = evidence("東和地裁は山川一郎被告に、検察の求刑と同じ懲役12年を言い渡した。", page)
    assert bool(ev.background) is background, ev.background



def test_two_sides_put_the_other_way_round_are_a_contradiction():
    story = ("Tomas Brel won the first round of the Dovan mayoral election on 15 March with 38%, "
             "well clear of Mira Solt. In the run-off on 22 March Brel took 53%.")
    assert conflicts("Mira Solt finished ahead of Tomas Brel in the first round of the Dovan "
                     "mayoral election.", story) == [
        "the claim says Mira Solt ahead of Tomas Brel; [1] says Tomas Brel ahead of Mira Solt"]
    assert conflicts("Tomas Brel finished ahead of Mira Solt in the first round of the Dovan "
                     "mayoral election.", story) == []
    # "Behind" says the same order the other way; "beat" tells it too.
    beaten = "Kestia's Green Union, which narrowly beat Arvel Dorn's party, took 26 seats."
    assert conflicts("Arvel Dorn's party finished ahead of the Green Union.", beaten) != []
    assert conflicts("Arvel Dorn's party finished behind the Green Union.", beaten) == []


def test_the_winner_of_the_same_contest_is_ahead_of_everyone():
    story = ("Tomas Brel won the 2026 Tour of Dovania on 1 March, finishing two minutes ahead "
             "of a team-mate. Mira Solt won the final stage in a sprint.")
    assert conflicts("Tomas Brel finished second in the 2026 Tour of Dovania, behind Mira Solt.",
                     story) == ["the claim says Mira Solt ahead of Tomas Brel; [1] says Tomas "
                                "Brel won"]
    # A count won is no win of the contest: the hosts won medals, not the Games.
    games = ("Dovania finished second in the medal table with 12 golds, moving ahead of "
             "Varna late in the Games. Varna won 30 medals at the Games.")
    assert conflicts("Varna finished ahead of Dovania in the medal table of the Games.",
                     games) == ["the claim says Varna ahead of Dovania; [1] says Dovania ahead "
                                "of Varna"]


def test_an_order_told_of_another_stage_or_ahead_of_time_says_nothing():
    # The run-off's result in the headline is not the first round's.
    page = titled("Tomas Brel wins the Dovan mayoralty, beating Mira Solt",
                  "Brel won the run-off on 22 March with 53% of the vote.")
    assert conflicts("Mira Solt finished ahead of Tomas Brel in the first round of the Dovan "
                     "mayoral election.", page) == []
    assert conflicts("Mira Solt finished ahead of Tomas Brel in the Dovan mayoral election.",
                     "Polls suggest Tomas Brel will finish ahead of Mira Solt in the Dovan "
                     "mayoral election.") == []
    # A story that puts them both ways (two rounds it does not name) settles nothing.
    assert conflicts("Mira Solt finished ahead of Tomas Brel.",
                     "Mira Solt finished ahead of Tomas Brel at first, but Tomas Brel finished "
                     "ahead of Mira Solt at the end.") == []


def test_a_figure_of_a_kind_or_period_the_claim_never_names_is_another_measure():
    story = ("Varna Motors reported on 12 February that for the first nine months of the fiscal "
             "year ending March 2026 it had an operating loss of 10.1 billion yen and a net loss "
             "of 250.2 billion yen. For the first time it gave a full-year forecast, projecting "
             "a net loss of about 650 billion yen.")
    assert conflicts("Varna Motors said in February 2026 that it expected a net loss of about "
                     "650 billion yen for the fiscal year ending in March 2026.", story) == []
    inflation = ("Dovania's headline inflation eased to 4.0% in May, while the trimmed-mean rate "
                 "rose to 3.6%.")
    assert conflicts("Dovania's trimmed-mean inflation eased to 3.2% in May.", inflation) == [
        "the claim says 3.2%; [1] says 3.6%"]


def test_two_people_given_each_others_posts_are_a_contradiction():
    story = ("Dovan Pictures announced on 3 February that its board had picked Tomas Brel to "
             "succeed Arvel Dorn as chief executive. Mira Solt, the other finalist, was "
             "promoted to the new post of president.")
    (found,) = conflicts("Dovan Pictures appointed Mira Solt as chief executive in February, "
                         "with Tomas Brel becoming president.", story)
    assert found.startswith("the claim says Mira Solt; [1] says") and found.endswith("Brel")
    assert conflicts("Dovan Pictures appointed Tomas Brel as chief executive in February, with "
                     "Mira Solt becoming president.", story) == []


def test_the_most_of_something_given_to_another_or_turned_round_is_a_contradiction():
    awards = ("Kestia Film Awards, 14 February 2026. 'Blue Harbour' by Mira Solt won best "
              "film and four other awards. Tomas Brel's 'Night Ferry' was the most awarded film "
              "of the night with six prizes.")
    assert conflicts("'Blue Harbour' was the most awarded film at the 2026 Kestia Film Awards.",
                     awards) == ["the claim says Blue Harbour; [1] says Night Ferry"]
    assert conflicts("'Night Ferry' was the most awarded film at the 2026 Kestia Film Awards.",
                     awards) == []
    rates = ("Dovania's fertility rate rose to 0.80 in 2025. Varna's rate rose to 0.63 but "
             "remained the lowest in the country.")
    assert conflicts("Varna recorded the highest fertility rate of any region of Dovania in "
                     "2025.", rates) == ["the claim says highest; [1] says lowest"]
    assert conflicts("Varna recorded the lowest fertility rate of any region of Dovania in "
                     "2025.", rates) == []


def test_a_superlative_over_time_or_of_another_thing_is_another_slot():
    # The highest since 2021 ranks the year against the past, not the region against others.
    past = ("Varna's fertility rate rose to 0.70 in 2025, the highest rate since 2021. Osk "
            "recorded the highest rate in the country.")
    assert conflicts("Varna recorded the lowest fertility rate of any region of Dovania in "
                     "2025.", past) == []
    # The largest opposition party is not the largest party.
    parties = "The Green Union won 40 seats and became the largest opposition party."
    assert conflicts("The Dovan Labour Party became the largest party after the 2026 "
                     "election, ahead of the Green Union.", parties) == []
    # A clause that looks ahead ranks nothing yet.
    assert conflicts("'Blue Harbour' was the most awarded film at the 2026 Kestia Film Awards.",
                     "Critics expect that 'Night Ferry' will be the most awarded film at the "
                     "2026 Kestia Film Awards.") == []
