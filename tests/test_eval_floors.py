"""Floors and ceilings of the eval gate: what fails it, and who may move a floor."""

import pytest

from factcheck.errors import InputError
from factcheck.evalkit.gate import gate_failures, load_floors, updated_floors
from tests.conftest import ROOT

SPEC = {"dataset": "d.jsonl", "sha256": "a" * 64, "events": ["e1", "e2"], "mode": "full",
        "floors": {"accuracy": 0.5, "day_before_nee_rate": 0.8},
        "ceilings": {"leakage": 0, "false_fabrication_rate": 0.0}}
GOOD = {"accuracy": 0.6, "day_before_nee_rate": 0.9, "leakage": 0,
        "false_fabrication_rate": 0.0, "per_label": {}}


def test_passing_run_has_no_failures():
    assert gate_failures(SPEC, "a" * 64, GOOD) == []


@pytest.mark.parametrize(
    "sha, changes, expected",
    [
        ("b" * 64, {}, "changed"),
        ("a" * 64, {"accuracy": 0.49}, "accuracy = 0.49 is below its floor 0.5"),
        ("a" * 64, {"leakage": 1}, "leakage = 1 is above its ceiling 0"),
        ("a" * 64, {"false_fabrication_rate": 0.1}, "false_fabrication_rate"),
        ("a" * 64, {"accuracy": None}, "accuracy = None"),
    ],
)
def test_each_breach_fails_the_gate(sha, changes, expected):
    failures = gate_failures(SPEC, sha, {**GOOD, **changes})
    assert len(failures) == 1 and expected in failures[0]


def test_hard_ceilings_hold_even_if_the_file_loosens_them():
    loose = {**SPEC, "ceilings": {"leakage": 5}}
    assert gate_failures(loose, "a" * 64, {**GOOD, "leakage": 2})


def test_raising_floors_needs_no_flag_and_lowering_does():
    raised = updated_floors(SPEC, "a" * 64, {**GOOD, "accuracy": 0.678})
    assert raised["floors"] == {"accuracy": 0.67, "day_before_nee_rate": 0.9}
    assert raised["measured"]["accuracy"] == 0.678 and "per_label" not in raised["measured"]
    with pytest.raises(InputError, match="--allow-lower"):
        updated_floors(SPEC, "a" * 64, {**GOOD, "accuracy": 0.3})
    lowered = updated_floors(SPEC, "a" * 64, {**GOOD, "accuracy": 0.3}, allow_lower=True)
    assert lowered["floors"]["accuracy"] == 0.3
    assert lowered["ceilings"] == {"leakage": 0, "false_fabrication_rate": 0.0}


def test_a_changed_dataset_needs_its_own_flag():
    with pytest.raises(InputError, match="--allow-new-dataset"):
        updated_floors(SPEC, "b" * 64, GOOD)
    assert updated_floors(SPEC, "b" * 64, GOOD, allow_new_dataset=True)["sha256"] == "b" * 64


def test_pinned_floors_file_matches_the_dataset():
    from factcheck.evalkit.datasets import file_sha256

    spec = load_floors(ROOT / "evals" / "floors.json")
    assert file_sha256(ROOT / spec["dataset"]) == spec["sha256"]
    assert spec["ceilings"]["leakage"] == 0


def test_unreadable_floors_file(tmp_path):
    bad = tmp_path / "floors.json"
    bad.write_text("{", "utf-8")
    with pytest.raises(InputError, match="cannot read"):
        load_floors(bad)
