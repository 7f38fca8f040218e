"""The eval gate: a small fixed replay whose metrics must stay at or above pinned floors.

``evals/floors.json`` pins the dataset's sha256, the subset (event ids and mode), floors (a
metric must be >= its floor) and ceilings (a metric must be <= its ceiling). The ceilings
``leakage: 0`` and ``false_fabrication_rate: 0.0`` are the project's hard rules and no update
changes them. Updating re-pins the floors to the measured values; a floor only goes down with
``allow_lower`` and a changed dataset is only re-pinned with ``allow_new_dataset``.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from ..errors import InputError

__all__ = ["load_floors", "gate_failures", "updated_floors", "HARD_CEILINGS"]

HARD_CEILINGS = {"leakage": 0, "false_fabrication_rate": 0.0}


def load_floors(path: str | Path) -> dict:
    try:
        spec = json.loads(Path(path).read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(
            f"{path}: cannot read the floors file ({exc}); restore it from git"
        ) from None
    for key in ("dataset", "sha256", "events", "mode", "floors", "ceilings"):
        if key not in spec:
            raise InputError(f"{path}: no {key!r}; restore the floors file from git")
    return spec


def gate_failures(spec: dict, sha256: str, metrics: dict) -> list[str]:
    """Every way the measured metrics break the pinned spec; empty when the gate passes."""
    failures = []
    if sha256 != spec["sha256"]:
        failures.append(
            f"dataset {spec['dataset']} changed (sha256 {sha256[:12]}…, pinned "
            f"{spec['sha256'][:12]}…); re-pin with --update-floors --allow-new-dataset"
        )
    ceilings = {**spec["ceilings"], **HARD_CEILINGS}
    for key, floor in spec["floors"].items():
        value = metrics.get(key)
        if value is None or value < floor:
            failures.append(f"{key} = {value} is below its floor {floor}")
    for key, ceiling in ceilings.items():
        value = metrics.get(key)
        if value is None or value > ceiling:
            failures.append(f"{key} = {value} is above its ceiling {ceiling}")
    return failures


def updated_floors(spec: dict, sha256: str, metrics: dict, *, allow_lower: bool = False,
                   allow_new_dataset: bool = False) -> dict:
    """The spec with floors re-pinned to ``metrics`` (rounded down to 2 decimals)."""
    if sha256 != spec["sha256"] and not allow_new_dataset:
        raise InputError(
            f"{spec['dataset']} changed since the floors were pinned; pass --allow-new-dataset "
            "to pin floors for the new file"
        )
    new = {}
    lowered = []
    for key, old in spec["floors"].items():
        value = metrics.get(key)
        if value is None:
            raise InputError(f"the gate run measured no {key}; cannot pin its floor")
        floor = math.floor(value * 100 + 1e-9) / 100
        if floor < old:
            lowered.append(f"{key} {old} -> {floor}")
        new[key] = floor
    if lowered and not allow_lower and sha256 == spec["sha256"]:
        raise InputError(
            "these floors would go down: " + "; ".join(lowered)
            + ". Pass --allow-lower if that is intended"
        )
    keep = {k: v for k, v in metrics.items() if not isinstance(v, dict)}
    return {**spec, "sha256": sha256, "floors": new,
            "ceilings": {**spec["ceilings"], **HARD_CEILINGS}, "measured": keep}
