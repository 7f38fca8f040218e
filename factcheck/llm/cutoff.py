"""Knowledge cutoffs: a setting, else a table of known models keyed by GGUF metadata."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..errors import InputError

__all__ = ["ModelCutoff", "lookup_cutoff", "parse_cutoff"]

_CUTOFF_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class ModelCutoff:
    cutoff: str | None  # YYYY-MM, None when unknown
    source: str
    released: str | None = None


def parse_cutoff(value: str) -> str:
    value = value.strip()
    if not _CUTOFF_RE.match(value):
        raise InputError(f"--cutoff {value!r} is not a month; use YYYY-MM, e.g. 2024-06")
    return value


@lru_cache(maxsize=1)
def _table() -> list[dict]:
    text = resources.files("factcheck").joinpath("models.json").read_text("utf-8")
    return json.loads(text)["models"]


def lookup_cutoff(metadata: dict[str, str], filename: str, override: str = "") -> ModelCutoff:
    if override:
        return ModelCutoff(parse_cutoff(override), "set by the user (--cutoff)")
    keys = [metadata.get("general.basename", ""), metadata.get("general.name", ""), filename]
    for key in keys:
        low = key.lower().replace(" ", "-").replace("_", "-").replace(":", "-")
        if not low:
            continue
        # Model servers name models without the dash before the version ("gemma3:4b",
        # "llama3.2"); the table is keyed the way GGUF metadata spells them ("gemma-3").
        dashed = re.sub(r"(?<=[a-z])(?=\d)", "-", low)
        for entry in _table():
            if entry["match"] in low or entry["match"] in dashed:
                return ModelCutoff(entry["cutoff"], entry["source"], entry.get("released"))
    return ModelCutoff(None, "unknown model: not in factcheck's table; pass --cutoff YYYY-MM")
