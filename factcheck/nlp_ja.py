"""Japanese language analysis for the evidence judge, from GiNZA's ``ja_ginza`` pipeline.

It builds the same ``Sentence`` records as the English analysis (nlp.py), so the evidence
judge applies one set of rules to both languages:

- names: GiNZA's entities and proper-noun runs, with their grammatical role (subject,
  object, or the case particle that links them to a verb: で, に, から);
- quantities: numbers in Arabic or kanji digits with their scale words (万, 億, 兆), units
  (円, ドル, ％, ポイント) and counters (人, 件, 議席): the counter is part of the unit, so
  "40人" is never compared with "40件";
- predicates with negation (〜ない, 〜ず, and a verbal noun denied by 否定, 拒否, 見送る)
  and whether they report or expect (〜へ, 予定, 見通し, 〜だろう);
- content words for coverage.

Japanese is written without spaces, so a name's key keeps its words apart with spaces
("フレデリック ジスレル"); looking a name up in a text ignores spaces and ・.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache

from .pipelines import load_checked

__all__ = [
    "JA_ALIASES", "JA_PREVIEW_WORDS", "PIPELINE", "compact", "is_japanese", "parse_number",
    "parse_quantities", "pipeline", "sentence", "name_key",
]

log = logging.getLogger(__name__)

PIPELINE = "ja_ginza"
PIPELINE_META = ("ginza", "5.3.0")

_KANA = re.compile(r"[\u3040-\u30ff]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def is_japanese(text: str) -> bool:
    """Kana make a text Japanese: Chinese has none, and Japanese sentences always have some."""
    return bool(_KANA.search(text))


@lru_cache(maxsize=1)
def pipeline():
    """GiNZA, loaded once; its package name and version are checked."""
    return load_checked(PIPELINE, PIPELINE_META, "ja-ginza==5.3.0", "Japanese")


# Full-width digits, letters and signs to their ASCII forms, one character for one, so that
# offsets into the text stay valid.
_WIDTH = {c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
_WIDTH[0x3000] = " "


def narrow(text: str) -> str:
    return text.translate(_WIDTH)


def compact(text: str) -> str:
    """A text as names are looked up in it: narrow forms, lower case, no spaces, no ・."""
    return re.sub(r"[\s・･=＝]", "", unicodedata.normalize("NFKC", text)).lower()


# Short and long forms of the same name; the key is the long one.
JA_ALIASES = {
    "米国": "アメリカ", "米": "アメリカ", "アメリカ合衆国": "アメリカ", "英国": "イギリス",
    "英": "イギリス", "日銀": "日本銀行", "自民": "自民党", "自由民主党": "自民党",
    "立憲": "立憲民主党", "露": "ロシア",
    "国連": "国際連合", "欧州連合": "EU", "東証": "東京証券取引所", "全豪": "全豪オープン",
    "NY": "ニューヨーク",
}
_SHORT: dict[str, list[str]] = {}
for _short, _long in JA_ALIASES.items():
    _SHORT.setdefault(compact(_long), []).append(compact(_short))

# Words around a name that are not part of who it is: honorifics and titles.
_TITLES = frozenset(
    """氏 さん 様 君 ちゃん 首相 大統領 前大統領 元大統領 副大統領 総理 総理大臣 大臣 知事 市長
    町長 村長 議員 委員長 代表 党首 総裁 社長 会長 副社長 長官 容疑者 被告 被告人 選手 監督 元 前
    現 新 氏ら 議長 国王 女王 王子 教授 博士 書記長 主席 外相 首席""".split())


def name_key(words: list[str]) -> str:
    parts = [narrow(w).strip().lower() for w in words]
    parts = [p for p in parts if p and p not in ("・", "･", "=", "の") and p not in _TITLES]
    while parts and parts[-1] in _TITLES:
        parts.pop()
    key = " ".join(parts)
    alias = JA_ALIASES.get(key.replace(" ", ""))
    return alias.lower() if alias else key


def lookup_forms(key: str) -> list[str]:
    """The compact forms under which a name may be written (a key keeps a ・ the tokenizer
    left inside a word: "フジ・メディアhd")."""
    whole = compact(key)
    return [whole, *_SHORT.get(whole, [])]


# -- quantities ------------------------------------------------------------------------------

_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6,
                 "七": 7, "八": 8, "九": 9, "壱": 1, "弐": 2, "参": 3}
_SMALL = {"十": 10, "百": 100, "千": 1000}
_LARGE = {"万": 1e4, "億": 1e8, "兆": 1e12}
_NUM = r"[0-9０-９][0-9０-９.,．，]*|[〇零一二三四五六七八九十百千壱弐参]+"
# A number: digit groups each with an optional 万/億/兆 ("1兆5000億", "3万2000", "三千").
_QUANTITY = re.compile(
    rf"(?<![A-Za-z0-9.,．])(?<![A-Za-z][ -])"
    rf"(?P<pre>約|およそ|ほぼ|少なくとも|最大|最低|計|総額|合計|推定|第)?"
    rf"(?P<num>(?:(?:{_NUM})[万億兆]?)+)"
    r"(?P<unit>号機|号車|号線|号|区|番目|番|度目|回目|代目|期目|位|世(?!帯)|"
    r"パーセントポイント|パーセント|ポイント|[%％]|ドル|円|ユーロ|ポンド|ウォン|元|ルピー|勝|敗|場所|"
    r"人|名|件|議席|票|回|台|棟|戸|社|機|隻|頭|匹|点|個|本|枚|歳|倍|割|位|連覇|連勝|校|カ国|か国|"
    r"ヵ国|ヶ国|国|都市|店|日間|か月|カ月|ヶ月|年間|時間|分間|秒|キロ|メートル|トン|度|人分|"
    # Any other katakana word right after a number counts in its own units ("2セット",
    # "3ゲーム"): a bare number is never the same count.
    r"世帯|軒|万人|[ァ-ヺ][ァ-ヺー]{1,5})?"
    r"(?P<post>以上|超|余り|あまり|近く|程度|前後|ほど|未満|以下|を超える|を超え|"
    r"を[上下]回(?:る|り|った))?")
# A fraction: "4分の1", "3分の2強".
_FRACTION = re.compile(rf"(?P<whole>{_NUM})分の(?P<part>{_NUM})"
                       r"(?P<post>余り|あまり|以上|超|強|弱)?")
_UNITS = {"%": "%", "％": "%", "パーセント": "%", "ポイント": "pp", "パーセントポイント": "pp",
          "ドル": "USD", "円": "JPY", "ユーロ": "EUR", "ポンド": "GBP", "ウォン": "KRW",
          "元": "CNY", "ルピー": "INR", "倍": "times", "位": "ordinal", "名": "count:人",
          "万人": "count:人", "カ国": "count:国", "か国": "count:国", "ヵ国": "count:国",
          "ヶ国": "count:国", "国": "count:国", "か月": "count:月", "カ月": "count:月",
          "ヶ月": "count:月"}
# Numbers that name rather than count: "8号機", "2度目", "第60回", "3世" ("10区" in _IDS).
_ORDINALS = frozenset("番目 番 度目 回目 代目 期目 位 世".split())
_IDS = frozenset("号機 号車 号線 号 区".split())
# A figure the sentence says is exceeded or undercut: "1兆8000億円を上回り", "を下回った".
_ABOVE = ("を上回る", "を上回り", "を上回った")
_BELOW = ("を下回る", "を下回り", "を下回った")
_FLOOR = frozenset(("以上", "超", "余り", "あまり", "少なくとも", "最低", "を超える", "を超え",
                    *_ABOVE))
_APPROX_WORDS = frozenset(("約", "およそ", "ほぼ", "近く", "程度", "前後", "ほど",
                           "以上", "超", "余り", "あまり", "少なくとも", "最大", "最低", "推定",
                           "未満", "以下", "を超える", "を超え", *_ABOVE, *_BELOW))


def _digits(text: str) -> tuple[float, int] | None:
    """One group without 万/億/兆: "5000" -> 5000, "1.5" -> 1.5, "三千二百" -> 3200, "3千" ->
    3000."""
    text = narrow(text).replace("．", ".").replace("，", ",")
    if text[:1].isdigit() and text[-1:] in _SMALL and len(text) > 1:
        # "3千", "1万2千": digits with a small scale word.
        parsed = _digits(text[:-1])
        if parsed is None:
            return None
        # Written to the thousand: "3千" is a round figure, its step 1000.
        return parsed[0] * _SMALL[text[-1]], parsed[1] - len(str(_SMALL[text[-1]])) + 1
    if text[:1].isdigit():
        cleaned = text.replace(",", "")
        try:
            value = float(cleaned)
        except ValueError:
            return None
        return value, len(cleaned.split(".")[1]) if "." in cleaned else 0
    total, current = 0, 0
    for ch in text:
        if ch in _KANJI_DIGITS:
            current = current * 10 + _KANJI_DIGITS[ch]
        elif ch in _SMALL:
            total += (current or 1) * _SMALL[ch]
            current = 0
        else:
            return None
    return float(total + current), 0


def parse_number(text: str) -> float | None:
    """A number written in digits or kanji, with its scale words: "18" -> 18, "十二" -> 12,
    "1兆5000億" -> 1.5e12; None where it is not one."""
    parsed = _number(text)
    return parsed[0] if parsed else None


def _number(text: str) -> tuple[float, float] | None:
    """A whole number with its scale words, and the step it is written to:
    "1兆5000億" -> (1.5e12, 1e8), "3万2000" -> (32000, 1), "40" -> (40, 1)."""
    value, step = 0.0, 1.0
    for group, scale in re.findall(r"([^万億兆]+)([万億兆]?)", text):
        parsed = _digits(group)
        if parsed is None:
            return None
        number, decimals = parsed
        factor = _LARGE.get(scale, 1.0)
        value += number * factor
        step = factor * 10.0 ** -decimals
    return value, step


def parse_quantities(text: str) -> list[tuple[float, str, bool, float, bool, int, int]]:
    """The figures in a Japanese text as (value, unit, approximate, step, lower bound, start,
    end). Years, months, days and times are dates, not figures; a number without a unit or
    counter is a bare count."""
    out, taken = [], set()
    for m in _FRACTION.finditer(text):
        whole, part = _number(m.group("whole")), _number(m.group("part"))
        if not whole or not part or not whole[0] or part[0] >= whole[0]:
            continue
        # "4分の1余り減った" is a share of a quarter or a little more: 25%, as roughly as a
        # fraction is said.
        value = 100 * part[0] / whole[0]
        floor = bool(m.group("post")) and m.group("post") in _FLOOR
        out.append((value, "%", True, 100 / whole[0] / 5, floor, m.start(), m.end()))
        taken.update(range(m.start(), m.end()))
    for m in _QUANTITY.finditer(text):
        if m.start() in taken:
            continue
        num, unit_word = m.group("num"), m.group("unit") or ""
        after = text[m.end("num"):m.end("num") + 1]
        if not unit_word and after and after in "年月日時分":
            continue
        # The first day of a run of days ("3月6〜8日", "6、7日"): a date too.
        if not unit_word and (text[m.start() - 1:m.start()] == "月" or re.match(
                r"[〜～~・、-]\s*[0-9０-９]+[年月日]", text[m.end("num"):])):
            continue
        if not unit_word and not num[:1].isdigit() and len(num) < 2:
            continue  # a lone kanji numeral ("一時", "十分") is a word far more often than a figure
        if not unit_word and text[m.start() - 1:m.start()] in ("（", "(") and m.start() and \
                text[m.end():m.end() + 1] in ("）", ")"):
            continue  # "中井亜美（17）": a person's age, as Japanese news writes it
        parsed = _number(num)
        if parsed is None:
            continue
        value, step = parsed
        if unit_word == "万人":
            value, step = value * 1e4, step * 1e4
        if unit_word in _IDS:
            # "6号機" names one reactor of several: a unit of its own kind.
            out.append((value, f"id:{unit_word}", False, step, False, m.start(), m.end()))
            continue
        if unit_word in _ORDINALS or m.group("pre") == "第":
            out.append((value, "ordinal", False, step, False, m.start(), m.end()))
            continue
        if unit_word == "割":
            value, step, unit = value * 10, step * 10, "%"
        elif unit_word:
            unit = _UNITS.get(unit_word, f"count:{unit_word}")
        else:
            # A bare number: never compared with a counted one ("震度5強" is no count of
            # people), though an English count may match it.
            unit = "count:"
        words = {m.group("pre") or "", m.group("post") or ""}
        approx = bool(words & _APPROX_WORDS)
        floor = bool(words & _FLOOR)
        # "6万円台" is the range from 60,000 up to 70,000: the 台 belongs to the figure.
        end = m.end() + (text[m.end():m.end() + 1] == "台")
        out.append((value, unit, approx, step, floor, m.start(), end))
    return out


# -- sentences -------------------------------------------------------------------------------

_CONTENT_POS = frozenset(("NOUN", "PROPN", "VERB", "ADJ", "NUM"))
_STOP = frozenset(
    """する ある いる なる れる られる こと もの ため よう ところ これ それ あれ この その
    など ほか 以上 以下 同日 今回 今年 昨年 年 月 日 時 分 人 方 中 上 下 後 前 間 際 等
    ない 行う 受ける 述べる 話す 言う 明らか 明らかにする 発表 会見 によると 関係者 ことし
    よる ごろ 午前 午後 末 おる できる""".split())
# Kanji that say little about what a figure counts ("者" in 死者, "数" in 人数).
_GENERIC_KANJI = frozenset("者人的数大小中上下前後年月日時分円約同今全各第期間内外超以化性等"
                           "回件度目高新最多少計総額率比"
                           # Money words: 純利益 and 投資利益 are other sums, and share 利益.
                           "利益資終字"
                           "增増減")
_NAME_CLASSES = (
    ("agent", ("Person", "Company", "Organization", "Party", "Government", "Team", "Corporation",
               "Institute", "School", "Military", "Group", "Ethnic", "Nationality")),
    ("place", ("Country", "Province", "City", "County", "GPE", "Location", "Region", "Facility",
               "Station", "Airport", "Park", "Mountain", "River", "Island", "Sea", "Lake", "Bay",
               "Road", "Stadium", "Port", "Line", "Tunnel", "Bridge", "Theater", "Spa",
               "Continent", "Domestic")),
    ("work", ("Product", "Event", "Title", "Law", "Award", "Game", "Music", "Book", "Movie",
              "Plan", "Rule", "Treaty", "Vehicle", "Weapon", "Art", "Offence", "Conference",
              "War", "Incident", "Show", "Broadcast", "Newspaper", "Magazine", "Character",
              "Occasion", "Competition", "Sport")),
)
# Entity classes that are not names: titles, numbers, times, common things.
_NOT_NAMES = ("Position", "Date", "Time", "Period", "Era", "N_", "Money", "Percent", "Countx",
              "Ordinal", "Frequency", "Age", "Weight", "Length", "Area", "Volume", "Speed",
              "Temperature", "Point", "Rank", "Stock", "Calorie", "Seismic", "Measurement",
              "Numex", "Multiplication", "School_Age", "Color", "Animal", "Food", "Disease",
              "Natural", "Flora", "Fauna", "Mineral", "Element", "Compound", "Unit", "Currency",
              "Latitude", "Physical", "Space", "Intensity", "Timex", "Doctrine")
_NEGATIONS = frozenset(("ない", "ぬ", "ず", "ん", "無い"))
# Verbs whose object did not happen: "辞任を否定した" = did not resign.
_NEGATING = frozenset(("否定", "拒否", "見送る", "断念", "撤回", "否認", "見送り", "中止"))
# Words that make a sentence about what is expected rather than what happened.
_IRREALIS = frozenset(
    """だろう でしょう う よう まい かもしれない 予定 見通し 見込み 予想 方針 検討 目指す 予測
    計画 可能性 見方 期待 狙う 公算 構え 意向 調整 方向 見込む 予定だ 恐れ おそれ 懸念 想定
    目標 めざす 模索 視野 予測する 予想する 見通す 推計 試算""".split())
JA_PREVIEW_WORDS = frozenset("世論調査 予想 見通し 予測 情勢調査 出口調査 前哨戦 展望".split())
_LIGHT_VERBS = frozenset("決める 果たす 遂げる 飾る 勝ち取る 達成 決 する".split())
# Verbs that follow て/で as auxiliaries (〜ている, 〜てしまう, 〜ておく).
_SUBSIDIARY = frozenset("いる ある おる しまう おく いく くる みる".split())
_BRACKETED = re.compile(r"（[^（）]*）")
_OUTCOMES = frozenset("優勝 初優勝 当選 初当選 再選 連覇 勝利 敗北 落選 辞任 就任 退任".split())
_SLOT_CASES = frozenset(("で", "に", "から", "へ", "まで", "より"))


def _kind(label: str) -> str | None:
    if any(label.startswith(p) for p in _NOT_NAMES):
        return None
    for cls, words in _NAME_CLASSES:
        if any(w in label for w in words):
            return cls
    return "any"


def _case(token) -> str:
    return next((c.lemma_ for c in token.children if c.dep_ == "case"), "")


def _role(token) -> tuple[str, ...]:
    head = token.head
    dep = token.dep_
    while dep in ("compound", "flat", "nmod") and head is not head.head and \
            head.pos_ in ("NOUN", "PROPN") and head.dep_ in ("nsubj", "obj", "obl"):
        if dep == "nmod" and not (head.dep_ == "obl" and _case(head) in _SLOT_CASES):
            break  # "韓国の裁判所が": the country qualifies the court, it is not the subject
        # "クラン・モンタナのバーで": the place is part of the phrase that says where.
        token, head, dep = head, head.head, head.dep_
    if dep == "nsubj":
        return ("nsubj", head.lemma_)
    if dep == "obj":
        return ("dobj", head.lemma_)
    if dep in ("obl", "nmod"):
        case = _case(token)
        if case in _SLOT_CASES:
            return ("pobj", case, head.lemma_)
        return (dep,)
    if dep == "conj":
        return _role(head)
    return (dep,)


def _phrase_tokens(token) -> list:
    """A name with its compound parts."""
    parts, todo = [token], [token]
    while todo:
        for child in todo.pop().children:
            if child.dep_ in ("compound", "flat") and child.pos_ in ("PROPN", "NOUN", "SYM"):
                parts.append(child)
                todo.append(child)
    return sorted(parts, key=lambda t: t.i)


def _kanji_and_katakana(words) -> frozenset[str]:
    """What a figure is about, as kanji and katakana words: 死者 and 死亡 share 死."""
    out = set()
    for word in words:
        out.update(ch for ch in word if "\u3400" <= ch <= "\u9fff" and ch not in _GENERIC_KANJI)
        out.update(k for k in re.findall(r"[\u30a0-\u30ff]{2,}", word) if k != "ドル")
    return frozenset(out)


def _anchors(token, counter: str) -> frozenset[str]:
    """The words a figure is about: the noun it counts, the verb it belongs to and that
    verb's subject ("死者は3人にとどまった": とどまる, 死者), or, where the figure is what the
    sentence says ("金メダルは3個だった"), its subject. The counter is the unit, not one of
    them."""
    # The subject phrase as a whole: "自民党が獲得したのは296議席だった" is about 獲得. Its
    # names say whose the figure is, not what it counts: "日本が獲得した金メダル" and
    # "日本勢のメダル" share 日本, not a measure.
    words = [t.lemma_ for c in token.children if c.dep_ in ("nsubj", "csubj") for t in c.subtree
             if t.pos_ in ("NOUN", "VERB")]
    head, hops = token, 0
    while hops < 3 and head.head is not head:
        head = head.head
        hops += 1
        if head.pos_ in ("NOUN", "PROPN", "VERB", "ADJ"):
            words.append(head.lemma_)
        if head.pos_ == "VERB":
            words += [c.lemma_ for c in head.children
                      if c.dep_ in ("nsubj", "obj") and c.pos_ in ("NOUN", "PROPN")
                      and c is not token]
            break
    words += [c.lemma_ for c in token.children if c.dep_ in ("nmod", "compound")
              and c.pos_ in ("NOUN", "PROPN")]
    return _kanji_and_katakana(words) - set(counter)


def _owner(token) -> tuple[str, frozenset[str], bool]:
    """Whose figure it is: the subject nearest before it of the verb or noun that gives it
    (売上高 for "小売売上高は1.7%増にとどまった", 生産 for "鉱工業生産は5.7%増えた"), with
    the nouns of that subject; empty where there is none, or where the figure is inside a
    noun phrase ("7.2ミリグラムの用量")."""
    head, hops = token, 0
    while head.dep_ == "compound" and head.head is not head:
        head = head.head
    if head.dep_ in ("nmod", "amod", "acl") and not any(c.dep_ == "nsubj" for c in head.children):
        return "", frozenset(), False
    while hops < 2:
        subjects = [c for c in head.children if c.dep_ == "nsubj" and c.i < token.i
                    and c.pos_ in ("NOUN", "PROPN")]
        if subjects:
            subject = max(subjects, key=lambda c: c.i)
            # The compound is the subject: 全店売上高 and 連結売上高 are two sums.
            kind = "".join(c.lemma_ for c in subject.children
                           if c.dep_ == "compound" and c.pos_ == "NOUN" and c.i < subject.i)
            return kind + subject.lemma_, frozenset(
                t.lemma_ for t in subject.subtree
                if t.pos_ in ("NOUN", "PROPN") and t.lemma_ not in _PLAIN_QUALIFIERS
            ), subject.pos_ == "PROPN"
        if head.pos_ in ("VERB", "ADJ") or head.head is head:
            break
        head, hops = head.head, hops + 1
    return "", frozenset(), False


# Nouns that date or compare a figure rather than say what it measures.
_PLAIN_QUALIFIERS = frozenset(
    "年 月 日 前年 前期 今年 昨年 今期 同期 年度 期 比 全体 合計 総額".split())


def _qualifiers(token) -> frozenset[str]:
    """The nouns modifying the noun a figure measures: 消費者, 物価 and 上昇率 for
    "消費者物価上昇率の目標を「2%前後」とした", none for "目標を「2%前後」とした"."""
    measured, head, hops = [], token, 0
    while not measured and hops < 3 and head.head is not head:
        head, hops = head.head, hops + 1
        if head.pos_ == "NOUN" and head.i != token.i:
            measured.append(head)
        elif head.pos_ == "VERB":
            # What the verb sets to the figure is its object, or else its subject.
            moved = [c for c in head.children if c.dep_ in ("nsubj", "obj")
                     and c.pos_ == "NOUN" and c.i != token.i]
            measured += [c for c in moved if c.dep_ == "obj"] or moved
    out = set()
    for m in measured:
        for c in m.children:
            if c.dep_ in ("nmod", "compound") and c.pos_ == "NOUN":
                out.update(t.lemma_ for t in c.subtree if t.pos_ == "NOUN"
                           and t.lemma_ not in _PLAIN_QUALIFIERS and not t.like_num
                           and any(ch.isalpha() for ch in t.lemma_))
    return frozenset(out)


# Verbs whose negation is falling short: 及ばない and 届かない say 下回る.
_SHORT_OF = frozenset(("及ぶ", "届く"))


def _negated(token) -> bool:
    if any(c.dep_ in ("aux", "advmod") and c.lemma_ in _NEGATIONS for c in token.children):
        return True
    # "辞任を否定した": the verbal noun is what did not happen.
    return token.dep_ == "obj" and token.head.lemma_ in _NEGATING


# Conditional endings: "負ければ王将を失う" (if he loses he loses the title) says nothing of
# whether he lost.
_CONDITIONAL = frozenset(("ば", "たら", "だら", "なら", "ならば"))


def _irrealis(token) -> bool:
    if any(c.dep_ in ("mark", "aux") and c.text in _CONDITIONAL for c in token.children):
        return True
    chain = [token, *(c for c in token.children if c.dep_ == "aux"),
             *list(token.ancestors)[:3]]
    return any(t.lemma_ in _IRREALIS for t in chain)


# What a forecast is measured against when it is a yardstick for what happened
# ("市場予想を上回った", "予想より小さかった", "予想比5％増").
_YARDSTICK_VERBS = frozenset("上回る 下回る 超える 届く 並ぶ 達する".split())
_YARDSTICK_NEXT = frozenset("より 比 通り 並み".split())


def _yardstick(token) -> bool:
    nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return token.head.lemma_ in _YARDSTICK_VERBS or (
        nxt is not None and nxt.text in _YARDSTICK_NEXT)


def _subtree_words(token) -> str:
    return " ".join(t.text for t in token.subtree
                    if t.pos_ in ("NOUN", "PROPN", "VERB", "NUM", "ADJ"))


# Prefixes that give a verbal noun its direction: "上方修正" and "下方修正" are opposites.
_DIRECTIONS = frozenset("上方 下方".split())


_DOTTED_NAME = re.compile(r"[ァ-ヶー]{2,}(?:[・･][ァ-ヶー]{2,})+")


def sentence(sent, types) -> object:
    """A GiNZA sentence span as nlp.Sentence (``types`` is the nlp module's records, passed in
    to keep one definition of them)."""
    Mention, Quantity, Predicate, Sentence = types
    text = sent.text.strip()
    lemmas = frozenset(t.lemma_ for t in sent if not t.is_punct and not t.is_space)
    timed = {t.i for e in sent.ents if e.label_.startswith(("Date", "Time", "Era", "Period"))
             for t in e}
    content = frozenset(
        narrow(t.lemma_).lower() for t in sent
        if t.pos_ in _CONTENT_POS and len(t.lemma_) >= 2 and t.lemma_ not in _STOP
        and not t.like_num and "数詞" not in t.tag_ and t.i not in timed)
    mentions, covered, dates = [], set(), []
    for ent in sent.ents:
        if ent.label_ in ("Date", "Time") or ent.label_.startswith(("Date", "Time", "Era")):
            dates.append(ent.text)
            continue
        cls = _kind(ent.label_)
        if cls is None:
            continue
        key = name_key([t.text for t in ent])
        if key and not key.replace(" ", "").isdigit():
            mentions.append(Mention(ent.text, key, cls, _role(ent.root)))
            covered.update(range(ent.start, ent.end))
    run: list = []
    for token in [*sent, None]:
        if token is not None and (token.pos_ == "PROPN" or "固有名詞" in token.tag_ or (
                run and token.text in ("・", "･"))) and token.i not in covered:
            run.append(token)
            continue
        while run and run[-1].text in ("・", "･"):
            run.pop()
        if run:
            key = name_key([t.text for t in run])
            if key and len(key.replace(" ", "")) >= 2:
                mentions.append(Mention("".join(t.text for t in run), key, "any",
                                        _role(run[-1])))
            run = []
    by_char = {}
    for token in sent:
        for i in range(token.idx, token.idx + len(token.text)):
            by_char[i] = token
    # A foreign name written in katakana with a middle dot ("ウォルケネシュ・エデサ") is a
    # name whether or not the tagger calls its parts proper nouns.
    base = sent.start_char
    for found in _DOTTED_NAME.finditer(sent.text):
        tokens = list(dict.fromkeys(by_char[base + i] for i in range(found.start(), found.end())
                                    if base + i in by_char))
        # A part the recogniser took for a name of its own ("ユタ", a place) is the name's.
        if not tokens or any(found.group() in m.text for m in mentions) or any(
                t.i in covered for t in tokens) and not any(
                m.text in found.group() for m in mentions):
            continue
        mentions[:] = [m for m in mentions if m.text not in found.group()]
        key = name_key([t.text for t in tokens])
        mentions.append(Mention(found.group(), key, "any", _role(tokens[-1])))
    quantities = []
    for value, unit, approx, step, _floor, start, end in parse_quantities(sent.text):
        token = by_char.get(base + start)
        counter = unit.split(":", 1)[1] if unit.startswith("count:") else ""
        last = by_char.get(base + end - 1, token)
        anchors = _anchors(last, counter) if token is not None else frozenset()
        qualifiers = _qualifiers(last) if token is not None else frozenset()
        written = sent.text[start:end]
        owner = _owner(last) if token is not None else ("", frozenset(), False)
        quantities.append(Quantity(value, unit, written, approx, step, anchors, qualifiers,
                                   False, *owner))
    predicates = []
    for token in sent:
        # A verbal noun is the verb when a light verb carries it ("再選を決めた" = was
        # re-elected) or a denial does ("辞任を否定した").
        light = token.pos_ == "NOUN" and token.dep_ == "obj" and (
            token.head.lemma_ in _NEGATING or token.head.lemma_ in _LIGHT_VERBS) and (
            token.tag_.endswith("サ変可能") or token.lemma_ in _OUTCOMES)
        verbal = token.pos_ == "VERB" or light
        if not verbal or token.lemma_ in _NEGATING or token.lemma_ in _LIGHT_VERBS:
            continue
        if token.lemma_ in _SUBSIDIARY and token.i > sent.start \
                and token.doc[token.i - 1].text in ("て", "で"):
            continue  # "終わっていた": the いる of 〜ている says how, not that something exists
        # A passive verb's subject is what it is done to: "選ばれた" / "選んだ".
        passive = any(c.dep_ == "aux" and c.lemma_ in ("れる", "られる") for c in token.children)
        deps = ("obj", "nsubj") if passive else ("nsubj", "obj")
        # A verbal noun's subject is its light verb's.
        holder = token.head if light else token
        subjects, objects = (tuple(k for c in holder.children if c.dep_ == dep and c is not token
                                   for k in [_name_of(c, mentions)] if k) for dep in deps)
        things = tuple(c.lemma_ for c in token.children if c.dep_ == deps[1])
        spans = tuple(" ".join(_subtree_words(c) for c in token.children if c.dep_ == dep)
                      for dep in deps)
        lemma = token.lemma_
        if token.i > sent.start and token.doc[token.i - 1].lemma_ in _DIRECTIONS:
            lemma = token.doc[token.i - 1].lemma_ + lemma  # "下方修正": not any revision
        negated = _negated(token)
        if negated and lemma in _SHORT_OF:
            # "Yに及ばなかった", "2兆円目標に届かず": fell short of it, as 下回る says.
            lemma, negated = "下回る", False
        predicates.append(Predicate(lemma, negated, _irrealis(token), subjects,
                                    objects, False, things, spans))
    expects = frozenset(t.lemma_ for t in sent
                        if t.lemma_ in JA_PREVIEW_WORDS and not _yardstick(t))
    irrealis = any(p.irrealis for p in predicates[-1:]) or bool(
        expects) or text.rstrip("。」』）) ").endswith("へ")
    # A figure the recogniser also took for a name ("十人" in "三十人") is a figure only, and a
    # name in brackets is an aside: an age and affiliation ("戸塚優斗（24＝ヨネックス）"), a
    # reading, an abbreviation, a ward.
    asides = [range(m.start(), m.end()) for m in _BRACKETED.finditer(text)]

    def aside(name: str) -> bool:
        at = [m.start() for m in re.finditer(re.escape(name), text)]
        return bool(at and asides) and all(any(i in r for r in asides) for i in at)

    mentions = [m for m in mentions if not any(m.text in q.text for q in quantities)
                and not aside(m.text)]
    vector = sent.vector
    norm = float((vector ** 2).sum()) ** 0.5 if vector is not None and len(vector) else 0.0
    return Sentence(text, lemmas, content, mentions, quantities, dates, predicates, irrealis,
                    (vector / norm).astype("float32") if norm else None, expects=expects)


def _name_of(token, mentions) -> str:
    """The key of the name a subject or object is, or is headed by."""
    words = [t.text for t in _phrase_tokens(token)]
    if token.pos_ != "PROPN" and "固有名詞" not in token.tag_ and not (
            token.ent_type_ and _kind(token.ent_type_)):
        return ""
    key = name_key(words)
    for m in mentions:
        if m.key and (m.key in key or key in m.key):
            return m.key
    return key
