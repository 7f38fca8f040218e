"""Fit the verdict's reliability step (``judge.reliable``) on dev replay reports and store it
in factcheck/judge_weights.json under ``reliability``.

    factcheck eval evals/data/news2026_dev.jsonl --mode full --judge alignment --report DIR
    factcheck eval evals/data/news2026_calib.jsonl --mode full --judge alignment --report CAL
    python evals/fit_reliability.py DIR [DIR ...] [--curves-from CAL [CAL ...]]

Each report's on-the-day verdicts give, per claim, the pooled label after the guards and the
pooled probabilities (``judges.pooled`` in results.jsonl). Two things are fitted:

1. ``support_threshold``: below it a SUPPORTED becomes NOT_ENOUGH_EVIDENCE; the value with
   the best macro-F1 over the three gold labels (ties: the lowest).
2. ``platt``: per label, ``a`` and ``b`` of ``sigmoid(a * logit(p) + b)``, with ``a`` = 1 and
   ``b`` by log loss on the checks made on the day, pulled towards 0 so that a label seen a
   few times is left nearly as it is.

With ``--curves-from``, the curves are fitted on those reports instead: the calibration
replays (``news2026_calib.jsonl``, ``news2026_ja_calib.jsonl``), on which no rule of the judge
was designed. On the development replays every rule was written until their errors went away,
so a label is right there far more often than on news nobody tuned on, and curves fitted there
are too sure. The threshold still comes from the development replays.

Leave-one-event-out cross-validation of both steps is reported and stored. Reports of the
locked test replay are refused. Refit after evals/fit_judge.py: the probabilities change.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from factcheck.evalkit.metrics import ece, macro_f1  # noqa: E402
from factcheck.labels import GOLD_LABELS, NEE  # noqa: E402

WEIGHTS = HERE.parent / "factcheck" / "judge_weights.json"
THRESHOLDS = [0.0] + [round(0.34 + 0.02 * i, 2) for i in range(24)]
PRIOR = 2.0  # strength of the pull towards the identity curve, in examples


def load(report: Path) -> list[dict]:
    run = json.loads((report / "run.json").read_text("utf-8"))
    if Path(str(run.get("dataset", ""))).stem.endswith("_test"):
        raise SystemExit(f"{report} is a report on the locked test replay: never fit on it")
    rows = []
    for line in (report / "results.jsonl").read_text("utf-8").splitlines():
        r = json.loads(line) if line.startswith("{") else {}
        pooled = (r.get("judges") or {}).get("pooled")
        # The checks made the day before the news count too (their gold is
        # NOT_ENOUGH_EVIDENCE): support that held up on the day but was already there the day
        # before came from something other than the news.
        if r.get("kind") in ("on_day", "day_before") and r.get("mode", "full") == "full" \
                and pooled:
            rows.append({"event": f"{report}/{r['event_id']}", "gold": r["gold"],
                         "kind": r["kind"], "label": pooled["label"],
                         "probs": pooled["probs"]})
    if not rows:
        raise SystemExit(f"{report}: no full-mode results with pooled judges")
    return rows


def decide(row: dict, threshold: float) -> str:
    label = row["label"]
    if label == "SUPPORTED" and row["probs"].get(label, 0.0) < threshold:
        return NEE
    return label


def _logit(p: float) -> float:
    p = min(0.99, max(0.01, p))
    return math.log(p / (1 - p))


def shift(xs: list[float], ys: list[bool]) -> tuple[float, float]:
    """The curve ``sigmoid(logit(p) + b)``: Newton steps for ``b`` on the log loss penalised by
    PRIOR pseudo-examples' worth of ``b ** 2``. The slope stays 1: each label's probabilities
    span a few hundredths (the smoothing share caps them), too little to fit a slope on, and a
    fitted one ran wild (a slope of 27 for NOT_ENOUGH_EVIDENCE on the calibration replays,
    with a cross-validated ECE of 0.24 against 0.09 for the shift alone)."""
    b = 0.0
    for _ in range(100):
        grad, hess = PRIOR * b, PRIOR
        for x, y in zip(xs, ys, strict=True):
            p = 1 / (1 + math.exp(-(x + b)))
            grad += p - y
            hess += p * (1 - p)
        step = grad / hess
        b -= step
        if abs(step) < 1e-9:
            break
    return 1.0, round(b, 4)


def fit(rows: list[dict], curve_rows: list[dict] | None = None,
        threshold: float | None = None) -> dict:
    """The threshold (unless given) from ``rows``; the curves from ``curve_rows`` when given,
    else from ``rows``."""
    gold = [r["gold"] for r in rows]
    if threshold is None:
        threshold = max(THRESHOLDS, key=lambda t: (
            macro_f1(gold, [decide(r, t) for r in rows]), -t))
    rows = rows if curve_rows is None else curve_rows
    curves = {}
    # The curves are fitted on the checks made on the day: those made the day before are all
    # NOT_ENOUGH_EVIDENCE and mostly sure, and would make the curve for that label too sure
    # of the checks that matter.
    on_day = [r for r in rows if r["kind"] == "on_day"]
    for label in GOLD_LABELS:
        mine = [r for r in on_day if decide(r, threshold) == label]
        if mine:
            curves[label] = shift([_logit(r["probs"].get(label, 0.0)) for r in mine],
                                  [r["gold"] == label for r in mine])
    return {"support_threshold": threshold, "platt": curves}


def apply(table: dict, row: dict) -> tuple[str, float]:
    label = decide(row, table["support_threshold"])
    p = row["probs"].get(label, 0.0)
    curve = table["platt"].get(label)
    if curve:
        p = 1 / (1 + math.exp(-(curve[0] * _logit(p) + curve[1])))
    return label, p


def cross_validate(rows: list[dict], threshold: float | None = None) -> dict:
    """Leave-one-event-out: each event's verdicts under the step fitted without it (with
    ``threshold`` given, only the curves are refitted)."""
    events = sorted({r["event"] for r in rows})
    labels, confidence = [], []
    ordered = []
    for event in events:
        table = fit([r for r in rows if r["event"] != event], threshold=threshold)
        for r in rows:
            if r["event"] == event:
                label, p = apply(table, r)
                labels.append(label)
                confidence.append(p)
                ordered.append(r)
    gold = [r["gold"] for r in ordered]
    day = [i for i, r in enumerate(ordered) if r["kind"] == "on_day"]
    return {"scheme": "leave-one-event-out", "claims": len(ordered),
            "on_day": {
                "checks": len(day),
                "macro_f1": round(macro_f1([gold[i] for i in day], [labels[i] for i in day]), 4),
                "ece": round(ece([confidence[i] for i in day],
                                 [gold[i] == labels[i] for i in day]), 4)},
            "macro_f1": round(macro_f1(gold, labels), 4),
            "accuracy": round(sum(g == p for g, p in zip(gold, labels, strict=True))
                              / len(gold), 4),
            "ece": round(ece(confidence, [g == p for g, p in zip(gold, labels, strict=True)]),
                         4),
            "ece_before": round(ece([r["probs"].get(r["label"], 0.0) for r in ordered],
                                    [r["gold"] == r["label"] for r in ordered]), 4)}


def _dataset(report: Path) -> str:
    """The replay a report ran, by file name (where it lay is this machine's business)."""
    return Path(json.loads((report / "run.json").read_text())["dataset"]).name


def main() -> None:
    args = sys.argv[1:]
    split = args.index("--curves-from") if "--curves-from" in args else len(args)
    reports = [Path(a) for a in args[:split]]
    curve_reports = [Path(a) for a in args[split + 1:]]
    if not reports or (split < len(args) and not curve_reports):
        raise SystemExit(__doc__)
    rows = [row for report in reports for row in load(report)]
    if curve_reports:
        curve_rows = [row for report in curve_reports for row in load(report)]
        table = fit(rows, curve_rows)
        table["cross_validation"] = cross_validate(curve_rows, table["support_threshold"])
        table["cross_validation"]["of"] = "the curves, on the calibration reports"
        table["curves_fitted_on"] = {"reports": [_dataset(r) for r in curve_reports],
                                     "claims": len(curve_rows)}
    else:
        table = fit(rows)
        table["cross_validation"] = cross_validate(rows)
    table["fitted_on"] = {"reports": [_dataset(r) for r in reports], "claims": len(rows)}
    weights = json.loads(WEIGHTS.read_text("utf-8"))
    weights["reliability"] = table
    WEIGHTS.write_text(json.dumps(weights, indent=1) + "\n", "utf-8")
    print(json.dumps(table, indent=1))


if __name__ == "__main__":
    main()
