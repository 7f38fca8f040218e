"""Verdicts: the JSON contract, parsing the model's answer, and the guards that hold whatever
the model says.

Guards (docs/verdict.md):
1. REFUTED needs a cited passage whose stance is "refutes". Absence of evidence is never
   refutation, least of all after the model's cutoff: that becomes NOT_ENOUGH_EVIDENCE.
2. Every citation number must point at a passage that was in the prompt.
3. No passage published after ``as_of`` may be cited (retrieval already filters; this re-checks).
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import asdict, dataclass, field

from .labels import LABELS, NEE, STANCES
from .passage import Hit

__all__ = ["LABELS", "Citation", "Verdict", "parse_answer", "apply_guards", "snippet"]

log = logging.getLogger(__name__)



@dataclass
class Citation:
    n: int
    url: str
    title: str
    source: str
    published: str
    snippet: str
    stance: str


@dataclass
class Verdict:
    claim: str
    label: str
    confidence: float
    rationale: str
    citations: list[Citation]
    temporal: dict
    notes: list[str] = field(default_factory=list)
    model: dict = field(default_factory=dict)
    timings_ms: dict = field(default_factory=dict)
    # Compound claims: each atomic part with its own label (empty for a simple claim).
    parts: list[dict] = field(default_factory=list)
    # What each judge said before they were combined.
    judges: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


def snippet(text: str, limit: int = 280) -> str:
    """The passage's opening, cut at a sentence end where one falls inside the limit."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    return cut[: end + 1] if end > limit // 3 else cut.rsplit(" ", 1)[0] + " …"


def parse_answer(text: str) -> tuple[dict, str | None]:
    """The model's JSON answer, or a neutral answer and a note when it cannot be read."""
    match = re.search(r"\{.*\}", text, re.S)
    try:
        # strict=False: small models write raw newlines and tabs inside JSON strings.
        data = json.loads(match.group(0) if match else text, strict=False)
        if not isinstance(data, dict):
            raise ValueError("not an object")
    except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
        return {"label": NEE, "confidence": 0.0, "rationale": "", "citations": []}, (
            "the model's answer was not valid JSON; treated as not enough evidence"
        )
    return data, None


def _clamp(value: object) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.5
    if number > 1.0 and number <= 100.0:  # some models answer in percent
        number /= 100.0
    return round(min(1.0, max(0.0, number)), 3)


def apply_guards(
    answer: dict, passages: list[Hit], temporal: dict, as_of_ts: int
) -> tuple[str, float, str, list[Citation], list[str]]:
    """Label, confidence, rationale, citations and notes after the guards."""
    from .dates import normalise_published

    notes: list[str] = []
    label = str(answer.get("label", NEE)).strip().upper().replace(" ", "_")
    if label not in LABELS:
        notes.append(f"the model answered an unknown label {label!r}; treated as {NEE}")
        label = NEE
    confidence = _clamp(answer.get("confidence", 0.5))
    rationale = str(answer.get("rationale", "")).strip()

    citations: list[Citation] = []
    seen: set[int] = set()
    raw = answer.get("citations") or []
    for item in raw if isinstance(raw, list) else []:
        if not isinstance(item, dict):
            continue
        try:
            n = int(item.get("n"))
        except (TypeError, ValueError):
            continue
        if n in seen:
            continue
        if not 1 <= n <= len(passages):
            notes.append(f"the model cited [{n}], which was not in the prompt; citation dropped")
            continue
        hit = passages[n - 1]
        published = normalise_published(hit.published)
        if published is None or published.timestamp() > as_of_ts:
            notes.append(f"citation [{n}] was published after as_of; dropped")
            continue
        stance = str(item.get("stance", "neutral")).lower()
        seen.add(n)
        citations.append(
            Citation(
                n=n,
                url=hit.url,
                title=hit.title,
                source=hit.site,
                published=hit.published[:10],
                snippet=snippet(hit.text),
                stance=stance if stance in STANCES else "neutral",
            )
        )

    stances = {c.stance for c in citations}
    cutoff_note = ""
    if temporal.get("after_cutoff"):
        cutoff = temporal.get("model_cutoff") or "unknown"
        cutoff_note = (
            f" The claim concerns a time after the model's knowledge cutoff ({cutoff}); "
            "not having heard of it is not evidence that it is false."
        )
    if label == "REFUTED" and "refutes" not in stances:
        notes.append(
            "REFUTED was changed to NOT_ENOUGH_EVIDENCE: no cited passage contradicts the claim, "
            "and absence of evidence is not refutation." + cutoff_note
        )
        label = NEE
    elif label == "SUPPORTED" and "supports" not in stances:
        notes.append(
            "SUPPORTED was changed to NOT_ENOUGH_EVIDENCE: no cited passage supports the claim."
        )
        label = NEE
    elif label == "CONFLICTING" and not {"supports", "refutes"} <= stances:
        notes.append(
            "CONFLICTING was changed to NOT_ENOUGH_EVIDENCE: the cited passages do not both "
            "support and contradict the claim."
        )
        label = NEE
    if not passages:
        if label != NEE:
            notes.append(f"{label} was changed to {NEE}: no evidence was retrieved.")
            label = NEE
        notes.append(
            f"No news in the index as of {temporal.get('as_of')} speaks to this claim."
            + cutoff_note
        )
    if label == NEE and temporal.get("after_cutoff") and not any("cutoff" in n for n in notes):
        notes.append(cutoff_note.strip())
    return label, confidence, rationale, citations, notes
