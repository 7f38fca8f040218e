"""Per-model trust: how much one model's answer weighs in the pooled verdict.

A model's weight (and the temperature its answers are read with) is measured by
``factcheck calibrate`` on the development replays (calibrate.py) and saved in the store under
the model's identity: the GGUF file's SHA-256, or the server's API root and model id. A check
looks its model up here; a model nobody calibrated has weight 0, so the evidence alone decides,
and the verdict's notes give the command that would measure it. ``model_trust.json`` in the
package holds calibrations made for the embedded models, used when the store has none.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
import shlex
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from .labels import GOLD_LABELS

if TYPE_CHECKING:
    from .config import Settings
    from .store import Store

__all__ = ["Trust", "calibrate_command", "forget", "lookup", "pooled_weights", "save",
           "temper", "unweighted_note"]

log = logging.getLogger(__name__)

# Calibrations live in the store's meta table (SQLite or PostgreSQL alike, and copied by
# factcheck migrate), one JSON record per model under this prefix and its identity.
_KEY = "trust:"


@dataclass(frozen=True)
class Trust:
    identity: str
    weight: float = 0.0
    temperature: float = 1.0
    source: str = ""  # "store", "bundled", or "" for a model nobody calibrated
    record: dict = field(default_factory=dict, compare=False)

    @property
    def calibrated(self) -> bool:
        return bool(self.source)


@lru_cache(maxsize=1)
def _bundled() -> dict[str, dict]:
    text = resources.files("factcheck").joinpath("model_trust.json").read_text("utf-8")
    return {r["identity"]: r for r in json.loads(text)["models"]}


def lookup(store: Store | None, identity: str) -> Trust:
    """The calibration saved for ``identity`` in the store, else the bundled one, else an
    uncalibrated model's: weight 0."""
    record, source = None, ""
    if store is not None:
        saved = store.meta(_KEY + identity)
        if saved is not None:
            record, source = json.loads(saved), "store"
    if record is None and identity in _bundled():
        record, source = _bundled()[identity], "bundled"
    if record is None:
        return Trust(identity)
    return Trust(identity, float(record.get("weight", 0.0)),
                 float(record.get("temperature", 1.0)), source, record)


def save(store: Store, record: dict) -> None:
    """Keep a calibration (``record["identity"]`` names the model), replacing an older one."""
    record.setdefault("fitted_at", dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    with store.writer():
        store.set_meta(_KEY + record["identity"], json.dumps(record, ensure_ascii=False))


def forget(store: Store, identity: str) -> bool:
    """Drop the store's calibration of a model (it falls back to the bundled one, or none)."""
    with store.writer():
        known = store.meta(_KEY + identity) is not None
        store.set_meta(_KEY + identity, None)
    return known


def temper(probs: dict[str, float], temperature: float) -> dict[str, float]:
    """A distribution sharpened (T < 1) or flattened (T > 1): ``p^(1/T)``, renormalised. How
    far a model's stated confidence is to be believed is the model's own, so it is fitted per
    model with its weight."""
    if temperature == 1.0:
        return dict(probs)
    logs = {k: math.log(max(probs.get(k, 0.0), 1e-9)) / temperature for k in GOLD_LABELS}
    top = max(logs.values())
    exps = {k: math.exp(v - top) for k, v in logs.items()}
    total = sum(exps.values())
    return {k: v / total for k, v in exps.items()}


def pooled_weights(base: dict[str, float], trust: Trust) -> dict[str, float]:
    """The judges' weights with this model's: the LLM judge gets the model's weight, the
    alignment judge the rest; plugin judges keep theirs."""
    return {**base, "llm": trust.weight, "alignment": 1.0 - trust.weight}


def calibrate_command(settings: Settings) -> str:
    """The command that calibrates the configured model, with the options that name it."""
    parts = ["factcheck", "calibrate"]
    if settings.backend != "llama.cpp":
        parts += ["--backend", settings.backend]
    if settings.base_url:
        parts += ["--base-url", settings.base_url]
    if settings.api_key_env:
        parts += ["--api-key-env", settings.api_key_env]
    if settings.model:
        parts += ["--model", settings.model]
    if settings.store != "store":
        parts += ["--store", settings.store]
    return shlex.join(parts)


def unweighted_note(name: str, trust: Trust, settings: Settings, asked: bool = False) -> str:
    """Why the model has no say in the verdict, and whether it was asked all the same."""
    if asked:
        done = "its answer (under judges) is not part of the verdict: the evidence decides."
    else:
        done = "it was not asked: the evidence decides. `--explain` shows its reading."
    if not trust.calibrated:
        return (f"The model {name} is not calibrated, so its weight is 0 and {done} Measure "
                f"its weight with `{calibrate_command(settings)}`.")
    return (f"The model {name} was calibrated on the development replays and its answers did "
            f"not make verdicts better, so its weight is 0 and {done}")
