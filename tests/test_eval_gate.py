"""The eval gate: fixed replay subsets through the real embedded model must stay at or above
the floors pinned in evals/floors.json (English) and evals/floors_ja.json (Japanese), on the
datasets whose sha256 is pinned there.

Re-pin with `python -m evals.gate --update-floors [--floors FILE]` (add --allow-lower to lower
a floor)."""

import pytest

from evals.gate import FLOORS, FLOORS_JA, measure
from factcheck.evalkit.gate import HARD_CEILINGS, gate_failures, load_floors

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("floors", [FLOORS, FLOORS_JA], ids=["english", "japanese"])
def test_gate_subset_meets_pinned_floors(embedder, floors):
    spec = load_floors(floors)
    assert spec["mode"] == "full" and len(spec["events"]) >= 2
    sha, metrics = measure(spec, embedder=embedder)
    assert metrics["n_claims"] == 3 * len(spec["events"])
    assert metrics["leakage"] == HARD_CEILINGS["leakage"]
    failures = gate_failures(spec, sha, metrics)
    assert not failures, "; ".join(failures)
