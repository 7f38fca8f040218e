"""Fit the verdict's reliability step (``judge.reliable``) on dev replay reports and store it
in factcheck/judge_weights.json under ``reliability``.

    factcheck eval evals/data/news2026_dev.jsonl --mode full --judge alignment --report DIR
    python evals/fit_reliability.py DIR [DIR ...]

Each report's on-the-day verdicts give, per claim, the pooled label after the guards and the
pooled probabilities (``judges.pooled`` in results.jsonl). Two things are fitted:

1. ``support_threshold``: below it a SUPPORTED becomes NOT_ENOUGH_EVIDENCE; the value with
   the best macro-F1 over the three gold labels (ties: the lowest).
2. ``platt``: per label, ``a`` and ``b`` of ``sigmoid(a * logit(p) + b)`` by log loss on the
   checks made on the day, pulled towards the identity (a=1, b=0) so that a label seen a few
   times is left nearly as it is.

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


def platt(xs: list[float], ys: list[bool]) -> tuple[float, float]:
    """Newton steps on the penalised log loss; the penalty is PRIOR pseudo-examples' worth
    of (a - 1)^2 + b^2."""
    a, b = 1.0, 0.0
    for _ in range(50):
        ga, gb = PRIOR * (a - 1), PRIOR * b
        haa, hab, hbb = PRIOR, 0.0, PRIOR
        for x, y in zip(xs, ys, strict=True):
            p = 1 / (1 + math.exp(-(a * x + b)))
            ga += (p - y) * x
            gb += p - y
            w = p * (1 - p)
            haa += w * x * x
            hab += w * x
            hbb += w
        det = haa * hbb - hab * hab
        if det <= 1e-12:
            break
        da, db = (hbb * ga - hab * gb) / det, (haa * gb - hab * ga) / det
        a, b = a - da, b - db
        if abs(da) + abs(db) < 1e-8:
            break
    return round(a, 4), round(b, 4)


def fit(rows: list[dict]) -> dict:
    gold = [r["gold"] for r in rows]
    threshold = max(THRESHOLDS, key=lambda t: (macro_f1(gold, [decide(r, t) for r in rows]),
                                               -t))
    curves = {}
    # The curves are fitted on the checks made on the day: those made the day before are all
    # NOT_ENOUGH_EVIDENCE and mostly sure, and would make the curve for that label too sure
    # of the checks that matter.
    on_day = [r for r in rows if r["kind"] == "on_day"]
    for label in GOLD_LABELS:
        mine = [r for r in on_day if decide(r, threshold) == label]
        if mine:
            curves[label] = platt([_logit(r["probs"].get(label, 0.0)) for r in mine],
                                  [r["gold"] == label for r in mine])
    return {"support_threshold": threshold, "platt": curves}


def apply(table: dict, row: dict) -> tuple[str, float]:
    label = decide(row, table["support_threshold"])
    p = row["probs"].get(label, 0.0)
    curve = table["platt"].get(label)
    if curve:
        p = 1 / (1 + math.exp(-(curve[0] * _logit(p) + curve[1])))
    return label, p


def cross_validate(rows: list[dict]) -> dict:
    events = sorted({r["event"] for r in rows})
    labels, confidence = [], []
    ordered = []
    for event in events:
        table = fit([r for r in rows if r["event"] != event])
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


def main() -> None:
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    reports = [Path(a) for a in sys.argv[1:]]
    rows = [row for report in reports for row in load(report)]
    table = fit(rows)
    table["cross_validation"] = cross_validate(rows)
    table["fitted_on"] = {"reports": [json.loads((r / "run.json").read_text())["dataset"]
                                      for r in reports], "claims": len(rows)}
    weights = json.loads(WEIGHTS.read_text("utf-8"))
    weights["reliability"] = table
    WEIGHTS.write_text(json.dumps(weights, indent=1) + "\n", "utf-8")
    print(json.dumps(table, indent=1))


if __name__ == "__main__":
    main()
