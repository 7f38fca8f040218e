"""Estimating a model's knowledge cutoff from its answers (``factcheck probe-cutoff``).

The bundled probe set (``cutoff_probe.jsonl``) holds multiple-choice questions about widely
reported events, two per month, each with its answer, three wrong options and a source. The
model answers every question once per rotation of the options, so the right answer stands at
each letter in turn: a model that always answers "A" scores exactly chance (1 in 4) on every
question, and position bias cannot pass for knowledge.

A model knows the months before its cutoff better than those after. The estimate is the month
that splits the monthly accuracies best into a higher level before and a lower one after (least
squares over the step), kept only when the accuracy up to it is above chance beyond doubt (a
one-sided binomial test, p < 0.01) and at least ``MIN_DROP`` above the accuracy after it.
Otherwise there is no estimate: answers at chance tell nothing about when knowledge ends.

Estimates are saved in the store, one per model (table ``cutoff_estimates``, migration 2);
a check uses one only for a model that neither the ``cutoff`` setting nor the table of known
models covers, and says in the prompt and the notes that it is estimated.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from importlib import resources
from typing import TYPE_CHECKING

from .errors import InputError
from .llm import Backend

if TYPE_CHECKING:
    from .store import Store

__all__ = ["CutoffEstimate", "estimate_cutoff", "load_probe", "load_estimate", "model_key",
           "run_probe", "save_estimate"]

log = logging.getLogger(__name__)

LETTERS = "ABCD"
CHANCE = 1 / len(LETTERS)
MIN_DROP = 0.15
P_VALUE = 0.01
SYSTEM = ("You answer multiple-choice questions about news events from your own knowledge. "
          "Reply with JSON only: the letter of the right option.")
SCHEMA = {"type": "object", "properties": {"answer": {"type": "string", "enum": list(LETTERS)}},
          "required": ["answer"]}

Progress = Callable[[str], None]


def load_probe() -> list[dict]:
    """The bundled probe set: id, month (YYYY-MM), question, answer, distractors, source."""
    text = resources.files("factcheck").joinpath("cutoff_probe.jsonl").read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def model_key(name: str, filename: str) -> str:
    """What an estimate is saved under: the model's name and its file's name."""
    return f"{name} ({filename})" if filename and filename != name else name


def _options(item: dict, rotation: int) -> tuple[list[str], int]:
    """The four options in an order fixed per question (so a rerun asks the same), rotated
    ``rotation`` places; returns them and the index of the right one."""
    options = [item["answer"], *item["distractors"]]
    seed = int(hashlib.sha256(item["id"].encode()).hexdigest(), 16)
    order = sorted(range(len(options)), key=lambda i: (seed >> (8 * i)) & 0xFF)
    base = [options[i] for i in order]
    shift = rotation % len(base)
    rotated = base[shift:] + base[:shift]
    return rotated, rotated.index(item["answer"])


def _messages(item: dict, options: list[str]) -> list[dict[str, str]]:
    lines = "\n".join(f"{letter}) {text}" for letter, text in zip(LETTERS, options, strict=True))
    return [{"role": "system", "content": SYSTEM},
            {"role": "user", "content": f"Question: {item['question']}\n{lines}\n"
                                        "Answer with the letter of the right option."}]


def _letter(text: str) -> str | None:
    try:
        answer = json.loads(text).get("answer")
    except (ValueError, AttributeError):
        return None
    return answer if answer in LETTERS else None


def _binomial_tail(k: int, n: int, p: float) -> float:
    """P(X >= k) for X ~ Binomial(n, p)."""
    return sum(math.comb(n, i) * p ** i * (1 - p) ** (n - i) for i in range(k, n + 1))


@dataclass
class CutoffEstimate:
    model: str
    cutoff: str | None  # YYYY-MM, None when the answers do not show one
    accuracy_before: float | None
    accuracy_after: float | None
    p_value: float | None
    items: int
    rotations: int
    chance: float = CHANCE
    months: dict[str, float] = field(default_factory=dict)
    reason: str = ""
    probed_at: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def estimate_cutoff(results: list[tuple[str, int, int]], model: str = "", items: int = 0,
                    rotations: int = 1) -> CutoffEstimate:
    """The cutoff from (month, right answers, questions asked) per question."""
    months: dict[str, list[int]] = {}
    for month, right, asked in results:
        tally = months.setdefault(month, [0, 0])
        tally[0] += right
        tally[1] += asked
    order = sorted(months)
    accuracy = {m: round(months[m][0] / months[m][1], 3) for m in order if months[m][1]}
    estimate = CutoffEstimate(model, None, None, None, None, items, rotations, months=accuracy)
    if len(order) < 4:
        estimate.reason = "too few months answered to find where knowledge ends"
        return estimate
    best = None
    for split in range(2, len(order) - 1):  # at least two months on each side
        before, after = order[:split], order[split:]
        right_b = sum(months[m][0] for m in before)
        asked_b = sum(months[m][1] for m in before)
        right_a = sum(months[m][0] for m in after)
        asked_a = sum(months[m][1] for m in after)
        hi, lo = right_b / asked_b, right_a / asked_a
        error = (sum(months[m][1] * (accuracy[m] - hi) ** 2 for m in before)
                 + sum(months[m][1] * (accuracy[m] - lo) ** 2 for m in after))
        if best is None or error < best[0]:
            best = (error, before[-1], hi, lo, _binomial_tail(right_b, asked_b, CHANCE))
    _, month, hi, lo, p = best
    estimate.accuracy_before, estimate.accuracy_after = round(hi, 3), round(lo, 3)
    estimate.p_value = float(f"{p:.3g}")
    if p >= P_VALUE:
        estimate.reason = (f"the answers up to {month} are right {hi:.0%} of the time against "
                           f"{CHANCE:.0%} by chance (p = {p:.2g}): no sign of knowledge to lose")
    elif hi - lo < MIN_DROP:
        estimate.reason = (f"accuracy falls only from {hi:.0%} to {lo:.0%} after {month}: no "
                           "clear end of knowledge")
    else:
        estimate.cutoff = month
        estimate.reason = (f"right {hi:.0%} of the time up to {month}, {lo:.0%} after "
                           f"(chance {CHANCE:.0%}, p = {p:.2g})")
    return estimate


def run_probe(backend: Backend, model: str, *, rotations: int = 4, limit: int | None = None,
              progress: Progress | None = None) -> CutoffEstimate:
    """Ask ``backend`` the probe set and estimate its cutoff. ``limit``: only that many
    questions, spread evenly over the months (for a quick look)."""
    if not 1 <= rotations <= len(LETTERS):
        raise InputError(f"--rotations {rotations} is out of range; use 1 to {len(LETTERS)}")
    items = load_probe()
    if limit is not None:
        if limit < 1:
            raise InputError("--limit must be at least 1")
        step = max(1, len(items) // limit)
        items = items[::step][:limit]
    progress = progress or (lambda line: None)
    results = []
    for n, item in enumerate(items, start=1):
        right = 0
        for rotation in range(rotations):
            options, correct = _options(item, rotation)
            answer = _letter(backend.generate_json(_messages(item, options), SCHEMA, 12).text)
            right += answer == LETTERS[correct]
        results.append((item["month"], right, rotations))
        progress(f"[{n}/{len(items)}] {item['month']} {right}/{rotations} {item['question'][:60]}")
    estimate = estimate_cutoff(results, model, len(items), rotations)
    estimate.probed_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return estimate


def save_estimate(store: Store, estimate: CutoffEstimate) -> None:
    store.rows.save_cutoff(estimate.model, estimate.cutoff, json.dumps(estimate.to_dict()),
                           estimate.probed_at)


def load_estimate(store: Store, model: str) -> CutoffEstimate | None:
    details = store.rows.load_cutoff(model)
    return CutoffEstimate(**json.loads(details)) if details else None
