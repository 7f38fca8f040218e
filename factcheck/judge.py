"""Two judges, combined: the LLM and the evidence-alignment judge (evidence.py).

Combination (documented in README "How a verdict is reached"):
1. The alignment judge scores each retrieved article with a multinomial logistic regression
   over the features of ``evidence.FEATURES`` (weights in ``judge_weights.json``, fitted on dev
   data by ``evals/fit_judge.py``), its scores divided by a fitted temperature. REFUTED mass is
   kept only where an article states a checkable contradiction (``require_contradiction``), and an
   article published before the claim's event, or a claim dated after as_of, decides nothing.
   The claim-level distribution over SUPPORTED / REFUTED / NOT_ENOUGH_EVIDENCE is that of the
   most relevant article (lowest NOT_ENOUGH_EVIDENCE), mixed with the uniform distribution by a
   fitted share (``calibrate``). Two credible reports that disagree (one P(SUPPORTED) >= 0.5,
   another P(REFUTED) >= 0.5) give CONFLICTING when published the same day; otherwise the later
   one stands, and a note says it updates the earlier.
2. The LLM's label and confidence become a distribution too; the two are mixed log-linearly,
   ``log p = (1 - w) log p_align + w log p_llm``, with ``w`` (``llm_weight``) fitted on dev data.
3. The guards of verdict.py run on the result.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from .dates import claim_date_spans
from .embed import Embedder
from .evidence import (
    FEATURES,
    ArticleEvidence,
    article_evidence,
    parse_ahead,
    sentences_and_pairs,
)
from .judging import Context, Judgement
from .labels import GOLD_LABELS, NEE
from .nlp_ja import is_japanese
from .passage import CJK, Hit

__all__ = [
    "AlignmentResult", "judge_alignment", "claim_distribution", "calibrate", "combine",
    "article_probs", "judge_weights", "AlignmentJudge", "LLMJudge", "require_contradiction",
    "split_claim", "load_weights", "reliable", "BASE_LABELS", "llm_distribution",
    "prepare_alignment", "with_leads",
]

BASE_LABELS = GOLD_LABELS


@lru_cache(maxsize=1)
def load_weights() -> dict:
    text = resources.files("factcheck").joinpath("judge_weights.json").read_text("utf-8")
    weights = json.loads(text)
    if tuple(weights["features"]) != FEATURES or tuple(weights["labels"]) != BASE_LABELS:
        raise RuntimeError("judge_weights.json does not match evidence.FEATURES; refit it")
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


_CONFLICT_FEATURES = ("conflict_value", "conflict_polarity")
_PREVIEW = FEATURES.index("preview")
_UNMATCHED = FEATURES.index("unmatched_numbers")
_COVER_NUMBERS = FEATURES.index("cover_numbers")
_SIM_JA = FEATURES.index("sim_max_ja")
_SENTENCE_COVER = FEATURES.index("sentence_cover")
# The least share of a Japanese claim's content words that one sentence (or two side by side)
# must hold to confirm it. The embedding model scores any two Japanese sentences alike, so
# the words have to show that one passage says what the claim says; Japanese content words
# are whole compounds (純利益予想), so a claim that adds a fact of its own ("and it will leave
# the TV business") still shares most of them with the story.
JA_SENTENCE_COVER = 0.6


def require_contradiction(values: list[float], probs: dict[str, float]) -> dict[str, float]:
    """REFUTED needs a contradiction a reader can check (a slot filled differently, or a
    negated or opposite verb). Without one, its mass goes to the other labels in proportion."""
    named = dict(zip(FEATURES, values, strict=True))
    if any(named[f] > 0 for f in _CONFLICT_FEATURES):
        return probs
    rest = probs["SUPPORTED"] + probs[NEE]
    if rest <= 0:
        return {"SUPPORTED": 0.0, "REFUTED": 0.0, NEE: 1.0}
    return {"SUPPORTED": probs["SUPPORTED"] / rest, "REFUTED": 0.0, NEE: probs[NEE] / rest}


def article_probs(vector: list[float], background: bool = False,
                  weights: dict | None = None, unnamed: bool = False) -> dict[str, float]:
    """One article's distribution. Background (published before the event) and a preview
    (its closest sentence expects the event rather than reports it) decide nothing; an
    article that never names someone or somewhere the claim names (``unnamed``) cannot
    support it."""
    if background or vector[_PREVIEW]:
        return {"SUPPORTED": 0.0, "REFUTED": 0.0, NEE: 1.0}
    probs = require_contradiction(vector, predict(vector, weights))
    # Only a Japanese claim has a Japanese similarity.
    thin = vector[_SIM_JA] > 0 and vector[_SENTENCE_COVER] < JA_SENTENCE_COVER
    if vector[_UNMATCHED] or vector[_COVER_NUMBERS] < 1 or unnamed or thin:
        # A figure of the claim that the article gives otherwise, or does not give at all,
        # is never confirmed by it; nor is a name it never writes, nor a Japanese claim
        # most of whose words no one passage holds.
        probs = {"SUPPORTED": 0.0, "REFUTED": probs["REFUTED"],
                 NEE: probs[NEE] + probs["SUPPORTED"]}
    return probs


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


def _logit(p: float) -> float:
    p = min(0.99, max(0.01, p))
    return math.log(p / (1 - p))


def reliable(label: str, probs: dict[str, float], weights: dict | None = None
             ) -> tuple[str, float]:
    """The verdict's label and a confidence that means what it says.

    Fitted on replay verdicts (``evals/fit_reliability.py``), not on single articles: a
    SUPPORTED resting on weak support is most often wrong, so below ``support_threshold`` (from
    the development replays) it is NOT_ENOUGH_EVIDENCE; then each label's probability is
    mapped through its own logistic curve, ``1 / (1 + exp(-(a * logit(p) + b)))``, fitted on
    the calibration replays, which no rule was designed on, so that answers given with
    confidence c are right about c of the time on news nobody tuned on. Labels without a
    fitted curve keep their probability."""
    table = (load_weights() if weights is None else weights).get("reliability") or {}
    if label == "SUPPORTED" and probs.get(label, 0.0) < float(table.get("support_threshold", 0)):
        label = NEE
    p = probs.get(label, 0.0)
    curve = (table.get("platt") or {}).get(label)
    if not curve:
        return label, p
    a, b = curve
    return label, 1 / (1 + math.exp(-(a * _logit(p) + b)))


@dataclass
class AlignmentResult:
    label: str
    probs: dict[str, float]
    articles: list[tuple[ArticleEvidence, dict[str, float]]] = field(default_factory=list)
    note: str = ""

    def stance_of(self, n: int) -> str:
        for ev, probs in self.articles:
            if n in ev.passages:
                best = max(probs, key=probs.get)
                return {"SUPPORTED": "supports", "REFUTED": "refutes"}.get(best, "neutral")
        return "neutral"

    def citations(self) -> list[dict]:
        out = []
        for ev, _probs in self.articles:
            n = ev.conflicts[0].passage if ev.conflicts else ev.passages[0]
            stance = self.stance_of(n)
            if stance != "neutral":
                out.append({"n": n, "stance": stance})
        return out

    def to_dict(self) -> dict:
        return {
            "label": self.label,
            "probs": {k: round(v, 4) for k, v in self.probs.items()},
            **({"note": self.note} if self.note else {}),
            "articles": [
                {"passages": ev.passages, "published": ev.published,
                 "probs": {k: round(v, 4) for k, v in p.items()},
                 "features": {k: round(v, 4) for k, v in ev.values.items()},
                 "best_sentence": ev.best_sentence,
                 "contradictions": [c.describe() for c in ev.conflicts],
                 **({"background": ev.background} if ev.background else {}),
                 **({"unnamed": ev.unnamed} if ev.unnamed else {})}
                for ev, p in self.articles
            ],
        }


def _sentence_sims(claim: str, passages: list[Hit], embedder: Embedder) -> list[list[float]]:
    sentences = [sentences_and_pairs(h.text) for h in passages]
    flat = [s for group in sentences for s in group]
    if not flat:
        return [[] for _ in passages]
    vectors = embedder.encode_cached([claim, *flat])
    claim_vec, rest = vectors[0], vectors[1:]
    sims = [float(claim_vec @ v) for v in rest]
    out, i = [], 0
    for group in sentences:
        out.append(sims[i : i + len(group)])
        i += len(group)
    return out


def prepare_alignment(items: list[tuple[str, list[Hit]]], embedder: Embedder) -> int:
    """Compute ahead what ``judge_alignment`` will read from the caches for each (claim,
    passages): the sentence vectors (``Embedder.encode_cached``) in one batch, and the parses
    in one batch. Claims about one story share most of their passages; one batch sorted by
    length pads less and runs the model fewer times than a batch for each claim. Returns how
    many texts were embedded or found. Keep ``items`` well under ``Embedder.CACHE_SIZE``
    texts, or the first are evicted before they are read."""
    claims = [claim for claim, _ in items]
    passages = list({h.passage_id: h for _, hits in items for h in hits}.values())
    texts = list(dict.fromkeys([*claims, *(s for h in passages
                                            for s in sentences_and_pairs(h.text))]))
    if texts:
        embedder.encode_cached(texts)
    parse_ahead(claims, passages)
    return len(texts)


CJK_NOTE = ("The evidence-alignment judge reads English and Japanese; it leaves a claim in "
            "Chinese or Korean NOT_ENOUGH_EVIDENCE rather than guess. Read the sources "
            "retrieved, or rephrase the claim in English or Japanese.")


def _unreadable(claim: str) -> bool:
    if is_japanese(claim):
        return False
    letters = [c for c in claim if c.isalpha()]
    return bool(letters) and sum(bool(CJK.match(c)) for c in letters) > 0.3 * len(letters)


_NOTHING = {"SUPPORTED": 0.0, "REFUTED": 0.0, NEE: 1.0}


def with_leads(passages: list[Hit], leads: list[Hit]) -> tuple[list[Hit], list[int]]:
    """The passages followed by the leads of their articles, and the passage number each is
    cited under: a lead is read as part of its article and cited as the article's first
    retrieved passage."""
    first: dict[str, int] = {}
    for n, hit in enumerate(passages, start=1):
        first.setdefault(hit.article_id, n)
    extra = [h for h in leads if h.article_id in first]
    return [*passages, *extra], [*range(1, len(passages) + 1),
                                 *(first[h.article_id] for h in extra)]


def judge_alignment(claim: str, passages: list[Hit], embedder: Embedder,
                    as_of: dt.date | None = None, leads: list[Hit] = ()) -> AlignmentResult:
    if not passages:
        return AlignmentResult(NEE, dict(_NOTHING))
    if _unreadable(claim):
        # Never turn "cannot read it" into "it is false".
        return AlignmentResult(NEE, dict(_NOTHING), note=CJK_NOTE)
    spans = claim_date_spans(claim, as_of)
    event_start = min((first for first, _ in spans), default=None)
    if as_of is not None and event_start is not None and event_start > as_of:
        # Read off the claim's wording, which may date a plan rather than the event ("will
        # take office on 1 April"): as sure as an answer read off the evidence, no surer.
        return AlignmentResult(NEE, calibrate(dict(_NOTHING)), note=(
            f"The claim dates its event {event_start.isoformat()}, after as_of "
            f"({as_of.isoformat()}): nothing published by then can settle it."))
    read, numbers = with_leads(passages, list(leads))
    evidence = article_evidence(claim, read, _sentence_sims(claim, read, embedder),
                                event_start, as_of, numbers)
    scored = sorted(((ev, article_probs(ev.vector(), bool(ev.background),
                                        unnamed=bool(ev.unnamed)))
                     for ev in evidence), key=lambda ep: ep[1][NEE])
    probs = claim_distribution([p for _, p in scored])
    label = max(probs, key=probs.get)
    note = ""
    supporters = [(ev, p) for ev, p in scored if p["SUPPORTED"] >= 0.5]
    refuters = [(ev, p) for ev, p in scored if p["REFUTED"] >= 0.5]
    if supporters and refuters:
        newest_s = max(ev.published for ev, _ in supporters)
        newest_r = max(ev.published for ev, _ in refuters)
        if newest_s == newest_r:
            label = "CONFLICTING"
            probs = {**probs, "CONFLICTING": max(p["SUPPORTED"] for _, p in supporters)
                     * max(p["REFUTED"] for _, p in refuters)}
        else:
            # A later report updates an earlier one: the later stands.
            later, earlier = ((supporters, refuters) if newest_s > newest_r
                              else (refuters, supporters))
            keep = {id(ev) for ev, _ in later}
            stale = [ev for ev, _ in earlier if id(ev) not in keep]
            probs = claim_distribution([p for ev, p in scored if id(ev) in keep])
            label = max(probs, key=probs.get)
            note = (f"A later report ({max(ev.published for ev, _ in later)}) updates an "
                    f"earlier one ({', '.join(sorted({ev.published for ev in stale}))}); "
                    "the later one decides.")
    if label == NEE and scored and scored[0][0].unnamed and not scored[0][0].background:
        ev = scored[0][0]
        note = (note + " " if note else "") + (
            f"The closest article ({ev.published}) never names "
            f"{', '.join(repr(x) for x in ev.unnamed)}, so it cannot confirm the claim.")
    background = [ev for ev, _ in scored if ev.background]
    if background and label == NEE:
        note = (note + " " if note else "") + (
            f"{len(background)} article(s) published before the claim's event were read as "
            "background only.")
    return AlignmentResult(label, probs, scored, note)


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


# Two names inside one noun phrase: after "between" ("between Colombia and Ecuador"), or
# after "the" with a plural head both share ("the Balboa and Cristóbal terminals").
_BETWEEN = re.compile(r"\b(?:between|both)\s+[A-Z][\w'’.-]*$")
_THE_NAME = re.compile(r"\bthe\s+[A-Z][\w'’.-]*$")
_NAME_AND_HEAD = re.compile(r"^[A-Z][\w'’.-]*\s+[a-z]+s\b")


def _inside_phrase(pieces: list[str]) -> bool:
    return any(_BETWEEN.search(a) or (_THE_NAME.search(a) and _NAME_AND_HEAD.match(b))
               for a, b in zip(pieces, pieces[1:], strict=False))


def _split_on(pattern: re.Pattern, text: str) -> list[str]:
    pieces = [p.strip(" ,.") for p in pattern.split(text) if p.strip(" ,.")]
    # A piece of only capitalised words is a name ("... the Wellmark and Iowa Farm Bureau Health
    # Plan Bill"), not a clause.
    clauses = all(len(p.split()) >= _MIN_WORDS and any(w.islower() for w in p.split())
                  for p in pieces) and not _inside_phrase(pieces)
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


def judge_weights() -> dict[str, float]:
    """Each judge's weight in the pooled verdict, by name: ``llm_weight`` for the LLM, the rest
    for the alignment judge, and any plugin judge's under ``judges`` in judge_weights.json."""
    weights = load_weights()
    llm = float(weights.get("llm_weight", 0.0))
    return {"alignment": 1.0 - llm, "llm": llm, **weights.get("judges", {})}


class AlignmentJudge:
    """The model-free evidence judge (evidence.py features, fitted weights)."""

    name = "alignment"
    needs_model = False

    def judge(self, claim: str, passages: list[Hit], context: Context) -> Judgement:
        result = judge_alignment(claim, passages, context.embedder(), context.as_of,
                                 context.leads(passages))
        return Judgement(self.name, result.label, result.probs,
                         {c["n"]: c["stance"] for c in result.citations()}, result.note,
                         result.to_dict(), result)


class LLMJudge:
    """The model's own answer to the cutoff-aware prompt, as a distribution."""

    name = "llm"
    needs_model = True

    def judge(self, claim: str, passages: list[Hit], context: Context) -> Judgement:
        answer = context.ask_model() or {}
        label = str(answer.get("label", "")).strip().upper()
        try:
            confidence = float(answer.get("confidence"))
        except (TypeError, ValueError):
            confidence = 0.5
        stances = {}
        for item in answer.get("citations") or []:
            n = item.get("n") if isinstance(item, dict) else None
            if isinstance(n, int) and 1 <= n <= len(passages):
                stances[n] = str(item.get("stance", "neutral"))
        details = {"label": str(answer.get("label", "")), "confidence": answer.get("confidence"),
                   "rationale": str(answer.get("rationale", "")),
                   "citations": answer.get("citations", [])}
        return Judgement(self.name, label, llm_distribution(label, confidence), stances,
                         details=details)
