"""A disk cache of model answers for evaluation reruns.

The model is the slow part of an evaluation (seconds per check on a CPU). Rerunning a replay
after a change that leaves retrieval alone, say new judge weights, sends the model the same
messages again; this wrapper answers those from an SQLite file keyed by the model file, the
messages, the schema and the token limit, so the rerun costs retrieval and judging only.
Generation is greedy (temperature 0, fixed seed), so a cached answer is the answer the model
would give. Not used by ``factcheck claim``: a user's check always asks the model.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
from pathlib import Path

from ._base import Backend, Generation, identity_of

__all__ = ["CachedBackend"]

log = logging.getLogger(__name__)


class CachedBackend:
    """Wraps a backend; ``hits`` and ``misses`` count lookups (the report says which rows were
    answered from the cache, since their latency is not the model's)."""

    def __init__(self, inner: Backend, path: str | Path) -> None:
        self.inner = inner
        self.backend = inner.backend
        self.name = inner.name
        self.metadata = inner.metadata
        self.n_ctx = inner.n_ctx
        self.path = getattr(inner, "path", inner.name)
        self.identity = identity_of(inner)
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, text TEXT NOT NULL, "
            "prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL)"
        )
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0
        self.last_cached = False

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def _key(self, messages: list[dict[str, str]], schema: dict, max_tokens: int) -> str:
        # The model file's identity is its path and size: a re-quantised file gets new answers.
        model = str(self.path)
        size = Path(model).stat().st_size if Path(model).is_file() else 0
        blob = json.dumps([model, size, messages, schema, max_tokens], sort_keys=True,
                          ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def generate_json(
        self, messages: list[dict[str, str]], schema: dict, max_tokens: int
    ) -> Generation:
        key = self._key(messages, schema, max_tokens)
        with self._lock:
            row = self._db.execute(
                "SELECT text, prompt_tokens, completion_tokens FROM answers WHERE key = ?", (key,)
            ).fetchone()
        if row is not None:
            self.hits += 1
            self.last_cached = True
            return Generation(text=row[0], prompt_tokens=row[1], completion_tokens=row[2],
                              extra={"cached": True})
        self.misses += 1
        self.last_cached = False
        generation = self.inner.generate_json(messages, schema, max_tokens)
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?)",
                (key, generation.text, generation.prompt_tokens, generation.completion_tokens),
            )
        return generation

    def close(self) -> None:
        self._db.close()
