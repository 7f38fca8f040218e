"""Settings: defaults < config file < environment ``FACTCHECK_*`` < explicit overrides."""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import ConfigError

__all__ = ["Settings", "load_settings"]


@dataclass(frozen=True)
class Settings:
    store: str = "store"
    store_url: str = ""
    chroma_url: str = ""
    backend: str = "llama.cpp"
    model: str = ""
    base_url: str = ""
    api_key_env: str = ""
    cutoff: str = ""
    embed_model: str = ""
    embed_cache: str = ""
    top_k: int = 5
    n_ctx: int = 4096
    n_threads: int = 0
    max_tokens: int = 200
    timeout: float = 20.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    allow_private: bool = False
    lock_timeout: float = 60.0
    stale_after_days: float = 7.0
    llm_timeout: float = 300.0
    llm_retries: int = 2
    ui_language: str = "auto"

    def replace(self, **changes: Any) -> Settings:
        """A copy with ``changes`` applied; ``None`` values are ignored (an unset CLI flag)."""
        changes = {k: v for k, v in changes.items() if v is not None}
        return dataclasses.replace(self, **_coerce_all(changes, source="override"))


def _defaults_file() -> dict[str, Any]:
    text = resources.files("factcheck").joinpath("defaults.toml").read_text("utf-8")
    return tomllib.loads(text)


def _coerce(name: str, value: Any, source: str) -> Any:
    types = {f.name: f.type for f in fields(Settings)}
    if name not in types:
        raise ConfigError(f"unknown setting {name!r} in {source}; known: {', '.join(types)}")
    kind = types[name]
    try:
        if kind == "bool":
            if isinstance(value, str):
                low = value.strip().lower()
                if low not in {"1", "0", "true", "false", "yes", "no", "on", "off"}:
                    raise ValueError(value)
                return low in {"1", "true", "yes", "on"}
            return bool(value)
        if kind == "int":
            return int(str(value).replace("_", ""))
        if kind == "float":
            return float(value)
        if name in _CHOICES and str(value) not in _CHOICES[name]:
            raise ConfigError(f"setting {name}={value!r} from {source} is not one of "
                              f"{', '.join(_CHOICES[name])}; fix or remove it")
        if name in _URLS and value and not source.startswith("FACTCHECK_"):
            _refuse_secret(name, str(value), source)
        return str(value)
    except ValueError:
        raise ConfigError(
            f"setting {name}={value!r} from {source} is not a valid {kind}; fix or remove it"
        ) from None


_URLS = {"store_url", "chroma_url"}
# The web chat's language: "auto" follows the browser (web/i18n.py).
_CHOICES = {"ui_language": ("auto", "en", "ja")}


def _refuse_secret(name: str, value: str, source: str) -> None:
    """A password on a command line shows in ``ps`` and shell history, and one in a config file
    gets committed: server URLs carry secrets only when they come from the environment."""
    from urllib.parse import urlsplit

    try:
        secret = urlsplit(value).password
    except ValueError:
        secret = None
    if secret is not None:
        key = f"FACTCHECK_{name.upper()}"
        raise ConfigError(f"{name} from {source} holds a password; give the URL without it and "
                          f"set PGPASSWORD, or put the whole URL in {key} in the environment")


def _coerce_all(values: dict[str, Any], source: str) -> dict[str, Any]:
    return {k: _coerce(k, v, source) for k, v in values.items()}


def _config_file(env: dict[str, str]) -> Path | None:
    if env.get("FACTCHECK_CONFIG"):
        path = Path(env["FACTCHECK_CONFIG"])
        if not path.is_file():
            raise ConfigError(f"FACTCHECK_CONFIG={path} does not exist; fix the path or unset it")
        return path
    local = Path("factcheck.toml")
    return local if local.is_file() else None


def load_settings(env: dict[str, str] | None = None, **overrides: Any) -> Settings:
    """Build the effective settings. ``overrides`` that are ``None`` are ignored."""
    env = dict(os.environ if env is None else env)
    values: dict[str, Any] = _coerce_all(_defaults_file(), "defaults.toml")
    path = _config_file(env)
    if path is not None:
        try:
            data = tomllib.loads(path.read_text("utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read config file {path}: {exc}; fix the TOML") from None
        values.update(_coerce_all(data, str(path)))
    names = {f.name for f in fields(Settings)}
    for name in names:
        key = f"FACTCHECK_{name.upper()}"
        if key in env and env[key] != "":
            values[name] = _coerce(name, env[key], key)
    return Settings(**values).replace(**overrides)
