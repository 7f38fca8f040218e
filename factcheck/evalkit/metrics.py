"""Metrics over replay results, one mode at a time.

Conventions (also in evals/README.md):
- The required metrics are computed on the on-the-day checks (as_of = the event's day), except
  ``leakage``, which counts every citation or prompt passage published after as_of over all
  checks, the day-before checks included. The day-before checks are reported separately as
  ``day_before_nee_rate`` (expected label there: NOT_ENOUGH_EVIDENCE).
- ``macro_f1`` is the mean F1 over the three gold labels (SUPPORTED, REFUTED,
  NOT_ENOUGH_EVIDENCE), whatever was predicted; ``macro_f1_4`` also averages CONFLICTING's.
  ``per_label`` and ``confusion_matrix`` list all four labels.
- ``refuted_true``: SUPPORTED claims judged REFUTED on the day; ``refuted_day_before``: checks
  the day before the news answered REFUTED (any gold label).
- ``false_fabrication_rate``: of the SUPPORTED claims dated after the model's cutoff, the share
  judged REFUTED. ``retrieval_recall_at_5``: of the SUPPORTED and REFUTED claims, the share whose
  own event document is among the top 5 passages that factcheck.retrieve returns as of that day
  (None for closed-book, which retrieves nothing).
- ``ece``: 10 equal-width confidence bins, sum over bins of |bin| / n * |accuracy - confidence|.
- Latency percentiles interpolate linearly between ranks (numpy's default).
A metric with nothing to measure (an empty denominator) is None.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ..labels import GOLD_LABELS, LABELS, NEE

__all__ = [
    "METRIC_KEYS",
    "EXTRA_KEYS",
    "compute_metrics",
    "per_label",
    "macro_f1",
    "ece",
    "reliability_bins",
    "percentile",
]

METRIC_KEYS = (
    "accuracy", "macro_f1", "per_label", "confusion_matrix", "false_fabrication_rate",
    "nee_rate", "leakage", "retrieval_recall_at_5", "ece", "latency_ms_p50", "latency_ms_p95",
    "prompt_tokens_mean",
)
EXTRA_KEYS = ("day_before_nee_rate", "n_claims", "macro_f1_4", "refuted_true", "refuted_day_before")


def _ratio(num: float, den: float) -> float | None:
    return round(num / den, 4) if den else None


def per_label(gold: Sequence[str], pred: Sequence[str]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for label in LABELS:
        tp = sum(g == label and p == label for g, p in zip(gold, pred, strict=True))
        n_pred = sum(p == label for p in pred)
        n_gold = sum(g == label for g in gold)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[label] = {"precision": round(precision, 4), "recall": round(recall, 4),
                      "f1": round(f1, 4), "support": n_gold}
    return out


def macro_f1(gold: Sequence[str], pred: Sequence[str],
             labels: Sequence[str] = GOLD_LABELS) -> float | None:
    """Mean F1 over ``labels`` (by default the three gold labels), predicted or not."""
    if not gold:
        return None
    table = per_label(gold, pred)
    return round(sum(table[label]["f1"] for label in labels) / len(labels), 4)


def confusion(gold: Sequence[str], pred: Sequence[str]) -> dict[str, dict[str, int]]:
    """``matrix[gold][predicted]`` counts."""
    matrix = {g: {p: 0 for p in LABELS} for g in LABELS}
    for g, p in zip(gold, pred, strict=True):
        matrix[g][p] += 1
    return matrix


def reliability_bins(confidence: Sequence[float], correct: Sequence[bool],
                     bins: int = 10) -> list[dict]:
    """Per bin: its range, count, mean confidence and accuracy (None when empty)."""
    table = []
    for b in range(bins):
        idx = [i for i, c in enumerate(confidence) if min(int(c * bins), bins - 1) == b]
        table.append({
            "low": b / bins, "high": (b + 1) / bins, "count": len(idx),
            "confidence": sum(confidence[i] for i in idx) / len(idx) if idx else None,
            "accuracy": sum(correct[i] for i in idx) / len(idx) if idx else None,
        })
    return table


def ece(confidence: Sequence[float], correct: Sequence[bool], bins: int = 10) -> float | None:
    n = len(confidence)
    if not n:
        return None
    total = 0.0
    for b in reliability_bins(confidence, correct, bins):
        if b["count"]:
            total += b["count"] / n * abs(b["accuracy"] - b["confidence"])
    return round(total, 4)


def percentile(values: Sequence[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return round(ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo), 1)


def compute_metrics(rows: Sequence[dict]) -> dict:
    """Metrics of one mode's result rows (see the module docstring)."""
    day = [r for r in rows if r["kind"] == "on_day"]
    before = [r for r in rows if r["kind"] == "day_before"]
    gold = [r["gold"] for r in day]
    pred = [r["label"] for r in day]
    fabrication = [r for r in day if r["gold"] == "SUPPORTED" and r["after_cutoff"]]
    recall = [r["recall_at_5"] for r in day if r.get("recall_at_5") is not None]
    confidence = [float(r["confidence"]) for r in day]
    correct = [g == p for g, p in zip(gold, pred, strict=True)]
    # An answer from --llm-cache took no model time; latency is that of the checks that ran.
    latency = [float(r["latency_ms"]) for r in rows if not r.get("cached")]
    tokens = [r["prompt_tokens"] for r in day]
    return {
        "accuracy": _ratio(sum(correct), len(day)),
        "macro_f1": macro_f1(gold, pred),
        "macro_f1_4": macro_f1(gold, pred, LABELS),
        "refuted_true": sum(r["label"] == "REFUTED" for r in day if r["gold"] == "SUPPORTED"),
        "refuted_day_before": sum(r["label"] == "REFUTED" for r in before),
        "per_label": per_label(gold, pred),
        "confusion_matrix": confusion(gold, pred),
        "false_fabrication_rate": _ratio(
            sum(r["label"] == "REFUTED" for r in fabrication), len(fabrication)
        ),
        "nee_rate": _ratio(sum(p == NEE for p in pred), len(day)),
        "leakage": sum(int(r["leaked"]) for r in rows),
        "retrieval_recall_at_5": _ratio(sum(recall), len(recall)),
        "ece": ece(confidence, correct),
        "latency_ms_p50": percentile(latency, 50),
        "latency_ms_p95": percentile(latency, 95),
        "prompt_tokens_mean": _ratio(sum(tokens), len(tokens)),
        "day_before_nee_rate": _ratio(sum(r["label"] == NEE for r in before), len(before)),
        "n_claims": len(day),
    }
