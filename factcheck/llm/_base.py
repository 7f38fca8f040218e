from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from ..errors import ConfigError, ModelError

if TYPE_CHECKING:
    from ..config import Settings

__all__ = ["Backend", "Generation", "describe_model", "load_backend", "register_backend"]


@dataclass
class Generation:
    text: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


class Backend(Protocol):
    """What factcheck needs from a model."""

    backend: str  # "llama.cpp", "fake", ...
    name: str  # the model's name, from its metadata
    metadata: dict[str, str]  # GGUF general.* metadata, where there is any
    n_ctx: int

    def generate_json(
        self, messages: list[dict[str, str]], schema: dict, max_tokens: int
    ) -> Generation:
        """Chat completion whose output is constrained to ``schema`` (JSON Schema)."""
        ...

    def count_tokens(self, text: str) -> int: ...


Factory = Callable[["Settings"], Backend]
_REGISTRY: dict[str, Factory] = {}
_LOADED: dict[tuple, Backend] = {}


def register_backend(name: str, factory: Factory) -> None:
    _REGISTRY[name] = factory


def load_backend(settings: Settings) -> Backend:
    """The backend named by ``settings.backend``, loaded once per process per model."""
    if settings.backend not in _REGISTRY:
        if settings.backend == "llama.cpp":
            from .llamacpp import LlamaCppBackend

            register_backend("llama.cpp", LlamaCppBackend.from_settings)
        else:
            raise ConfigError(
                f"unknown backend {settings.backend!r}; known: {', '.join(sorted(_REGISTRY))}"
            )
    key = (settings.backend, settings.model, settings.n_ctx, settings.n_threads)
    if key not in _LOADED:
        _LOADED[key] = _REGISTRY[settings.backend](settings)
    return _LOADED[key]


_DESCRIBED: dict[tuple, tuple[str, str, dict, str]] = {}


def describe_model(settings: Settings) -> tuple[str, str, dict, str]:
    """(name, backend, general.* metadata, file name) of the configured model without loading
    its weights where the backend allows: a GGUF file's vocabulary and metadata only. A check
    that asks no model still reports which model's cutoff it assumed."""
    key = (settings.backend, settings.model)
    if key in _DESCRIBED:
        return _DESCRIBED[key]
    if settings.backend == "llama.cpp":
        from pathlib import Path

        from .llamacpp import _check_gguf, default_model_path

        path = settings.model or default_model_path()
        _check_gguf(path)
        from llama_cpp import Llama

        try:
            vocab = Llama(model_path=path, vocab_only=True, verbose=False)
        except (ValueError, RuntimeError) as exc:
            raise ModelError(f"cannot read {path}: {exc}; the file may be corrupt") from None
        metadata = {k: v for k, v in vocab.metadata.items() if k.startswith("general.")}
        name = metadata.get("general.name") or Path(path).stem
        _DESCRIBED[key] = (name, "llama.cpp", metadata, Path(path).name)
    else:
        backend = load_backend(settings)
        _DESCRIBED[key] = (backend.name, backend.backend, dict(getattr(backend, "metadata", {})),
                           getattr(backend, "path", backend.name))
    return _DESCRIBED[key]
