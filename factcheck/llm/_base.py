from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import import_module
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any, Protocol

from ..errors import ConfigError

if TYPE_CHECKING:
    from ..config import Settings

__all__ = [
    "BUILTIN_BACKENDS",
    "ENTRY_POINT_GROUP",
    "Backend",
    "Generation",
    "ModelDescription",
    "backend_names",
    "describe_model",
    "identity_of",
    "load_backend",
    "register_backend",
]

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "factcheck.backends"
# The built-in backends, by the name the ``backend`` setting takes: "module:Class". A class
# gives ``from_settings(settings)``, and may give ``describe(settings)``: what the model is
# without loading it (see ModelDescription).
BUILTIN_BACKENDS = {
    "llama.cpp": "factcheck.llm.llamacpp:LlamaCppBackend",
    "openai": "factcheck.llm.openai_compat:OpenAIBackend",
}


@dataclass
class Generation:
    text: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


class Backend(Protocol):
    """What factcheck needs from a model."""

    backend: str  # "llama.cpp", "openai", "fake", ...
    name: str  # the model's name, from its metadata
    metadata: dict[str, str]  # GGUF general.* metadata, where there is any
    n_ctx: int
    # What the model's calibrated trust is saved under (trust.py): the GGUF file's hash, the
    # server and model id, ... A backend without one is known by "backend:name".
    identity: str

    def generate_json(
        self, messages: list[dict[str, str]], schema: dict, max_tokens: int
    ) -> Generation:
        """Chat completion whose output is constrained to ``schema`` (JSON Schema)."""
        ...

    def count_tokens(self, text: str) -> int: ...


@dataclass(frozen=True)
class ModelDescription:
    """A model as a check reports it: its name, backend kind, ``general.*`` metadata, the file
    (or server model id) name its cutoff is looked up by, and its identity."""

    name: str
    backend: str
    metadata: dict
    filename: str
    identity: str


Factory = Callable[["Settings"], Backend]
_REGISTERED: dict[str, Factory] = {}
_LOADED: dict[tuple, Backend] = {}


def register_backend(name: str, factory: Factory) -> None:
    """Add a backend in this process (tests, embedding applications). Packages declare theirs
    under the entry-point group ``factcheck.backends`` instead."""
    _REGISTERED[name] = factory
    _DESCRIBED.clear()


@lru_cache(maxsize=1)
def _entry_points() -> dict[str, Any]:
    found: dict[str, Any] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name in BUILTIN_BACKENDS:
            log.warning("backend %r from %s ignored: the name is built in", ep.name, ep.value)
            continue
        found[ep.name] = ep
    return found


def backend_names() -> list[str]:
    """Every backend the ``backend`` setting may name: built in, declared, registered."""
    return list(dict.fromkeys([*BUILTIN_BACKENDS, *_entry_points(), *_REGISTERED]))


def _backend_class(name: str) -> Any:
    """The class (or factory) behind a backend name, imported on first use."""
    if name in _REGISTERED:
        return _REGISTERED[name]
    if name in BUILTIN_BACKENDS:
        module, attr = BUILTIN_BACKENDS[name].split(":")
        return getattr(import_module(module), attr)
    if name in _entry_points():
        ep = _entry_points()[name]
        try:
            return ep.load()
        except Exception as exc:  # a broken plugin must fail with one line, not a traceback
            raise ConfigError(f"backend {name!r} from {ep.value} could not be loaded: {exc}; "
                              "reinstall that package or pick another --backend") from None
    raise ConfigError(f"unknown backend {name!r}; known: {', '.join(backend_names())}")


def _factory(target: Any) -> Factory:
    return target.from_settings if hasattr(target, "from_settings") else target


def load_backend(settings: Settings) -> Backend:
    """The backend named by ``settings.backend``, loaded once per process per model."""
    target = _backend_class(settings.backend)
    key = (settings.backend, settings.model, settings.base_url, settings.api_key_env,
           settings.n_ctx, settings.n_threads)
    if key not in _LOADED:
        _LOADED[key] = _factory(target)(settings)
    return _LOADED[key]


def identity_of(backend: Backend) -> str:
    return getattr(backend, "identity", "") or f"{backend.backend}:{backend.name}"


_DESCRIBED: dict[tuple, ModelDescription] = {}


def describe_model(settings: Settings) -> ModelDescription:
    """The configured model without loading its weights where the backend allows (a GGUF
    file's vocabulary and metadata; a server's model name). A check that asks no model still
    reports which model's cutoff it assumed and which model's trust it used."""
    key = (settings.backend, settings.model, settings.base_url)
    if key not in _DESCRIBED:
        target = _backend_class(settings.backend)
        if hasattr(target, "describe"):
            _DESCRIBED[key] = target.describe(settings)
        else:
            backend = load_backend(settings)
            _DESCRIBED[key] = ModelDescription(
                backend.name, backend.backend, dict(getattr(backend, "metadata", {})),
                str(getattr(backend, "path", backend.name)), identity_of(backend))
    return _DESCRIBED[key]
