"""The eval gate: a fixed replay subset through the real embedded model must stay at or above
the floors pinned in evals/floors.json, on the dataset whose sha256 is pinned there.

Re-pin with `python -m evals.gate --update-floors` (add --allow-lower to lower a floor)."""

import pytest

from evals.gate import FLOORS, measure
from factcheck.evalkit.gate import HARD_CEILINGS, gate_failures, load_floors

pytestmark = pytest.mark.e2e


def test_gate_subset_meets_pinned_floors(embedder):
    spec = load_floors(FLOORS)
    assert spec["mode"] == "full" and len(spec["events"]) >= 2
    sha, metrics = measure(spec, embedder=embedder)
    assert metrics["n_claims"] == 3 * len(spec["events"])
    assert metrics["leakage"] == HARD_CEILINGS["leakage"]
    failures = gate_failures(spec, sha, metrics)
    assert not failures, "; ".join(failures)
