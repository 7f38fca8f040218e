"""The verdict vocabulary, defined once: labels and citation stances."""

from __future__ import annotations

__all__ = ["CONFLICTING", "GOLD_LABELS", "LABELS", "NEE", "REFUTED", "STANCES", "SUPPORTED"]

SUPPORTED = "SUPPORTED"
REFUTED = "REFUTED"
NEE = "NOT_ENOUGH_EVIDENCE"
CONFLICTING = "CONFLICTING"
# What a claim can be labelled in a dataset; a verdict can also be CONFLICTING.
GOLD_LABELS = (SUPPORTED, REFUTED, NEE)
LABELS = (*GOLD_LABELS, CONFLICTING)
STANCES = ("supports", "refutes", "neutral")
