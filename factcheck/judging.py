"""The judge seam: a judge reads a claim and the retrieved passages and says how likely each
label is. Judges are found in a registry: the built-in ones below, plus any that another
package declares under the entry-point group ``factcheck.judges`` (the entry point names a
class with the ``Judge`` interface), so adding a judge is one file.

Several judges are combined log-linearly, ``log p = sum_j w_j log p_j / sum_j w_j``, with
``w_j`` the weight that ``judge_weights.json`` keeps under the judge's name (fitted on dev data
by ``evals/fit_judge.py``). A judge whose weight is 0 is still run and shown, but does not move
the verdict.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import import_module
from importlib.metadata import entry_points
from typing import Protocol

from .errors import InputError
from .labels import GOLD_LABELS
from .passage import Hit

__all__ = [
    "ALL", "ENTRY_POINT_GROUP", "Context", "Judge", "Judgement", "available", "combine",
    "judge_choices", "needs_model", "select",
]

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "factcheck.judges"
ALL = "all"
# The built-in judges, by name: "module:Class".
_BUILTIN = {
    "alignment": "factcheck.judge:AlignmentJudge",
    "llm": "factcheck.judge:LLMJudge",
}


@dataclass
class Judgement:
    """What one judge says: a distribution over the gold labels, a label (which may also be
    CONFLICTING), a stance per cited passage number, and a note for the reader."""

    name: str
    label: str
    probs: dict[str, float]
    stances: dict[int, str] = field(default_factory=dict)
    note: str = ""
    details: dict = field(default_factory=dict)  # shown in the verdict's ``judges``
    result: object = field(default=None, repr=False)  # the judge's own object, not shown


@dataclass
class Context:
    """What a judge may use besides the claim and passages. ``ask_model`` returns the model's
    parsed answer to the check's prompt (asked once, on first call); ``embedder`` loads the
    embedding model on first call; ``leads`` returns the first passage of each article among
    the passages that is not itself one of them (a story states its event first)."""

    as_of: dt.date
    embedder: Callable[[], object]
    ask_model: Callable[[], dict | None]
    leads: Callable[[list[Hit]], list[Hit]] = field(default=lambda passages: [])


class Judge(Protocol):
    name: str
    needs_model: bool  # True: it calls ask_model, so the model is loaded

    def judge(self, claim: str, passages: list[Hit], context: Context) -> Judgement: ...


@lru_cache(maxsize=1)
def available() -> dict[str, type]:
    """Every judge by name: built-in first, then entry points (which may not replace one)."""
    found: dict[str, type] = {}
    for name, target in _BUILTIN.items():
        module, attr = target.split(":")
        found[name] = getattr(import_module(module), attr)
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name in found or ep.name == ALL:
            log.warning("judge %r from %s ignored: the name is taken", ep.name, ep.value)
            continue
        try:
            found[ep.name] = ep.load()
        except Exception as exc:  # a broken plugin must not break checking
            log.warning("judge %r from %s could not be loaded: %s", ep.name, ep.value, exc)
    return found


def judge_choices() -> list[str]:
    """What ``--judge`` accepts: every judge combined, or one judge alone."""
    return [ALL, *available()]


def select(choice: str) -> list[str]:
    if choice == ALL:
        return list(available())
    if choice not in available():
        raise InputError(f"unknown judge {choice!r}; use one of {', '.join(judge_choices())}")
    return [choice]


def needs_model(names: list[str]) -> bool:
    return any(getattr(available()[n], "needs_model", False) for n in names)


def combine(judgements: list[Judgement], weights: dict[str, float]) -> dict[str, float]:
    """Log-linear pool of the judges' distributions over the gold labels."""
    used = [(j, weights.get(j.name, 0.0)) for j in judgements]
    used = [(j, w) for j, w in used if w > 0]
    if not used:
        used = [(judgements[0], 1.0)]
    total = sum(w for _, w in used)
    eps = 1e-6
    scores = [sum(w * math.log(j.probs.get(k, 0.0) + eps) for j, w in used) / total
              for k in GOLD_LABELS]
    top = max(scores)
    exps = [math.exp(x - top) for x in scores]
    return {k: e / sum(exps) for k, e in zip(GOLD_LABELS, exps, strict=True)}
