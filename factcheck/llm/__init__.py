"""LLM backends behind one protocol; a registry picks one by name (``Settings.backend``)."""

from __future__ import annotations

from ._base import Backend, Generation, describe_model, load_backend, register_backend
from .cutoff import ModelCutoff, lookup_cutoff

__all__ = [
    "Backend",
    "Generation",
    "ModelCutoff",
    "describe_model",
    "load_backend",
    "lookup_cutoff",
    "register_backend",
]
