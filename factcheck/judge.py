"""Two judges, combined: the LLM and the evidence-alignment judge (align.py).

Combination (documented in README "How a verdict is reached"):
1. The alignment judge scores each retrieved article with a multinomial logistic regression
   over the features of ``align.FEATURES`` (weights in ``judge_weights.json``, fitted on dev data
   by ``evals/fit_judge.py``), its scores divided by a fitted temperature, and REFUTED mass
   is kept only with a contradiction signal (``gate``). The claim-level distribution over
   SUPPORTED / REFUTED / NOT_ENOUGH_EVIDENCE is that of the most relevant article (lowest
   NOT_ENOUGH_EVIDENCE), mixed with the uniform distribution by a fitted share (``calibrate``).
   Two credible articles that disagree (one P(SUPPORTED) >= 0.5, another P(REFUTED) >= 0.5)
   give CONFLICTING.
2. The LLM's label and confidence become a distribution too; the two are mixed log-linearly,
   ``log p = (1 - w) log p_align + w log p_llm``, with ``w`` (``llm_weight``) fitted on dev data.
3. The guards of verdict.py run on the result.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from .align import FEATURES, ArticleFeatures, article_features, units
from .embed import Embedder
from .news.chunk import CJK
from .store import Hit

__all__ = [
    "AlignmentResult", "judge_alignment", "claim_distribution", "calibrate", "combine", "gate",
    "split_claim", "load_weights",
]

BASE_LABELS = ("SUPPORTED", "REFUTED", "NOT_ENOUGH_EVIDENCE")
NEE = "NOT_ENOUGH_EVIDENCE"


@lru_cache(maxsize=1)
def load_weights() -> dict:
    text = resources.files("factcheck").joinpath("judge_weights.json").read_text("utf-8")
    weights = json.loads(text)
    if tuple(weights["features"]) != FEATURES or tuple(weights["labels"]) != BASE_LABELS:
        raise RuntimeError("judge_weights.json does not match align.FEATURES; refit it")
    return weights


def _softmax(scores: list[float]) -> list[float]:
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def predict(values: list[float], weights: dict | None = None) -> dict[str, float]:
    w = weights or load_weights()
    z = [(v - m) / s for v, m, s in zip(values, w["mean"], w["scale"], strict=True)]
    # Temperature scaling (fitted by cross-validation in evals/fit_judge.py) makes the
    # probabilities calibrated; it never changes which label scores highest for an article.
    temperature = float(w.get("temperature", 1.0))
    scores = [
        (b + sum(c * x for c, x in zip(row, z, strict=True))) / temperature
        for row, b in zip(w["coef"], w["intercept"], strict=True)
    ]
    return dict(zip(BASE_LABELS, _softmax(scores), strict=True))


_CONFLICT_FEATURES = (
    "missing_names", "missing_numbers", "antonyms", "negation", "name_swap", "role_conflict",
)


def gate(values: list[float], probs: dict[str, float]) -> dict[str, float]:
    """REFUTED needs a contradiction signal. Without one (every name and number of the claim
    found, no antonym or negation flip), its mass goes to the other labels in proportion."""
    named = dict(zip(FEATURES, values, strict=True))
    if any(named[f] > 0 for f in _CONFLICT_FEATURES):
        return probs
    rest = probs["SUPPORTED"] + probs[NEE]
    if rest <= 0:
        return {"SUPPORTED": 0.0, "REFUTED": 0.0, NEE: 1.0}
    return {"SUPPORTED": probs["SUPPORTED"] / rest, "REFUTED": 0.0, NEE: probs[NEE] / rest}


def calibrate(probs: dict[str, float], weights: dict | None = None) -> dict[str, float]:
    """Mix a claim-level distribution with the uniform one: ``(1 - s) p + s / 3``.

    Temperature alone cannot fix this judge's calibration: its confident answers are
    overconfident (a sure-looking number match can still be the wrong event) while its middling
    ones are underconfident, and one temperature moves both the same way. The share ``s``
    (``smoothing``) caps the confidence at ``1 - 2s/3`` and never changes which label is
    highest. It is fitted by cross-validated log loss with the temperature."""
    share = float((weights or load_weights()).get("smoothing", 0.0))
    if share <= 0:
        return dict(probs)
    return {k: (1 - share) * v + share / len(BASE_LABELS) for k, v in probs.items()}


def claim_distribution(article_probs: list[dict[str, float]], weights: dict | None = None
                       ) -> dict[str, float]:
    """The claim-level distribution: the most relevant article's (lowest
    NOT_ENOUGH_EVIDENCE), calibrated."""
    if not article_probs:
        return {"SUPPORTED": 0.0, "REFUTED": 0.0, NEE: 1.0}
    return calibrate(min(article_probs, key=lambda p: p[NEE]), weights)


@dataclass
class AlignmentResult:
    label: str
    probs: dict[str, float]
    articles: list[tuple[ArticleFeatures, dict[str, float]]] = field(default_factory=list)
    note: str = ""

    def stance_of(self, n: int) -> str:
        for feats, probs in self.articles:
            if n in feats.passages:
                best = max(probs, key=probs.get)
                return {"SUPPORTED": "supports", "REFUTED": "refutes"}.get(best, "neutral")
        return "neutral"

    def citations(self) -> list[dict]:
        out = []
        for feats, _probs in self.articles:
            stance = self.stance_of(feats.passages[0])
            if stance != "neutral":
                out.append({"n": feats.passages[0], "stance": stance})
        return out

    def to_dict(self) -> dict:
        return {
            "label": self.label,
            "probs": {k: round(v, 4) for k, v in self.probs.items()},
            **({"note": self.note} if self.note else {}),
            "articles": [
                {"passages": f.passages, "probs": {k: round(v, 4) for k, v in p.items()},
                 "features": {k: round(v, 4) for k, v in f.values.items()},
                 "best_sentence": f.best_sentence}
                for f, p in self.articles
            ],
        }


def _sentence_sims(claim: str, passages: list[Hit], embedder: Embedder) -> list[list[float]]:
    sentences = [units(h.text) for h in passages]
    flat = [s for group in sentences for s in group]
    if not flat:
        return [[] for _ in passages]
    vectors = embedder.encode([claim, *flat])
    claim_vec, rest = vectors[0], vectors[1:]
    sims = [sum(a * b for a, b in zip(claim_vec, v, strict=True)) for v in rest]
    out, i = [], 0
    for group in sentences:
        out.append(sims[i : i + len(group)])
        i += len(group)
    return out


CJK_NOTE = ("The evidence-alignment judge reads English: its words, names and numbers come "
            "from spaces and capitals, which Chinese, Japanese and Korean lack, so it leaves a "
            "claim in those languages NOT_ENOUGH_EVIDENCE rather than guess. Read the sources "
            "retrieved, or rephrase the claim in English.")


def _unreadable(claim: str) -> bool:
    letters = [c for c in claim if c.isalpha()]
    return bool(letters) and sum(bool(CJK.match(c)) for c in letters) > 0.3 * len(letters)


def judge_alignment(claim: str, passages: list[Hit], embedder: Embedder) -> AlignmentResult:
    if not passages:
        return AlignmentResult(NEE, {"SUPPORTED": 0.0, "REFUTED": 0.0, NEE: 1.0})
    if _unreadable(claim):
        # Never turn "cannot read it" into "it is false".
        return AlignmentResult(NEE, {"SUPPORTED": 0.0, "REFUTED": 0.0, NEE: 1.0}, note=CJK_NOTE)
    feats = article_features(claim, passages, _sentence_sims(claim, passages, embedder))
    scored = sorted(((f, gate(f.vector(), predict(f.vector()))) for f in feats),
                    key=lambda fp: fp[1][NEE])
    probs = claim_distribution([p for _, p in scored])
    label = max(probs, key=probs.get)
    supports = any(p["SUPPORTED"] >= 0.5 for _, p in scored)
    refutes = any(p["REFUTED"] >= 0.5 for _, p in scored)
    if supports and refutes:
        label = "CONFLICTING"
        probs = {**probs, "CONFLICTING": max(p["SUPPORTED"] for _, p in scored)
                 * max(p["REFUTED"] for _, p in scored)}
    return AlignmentResult(label, probs, scored)


def llm_distribution(label: str, confidence: float) -> dict[str, float]:
    """The LLM's answer as a distribution: its label gets more mass the surer it says it is."""
    if label not in BASE_LABELS:
        return {k: 1 / 3 for k in BASE_LABELS}
    top = 1 / 3 + (2 / 3) * 0.9 * min(1.0, max(0.0, confidence))
    rest = (1 - top) / 2
    return {k: (top if k == label else rest) for k in BASE_LABELS}


def combine(align: dict[str, float], llm: dict[str, float] | None, weight: float
            ) -> dict[str, float]:
    if llm is None or weight <= 0:
        return {k: align.get(k, 0.0) for k in BASE_LABELS}
    eps = 1e-6
    scores = [
        (1 - weight) * math.log(align.get(k, 0.0) + eps) + weight * math.log(llm[k] + eps)
        for k in BASE_LABELS
    ]
    return dict(zip(BASE_LABELS, _softmax(scores), strict=True))


_CLAUSE = re.compile(r";\s+")
_CONJUNCTION = re.compile(r",?\s+(?:and|but|while|whereas)\s+(?=[A-Z])")
_MIN_WORDS = 4


def _split_on(pattern: re.Pattern, text: str) -> list[str]:
    pieces = [p.strip(" ,.") for p in pattern.split(text) if p.strip(" ,.")]
    # A piece of only capitalised words is a name ("... the Wellmark and Iowa Farm Bureau Health
    # Plan Bill"), not a clause.
    clauses = all(len(p.split()) >= _MIN_WORDS and any(w.islower() for w in p.split())
                  for p in pieces)
    return pieces if clauses else [text.strip()]


# Lower-case words that a clause without a verb of its own may hold: "... and Claude Sonnet 4.6
# later that month", "... and Sinner the men's title in Melbourne".
_GAPPED_WORDS = frozenset(
    "a an the of in on at by for to from with later earlier that this next last same day week "
    "month year days weeks months years ago after before following previous then two three "
    "four five six seven eight nine ten s".split()
)


def _is_gapped(part: str) -> bool:
    """A clause whose verb was left out because it repeats the first clause's (gapping)."""
    lower = [w for w in re.findall(r"[^\W\d]+", part) if w.islower()]
    return all(w in _GAPPED_WORDS for w in lower)


def _lead(part: str) -> str:
    """The first clause's subject and verb: its words up to the first lower-case one."""
    words = part.split()
    for i, word in enumerate(words):
        if word.islower():
            return " ".join(words[: i + 1])
    return ""


def split_claim(claim: str) -> list[str]:
    """Atomic parts of a compound claim: clauses joined by ";" or by "and"/"but" where the next
    clause starts a new subject (a capitalised word). "X happened and Y said Z" -> two parts;
    "X was captured and flown to Y" stays whole (a shared subject); a part of fewer than four
    words ("Miran and Waller ...") means the split was wrong, and it is undone. A part without
    a verb of its own ("A released X in May and Y later that month") takes the first part's
    subject and verb ("A released Y later that month")."""
    parts = [q for p in _split_on(_CLAUSE, claim) for q in _split_on(_CONJUNCTION, p)]
    if len(parts) == 1:
        return [claim]
    lead = _lead(parts[0])
    return [parts[0]] + [f"{lead} {p}" if lead and _is_gapped(p) else p for p in parts[1:]]
