"""What the retrieved articles say about a claim, slot by slot, read from a parse (nlp.py).

Per article: how much of the claim it covers (content words, names, quantities), and the
contradictions a reader can check, each naming both values and quoting the sentence:

- a quantity of the claim given differently for the same thing ("40 dead" / "3 dead"), with
  units, scale words and approximations normalised first;
- a name of the claim missing from the article while the article puts another name in the
  same slot (after the same preposition, or as subject or object of the same verb);
- another winner for the claim's "won"/"beat" verb;
- the claim's verb negated on one side only, or replaced by its opposite, for the same subject.

Time decides what an article may do. An article published before the day the claim dates its
event is background; so is a sentence that previews rather than reports (future, modal verbs,
polls, forecasts): neither can contradict the claim. ``judge.py`` turns the features into
label probabilities.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from . import places
from .dates import claim_date_spans, date_mentions
from .nlp import (
    ALIASES,
    PREVIEW_WORDS,
    REPORTING_VERBS,
    Mention,
    Quantity,
    Sentence,
    analyse,
    analyse_many,
    fold,
    name_key,
)
from .nlp_ja import compact, is_japanese, lookup_forms, parse_number
from .passage import Hit, split_sentences

__all__ = [
    "FEATURES", "ArticleEvidence", "Conflict", "article_evidence", "parse_ahead",
    "sentences_and_pairs",
]

FEATURES = (
    "sim_max",  # best cosine similarity between the claim and one evidence sentence (English)
    "sim_max_ja",  # the same for a Japanese claim: the English embedding model reads Japanese
    # differently (any two Japanese sentences score high), so it gets its own weight
    "cover_words",  # share of the claim's content lemmas found in the article
    "sentence_cover",  # the most of the claim's content lemmas one sentence (or two) holds
    "novel_words",  # claim content lemmas found nowhere in the article
    "cover_names",  # share of the claim's names found
    "cover_numbers",  # share of the claim's quantities found (normalised)
    "missing_names",  # claim names absent from the article
    "unmatched_numbers",  # claim quantities absent while the article gives some of that unit
    "preview",  # the best-matching sentence previews rather than reports
    "conflict_value",  # a quantity or name slot filled differently (quoted)
    "conflict_polarity",  # negation or an opposite verb for the same subject (quoted)
)

# Verbs that name who came first: their subjects are a slot of their own.
_WIN = frozenset("win beat defeat clinch sweep top edge overcome oust retain defend "
                 "破る 下す 制する 勝つ 優勝 勝利 制覇 撃破".split())
_SYNONYMS = [_WIN, frozenset("elect name appoint choose pick select crown declare swear "
                             "選ぶ 選出 任命 指名 選任".split()),
             frozenset("kill die 死亡 死去 亡くなる 死ぬ 殺害".split()),
             frozenset("引き上げる 利上げ 上げる".split()),
             frozenset("引き下げる 利下げ 下げる".split()),
             frozenset("増加 増える 上昇 上がる 伸びる 値上がり".split()),
             frozenset("減少 減る 下落 下がる 値下がり".split()),
             frozenset("使う 利用 使用".split()),
             frozenset("hold keep maintain 据え置く 維持".split()),
             frozenset("上回る 超える".split()),
             frozenset("adopt finalise finalize".split()),
             frozenset("launch lift blast".split()),  # "lifted off", "blasted off"
             ]
_OPPOSITES = [
    ("win", "lose"), ("rise", "fall"), ("increase", "decrease"), ("increase", "fall"),
    ("rise", "decline"), ("gain", "lose"), ("approve", "reject"), ("accept", "reject"),
    ("convict", "acquit"), ("open", "close"), ("raise", "cut"), ("raise", "lower"),
    ("confirm", "deny"), ("allow", "ban"), ("survive", "die"), ("pass", "fail"),
    ("grow", "shrink"), ("hold", "cut"), ("hold", "raise"), ("resign", "remain"),
    ("agree", "refuse"), ("agree", "reject"), ("retain", "lose"), ("keep", "lose"),
    ("acquit", "sentence"), ("end", "continue"), ("lift", "impose"), ("endorse", "reject"),
    ("support", "oppose"),
    # Courts, votes and decisions.
    ("uphold", "strike"), ("uphold", "overturn"), ("uphold", "reverse"), ("uphold", "block"),
    ("uphold", "reject"), ("adopt", "reject"), ("approve", "veto"), ("pass", "veto"),
    ("pass", "reject"), ("sign", "veto"), ("approve", "block"), ("approve", "deny"),
    ("grant", "deny"), ("grant", "reject"), ("ratify", "reject"), ("succeed", "fail"),
    # Membership, office, custody.
    ("join", "leave"), ("join", "quit"), ("enter", "exit"), ("hire", "fire"),
    ("appoint", "dismiss"), ("appoint", "fire"), ("arrest", "release"), ("detain", "release"),
    ("resume", "suspend"), ("resume", "halt"), ("impose", "scrap"), ("impose", "remove"),
    # Figures and forecasts.
    ("rise", "drop"), ("rise", "slide"), ("gain", "fall"), ("gain", "drop"),
    ("increase", "drop"), ("increase", "decline"), ("grow", "contract"), ("grow", "decline"),
    ("expand", "shrink"), ("expand", "contract"), ("widen", "narrow"), ("exceed", "miss"),
    ("beat", "miss"), ("surge", "plunge"), ("strengthen", "weaken"), ("tighten", "ease"),
    ("tighten", "loosen"), ("improve", "worsen"), ("improve", "deteriorate"),
    ("accelerate", "slow"), ("hold", "lower"),
    ("勝つ", "負ける"), ("勝利", "敗北"), ("破る", "敗れる"), ("上昇", "下落"), ("増加", "減少"),
    ("増える", "減る"), ("上がる", "下がる"), ("引き上げる", "引き下げる"),
    ("引き上げる", "据え置く"), ("引き下げる", "据え置く"), ("利上げ", "利下げ"),
    ("利上げ", "据え置く"), ("可決", "否決"), ("承認", "否決"), ("承認", "拒否"),
    ("当選", "落選"), ("当選", "敗れる"), ("再選", "敗れる"), ("再選", "落選"),
    ("成立", "廃案"), ("合意", "決裂"),
    ("開始", "中止"), ("再開", "停止"), ("解除", "発令"), ("有罪", "無罪"),
    ("上回る", "下回る"), ("拡大", "縮小"), ("上方修正", "下方修正"), ("上方修正", "据え置く"),
    ("上方修正", "引き下げる"), ("下方修正", "引き上げる"),
    ("下方修正", "据え置く"), ("増益", "減益"), ("増収", "減収"), ("黒字", "赤字"),
    ("成功", "失敗"), ("賛成", "反対"), ("採択", "否決"), ("続投", "退任"), ("続投", "辞任"),
    ("維持", "引き上げる"), ("維持", "引き下げる"), ("勝ち越す", "負け越す"),
]
_OPPOSITE = {(a, b) for a, b in _OPPOSITES} | {(b, a) for a, b in _OPPOSITES}


def _opposite(p, q) -> bool:
    """Opposite verbs, or verbs of opposite kinds done by the same subject ("Lokedi lost her
    title" / "Lokedi defended it"; "X beat Y" is not against "Y lost")."""
    if (p.lemma, q.lemma) in _OPPOSITE:
        return True
    return any((x, y) in _OPPOSITE for x in _group(p.lemma) for y in _group(q.lemma)) and any(
        _same_name(a, b) for a in _named(p.subjects) for b in _named(q.subjects))


_GENERIC_ANCHORS = frozenset("year month day week time number total percent".split())


def sentences_and_pairs(text: str) -> list[str]:
    """Sentences and pairs of adjacent sentences: a fact is often spread over two."""
    sentences = split_sentences(text) or [text]
    pairs = [f"{a} {b}" for a, b in zip(sentences, sentences[1:], strict=False)]
    return sentences + pairs


@dataclass
class Conflict:
    kind: str  # "number", "name", "place", "role", "date", "negation", "opposite"
    claim_value: str
    evidence_value: str
    sentence: str
    passage: int  # 1-based passage number in the prompt

    def describe(self) -> str:
        return (f"the claim says {self.claim_value}; [{self.passage}] says "
                f"{self.evidence_value}")


@dataclass
class ArticleEvidence:
    article_id: str
    passages: list[int]  # 1-based passage numbers in the prompt
    published: str
    values: dict[str, float] = field(default_factory=dict)
    best_sentence: str = ""
    conflicts: list[Conflict] = field(default_factory=list)
    background: str = ""  # why the article may not decide the claim, when it may not
    unnamed: list[str] = field(default_factory=list)  # the claim's names it never writes

    def vector(self) -> list[float]:
        return [self.values[name] for name in FEATURES]


def _initials(text: str) -> set[str]:
    """Acronyms the text could be abbreviated to ("Federal Bureau of Investigation" -> fbi,
    "Bank of Japan" -> boj and bj, "US Food and Drug Administration" -> ufda and fda)."""
    out = set()
    for run in re.findall(r"(?:[A-Z][\w'’-]*(?:\s+(?:of|the|and|for)(?=\s+[A-Z]))?\s*){2,}",
                          text):
        words = run.split()
        if words[0] in ("The", "A"):
            words = words[1:]
        # Or of its last words: "FDA" for "US Food and Drug Administration".
        for i in range(len(words) - 1):
            if words[i][:1].isupper():
                out.add("".join(w[0] for w in words[i:] if w[:1].isupper()).lower())
                out.add("".join(w[0] for w in words[i:]).lower())
    return out


# Words that head many names: one of them alone does not show the name is there ("Party" in
# "National Liberation Party" is not "People's Party").
_GENERIC = frozenset(
    """party bank court council university ministry group company association union house
    city state states republic league cup open awards award museum hospital school church
    committee commission agency department government parliament assembly club team people
    national international world new south north east west central united federal royal
    democratic republican peoples progressive liberal conservative social front alliance
    movement force forces army police office service services board fund institute center
    centre foundation trust region province county district island islands river lake
    mount airport station stadium prize grand prix championship championships games
    olympics olympic cup final series season conference summit ocean sea gulf bay coast
    strait peninsula valley desert canal square street avenue road bridge park""".split())


_SHORT_FORMS: dict[str, list[str]] = {}
for _short, _long in ALIASES.items():
    _SHORT_FORMS.setdefault(_long, []).append(_short)


# Words that make a name the name of an event: a different one is a different story.
_EVENT_WORDS = frozenset(
    """prix cup open championship championships games olympics awards award final finals
    marathon summit festival election elections referendum series tournament league
    season race rally derby classic bowl slam 杯 カップ 選手権 大会 五輪 オリンピック 選挙 決勝
    グランプリ オープン マラソン 賞 シリーズ リーグ サミット 総選挙 選""".split())


# A court is a party to its ruling: "福岡高裁" is not "大分地裁".
# Courts, ports and stations are told apart by their place: 宇都宮地裁 is not 前橋地裁, 横浜港
# is not 清水港.
_COURT_JA = re.compile(r"(?:高裁|地裁|家裁|簡裁|地検|高検|最高裁|裁判所|空港|港|駅)$")


def _never_named(m: Mention, article: _Article) -> bool:
    """Whether the article writes no part of a person, group or place of the claim's: no word
    of it (nor one beginning alike: "British" for "Britain", "Zelenskyy" for "Zelensky"), not
    its initials, and in Japanese no two of its characters together. Names are spelt, shortened
    and transliterated differently, so only a name with nothing of it there counts."""
    court = _COURT_JA.sub("", m.text) if m.cls == "any" and _COURT_JA.search(m.text) else ""
    if m.cls not in ("agent", "place") and not court:
        return False
    if len(court) >= 2:
        # A court (a port, a station) is told apart by its place: 宇都宮地裁 is not in a story
        # of 前橋地裁.
        return not any(court[i:i + 2] in article.text for i in range(len(court) - 1))
    if _CJK_KEY.search(m.text):
        if len(m.text) < 3:
            # Two characters are looked for whole (高市, 大谷, 沖縄): no pair of them can be.
            return not any(form in article.compact for form in lookup_forms(m.text))
        runs = re.findall(r"[一-龥ァ-ヴーA-Za-z0-9]{2,}", m.text)
        pairs = {run[i:i + 2] for run in runs for i in range(len(run) - 1)}
        return bool(pairs) and not any(pair in article.text for pair in pairs)
    words = [fold(w) for w in re.findall(r"[^\W\d_]{3,}", m.text)
             if w[:1].isupper() and fold(w) not in _GENERIC]
    if not words:
        return False
    if any(f" {w}" in article.folded or any(
            len(os.path.commonprefix([w, x])) >= 4 for x in article.words if x[:1] == w[:1])
           for w in words):
        return False
    # Initials: "WTA" for "the Women's Tennis Association".
    key = m.text.replace(" ", "").replace(".", "")
    if not key.isalpha() or not key.isupper() or len(key) < 2:
        return True
    spelt = r"[\w'’-]*\s+(?:(?:of|the|and|for|de)\s+)?".join(key) + r"\w*"
    return not re.search(rf"\b{spelt}", article.text)


def _spaced_words(text: str) -> str:
    """The text's folded words, one space apart and at both ends, for phrase look-ups."""
    return " " + " ".join(re.findall(r"\w+", fold(text))) + " "


class _Article:
    """An article's text as names are looked up in it."""

    def __init__(self, text: str) -> None:
        self.folded = _spaced_words(text)
        self.words = set(self.folded.split())
        self.initials = _initials(text)
        self.text = text

    @cached_property
    def undotted(self) -> str:
        # "U.S. Open" as "us open".
        return _spaced_words(self.text.replace(".", ""))

    @cached_property
    def compact(self) -> str:
        # Only Japanese names are looked up this way: English articles never pay for it.
        return compact(self.text)

    def has(self, key: str) -> bool:
        if _CJK_KEY.search(key):
            return self._has_japanese(key)
        words = re.findall(r"\w+", key)
        if not words:
            return True
        if any(f" {short} " in self.folded for short in _SHORT_FORMS.get(key, ())):
            return True
        if " " + " ".join(words) + " " in self.folded:
            return True
        # Neither a year nor an event's kind ("2026", "marathon") tells one name from another:
        # "the 2026 Boston Marathon" is not in a story about the 2026 Tokyo Marathon.
        significant = [w for w in words if len(w) >= 3 and w not in _GENERIC
                       and w not in _EVENT_WORDS and not w.isdigit()]
        if len(words) == 1 and key in self.initials:
            return True
        # A surname or another distinctive word stands for the whole name ("Maduro" for
        # "Nicolás Maduro", "Constellation" for "Le Constellation bar").
        return any(len(w) >= 4 and w in self.words for w in significant)


    def _has_japanese(self, key: str) -> bool:
        """Japanese runs words together: a name is in the text when its letters are, spaces
        and ・ aside, or its last distinctive word is (a surname, "ジスレル")."""
        if any(form in self.compact for form in lookup_forms(key)):
            return True
        parts = [p for p in key.split() if len(p) >= 2 and p not in _GENERIC_JA]
        return len(key.split()) > 1 and any(p in self.compact for p in parts)


# Hiragana, katakana and kanji: a key written in them is looked up the Japanese way.
_CJK_KEY = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
# Words that head many Japanese names ("党" in 自民党 and 立憲民主党).
_GENERIC_JA = frozenset("""党 県 市 町 村 区 州 国 省 庁 局 社 会 銀行 大学 政府 議会 委員会 協会
    連合 共和国 王国 地方 地域 空港 駅 球場 スタジアム 選手権 大会 杯 カップ オープン 賞 グループ
    ホールディングス 株式会社 新聞 放送 日本 東京 アメリカ 米国 中国""".split())


@lru_cache(maxsize=4096)
def _reading(text: str) -> _Article:
    """A sentence or phrase as names are looked up in it, built once per text: the checks
    below ask the same sentence about each of the claim's names and verbs."""
    return _Article(text)


def _same_name(a: str, b: str) -> bool:
    if not a or not b:
        return False
    if a == b:
        return True
    aw, bw = set(a.split()), set(b.split())
    return aw <= bw or bw <= aw or a.split()[-1] == b.split()[-1] or _abbreviates(a, b) \
        or _abbreviates(b, a)


_LINKING = frozenset("of the and for &".split())


def _abbreviates(short: str, long: str) -> bool:
    """``short`` is the initials of ``long`` or of its last words: "fda" for "us food and
    drug administration", "boj" for "bank of japan"."""
    if " " in short or not 2 <= len(short) <= 6 or not short.isalpha():
        return False
    words = long.split()
    main = [w for w in words if w not in _LINKING]
    return any("".join(w[0] for w in ws[i:]) == short
               for ws in (words, main) if len(ws) >= 2 for i in range(len(ws) - 1))


def _group(lemma: str) -> frozenset[str]:
    return next((g for g in _SYNONYMS if lemma in g), frozenset({lemma}))


_FIGURE_VERBS = frozenset("とどまる 留まる 達する 上る のぼる 占める stand remain reach total "
                          "amount".split())


def _verb_groups(claim: _Claim) -> set[str]:
    """The claim's verbs with their synonyms ("win" brings "beat", "defeat" ...)."""
    return {lemma for p in claim.predicates for lemma in _group(p.lemma)}


# A figure written as an upper bound: "fewer than 30", "up to 50", "nearly 1,000", "30人未満".
_AT_MOST = re.compile(r"^(?:less than|fewer than|under|up to|at most|no more than|below)\b|"
                      r"^(?:最大)|(?:未満|以下|を下回(?:る|り|った))$", re.I)
# Just below a figure: "nearly 1,000" is 850 to 1,000, not 300.
_NEARLY = re.compile(r"^(?:nearly|almost|close to|just under|just shy of)\b|(?:弱|足らず)$", re.I)


def _range(q: Quantity) -> tuple[float, float]:
    """The values a figure allows: one value, or a bound's half-line."""
    slack = max(q.step / 2, 0.02 * abs(q.value))
    if _AT_LEAST.search(q.text):
        return q.value - slack, math.inf
    if _AT_MOST.search(q.text):
        return -math.inf, q.value + slack
    if _NEARLY.search(q.text):
        return 0.85 * q.value, q.value + slack
    return q.value, q.value


def _consistent(q: Quantity, e: Quantity) -> bool:
    """Two figures, one of them a bound, that can both be true ("38 dead" and "more than
    30 dead")."""
    (lo1, hi1), (lo2, hi2) = _range(q), _range(e)
    bounded = (lo1, hi1) != (q.value, q.value) or (lo2, hi2) != (e.value, e.value)
    return bounded and _compatible(q.unit, e.unit) and lo1 <= hi2 and lo2 <= hi1


def _same_count(q: Quantity, e: Quantity) -> bool:
    """Japanese counts written two ways: a bare number whose noun names the counter ("勝利数を
    6に" is 6勝), and a count of times as the ordinal of the last one ("優勝回数を9回に" is
    "9度目の優勝")."""
    units = {q.unit, e.unit}
    if len(units) == 2 and "count:" in units and all(u.startswith("count:") for u in units):
        counter = next(u for u in units if u != "count:").split(":", 1)[1]
        bare = q if q.unit == "count:" else e
        return counter in bare.anchors
    ordinal = q if q.unit == "ordinal" else e
    return units in ({"count:回", "ordinal"}, {"count:度", "ordinal"}) and bool(
        re.search(r"[回度]目$", ordinal.text))


def _match(q: Quantity, e: Quantity) -> bool:
    # "money" is a sum the parser found no currency for ("roughly 72 billion" against "capital
    # expenditure 72.22 billion"): the same value as a bare count may be that sum. It
    # confirms; it is never a rival of one.
    if not _compatible(q.unit, e.unit) and not _same_count(q, e) and {
            q.unit, e.unit} != {"count", "money"}:
        return False
    (lo1, hi1), (lo2, hi2) = _range(q), _range(e)
    if (lo1, hi1) != (q.value, q.value) and lo1 <= lo2 and hi2 <= hi1 and (
            (q.anchors & e.anchors) - _GENERIC_ANCHORS
            or (q.unit == e.unit and q.unit in _NAMED_COUNTS)):
        # The claim's "more than 900 cases" holds the story's 906 cases (or "over 950"),
        # not its 12,000 displaced; a count of what only one thing counts (票, 議席) needs
        # no shared word: "11万票余りを集め" holds "11万8174票を獲得".
        return True
    if (lo1, hi1) != (q.value, q.value) and (lo2, hi2) == (e.value, e.value) \
            and not lo1 <= e.value <= hi1:
        return False  # "13万票余り" is not 11万8174票, however roughly it is written
    if _bracket(q) or _bracket(e):
        # "6万円台" holds 60,000 to 69,999: 5万9332円 is below it, whatever the rounding.
        if _bracket(q) and _bracket(e):
            return q.value == e.value
        low, other = (q, e) if _bracket(q) else (e, q)
        return low.value <= other.value < low.value + _roundness(low)
    x, y = q.value, e.value
    largest = max(abs(x), abs(y))
    # Rounding to the precision written ("2 trillion" for 2.26 trillion), but never by more
    # than a fifth: "1%" is not a rounding of 0.75%.
    tolerance = min(max(q.step, e.step) / 2, 0.2 * largest) + 1e-9 * largest
    if q.approx or e.approx:
        # "About 40" may be 37 or 44; "about 58,750" is not 56,363: an approximation is as
        # loose as its round digits ("40,000" is rounded to thousands), and never past 10%.
        loose = max(_roundness(v) for v in (q, e) if v.approx)
        tolerance = max(tolerance, min(0.1 * largest, 10 * loose))
    return abs(x - y) <= tolerance


def _coarser(e: Quantity, q: Quantity) -> bool:
    """The story's figure is written too roughly to confirm the claim's: "9%" does not give
    "8.50%", nor "68 billion" "68.1 billion" (the other way round, a claim may round the
    story's figure: "2 trillion" for 2.26 trillion)."""
    return not e.approx and e.step > 5 * q.step and q.value != e.value


def _bracket(q: Quantity) -> bool:
    return q.text.endswith("台")


def _roundness(q: Quantity) -> float:
    """The power of ten a figure is rounded to, by its trailing zeros: 40,000 -> 10,000."""
    value = abs(q.value)
    if value < 1 or value != int(value):
        return q.step
    power = 1.0
    while value % (power * 10) == 0:
        power *= 10
    return max(power, q.step)


def _found(q: Quantity, found: list[Quantity],
           sentences: list[tuple[int, Sentence]] = (), margin: bool = False,
           days: tuple[tuple[dt.date, ...], ...] | None = None, change: bool = False,
           whole: bool = False) -> bool:
    """Whether the story gives the claim's figure: as written, or as what its own figures
    make (a ratio, a margin, a change, the time between two of its dates, with ``whole`` the
    whole of a split). A margin is found as written only in a sentence that gives a margin:
    "2万票以上の差" is not "28万7134票"."""
    if margin:
        found = [e for _, s in sentences if _GIVES_MARGIN.search(s.text) or _SCORE.search(s.text)
                 for e in s.quantities]
    if any(_match(q, e) and not _coarser(e, q) for e in found):
        return True
    if q.unit == "times":
        return any(_ratio_of(q, s.quantities) for _, s in sentences)
    if margin and any(_difference_of(q, s.text) for _, s in sentences):
        return True
    if whole and q.unit == "count" and any(_total_of(q, s.text) for _, s in sentences):
        return True
    if q.unit.startswith("duration:"):
        return days is not None and _elapsed(q, days)
    return change and q.unit != "ordinal" and not q.unit.startswith("id:") and any(
        _change_of(q, s.quantities) for _, s in sentences)


# Names listed before the count of them: "長崎西と高知農の2校", "A、B、Cの3社".
_LISTED_JA = re.compile(r"([^、。はがにをで]+?)の$")


def _counts_names(q: Quantity, claim: _Claim, article: _Article) -> bool:
    """The claim's figure counts the names it lists just before it ("21世紀枠には、長崎西と
    高知農の2校が選ばれた"), and the story names every one of them: the count is what the names
    make, whatever totals the story gives ("出場32校")."""
    at = claim.text.find(q.text)
    listed = _LISTED_JA.search(claim.text[:at]) if at > 0 else None
    if not listed or not q.unit.startswith("count"):
        return False
    names = [x for x in re.split(r"と|、|・|や|及び|および", listed.group(1)) if x]
    return len(names) == q.value and len(names) > 1 and all(article.has(x) for x in names)


def _change_of(q: Quantity, figures: list[Quantity]) -> bool:
    """A change the claim states ("six fewer diseases", "800億円上積み", "up a quarter of a
    percentage point") that two figures next to each other in one sentence give: "from 17 to
    11" is six fewer; 3.60% to 3.85% is 0.25 points. To the figures' written precision only:
    a sentence of many figures has many differences, and an approximate one would match."""
    for a, b in zip(figures, figures[1:], strict=False):
        if a.value == b.value or not (_compatible(a.unit, b.unit)
                                      and _compatible(q.unit, a.unit)):
            continue
        if max(a.step, b.step) > q.step:
            continue  # "2万人" against "1万9097人" gives no difference to the thousand
        if abs(abs(a.value - b.value) - q.value) <= q.step / 2 + 1e-9 * abs(q.value):
            return True
    return False


_DAYS_IN = {"duration:day": 1.0, "duration:month": 30.44, "duration:s": 1 / 86400}


def _elapsed(q: Quantity, days: tuple[tuple[dt.date, ...], ...]) -> bool:
    """A length of time the claim states ("three months after the runoff", "two decades")
    that lies between two dates the story names, or two of its years: 14 December to
    11 March is three months. As loose as the claim's unit allows (half a month for months),
    but never by more than a tenth of the length, or a day."""
    length = q.value * _DAYS_IN.get(q.unit, 0.0)
    if length < 1:
        return False
    slack = min(q.step * _DAYS_IN[q.unit] / 2,
                max((0.15 if q.approx else 0.1) * length, 1.0))
    return any(abs((b - a).days - length) <= slack
               for ends in days for i, a in enumerate(ends) for b in ends[i + 1:])


def _days_for(q: Quantity, article: _Article, published: dt.date | None
              ) -> tuple[tuple[dt.date, ...], ...] | None:
    # Dates are parsed only for a claim that states a length of time.
    return _article_days(article.text, published) if q.unit.startswith("duration:") else None


@lru_cache(maxsize=64)
def _article_days(text: str, published: dt.date | None) -> tuple[tuple[dt.date, ...], ...]:
    """The days a story names (the first day of each) and, apart, its years: the ends a
    length of time in a claim may run between."""
    named = sorted({first for _, (first, _) in _dates_in(text, published)})
    years = sorted(dt.date(int(y), 1, 1) for y in _years(text))
    return tuple(named), tuple(years)


# Words that make a figure a change: "six fewer", "up by 0.25 points", "800億円上積み".
_CHANGE_EN = re.compile(r"\b(?:fewer|more|less|up|down|rise|rises|rose|risen|fall|falls|fell|"
                        r"fallen|increase[sd]?|decrease[sd]?|higher|lower|gain(?:ed|s)?|"
                        r"drop(?:ped|s)?|cut|rais(?:e|ed|es)|lift(?:ed|s)?|add(?:ed|s)?|extra|"
                        r"additional|by|jump(?:ed|s)?|climb(?:ed|s)?|slip(?:ped|s)?)\b", re.I)
_LEVEL_EN = re.compile(r"\bto\s+(?:about\s+|around\s+|roughly\s+|nearly\s+|just\s+)?$",
                       re.I)
_CHANGE_JA = re.compile(r"増|減|上積|引き上|引き下|上回|下回|多い|少ない|多く|少なく|伸び|上乗せ|"
                        r"上方|下方|目減り|改善|悪化")


def _changes(claim: str, quantities: list[Quantity]) -> frozenset[str]:
    """The claim's figures written as a change ("six fewer diseases", "raised it by a
    quarter of a point", "800億円上積み"): only those may be found as the difference of two of
    the story's figures. A score's parts ("won 2-1") never are."""
    out = set()
    for q in quantities:
        at = claim.find(q.text)
        if at < 0 or _SCORE.search(claim[max(0, at - 8):at + len(q.text) + 8]):
            continue
        end = at + len(q.text)
        if _LEVEL_EN.search(claim[max(0, at - 16):at]):
            continue  # "fell to zero", "cut it to 3.5%": where it ended, not by how much
        if _CHANGE_EN.search(claim[max(0, at - 12):at] + " " + claim[end:end + 16]) or \
                _CHANGE_JA.search(claim[max(0, at - 6):at] + claim[end:end + 8]):
            out.add(q.text)
    return frozenset(out)


_MARGIN_EN = (r"(?:by|margin of|margin\b[^.;]{{0,60}}?\b(?:was|is|of|at))\s+"
              r"(?:just\s+|only\s+)?{}\b(?!(?:\s+[a-z]+)?\s+to\b)")
# A sentence that gives a margin: "won by 4,100 votes", "a margin of 3", "5票差".
_GIVES_MARGIN = re.compile(r"\bby\s+(?:just\s+|only\s+|about\s+|around\s+|some\s+)?\d|"
                           r"\bmargin\b|\d\s*(?:票|点|秒)?差")


def _margins(claim: str, quantities: list[Quantity]) -> frozenset[str]:
    """The claim's figures that are margins ("5票差", "won by 12 votes", "a margin of 3",
    "the winning margin over Reform was about 4,400 votes"), which a story gives as two
    figures: 27票対22票 is a 5-vote margin."""
    return frozenset(
        q.text for q in quantities
        if re.search(re.escape(q.text) + "の?差", claim)
        or re.search(_MARGIN_EN.format(re.escape(q.text)), claim))


# Two figures set against each other: "27票対22票", "5対8", "3―0", "27 votes to 22",
# "49.66% against 48.70%".
_SCORE = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|[^\W\d_]{1,6})?\s*"
                    r"(?:対|[-–―－]|to|against|vs\.?|versus)\s*(\d+(?:\.\d+)?)")


def _difference_of(q: Quantity, text: str) -> bool:
    """A score or count in the text set against another ("27票対22票", "5対8") whose
    difference is the claim's margin."""
    return any(abs(abs(float(a) - float(b)) - q.value) <= max(q.step / 2, 1e-9)
               for a, b in _SCORE.findall(text))


def _total_of(q: Quantity, text: str) -> bool:
    """The claim's count is the whole of a split the story gives (a vote or a score, as
    ``_SCORE`` reads them): "two of its nine policymakers" against "voted 7-2"."""
    return any(float(a) + float(b) == q.value for a, b in _SCORE.findall(text))


def _ratio_of(q: Quantity, figures: list[Quantity]) -> bool:
    """A ratio the claim states ("about three times the figure a year earlier", "2倍を超える")
    that two figures of one sentence give: 20.07 trillion against 6.49 trillion is 3.1 times.
    A ratio is written rounded down ("more than twice" for 2.5), so up to one more counts."""
    for a in figures:
        for b in figures:
            # "20 billion euros, up from 6.49 billion": the second sum leaves its currency out.
            elided = "count" in (a.unit, b.unit) and any(
                _compatible(u, "money") for u in (a.unit, b.unit))
            if a is b or "times" in (a.unit, b.unit) or b.value <= 0 or not (
                    _compatible(a.unit, b.unit) or elided):
                continue
            ratio = a.value / b.value
            if q.value * 0.9 <= ratio < q.value + 1:
                return True
    return False


def _compatible(a: str, b: str) -> bool:
    if a == b:
        return True
    # A Japanese counter says what is counted ("count:人"); an English count does not.
    if {a.split(":")[0], b.split(":")[0]} == {"count"} and "count" in (a, b):
        return True
    money = {"money", "USD", "EUR", "GBP", "JPY", "INR", "CNY", "KRW", "TWD", "BRL", "HKD", "AUD",
             "CAD", "SGD"}
    return ({a, b} <= money and "money" in (a, b)) or {a, b} == {"%", "pp"}


def _rivals(a: str, b: str) -> bool:
    """Two figures that can be two values of one slot: as ``_compatible``, but a change in
    percentage points is no rival of a share in per cent ("rose by 0.7 percentage points"
    is not contradicted by "a pass rate of 88%"), though a story may write one for the other
    when it gives the same figure."""
    return _compatible(a, b) and {a, b} != {"%", "pp"}


@dataclass
class _Claim:
    text: str
    mentions: list[Mention]
    quantities: list[Quantity]
    content: frozenset[str]
    predicates: list
    years: set[str]
    verbs: list = field(default_factory=list)  # every verb, light ones too
    margins: frozenset[str] = frozenset()  # figures that are margins (_margins)
    changes: frozenset[str] = frozenset()  # figures stated as changes (_changes)
    scores: frozenset[str] = frozenset()  # figures of a split the claim writes ("2-1")
    lemmas: frozenset[str] = frozenset()  # every word's lemma, function words too


_VAGUE_VERBS = frozenset("be have do say tell report make take get give go come see show "
                         "become include".split())


def _claim(text: str, parsed: tuple[Sentence, ...]) -> _Claim:
    mentions: dict[str, Mention] = {}
    for s in parsed:
        for m in s.mentions:
            mentions.setdefault(m.key, m)
    # A name inside another of the claim's names is the same thing ("Crans" in "Crans-Montana").
    keys = list(mentions)
    for k in keys:
        if any(k != o and k in o for o in keys):
            mentions.pop(k, None)
    quantities = [q for s in parsed for q in s.quantities]
    return _Claim(
        text, list(mentions.values()), quantities,
        frozenset().union(*(s.content for s in parsed)) if parsed else frozenset(),
        [p for s in parsed for p in s.predicates if p.lemma not in _VAGUE_VERBS],
        _years(text), [p for s in parsed for p in s.predicates], _margins(text, quantities),
        _changes(text, quantities),
        frozenset(x for pair in _SCORE.findall(text) for x in pair),
        frozenset().union(*(s.lemmas for s in parsed)) if parsed else frozenset())


def _states_whole(claim: _Article, sentence: Sentence, japanese: bool) -> bool:
    """The sentence holds the claim's words in the claim's order: the story states it, not
    only its words in another relation ("Alcaraz won the Open, beating Djokovic" does not
    state "Djokovic won the Open")."""
    here = _reading(sentence.text)
    if japanese:
        said = claim.compact.rstrip("。．.！？!?")
        return bool(said) and said in here.compact
    words = iter(here.folded.split())
    wanted = claim.folded.split()
    return bool(wanted) and all(w in words for w in wanted)


def _stands(conflict: Conflict, whole: Sentence | None) -> bool:
    """A conflict is kept unless both sides say the same, or another sentence of the story
    states the whole claim (then the conflict is about another part of the story)."""
    if name_key(conflict.claim_value) == name_key(conflict.evidence_value):
        return False
    return whole is None or whole.text in conflict.sentence


def _in_slot(conflict: Conflict, text: str) -> bool:
    """Whether a name or figure of the claim is the one the conflict is about."""
    value = fold(conflict.claim_value)
    folded = fold(text)
    return bool(folded) and (folded in value or value in folded or _same_name(folded, value))


# Initials that name a kind of thing, not who: "GDP", "CEO".
_PLAIN_INITIALS = frozenset("GDP CPI CEO CFO IPO PMI ETF FTA USD EUR GBP JPY VAT".split())


def _named_initials(text: str) -> bool:
    """A name written as its initials ("SARB", "NATO"): who, however the parser labels it."""
    return bool(re.fullmatch(r"[A-Z]{3,6}", text)) and text not in _PLAIN_INITIALS


def _anchored(conflict: Conflict, claim: _Claim, article: _Article,
              disputed: tuple[Conflict, ...] = ()) -> bool:
    """A contradiction is about the claim's event only where the article names the claim's
    other participants: "Azzedine Ounahi scored twice as Morocco knocked Canada out" is not
    contradicted by a story of Morocco knocking the Netherlands out in the round before,
    which never names Ounahi. The event's own name ("the World Cup") is no participant, and
    a figure may be another slot the claim gets wrong, and so may a place the claim gets
    wrong elsewhere (``disputed``: "in the Atlantic Ocean off Florida"), and a place that
    only says where the slot's value is ("from Cape Canaveral in Florida")."""
    slots = (conflict, *disputed)
    words = {w for x in slots for w in fold(x.claim_value).split()}
    # Japanese stories write an organisation's name out ("宇宙航空研究開発機構" for JAXA).
    japanese = is_japanese(claim.text)
    for m in claim.mentions:
        # A name of one letter ("U" read out of "U―23") tells no one apart.
        if (m.cls == "any" and not (_named_initials(m.text) and not japanese)) \
                or len(m.key) < 2 or m.key in _GENERIC_JA \
                or set(m.key.split()) & _EVENT_WORDS or any(_in_slot(x, m.text) for x in slots):
            continue
        if m.cls == "place" and len(m.role) >= 3 and m.role[0] == "pobj" \
                and fold(m.role[2]) in words:
            continue
        # A place that holds the slot's value, or lies in it, and qualifies a noun rather than
        # filling a verb's slot says where the value is ("the Wenchang launch site on Hainan
        # island"): the slot again. A side ("win over Canada") is a participant wherever it is.
        if m.cls in ("place", "any") and m.role[:1] in (("compound",), ("appos",)) \
                and any(places.nested(m.text, x.claim_value) for x in slots):
            continue
        # So does the country of the slot's holder ("エチオピアのX"), and a place the slot's
        # value holds ("in Namibia's Namib Desert": the desert goes with the country).
        if japanese and m.cls == "place" and any(
                f"{m.text}の{x.claim_value}" in claim.text for x in slots):
            continue
        if m.cls in ("place", "any", "agent") and any(
                o.text in {x.claim_value for x in slots} and o.role[:1] == ("poss",)
                and len(o.role) > 1 and o.role[1] in fold(m.text).split()
                for o in claim.mentions):
            continue
        if not article.has(m.key) and not any(
                _kindred(m.key, w) for w in article.words if w[:2] == m.key[:2]):
            return False
    return True


def _other_event(claim: _Claim, article: _Article) -> str:
    """The event the claim names ("the 2026 Monaco Grand Prix", 第75期王将戦) when the article
    never names it, its year and edition aside: a story of another race or another election
    settles nothing about it, however many of its people and words it shares."""
    for m in claim.mentions:
        words = [w for w in m.key.split() if not any(ch.isdigit() for ch in w)]
        if not set(words) & _EVENT_WORDS:
            continue
        if _CJK_KEY.search(m.key):
            # A Japanese name is read in parts ("大阪 国際 女子 マラソン"): a story of
            # another contest shares some (女子) but not all of them.
            if not all(w in article.compact for w in words if w not in _GENERIC_JA):
                return m.text
            continue
        key = " ".join(words)
        if not (article.has(key) or f" {key} " in article.undotted):
            return m.text
    return ""


_SINCE_BEFORE = re.compile(r"\b(?:since|records began in|first (?:time )?since)\s+"
                           r"(?:(?:the|early|late|mid|records|began|in)\s+){0,3}$")
_SINCE_AFTER_JA = re.compile(r"年[^、。]{0,12}?(?:以来|以降)")


def _since(text: str, year: str) -> bool:
    """The year is where a record or a count starts ("the lowest since 1978", "1978年の統計
    開始以来"), not when the sentence's figure happened."""
    return any(_SINCE_BEFORE.search(text[:m.start()]) or _SINCE_AFTER_JA.match(
        text, m.end()) for m in re.finditer(re.escape(year), text))


def _years(text: str) -> set[str]:
    if is_japanese(text):
        # "27年8月", "25年度": a year written with its last two digits.
        return set(re.findall(r"(?<!\d)(?:19|20)\d\d(?=年)", text)) | {
            f"20{y}" for y in re.findall(r"(?<![\d年０-９])(\d\d)年(?=\d{1,2}月|度)", text)}
    return set(re.findall(r"\b(?:19|20)\d\d\b", text))


def _people_of(key: str, where: _Article) -> bool:
    """A people's word whose place the text names ("Turkish" for "Turkey's", "Japanese" for
    "Japan"): one word with a demonym's ending, four letters in common."""
    return " " not in key and bool(_DEMONYM.search(key)) and any(
        len(os.path.commonprefix([key, w])) >= 4 for w in where.words if w[:1] == key[:1])


def _same_event(claim: _Claim, text: str | _Article, but: str = "", works: bool = False,
                named: bool = False) -> bool:
    """The text is about the claim's event, not another: it names someone or somewhere the
    claim names, other than ``but`` (the slot in question); with ``works``, the name of an
    event or title counts too. Shared common words ("won the election") are no sign: another
    election shares them too."""
    where = text if isinstance(text, _Article) else _reading(text)
    if named and any(m.cls in ("agent", "place") for m in claim.mentions):
        # With ``named``, a person, group or place of the claim's must be there: "GDP" is in
        # every budget story.
        return any(where.has(m.key) or _people_of(m.key, where)
                   for m in claim.mentions if m.cls in ("agent", "place"))
    # A one-word title ("the Oscar") also names people ("Oscar Piastri"): not enough alone.
    return any(where.has(m.key) for m in claim.mentions
               if ((works and len(m.key.split()) > 1)
                   or (m.cls != "work" and not set(m.key.split()) & _EVENT_WORDS))
               and m.key != but and not _same_name(m.key, but))


_AT_LEAST = re.compile(r"^(?:at least|more than|over|upwards of|just over|in excess of)\b|"
                       r"^(?:少なくとも|最低)|"
                       r"(?:以上|超|余り|あまり|を超える|を超え|を上回(?:る|り|った))$", re.I)


# Japanese counters that say what is counted (votes, seats, wins), unlike 人 or 件: the same
# counter is the same noun.
_NAMED_COUNTS = frozenset(f"count:{c}" for c in "票 議席 勝 敗 連勝 連覇 場所 校 世帯 隻".split())


# What a running count counts: the dead, the sick, the hurt, the displaced, the arrested
# (English lemmas; Japanese anchors are single kanji).
_TOLLS = frozenset("die death dead kill case infect infection injure injury wound hurt "
                   "displace evacuate arrest detain victim casualty missing".split())
_TOLLS_JA = frozenset("死亡感染負傷避難犠牲逮捕")


# Words that say over what time a figure is counted, not what it counts ("annual inflation").
_PERIOD_QUALIFIERS = frozenset("annual monthly quarterly yearly weekly daily year month quarter "
                               "week day term period".split())


def _same_measure(q: Quantity, e: Quantity, article: _Article, claim_text: str = "") -> bool:
    """Whether the story's figure can measure what the claim's does: a claim that says what
    kind ("high-bandwidth memory revenue", 消費者物価上昇率の目標) is not about a figure of
    another kind ("quarterly revenue", 財政赤字の目標). English reads the kind off the story's
    figure; Japanese, whose modifiers also name the event ("バー火災による死者"), off the
    whole article: a kind it never names is not what it measures."""
    if not q.qualifiers:
        # The story's figure of a kind the claim never names is of another measure: "an
        # operating loss of 10.1 billion yen" is not the claim's "net loss" (lemmas against
        # the claim's words as written: "chip" is in "chips").
        kinds = e.qualifiers - _PERIOD_QUALIFIERS
        if not kinds or not claim_text or _CJK_KEY.search(claim_text):
            return True
        words = {w[:5] for w in re.findall(r"[a-z]+", fold(claim_text))}
        return any(k[:5] in words for k in kinds)
    if _CJK_KEY.search(q.text + "".join(q.qualifiers)):
        return any(compact(w) in article.compact for w in q.qualifiers)
    return bool(q.qualifiers & (e.qualifiers | e.anchors))


_OWNER_GAP = re.compile(r"(?:が|は|の|で|も|、|\s){0,2}")


def _name_before(before: str, mentions: list[Mention], gap: re.Pattern) -> str:
    """The longest of the names that ``before`` ends with, only ``gap`` after it; empty where
    none does."""
    return max((m.text for m in mentions
                if m.text in before and gap.fullmatch(before.rpartition(m.text)[2])),
               key=len, default="")


def _owner(sentence: Sentence, figure: Quantity) -> str:
    """The name a Japanese figure belongs to, written just before it ("新潟県が12人",
    "秋田県6人", "Gemini 3 Proの31.1%"); empty where none stands there."""
    sides = _around(sentence.text, figure)
    return _name_before(sides[0], sentence.mentions, _OWNER_GAP) if sides else ""


def _short_for(name: str, owner: str, claim: str) -> bool:
    """The claim's name stands for the story's longer one (日産 for 日産自動車), unless the
    claim goes on with a model's number or letters of its own ("Gemini" read out of "Gemini
    3.1 Pro" is not "Gemini 3 Pro")."""
    if not compact(owner).startswith(compact(name)):
        return False
    at = claim.find(name)
    after = claim[at + len(name):at + len(name) + 2] if at >= 0 else ""
    return not re.match(r"\s?[0-9A-Za-z]", after)


# A round's count, written just before it: "全国では今回102局が対象", "新たに15台", "a further
# 102 offices" (not "今回は8か月で", this time's figure).
_ROUND = re.compile(r"(?:今回(?![はの])|新たに|追加で)[^、。]{0,10}$|"
                    r"\b(?:a further|another|an additional)\s+$", re.I)
_ROUND_CLAIM = re.compile(r"今回|新たに|追加で|\b(?:a further|another|an additional)\b", re.I)


def _of_a_round(text: str, figure: Quantity, claim_text: str) -> bool:
    """A round's count is not the total a claim gives, unless the claim is about a round
    too."""
    sides = _around(text, figure)
    return bool(sides and _ROUND.search(sides[0]) and not _ROUND_CLAIM.search(claim_text))


def _belongs_elsewhere(claim: _Claim, sentence: Sentence, figure: Quantity,
                       japanese: bool) -> bool:
    """A story's figure that belongs to something the claim is not about, so it does not
    confirm the claim's figure: one in a sentence about another accounting period ("前期の
    6708億円の赤字" for the 2026年3月期 forecast; "for the whole of 2025" for a
    fourth-quarter claim), or, in Japanese, one written just after a name the claim does not
    use ("新潟県が12人" for "最も多かったのは青森県で、12人"; "前世代のGemini 3 Proの31.1%" for
    Gemini 3.1 Pro's score)."""
    owner = _owner(sentence, figure) if japanese else ""
    if owner and compact(owner) not in compact(claim.text) and not any(
            _short_for(m.text, owner, claim.text) for m in claim.mentions):
        return True
    if japanese and _listed_otherwise(claim, sentence, figure):
        return True
    if _of_a_round(sentence.text, figure, claim.text):
        return True
    if _other_time(claim, sentence, figure, japanese):
        return True
    # A figure followed by its own period ("up from 5.4 billion euros in the third quarter")
    # in a sentence that also gives the claim's.
    mine = _periods(claim.text)
    sides = _around(sentence.text, figure)
    after = sides[1][:40] if sides else ""
    own = _periods(_OWN_PERIOD.match(after).group(0)) if _OWN_PERIOD.match(after) else set()
    if mine and own and not mine & own:
        return True
    # The figure a change starts from ("raised from 185 billion yen to 225 billion",
    # "従来の185億円から225億円に") is the old value: it does not confirm a claim that gives
    # its figure as the new one ("raised it to 185 billion", "185億円に上方修正").
    return _is_origin(sentence.text, figure) and any(
        _is_target(claim.text, q) and _match(q, figure) for q in claim.quantities)


# Where an English sentence joins two clauses, each may name its own period.
_CLAUSE_BREAK = re.compile(r";|,\s+(?:and|but|while|whereas)\b|\bwhile\b|\bwhereas\b")


def _clause_periods(text: str, figure: Quantity) -> set[str]:
    """The periods named in the clause of an English sentence that holds ``figure``: in
    "Growth in the last quarter of 2025 was revised to 0.2%, and the first-quarter figure was
    the best since 2024" 0.2% is the fourth quarter's, whatever the other clause names. Empty
    where the figure's clause names none, or the figure is not found once."""
    if _CJK_KEY.search(text) or text.count(figure.text) != 1:
        return set()
    at = text.index(figure.text)
    start = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, at)), default=0)
    end = next((m.start() for m in _CLAUSE_BREAK.finditer(text, at + len(figure.text))),
               len(text))
    return _periods(text[start:end])


def _periods_of_others(text: str, figure: Quantity) -> bool:
    """Every period a Japanese sentence names is another figure's, written just before it
    ("年間配当も従来計画の92円から96円に増やし、前期の86円を10円上回る": 前期 is 86円's, not
    96円's)."""
    found = list(_PERIOD.finditer(text))
    return bool(found) and figure.text in text and all(
        (attached := re.match(r"の(?:約|およそ)?", text[m.end():]))
        and text[m.end() + attached.end():][:1].isdigit()
        and not text[m.end() + attached.end():].startswith(figure.text) for m in found)


def _other_time(claim: _Claim, sentence: Sentence, figure: Quantity, japanese: bool) -> bool:
    """The sentence is about another accounting period than the claim's, or gives the figure
    a year the claim does not name ("2023年度の年間2万4348件" for a claim about 2025年4〜11月,
    "24,348 in 2023" for a claim about 2025)."""
    mine, theirs = _periods(claim.text), _periods(sentence.text)
    if mine and theirs and not mine & theirs and not (
            japanese and _periods_of_others(sentence.text, figure)):
        return True
    year = _year_of(sentence.text, figure, japanese)
    return bool(year and claim.years and year not in claim.years)


# One item of a list of names with their figures: "中国機が約68％、ロシア機が約29％", "米国が
# 2762億円で最も多く". The name (with a counter or suffix such as 機 or 側) and its figure stand
# in one stretch between commas.
_ITEM_GAP_JA = re.compile(r"(?:機|人|側|勢|軍|製|産|系|社|国|県)?(?:が|は|の|で|も)?"
                          r"(?:約|およそ|ほぼ)?")


def _listed_name(text: str, mentions: list[Mention], figure: Quantity) -> str:
    """The name a Japanese figure is listed with, in the stretch of text since the last
    comma ("ロシア機が約29％" -> ロシア); empty where the stretch holds no name just before
    the figure."""
    sides = _around(text, figure)
    return _name_before(re.split(r"[、，,。]", sides[0])[-1], mentions, _ITEM_GAP_JA) \
        if sides else ""


def _listed_otherwise(claim: _Claim, sentence: Sentence, figure: Quantity) -> bool:
    """The story lists the figure with another name than the claim does ("中国機が約68％"
    against the claim's "ロシア機が約68％"), both names being the claim's."""
    theirs = _listed_name(sentence.text, sentence.mentions, figure)
    if not theirs or compact(theirs) not in compact(claim.text):
        return False
    return any(_match(q, figure) and (mine := _listed_name(claim.text, claim.mentions, q))
               and compact(mine) != compact(theirs) for q in claim.quantities)


def _swapped_items(claim: _Claim, sentences: list[tuple[int, Sentence]]) -> list[Conflict]:
    """A Japanese list whose figures the claim gives to each other's names: "ロシア機が約68％、
    中国機が約29％" against the story's "中国機が約68％、ロシア機が約29％". The story must give
    the claim's figure to another of the claim's names, and another figure of its kind to the
    claim's name, in one sentence."""
    listings = None
    for q in claim.quantities:
        mine = _listed_name(claim.text, claim.mentions, q)
        if not mine:
            continue
        listings = listings or [
            (n, sentence, [(compact(_listed_name(sentence.text, sentence.mentions, e)), e)
                           for e in sentence.quantities]) for n, sentence in sentences]
        for n, sentence, listed in listings:
            moved = any(name and name != compact(mine) and name in compact(claim.text)
                        and _match(q, e) for name, e in listed)
            rival = next((e for name, e in listed if name == compact(mine)
                          and _rivals(q.unit, e.unit) and not _match(q, e)), None)
            if moved and rival is not None:
                return [Conflict("number", q.text, rival.text, sentence.text, n)]
    return []


_COUNTED_EN = re.compile(r"^\s+([a-z][a-z-]+)")


_COUNTED_LATER_EN = re.compile(r"^\s+(?:[a-z][a-z-]+\s+)?([a-z][a-z-]*[^s\W]s)\b")


def _counted(text: str, figure: Quantity, later: bool = False) -> str:
    """The noun an English count is of, written right after it in the plural ("180,000
    images" -> image); empty where none is. With ``later``, the plural may be the second word
    ("1,500 tool calls" -> call)."""
    sides = _around(text, figure)
    found = (_COUNTED_LATER_EN if later else _COUNTED_EN).match(sides[1]) if sides else None
    if not found or not re.search(r"[^s]s$", found.group(1)):
        return ""
    return found.group(1)[:-1]


def _swapped_counts(claim: _Claim, sentences: list[tuple[int, Sentence]]) -> list[Conflict]:
    """An English count the claim gives to another noun than the story does: "about 180,000
    videos and 2,000 images" against "over 2,000 videos and some 180,000 images"; "up to 1,500
    sub-agents" against "as many as 100 sub-agents ... making up to 1,500 tool calls". In one
    sentence the story counts another noun with the claim's figure and the claim's noun with
    another figure, and nowhere the claim's noun with the claim's figure."""
    counts = [(q, noun) for q in claim.quantities if q.unit == "count"
              and (noun := _counted(claim.text, q))]
    if not counts:
        return []
    listed = [(n, sentence, [(_counted(sentence.text, e), e) for e in sentence.quantities
                             if e.unit == "count"]) for n, sentence in sentences]
    following = {id(e): _counted(sentence.text, e, later=True)
                 for _, sentence in sentences for e in sentence.quantities}
    for q, noun in counts:
        if any(other == noun and _match(q, e)
                           for _, _, pairs in listed for other, e in pairs):
            continue
        for n, sentence, pairs in listed:
            moved = any(following[id(e)] and following[id(e)] != noun and _match(q, e)
                        for _, e in pairs)
            rival = next((e for other, e in pairs if other == noun and not _match(q, e)), None)
            if moved and rival is not None:
                return [Conflict("number", f"{q.text} {noun}s", f"{rival.text} {noun}s",
                                 sentence.text, n)]
    return []


# A figure a change starts from: "from" before it and "to" after it, a figure between them
# ("from 185 billion yen to 225 billion"); から after it, then a figure and に, へ or まで
# ("185億円から225億円に"). The new value a claim gives: "to" before its figure, or in
# Japanese に or へ after it and a verb of change after that ("185億円に上方修正").
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:about\s+|around\s+|roughly\s+|nearly\s+)?$", re.I)
_TO_AFTER = re.compile(r"^[^,;.]{0,12}?\s+to\s+(?:about\s+|around\s+)?[$€£¥]?\d")
_FROM_AFTER_JA = re.compile(r"^から[^、。]{0,12}?\d[^、。]{0,10}?(?:に|へ|まで)")
_TO_BEFORE = re.compile(r"\bto\s+(?:about\s+|around\s+|roughly\s+|nearly\s+)?$", re.I)
_TO_AFTER_JA = re.compile(r"^(?:に|へ)(?:上方|下方)?(?:修正|引き上げ|引き下げ|上げ|下げ|増や|減ら|"
                          r"拡大|縮小|改め|変更|上昇|低下|増加|減少)")


_PER_EN = re.compile(r"^[\s-]*(?:a|an|per|each)[\s-]+(share|head|person|capita|household|"
                     r"month|year|week|day|hour|barrel|tonne|ton|kilo|kilogram|litre|liter|"
                     r"unit|vehicle|car|ticket|dose|customer|user|student|worker|employee|"
                     r"passenger|night|game|match|seat)\b", re.I)
_PER_JA = re.compile(r"1?(株|人|世帯|日|か月|カ月|ヶ月|年|台|本|件|回|枚|キロ|リットル|泊|食)"
                     r"(?:当たり|あたり)の?[^、。\d]{0,8}$")


def _per(text: str, figure: Quantity) -> str:
    """What a figure is counted per ("NZ$2 a share", "1株当たり50円"): a rate, never a rival of
    a total nor of a rate per something else; "" for a figure that is no rate."""
    if (sides := _around(text, figure)) is None:
        return ""
    before, after = sides
    if m := _PER_EN.match(after):
        word = m.group(1).lower()
        return {"capita": "person", "head": "person", "ton": "tonne", "liter": "litre",
                "kilogram": "kilo"}.get(word, word)
    if m := _PER_JA.search(before):
        return m.group(1)
    return ""


def _around(text: str, figure: Quantity) -> tuple[str, str] | None:
    """The text before and after a figure's first place in it; None where it is not there."""
    at = text.find(figure.text)
    return None if at < 0 else (text[:at], text[at + len(figure.text):])


def _is_origin(text: str, figure: Quantity) -> bool:
    if (sides := _around(text, figure)) is None:
        return False
    before, after = sides
    if is_japanese(text):
        return bool(_FROM_AFTER_JA.match(after))
    return bool(_FROM_BEFORE.search(before) and _TO_AFTER.match(after))


def _is_target(text: str, figure: Quantity) -> bool:
    if (sides := _around(text, figure)) is None:
        return False
    before, after = sides
    return bool(_TO_AFTER_JA.match(after) if is_japanese(text) else _TO_BEFORE.search(before))


# "from 119 in the previous generation to 201": the figure a change starts from, with words
# between it and the one it ends at.
_TO_LATER = re.compile(r"^[^,;.\d]{0,40}?\bto\s+(?:about\s+|around\s+)?[$€£¥]?\d")
_NEXT_FIGURE = re.compile(r"^\s+(?:about\s+|around\s+)?[$€£¥]?\d")


_NTH_JA = re.compile(r"(\d+)番目(?:の|に)([一-龥ァ-ヶー]{1,4})")


def _nth_conflicts(claim: _Claim, sentences: list[tuple[int, Sentence]]) -> list[Conflict]:
    """A Japanese rank of a measure told otherwise: "統計開始以降で2番目の高さ" against "3番目の
    高さとなった" or "3番目に高かった", in a sentence that shares a word of the claim's, where
    the story never gives the claim's rank of that measure."""
    words = {w for w in re.findall(r"[一-龥ァ-ヶー]{2,}", claim.text)}
    for mine in _NTH_JA.finditer(claim.text):
        found = [(n, s, m) for n, s in sentences for m in _NTH_JA.finditer(s.text)
                 if m.group(2) == mine.group(2) and any(w in s.text for w in words)]
        if not found or any(m.group(1) == mine.group(1) for _, _, m in found):
            continue
        n, s, m = found[0]
        return [Conflict("number", f"{mine.group(1)}番目", f"{m.group(1)}番目", s.text, n)]
    return []


# "a day before its rival's debut", "two weeks later": which of two acts came first.
_ORDER_EN = re.compile(r"\b(a|an|one|two|three|four|five|six|seven|\d+)\s+(hour|day|week|month|"
                       r"year)s?\s+(before|after|earlier|later)\b", re.I)
_FIRST = {"before": "before", "earlier": "before", "after": "after", "later": "after"}


def _order_conflicts(claim: _Claim, sentences: list[tuple[int, Sentence]]) -> list[Conflict]:
    """Two acts put in the other order: "began trading a day before its rival Zhipu" against
    "Its debut came a day after that of its rival Zhipu", in a sentence that names one of the
    claim's names and never puts them the claim's way."""
    mine = [(m.group(1).lower(), m.group(2).lower(), _FIRST[m.group(3).lower()], m.group(0))
            for m in _ORDER_EN.finditer(claim.text)]
    for size, unit, way, said in mine:
        for n, sentence in sentences:
            theirs = [(m.group(1).lower(), m.group(2).lower(), _FIRST[m.group(3).lower()],
                       m.group(0)) for m in _ORDER_EN.finditer(sentence.text)]
            if not theirs or any(t[:3] == (size, unit, way) for t in theirs):
                continue
            if _expected(claim, sentence) or sentence.lemmas & _SCHEDULED:
                continue  # "Trading was due to begin a day after its rival's planned debut"
            here = _reading(sentence.text)
            if not any(here.has(m.key) for m in claim.mentions):
                continue
            other = next((t[3] for t in theirs if t[:2] == (size, unit) and t[2] != way), "")
            if other:
                return [Conflict("date", said, other, sentence.text, n)]
    return []


def _changes_of(text: str, figures: list[Quantity]) -> list[tuple[Quantity, Quantity]]:
    """The (from, to) figures of each change the text gives as two figures: "from 119 to
    201", "119から201に拡大"."""
    out = []
    for i, a in enumerate(figures):
        later = figures[i + 1:i + 2]
        sides = _around(text, a)
        if later and later[0].text == a.text and " to " in a.text:
            # One span read as a range: "from 201 to 119".
            if sides and _FROM_BEFORE.search(sides[0]) and _compatible(a.unit, later[0].unit):
                out.append((a, later[0]))
            continue
        # The recogniser may keep the "to" in the first figure's span ("from [2.6% to] 0.6%").
        origin = sides and (_FROM_AFTER_JA.match(sides[1]) if is_japanese(text) else (
            _FROM_BEFORE.search(sides[0]) and (_TO_LATER.match(sides[1]) or (
                a.text.endswith(" to") and _NEXT_FIGURE.match(sides[1])))))
        if origin:
            later = [b for b in figures[i + 1:] if _compatible(a.unit, b.unit)
                     and text.find(b.text) > text.find(a.text)]
            if later:
                out.append((a, later[0]))
    return out


def _change_text(text: str, a: Quantity, b: Quantity) -> str:
    if a.text == b.text:
        return a.text
    first = a.text.removesuffix(" to")
    return f"{a.text}から{b.text}" if is_japanese(text) else f"from {first} to {b.text}"


def _reversed_changes(claim: _Claim, sentences: list[tuple[int, Sentence]]) -> list[Conflict]:
    """A change told the wrong way round: "reduced the languages it supports from 201 to 119"
    against "expanded support from 119 to 201 languages"."""
    for a, b in _changes_of(claim.text, claim.quantities):
        for n, sentence in sentences:
            for x, y in _changes_of(sentence.text, sentence.quantities):
                if _match(a, y) and _match(b, x) and not _match(a, x):
                    return [Conflict("number", _change_text(claim.text, a, b),
                                     _change_text(sentence.text, x, y), sentence.text, n)]
    return []


# A year written just before a Japanese figure, in its clause ("2023年度の年間2万4348件"), or
# just after an English one ("24,348 in 2023", "in fiscal 2023").
_YEAR_BEFORE_JA = re.compile(r"((?:19|20)\d\d)年度?[^、。，,\d]{0,8}$")
_YEAR_AFTER_EN = re.compile(r"^\s*(?:[a-z%]+\s+)?(?:in|for|during)\s+(?:fiscal\s+)?"
                            r"((?:19|20)\d\d)\b")


def _year_of(text: str, figure: Quantity, japanese: bool) -> str:
    """The year the text gives a figure, where it writes one beside it; "" where not."""
    if (sides := _around(text, figure)) is None:
        return ""
    before, after = sides
    found = _YEAR_BEFORE_JA.search(before) if japanese else _YEAR_AFTER_EN.match(after)
    return found.group(1) if found else ""


# What follows a figure to say which period it is of: "in the third quarter", "for Q3".
_OWN_PERIOD = re.compile(r"\s*(?:[a-z%]+\s+)?(?:in|for|during)\s+(?:the\s+)?(?:fiscal\s+)?"
                         r"[^,;.]{0,25}")


def _scoped(q: Quantity, claim: _Claim, sentences: list[tuple[int, Sentence]],
            found: list[Quantity], periods: dict[str, tuple[set[str], bool]]
            ) -> list[Quantity]:
    """The story's figures that may be the claim's: where the claim names an accounting
    period ("fourth-quarter revenue") and the story gives a figure of the same measure for
    that period ("For the fiscal fourth quarter ... revenue of about $50 billion"), only that
    period's figures. ``periods`` are each sentence's periods, named or carried on from the
    sentence before; a carried-on one covers only figures of the claim's measure ("... its
    fiscal third quarter. Revenue was $41.46 billion", not "It also added $80 billion to
    its buyback")."""
    anchors = q.anchors - _GENERIC_ANCHORS
    if q.qualifiers and anchors and not _CJK_KEY.search(q.text):
        # A figure of the kind the claim names ("iPhone revenue") is the claim's, where the
        # story gives one: its total revenue is another figure.
        kind = [e for e in found if _compatible(q.unit, e.unit) and anchors & e.anchors
                and q.qualifiers & (e.qualifiers | e.anchors)]
        if kind:
            found = kind
    mine = _periods(claim.text)
    if not mine:
        return found
    # A figure of another period only ("net bookings of 5.4 billion euros in the third
    # quarter", or "Net bookings came to 5.4 billion euros" after a sentence about the third
    # quarter) is never the claim's fourth-quarter figure.
    other = {id(e) for _, s in sentences
             for theirs, named in [periods.get(s.text, (set(), False))]
             if theirs for e in s.quantities
             for own in [_clause_periods(s.text, e) or theirs]
             if not own & mine and (named or anchors & e.anchors)
             and not (_CJK_KEY.search(s.text) and _periods_of_others(s.text, e))}
    found = [e for e in found if id(e) not in other]
    ours = []
    for _, s in sentences:
        theirs, named = periods.get(s.text, (set(), False))
        if theirs & mine:
            ours += [e for e in s.quantities if e in found and (named or anchors & e.anchors)]
    if any(_compatible(q.unit, e.unit) and anchors & e.anchors for e in ours):
        return ours
    return found


_FIRST_HALF = frozenset("中間期 上期 上半期 4〜9月期 h1".split())
_SECOND_HALF = frozenset("下期 下半期 10〜3月期 h2".split())


def _part_periods(text: str) -> set[str]:
    """The parts of a year a text names (a quarter, a half, a run of months: "4〜12月期",
    "中間期", "q1"), a half however written; "any" for a quarter it does not say which of.
    A story that names only other parts than the claim's reports other results."""
    out = set()
    for p in _periods(text):
        if p in _FIRST_HALF or p in _SECOND_HALF:
            out.add("h1" if p in _FIRST_HALF else "h2")
        elif p == "四半期":
            out.add("any")
        elif p[:1] == "q" or "〜" in p:
            out.add(p)
    return out


def _story_periods(sentences: list[tuple[int, Sentence]]
                   ) -> dict[str, tuple[set[str], bool]]:
    """Each sentence's accounting periods, in story order, and whether it names them: those
    it names, or else those of the sentence before it in the same passage."""
    out: dict[str, tuple[set[str], bool]] = {}
    last, passage = set(), None
    for n, s in sentences:
        if n != passage:
            last, passage = set(), n
        named = _periods(s.text)
        last = named or last
        out.setdefault(s.text, (last, bool(named)))
    return out


def _toll(q: Quantity) -> bool:
    return bool(q.anchors & _TOLLS or any(a in _TOLLS_JA for a in q.anchors if len(a) == 1))


# Prepositions that name the other side of an act: "against Dovania", "a win over Dovania".
_SIDES = frozenset("against over versus vs".split())


def _gives(q: Quantity, claim: _Claim, article: _Article, sentences: list[tuple[int, Sentence]],
           found: list[Quantity], periods: dict[str, tuple[set[str], bool]],
           published: dt.date | None, theirs: set[int] | None = None) -> bool:
    """Whether the story gives the claim's figure ``q`` for what the claim gives it to;
    ``theirs``: the story's figures of the value that are another thing's, where known."""
    if theirs is None:
        theirs = _owned_otherwise(q, claim, sentences)
    # A figure the story makes from two of its own (a change, a ratio, a margin) is made from
    # what happened in the claim's period: not from a forecast ("raised its forecast to 0.3%
    # from 0.1%" makes no growth of 0.2%), nor from another period's figures.
    mine = _periods(claim.text)
    # A claim about what is expected makes its figures from the expectation itself.
    making = sentences if _about_expected(claim) else [
        (n, s) for n, s in sentences if not _expected(claim, s) and not (
        mine and (theirs_s := _periods(s.text)) and not theirs_s & mine)]
    return _found(q, _scoped(q, claim, sentences, [e for e in found if id(e) not in theirs],
                             periods), making,
                  q.text in claim.margins, _days_for(q, article, published),
                  q.text in claim.changes, q.text not in claim.scores
                  ) or _counts_names(q, claim, article)


_DEVELOPING = re.compile(
    r"延焼(?:が|は)?続|燃え続け|燃え広が|(?:鎮火|鎮圧)の見通し(?:は|が)?立っていない|"
    r"鎮火(?:には)?至っていない|捜索(?:が|は)?続|"
    r"\bstill (?:burning|spreading|rising|climbing)\b|\bcontinu(?:e|es|ed|ing) to "
    r"(?:burn|spread|rise|climb)\b|\bnot yet (?:contained|under control)\b|"
    r"\b(?:toll|count) (?:is |was )?(?:expected|likely) to rise\b", re.I)


_EACH = re.compile(r"\b(?:each|apiece|respectively)\b|それぞれ", re.I)


def _number_conflicts(claim: _Claim, article: _Article, sentences: list[tuple[int, Sentence]],
                      found: list[Quantity], published: dt.date | None = None,
                      as_of: dt.date | None = None,
                      story_periods: dict[str, tuple[set[str], bool]] | None = None,
                      claim_folded: _Article | None = None) -> tuple[list[Conflict], int]:
    conflicts, unmatched = [], 0
    claim_folded = claim_folded or _Article(claim.text)
    # A toll rises report by report: a lower one from days before the check is an earlier
    # count, not another account of the claim's.
    earlier = bool(as_of and published and (as_of - published).days > 1)
    # A story from before the check of an event still going on ("延焼が続き", "still
    # burning") gives figures of that moment: the outcome may be larger, or revised lower.
    developing = bool(as_of and published and published < as_of
                      and _DEVELOPING.search(article.text))
    # A story without the event the claim names ("the 2026 Boston Marathon") is about
    # another one, whatever people it shares: its figures are other figures.
    elsewhere = any((m.cls == "work" or set(m.key.split()) & _EVENT_WORDS)
                    and not article.has(m.key) for m in claim.mentions)
    # A verb that only says where a figure stands ("にとどまった", "reached") is shared by
    # figures of every kind: it makes no sentence one about the claim's figure.
    claim_lemmas = _verb_groups(claim) - _FIGURE_VERBS
    claim_periods = _periods(claim.text)
    # The claim's figures are forecasts where it says someone expects them; Japanese says
    # the act of expecting last, after the verb of what is expected ("着工戸数が70万戸を
    # 割り込むと見込んでいる").
    forecast = bool(_expecting_act(claim)) or (is_japanese(claim.text) and any(
        p.lemma in _EXPECTING_ACTS and not p.negated for p in claim.predicates))
    starts = _change_starts(claim)
    # A story without one of the sides of the claim's act ("Japan beat Venezuela 8-5" against
    # "Japan beat Taiwan 13-0") is about another act, whatever its figures.
    sides = {k for p in claim.predicates for k in _participants(p)} | {
        m.key for m in claim.mentions if m.role[:1] == ("pobj",) and m.role[1:2] and
        m.role[1] in _SIDES}
    # A side written as a name and a common noun ("UK GDP") is there when both are.
    absent = any(not article.has(k) and not all(article.has(w) for w in k.split())
                 for k in sides)
    for q in claim.quantities:
        theirs = _owned_otherwise(q, claim, sentences)
        if _gives(q, claim, article, sentences, found, story_periods or {}, published, theirs):
            continue
        floor = bool(_AT_LEAST.search(q.text))
        target = _is_target(claim.text, q)
        forecast_q = forecast or _forecast_figure(q)
        per = _per(claim.text, q)
        if any(_compatible(q.unit, e.unit) for e in found):
            unmatched += 1
        if any(_compatible(q.unit, e.unit) and _coarser(e, q)
               and abs(q.value - e.value) < e.step / 2 for e in found):
            continue  # the story gives it, only more roughly ("400 basis points" for 4.25)
        anchors = q.anchors - _GENERIC_ANCHORS
        if q.unit == "ordinal":
            continue  # "second", "first": too many things are ranked in one story
        # A unit's number ("7号機") is contradicted only where the claim reports what happened
        # and a sentence about the event gives another number to the claim's own verb
        # ("6号機が再稼働"); a plan for another unit says nothing against it.
        ident = q.unit.startswith("id:")
        if ident and any(p.irrealis for p in claim.predicates):
            continue
        if elsewhere or absent or developing or (
                claim.mentions and not _same_event(claim, article, named=True, works=True)):
            continue
        # The figure the story gives the claim's own thing is the one to name.
        owned = _owned_rival(q, claim, sentences, theirs)
        if owned:
            conflicts.append(owned)
            continue
        for n, sentence in sentences:
            if _expected(claim, sentence):
                continue
            # A figure the claim says was forecast ("expects to sell 11.5 million") is told
            # otherwise only by another forecast, not by a count of what happened.
            if forecast_q and not (sentence.irrealis or sentence.lemmas & (
                    _EXPECTING_ACTS | _EXPECTING)):
                continue
            # A sentence whose change ends at the value the claim's change starts from ("eased to
            # 5.4% from 6.3%" against "fell to 3.8%, down from 5.4%") tells the step before.
            if _step_before(starts, sentence):
                continue
            # A figure of a part ("中国では…約269万台", "In China, sales fell to ...") is not the
            # claim's whole.
            if _scoped_elsewhere(sentence, claim_folded):
                continue
            # Nor is a figure with a part set aside ("Excluding gasoline, prices rose 2.2%").
            if _sets_aside(claim, sentence):
                continue
            # A figure each of several holds ("Oracle, Silver Lake and MGX each hold 15%") is
            # no rival of what they hold together ("together own 45%").
            if _EACH.search(sentence.text) and not _EACH.search(claim.text):
                continue
            # A figure of another accounting period ("4〜12月期" against "2026年3月期") is
            # another figure.
            periods = _periods(sentence.text)
            if claim_periods and periods and not claim_periods & periods:
                continue
            # A figure of an earlier year ("the record was 18, at Beijing 2022") is a past
            # figure, unless the claim is about that year.
            past = {y for y in _years(sentence.text) if published and int(y) < published.year
                    and not _since(sentence.text, y)}
            if past and not past & claim.years and not (_years(sentence.text) - past):
                continue
            # A margin is told otherwise only by another margin, or by two figures set
            # against each other ("27票対22票"): "voted eight to one" is no margin of a count.
            if q.text in claim.margins and not (_GIVES_MARGIN.search(sentence.text)
                                                or _SCORE.search(sentence.text)):
                continue
            # A running total ("so far", "早くも8個") is a lower bound when it was written.
            running = bool(_RUNNING.search(sentence.text))
            # A share or a sum is specific enough when a sentence about the event has the
            # claim's verb; a count needs the same noun or verb ("40 people", "3 people").
            same_verb = not q.unit.startswith(("count", "ordinal")) and any(
                p.lemma in claim_lemmas for p in sentence.predicates) and _same_event(
                claim, sentence.text)
            # "At least 59 dead" is not contradicted by a count of 38: counts of the dead,
            # the sick and the displaced rise report by report. A margin is a final count.
            # A change is a rival of a change by the claim's verb ("約3千人減った" /
            # "1223人減り").
            changed = _changes(sentence.text, sentence.quantities) if (
                q.text in claim.changes and any(p.lemma in claim_lemmas
                                                for p in sentence.predicates)) else ()
            # The value a change started from is no rival of the claim's new value: the
            # claim's "raised to 125 yen" is not told otherwise by "from 50 yen to 125 yen".
            rivals = [e for e in sentence.quantities
                      if not e.expected and _rivals(q.unit, e.unit)
                      and not _of_a_round(sentence.text, e, claim.text)
                      and not (target and _is_origin(sentence.text, e))
                      and _same_measure(q, e, article, claim.text)
                      and per == _per(sentence.text, e)
                      and (same_verb if ident else ((anchors & e.anchors) or same_verb
                                                    or _same_owner_noun(q, e)
                                                    or e.text in changed
                                                    or (q.unit in _NAMED_COUNTS
                                                        and q.unit == e.unit)))
                      and not any(_match(c, e) or _consistent(c, e)
                                  for c in claim.quantities)
                      and not (((floor and q.text not in claim.margins) or running
                                or (earlier and _toll(q))) and e.value < q.value)]
            if rivals:
                # A change is set against a change where the story gives one ("減った"
                # against "1223人減り", not the total in the sentence before).
                moved = _changes(sentence.text, rivals) if q.text in claim.changes else ()
                if q.text in claim.changes and not moved:
                    # A level beside a change ("7割を超え" against "前年を2.9%上回り") is
                    # another figure: only a change tells a change otherwise.
                    continue
                conflicts.append(_rival(q, anchors, [e for e in rivals if e.text in moved]
                                        or rivals, sentence, n))
                break
    return conflicts, unmatched


def _same_owner_noun(q: Quantity, e: Quantity) -> bool:
    """Both Japanese figures are given to the same noun ("世界販売" and "全世界販売本数"): a count
    needs no other sign that it counts the same thing. Not in English, whose owners are
    subjects ("the KOSPI", "Oracle") with many figures each."""
    a, b = q.owner.replace(" ", ""), e.owner.replace(" ", "")
    return len(a) >= 2 and len(b) >= 2 and (a in b or b in a) and bool(_CJK_KEY.search(a))


def _change_starts(claim: _Claim) -> list[Quantity]:
    """The claim's figures a change starts from ("down from 5.4%", "5.4%から")."""
    return [c for c in claim.quantities if (sides := _around(claim.text, c)) and (
        _FROM_BEFORE.search(sides[0]) or sides[1].startswith("から"))]


def _step_before(starts: list[Quantity], sentence: Sentence) -> bool:
    """The sentence's change ends at a value the claim's change starts from (``starts``)."""
    return bool(starts) and any(
        _is_target(sentence.text, e) and any(_match(c, e) for c in starts)
        for e in sentence.quantities)


def _forecast_figure(q: Quantity) -> bool:
    """The figure's own words say it is forecast ("1150万台程度を見込む", "forecast growth of
    3%")."""
    return any(act in q.anchors or (kanji and kanji <= q.anchors)
               for act, kanji in _EXPECTING_KANJI)


_SCOPE_JA = re.compile(r"([一-龥ァ-ヶー]{2,12})(?:で|に)は")
_SCOPE_EN = re.compile(r"^(?:In|Across) ((?:[A-Z][\w'’-]*\s?)+),")


def _scoped_elsewhere(sentence: Sentence, claim_folded: _Article) -> bool:
    """The sentence opens on a place the claim never names as the scope of what follows
    ("中国では", "In China,"): its figures are that place's."""
    places = {m.text: m.key for m in sentence.mentions if m.cls == "place"}
    found = [m.group(1) for m in _SCOPE_JA.finditer(sentence.text)] + [
        m.group(1).strip() for m in _SCOPE_EN.finditer(sentence.text)]
    for scope in found:
        for text, key in places.items():
            if text and text in scope and not claim_folded.has(key):
                return True
    return False


def _owned_otherwise(q: Quantity, claim: _Claim, sentences: list[tuple[int, Sentence]]
                     ) -> set[int]:
    """The story's figures with the claim's value that are another thing's, where the story
    gives the claim's own thing another figure of the claim's time: "retail sales grew 5.7%"
    is not confirmed by "industrial output grew 5.7% ... but retail sales rose only 1.7%"
    (ids of the figures)."""
    if not q.owner:
        return set()
    figures = [e for _, s in sentences for e in s.quantities if _compatible(q.unit, e.unit)]
    exact = _names_owner(q, sentences)
    per = _per(claim.text, q)
    if not any(_theirs_is_mine(q, e, exact) and not _match(q, e) and not _consistent(q, e)
               and _of_the_claims_time(claim, s, e) and per == _per(s.text, e)
               for _, s in sentences for e in s.quantities):
        return set()
    # Another subject that is a common noun may still measure the claim's thing ("the easing
    # cycle has taken 425 basis points off the rate" for "the bank cut its rate by 4.25
    # points"): it is another thing's figure only where it shares no word with the claim's
    # but the verb.
    verbs = {p.lemma for p in claim.predicates}
    verbs |= set("".join(verbs))
    japanese = is_japanese(claim.text)
    return {id(e) for e in figures if _match(q, e) and (
        (e.owner and not _same_owner(q, e, exact)
         and (e.owner_named or not (q.anchors & e.anchors) - _GENERIC_ANCHORS - verbs))
        # A count of nobody's that counts other things ("four volcanic earthquakes" where
        # the claim's 4 is an alert level the story gives as 3). English only: a Japanese
        # figure's anchors are the kanji of the words around it, too loose to tell things
        # apart.
        or (not e.owner and q.unit.startswith("count") and e.anchors - _COUNTED_ANYTHING
            and not japanese and not (q.anchors & e.anchors) - _GENERIC_ANCHORS - verbs))}


# Anchors every count may have: they say nothing of what is counted.
_COUNTED_ANYTHING = _GENERIC_ANCHORS | frozenset(("count", "event"))


def _names_owner(q: Quantity, sentences: list[tuple[int, Sentence]]) -> bool:
    """The story gives a figure to the claim's subject as the claim writes it."""
    return any(e.owner == q.owner for _, s in sentences for e in s.quantities
               if _compatible(q.unit, e.unit))


def _of_the_claims_time(claim: _Claim, sentence: Sentence, figure: Quantity) -> bool:
    """The sentence names no period or year other than the claim's for the figure."""
    years = _years(sentence.text)
    if claim.years and years and not claim.years & years:
        return False
    return not _other_time(claim, sentence, figure, is_japanese(sentence.text))


_OVER_PERIOD = frozenset("annual yearly monthly quarterly weekly daily".split())


def _same_owner(q: Quantity, e: Quantity, exact: bool = False) -> bool:
    """The two figures have the same subject, or one's is named in the other's; where the
    story also names the claim's subject as written (``exact``: 全店売上高), a looser one
    (売上高) is another."""
    if not (q.owner and e.owner):
        return False
    # "annual headline inflation" and "monthly headline inflation" are two measures.
    mine, theirs = q.owned_by & _OVER_PERIOD, e.owned_by & _OVER_PERIOD
    if mine and theirs and not mine & theirs:
        return False
    if e.owner == q.owner:
        return True
    return not exact and (e.owner in q.owned_by or q.owner in e.owned_by
                          or e.owner in q.owner or q.owner in e.owner)


def _other_kind(q: Quantity, e: Quantity) -> bool:
    """Both figures' subjects are told by words, and by none the same: "food prices" are not
    the claim's "Canada's consumer prices", whatever noun they share."""
    mine, theirs = q.owned_by - {q.owner}, e.owned_by - {e.owner}
    return bool(mine and theirs) and not mine & theirs


def _theirs_is_mine(q: Quantity, e: Quantity, exact: bool = False) -> bool:
    """The story's figure measures what the claim's does, for the same subject."""
    return _compatible(q.unit, e.unit) and _same_owner(q, e, exact) and bool(
        (q.anchors - _GENERIC_ANCHORS) & e.anchors)


def _owned_rival(q: Quantity, claim: _Claim, sentences: list[tuple[int, Sentence]],
                 theirs: set[int]) -> Conflict | None:
    """The story gives the claim's figure to another thing and the claim's thing another
    figure of the same kind: "retail sales grew 5.7%" against "industrial output grew 5.7%
    ... but retail sales rose only 1.7%". Read also beside a forecast (the figures of
    expectations are never rivals), but not in a sentence that looks ahead; a change is told
    otherwise only by a change. A plan or a forecast the claim reports ("供給量は50％削減される")
    is not told otherwise by what was done before it. ``theirs`` is what `_owned_otherwise`
    found: nothing there, no rival here."""
    if any(p.irrealis for p in claim.predicates) or not theirs:
        return None
    exact = _names_owner(q, sentences)
    per = _per(claim.text, q)
    for n, sentence in sentences:
        # "against an expected 5.5%" expects nothing of its own: the expectation words
        # measure the figures the sentence reports.
        if sentence.expects or any(p.irrealis for p in sentence.predicates
                                   if p.lemma not in REPORTING_VERBS
                                   and p.lemma not in _EXPECTING) or _sets_aside(claim, sentence):
            continue
        changed = _changes(sentence.text, sentence.quantities)
        rivals = [e for e in sentence.quantities if _theirs_is_mine(q, e, exact)
                  and not _other_kind(q, e)
                  and e.unit == q.unit and per == _per(sentence.text, e)
                  and _of_the_claims_time(claim, sentence, e) and not e.expected
                  and not _match(q, e) and not _consistent(q, e)
                  and (q.text not in claim.changes or e.text in changed)
                  and not any(_match(c, e) or _consistent(c, e) for c in claim.quantities)]
        if rivals:
            return Conflict("number", q.text, rivals[0].text, sentence.text, n)
    return None


def _rival(q: Quantity, anchors: frozenset[str], rivals: list[Quantity], sentence: Sentence,
           n: int) -> Conflict:
    """Of several rival figures, the first about the same thing; where none shares the
    claim's words, the nearest in value (254 votes against "354 of the 464 votes")."""
    shared = [e for e in rivals if anchors & e.anchors]
    rival = shared[0] if shared else min(rivals, key=lambda e: abs(math.log(
        (abs(e.value) + 1) / (abs(q.value) + 1))))
    return Conflict("number", q.text, rival.text, sentence.text, n)


def _home(claim: _Claim, sentences: list[tuple[int, Sentence]], holds, leave: set[str]
          ) -> tuple[int, Sentence] | None:
    """The sentence that tells what the claim tells, where it is not one that ``holds`` the
    claim's value: it shares more of the claim's words (``leave`` aside: the value's own)
    than any sentence with the value, and most of them (at least three, and three fifths;
    two in Japanese, whose content words are whole compounds such as 純利益). None where a
    sentence with the value shares as many, or where no sentence has it: a value the story
    never gives is for the other checks."""
    words = claim.content - leave
    least = 2 if is_japanese(claim.text) else 3
    if len(words) < least:
        return None

    def shared(s: Sentence) -> int:
        return len(words & s.content)

    marked = [(n, s, holds(s)) for n, s in sentences]
    best = max(((n, s) for n, s, held in marked if not held), key=lambda ns: shared(ns[1]),
               default=None)
    if best is None or shared(best[1]) < max(least, 0.6 * len(words)):
        return None
    holding = [shared(s) for _, s, held in marked if held]
    if not holding or max(holding) >= shared(best[1]):
        return None
    return best


def _of_another_year(claim: _Claim, text: str, article: _Article) -> bool:
    """The sentence is about another year than the claim's: it names only years the claim
    does not, or, where the claim names none, only years before the story's latest ("the
    record was 18, at Beijing 2022")."""
    years = _years(text)
    if not years or years & claim.years:
        return False
    return bool(claim.years) or max(years) < max(_years(article.text) | years)


def _gives_the_rest(claim: _Claim, sentence: Sentence, but) -> bool:
    """The sentence gives every other person, group, place and figure of the claim (all but
    ``but``, the value in question): it is about the claim's own act, with its participants."""
    here = _reading(sentence.text)
    return all(here.has(m.key) for m in claim.mentions
               if m is not but and m.cls in ("agent", "place")) and all(
        any(_match(q, e) or _consistent(q, e) for e in sentence.quantities)
        for q in claim.quantities if q is not but and q.unit != "ordinal")


# A sentence that sets a part aside measures something else: "Excluding gasoline, prices rose
# 2.2%" is not the claim's "consumer prices rose 3.2%" (the story's inflation rate).
_SET_ASIDE = re.compile(r"\b(?:excluding|except|not counting|stripping out|leaving out|"
                        r"apart from|aside from|other than)\b|除く|除いた|除き", re.I)


# A sentence about part of a month ("in the first 20 days of May", "1-20 May", 上旬, 中旬): its
# figures and its moves are the part's, not the whole month's.
_PART_OF_MONTH = re.compile(
    r"\bthe (?:first|last|past) (?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|fifteen|twenty) (?:days|weeks) of\b|"
    r"\b\d{1,2} ?(?:-|–|to) ?\d{1,2} (?:January|February|March|April|May|June|July|August|"
    r"September|October|November|December)\b|上旬|中旬", re.I)


def _of_part_of_month(claim: _Claim, sentence: Sentence) -> bool:
    return bool(_PART_OF_MONTH.search(sentence.text)) and not _PART_OF_MONTH.search(claim.text)


def _sets_aside(claim: _Claim, sentence: Sentence) -> bool:
    """The sentence measures a part the claim does not: it sets a part aside, or covers part of
    a month."""
    return _of_part_of_month(claim, sentence) or (
        bool(_SET_ASIDE.search(sentence.text)) and not _SET_ASIDE.search(claim.text))


def _misplaced(claim: _Claim, article: _Article, claim_folded: _Article,
               sentences: list[tuple[int, Sentence]]) -> list[Conflict]:
    """A figure or a name of the claim that the story gives, but to something else, where the
    sentence that tells the claim's fact gives another in its place: "The United States
    finished second with 30 golds" against "The United States finished second with 12 golds
    and 33 medals" (30 golds being another country's); "extended Charles Leclerc's lead"
    against "extended Russell's lead" (Leclerc being named elsewhere). The other sentence
    must share more of the claim's words than any sentence with the claim's value, and the
    rival must be of the same kind in the same slot (the same counted noun or measure for a
    figure, the same role of the same verb or noun for a name), and the other sentence must
    give the claim's other participants and figures: "Jasprit Bumrah took five wickets for
    15 runs" is not about "Jimmy Neesham took three wickets", which has no 15."""
    out = []
    # What a figure counts or measures, its verbs and names aside: "beat Sabalenka in three
    # sets" says nothing of the 6 in "6-4".
    aside = {lemma for p in claim.verbs for lemma in _group(p.lemma)} | {
        w for m in claim.mentions for w in m.key.split()}
    for q in claim.quantities:
        anchors = q.anchors - _GENERIC_ANCHORS - aside
        if q.unit in ("ordinal", "times") or q.unit.startswith(("id:", "duration:")) or \
                not anchors or q.text in claim.margins or q.text in claim.changes or \
                _AT_LEAST.search(q.text) or _AT_MOST.search(q.text):
            continue
        home = _home(claim, sentences, lambda s, q=q: any(
            _match(q, e) or _consistent(q, e) for e in s.quantities), set())
        if home is None or _expected(claim, home[1]) or _RUNNING.search(home[1].text) or (
                _periods(home[1].text) - _periods(claim.text)) or _of_another_year(
                    claim, home[1].text, article) or not _gives_the_rest(claim, home[1], q) or (
                _sets_aside(claim, home[1])):
            continue
        rival = next((e for e in home[1].quantities
                      if not e.expected and _rivals(q.unit, e.unit) and anchors & e.anchors
                      and _same_measure(q, e, article, claim.text)
                      and _per(claim.text, q) == _per(home[1].text, e)
                      and not any(_match(c, e) or _consistent(c, e)
                                  for c in claim.quantities)), None)
        if rival is not None:
            out.append(Conflict("number", q.text, rival.text, home[1].text, home[0]))
    for m in claim.mentions:
        if m.cls not in ("agent", "place") or not article.has(m.key) or not m.role:
            continue
        home = _home(claim, sentences, lambda s, m=m: _reading(s.text).has(m.key),
                     set(m.key.split()))
        if home is None or _expected(claim, home[1]) or \
                _another_occasion(claim.text, home[1].text) or \
                not _gives_the_rest(claim, home[1], m):
            continue
        # The medal the claim gives is not the win the sentence tells.
        if _LESSER_MEDAL.search(claim.text) and not _LESSER_MEDAL.search(home[1].text):
            continue
        rival = next((r for r in home[1].mentions
                      if _role_matches(m, r) and r.cls in (m.cls, "any")
                      and not claim_folded.has(r.key) and not _kindred(r.key, m.key)
                      and not _same_name(r.key, m.key) and not places.nested(m.text, r.text)
                      and m.key.replace(" ", "") not in _initials(r.text)
                      and r.key.replace(" ", "") not in _initials(m.text)), None)
        if rival is not None:
            out.append(Conflict("name", m.text, rival.text, home[1].text, home[0]))
    return out


_DAY = dt.timedelta(days=1)


@lru_cache(maxsize=2048)
def _dates_in(text: str, published: dt.date | None, ahead: bool = False
              ) -> tuple[tuple[str, tuple[dt.date, dt.date]], ...]:
    # dateparser is slow: each story and sentence is read once per publication day.
    return tuple(date_mentions(text, published, ahead=ahead))


def _specific_dates(text: str, published: dt.date | None
                    ) -> list[tuple[str, tuple[dt.date, dt.date]]]:
    """The dates a text names with digits, a month at most: those a story could give
    otherwise ("on 8 March", "13 to 15 March", "in March 2026"), not "this year"."""
    return [(written, span) for written, span in _dates_in(text, published)
            if re.search(r"\d", written) and (span[1] - span[0]).days <= 31]


def _named_in(first: dt.date, last: dt.date, told: list[tuple[dt.date, dt.date]]) -> bool:
    """Whether a day the story names overlaps first..last, or a day beside it (time zones)."""
    return any(a - _DAY <= last and first <= b + _DAY for a, b in told)


def _date_conflicts(claim: _Claim, article: _Article, sentences: list[tuple[int, Sentence]],
                    published: dt.date | None) -> list[Conflict]:
    """A date the story gives the claim's act otherwise: "won the runoff on 21 January"
    against "won the runoff on 21 June", in a sentence with the claim's verb about the
    claim's event. A story that names the claim's date anywhere (or a day beside it: time
    zones), or was published beside it, says nothing against it; a date of another year is
    another occasion."""
    mine = _specific_dates(claim.text, published)
    if not mine or not published or any(p.irrealis for p in claim.predicates):
        return []
    told = [span for _, span in _dates_in(article.text, published)]
    lemmas = _verb_groups(claim)
    for written, (first, last) in mine:
        if first - _DAY <= published <= last + _DAY or _named_in(first, last, told):
            continue
        for n, sentence in sentences:
            if _expected(claim, sentence) or _another_occasion(claim.text, sentence.text) or \
                    not any(p.lemma in lemmas and not p.earlier for p in sentence.predicates) \
                    or not _same_event(claim, sentence.text, named=True):
                continue
            theirs = [w for w, (a, _) in _specific_dates(sentence.text, published)
                      if a.year == first.year]
            if theirs:
                return [Conflict("date", written, theirs[0], sentence.text, n)]
    return []


# A name a Japanese text sets in brackets: a craft, a ship, a work, a product (探査車「キュリオ
# シティ」, 映画「国宝」).
_QUOTED_JA = re.compile(r"「([^「」]{2,20})」")


def _unquoted(claim: _Claim, article: _Article) -> list[str]:
    """The names a Japanese claim sets in brackets that the story never writes: such a name is
    written the same way wherever it is reported, so a story without it (探査車「パーサヴィア
    ランス」 against a story of キュリオシティ) cannot confirm the claim. A bracketed phrase
    with a figure or a verb ending is a quotation, not a name."""
    if not is_japanese(claim.text):
        return []
    return [name for name in _QUOTED_JA.findall(claim.text)
            if not re.search(r"[0-9０-９]|[るたいだす。、]$", name)
            and compact(name) not in article.compact]


def _undated(claim: _Claim, article: _Article, published: dt.date | None) -> list[str]:
    """The claim's days (a day, a run of days or a month) that the story neither names nor
    was published beside: it cannot confirm "won the runoff on 8 March" when it tells of 8
    February, as it cannot confirm a figure it does not give. A story that reports what
    happened "on Saturday" or "yesterday" names the day; one that does not was published
    within days of it."""
    if published is None:
        return []
    out = []
    told = [span for _, span in _dates_in(article.text, published)]
    for written, (first, last) in _specific_dates(claim.text, published):
        if _bound(claim.text, written) or first - _DAY <= published <= last + _NEWS_LAG \
                or _named_in(first, last, told):
            continue
        out.append(written)
    # So is a year the claim names, other than the story's own or the one before (which a
    # story may call "last year", 昨年), that the story never writes ("2017年と2018年の診断分"
    # against the figures of 2016 diagnoses).
    told_years = [y for y in claim.years if int(y) not in (published.year, published.year - 1)]
    if told_years:
        story_years = _years(article.text) | set(re.findall(r"(?:19|20)\d\d", article.text))
        out += sorted(y for y in told_years if y not in story_years)
    return out


# A day that bounds a period rather than dates an act: "between 1 March and 1 August",
# "since 3 January", "1月から", "3月以降".
# ("until", "through", まで and 以降 end a period too: dates.date_mentions already leaves those
# days out.)
_BOUND_BEFORE = re.compile(r"\b(?:between|since|from|after|before)\s+$|"
                           r"\bbetween\b[^.;]*\band\s+$", re.I)
_BOUND_AFTER = re.compile(r"から|以来|以前")


def _bound(text: str, written: str) -> bool:
    at = text.find(written)
    return at >= 0 and bool(_BOUND_BEFORE.search(text[max(0, at - 80):at])
                            or _BOUND_AFTER.match(text, at + len(written)))


# How long after an event a story may first report it without naming its day.
_NEWS_LAG = dt.timedelta(days=3)


_RUNNING = re.compile(r"\b(?:so far|to date|thus far|as of now|so far this|year[- ]to[- ]date|"
                      r"in the first (?:two|three|four|five|six|seven|eight|nine|ten|eleven|\d+) "
                      r"months)\b|これまで|現時点|早くも|途中経過|時点で|序盤|日までに|"
                      # A sum to a month ("11月までの累計で") is part of the year's.
                      r"月まで(?:の累計|に)", re.I)
_PERIOD = re.compile(r"(?:\d{4}年)?\d{1,2}(?:[〜～~-]\d{1,2})?月期|通期|中間期|上期|下期|上半期|"
                     r"下半期|四半期|前期|今期|"
                     # A run of months written as one ("4〜11月に確認された"): that span's figures.
                     r"(?:\d{4}年)?(?<!\d)\d{1,2}[〜～~-]\d{1,2}月(?![期\d日])")


_PERIOD_EN = re.compile(r"\b(?:(first|second|third|fourth|1st|2nd|3rd|4th|final)[- ]quarter|"
                        # "the last quarter of 2025" is its fourth; "last quarter" alone is
                        # the one before now, which only a date can say.
                        r"(last) quarter of (?:the year|\d{4})|"
                        r"Q([1-4])|"
                        r"(first|second|1st|2nd)[- ]half|H([12])|(full[- ]year|whole of (?:the "
                        r"year|\d{4})|all of \d{4}))\b", re.I)
_NTH = {"first": "1", "1st": "1", "second": "2", "2nd": "2", "third": "3", "3rd": "3",
        "fourth": "4", "4th": "4", "final": "4"}
# A quarter written as its months: "January-March", "October to December", "the three months
# to June", "the first three months of 2026".
_MONTHS_EN = ("january february march april may june july august september october november "
              "december").split()
_QUARTER_MONTHS = re.compile(
    r"\b(?:(january|april|july|october)\s*(?:-|–|to|through)\s*(march|june|september|december)"
    r"|three months (?:to|ending|ended) (march|june|september|december)"
    r"|(?:first) (three) months)\b", re.I)
# The months of a fiscal year to date: "the first nine months", "the six months to September".
_MONTHS_TO_DATE = re.compile(r"\b(?:first (six|nine) months|(six|nine) months (?:to|ending|"
                             r"ended))\b", re.I)


def _periods(text: str) -> set[str]:
    """The accounting periods a sentence names: 4〜12月期, 通期, 前期; "q4" for "the fourth
    quarter" or "fiscal fourth-quarter", "h1" for "the first half", "year" for "full-year"
    or "the whole of 2025"."""
    found = {re.sub(r"\d{4}年", "", p).replace("～", "〜").replace("~", "〜").replace("-", "〜")
             for p in _PERIOD.findall(text)}
    found = {f"{p}期" if p.endswith("月") else p for p in found}
    for quarter, last, q, half, h, year in _PERIOD_EN.findall(text):
        if quarter or q:
            found.add("q" + (q or _NTH[quarter.lower()]))
        elif last:
            found.add("q4")
        elif half or h:
            found.add("h" + (h or _NTH[half.lower()]))
        elif year:
            found.add("year")
    for first, last, ending, opening in _QUARTER_MONTHS.findall(text):
        if opening:
            found.add("q1")
            continue
        end = _MONTHS_EN.index((last or ending).lower())
        if not first or _MONTHS_EN.index(first.lower()) == end - 2:
            found.add(f"q{end // 3 + 1}")
    for a, b in _MONTHS_TO_DATE.findall(text):
        found.add("h1" if (a or b).lower() == "six" else "9m")
    return found


_SLOT_PREPS = frozenset("in at to from through across near into on outside inside "
                        "で に から へ".split())


def _role_matches(m: Mention, r: Mention) -> bool:
    if not m.role or not r.role or m.role[0] != r.role[0]:
        return False
    if m.role[0] == "pobj":
        same_prep = m.role[1] == r.role[1]
        same_head = len(m.role) > 2 and len(r.role) > 2 and (
            _group(m.role[2]) & _group(r.role[2]))
        # The に of winning or losing names the side beaten, not a place: "スイスに勝った" is
        # no other version of "カルガリーに集まった".
        # Nor is に, which marks so much else, a place's slot unless both names are places:
        # "日本の利用者に提供" is not told otherwise by "現実世界の再現に課題がある".
        places = m.role[1] in _SLOT_PREPS and "place" in (m.cls, r.cls) and not (
            m.role[1] == "に" and ({m.role[-1], r.role[-1]} & _OPPONENT_VERBS_JA
                                  or m.cls != r.cls))
        return same_prep and bool(same_head or places)
    if len(m.role) < 2 or len(r.role) < 2:
        return False
    return m.role[1] == r.role[1]  # the subject of the same verb, not of a kindred one


_OPPONENT_VERBS_JA = frozenset("勝つ 負ける 敗れる 勝利 敗北 勝ち越す 負け越す 競り勝つ "
                               "逆転勝ち 完勝 圧勝 惜敗 大敗 快勝 引き分ける".split())


_PARTICIPANT_ROLES = frozenset({("nsubj",), ("nsubjpass",), ("dobj",), ("poss",)})


def _fellows(m: Mention, claim: _Claim) -> list[str]:
    """The claim's other names in the act that ``m`` fills a slot of (English parses only: GiNZA
    hangs most of a Japanese sentence's names on its last verb): "Manchester City's 1-1
    draw with Bournemouth at the Etihad" -> Manchester City, Bournemouth for the Etihad. A
    sentence that names none of them, and names sides of its own, tells another act ("Arsenal
    beat Burnley at the Emirates Stadium"), whatever place it gives."""
    if len(m.role) < 2:
        return []
    return [o.key for o in claim.mentions
            if o is not m and len(o.role) >= 2 and o.role[-1] == m.role[-1]]


def _name_conflicts(claim: _Claim, article: _Article, claim_folded: _Article,
                    sentences: list[tuple[int, Sentence]]) -> tuple[list[Conflict], int]:
    missing = [m for m in claim.mentions if not article.has(m.key)]
    shared = len(claim.mentions) - len(missing)
    conflicts: list[Conflict] = []
    japanese = is_japanese(claim.text)
    # Another story names other people and places: only an article that shares as many of
    # the claim's names as it lacks, one of them a person, group or place, is read as a
    # different version of the same event.
    if not missing or shared < max(1, len(missing)) or not _same_event(claim, article) \
            or not any(m.cls in ("agent", "place") and article.has(m.key)
                       for m in claim.mentions):
        return conflicts, len(missing)
    for m in missing:
        if m.cls == "work" or set(m.key.split()) & _EVENT_WORDS:
            continue  # "the Chinese Grand Prix" names the event; another one is another story
        fellows = [] if japanese else _fellows(m, claim)
        for n, sentence in sentences:
            if _expected(claim, sentence) or _another_occasion(claim.text, sentence.text):
                continue
            if fellows and not any(_reading(sentence.text).has(k) for k in fellows) and any(
                    r.role[:1] in _PARTICIPANT_ROLES and not claim_folded.has(r.key)
                    for r in sentence.mentions):
                continue  # other sides, another act ("He was flown to ..." is no other side)
            rival = next((r for r in sentence.mentions
                          if _role_matches(m, r) and not claim_folded.has(r.key)
                          and not _kindred(r.key, m.key)
                          and (m.cls == r.cls or "any" in (m.cls, r.cls)
                               or {m.cls, r.cls} <= {"agent", "place"})
                          and not (m.cls != "agent" and places.nested(m.text, r.text))), None)
            said = rival.text if rival is not None else (
                "" if japanese else _in_context(m, claim.text, sentence.text, claim_folded))
            if said and not (m.cls != "agent" and places.nested(m.text, said)):
                conflicts.append(Conflict("name", m.text, said, sentence.text, n))
                break
    return conflicts, len(missing)


# Prepositions that place an act; two of them say the same slot ("in the Pacific" / "at sea
# off San Diego" are both where).
_WHERE = frozenset("in at near off outside inside".split())


def _same_kind_of_place(a: str, b: str) -> bool:
    """Two names of one kind of place told apart by their first word: "the Atlantic Ocean"
    and "the Pacific Ocean", "Mount Merapi" and "Mount Burangrang" (by their last)."""
    x, y = a.split(), b.split()
    if len(x) < 2 or len(y) < 2 or _GENERIC_ANCHORS & {x[-1], x[0]}:
        return False
    return (x[-1] == y[-1] and x[0] != y[0]) or (x[0] == y[0] and x[-1] != y[-1])


def _place_conflicts(claim: _Claim, article: _Article, claim_folded: _Article,
                     sentences: list[tuple[int, Sentence]]) -> list[Conflict]:
    """A place the claim gives its act and the story never names, where a sentence that
    names another of the claim's participants gives the same act another place, one that can
    neither hold the claim's nor lie inside it: "splashed down off Florida" against "splashed
    down ... off San Diego" (the gazetteer of places.py), "in the Atlantic Ocean" against "in
    the Pacific Ocean". "Captured in Venezuela" is not contradicted by "in Caracas"."""
    out = []
    for m in claim.mentions:
        if m.cls != "place" or len(m.role) < 3 or m.role[0] != "pobj" or article.has(m.key):
            continue
        prep, verbs = m.role[1], _group(m.role[2])
        if prep not in _SLOT_PREPS | _WHERE:
            continue
        others = [o.key for o in claim.mentions if o is not m and article.has(o.key)]
        for n, sentence in sentences:
            if _expected(claim, sentence) or _another_occasion(claim.text, sentence.text):
                continue
            here = _reading(sentence.text)
            if not any(here.has(k) for k in others):
                continue
            rival = next((r for r in sentence.mentions
                          if r.cls == "place" and len(r.role) >= 3 and r.role[0] == "pobj"
                          and (r.role[1] == prep or {r.role[1], prep} <= _WHERE)
                          and _group(r.role[2]) & verbs and not claim_folded.has(r.key)
                          and not _kindred(r.key, m.key)
                          and (_same_kind_of_place(m.key, r.key)
                               or places.disjoint(m.text, r.text))), None)
            if rival is not None:
                out.append(Conflict("place", m.text, rival.text, sentence.text, n))
                break
    return out


# Words that put what follows them where something happened, with up to three words between
# ("in the town of Jinka", "from the Wenchang launch site"); in Japanese, で or から after the
# place, with a few characters between ("大田原市の「ホテル花月」で").
_WHERE_BEFORE = re.compile(r"\b(?:in|at|near|off|from|outside|inside|around)\s+"
                           r"(?:(?:the|a|an|of|(?!" + "|".join(sorted(_SLOT_PREPS | {
                               "against", "over", "with", "for", "by", "after", "before",
                               "between", "and", "or", "but", "versus", "vs", "than", "as",
                               "during", "while", "when", "where", "who", "which", "that"}))
                           + r")\b[a-z][a-z-]+)\s+){0,3}$")
# "大阪府でも" (in Osaka too) adds a place to another: no place is its rival.
_WHERE_AFTER_JA = re.compile(r"^[^、。，,]{0,12}?(?:で|から)(?![はも])")
_JA_PREFECTURE = re.compile(r"^.{1,3}?[都道府県](?=.)")


def _where(mention: Mention, text: str) -> str:
    """The known place the mention names, where the text puts something there; "" where it
    does not, or the gazetteer does not know the place. A longer name is read by its known
    part ("the Jiuquan Satellite Launch Center" by Jiuquan)."""
    at = text.find(mention.text)
    if at < 0:
        return ""
    japanese = is_japanese(text)
    if japanese:
        if not _WHERE_AFTER_JA.search(text[at + len(mention.text):]):
            return ""
    elif not _WHERE_BEFORE.search(text[:at]):
        return ""
    if places.known(mention.text):
        return mention.text
    if japanese:
        # "静岡県掛川市" is read by its city.
        town = _JA_PREFECTURE.sub("", mention.text)
        return town if town != mention.text and places.known(town) else ""
    words = mention.text.split()
    return next((" ".join(words[i:j]) for n in (2, 1) for i in range(len(words) - n + 1)
                 for j in [i + n] if words[i][:1].isupper()
                 and places.known(" ".join(words[i:j]))), "")


def _qualified(claim: _Claim, sentence: Sentence) -> bool:
    """The sentence gives a name the claim does not to a word of the claim's: "the 2026 ACT
    Australian of the Year" is another award than the claim's "Australian of the Year"."""
    words = {fold(w) for w in re.findall(r"\w+", claim.text)}
    return any(r.role[:1] == ("compound",) and len(r.role) > 1 and r.role[1] in words
               and not _reading(claim.text).has(r.key) for r in sentence.mentions)


def _where_conflicts(claim: _Claim, article: _Article, claim_folded: _Article,
                     sentences: list[tuple[int, Sentence]], opening: set[str]
                     ) -> list[Conflict]:
    """A place where the claim puts its event, which the story never names, against another
    place of the same kind where the story puts it: "captured in Maracaibo" against the
    headline's "seize Maduro in Caracas raid", "lifted off from Wenchang" against "launched
    ... from the Jiuquan Satellite Launch Center". The story's place must stand in its
    headline or first sentence, or in a sentence with one of the claim's verbs, and not say
    where another act of the sentence happened ("built in San Diego"); neither place may hold
    the other (the gazetteer of places.py), nor may the story name a place
    inside the claim's: "in Venezuela" is not contradicted by "in Caracas". A story of
    another occasion (another rank, "the fourth Test" for "the fifth"; an award qualified
    otherwise) says nothing of where the claim's happened."""
    japanese = is_japanese(claim.text)
    verbs = {lemma for p in claim.verbs for lemma in _group(p.lemma)}
    told = [(m, where) for m in claim.mentions if m.cls in ("place", "agent", "any")
            and not article.has(m.key) and (where := _where(m, claim.text))]
    if not told:
        return []
    story_places = [r.text for _, s in sentences for r in s.mentions
                    if r.cls in ("place", "any") and places.known(r.text)]
    claim_places = [m.text for m in claim.mentions if places.known(m.text)]
    ranks = _ranks(claim.text)
    if ranks and not ranks & _ranks(article.text):
        return []  # the story of another round or game
    out = []
    for m, mine in told:
        if any(places.inside(x, mine) and not _kindred(name_key(x), m.key)
               for x in story_places):
            continue
        for n, sentence in sentences:
            if not (sentence.text in opening or sentence.lemmas & verbs or (
                    japanese and verbs & sentence.content)):
                continue
            if _expected(claim, sentence) or _another_occasion(claim.text, sentence.text) \
                    or _qualified(claim, sentence):
                continue
            acts = {p.lemma for p in sentence.predicates} - verbs
            rival = next((theirs for r in sentence.mentions
                          if r.cls in ("place", "agent", "any")
                          and not (len(r.role) > 2 and r.role[0] == "pobj"
                                   and r.role[2] in acts)
                          and (theirs := _where(r, sentence.text))
                          and not claim_folded.has(name_key(theirs))
                          and places.alternatives(mine, theirs)
                          and not any(places.nested(theirs, x) for x in claim_places)), "")
            if rival:
                out.append(Conflict("place", m.text, rival, sentence.text, n))
                break
    return out


_TOKEN = re.compile(r"[\w$€£¥%][\w$€£¥%.,'’:-]*[\w%]|[\w$€£¥%]")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


# Lower-case words inside a name ("Bank of England", "Charles de Gaulle").
_NAME_LINKS = frozenset("of de the and la le van von der del da du al bin".split())


def _same_place(words: list[str], at: int, length: int, sentence: str):
    """The spans of the sentence that stand between the words around ``words[at:at +
    length]`` (a word or two on each side, two of them not function words): the same slot.
    Yields each as its tokens."""
    lower = [w.lower() for w in words]
    left, right = lower[max(0, at - 2):at], lower[at + length:at + length + 2]
    if not left or not right or sum(fold(w) not in _STOP for w in left + right) < 2:
        return
    theirs = _tokens(sentence)
    low = [w.lower() for w in theirs]
    for i in range(len(left), len(low) + 1):
        if low[i - len(left):i] != left:
            continue
        for j in range(i + 1, min(i + 7, len(low) - len(right) + 1)):
            if low[j:j + len(right)] == right:
                yield theirs[i:j]
                break


def _in_context(m: Mention, claim: str, sentence: str, claim_folded: _Article) -> str:
    """Another name the sentence gives between the words that stand around the claim's name:
    "Arsenal defender Gabriel sent the penalty" for "Arsenal defender Workspace sent the
    penalty", "by beating England 48-46" for "by beating Scotland 48-46". What stands between
    them in the sentence must be written as a name."""
    words = _tokens(claim)
    name = _tokens(m.text)
    lower = [w.lower() for w in words]
    at = next((i for i in range(len(words) - len(name) + 1)
               if lower[i:i + len(name)] == [w.lower() for w in name]), None)
    if at is None or not name:
        return ""
    for span in _same_place(words, at, len(name), sentence):
        text = " ".join(span)
        key = name_key(text)
        if not all(w[:1].isupper() or w in _NAME_LINKS for w in span) or \
                not span[0][:1].isupper() or claim_folded.has(key) or \
                _same_name(key, m.key) or m.key.replace(" ", "") in _initials(text) or \
                key.replace(" ", "") in _initials(m.text) or _kindred(key, m.key):
            continue
        return text
    return ""


_ORDINALS = {w: i for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth".split(), start=1)}
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$|^([a-z]+)$")


def _rank(token: str) -> tuple[int, str] | None:
    """An ordinal and what it ranks: "third" -> (3, ""), "2nd" -> (2, ""),
    "first-quarter" -> (1, "quarter")."""
    head, _, rest = token.lower().partition("-")
    m = _ORDINAL.match(head)
    if not m:
        return None
    value = int(m.group(1)) if m.group(1) else _ORDINALS.get(head)
    return (value, rest) if value else None


_RANK_WORDS = re.compile(rf"\b(?:{'|'.join(_ORDINALS)}|\d+(?:st|nd|rd|th))\b|"
                         r"第\s*\d+\s*[局戦回期節日]", re.I)


def _ranks(text: str) -> set[str]:
    """The ranks a text names as written ("fifth", "5th", "第5局")."""
    return {x.lower().replace(" ", "") for x in _RANK_WORDS.findall(text)}


def _rank_conflicts(claim: _Claim, sentences: list[tuple[int, Sentence]]) -> list[Conflict]:
    """A rank of the claim that the story gives otherwise between the same words: "Zinga came
    third with 1.48%" against "Zinga came second with 1.48%", "a first-quarter loss" against
    "a second-quarter loss"."""
    words = _tokens(claim.text)
    for at, word in enumerate(words):
        mine = _rank(word)
        if mine is None:
            continue
        for n, sentence in sentences:
            if _expected(claim, sentence) or _another_occasion(claim.text, sentence.text):
                continue
            for span in _same_place(words, at, 1, sentence.text):
                theirs = _rank(span[0]) if len(span) == 1 else None
                if theirs and theirs[1] == mine[1] and theirs[0] != mine[0]:
                    return [Conflict("number", word, span[0], sentence.text, n)]
    return []


# A run of periods ("3年連続") against the end of a gap ("3年ぶり"): the third year running is
# not the first time in three years. "約18年半ぶり" is eighteen and a half years.
_STREAK_JA = re.compile(r"(約)?(\d+|[一二三四五六七八九十]+)"
                        r"(年度|年|四半期|期|か月|カ月|ヶ月|大会|場所|回)(半)?(連続|ぶり)")


def _streak_value(m: re.Match) -> float:
    """The count of a run or gap: "18年半" -> 18.5, "三年" -> 3, "十二回" -> 12."""
    return (parse_number(m.group(2)) or 0.0) + (0.5 if m.group(4) else 0.0)


def _unwritten_runs(claim: _Claim, article: _Article) -> list[str]:
    """The claim's Japanese runs and gaps ("3年連続", "27年ぶり") that the story never writes
    (約 aside): like a figure it does not give, it cannot confirm them."""
    runs = [m.group(0) for m in _STREAK_JA.finditer(claim.text)]
    if not runs:
        return []
    story = compact(article.text).replace("約", "")
    return [r for r in runs if compact(r).replace("約", "") not in story]


def _streak_conflicts(claim: _Claim, sentences: list[tuple[int, Sentence]]) -> list[Conflict]:
    """"3年連続の増加" against "3年ぶりに増加" (the same count of the same periods, one a run
    and the other a gap), or against "5年連続の増加", "約18年半ぶりの高水準" against "約27年ぶり
    の高い水準" (another count of a run or a gap of the same periods), before the same word
    (its kanji) in a sentence about the claim's fact (two of its words)."""
    for m in _STREAK_JA.finditer(claim.text):
        what = set(re.findall(r"[一-龥]", claim.text[m.end():m.end() + 6]))
        mine = _streak_value(m)
        for n, sentence in sentences:
            if _expected(claim, sentence) or len(claim.content & sentence.content) < 2 \
                    or m.group(0) in sentence.text:
                continue
            for x in _STREAK_JA.finditer(sentence.text):
                if x.group(3) != m.group(3) or not what & set(
                        re.findall(r"[一-龥]", sentence.text[x.end():x.end() + 6])):
                    continue
                theirs = _streak_value(x)
                slack = 1.0 if m.group(1) or x.group(1) else 0.0
                if (mine == theirs and x.group(5) != m.group(5)) or (
                        x.group(5) == m.group(5) and abs(mine - theirs) > slack):
                    return [Conflict("number", m.group(0), x.group(0), sentence.text, n)]
    return []


_CARDINALS = {w: i for i, w in enumerate(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split(), start=1)}
_STREAK_WORDS = _ORDINALS | {w: i for i, w in enumerate(
    "eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth "
    "nineteenth twentieth".split(), start=11)} | _CARDINALS
_STREAK_N = r"(\d+(?:st|nd|rd|th)?|[a-z]+)"
# A run of the same periods or acts: "the tenth consecutive quarter", "five straight wins",
# "the 17th quarter in a row", "for a third successive year".
_STREAK_EN = re.compile(rf"\b{_STREAK_N}[ -](?:(?:consecutive|straight|successive)[ -]([a-z]+?)"
                        rf"|([a-z]+?)s? in a row)s?\b", re.I)


def _streaks_en(text: str) -> list[tuple[int, str, str]]:
    """Each run a text counts: (its length, what is counted, as written)."""
    out = []
    for m in _STREAK_EN.finditer(text):
        word = m.group(1).lower()
        value = int(re.match(r"\d+", word).group(0)) if word[:1].isdigit() \
            else _STREAK_WORDS.get(word)
        if value:
            out.append((value, (m.group(2) or m.group(3)).lower(), m.group(0)))
    return out


def _streak_en_conflicts(claim: _Claim, sentences: list[tuple[int, Sentence]]
                         ) -> list[Conflict]:
    """"the tenth consecutive quarter" against "the 17th quarter in a row": another length of
    a run of the same thing, in a sentence about the claim's fact (two of its words)."""
    for value, what, written in _streaks_en(claim.text):
        for n, sentence in sentences:
            if _expected(claim, sentence) or len(claim.content & sentence.content) < 2:
                continue
            for theirs, their_what, said in _streaks_en(sentence.text):
                if their_what == what and theirs != value:
                    return [Conflict("number", written, said, sentence.text, n)]
    return []


_KATAKANA_NAME = re.compile(r"[ァ-ヶ][ァ-ヶー・]{1,}")
# A title between a Japanese name and its age: "黒岩祐治知事（71）", "黒岩知事は、81歳".
_TITLE_JA = (r"(?:知事|市長|町長|村長|区長|首相|大統領|副大統領|国王|議長|議員|大臣|長官|総裁|"
             r"会長|社長|代表|委員長|監督|選手|容疑者|被告|氏|さん|君|ちゃん)?")


def _ages(text: str, mentions: list[Mention]) -> dict[str, int]:
    """The age a text gives each name: "12歳のメスのニ・リン", "スパイクは44歳", "広瀬すず
    （27）", "the 22-year-old singer Theodora", "Disiz, 47,"."""
    japanese = is_japanese(text)
    names = {m.text for m in mentions if m.cls != "work"}
    if japanese:
        names |= set(_KATAKANA_NAME.findall(text))
    out: dict[str, int] = {}
    # The longest names first ("ニ・リン" before "リン"), then in the text's order.
    for name in sorted(names, key=lambda x: (-len(x), text.find(x), x)):
        e = re.escape(name)
        if japanese:
            found = re.search(rf"(\d+)歳の(?:[^、。の]{{1,6}}の)?{e}|{e}{_TITLE_JA}（(\d+)）|"
                              rf"{e}{_TITLE_JA}(?:は|、)、?(\d+)歳", text)
        else:
            found = re.search(rf"\b(\d+)-year-old (?:[a-z]+ ){{0,3}}{e}|{e}, (\d+),|"
                              rf"{e} \((\d+)\)|{e},? (?:is|was|aged) (\d+)\b", text)
        if found:
            out.setdefault(name, int(next(g for g in found.groups() if g)))
    return dict(sorted(out.items(), key=lambda kv: text.find(kv[0])))


def _age_conflicts(claim: _Claim, sentences: list[tuple[int, Sentence]]) -> list[Conflict]:
    """An age the story gives the claim's name otherwise ("父親スパイクは12歳" against "44歳の
    オスのスパイク"), where it never gives it the claim's (a year either way is the same age
    told on another day)."""
    mine = _ages(claim.text, claim.mentions)
    if not mine:
        return []
    given = [(n, s, _ages(s.text, s.mentions)) for n, s in sentences]
    japanese = is_japanese(claim.text)
    for name, age in mine.items():
        # A Japanese surname stands for the full name ("黒岩" for "黒岩祐治").
        theirs = [(n, s, t) for n, s, a in given for k, t in a.items()
                  if k == name or (japanese and len(name) >= 2 and k.startswith(name))]
        if theirs and all(abs(t - age) >= 2 for _, _, t in theirs):
            n, s, t = theirs[0]
            return [Conflict("number", f"{name} {age}", f"{name} {t}", s.text, n)]
    return []


# Which time a recurring event is: "the 65th Viña del Mar festival", "its 60th edition", "the
# 130th Boston Marathon", "第65回紅白歌合戦". An anniversary counts years, not editions: the 60th
# anniversary is the 61st edition, so only an anniversary tells an anniversary otherwise.
_EDITION_EN = re.compile(r"\b(\d+)(?:st|nd|rd|th)\s+((?:(?:annual|[A-Z][\w'’.-]*)\s+"
                         r"(?:(?:del|de|la|di|du|des|of|and|von|van)\s+)?){0,6})"
                         r"(?i:(edition|festival|congress|session|games|olympiad|championships?|"
                         r"tournament|summit|conference|ceremony|awards?|gala|contest|season|"
                         r"marathon|fair|exhibition|parade|convention|biennale|anniversary|"
                         r"parliament|legislature|assembly|duma|knesset|majlis))\b")
# A numbered term of a legislature ("the 13th Parliament", "the 22nd National Assembly"): the
# body is named by its word, so two of its terms in one story are the same body's.
_TERMS_OF = frozenset(("parliament", "legislature", "assembly", "duma", "knesset", "majlis"))
_EDITION_JA = re.compile(r"第(\d+)回([^\s、。「」『』はがをにでとものへや]{2,})")


def _editions(text: str) -> list[tuple[int, str, str, str]]:
    """(number, kind, the event's words, as written) of each edition a text names."""
    if is_japanese(text):
        return [(int(m.group(1)), "回", m.group(2), m.group(0))
                for m in _EDITION_JA.finditer(text)]
    out = []
    for m in _EDITION_EN.finditer(text):
        word = m.group(3).lower()
        kind = "anniversary" if word == "anniversary" else (
            f"term of {word}" if word in _TERMS_OF else "edition")
        out.append((int(m.group(1)), kind, m.group(2), m.group(0)))
    return out


def _edition_conflicts(claim: _Claim, sentences: list[tuple[int, Sentence]]) -> list[Conflict]:
    """The claim's edition of an event told otherwise: "the event's 60th edition" against
    "the 65th Viña del Mar festival", "第60回紅白歌合戦" against "第65回紅白歌合戦", in a
    sentence that names the claim's event, where the story never gives the claim's number.
    A placing ("finished 65th in the race") is no edition."""
    mine = _editions(claim.text)
    if not mine:
        return []
    japanese = is_japanese(claim.text)
    named = [m.key for m in claim.mentions if m.cls != "place"]
    theirs = [(n, s, e) for n, s in sentences if not _expected(claim, s)
              for e in _editions(s.text)]
    for value, kind, words, written in mine:
        if japanese:
            same = [(n, s, e) for n, s, e in theirs if e[1] == kind and e[2][:2] == words[:2]]
        else:
            same = [(n, s, e) for n, s, e in theirs if e[1] == kind and (
                kind.startswith("term of ") or any(_reading(s.text).has(k) for k in named)
                or _words(words) & _words(e[2]))]
        if not same or any(e[0] == value for _, _, e in same):
            continue
        n, s, e = same[0]
        return [Conflict("number", written, e[3], s.text, n)]
    return []


# A Japanese prison term ("懲役17年", "禁錮3年6月"), and whether it is the prosecutors'
# demand ("求刑懲役18年", "懲役18年を求刑") rather than the sentence handed down.
_TERM_JA = re.compile(r"(求刑)?(懲役|禁錮|拘禁刑)(\d+)年(?:(\d+)(?:月|カ月|か月))?(を求刑)?")


def _terms_ja(text: str) -> list[tuple[str, bool, str]]:
    """(term, demanded, as written) of each prison term a Japanese text gives."""
    return [(f"{m.group(2)}{m.group(3)}年{m.group(4) or 0}月",
             bool(m.group(1) or m.group(5)), m.group(0)) for m in _TERM_JA.finditer(text)]


def _term_conflicts_ja(claim: _Claim, sentences: list[tuple[int, Sentence]]) -> list[Conflict]:
    """A Japanese sentence handed down told otherwise: "求刑通り懲役18年を言い渡した" against
    "懲役17年（求刑懲役18年）を言い渡した". The demand is its own slot: "求刑懲役18年" neither
    confirms nor contradicts a sentence of 18 years, and a demand is told otherwise only by a
    demand."""
    mine = _terms_ja(claim.text)
    if not mine:
        return []
    theirs = [(n, s, t) for n, s in sentences if not _expected(claim, s)
              for t in _terms_ja(s.text)]
    for term, demanded, written in mine:
        same = [(n, s, t) for n, s, t in theirs if t[1] == demanded]
        if not same or any(t[0] == term for _, _, t in same):
            continue
        n, s, t = same[0]
        return [Conflict("number", written, t[2], s.text, n)]
    return []


# A Japanese cleft that names who did an act: "試算を明らかにしたのは、片山さつき財務相だった".
_CLEFT_JA = re.compile(r"([^、。]{2,}?)(?:した|された|た)のは、?([^、。]{2,40}?)"
                       r"(?:だった|である|だ|で)?。?$")


# Who beat whom in Japanese, read off the text where the parser splits foreign names written
# in kanji ("王祉怡" as 王 and 祉怡): "XがYを破って", "XはYを下し", "XがYに勝った" (X won) and
# "XがYに敗れた" (Y won).
_SIDE_JA = r"[^\s、。「」『』（）()がはをにも]{1,16}?"
_BEAT_JA = re.compile(rf"(?P<a>{_SIDE_JA})(?:が|は)、?(?P<b>{_SIDE_JA})"
                      rf"(?:を(?P<won>破|下|退け|撃破)|に(?P<beat>勝|敗れ|負け))")


def _matches_ja(text: str) -> list[tuple[str, str]]:
    """(winner, loser) of each "XがYを破る" in a Japanese text."""
    out = []
    for m in _BEAT_JA.finditer(text):
        a, b = m.group("a"), m.group("b")
        out.append((b, a) if m.group("beat") in ("敗れ", "負け") else (a, b))
    return out


def _inside_ja(x: str, y: str) -> bool:
    return len(x) >= 2 and compact(x) in compact(y)


def _same_match_ja(claim: str, text: str) -> bool:
    """The text has the claim's winner beat its loser, however each words it ("安洗瑩は王祉怡
    に敗れた" and "王祉怡が安洗瑩を破って")."""
    return any(_inside_ja(w, x) and _inside_ja(lo, y)
               for w, lo in _matches_ja(claim) for x, y in _matches_ja(text))


def _beaten_ja_conflicts(claim: _Claim, sentences: list[tuple[int, Sentence]]
                         ) -> list[Conflict]:
    """The claim's winner is the story's loser and its loser the story's winner: "安洗瑩が
    王祉怡を破って制した" against "中国の王祉怡が韓国の安洗瑩を破って初優勝"."""
    for winner, loser in _matches_ja(claim.text):
        for n, sentence in sentences:
            if _expected(claim, sentence):
                continue
            for w, lo in _matches_ja(sentence.text):
                if _inside_ja(winner, lo) and _inside_ja(loser, w):
                    return [Conflict("role", winner, loser, sentence.text, n)]
    return []


def _cleft_conflicts(claim: _Claim, sentences: list[tuple[int, Sentence]],
                     article: _Article) -> list[Conflict]:
    """Who a Japanese claim says did its act ("試算を明らかにしたのは、片山さつき財務相だった"),
    where the story never names them and gives the same act, in a sentence about the claim's
    fact (two of its words besides the verb), to another named subject ("上野賢一郎厚生労働相
    は...試算を明らかにした")."""
    m = _CLEFT_JA.search(claim.text)
    if not m:
        return []
    # A one-character prefix ("米" of "米ハーバード大学") is a country's, not the doer's name.
    doers = [x for x in claim.mentions if x.text in m.group(2) and x.cls in ("agent", "any")
             and len(x.text) >= 2]
    if not doers or any(article.has(x.key) or compact(x.text) in article.compact
                        for x in doers):
        return []
    act = m.group(1)[-4:]
    for n, sentence in sentences:
        at = sentence.text.find(act)
        # Done, as the claim says it was: "明らかにした", "見つけた", not "明らかにする方針".
        if at < 0 or not re.match(r"(?:した|された|し、|た|て)", sentence.text[at + len(act):]) \
                or len(claim.content & sentence.content) < 3:
            continue
        before = sentence.text[:at]
        # The subject: a name marked は or が, after its title where it has one
        # ("上野賢一郎厚生労働相は").
        subjects = [(before.rfind(x.text), x) for x in sentence.mentions
                    if x.cls in ("agent", "any") and x.text in before and (
                        _JA_SUBJECT.match(rest := before.rpartition(x.text)[2])
                        or (x.cls == "agent" and re.match(r"[^、。]{0,12}?(?:は|が)", rest)))]
        if subjects:
            _, other = max(subjects, key=lambda x: x[0])
            # The same name written shorter or longer ("トヨタ" for "トヨタ自動車") is no other.
            if any(_same_name(other.key, x.key) or compact(other.text)[:2] == compact(x.text)[:2]
                   for x in doers):
                return []
            return [Conflict("role", doers[0].text, other.text, sentence.text, n)]
    return []


# "all five of the categories" against "four of the five categories"; "全5部門" against
# "5部門のうち4部門".
_ALL_EN = re.compile(r"\ball (\d+|[a-z]+)\b", re.I)
# ("every one of the 30 seats" is all of them.)
_PART_EN = re.compile(r"(?<!\bevery )(?<!\beach )\b(\d+|[a-z]+) of (?:the|its|his|her|their) "
                      r"(\d+|[a-z]+)\b", re.I)
_ALL_JA = re.compile(r"全(\d+)([^\d\s、。]{1,3})|(\d+)([^\d\s、。]{1,3})(?:すべて|全て|全部)")
_PART_JA = re.compile(r"(\d+)([^\d\s、。]{1,3})(?:中|のうち)(\d+)\2")


def _count_word(word: str) -> int | None:
    word = word.lower()
    return int(word) if word.isdigit() else _CARDINALS.get(word)


def _parts_of(text: str, japanese: bool) -> list[tuple[int, int, str]]:
    """Each part of a number a text gives: (the part, the whole, as written)."""
    if japanese:
        return [(int(m.group(3)), int(m.group(1)), m.group(0)) for m in _PART_JA.finditer(text)]
    return [(a, b, m.group(0)) for m in _PART_EN.finditer(text)
            if (a := _count_word(m.group(1))) and (b := _count_word(m.group(2)))]


def _all_of_conflicts(claim: _Claim, sentences: list[tuple[int, Sentence]]) -> list[Conflict]:
    """The claim says all of a number ("won all five ... for which she was nominated"), the
    story a part of the same number ("winning four of the five categories"), in a sentence
    about the claim's fact (two of its words)."""
    japanese = is_japanese(claim.text)
    if japanese:
        wholes = [(int(m.group(1) or m.group(3)), m.group(0)) for m in _ALL_JA.finditer(
            claim.text)]
    else:
        wholes = [(v, m.group(0)) for m in _ALL_EN.finditer(claim.text)
                  if (v := _count_word(m.group(1)))]
    for whole, written in wholes:
        for n, sentence in sentences:
            if _expected(claim, sentence) or len(claim.content & sentence.content) < 2:
                continue
            for part, of, said in _parts_of(sentence.text, japanese):
                if of == whole and part < whole:
                    return [Conflict("number", written, said, sentence.text, n)]
    return []


# Words that may follow a placing ("finished second on 343", "came third with", "second
# place"); a rank before any other word ranks that word ("the first time", "third term").
_PLACING_NEXT = frozenset("place on with behind ahead at in overall after and".split())
_PLACING_BEFORE = frozenset("the a an its his her their our for".split())
_CLAUSE = re.compile(r"[,;:()]|\band\b|\bwhile\b|\bwhereas\b|\bbut\b")


def _placings(text: str, mentions: list[Mention]) -> dict[str, dict[int, str]]:
    """Who finished where, each placing as written: a name written before a placing in its
    clause ("Israel's Noam Bettan finished second on 343" -> israel, noam bettan: 2), or in
    Japanese just before or after one ("旭化成は9位", "3位はトヨタ自動車", "2位に入ったのは
    トヨタ自動車")."""
    placed: dict[str, dict[int, str]] = {}
    names = [m for m in mentions if m.cls != "work"]
    if _CJK_KEY.search(text):
        # A country written before its athlete ("オランダのユタ・レールダム") is the athlete's,
        # and its other athletes place elsewhere.
        names = [m for m in names if not (m.cls == "place" and (any(
            f"{m.text}の{o.text}" in text for o in names if o is not m)
            or re.search(rf"{re.escape(m.text)}の[ァ-ヶ][ァ-ヶー・]{{2,}}", text)))]
        for at in _JA_PLACE.finditer(text):
            before, after = text[:at.start()], text[at.end():]
            tail = _JA_PLACED.match(after)
            rest = after[tail.end():].lstrip("、") if tail else ""
            place = int(at.group(1)) if at.group(1) else _MEDALS.get(at.group("medal"), 1)
            held = False
            for m in names:
                # "優勝したのは、エチオピアのX", "優勝はパリ五輪8位のX（ウガンダ）で".
                after_it = bool(rest and re.match(rf"(?:[^、。]{{0,15}}の)?{re.escape(m.text)}",
                                                  rest))
                held = held or after_it
                if after_it or (
                        m.text in before and _JA_OWNER.fullmatch(before.rpartition(m.text)[2])):
                    placed.setdefault(m.key, {})[place] = at.group()
            # A katakana name the recogniser missed, right after the placing ("2着は米国の
            # ナイソス").
            missed = _KATAKANA_HOLDER.match(rest) if rest and not held else None
            if missed:
                placed.setdefault(missed.group(1).replace("・", " "), {})[place] = at.group()
            # The clause's subject, with its age and team aside, and no other name before the
            # placing: "青木祐奈（24）＝MFアカデミー＝が逆転で初優勝した", "中井亜美（17）＝
            # TOKIOインカラミ＝は冒頭のトリプルアクセルで転倒し、合計215.78点で2位".
            subjects = [(before.rfind(m.text), m) for m in names if m.text in before
                        and _JA_SUBJECT.match(before.rpartition(m.text)[2])]
            if subjects:
                _, subject = max(subjects, key=lambda x: x[0])
                gap = before.rpartition(subject.text)[2]
                rest_of_clause = gap[_JA_SUBJECT.match(gap).end():]
                # Another name between them places itself, unless it is the one beaten or
                # passed ("ドメン・プレブツに0.5点及ばず2位", "Yを抑えて").
                # Nor does a name inside the verb's object ("ACLEのリーグステージを") or
                # the group placed in, just before the placing ("東地区2位", "東地区の首位").
                if "。" not in gap and not any(
                        re.search(rf"{re.escape(o.text)}(?!(?:（[^（）]*）)?(?:に|を|"
                                  rf"の[^、。]{{0,12}}を|[一-龥ァ-ヶA-Za-z]{{0,3}}の?$))",
                                  rest_of_clause) for o in names if o is not subject):
                    placed.setdefault(subject.key, {}).setdefault(place, at.group())
        return placed
    for clause in _CLAUSE.split(text):
        words = list(_TOKEN.finditer(clause))
        at = None
        for i, word in enumerate(words):
            rank = _rank(word.group())
            if not rank or rank[1] or (i + 1 < len(words) and words[i + 1].group().lower()
                                        not in _PLACING_NEXT) or (
                    i and words[i - 1].group().lower() in _PLACING_BEFORE):
                continue
            at = (rank[0], word.group(), word.start())
            break
        # A medal taken is a placing: "took bronze", "won the silver medal", "back for silver".
        medal = _MEDAL_EN.search(clause) if at is None else None
        if medal:
            at = (_MEDALS_EN[medal.group(1).lower()], medal.group(1), medal.start())
        if at is not None:
            before = clause[:at[2]]
            for m in names:
                # The recogniser leaves some people unlabelled; as the subject they still
                # place ("Teo Brask won the bronze medal").
                if (m.cls in ("agent", "place") or m.role[:1] == ("nsubj",)) \
                        and m.text in before:
                    placed.setdefault(m.key, {})[at[0]] = at[1]
    return placed


_MEDALS_EN = {"gold": 1, "silver": 2, "bronze": 3}
# A medal one took, not a count of medals ("won two bronze medals") nor a medal's kind.
_MEDAL_EN = re.compile(r"\b(?:win|wins|won|winning|take|takes|took|taken|taking|claim|claims|"
                       r"claimed|earn|earns|earned|secure|secured|for|with)\s+(?:the\s+|a\s+)?"
                       r"(gold|silver|bronze)\b(?!\s+medals)", re.I)
# A win of a lesser medal is no win of the event: "Paris won the bronze medal in the
# downhill" against "Von Allmen won the downhill".
_LESSER_MEDAL = re.compile(r"\b(?:silver|bronze)\b|\ba medal\b", re.I)


# A placing (a race's 2着 too), and a win as the first place ("中井亜美が優勝", "優勝したのは"),
# not a word about wins ("優勝回数", "優勝候補", "優勝決定戦").
_JA_PLACE = re.compile(r"(\d+)(?:位|着)|(?:初|総合)?優勝(?!回数|候補|争い|決定戦|圏|経験|者|チーム|"
                       r"クラブ|杯|旗|賞|賞金|パレード|すれば|なら|へ|に王手)|"
                       r"(?P<medal>[金銀銅])メダル(?!獲得数|数|候補|リスト|圏|ラッシュ|を目指|を狙)|"
                       r"制した(?=のは)|首位(?!争い|攻防|を争|を走|打者|との差|と)")
_MEDALS = {"金": 1, "銀": 2, "銅": 3}
_KATAKANA_HOLDER = re.compile(r"(?:[^、。]{0,15}?の)?([ァ-ヶ][ァ-ヶー・]{2,})(?=[、。で（]|$)")
_JA_PLACED = re.compile(r"(?:に入った|になった|に入る|となった|を占めた|した)?の?(?:は|が|に)")
_JA_OWNER = re.compile(r"(?:は|が|も)")
_JA_SUBJECT = re.compile(r"(?:（[^（）]*）)?(?:＝[^＝]*＝)?(?:は|が)")


_SUPERLATIVE_JA = {"最多": "最多", "最も多い": "最多", "最も多かった": "最多", "最少": "最少",
                   "最も少ない": "最少", "最も少なかった": "最少", "首位": "首位", "トップ": "首位",
                   "最も高い": "最も高い", "最も高かった": "最も高い", "最も低い": "最も低い",
                   "最も低かった": "最も低い", "最も大きい": "最も大きい",
                   "最も大きかった": "最も大きい", "最も小さい": "最も小さい",
                   "最も小さかった": "最も小さい",
                   # The first among the country's athletes is another slot than the winner.
                   "日本人トップ": "日本人首位", "日本勢トップ": "日本人首位",
                   "日本人最上位": "日本人首位", "日本勢最上位": "日本人首位"}
_SUPERLATIVE_WORDS = "|".join(sorted(_SUPERLATIVE_JA, key=len, reverse=True))
# "最も多かったのは東京都", "最多は神奈川県"; "神奈川県の139人が最多", "神奈川県が最多".
_HOLDER_AFTER = re.compile(rf"({_SUPERLATIVE_WORDS})(?:[一-龥ァ-ヶー]{{1,4}})?(?:の?は|が|"
                           rf"だったのは|[とに]なったのは|なのは)、?$")
# A holder that is no name: "最も低かったのは膵臓で", "最も低かった部位は肺だった".
_PLAIN_HOLDER = re.compile(rf"({_SUPERLATIVE_WORDS})(?:[一-龥ァ-ヶー]{{1,4}})?の?は、?"
                           r"([一-龥ァ-ヶー]{1,10}?)(?:で|だ|です|。|、|と)")
_HOLDER_BEFORE = re.compile(rf"(?:の[^、。がは]{{1,12}})?(?:が|は)({_SUPERLATIVE_WORDS})")


def _superlatives(text: str, mentions: list[Mention]) -> dict[str, set[str]]:
    """Who a Japanese sentence says is the most or the least of something: "最も多かったのは
    東京都" -> 最多: 東京都; "神奈川県の139人が最多" -> 最多: 神奈川県."""
    out: dict[str, set[str]] = {}
    for m in mentions:
        if m.cls == "work":
            continue
        for at in re.finditer(re.escape(m.text), text):
            before = _HOLDER_AFTER.search(text[max(0, at.start() - 20):at.start()])
            if before:
                out.setdefault(_SUPERLATIVE_JA[before.group(1)], set()).add(m.key)
            after = _HOLDER_BEFORE.match(text, at.end())
            if after:
                out.setdefault(_SUPERLATIVE_JA[after.group(1)], set()).add(m.key)
    for plain in _PLAIN_HOLDER.finditer(text):
        word = _SUPERLATIVE_JA[plain.group(1)]
        if not any(plain.group(2) in m.text or m.text in plain.group(2) for m in mentions):
            out.setdefault(word, set()).add(plain.group(2))
    return out


# An award by name ("作品賞", "主演男優賞", "芸術選奨文部科学大臣賞"), not a word about
# awards ("受賞", "賞金").
_AWARD_JA = re.compile(r"[一-龥ァ-ヶー]{1,12}(?<![受授入])賞(?![金状品与])")
_AWARD_AFTER = re.compile(r"(?:を受賞したのは|に選ばれたのは|を受けたのは|には|は|"
                          r"に(?!選ば|輝))、?")
_QUOTED_WORK = re.compile(r"[「『]([^「」『』]{1,30})[」』]")
_CLAUSE_JA = re.compile(r"[、。]")


def _award_holder(clause: str, mentions: list[Mention]) -> str:
    """Who a clause after an award gives it to: the one marked as its subject ("『宝島』が
    選ばれた", "広瀬すず（27）が初めて選ばれた"), else the first work it quotes ("李相日監督
    の「国宝」で"), else its last name."""
    marked = [(q.start(), q.group(1)) for q in _QUOTED_WORK.finditer(clause)
              if _JA_SUBJECT.match(clause, q.end())] + [
        (at, m.text) for m in mentions
        if (at := clause.find(m.text)) >= 0 and _JA_SUBJECT.match(clause, at + len(m.text))]
    if marked:
        return min(marked)[1].strip("「」『』")
    quoted = _QUOTED_WORK.search(clause)
    if quoted:
        return quoted.group(1)
    named = [(clause.rfind(m.text), m.text) for m in mentions if m.text in clause]
    return max(named)[1] if named else ""


def _awards(text: str, mentions: list[Mention]) -> dict[str, set[str]]:
    """Who a Japanese sentence gives an award by name to: "作品賞は李相日監督の「国宝」で"
    -> 作品賞: 国宝; "作品賞には、妻夫木聡主演の『宝島』が選ばれた" -> 作品賞: 宝島."""
    out: dict[str, set[str]] = {}
    for at in _AWARD_JA.finditer(text):
        after = _AWARD_AFTER.match(text, at.end())
        if not after:
            continue
        clause = _CLAUSE_JA.split(text[after.end():], 1)[0]
        inside = [m for m in mentions if m.text in clause and m.text != at.group()]
        holder = _award_holder(clause, inside)
        if holder:
            out.setdefault(at.group(), set()).add(holder)
    return out


def _award_conflicts(claim: _Claim, sentences: list[tuple[int, Sentence]]) -> list[Conflict]:
    """An award by name given to another than the claim's: "作品賞には『宝島』が選ばれた"
    against "作品賞は李相日監督の「国宝」で", where the story never gives it to the claim's."""
    mine = _awards(claim.text, claim.mentions)
    if not mine:
        return []
    theirs = [(n, s, _awards(s.text, s.mentions)) for n, s in sentences
              if not _expected(claim, s)]
    for award, holders in mine.items():
        given = [(n, s, h[award]) for n, s, h in theirs if award in h]
        if not given or any(x in y or y in x for _, _, h in given for x in holders for y in h):
            continue
        n, s, h = given[0]
        return [Conflict("role", sorted(holders)[0], sorted(h)[0], s.text, n)]
    return []


def _sentence_before(text: str, sentence: str) -> str:
    """The Japanese sentence before ``sentence`` in ``text``, which may carry its topic
    ("15歳以上で最も高かったのは前立腺で…。最も低かったのは膵臓で…")."""
    at = text.find(sentence)
    return re.split(r"(?<=[。！？\n])", text[:at].rstrip())[-2:][0] if at > 0 else ""


def _superlative_conflicts(claim: _Claim, sentences: list[tuple[int, Sentence]],
                           article: _Article) -> list[Conflict]:
    """The most or the least given to another name than the claim's, in a sentence that shares
    the claim's other words ("都道府県別では神奈川県の139人が最多" against "都道府県別に
    みると、最も多かったのは東京都"), where the story never gives it to the claim's."""
    mine = _superlatives(claim.text, claim.mentions)
    if not mine:
        return []
    words = {w for w in re.findall(r"[一-龥]{2,}", claim.text)} - {
        m.text for m in claim.mentions}
    theirs = [(n, s, _superlatives(s.text, s.mentions)) for n, s in sentences
              if not _expected(claim, s)]
    for word, holders in mine.items():
        given = [(n, s, h[word]) for n, s, h in theirs if word in h]
        if not given or any(_same_name(x, y) for _, _, h in given for x in holders for y in h):
            continue
        for n, s, h in given:
            here = s.text + _sentence_before(article.text, s.text)
            # A claim that names no one is tied to the story by its words alone: two of them.
            if sum(w in here for w in words) >= (1 if claim.mentions else 2):
                other = _as_written(sorted(h)[0], s.mentions)
                return [Conflict("role", _as_written(sorted(holders)[0], claim.mentions),
                                 other, s.text, n)]
    return []

# English superlatives that name the one thing of a set that stands out ("the most awarded
# film", "the highest fertility rate"); "latest" and "earliest" mostly date, not rank.
_SUPERLATIVES_EN = ("most least highest lowest largest biggest smallest best worst fastest "
                    "slowest longest shortest oldest youngest richest poorest strongest weakest "
                    "deadliest busiest hottest coldest warmest wettest driest greatest "
                    "heaviest tallest fewest").split()
_OPPOSITE_SUPERLATIVE = {(a, b) for x, y in (
    ("most", "least"), ("most", "fewest"), ("highest", "lowest"), ("largest", "smallest"),
    ("biggest", "smallest"), ("best", "worst"), ("fastest", "slowest"), ("longest", "shortest"),
    ("oldest", "youngest"), ("richest", "poorest"), ("strongest", "weakest"),
    ("hottest", "coldest"), ("warmest", "coldest"), ("wettest", "driest"))
    for a, b in ((x, y), (y, x))}
_SUPERLATIVE_EN = re.compile(rf"\bthe\s+({'|'.join(_SUPERLATIVES_EN)})\b((?:\s+[a-z][a-z-]*)"
                             r"{0,3})", re.I)
# Where the noun phrase after the superlative ends: "the most awarded film | of the night".
_PHRASE_END = frozenset("of in at on since among for with and or than to by from as that which "
                        "who ever yet so this last".split())
# A superlative over time ("the highest since 2021", "the lowest on record") ranks a thing
# against its own past, not against the others of a set.
_OVER_TIME = re.compile(r"^[^.;]{0,40}?\b(?:since|on record|ever|in (?:\d+|[a-z]+) (?:years|"
                        r"decades|months)|in (?:a|over a) (?:decade|century|generation)|"
                        r"in (?:its|their|his|her) history|in history|recorded)\b", re.I)
_HOLDER_CLAUSE = re.compile(r";|:|,\s+(?:and|but|while|whereas)\b|\bwhile\b|\bwhereas\b")
# A clause that expects ("is set to become the largest") ranks nothing yet.
_LOOKS_AHEAD_EN = re.compile(r"\b(?:will|would|could|may|might|expect\w*|forecast\w*|"
                             r"project\w*|predict\w*|poll\w*|likely|set to|on course|"
                             r"on track)\b", re.I)


def _superlatives_en(text: str, mentions: list[Mention]
                     ) -> list[tuple[str, str, tuple[str, ...], bool, str, bool]]:
    """Who an English sentence says is the most or the least of something: the nearest name
    before the superlative in its clause ("Seoul's rate ... remained the lowest" -> Seoul).
    Each is (name key, superlative, the noun phrase's words, whether it ranks over time, the
    clause before, whether the clause expects rather than reports)."""
    out = []
    for sup in _SUPERLATIVE_EN.finditer(text):
        words, end = [], sup.end(1)
        for w in re.finditer(r"[a-z][a-z-]*", sup.group(2).lower()):
            if w.group() in _PHRASE_END:
                break
            words.append(w.group())
            end = sup.start(2) + w.end()
        clause = _HOLDER_CLAUSE.split(text[:sup.start()])[-1]
        start = sup.start() - len(clause)
        near = [(at, m) for m in mentions
                for at in [text.rfind(m.text, start, sup.start())] if at >= 0]
        if not near:
            continue
        holder = max(near, key=lambda x: x[0])[1]
        rest = _HOLDER_CLAUSE.split(text[sup.start():])[0]
        out.append((holder.key, sup.group(1).lower(), tuple(words),
                    bool(_OVER_TIME.match(text, end)), clause.lower(),
                    bool(_LOOKS_AHEAD_EN.search(clause + rest))))
    return out


def _superlative_en_conflicts(claim: _Claim, sentences: list[tuple[int, Sentence]]
                              ) -> list[Conflict]:
    """The most or the least of the same thing given to another name than the claim's ("'Los
    domingos' was the most awarded film" against "Óliver Laxe's 'Sirât' was the most awarded
    film of the night"), or the opposite given to the claim's own ("Seoul recorded the
    highest fertility rate of any part of South Korea" against "Seoul's rate ... remained the
    lowest in the country"). The noun must be the same, with no word the claim does not
    use ("the largest opposition party" is not "the largest party"), and both must rank
    against a set or both against the past."""
    mine = _superlatives_en(claim.text, claim.mentions)
    if not mine:
        return []
    for key, sup, words, over_time, _, _ in mine:
        if not words:
            continue
        head = words[-1]
        found = []
        for n, s in sentences:
            for other, their_sup, their_words, their_time, clause, ahead in _superlatives_en(
                    s.text, s.mentions):
                if ahead or their_time != over_time or (
                        their_sup != sup and (sup, their_sup) not in _OPPOSITE_SUPERLATIVE):
                    continue
                if their_words:
                    if their_words[-1] != head or set(their_words) - set(words):
                        continue
                elif not re.search(rf"\b{re.escape(head)}\b", clause):
                    continue
                found.append((n, s, other, their_sup))
        # The story gives the claim's holder what the claim says: nothing is told otherwise.
        if any(_same_name(key, other) and their_sup == sup for _, _, other, their_sup in found):
            continue
        for n, s, other, their_sup in found:
            if their_sup == sup and not _reading(s.text).has(key):
                return [Conflict("role", _as_written(key, claim.mentions),
                                 _as_written(other, s.mentions),
                                 s.text, n)]
            if their_sup != sup and _same_name(key, other):
                return [Conflict("opposite", sup, their_sup, s.text, n)]
    return []


def _placing_conflicts(claim: _Claim, sentences: list[tuple[int, Sentence]]
                       ) -> list[Conflict]:
    """A placing the story gives the claim's name otherwise: "Romania finished second"
    against "Israel's Noam Bettan finished second on 343, Romania's Alexandra Căpitănescu was
    third on 296"; "2位に入ったのはトヨタ自動車" against "2位はロジスティード、3位はトヨタ自動車".
    A story that also places the name where the claim does (a heat and a final) says nothing
    against it."""
    mine = _placings(claim.text, claim.mentions)
    if not mine:
        return []
    theirs = [(n, s, _placings(s.text, s.mentions)) for n, s in sentences
              if not _expected(claim, s) and not _another_occasion(claim.text, s.text)]
    japanese = is_japanese(claim.text)
    kinds = {m.key: m.cls for m in claim.mentions}
    for key, ranks in mine.items():
        given = [(n, s, r) for n, s, placed in theirs for k, r in placed.items()
                 if k == key or _same_name(k, key)]
        if not given and japanese and 1 in ranks and kinds.get(key) != "place":
            # One winner: the story's, where it never places the claim's ("優勝したのは、
            # エチオピアのX" against "優勝はパリ五輪8位のY（ウガンダ）で").
            won = [(n, s, k) for n, s, placed in theirs for k, r in placed.items()
                   if 1 in r and not any(_same_name(k, x) for x in mine)
                   and any(m.key == k and m.cls != "place" for m in s.mentions)]
            if won:
                n, s, k = won[0]
                return [Conflict("role", _as_written(key, claim.mentions),
                                 _as_written(k, s.mentions), s.text, n)]
        if not given or any(ranks.keys() & r.keys() for _, _, r in given):
            continue
        n, s, r = given[0]
        return [Conflict("number", ranks[min(ranks)], r[min(r)], s.text, n)]
    return []


# Words that put the name before them over the name after ("X finished ahead of Y", "X
# beat Y", "X, well clear of Y"), or under it ("X finished behind Y").
_OVER = re.compile(r"\b(?:ahead of|clear of|beat|beats|beating|defeated|defeating|edged(?: out)?|"
                   r"edging(?: out)?|outpolled|outscored)\s", re.I)
_UNDER = re.compile(r"\b(?:behind|trailing|trailed)\s", re.I)
# Within a sentence, the cue binds the nearest names: the one before it in its clause, the
# first one after it (past "his compatriot", "the list led by").
_SIDE_GAP = 60


def _side_after(text: str, at: int, mentions: list[Mention]) -> Mention | None:
    """The first name after ``at``, within a short gap; a name written as another's owner
    ("Jetten's D66") gives way to the thing it owns."""
    found = ((text.find(m.text, at), m) for m in mentions if m.cls != "work")
    after = sorted(((i, m) for i, m in found if 0 <= i - at <= _SIDE_GAP), key=lambda x: x[0])
    if not after:
        return None
    first_at, first = after[0]
    end = first_at + len(first.text)
    if re.match(r"['’]s?\s", text[end:end + 3]) and len(after) > 1 \
            and after[1][0] - end <= 4:
        return after[1][1]
    return first


def _side_before(text: str, at: int, mentions: list[Mention]) -> Mention | None:
    """The name before ``at`` in its clause (no sentence mark or semicolon between) that is a
    side: the last subject, else the last name that does not just qualify a noun ("the Dutch
    election")."""
    start = max(text.rfind(";", 0, at), text.rfind(". ", 0, at)) + 1
    before = [(text.rfind(m.text, start, at), m) for m in mentions
              if m.cls != "work" and text.rfind(m.text, start, at) >= 0
              and m.role[:1] not in (("compound",), ("amod",))]
    subjects = [x for x in before if x[1].role[:1] in (("nsubj",), ("nsubjpass",))]
    if subjects or before:
        return max(subjects or before, key=lambda x: x[0])[1]
    return None


def _orders(text: str, mentions: list[Mention]) -> list[tuple[str, str, str]]:
    """Who the text puts over whom, as (over, under, the words that say so): "Grégoire had
    come first ..., well clear of Dati" -> (gregoire, dati); "D66, which narrowly beat Geert
    Wilders' party" -> (d66, geert wilders); "Y finished behind X" -> (x, y)."""
    out = []
    for cue, over_first in ((_OVER, True), (_UNDER, False)):
        for m in cue.finditer(text):
            a = _side_before(text, m.start(), mentions)
            b = _side_after(text, m.end(), mentions)
            if a is None or b is None or _same_name(a.key, b.key):
                continue
            over, under = (a, b) if over_first else (b, a)
            out.append((over.key, under.key,
                        f"{over.text.rstrip(chr(39) + '’')} ahead of "
                        f"{under.text.rstrip(chr(39) + '’')}"))
    return out


def _ahead_conflicts(claim: _Claim, sentences: list[tuple[int, Sentence]]) -> list[Conflict]:
    """Two sides the claim puts in one order and the story in the other: "Dati finished ahead
    of Grégoire in the first round" against "Grégoire had already come first in the first
    round ..., well clear of Dati". Only a sentence about the same occasion counts (no other
    stage, no partial standing the claim does not name), and a story that also puts them the
    claim's way says nothing against it."""
    mine = _orders(claim.text, claim.mentions)
    if not mine:
        return []
    partial, stages = _partial_stages(claim.text), _stages(claim.text)
    # The same occasion: a claim that names its stage ("the first round") is not about a
    # sentence that names none (the run-off's result in the headline).
    usable = [(n, s) for n, s in sentences
              if not _expected(claim, s, next((p for p in s.predicates
                                               if p.lemma in _ORDER_VERBS), None))
              and not _another_occasion(claim.text, s.text)
              and not _partial_stages(s.text) - partial
              and (not stages or stages & _stages(s.text))]
    theirs = [(n, s, o) for n, s in usable for o in _orders(s.text, s.mentions)]
    contests = _words(claim.text) & _CONTEST_WORDS | {
        m.key for m in claim.mentions if m.cls == "work"}
    won = [(n, s, p) for n, s in usable for p in s.predicates
           if p.lemma == "win" and not (p.negated or p.irrealis or p.earlier)
           # A count won ("won 30 medals", "won two seats") is no win of the contest.
           and not _LESSER_MEDAL.search(p.spans[1]) and not _COUNTED.search(p.spans[1])
           and contests
           and (contests & _words(s.text) or any(_reading(s.text).has(k) for k in contests))]
    for over, under, said in mine:
        if any(_same_name(over, a) and _same_name(under, b) for _, _, (a, b, _) in theirs) \
                or any(_same_name(over, w) for _, _, p in won for w in _holders(p, "subjects")):
            continue
        for n, s, (a, b, told) in theirs:
            if _same_name(under, a) and _same_name(over, b):
                return [Conflict("role", said, told, s.text, n)]
        # The story's winner of the same contest is the one the claim puts under the other.
        for n, s, p in won:
            if any(_same_name(under, w) for w in _holders(p, "subjects")):
                return [Conflict("role", said, f"{_as_written(under, s.mentions)} won",
                                 s.text, n)]
    return []


# An object that starts with a count: "30 medals", "both seats he contested", "all three".
_COUNTED = re.compile(r"^\W*(?:(?:about|some|roughly|around|nearly|almost|more than|over|at least|"
                      r"just)\s+)?(?:\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|"
                      r"both|all|several|many)\b)", re.I)
# Verbs that tell an order ("beat", "finished ahead of"): whether the sentence expects rather
# than reports is theirs to say, not that of another clause ("so it will need support").
_ORDER_VERBS = frozenset("beat defeat edge outpoll outscore trail finish come end place win "
                         "lead".split())
# Words that name a contest with a winner: a story's "X won the tour" is about the claim's
# ranking only when it names the same contest.
_CONTEST_WORDS = _EVENT_WORDS | frozenset("tour vote poll round contest race".split())


_DEMONYM = re.compile(r"(?:ish|ese|ian|an|ch|i)$")


def _kindred(a: str, b: str) -> bool:
    """A place and its people's word ("England" / "English", "France" / "French") may fill
    one slot: single words that begin alike."""
    if " " in a or " " in b or _CJK_KEY.search(a + b):
        return False
    common = len(os.path.commonprefix([a, b]))
    return common >= 3 or (common >= 2 and bool(_DEMONYM.search(a) or _DEMONYM.search(b)))


_PRONOUNS = frozenset("that which who whom it they he she we i you this these those".split())


def _named(keys: tuple[str, ...]) -> list[str]:
    return [k for k in keys if k and k not in _PRONOUNS and not k.isdigit()]


# Verbs whose subject (or, for an appointment, object) is one and only one: the winner, the
# person named. Another name in that slot is another version of the event.
_ONE_WINNER = frozenset("win clinch top beat defeat retain defend "
                        "破る 下す 制する 優勝 制覇".split())
_ONE_NAMED = frozenset("elect name appoint crown choose pick select swear "
                       "選ぶ 選出 任命 指名 選任".split())


_RUNNERS_UP = frozenset("second third runner runner-up".split())

_THE_ONE = re.compile(r"^the\s+(?:[a-z-]+\s+){0,4}[a-z-]*[^s\W]$", re.I)


def _the_one(p) -> bool:
    """A verb whose object is one thing of its kind, named as such ("wrote the majority
    opinion", "scored the winning goal"): one subject does it, so another in its place is a
    swap. A plural, a name or a figure in the object ("the tariffs", "the Dovan Cup", "the
    2-1 win") is no such thing."""
    # What follows the object's noun says when or how ("the decisive touchdown run with 9:18
    # left"), not which.
    head = re.split(r"\s+(?:with|in|on|at|for|against|after|before|during)\s+",
                    p.spans[1].strip(), maxsplit=1)[0]
    return bool(p.subjects and _THE_ONE.match(head)) and p.lemma not in \
        _VAGUE_VERBS and not any(w[:1].isupper() for w in head.split()[1:])


def _words(text: str) -> set[str]:
    if _CJK_KEY.search(text):
        # Japanese phrases come as space-separated lemmas (nlp_ja); two kanji make a word.
        return {w for w in text.split() if len(w) >= 2}
    return {w for w in re.findall(r"[^\W\d_]{3,}", fold(text))} - {"the", "and", "for"}


_WHOSE = re.compile(r"\b([a-z]+)\s?['’]s\b|\b([a-z]+s)['’](?!\w)")


def _whose(phrase: str) -> set[str]:
    """Common nouns that say whose a thing is ("the women's title", "the girls' final"); a
    name in the possessive ("NASA's mission") is written with a capital and says nothing
    of another contest."""
    return {fold(a or b) for a, b in _WHOSE.findall(phrase) if len(a or b) > 2}


# The stage of a contest: "the quarter-final" and "the opening game" are two matches.
_STAGE = re.compile(r"\b(?:quarter|semi)-?finals?\b|\bfinals?\b|\bround of \d+\b|"
                    r"\b(?:first|second|third|fourth|final|opening) round\b|\bopen(?:ing|er)"
                    r"(?: game| match)?\b|\bgroup stage\b|\bqualif(?:ying|ier)s?\b|"
                    r"\bplay-?offs?\b|\bheats?\b|準々決勝|準決勝|決勝|[1-9一二三]次ラウンド|"
                    r"初戦|予選|本戦", re.I)


def _stages(text: str) -> set[str]:
    return {re.sub(r"[-\s]", "", m.lower()).rstrip("s") for m in _STAGE.findall(text)}


# Stages whose standings are not the event's result: "SP首位" is no title.
_PARTIAL_STAGE = re.compile(r"\bshort (?:program|programme)\b|\bqualifying\b|\bheats?\b|"
                            r"\bfirst leg\b|\bhalf-?time\b|ショートプログラム|(?<![A-Za-z])SP"
                            r"(?![A-Za-z])|予選|前半|初日|第1日|1日目", re.I)


def _partial_stages(text: str) -> set[str]:
    found = {m.group(0).lower() for m in _PARTIAL_STAGE.finditer(text)}
    return {"short program" if x in ("sp", "ショートプログラム", "short programme") else x
            for x in found}


def _dated_elsewhere(when: list[tuple[dt.date, dt.date]], text: str,
                     published: dt.date | None) -> bool:
    """The text names days, and none of them is within the claim's (``when``)."""
    theirs = claim_date_spans(text, published)
    return bool(theirs) and not any(a <= last and first <= b for a, b in theirs
                                    for first, last in when)


def _another_occasion(claim_text: str, text: str) -> bool:
    """The text says whose contest it is ("in the women's race") and the claim does not, or
    both name a stage and not the same one ("the quarter-final" / "their opening game")."""
    mine, theirs = _stages(claim_text), _stages(text)
    return bool(_whose(text) - _words(claim_text)) or bool(
        mine and theirs and not mine & theirs)


def _same_thing(p, q, where: str = "") -> bool:
    """Two verbs are about the same thing when their objects share a word ("won the Africa
    Cup of Nations final" / "won the Africa Cup of Nations"); without an object on both
    sides, nothing shows they are. Objects that are named otherwise ("the Boston Marathon",
    "the Tokyo Marathon") are other things, whatever words they share. ``where`` is the
    event the claim's verb happened at ("won the men's race at the Tokyo Marathon"), which
    counts as part of its object."""
    ours = f"{p.spans[1]} {where}".strip()
    mine, theirs = _proper_words(ours), _proper_words(q.spans[1])
    if mine and theirs and not mine & theirs:
        return False
    return bool(p.spans[1] and _words(ours) & _words(q.spans[1]))


def _event_of(claim: _Claim, p) -> str:
    """The event named in a phrase of the claim's verb ("at the 2026 Tokyo Marathon")."""
    return " ".join(m.text for m in claim.mentions
                    if m.role[:1] == ("pobj",) and m.role[2:3] == (p.lemma,)
                    and (m.cls == "work" or set(m.key.split()) & _EVENT_WORDS))


def _proper_words(phrase: str) -> set[str]:
    return {fold(w) for w in re.findall(r"\b[A-Z][^\W\d_]+", phrase)
            } - _EVENT_WORDS - _GENERIC - {"the"}


def _qualified_otherwise(p, q, claim_text: str, sentence_text: str) -> bool:
    """One side's object says whose it is ("the women's title") and the other side does not
    say so: it may be another contest."""
    return bool(_whose(q.spans[1]) - _words(claim_text)
                or _whose(p.spans[1]) - _words(sentence_text))


def _role_conflicts(claim: _Claim, article: _Article, claim_folded: _Article,
                    sentences: list[tuple[int, Sentence]]) -> list[Conflict]:
    """The claim says X won (was named); the article says Y did, and nowhere that X did."""
    names = {m.key for m in claim.mentions}
    japanese = is_japanese(claim.text)
    # Those the claim places behind the winner: "with Chase Jackson second".
    runners = {m.key for m in claim.mentions if m.role[1:2] and m.role[1] in _RUNNERS_UP}
    stated = [(n, s, p) for n, s in sentences for p in s.predicates
              if not p.negated and not p.earlier and not _expected(claim, s, p)]
    for p in claim.predicates:
        if p.negated or p.irrealis or (not japanese and _LESSER_MEDAL.search(p.spans[1])):
            continue
        one = p.lemma not in _ONE_WINNER and not japanese and _the_one(p)
        if p.lemma in _ONE_WINNER or one:
            role = "subjects"
        elif p.lemma in _ONE_NAMED:
            role = "objects"
        else:
            continue
        # What the claim says X was named to ("president", "valuable player").
        post = _named_to(claim, p, names) if role == "objects" else frozenset()
        for x in _holders(p, role):
            if p.subjects and not any(_same_name(x, k) for k in names):
                continue  # only a name can be swapped for another name
            same = [(n, s, q) for n, s, q in stated if q.lemma in _group(p.lemma)]
            # X inside the slot's whole phrase counts as X doing it ("the candidate, X,
            # defeated Y"): the parse names only the phrase's head.
            at = 0 if role == "subjects" else 1
            # X doing it at all, even to something that reads otherwise ("Korir won the
            # men's race" against "the Boston Marathon"), leaves the slot to X; but X named
            # to something else ("chosen for the all-star team") does not leave X the post.
            # Another occasion's winner leaves it nothing ("the 2018 semi-final, which
            # Croatia won" in the story of this year's opening match).
            doing = [(n, s, q) for n, s, q in same
                     if not _another_occasion(claim.text, s.text)
                     and not (claim.years and _years(s.text)
                              and not claim.years & _years(s.text))] \
                if role == "subjects" else [(n, s, q) for n, s, q in same if post & s.content]
            if any(_same_name(x, y) for _, _, q in doing for y in _holders(q, role)) or any(
                    _reading(q.spans[at]).has(x) for _, _, q in doing if q.spans[at]):
                continue
            # The claim's acronym spelt out in the sentence ("the FDA" / "the US Food and
            # Drug Administration", whose parse keeps only "Administration").
            if " " not in x and any(x in _reading(s.text).initials for _, s, _ in doing):
                continue
            if role == "objects":
                if " " not in x and any(x in _reading(s.text).initials for _, s, _ in same):
                    continue  # "MVP": what X was named, not who
                conflict = _named_otherwise(claim, p, x, same, names)
                if conflict:
                    return [conflict]
                continue
            mine = _holders(p, role)
            where = _event_of(claim, p)
            for n, sentence, q in same:
                # Japanese objects are often parsed loose ("開催国モロッコを延長戦の末"): where
                # the article's verb has none, the claim's beaten side named as its winner
                # shows the same match, turned round. (An English object is a title as often
                # as a rival: "won the Oscar" is no match against Oscar Piastri.)
                # In English, the claim's winner as the story's beaten side is the same
                # match turned round ("UConn beat Michigan" / "Michigan beat UConn").
                beaten = any(_same_name(y, o) for y in _holders(q, "subjects")
                             for o in p.objects)
                turned = role == "subjects" and beaten and (
                    (not q.spans[1] and japanese)
                    or any(_same_name(x, z) for z in q.objects))
                # So is the story's winner placed behind by the claim ("X won, with Y second"
                # against "Y won ... ahead of X"), where the story names X too.
                turned = turned or (role == "subjects" and any(
                    _same_name(y, r) for y in _holders(q, "subjects") for r in runners)
                    and _reading(sentence.text).has(x))
                if not _same_thing(p, q, where) and not turned:
                    continue  # won the sprint, not the grand prix
                # "X won the Australian Open" against "Y won the women's title": another
                # contest, unless the article has X in it (as Y's beaten finalist).
                elsewhere = not article.has(x)
                if elsewhere and _qualified_otherwise(p, q, claim.text, sentence.text):
                    continue
                # Another name, or the claim's own loser in the winner's place.
                others = [y for y in _holders(q, role)
                          if not any(_same_name(y, z) or _kindred(y, z) for z in mine)]
                # The headline may leave out whose title it was; the article says it
                # elsewhere ("Rybakina ... won the women's title").
                if others and elsewhere and any(
                        _same_name(others[0], y) and _qualified_otherwise(p, o, claim.text, t.text)
                        for _, t, o in same for y in _holders(o, role)):
                    continue
                # One of a kind ("the majority opinion") is the event's own where the story
                # is about the claim's event.
                if others and _same_event(claim, article if one else sentence.text, but=x,
                                          works=True):
                    said = _as_written(x, claim.mentions) if p.subjects or role != "subjects" \
                        else p.spans[0].strip(" '’")
                    theirs = _as_written(others[0], sentence.mentions) \
                        if getattr(q, role) else q.spans[0].strip(" '’")
                    return [Conflict("role", said, theirs, sentence.text, n)]
    return []


# Where a journey starts and where it goes, written just before a place: "sailed from
# Zamboanga City for Jolo", "had left Jolo and was bound for Zamboanga City".
_ROUTE_FROM = re.compile(r"\b(?:from|left|leaving|departed|departing|out of)\s+(?:the\s+)?$",
                         re.I)
_ROUTE_TO = re.compile(r"\b(?:to|for|towards?|bound for|headed for|heading for|en route to|"
                       r"destined for)\s+(?:the\s+)?$", re.I)


def _routes(text: str, mentions: list[Mention]) -> tuple[set[str], set[str]]:
    """The places a sentence gives as a journey's start and as its end."""
    starts, ends = set(), set()
    # Any name: the recogniser takes some towns for people ("left Jolo").
    for m in mentions:
        if m.cls == "work":
            continue
        for at in re.finditer(re.escape(m.text), text):
            before = text[max(0, at.start() - 30):at.start()]
            if _ROUTE_FROM.search(before):
                starts.add(m.key)
            elif _ROUTE_TO.search(before):
                ends.add(m.key)
    return starts, ends


def _route_conflicts(claim: _Claim, sentences: list[tuple[int, Sentence]]) -> list[Conflict]:
    """A journey the story tells the other way round: "left Jolo and was bound for Zamboanga
    City" against "sailed from Zamboanga City for Jolo". Only a sentence that gives both
    places, each in the other's slot, tells it otherwise, and none may give the claim's way
    (a return trip gives both)."""
    if is_japanese(claim.text):
        return []
    starts, ends = _routes(claim.text, claim.mentions)
    pairs = [(a, b) for a in starts for b in ends if not _same_name(a, b)]
    if not pairs:
        return []
    found = []
    for n, sentence in sentences:
        if _expected(claim, sentence):
            continue
        theirs_from, theirs_to = _routes(sentence.text, sentence.mentions)
        for a, b in pairs:
            if any(_same_name(a, x) for x in theirs_from) and any(
                    _same_name(b, y) for y in theirs_to):
                return []  # the claim's way
            if any(_same_name(b, x) for x in theirs_from) and any(
                    _same_name(a, y) for y in theirs_to):
                found.append(Conflict("place", f"from {_as_written(a, claim.mentions)}",
                                      f"from {_as_written(b, sentence.mentions)}",
                                      sentence.text, n))
    return found[:1]


# Verbs whose object is the side that lost: "beat Inter Milan", "中国を破り".
_BEAT = frozenset("beat defeat overcome edge thrash rout 破る 下す".split())


def _beaten_conflicts(claim: _Claim, sentences: list[tuple[int, Sentence]]
                      ) -> list[Conflict]:
    """The side the claim says was beaten, where the story's same win has another: "Japan
    beat South Korea 4-0 in the final" against "Japan beat China 4-0" in the final's report.
    The story's sentence must be about the same match: the claim's score, or where the claim
    gives none, its stage ("the final", 決勝), and the same winner; a side beaten in another
    round ("beat South Korea 1-0 in the semi-final") is another match."""
    scores = {tuple(sorted(x)) for x in _SCORE.findall(claim.text)}
    stages = _stages(claim.text)
    for p in claim.predicates:
        if p.lemma not in _BEAT or p.negated or p.irrealis or not p.objects:
            continue
        winners = _holders(p, "subjects")
        if not winners:
            continue
        found = None
        for n, sentence in sentences:
            if _expected(claim, sentence) or _another_occasion(claim.text, sentence.text):
                continue
            theirs = {tuple(sorted(x)) for x in _SCORE.findall(sentence.text)}
            if not (scores & theirs if scores else stages and stages & _stages(sentence.text)):
                continue
            wins = [q for q in sentence.predicates
                    if q.lemma in _BEAT and q.lemma in _group(p.lemma) and q.objects
                    and not q.negated and not q.irrealis
                    and any(_same_name(w, v) or _reading(q.spans[0]).has(w)
                            for w in winners for v in _holders(q, "subjects") or ("",))]
            if any(_same_name(y, o) or _kindred(y, o) or _reading(q.spans[1]).has(y)
                   for q in wins for y in p.objects for o in q.objects):
                return []  # the story has the claim's beaten side beaten
            if wins and found is None:
                found = Conflict("role", _as_written(p.objects[0], claim.mentions),
                                 _as_written(wins[0].objects[0], sentence.mentions),
                                 sentence.text, n)
        if found is not None:
            return [found]
    return []


# Verbs whose subject won, with or without a beaten side ("X won the final", "第3局は
# Xが勝ち", "決定戦をXが制し").
_WON = frozenset("win 勝つ 制する 優勝 勝利".split())
# The beaten side as a Japanese story writes it: "YがXに勝った", "YがXを破った".
_BEATEN_ROLES = frozenset({("pobj", "に", "勝つ"), ("pobj", "に", "勝利"), ("dobj", "破る"),
                           ("dobj", "下す")})
_GAME = re.compile(r"第\s?(\d+)\s?(?:局|戦|試合|ゲーム)|\bgame\s(\d+)\b|\b(first|second|third|"
                   r"fourth|fifth|sixth|seventh)\sgame\b", re.I)
# A Japanese contest word of the claim's ("優勝決定戦", "棋王戦", "決勝"): a sentence about
# the same match shares one.
_CONTEST_JA = re.compile(r"[一-龥ァ-ヶー]*(?:戦|局|試合|大会|杯|場所|マラソン|選手権)")
_NOMINATIVE_JA = re.compile(r"([一-龥ァ-ヶー・]{2,12})(?:（[^（）]*）)?(?:＝[^＝]*＝)?が")


def _games(text: str) -> set[str]:
    return {next(g for g in m.groups() if g).lower() for m in _GAME.finditer(text)}


def _beaten(claim: _Claim, sentence: Sentence, x: str) -> str | None:
    """Whether the sentence has ``x`` beaten: the winner as written where the sentence names
    one, else ""; None where it does not have ``x`` beaten. English: the object of "beat"
    ("Y beat X"). Japanese: "YがXに勝った", "YがXを破った", "Xとの決定戦をYが制し"."""
    if is_japanese(sentence.text):
        # The same name as written: a rank said with it ("八段", "九段") is no name.
        as_written = [m for m in sentence.mentions if m.key == x]
        beaten = [m for m in as_written if tuple(m.role[:3]) in _BEATEN_ROLES]
        if not beaten:
            beaten = [m for m in as_written if re.search(
                rf"{re.escape(m.text)}(?:（[^（）]*）)?との[^、。]{{0,20}}?を[^、。]{{0,12}}?"
                r"(?:制し|制した|制する|破り|破った|下し|下した)", sentence.text)]
        if not beaten:
            return None
        before = sentence.text[:sentence.text.find(beaten[0].text)]
        winner = _NOMINATIVE_JA.findall(before)
        return winner[-1] if winner else ""
    for q in sentence.predicates:
        if q.lemma in _BEAT and not q.negated and not q.irrealis and not q.earlier and any(
                _same_name(x, o) for o in q.objects):
            winners = [y for y in _holders(q, "subjects") if not _same_name(x, y)]
            return _as_written(winners[0], sentence.mentions) if winners else ""
    return None


def _winner_beaten_conflicts(claim: _Claim, sentences: list[tuple[int, Sentence]]
                             ) -> list[Conflict]:
    """The claim's winner is the story's beaten side in the same match: "第3局は藤井聡太棋王
    が勝ち" against "増田康宏八段が藤井聡太棋王に勝った"; "X won the final" against "Y beat X
    in the final". The same match: the sentence names the claim's game ("第3局", "game 3")
    and no other, and its stage where the claim gives one; in Japanese it shares a contest
    word of the claim's ("優勝決定戦"), in English a word of what the claim's verb won. A story
    that has the claim's winner winning that match too says nothing against it."""
    japanese = is_japanese(claim.text)
    games, stages = _games(claim.text), _stages(claim.text)
    contests = {w for w in _CONTEST_JA.findall(claim.text) if len(w) >= 2} if japanese else set()
    for p in claim.predicates:
        # "X beat Y" names its winner too; the story must then name Y as well (below: a word
        # of what the claim's verb has as its object).
        if (p.lemma not in _WON and (japanese or p.lemma not in _BEAT)) or p.negated \
                or p.irrealis or p.earlier:
            continue
        winners = [x for x in _holders(p, "subjects") if x not in _PRONOUNS]
        if japanese:
            # GiNZA hangs a rank written after a name ("藤井聡太棋王") as the subject: every
            # name of the subject phrase is the winner's.
            said = p.spans[0].replace(" ", "")
            winners += [m.key for m in claim.mentions if m.cls in ("agent", "any")
                        and m.text.replace(" ", "") in said and m.key not in winners]
        things = _words(p.spans[1]) - _GENERIC_ANCHORS
        for x in winners:
            for n, sentence in sentences:
                if _expected(claim, sentence) or _another_occasion(claim.text, sentence.text):
                    continue
                theirs = _games(sentence.text)
                if theirs != games if (games or theirs) else (
                        stages and not stages & _stages(sentence.text)):
                    continue
                # The same contest, whatever the game ("王将戦第3局" is not "棋王戦第3局").
                ours = contests if japanese else things
                if (ours or not games) and not (
                        any(w in sentence.text for w in ours) if japanese
                        else ours & _words(sentence.text)):
                    continue
                winner = _beaten(claim, sentence, x)
                if winner is None:
                    continue
                if any(q.lemma in _group(p.lemma) and not q.negated and not q.earlier
                       and any(_same_name(x, y) for y in _holders(q, "subjects"))
                       for q in sentence.predicates) and winner == "":
                    continue  # the sentence has x winning too, and nobody else named
                return [Conflict("role", _as_written(x, claim.mentions),
                                 winner or sentence.text, sentence.text, n)]
    return []


def _holders(p, role: str) -> tuple[str, ...]:
    """Who fills a verb's slot: its names there, or, for a subject the recogniser did not
    call a name (a film, an album: "'Sinners' won best picture"), the subject phrase's
    capitalised words."""
    found = getattr(p, role)
    if found or role != "subjects" or not p.spans[0]:
        return found
    words = _proper_words(p.spans[0]) - {"s"}
    return (" ".join(sorted(words)),) if words else ()


def _named_to(claim: _Claim, p, names: set[str]) -> frozenset[str]:
    """What the claim says someone was named to: its words other than its names and verb
    ("president", "valuable", "player")."""
    name_words = {w for k in names for w in k.split()}
    # The phrases of who named and who was named ("Germany goalkeeper Andreas Wolff") say
    # who, not to what.
    who = {w for phrase in p.spans for w in fold(phrase).split()}
    return claim.content - name_words - who - _group(p.lemma) - _GENERIC_ANCHORS


def _named_otherwise(claim: _Claim, p, x: str, same: list, names: set[str]
                     ) -> Conflict | None:
    """The claim says X was named (sworn in, elected) to something; a sentence about the same
    event names Y to the same thing. What X was named to is the claim's words other than its
    names and verb ("president", "MVP"); an abbreviation stands for its long form ("MVP",
    "Most Valuable Player")."""
    post = _named_to(claim, p, names)
    abbreviations = {m.key for m in claim.mentions if " " not in m.key}
    # A person the claim makes the subject of another verb ("appointed Walden as chief
    # executive, with D'Amaro becoming president") has another post there: the story's
    # naming them to this one is the claim's posts swapped.
    mine = (*p.subjects, *p.objects)
    elsewhere = {m.key for m in claim.mentions if m.cls in ("agent", "any")
                 and m.role[:1] == ("nsubj",) and m.role[1:2] != (p.lemma,)} | {
        k for q in claim.verbs if q.lemma != p.lemma for k in q.subjects}
    elsewhere = {k for k in elsewhere if not any(_same_name(k, h) for h in mine)}
    kept = {k for k in names if not any(_same_name(k, e) or k in e.split() for e in elsewhere)}

    def is_claims(y: str) -> bool:
        return any(_same_name(y, k) for k in kept) or bool(
            abbreviations & _initials(y.title())) or bool(set(y.split()) & post)

    for n, sentence, q in same:
        if not (post & sentence.content or abbreviations & _reading(sentence.text).initials):
            continue
        others = [y for y in q.objects if not is_claims(y)]
        if others and _same_event(claim, sentence.text, but=x, works=True):
            return Conflict("role", _as_written(x, claim.mentions),
                            _as_written(others[0], sentence.mentions), sentence.text, n)
    return None


def _as_written(key: str, mentions: list[Mention]) -> str:
    """A name as the text writes it, for the rationale: the mention with that key, else the
    one with the same last word ("Anthony Edwards" in "guard Anthony Edwards"), else the
    key itself."""
    last = key.split()[-1:]
    for same in (lambda m: m.key == key, lambda m: m.key.split()[-1:] == last):
        found = max((m.text.strip(" '’") for m in mentions if same(m)), key=len, default="")
        if found:
            return found
    return key.title()


_DETERMINERS = frozenset("a an the its his her their our my your this that these those "
                         "all some any each every".split())


def _kind(p) -> set[str]:
    """The words before the head of a verb's object: what kind of thing it is ("inflation"
    in "its inflation forecast")."""
    tokens = p.spans[1].split()
    # Common words only: a name ("her Boston Marathon title") or whose it is ("her women's
    # title") is another matter.
    words = [fold(w) for w, after in zip(tokens, [*tokens[1:], ""], strict=False)
             if w[:1].islower() and w.isalpha() and after not in ("'s", "’s")]
    heads = [i for i, w in enumerate(words) if any(w.startswith(t) for t in p.things)]
    if not heads:
        return set()
    return {w for w in words[:heads[0]] if w not in _DETERMINERS and len(w) > 2}


def _kinds_differ(p, q) -> bool:
    mine, theirs = _kind(p), _kind(q)
    return bool(mine and theirs and not mine & theirs)


# A Japanese sentence's topic: the noun before its first は ("事故件数は28万7236件で").
_TOPIC_JA = re.compile(r"([一-龥ァ-ヶー]{2,})は(?!じ)")


def _same_topic_ja(claim: str, text: str) -> bool:
    """Both sentences are about the same thing, by their topics ("事故件数は"), where the
    parser gave their verbs no subject: the one topic holds the other ("企業倒産件数" and
    "倒産件数")."""
    mine, theirs = _TOPIC_JA.search(claim), _TOPIC_JA.search(text)
    if not mine or not theirs:
        return False
    a, b = mine.group(1), theirs.group(1)
    return a.endswith(b) or b.endswith(a)


def _participants(p) -> set[str]:
    """Who a verb is about, subject or object (a passive subject is an active object);
    pronouns say nothing about who."""
    return set(_named((*p.subjects, *p.objects)))


def _attached(mentions: list, p) -> dict[tuple[str, ...], set[str]]:
    """The names a verb takes in each of its slots, its subjects aside: its object ("beat
    Sweden") and each phrase by its particle or preposition ("スイスに", "世界選手権で")."""
    out: dict[tuple[str, ...], set[str]] = {}
    for m in mentions:
        if m.role[:1] in (("dobj",), ("pobj",)) and m.role[-1:] == (p.lemma,) \
                and m.key not in p.subjects:
            out.setdefault(m.role[:2] if m.role[0] == "pobj" else m.role[:1], set()).add(m.key)
    return out


def _elsewhere_with_others(claim: _Claim, p, sentence: Sentence, q, here: _Article) -> bool:
    """A slot that both verbs fill, with names that never meet, while the sentence never names
    the claim's: the sentence tells of another match or meeting ("ミラノ・コルティナ五輪の代表
    決定戦でフォルティウスに敗れた" against "女子世界選手権の初戦でスイスに勝った")."""
    mine, theirs = _attached(claim.mentions, p), _attached(sentence.mentions, q)
    return any(
        not any(_same_name(a, b) for a in mine[slot] for b in theirs[slot])
        and not any(here.has(a) for a in mine[slot])
        for slot in mine.keys() & theirs.keys())


def _polarity_conflicts(claim: _Claim, sentences: list[tuple[int, Sentence]],
                        article: _Article, published: dt.date | None = None) -> list[Conflict]:
    out = []
    japanese = is_japanese(claim.text)
    when = claim_date_spans(claim.text, published) if published else []
    dated: dict[str, bool] = {}  # per sentence: its days are all other than the claim's
    present = [m.key for m in claim.mentions if article.has(m.key)]
    claim_words = _words(claim.text)
    said = {(r.lemma, r.negated) for r in claim.predicates}
    said_by_claim = _reading(claim.text)
    for p in claim.predicates:
        doers = _doers(claim, p)
        for n, sentence in sentences:
            if _weighs_expectation(claim, sentence) or _of_part_of_month(claim, sentence):
                continue
            # A sentence that says all the claim's verbs the claim's way says those the claim
            # also says of something else ("欧米からは増えたが、中国からの旅行者は減った").
            both = said <= {(r.lemma, r.negated) for r in sentence.predicates if not r.earlier}
            here = _reading(sentence.text)
            shared = len(claim.content & sentence.content - {p.lemma})
            # Or two, with the claim's whole object ("2023年の前回選") in the sentence's.
            shares = any(here.has(k) for k in present) or shared >= 3 or (
                shared >= 2 and any(_holds_object(p, q) for q in sentence.predicates))
            if not shares:
                continue
            # A sentence that names none of those the claim has do it, and names someone else,
            # tells another's act ("サラ・ドゥテルテ副大統領は...立候補すると表明した" against
            # "マルコス大統領は...立候補できない"), whatever the parser made its verb's subject.
            if doers and not any(here.has(k) for k in doers) and any(
                    m.cls == "agent" and not said_by_claim.has(m.key) for m in sentence.mentions):
                continue
            # A sentence that dates what it tells only to other days than the claim's ("金利は
            # 2025年12月の会合で引き上げられ" against "3月の会合で据え置いた") tells other acts.
            if when and sentence.text not in dated:
                dated[sentence.text] = _dated_elsewhere(when, sentence.text, published)
            if when and dated[sentence.text]:
                continue
            for q in sentence.predicates:
                if q.earlier or _expected(claim, sentence, q) or (
                        both and (q.lemma, q.negated) in said):
                    continue
                # What a study found (a clause) is not what was not found by nobody named
                # ("found that a variant lowers ..." against "the allele has not been found
                # in ..."); "had not confirmed it" still says the confirmer did not.
                if p.clausal and not q.clausal and not q.spans[0].strip():
                    continue
                # A Japanese topic written just before the verb is its object where the parser
                # gave it none ("不服申し立ては禁止せず").
                topic = {t for t in p.things if re.search(
                    rf"{re.escape(t)}[はもを]{re.escape(q.lemma[:2])}", sentence.text)
                } if japanese and not q.things else set()
                mine, theirs = _participants(p), _participants(q)
                if mine and theirs:
                    if not any(_same_name(a, b) for a in mine for b in theirs):
                        continue
                elif not any(here.has(k) for k in present) and not _refers_to(
                        q.spans[0], p.subjects) and not (
                        japanese and _same_one_ja(q.spans[0])
                        and any(k in present for k in p.subjects)) and not (
                        (japanese or not claim.mentions) and (
                            _things(p) & _things(q) or _same_subject(p, q)
                            or _holds_object(p, q) or topic)) and not (
                        japanese and not p.spans[0] and not q.spans[0]
                        and _same_topic_ja(claim.text, sentence.text)):
                    # Japanese names are missed more often, and a claim may name nobody
                    # ("Research spending did not reach 37.7 trillion won"): the same object
                    # will do ("みちびき5号機を...投入した" / "投入できなかった"), or the same
                    # subject ("Quarterly revenue fell" / "Quarterly revenue rose").
                    continue
                # "lost the first set" says nothing against "won the final", nor "cut its
                # inflation forecast" against "raised its growth forecasts".
                # The object's head may differ where its phrase holds the claim's ("短期金利の
                # 誘導目標" for "政策金利"), when the sentence names the claim's subject.
                # So may the rival be named outside the object ("ベネズエラに敗れた").
                loose = {w.lower() for w in q.spans[1].split()} | {
                    m.key for m in sentence.mentions} if p.subjects and all(
                    here.has(x) for x in p.subjects) else set()
                loose |= topic
                # An English story verb the parser gave no object ("found former president X
                # guilty") is matched by the claim's object words in its sentence (measured
                # by evals/perturb.py, which reads English only).
                if p.things and not _things(p) & (_things(q) | loose) and (
                        japanese or q.things or not set(p.things) <= sentence.content) \
                        and not _holds_object(p, q):
                    continue
                if _kinds_differ(p, q):
                    continue
                if _answers_other_part(claim, p, q):
                    continue
                # Another owner's figure: "China's trade volumes grew" says nothing against
                # "US-Africa trade declined".
                owners = {fold(w) for w in re.findall(r"\b([A-Z][^\W\d_]+)\s?['’]s\b",
                                                       q.spans[0])} - claim_words
                if owners and not any(_same_name(o, m.key) for o in owners
                                      for m in claim.mentions):
                    continue
                # Another actor's act is not the claim's turned round ("Venezuela lost to
                # Japan" against "Japan beat Venezuela").
                if _named(p.subjects) and _named(q.subjects) and not any(
                        _same_name(a, b) for a in _named(p.subjects) for b in _named(q.subjects)):
                    continue
                # Another rival or event in the same slot is another match: "五輪の代表決定戦で
                # フォルティウスに敗れた" says nothing against "世界選手権の初戦でスイスに勝った".
                if _elsewhere_with_others(claim, p, sentence, q, here):
                    continue
                if q.lemma in _group(p.lemma) and q.negated != p.negated:
                    said = "not " if q.negated else ""
                    out.append(Conflict("negation", f"{'not ' if p.negated else ''}{p.lemma}",
                                        f"{said}{q.lemma}", sentence.text, n))
                    return out
                # A claim that itself says the story's verb of the same thing ("wanted a cut,
                # but the majority voted to keep the rate" against "kept the rate") is not
                # turned round by it; "sales fell and profit rose" is, by "sales rose".
                # What was expected ("expected inflation to rise back above 2%") is not
                # turned round by what happened ("inflation fell to 1.7%"), nor the reverse.
                if _opposite(p, q) and q.negated == p.negated and q.irrealis == p.irrealis \
                        and not (japanese and _same_match_ja(claim.text, sentence.text)) \
                        and not any(
                        r.lemma in _group(q.lemma) and r.negated == q.negated and (
                            set(r.things) & set(q.things) or _same_subject(r, q))
                        for r in claim.predicates):
                    out.append(Conflict("opposite", p.lemma, q.lemma, sentence.text, n))
                    return out
    return out


# Words that say the opposite of each other about the same measure: a claim that says one
# where the story says the other of the same thing is turned round ("the shortest on record" /
# "the longest on record"; "値上がりした" / "値下がりした"). English words are compared as
# written (a superlative is not its comparative), Japanese ones by lemma.
_ANTONYMS_EN = [
    ("longest", "shortest"), ("highest", "lowest"), ("largest", "smallest"),
    ("biggest", "smallest"), ("strongest", "weakest"), ("fastest", "slowest"),
    ("warmest", "coldest"), ("hottest", "coldest"), ("wettest", "driest"), ("best", "worst"),
    ("most", "fewest"), ("most", "least"), ("earliest", "latest"),
    ("longer", "shorter"), ("higher", "lower"), ("larger", "smaller"), ("bigger", "smaller"),
    ("stronger", "weaker"), ("faster", "slower"), ("more", "fewer"), ("more", "less"),
    ("surplus", "deficit"), ("profit", "loss"), ("above", "below"), ("majority", "minority"),
]
_ANTONYMS_JA = [
    ("長い", "短い"), ("高い", "低い"), ("多い", "少ない"), ("大きい", "小さい"), ("強い", "弱い"),
    ("広い", "狭い"), ("重い", "軽い"), ("最高", "最低"), ("最大", "最小"), ("最長", "最短"),
    ("最多", "最少"), ("値上がり", "値下がり"), ("値上げ", "値下げ"), ("高値", "安値"),
    ("円高", "円安"), ("上位", "下位"), ("黒字", "赤字"), ("増税", "減税"), ("改善", "悪化"),
    ("プラス", "マイナス"), ("増益", "減益"), ("増収", "減収"), ("上回る", "下回る"),
    # The two houses of a legislature: a bill sent to one was not sent to the other.
    ("衆院", "参院"), ("衆議院", "参議院"), ("上院", "下院"),
]
_BASE_OF = {"best": ("good", "well"), "worst": ("bad", "badly"), "most": ("much", "many"),
            "more": ("much", "many"), "less": ("little",), "least": ("little",),
            "fewer": ("few",), "fewest": ("few",)}
_ANTONYM = {lang: {a: b for x, y in pairs for a, b in ((x, y), (y, x))}
            for lang, pairs in (("en", _ANTONYMS_EN), ("ja", _ANTONYMS_JA))}
# Share of the claim's content words (the turned word aside) the sentence must hold: it says
# the claim's whole statement with one word turned round.
_ANTONYM_COVER = 0.7


def _antonym_conflicts(claim: _Claim, sentences: list[tuple[int, Sentence]],
                       article: _Article, published: dt.date | None = None) -> list[Conflict]:
    """A sentence that says the claim with one word turned to its opposite: it holds most of
    the claim's other words, a name of the claim that the story writes (or names no one
    else), and the opposite of a word of the claim that the claim does not say, while not
    saying the claim's word itself."""
    japanese = is_japanese(claim.text)
    table = _ANTONYM["ja" if japanese else "en"]

    def words(text: str, lemmas: frozenset[str]) -> set[str]:
        return set(lemmas) if japanese else set(re.findall(r"[a-z]+", fold(text)))

    mine = words(claim.text, claim.lemmas)
    turned = [w for w in mine if w in table and table[w] not in mine]
    if not turned:
        return []
    present = [m.key for m in claim.mentions if article.has(m.key)]
    said = _reading(claim.text)
    when = claim_date_spans(claim.text, published) if published else []
    for n, sentence in sentences:
        # A forecast is turned round by a forecast where the claim is about one ("NOAA
        # forecasts a below-normal season" against "forecast an above-normal season").
        if _expected(claim, sentence):
            continue
        theirs = words(sentence.text, sentence.lemmas)
        # The claim's names, or at least no one else's: a source the claim cites ("気象庁に
        # よると") is often left to another sentence of the story.
        here = _reading(sentence.text)
        if not any(here.has(k) for k in present) and any(
                not said.has(m.key) for m in sentence.mentions):
            continue
        if when and _dated_elsewhere(when, sentence.text, published):
            continue
        for w in turned:
            other = table[w]
            if w in theirs or other not in theirs:
                continue
            # The turned word's own lemma ("short" of "shortest") is no word of the rest.
            rest = {x for x in claim.content - {w, other}
                    if not (japanese and w in x) and not (
                        not japanese and (x[:3] == w[:3] or x in _BASE_OF.get(w, ())))}
            if len(rest) < 3 or len(rest & sentence.content) < _ANTONYM_COVER * len(rest):
                continue
            return [Conflict("opposite", w, other, sentence.text, n)]
    return []


def _doers(claim: _Claim, p) -> list[str]:
    """The claim's people and bodies written in the subject phrase of its verb ``p``."""
    subject = p.spans[0] if _CJK_KEY.search(p.spans[0]) else fold(p.spans[0])
    return [m.key for m in claim.mentions if m.cls == "agent" and subject and (
        m.key in subject or all(w in subject.split() for w in m.key.split()))]


def _holds_object(p, q) -> bool:
    """The story verb's object phrase holds every word of the claim verb's ("2023年の前回選の
    51.08％を下回り" for "2023年の前回選を上回った"): the same thing, given with a figure."""
    mine = p.spans[1].split()
    return len(mine) >= 2 and set(mine) <= set(q.spans[1].split())


_THE_NOUN = re.compile(r"^(?:the|this|that)\s+([a-z]+)$", re.I)


# "同社" (the said company), "同省", "同氏": a Japanese story's word for the one it has named.
_SAME_ONE_JA = re.compile(r"同(?:社|行|省|庁|党|氏|国|市|県|町|村|局|大|グループ|機構|協会|委員会)")


def _same_one_ja(phrase: str) -> bool:
    return bool(_SAME_ONE_JA.fullmatch(phrase.replace(" ", "")))


# Japanese nouns for one thing: a forecast is 予想, 見通し, 予測 or 見込み.
_THING_JA = {"見通し": "予想", "予測": "予想", "見込み": "予想", "業績予想": "予想"}


def _things(p) -> set[str]:
    return {_THING_JA.get(t, t) for t in p.things}


def _refers_to(phrase: str, names: tuple[str, ...]) -> bool:
    """A definite noun that names what a name of the claim is: "The bank" for the Swiss
    National Bank, "the company" is too vague to say which."""
    m = _THE_NOUN.match(phrase.strip())
    return bool(m) and len(m.group(1)) > 3 and any(
        fold(m.group(1)) in key.split() for key in names)


_SUBJECT_STOP = frozenset("its their his her this that these those which who company "
                          "government group".split())


def _same_subject(p, q) -> bool:
    """Two verbs whose subject phrases share a word of substance ("quarterly revenue")."""
    return bool((_words(p.spans[0]) & _words(q.spans[0])) - _SUBJECT_STOP)


# Which way a figure moved, as a claim's verb says it ("revenue fell", 売上高は減少した) and as a
# story writes it beside the figure ("up 75 percent", "75%増", "21.8％上昇", "17.4％高い",
# "1778円安").
_UP = frozenset("rise increase grow gain climb jump surge soar rally "
                "増加 増える 上昇 上がる 伸びる 増益 増収 値上がり".split())
_DOWN = frozenset("fall decrease decline drop shrink slide slump plunge sink tumble contract "
                  "減少 減る 下落 下がる 落ち込む 減益 減収 値下がり".split())
_FIGURE = r"\d[\d.,]*\s*(?:兆|億|万)?\s*"
_MOVES = re.compile(
    r"\b(?P<en>up|down)\s+(?:by\s+)?(?:about\s+|some\s+|nearly\s+|almost\s+|roughly\s+|"
    r"more than\s+)?\d[\d.,]*\s*(?:%|per\s?cent|percent|percentage points?|points?)|"
    r"\d[\d.,]*\s*(?:%|per\s?cent|percent)\s+(?P<en2>higher|lower)\b|"
    rf"{_FIGURE}(?:%|％|ポイント|円|ドル|倍|件|人)?(?P<ja>増|減|上昇|下落|低下)(?![額税員])|"
    rf"{_FIGURE}(?:%|％|ポイント)(?P<jahigh>高|低|安)(?=い|く|の|で|と|、|。)|"
    rf"{_FIGURE}円(?P<yen>高|安)|"
    r"(?P<times>\d[\d.,]*)\s*倍", re.I)
_MEASURE_STOP = frozenset("'s year years quarter month a an the of its their "
                          "年 月 期 前年 同期 比 前年同期 前年同期比 の".split())


def _moves(sentence: str) -> list[tuple[int, int, str]]:
    """(start, end, "up" or "down") of each figure the sentence gives with its direction."""
    out = []
    for m in _MOVES.finditer(sentence):
        if m.group("times"):
            # "前年同期の約5倍": up; "0.5倍": down; 1倍 says neither.
            times = float(m.group("times").replace(",", ""))
            if times != 1:
                out.append((m.start(), m.end(), "up" if times > 1 else "down"))
            continue
        word = (m.group("en") or m.group("en2") or m.group("ja") or m.group("jahigh")
                or m.group("yen")).lower()
        out.append((m.start(), m.end(),
                    "up" if word in ("up", "higher", "増", "高", "上昇") else "down"))
    return out


# Japanese heads that say only how many or how much: the figure's counter or currency says it.
_GENERIC_HEADS_JA = frozenset("件数 数 金額 額 総額".split())
# The period before, as what a figure is above or below: "前年を下回った" says it fell.
_PRIOR_JA = frozenset("前年 前年度 前期 前月 前年同期 前年同月 昨年 前回".split())


def _way(p) -> str:
    """Which way a verb says its subject moved: "up", "down" or ""."""
    if p.lemma in _UP or (p.lemma == "上回る" and set(p.things) & _PRIOR_JA):
        return "up"
    if p.lemma in _DOWN or (p.lemma == "下回る" and set(p.things) & _PRIOR_JA):
        return "down"
    return ""


# A change told by the way it went: "an upward revision to imports", "downward pressure on
# prices"; and a figure's side of what was expected: "above analysts' consensus estimate".
_WAY_OF = re.compile(r"\b(upward|downward)\s+(\w+)\s+(?:to|of|in|on)\s+(?:the\s+)?(\w+)|"
                     r"\b(above|below)\s+(?:the\s+)?(?:\w+['’]?\s+)?"
                     r"(consensus|expectation|estimate|forecast)s?\b()", re.I)
_OTHER_WAY = {"upward": "downward", "downward": "upward", "above": "below", "below": "above"}


def _ways(text: str) -> set[tuple[str, str, str]]:
    # Consensus, estimates, expectations and forecasts are one yardstick.
    return {(m[0].lower(), m[1].lower(), m[2].lower()) if m[0] else (m[3].lower(), "consensus", "")
            for m in _WAY_OF.findall(text)}


# "gave no breakdown", "without an agreement", "not a single vote": none of the thing.
_NONE_OF = r"\b(?:no|without(?:\s+(?:a|an|any))?|not\s+(?:a|an|any))\s+(?:[\w'’-]+\s+){0,3}?"


def _none_conflicts(claim: _Claim, sentences: list[tuple[int, Sentence]], article: _Article
                    ) -> list[Conflict]:
    """English: the claim's verb acts on a thing ("published a full breakdown"); a sentence
    about the event says there was none of it ("gave no platform-by-platform breakdown"),
    and names the thing nowhere else. A claim that itself says none, expects or tells of
    another time says nothing here; nor does a sentence that expects, or that names none of
    the claim's doers and names someone else."""
    if is_japanese(claim.text):
        return []
    present = [m.key for m in claim.mentions if article.has(m.key)]
    said = _reading(claim.text)
    mine = fold(claim.text)
    for p in claim.predicates:
        if p.negated or p.irrealis or p.earlier:
            continue
        doers = _doers(claim, p)
        for thing in p.things:
            if len(thing) < 4 or not thing.isalpha():
                continue
            none = re.compile(_NONE_OF + re.escape(thing) + r"(?:s|es)?\b", re.I)
            if none.search(mine):
                continue
            for n, sentence in sentences:
                if sentence.irrealis or _expected(claim, sentence):
                    continue
                text = fold(sentence.text)
                found = none.search(text)
                if not found or len(re.findall(rf"\b{re.escape(thing)}", text)) > 1:
                    continue
                here = _reading(sentence.text)
                if doers and not any(here.has(k) for k in doers) and any(
                        m.cls == "agent" and not said.has(m.key) for m in sentence.mentions):
                    continue
                shared = len(claim.content & sentence.content - {p.lemma, thing})
                if any(here.has(k) for k in present) or shared >= 3:
                    return [Conflict("negation", f"{p.lemma} {thing}", found.group(0).strip(),
                                     sentence.text, n)]
    return []


def _revision_conflicts(claim: _Claim, sentences: list[tuple[int, Sentence]]
                        ) -> list[Conflict]:
    """The claim says a change of something went one way ("an upward revision to imports"),
    or a figure fell on one side of what was expected ("above analysts' consensus
    estimate"); a sentence says the same the other way ("a downward revision to imports",
    "below consensus estimates"), and the claim nowhere says the other way of it."""
    mine = _ways(claim.text)
    for way, noun, what in sorted(mine):
        if (_OTHER_WAY[way], noun, what) in mine:
            continue
        for n, sentence in sentences:
            theirs = _ways(sentence.text)
            if (_OTHER_WAY[way], noun, what) in theirs and (way, noun, what) not in theirs:
                told = f" to {what}" if what else ""
                return [Conflict("opposite", f"{way} {noun}{told}",
                                 f"{_OTHER_WAY[way]} {noun}{told}", sentence.text, n)]
    return []


def _direction_conflicts(claim: _Claim, sentences: list[tuple[int, Sentence]],
                         opening: str = "") -> list[Conflict]:
    """A claim that says which way a figure moved ("data-centre revenue fell") against a story
    that gives that figure moving the other way ("data-centre revenue ... up 75 percent",
    "データセンター部門の売上高は前年同期比75%増"). The claim's measure (its verb's subject
    without names and dates) must all stand before the story's figure and after any other
    moving figure of its sentence, and the sentence must not also say the claim's way. A word
    of the measure that the story's headline or first sentence (``opening``) gives may be left
    out of the sentence, where the story is about it ("新築マンション", "コンビニ"), but not its
    last word, what is measured ("価格", "数")."""
    moving = [p for p in claim.predicates if _way(p) and not p.negated and not p.irrealis]
    if len({_way(p) for p in moving}) != 1:
        return []
    way = _way(moving[0])
    names = {re.sub(r"['’]s$", "", w) for m in claim.mentions
             for w in f"{fold(m.text)} {m.key}".split()} | {compact(m.text) for m in claim.mentions}

    def measured(p) -> list[str]:
        return [w for w in (x if _CJK_KEY.search(x) else fold(x) for x in p.spans[0].split())
                if w and w not in names and w not in _MEASURE_STOP and not w.isdigit()
                and not any(compact(w) in n for n in names if _CJK_KEY.search(n))]

    # The verb whose subject says what moved: "来店客数は前年より増え、163億人を上回った" moves
    # 来店客数; its second verb only bounds the figure.
    p, measure = next(((p, m) for p in moving if (m := measured(p))), (None, []))
    if not measure:
        return []

    def said(w: str, folded: str, packed: str) -> bool:
        return (w in packed) if _CJK_KEY.search(w) else bool(
            re.search(rf"\b{re.escape(w)}", folded))

    about = (fold(opening), compact(opening))
    whole, full = len(measure), measure
    # A Japanese head that says only "how many" or "how much" (件数, 金額) is what the story's
    # counter or currency says: the word before it is what is measured ("企業倒産件数" is
    # given as "企業倒産が…11.3％増の851件").
    while len(measure) > 1 and measure[-1] in _GENERIC_HEADS_JA:
        measure = measure[:-1]
    measure = [w for w in measure[:-1] if not said(w, *about)] + measure[-1:]
    if len(measure) > 1 and _CJK_KEY.search(measure[-1]) and said(measure[-1], *about):
        # What is measured may be left to the opening too, where a word of the claim's own
        # remains to say whose it is ("電子出版の推定販売金額" after "推定販売金額を発表した").
        measure = measure[:-1]
    # With words of the measure left to the opening, whose figure it is must be there: 首都圏's
    # price is not 東京23区's.
    owners = [m.key for m in claim.mentions
              if m.cls in ("agent", "place")] if len(measure) < whole else []
    claim_periods = _periods(claim.text)
    claim_text = _reading(claim.text)
    for n, sentence in sentences:
        if any(_way(q) == way for q in sentence.predicates) or _sets_aside(claim, sentence):
            continue
        # An owner the opening names may be left out where the sentence gives the claim's
        # whole measure and names no one else: the story is about it ("LVMH ...
        # Fourth-quarter sales came to €22.7 billion, up 1%").
        here = _reading(sentence.text)
        if not all(here.has(k) or (said(k, *about) and all(
                said(w, here.folded, here.compact) for w in full) and not any(
                m.cls in ("agent", "place") and not claim_text.has(m.key)
                for m in sentence.mentions)) for k in owners):
            continue
        periods = _periods(sentence.text)
        if claim_periods and periods and not claim_periods & periods:
            continue
        start, against = 0, None
        for begin, end, moved in _moves(sentence.text):
            scope = sentence.text[start:begin]
            read = (fold(scope), compact(scope))
            # In Japanese, what is measured stands in the figure's own clause: "負債総額は
            # 32.1％減" moves 負債総額, whatever "大型の倒産が少なかったため、" said before it.
            last = scope.rsplit("、", 1)[-1]
            if all(said(w, *read) for w in measure) and (
                    not _CJK_KEY.search(measure[-1]) or said(measure[-1], fold(last),
                                                              compact(last))):
                if moved == way:
                    against = None
                    break
                against = against or sentence.text[begin:end].strip()
            start = end
        if against:
            return [Conflict("opposite", p.lemma, against, sentence.text, n)]
    return []


def _object_conflicts(claim: _Claim, sentences: list[tuple[int, Sentence]],
                      article: _Article) -> list[Conflict]:
    """The same act by the same actor on the same kind of thing, told with another of the
    story's words in the claim's object: "地裁は尹被告に死刑判決を言い渡した" against "地裁は
    尹被告に無期懲役の判決を言い渡した" where the story names 死刑 elsewhere (what the
    prosecutors sought). The claim's word must be missing from the story's sentence and stand
    elsewhere in the story: a word the story never uses may be a paraphrase. Japanese only:
    English claims reword objects with the story's own words too often ("won the national
    title" for "won the NCAA title" in a story that says "national title" later)."""
    if not is_japanese(claim.text):
        return []
    said = compact(claim.text)
    for p in claim.predicates:
        if p.negated or p.irrealis or not p.things or not p.spans[1]:
            continue
        mine = {w for w in p.spans[1].split() if _content_word(w)}
        for n, sentence in sentences:
            if _expected(claim, sentence):
                continue
            for q in sentence.predicates:
                # A nominaliser ("…ことを挙げた") is no kind of thing: what was named is the
                # clause it closes, which a story words its own way ("五輪のあと" / "五輪後").
                if q.negated or q.earlier or q.lemma not in _group(p.lemma) or not (
                        set(p.things) & set(q.things) - _NOMINALISERS):
                    continue
                here = compact(sentence.text)
                # The same actor: named as the story's subject, or, where the parse found
                # none (or the claim's actor is no recognised name), in its sentence.
                if p.subjects:
                    same_actor = any(_same_name(a, b) for a in p.subjects for b in q.subjects) \
                        or (not q.subjects and all(_reading(sentence.text).has(a)
                                                   for a in p.subjects))
                else:
                    same_actor = bool(p.spans[0]) and all(compact(w) in here
                                                          for w in p.spans[0].split())
                if not same_actor:
                    continue
                theirs = {w for w in q.spans[1].split() if _content_word(w)}
                rest = article.compact.replace(here, " ")
                extra = [w for w in mine - theirs if w not in here]
                other = [w for w in theirs - mine if w not in said]
                if extra and other and all(w in rest for w in extra):
                    return [Conflict("name", p.spans[1].replace(" ", ""),
                                     q.spans[1].replace(" ", ""), sentence.text, n)]
    return []


_NOMINALISERS = frozenset("こと もの の ところ ため よう".split())


def _content_word(word: str) -> bool:
    return bool(_CJK_KEY.search(word)) and len(word) >= 2


_STOP = frozenset("the a an of in on at to for from by with and or but as that this which who "
                  "its their his her it they he she we there most more other".split())


def _span_words(p) -> dict[str, int]:
    """A verb's subject and object words, each cut to five letters so that forms of one word
    meet ("mayor", "mayoralty"), a capitalised one (a name) weighing twice."""
    out: dict[str, int] = {}
    for word in re.findall(r"[^\W\d_]+", " ".join(p.spans)):
        key = fold(word)
        if key in _STOP or len(key) < 3:
            continue
        out[key[:5]] = max(out.get(key[:5], 0), 2 if word[:1].isupper() else 1)
    return out


def _answers_other_part(claim: _Claim, p, q) -> bool:
    """The article's verb is about another part of the claim than ``p``: its subject and
    object share more with another of the claim's verbs ("won most races, though it failed
    to take the Seoul mayoralty" against "lost the race for Seoul mayor")."""
    theirs = _span_words(q)

    def shared(r) -> int:
        return sum(min(w, theirs[k]) for k, w in _span_words(r).items() if k in theirs)

    mine = shared(p)
    # Light verbs count too ("failed to take the mayoralty").
    return any(shared(r) > mine for r in claim.verbs if r != p)


def _previewing(claim: _Claim, words: frozenset[str] = PREVIEW_WORDS) -> frozenset[str]:
    """The words that make a sentence a preview, as the claim reads it: none when the claim
    is itself about a forecast ("its forecast", "予想"), since a sentence about a forecast
    ("見通し") then reports what the claim is about."""
    return frozenset() if claim.content & PREVIEW_WORDS else words


# Words of an expectation, also where a sentence sets the outcome against one.
_EXPECTING = PREVIEW_WORDS | frozenset("expect predict anticipate".split())


def _weighs_expectation(claim: _Claim, sentence: Sentence) -> bool:
    """The sentence speaks of an expectation, unless the claim is about one. An outcome set
    against an expectation ("beating forecasts", "less than expected") is read for what it
    confirms, never for a contradiction: a preview must never refute, so contradictions err
    towards leaving such sentences out."""
    return bool(sentence.lemmas & _previewing(claim, _EXPECTING))


# Acts of deciding: what they decide is told in the future tense ("ordered ... : 60 percent
# of official vehicles will be taken off the road").
_DECIDING_ACTS = frozenset("order decide announce approve confirm set schedule agree adopt "
                           "impose introduce unveil sign decree rule mandate".split())
_WILL = re.compile(r"\b(?:will|shall)\b", re.I)
# Words of a forecast, a condition or an intention rather than of a decision taken.
_UNDECIDED = re.compile(
    r"\b(?:could|may|might|would|should|can|expect\w*|likely|unlikely|possibl\w*|"
    r"probabl\w*|polls?|forecast\w*|predict\w*|projected|hop\w*|aim\w*|if|unless|"
    r"plan\w*|propos\w*|consider\w*|seek\w*|want\w*|intend\w*|set to|poised|"
    r"bid|ask\w*|urg\w*|call\w* for|until)\b", re.I)


def _decided(claim: _Claim, sentence: Sentence) -> bool:
    """The claim reports a decision ("Pakistan ordered 80 percent of its official vehicles off
    the road"), and the sentence gives what was decided in the future tense, with no word of
    a forecast, a condition or an intention: "60 percent of official vehicles will be taken
    off the road". Such a sentence tells the decision's content, as the claim does."""
    if is_japanese(claim.text) or not _WILL.search(sentence.text) or \
            _UNDECIDED.search(sentence.text) or sentence.expects:
        return False
    # "announced" is a reporting verb, and here also the act.
    main = next((p for p in claim.predicates
                 if p.lemma not in REPORTING_VERBS - {"announce"}), None)
    return bool(main) and main.lemma in _DECIDING_ACTS and not main.irrealis \
        and not main.negated


def _expected(claim: _Claim, sentence: Sentence, verb=None) -> bool:
    """The sentence (or its ``verb``) expects rather than reports, as the claim reads it: a
    word such as "poll" or "forecast" makes a sentence a preview, unless the claim itself is
    about the forecast ("Toyota cut its forecast" against "Toyota raised its forecasts");
    otherwise a future or conditional verb does: the one in question where one is given
    ("raised its forecasts for the year ending March" states the raise). Not the content of
    a decision the claim reports (``_decided``)."""
    if _decided(claim, sentence):
        return False
    if verb is not None and verb.irrealis and not any(
            p.irrealis and p.lemma == verb.lemma for p in claim.verbs):
        # A conditional or future verb in a sentence that reports ("負ければ王将を失う"
        # beside what happened) expects, whatever the sentence's main verb does.
        return True
    if _weighs_expectation(claim, sentence):
        return True
    if not sentence.irrealis:
        return False
    if verb is not None:
        return verb.irrealis
    # A conditional the claim repeats ("could make measured adjustments") is part of what it
    # reports, not a sign that the sentence looks ahead (measured in English only).
    repeated = set() if is_japanese(claim.text) else {
        p.lemma for p in claim.verbs if p.irrealis}
    return any(p.irrealis and p.lemma not in repeated for p in sentence.predicates
               if p.lemma not in REPORTING_VERBS)


# Verbs whose act is to expect: saying them reports the act, whatever it expects.
_EXPECTING_ACTS = frozenset("forecast predict project anticipate expect plan propose intend "
                            "予想 予測 見込む 計画 提案".split())


# Each act of expecting with its kanji: a Japanese figure's anchors are single kanji.
_EXPECTING_KANJI = tuple((act, frozenset(re.findall(r"[一-龥]", act))) for act in _EXPECTING_ACTS)


def _says_act(title: str, claim: _Claim) -> bool:
    """The headline's main verb (its first that is not a reporting verb) is the act of
    expecting the claim says was done: "Nestlé forecasts ..." for "Nestlé forecast ..."."""
    acts = _expecting_act(claim)
    verbs = _title_verbs(title)
    return bool(acts and verbs) and verbs[0].lemma in acts


def _title_verbs(title: str) -> list:
    """A headline's verbs in order, reporting verbs aside: the first is its main verb."""
    return [p for s in analyse(title) for p in s.predicates if p.lemma not in REPORTING_VERBS]


def _expecting_act(claim: _Claim) -> frozenset[str]:
    """The claim's act where it is to expect: its main verb (the first that is not a
    reporting verb) when that is forecast, expect, plan, propose ... ("Nestlé forecast ...",
    "Nissan said it expected ..."); not "markets that expected a hike" beside "kept"."""
    main = next((q for q in claim.predicates if q.lemma not in REPORTING_VERBS), None)
    return frozenset({main.lemma}) if main and main.lemma in _EXPECTING_ACTS else frozenset()


def _previews(claim: _Claim, sentence: Sentence) -> bool:
    """The sentence expects the claim's event rather than reports it: the claim's own verbs
    are future or conditional there ("will win", "is expected to approve"), or, where it does
    not use them, the sentence as a whole is."""
    if _decided(claim, sentence):
        return False
    lemmas = _verb_groups(claim)
    shared = [p for p in sentence.predicates if p.lemma in lemmas]
    if shared:
        # A claim that someone forecast, proposed or planned is reported by the sentence
        # that says so ("Nestlé forecast growth of 3% to 4%" / "Nestlé forecasts ..."): the
        # act is the forecast. What a forecast expects ("保険料は下がる見込み") stays one.
        acts = _expecting_act(claim)
        return all(p.irrealis and p.lemma not in acts for p in shared)
    # A claim about a forecast is reported by a sentence about the forecast: the word alone
    # does not make that sentence a preview.
    if not sentence.expects & _previewing(claim):
        return any(p.irrealis for p in sentence.predicates
                   if p.lemma not in REPORTING_VERBS)
    return sentence.irrealis


def _only_demanded(claim: _Claim, sentences: list[tuple[int, Sentence]]) -> bool:
    """The claim says a court sentenced someone ("懲役20年を言い渡した") and the story reports
    only the prosecution's demand (求刑), a stage weeks before the sentence; a sentence the
    story gives only as expected ("判決は13日に言い渡される予定") is none. (English "sought
    12 years" already reads as an intention.)"""
    def sentenced(predicates) -> bool:
        return any(p.lemma == "言い渡す" and not p.negated and not p.irrealis for p in predicates)

    said = [s for _, s in sentences]
    return sentenced(claim.predicates) and not any(sentenced(s.predicates) for s in said) \
        and any("求刑" in s.lemmas for s in said)


def _best_previews(claim: _Claim, best: list[Sentence]) -> bool:
    """The closest passage (a sentence, or two side by side) previews: those of its sentences
    that use the claim's verbs do, or else its first does. In "The court ruled 6-3 that states
    may bar ... The decision lets schools keep ..." the second sentence says the claim's "let";
    the first one's "may" does not make the pair a preview."""
    lemmas = _verb_groups(claim)
    saying = [s for s in best if any(p.lemma in lemmas for p in s.predicates)]
    return bool(best) and all(_previews(claim, s) for s in (saying or best[:1]))


# A headline that looks forward: "next week's election", "ahead of the vote", "set to win".
_AHEAD = re.compile(r"\b(?:next|coming|upcoming|this)\s+(?:week|weekend)(?:['’]s)?\b|"
                    r"\btomorrow\b|\bahead of\b|\bset to\b|\bpoised to\b|\bon course to\b",
                    re.I)


# An outcome a Japanese story may give only as an aim: "連覇かけ出走へ", "連覇に挑む",
# "初優勝を狙う", "当選へ".
_OUTCOME_JA = re.compile(r"(?:初|総合)?(?:優勝|連覇|当選|再選|金メダル)")
_AIMED_JA = re.compile(r"(?:[にをへが]?(?:挑|狙|目指|かけ|懸け|かか|懸か|王手)|へ)")


def _only_aimed(claim: _Claim, text: str) -> str:
    """The outcome a Japanese claim says happened ("連覇した") where the story gives it only as
    an aim ("連覇に挑む", "連覇かけ出走へ"); "" where the story gives it otherwise, or the claim
    names none."""
    if any(p.negated or p.irrealis for p in claim.verbs):
        return ""
    for outcome in {m.group() for m in _OUTCOME_JA.finditer(claim.text)}:
        found = list(re.finditer(re.escape(outcome), text))
        if found and all(_AIMED_JA.match(text, m.end()) for m in found):
            return outcome
    return ""


# Japanese headlines that look forward: "利上げへ", "あす投開票", "来週に決定".
_AHEAD_JA = re.compile(r"へ[」』）)]?$|^(?:あす|明日|来週|来月|今週末)|"
                       r"(?:予定|見通し|方針|見込み)$|(?:あす|明日|来週|来月)(?:に|の|、)")


# A Japanese headline's first part that ends in an act done ("法案を閣議決定", "ノミネート12作品
# が決定"), or gives the claim's figures, reports the news; what it adds after a space
# ("「国家情報局」創設へ", "大賞は3月下旬に発表") is what follows from it.
_DONE_JA = re.compile(r"(?:決定|閣議決定|成立|可決|否決|答申|合意|締結|承認|採択|完了|確定|決まる|"
                      r"決まった|判明|観測|確認|発表|公表|表明|発見|逮捕|発生|達成|更新|突破|"
                      r"受賞|優勝|死去|就任|辞任|開幕|閉幕|ピーク|過去最高|過去最多|過去最大|"
                      r"過去最低)$")


def _reports_first_ja(title: str, published: dt.date | None, claim: str = "") -> bool:
    parts = re.split(r"[ 　]+", title.strip())
    first = parts[0]
    if not is_japanese(first) or len(parts) == 1:
        return False
    # So does any clause of it that gives the claim's own figure ("ガソリン全国平均161円80銭、
    # 4週連続値上がり" for a claim of 161円80銭; "上越新幹線の自由席は乗車率200％、4日も混雑続く"
    # for a claim of 200％): the figure was measured, whatever the rest expects.
    figures = set(_FIGURES.findall(claim))
    clauses = [first] + [c for part in parts[1:] for c in re.split(r"[、，]", part)]
    for i, clause in enumerate(clauses):
        if not ((i == 0 and _DONE_JA.search(clause))
                or {x for x in _FIGURES.findall(clause) if len(x) >= 2} & figures):
            continue
        if not _AHEAD_JA.search(clause) and not (published is not None and any(
                start > published for start, _ in claim_date_spans(clause, published))):
            return True
    return False


_FIGURES = re.compile(r"\d+(?:\.\d+)?")


def _looks_ahead(title: str, published: dt.date | None, claim: str = "") -> bool:
    """The headline expects an event rather than reports one: its main verb is future or
    conditional, it points forward in time, or it names a day after its own publication."""
    if not title:
        return False
    # The main verb decides, not nouns such as "forecast" ("Toyota raises its profit
    # forecast") nor a plan in a second clause ("TSMC profit jumps 35% and it plans ...").
    if _reports_first_ja(title, published, claim):
        return False
    verbs = _title_verbs(title)
    if (verbs and verbs[0].irrealis) or _AHEAD.search(title) or _AHEAD_JA.search(title):
        return True
    return published is not None and any(
        first > published for first, _ in claim_date_spans(title, published))


def _main_irrealis(sentence: Sentence) -> bool | None:
    """Whether the sentence's main verb (its first that is not a reporting verb) is future or
    conditional; None where it has none."""
    verbs = [p for p in sentence.predicates if p.lemma not in REPORTING_VERBS]
    return verbs[0].irrealis if verbs else None


def _about_expected(claim: _Claim) -> bool:
    """The claim itself is about what is expected, forecast or planned."""
    return any(p.irrealis for p in claim.verbs) or bool(claim.content & PREVIEW_WORDS)


def _mostly_ahead(claim: _Claim, lead: tuple[Sentence, ...],
                  sentences: list[tuple[int, Sentence]]) -> bool:
    """The story's first sentence expects rather than reports, and so do most of its
    sentences: their main verb is future or conditional ("will run from 13 to 15 March", "is
    expected to report", "would comfortably win"). Such a story is a preview, whatever its
    headline says, unless the claim itself is about what is expected. A report that goes on
    to projections (a budget's "debt is projected to peak") opens with what was done."""
    if _about_expected(claim):
        return False
    if not lead or not _main_irrealis(lead[0]):
        return False
    mains = [m for _, s in sentences if (m := _main_irrealis(s)) is not None]
    return len(mains) >= 2 and 2 * sum(mains) >= len(mains)


def _lead_ahead(claim: _Claim, lead: tuple[Sentence, ...], lead_text: str,
                published: dt.date | None) -> bool:
    """The story's first sentence expects an event on a day after the story's own date ("will
    play Cape Verde on Friday", "will run from 13 to 15 March"): the story is a preview,
    whatever else it recalls, unless the claim itself is about what is expected."""
    if published is None or _about_expected(claim):
        return False
    if not lead or not _main_irrealis(lead[0]):
        return False
    return any(first > published
               for _, (first, _) in _dates_in(lead_text, published, ahead=True))


def _same_stem(word: str, verb: str) -> bool:
    """A word of the verb's stem: "priced" and "pricing" for "price"; Japanese by the verb's
    characters ("発表" in "発表する")."""
    if word == verb:
        return True
    if _CJK_KEY.search(verb):
        return len(verb) >= 2 and verb in word
    return len(verb) >= 4 and word.startswith(verb[:-1] if verb.endswith("e") else verb)


def _tells_act(claim: _Claim, sentences: list[tuple[int, Sentence]]) -> bool:
    """Some sentence reports what the claim's verbs say happened (a verb of theirs or a
    synonym, or a word of the same stem), or the claim has no such verb."""
    acts = {lemma for p in claim.predicates if not p.irrealis and not p.earlier
            for lemma in _group(p.lemma)}
    return not acts or any(
        not _expected(claim, s) and any(_same_stem(w, v) for w in s.lemmas for v in acts)
        for _, s in sentences)


_SCHEDULED = frozenset("set schedule slate due plan postpone reschedule 予定 日程".split())


def _event_ahead(claim: _Claim, sentences: list[tuple[int, Sentence]],
                 published: dt.date | None) -> str:
    """The sentence by which a story that never reports the claim's act puts the claim's
    event after the story's own date ("The ceremony was set for 28 February in Barcelona",
    in the nominations story, for "won the Goya at the 2026 ceremony in Barcelona"): such a
    story was written before the event, whatever words it shares. Empty where none does."""
    if published is None or _about_expected(claim):
        return ""
    # The stage the claim names, set for a later day ("The final is set for Sunday 22
    # February" in the story of the semi-finals), even where the story tells the claim's act
    # of an earlier round ("a late power-play goal by Nathan MacKinnon").
    stages = _stages(claim.text)
    for _, s in sentences if stages else ():
        if s.lemmas & _SCHEDULED and stages & _stages(s.text) and any(
                first > published and re.search(r"\d", written)
                for written, (first, _) in _dates_in(s.text, published, ahead=True)):
            return s.text
    if _tells_act(claim, sentences):
        return ""
    # Only what the sentence says is scheduled: "was set for 28 February", not a rule from a
    # later day ("Shops must still take lev cash until the end of January, and from 1
    # February the euro is the only legal tender", in the story of the changeover).
    scheduling = [s for _, s in sentences
                  if s.lemmas & _SCHEDULED and len(s.content & claim.content) >= 2]
    if not scheduling:
        return ""
    # Where the claim dates its event, only a day inside that date is the event's: "shipments
    # from 5 March" is not when a phone "unveiled in February" was unveiled.
    spans = claim_date_spans(claim.text, published)
    for s in scheduling:
        if any(first > published and re.search(r"\d", written)
               and (not spans or _named_in(first, last, spans))
               for written, (first, last) in _dates_in(s.text, published, ahead=True)):
            return s.text
    return ""


def _day(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _sentences_of(hit: Hit) -> list[str]:
    """The passage's sentences, its title apart: a headline has no full stop, and glued to
    the first sentence it would read as one."""
    text = hit.text
    out = []
    if hit.title and text.startswith(hit.title):
        out.append(hit.title)
        text = text[len(hit.title):]
    return out + split_sentences(text)


def _shared(claim: _Claim, text: str, sents: list[tuple[int, Sentence]]) -> int:
    """How many of the claim's content words the sentences within ``text`` hold."""
    words = frozenset().union(*(s.content for _, s in sents if s.text and s.text in text))
    return len(claim.content & words)


def _word_vector_sim(claim: tuple[Sentence, ...], sentences: list[Sentence]) -> float:
    """The claim's closest cosine similarity to a sentence, or to two adjacent ones, by the
    Japanese pipeline's word vectors: the embedding model reads English, and on Japanese its
    similarities are high for any pair."""
    vectors = [s.vector for s in claim if s.vector is not None]
    if not vectors:
        return 0.0
    mine = sum(vectors)
    mine = mine / max(1e-9, float((mine ** 2).sum()) ** 0.5)
    theirs = [s.vector for s in sentences if s.vector is not None]
    pairs = [a + b for a, b in zip(theirs, theirs[1:], strict=False)]
    best = 0.0
    for v in theirs + pairs:
        norm = float((v ** 2).sum()) ** 0.5
        if norm:
            best = max(best, float(mine @ v) / norm)
    return best


def parse_ahead(claims: list[str], passages: list[Hit]) -> None:
    """Parse, in one batch, the claims and the sentences of the passages that
    ``article_evidence`` will read for them, into the parser's cache."""
    flat = [sentence for hit in passages for sentence in _sentences_of(hit)]
    analyse_many(list(dict.fromkeys([*claims, *flat])))


def article_evidence(claim: str, passages: list[Hit], sentence_sims: list[list[float]],
                     event_start: dt.date | None = None, as_of: dt.date | None = None,
                     numbers: list[int] | None = None) -> list[ArticleEvidence]:
    """Features, contradictions and standing per retrieved article. ``sentence_sims[i]`` are
    the claim's similarities to the ``sentences_and_pairs`` of ``passages[i]``;
    ``event_start`` is the first day the claim dates its event, when it names one; ``as_of``
    the day the claim is checked; ``numbers[i]`` the number ``passages[i]`` is cited under
    (its position from 1 unless given: an article's lead is cited under its first passage)."""
    split = [_sentences_of(h) for h in passages]
    flat = [sentence for group in split for sentence in group]
    parsed = analyse_many([claim, *flat])
    c = _claim(claim, parsed[0])
    by_text = dict(zip(flat, parsed[1:], strict=True))
    claim_folded = _Article(claim)
    japanese = is_japanese(claim)
    by_article: dict[str, ArticleEvidence] = {}
    texts: dict[str, list[str]] = {}
    sentences: dict[str, list[tuple[int, Sentence]]] = {}
    sims: dict[str, list[tuple[float, str]]] = {}
    numbers = numbers or list(range(1, len(passages) + 1))
    # Each article's first sentence after its headline, where its opening passage was read.
    leads = {hit.article_id: next((x for x in group[1:] if any(ch.isalnum() for ch in x)), "")
             for hit, group in zip(passages, split, strict=True)
             if hit.title and hit.text.startswith(hit.title)}
    for n, hit, hit_sims, group in zip(numbers, passages, sentence_sims, split, strict=True):
        ev = by_article.setdefault(hit.article_id,
                                   ArticleEvidence(hit.article_id, [], hit.published[:10]))
        if n not in ev.passages:
            ev.passages.append(n)
        texts.setdefault(hit.article_id, [hit.title]).append(hit.text)
        seen = {s.text for _, s in sentences.get(hit.article_id, [])}
        sentences.setdefault(hit.article_id, []).extend(
            (n, s) for text in group for s in by_text[text] if s.text not in seen)
        sims.setdefault(hit.article_id, []).extend(
            zip(hit_sims, sentences_and_pairs(hit.text), strict=False))
    for article_id, ev in by_article.items():
        full = " ".join(texts[article_id])
        article = _Article(full)
        sents = sentences[article_id]
        # Only a claim that names an accounting period looks at the story's.
        periods = _story_periods(sents) if _periods(claim) else {}
        ranked = sorted(sims[article_id], key=lambda p: -p[0])
        if japanese:
            # The embedding model reads English: on Japanese its similarities are high for
            # any pair, so the sentences sharing most of the claim's words come first.
            ranked = sorted(ranked, key=lambda p: -_shared(c, p[1], sents))
        ev.best_sentence = ranked[0][1] if ranked else ""
        # Sentences in the order a reader would weigh them: the closest to the claim first.
        order: dict[str, int] = {}
        for i, (_, text) in enumerate(ranked):
            for _, sent in sents:
                if sent.text in text:
                    order.setdefault(sent.text, i)
        sents = sorted(sents, key=lambda ns: order.get(ns[1].text, len(order)))
        found = [q for _, s in sents for q in s.quantities
                 if not _belongs_elsewhere(c, s, q, japanese)]
        numbers, unmatched = _number_conflicts(c, article, sents, found, _day(ev.published),
                                              as_of, periods, claim_folded)
        names, missing = _name_conflicts(c, article, claim_folded, sents)
        # Places told otherwise anchor each other ("in the Atlantic Ocean off Florida"), and
        # only each other: names of another match do not.
        places_told = tuple(_place_conflicts(c, article, claim_folded, sents))
        told = {x.claim_value for x in names}
        names = names + [x for x in places_told if x.claim_value not in told]
        # The event's place told otherwise anchors nothing but another place told otherwise:
        # the story's headline or lead may be about another event of the same place names.
        told |= {x.claim_value for x in places_told}
        names += [x for x in _where_conflicts(c, article, claim_folded, sents,
                                              {texts[article_id][0], leads.get(article_id, "")})
                  if x.claim_value not in told]
        # Two places where the claim puts what happened, both told otherwise, anchor each
        # other ("captured in Maracaibo and flown to Miami" against Caracas and New York); its
        # people, and a country that is a side ("won over Canada"), must still be in the story.
        placed = tuple(x for x in names if any(
            m.cls == "place" and m.role[:1] == ("pobj",) and m.role[1:2]
            and m.role[1] in _SLOT_PREPS and _in_slot(x, m.text) for m in c.mentions))
        roles = _role_conflicts(c, article, claim_folded, sents) or _object_conflicts(
            c, sents, article) or [x for x in _beaten_conflicts(c, sents)
                                   if x.claim_value not in {y.claim_value for y in names}] \
            or _winner_beaten_conflicts(c, sents) or _route_conflicts(c, sents)
        polarity = (_polarity_conflicts(c, sents, article, _day(ev.published))
                    or _direction_conflicts(c, sents, " ".join([texts[article_id][0],
                                                                leads.get(article_id, "")]))
                    or _revision_conflicts(c, sents)
                    or _antonym_conflicts(c, sents, article, _day(ev.published))
                    or _none_conflicts(c, sents, article))
        told = {x.claim_value for x in numbers + names + roles}
        for x in _misplaced(c, article, claim_folded, sents):
            if x.claim_value not in told:
                (numbers if x.kind == "number" else names).append(x)
        if japanese:
            numbers = numbers + _streak_conflicts(c, sents) + _swapped_items(c, sents) \
                + _nth_conflicts(c, sents) + _term_conflicts_ja(c, sents)
            roles = roles or _cleft_conflicts(c, sents, article) or _beaten_ja_conflicts(c, sents)
        else:
            numbers = numbers + _swapped_counts(c, sents) + _order_conflicts(c, sents) \
                + _streak_en_conflicts(c, sents)
            roles = roles or _ahead_conflicts(c, sents)
        numbers = numbers + _reversed_changes(c, sents) + _all_of_conflicts(c, sents) \
            + _age_conflicts(c, sents) + _edition_conflicts(c, sents)
        if _same_event(c, article):
            numbers = numbers + ((not japanese and _rank_conflicts(c, sents))
                                 or _placing_conflicts(c, sents)
                                 or (japanese and (_superlative_conflicts(c, sents, article)
                                                   or _award_conflicts(c, sents)))
                                 or (not japanese and _superlative_en_conflicts(c, sents))
                                 or _date_conflicts(c, article, sents, _day(ev.published)))
        elif japanese and not c.mentions:
            numbers = numbers + _superlative_conflicts(c, sents, article)
        elif japanese and _same_event(c, article, works=True):
            # A Japanese story of the claim's named contest ("第45回大阪国際女子マラソン") that
            # names none of its people: who won and who took which award are still its slots.
            numbers = numbers + (_placing_conflicts(c, sents) or _award_conflicts(c, sents))
        whole = next((s for _, s in sents if _states_whole(claim_folded, s, japanese)), None)
        numbers, names, roles, polarity = (
            [x for x in group if _stands(x, whole) and _anchored(
                x, c, article, places_told + (placed if x in placed else ()))]
            for group in (numbers, names, roles, polarity))
        ev.conflicts = numbers + names + roles + polarity
        # Ranks ("the first lady", "his first win") are not figures a story must repeat.
        figures = [q for q in c.quantities if q.unit != "ordinal"]
        matched_q = sum(_gives(q, c, article, sents, found, periods, _day(ev.published))
                        for q in figures)
        content = frozenset().union(*(s.content for _, s in sents)) if sents else frozenset()
        best = [s for _, s in sents if s.text and s.text in ev.best_sentence]
        cover_words = len(c.content & content) / max(1, len(c.content))
        pairs = [a.content | b.content for (_, a), (_, b) in zip(sents, sents[1:],
                                                                 strict=False)]
        sentence_cover = max((len(c.content & x) for x in [s.content for _, s in sents] + pairs),
                             default=0) / max(1, len(c.content))
        ev.values = {
            "sim_max": 0.0 if japanese else (ranked[0][0] if ranked else 0.0),
            "sim_max_ja": _word_vector_sim(parsed[0], [s for _, s in sents]) if japanese
            else 0.0,
            "cover_words": cover_words,
            "sentence_cover": sentence_cover,
            "novel_words": float(len(c.content - content)),
            "cover_names": 1 - missing / len(c.mentions) if c.mentions else 1.0,
            "cover_numbers": matched_q / len(figures) if figures else 1.0,
            "missing_names": float(missing),
            "unmatched_numbers": float(unmatched),
            "preview": float(_best_previews(c, best)),
            "conflict_value": float(len(numbers) + len(names) + len(roles)),
            "conflict_polarity": float(len(polarity)),
        }
        # Names are compared within one script: "クラン・モンタナ" is not looked for in an
        # English story.
        published = _day(ev.published)
        ev.unnamed = [m.text for m in c.mentions if _never_named(m, article)] + _unquoted(
            c, article) + _undated(c, article, published) + _unwritten_runs(c, article) \
            if japanese == is_japanese(full) else []
        years = _years(full)
        lead = by_text.get(leads.get(article_id, ""), ())
        title_ahead = _looks_ahead(texts[article_id][0], published, claim)
        reports_act = title_ahead and _says_act(texts[article_id][0], c)
        if reports_act:
            # A claim that someone forecast or proposed is reported by a story whose headline
            # says they did ("Nestlé forecasts ..."); such a story may still be a preview, and
            # a preview never refutes what it expects. What was forecast is told otherwise
            # only by a sentence that says the act ("NOAA forecasts a below-normal season"
            # against "NOAA forecast an above-normal season").
            acts = _expecting_act(c)
            stated = {s.text for _, s in sents if any(p.lemma in acts for p in s.predicates)}
            ev.conflicts = [x for x in ev.conflicts if x.sentence in stated]
            kept = {id(x) for x in ev.conflicts}
            ev.values["conflict_value"] = float(sum(id(x) in kept
                                                    for x in numbers + names + roles))
            ev.values["conflict_polarity"] = float(sum(id(x) in kept for x in polarity))
        if title_ahead and not reports_act:
            ev.background = (f"a preview: its headline ({texts[article_id][0]!r}, "
                             f"{ev.published}) expects the event rather than reports it")
        elif _mostly_ahead(c, lead, sentences[article_id]):
            ev.background = (f"a preview: most of its sentences ({texts[article_id][0]!r}, "
                             f"{ev.published}) expect events rather than report them")
        elif _lead_ahead(c, lead, leads.get(article_id, ""), published):
            ev.background = (f"a preview: its first sentence ({texts[article_id][0]!r}, "
                             f"{ev.published}) expects an event after the story's own date")
        elif japanese and (aim := _only_aimed(c, full)):
            ev.background = (f"a preview: it gives {aim} only as an aim ({texts[article_id][0]!r}, "
                             f"{ev.published})")
        elif _only_demanded(c, sentences[article_id]):
            ev.background = (f"a preview: it reports what the prosecution asked for "
                             f"({texts[article_id][0]!r}, {ev.published}), not the court's "
                             f"sentence")
        elif ahead := _event_ahead(c, sentences[article_id], published):
            ev.background = (f"a preview: it dates the claim's event after its own date "
                             f"({ev.published}): {ahead!r}")
        elif partial := sorted(_partial_stages(texts[article_id][0])
                               - _partial_stages(claim)):
            ev.background = (f"about a stage of the event: its headline "
                             f"({texts[article_id][0]!r}, {ev.published}) names the "
                             f"{partial[0]}, the claim does not")
        elif event_start and published and published < event_start:
            ev.background = (f"published {ev.published}, before the claim's event "
                             f"({event_start.isoformat()})")
        elif event := _other_event(c, article):
            ev.background = (f"about another event: the claim names {event!r}, the article "
                             f"({ev.published}) does not")
        elif c.years and published and published.year < min(int(y) for y in c.years) \
                and not c.years & years:
            ev.background = (f"about another year: the claim says {', '.join(sorted(c.years))}, "
                             f"the article ({ev.published}) does not")
        elif (mine := _part_periods(claim)) and (theirs := set().union(
                *(_part_periods(t) for t in [texts[article_id][0]] + [
                    x.text for _, x in sentences[article_id]]))) and not mine & theirs \
                and "any" not in theirs:
            ev.background = (f"about another period: the claim says {', '.join(sorted(mine))}, "
                             f"the article ({ev.published}) {', '.join(sorted(theirs))}")
        elif cover_words < 0.34 and ev.conflicts:
            # Too little of the claim in common: another story, not another version of it.
            ev.conflicts = []
            ev.values["conflict_value"] = ev.values["conflict_polarity"] = 0.0
    return list(by_article.values())
