"""The backend options, declared once: the command line (cli/options.py) makes its flags from
this table, and the web page's settings panel shows the same rows for the backend in use."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..config import Settings

__all__ = ["BACKEND_OPTIONS", "BackendOption", "describe_settings"]


@dataclass(frozen=True)
class BackendOption:
    setting: str  # the Settings field; its environment variable is FACTCHECK_<SETTING>
    flag: str
    metavar: str
    help: str
    label: str  # how the web page names it
    backends: tuple[str, ...] = ()  # the backends it applies to; empty: every one


BACKEND_OPTIONS = (
    BackendOption("backend", "--backend", "NAME",
                  "LLM backend: llama.cpp (a GGUF file, in this process; the default), openai "
                  "(a server with an OpenAI-compatible API: Ollama, llama-server, vLLM, LM "
                  "Studio), or one a plugin adds.", "Backend"),
    BackendOption("model", "--model", "PATH.gguf|NAME",
                  "llama.cpp: the GGUF model file (default: the embedded SmolLM2-135M); "
                  "openai: the model's name on the server (default: the one it serves).",
                  "Model"),
    BackendOption("base_url", "--base-url", "URL",
                  "openai: the server's API root, e.g. http://127.0.0.1:11434/v1 (Ollama).",
                  "Server", ("openai",)),
    BackendOption("api_key_env", "--api-key-env", "VAR",
                  "openai: the environment variable that holds the API key; the key itself is "
                  "never written anywhere.", "API key", ("openai",)),
    BackendOption("cutoff", "--cutoff", "YYYY-MM",
                  "The model's knowledge cutoff (default: looked up by the model's name).",
                  "Knowledge cutoff"),
)


def _shown(option: BackendOption, settings: Settings) -> str:
    value = getattr(settings, option.setting)
    if option.setting == "model" and not value:
        return ("embedded default (SmolLM2-135M-Instruct)" if settings.backend == "llama.cpp"
                else "the one model the server serves")
    if option.setting == "api_key_env":
        if not value:
            return "none sent"
        # Whether the variable is set, never its value.
        return f"from ${value} ({'set' if os.environ.get(value) else 'NOT set'})"
    if option.setting == "cutoff" and not value:
        return "from factcheck's table of known models"
    return str(value)


def describe_settings(settings: Settings) -> list[tuple[str, str]]:
    """(label, value) for each backend option that applies to the configured backend."""
    return [(o.label, _shown(o, settings)) for o in BACKEND_OPTIONS
            if not o.backends or settings.backend in o.backends]
