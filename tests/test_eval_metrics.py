"""Metrics against small cases computed by hand."""

import pytest

from factcheck.evalkit.metrics import (
    METRIC_KEYS,
    compute_metrics,
    ece,
    macro_f1,
    per_label,
    percentile,
    reliability_bins,
)

S, R, N, C = "SUPPORTED", "REFUTED", "NOT_ENOUGH_EVIDENCE", "CONFLICTING"


def row(gold, label, conf=0.5, kind="on_day", after=True, recall=None, leaked=0, ms=100,
        tokens=10, cached=False):
    return {"kind": kind, "gold": gold, "label": label, "confidence": conf,
            "after_cutoff": after, "recall_at_5": recall, "leaked": leaked, "latency_ms": ms,
            "prompt_tokens": tokens, "cached": cached}


def test_per_label_and_macro_f1_by_hand():
    gold = [S, S, R, N]
    pred = [S, R, R, S]
    table = per_label(gold, pred)
    # SUPPORTED: tp 1, predicted 2, gold 2 -> P 0.5, R 0.5, F1 0.5
    assert table[S] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2}
    # REFUTED: tp 1, predicted 2, gold 1 -> P 0.5, R 1.0, F1 2/3
    assert table[R] == {"precision": 0.5, "recall": 1.0, "f1": 0.6667, "support": 1}
    assert table[N]["f1"] == 0.0 and table[C]["support"] == 0
    # labels present: S, R, N -> (0.5 + 0.6667 + 0) / 3
    assert macro_f1(gold, pred) == pytest.approx(0.3889, abs=1e-4)


def test_ece_and_bins_by_hand():
    conf = [0.95, 0.95, 0.15, 0.55]
    correct = [True, False, False, True]
    bins = reliability_bins(conf, correct)
    assert [b["count"] for b in bins] == [0, 1, 0, 0, 0, 1, 0, 0, 0, 2]
    # bin 9: conf .95, acc .5 -> .45 * 2/4; bin 1: .15 vs 0 -> .15/4; bin 5: .55 vs 1 -> .45/4
    assert ece(conf, correct) == pytest.approx(0.45 * 0.5 + 0.15 / 4 + 0.45 / 4, abs=1e-4)
    assert ece([1.0], [True]) == 0.0  # confidence 1.0 falls in the last bin
    assert ece([], []) is None


def test_percentile_interpolates():
    assert percentile([10, 20, 30, 40], 50) == 25.0
    assert percentile([10, 20, 30, 40], 95) == pytest.approx(38.5)
    assert percentile([], 50) is None


def test_compute_metrics_by_hand():
    rows = [
        row(S, S, 0.9, recall=True, ms=100, tokens=100),
        row(S, R, 0.8, recall=False, ms=300, tokens=200, after=True),
        row(S, R, 0.8, recall=True, ms=200, tokens=300, after=False),  # before cutoff: not counted
        row(R, R, 0.7, recall=True, ms=400, tokens=400),
        row(N, N, 0.6, ms=500, tokens=500),
        row(N, N, 0.6, kind="day_before", leaked=1, ms=9999, tokens=9999),
        row(N, S, 0.6, kind="day_before", leaked=2, ms=9999),
    ]
    m = compute_metrics(rows)
    assert set(METRIC_KEYS) <= set(m)
    assert m["n_claims"] == 5
    assert m["accuracy"] == 0.6
    assert m["false_fabrication_rate"] == 0.5  # 1 of 2 after-cutoff SUPPORTED got REFUTED
    assert m["nee_rate"] == 0.2
    assert m["leakage"] == 3  # counted over the day-before checks too
    assert m["retrieval_recall_at_5"] == 0.75
    assert m["day_before_nee_rate"] == 0.5
    # Latency of every check the model answered, day-before ones included: 100 200 300 400
    # 500 9999 9999 -> p50 400. An answer from the cache took no model time and is left out.
    assert m["latency_ms_p50"] == 400.0
    cached = compute_metrics([*rows, row(N, N, ms=1, cached=True), row(N, N, ms=1, cached=True)])
    assert cached["latency_ms_p50"] == 400.0
    assert m["prompt_tokens_mean"] == 300.0
    assert m["confusion_matrix"][S] == {S: 1, R: 2, N: 0, C: 0}


def test_empty_denominators_are_none():
    m = compute_metrics([row(N, N)])
    assert m["false_fabrication_rate"] is None
    assert m["retrieval_recall_at_5"] is None
    assert m["day_before_nee_rate"] is None
    assert m["accuracy"] == 1.0
