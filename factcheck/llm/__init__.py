"""LLM backends behind one protocol; a registry picks one by name (``Settings.backend``): the
built-in table in ``_base.BUILTIN_BACKENDS``, packages' entry points in the group
``factcheck.backends``, and backends registered in-process with ``register_backend``."""

from __future__ import annotations

from ._base import (
    ENTRY_POINT_GROUP,
    Backend,
    Generation,
    ModelDescription,
    backend_names,
    describe_model,
    identity_of,
    load_backend,
    register_backend,
)
from .cutoff import ModelCutoff, lookup_cutoff

__all__ = [
    "ENTRY_POINT_GROUP",
    "Backend",
    "Generation",
    "ModelCutoff",
    "ModelDescription",
    "backend_names",
    "describe_model",
    "identity_of",
    "load_backend",
    "lookup_cutoff",
    "register_backend",
]
