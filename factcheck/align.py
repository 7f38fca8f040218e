"""The model-free evidence-alignment judge.

For a claim and the retrieved passages it measures, per article: how much of the claim the
evidence covers (content words, names, numbers, dates), where the evidence fills the same slot
differently (another number, a name or place the claim lacks beside a missing one of the
claim's), negation and antonym flips, and semantic similarity of the best-matching sentences.
``judge.py`` turns these features into label probabilities with weights fitted on dev data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .dates import claim_dates
from .news.chunk import split_sentences
from .store import Hit

__all__ = ["ArticleFeatures", "FEATURES", "article_features", "tokens", "units"]

_STOP = frozenset(
    """a an and are as at be been by for from had has have in into is it its of on or that the
    their there they this to was were will with after before during about over than then also
    which who whom whose what when where while said says say its his her he she them were
    has have having being new more most other such only very so but if not no nor do does did
    up out off per via amid since until both each all any some own same""".split()
)
# Negation words, and verbs that carry a negation ("refused to allow" = "did not allow").
_NEGATIONS = frozenset(
    """not no never none nobody nothing neither without zero refused refuses refusal declined
    denied failed barred banned prohibited""".split()
)
# Pairs of words where one in the claim and the other (without the first) in the evidence
# usually means the evidence says the opposite. General English opposites only: a pair picked
# because it fixes one dev claim would make the cross-validated score a lie.
_ANTONYMS = [
    ("won", "lost"), ("win", "lose"), ("wins", "loses"), ("victory", "defeat"),
    ("rose", "fell"), ("rise", "fall"), ("increase", "decrease"), ("increased", "decreased"),
    ("higher", "lower"), ("gained", "lost"), ("raised", "lowered"), ("cut", "raised"),
    ("cut", "unchanged"), ("approved", "rejected"), ("accepted", "rejected"),
    ("agreed", "refused"), ("guilty", "acquitted"), ("convicted", "acquitted"),
    ("alive", "dead"), ("survived", "killed"), ("open", "closed"), ("opened", "closed"),
    ("ended", "continued"), ("retained", "lost"), ("majority", "minority"),
    ("unanimous", "dissent"), ("unanimous", "dissenting"), ("deliberate", "accidental"),
    ("endorsed", "rejected"), ("confirmed", "denied"), ("allowed", "banned"),
]
# Verbs whose grammatical subject is the slot a claim is about: who won, who was named.
# The evidence naming someone else as that subject contradicts the claim.
_ROLE_VERBS = {
    "win": frozenset("won win wins beat beats defeated defeats clinched clinches swept sweeps "
                     "topped tops".split()),
    "named": frozenset("named elected appointed chosen crowned declared sworn".split()),
}
_AUX = frozenset("was were is are has have had been be also".split())
_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenty": "20",
    "hundred": "100", "dozen": "12", "first": "1st", "second": "2nd", "third": "3rd",
}

FEATURES = (
    "sim_max",  # best cosine similarity between the claim and one evidence sentence
    "cover_words",  # share of the claim's content words found in the evidence
    "cover_names",  # share of the claim's capitalised names found
    "cover_numbers",  # share of the claim's numbers found
    "missing_names",  # claim names absent from the evidence
    "missing_numbers",  # claim numbers absent while the evidence gives numbers
    "antonyms",  # antonym flips between claim and evidence
    "negation",  # negation on one side only (claim vs the best-matching sentence)
    "novel_words",  # claim content words absent from the evidence (count)
    "later_date",  # the claim dates its event after the article was published
    "name_swap",  # claim names missing while the best sentence names others
    "role_conflict",  # the evidence gives another subject for the claim's win/named verb
)


def units(text: str) -> list[str]:
    """Sentences and pairs of adjacent sentences: a fact is often spread over two."""
    sentences = split_sentences(text) or [text]
    pairs = [f"{a} {b}" for a, b in zip(sentences, sentences[1:], strict=False)]
    return sentences + pairs


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def tokens(text: str) -> list[str]:
    return re.findall(r"[\w'’-]+", text)


def _content_words(text: str) -> set[str]:
    return {
        _stem(w.lower().strip("'’-"))
        for w in tokens(text)
        if w.lower() not in _STOP and len(w) > 2 and not w.isdigit()
    }


def _names(text: str) -> set[str]:
    """Capitalised words that are not sentence-initial stop words: a cheap stand-in for NER."""
    out = set()
    for i, word in enumerate(tokens(text)):
        if word[:1].isupper() and word.lower() not in _STOP and not word.isupper() or (
            word.isupper() and len(word) > 1 and word.isalpha()
        ):
            if i == 0 and word.lower() in _STOP:
                continue
            out.add(_possessive(word.lower().strip("'’")))
    return out


def _possessive(word: str) -> str:
    """"reserve's" -> "reserve": a possessive names the same thing."""
    return word.removesuffix("'s").removesuffix("’s")


def _numbers(text: str) -> set[str]:
    found = set(re.findall(r"\d+(?:[.,]\d+)*", text))
    found = {n.replace(",", "") for n in found}
    for word in tokens(text.lower()):
        if word in _NUMBER_WORDS:
            found.add(_NUMBER_WORDS[word])
    return found


def _role_subjects(text: str) -> dict[str, set[frozenset[str]]]:
    """For each role verb group, the names standing as the verb's subject in ``text``: the run
    of capitalised words (possessives and quoted titles included) right before the verb."""
    found: dict[str, set[frozenset[str]]] = {}
    words = [w.strip("'’\"“”") for w in tokens(text)]
    for i, word in enumerate(words):
        group = next((g for g, verbs in _ROLE_VERBS.items() if word.lower() in verbs), None)
        if group is None:
            continue
        j = i - 1
        while j >= 0 and words[j].lower() in _AUX:
            j -= 1
        subject = []
        while j >= 0 and words[j][:1].isupper():
            subject.append(_possessive(words[j].lower()))
            j -= 1
        names = frozenset(w for w in subject if w not in _STOP)
        if names:
            found.setdefault(group, set()).add(names)
    return found


def role_conflict(claim: str, evidence: str) -> bool:
    """The claim says X won (or was named); a sentence of the evidence about the same thing
    (two more content words in common) says someone else did, and none says X did."""
    claimed = _role_subjects(claim)
    if not claimed:
        return False
    claim_words = _content_words(claim)
    same_subject, other_subject = False, False
    for sentence in split_sentences(evidence):
        stated = _role_subjects(sentence)
        for group, subjects in claimed.items():
            for subject in subjects:
                for other in stated.get(group, set()):
                    if subject & other:
                        same_subject = True
                        continue
                    shared = (claim_words & _content_words(sentence)) - {
                        _stem(w) for w in subject | other | _ROLE_VERBS[group]}
                    other_subject = other_subject or len(shared) >= 2
    return other_subject and not same_subject


def _share(wanted: set[str], found: set[str]) -> float:
    return len(wanted & found) / len(wanted) if wanted else 1.0


@dataclass
class ArticleFeatures:
    article_id: str
    passages: list[int]  # 1-based passage numbers in the prompt
    values: dict[str, float] = field(default_factory=dict)
    best_sentence: str = ""

    def vector(self) -> list[float]:
        return [self.values[name] for name in FEATURES]


def article_features(
    claim: str,
    passages: list[Hit],
    sentence_sims: list[list[float]],
) -> list[ArticleFeatures]:
    """Features per article. ``sentence_sims[i]`` are the claim's similarities to the
    ``units`` of ``passages[i]``, in order."""
    by_article: dict[str, ArticleFeatures] = {}
    texts: dict[str, list[str]] = {}
    sims: dict[str, list[tuple[float, str]]] = {}
    for n, (hit, hit_sims) in enumerate(zip(passages, sentence_sims, strict=True), start=1):
        feats = by_article.setdefault(hit.article_id, ArticleFeatures(hit.article_id, []))
        feats.passages.append(n)
        texts.setdefault(hit.article_id, [hit.title]).append(hit.text)
        sims.setdefault(hit.article_id, []).extend(zip(hit_sims, units(hit.text), strict=False))

    claim_words = _content_words(claim)
    claim_names = _names(claim)
    claim_numbers = _numbers(claim)
    claim_lower = {w.lower() for w in tokens(claim)}
    claim_neg = bool(claim_lower & _NEGATIONS)
    dates = claim_dates(claim)
    published: dict[str, str] = {h.article_id: h.published[:10] for h in passages}
    for article_id, feats in by_article.items():
        evidence = " ".join(texts[article_id])
        ev_lower = {w.lower() for w in tokens(evidence)}
        ev_words = _content_words(evidence)
        ev_names = {_possessive(w.lower()) for w in tokens(evidence)}
        ev_numbers = _numbers(evidence)
        ranked = sorted(sims[article_id], key=lambda p: -p[0])
        top = [s for s, _ in ranked[:3]]
        missing_numbers = claim_numbers - ev_numbers
        flips = sum(
            1
            for a, b in _ANTONYMS
            for x, y in ((a, b), (b, a))
            if x in claim_lower and y in ev_lower and x not in ev_lower
        )
        feats.best_sentence = ranked[0][1] if ranked else ""
        best_names = _names(feats.best_sentence)
        best_lower = {w.lower() for w in tokens(feats.best_sentence)}
        missing_names = claim_names - ev_names
        # Month-only dates ("in March 2026") parse to the 1st: compare months for those.
        pub = published[article_id]
        later = any(d[:7] > pub[:7] or (d > pub and not d.endswith("-01")) for d in dates)
        feats.values = {
            "sim_max": top[0] if top else 0.0,
            "cover_words": len(claim_words & ev_words) / max(1, len(claim_words)),
            # A claim without names or numbers has none to miss: full coverage.
            "cover_names": _share(claim_names, ev_names),
            "cover_numbers": _share(claim_numbers, ev_numbers),
            "missing_names": float(len(claim_names - ev_names)),
            "missing_numbers": float(len(missing_numbers) if ev_numbers else 0),
            "antonyms": float(flips),
            # Only where the evidence speaks to the claim: a "could not start" elsewhere in
            # the story is no denial of it.
            "negation": float(claim_neg != bool(best_lower & _NEGATIONS)),
            "novel_words": float(len(claim_words - ev_words)),
            "later_date": float(later),
            "name_swap": float(bool(missing_names) and bool(best_names - claim_names)),
            "role_conflict": float(role_conflict(claim, ". ".join(texts[article_id]))),
        }
    return list(by_article.values())
