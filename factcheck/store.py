"""The index: Chroma (dense vectors, cosine) beside SQLite (articles, passages, FTS5 keywords).

SQLite is the source of truth: a passage exists when its row does. Chroma writes are upserts
keyed by passage id, so a crash between the two writes heals on the next ingest, and dense hits
without a SQLite row are dropped at query time.

Chroma is not process-safe: every write happens under an exclusive file lock (``writer()``).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import re
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import StoreError, StoreLockedError

__all__ = ["Store", "Hit", "StoredArticle"]

log = logging.getLogger(__name__)

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    canonical_url TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,
    title TEXT NOT NULL,
    site TEXT NOT NULL,
    published TEXT NOT NULL,
    published_ts INTEGER NOT NULL,
    date_source TEXT NOT NULL,
    language TEXT,
    added_at TEXT NOT NULL,
    n_passages INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_hash ON articles(content_hash);
CREATE TABLE IF NOT EXISTS passages (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    article_id TEXT NOT NULL REFERENCES articles(id),
    idx INTEGER NOT NULL,
    text TEXT NOT NULL,
    published_ts INTEGER NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS passages_fts USING fts5(
    text, content='passages', content_rowid='rowid',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE IF NOT EXISTS passages_tri USING fts5(
    text, content='passages', content_rowid='rowid', tokenize='trigram'
);
"""

_STOPWORDS = frozenset(
    "a an and are as at be by for from has have in is it its of on or that the to was were "
    "will with not no this these those he she they his her their who which what when".split()
)


@dataclass
class StoredArticle:
    id: str
    url: str
    title: str
    site: str
    published: str
    date_source: str


@dataclass
class Hit:
    passage_id: str
    article_id: str
    text: str
    title: str
    url: str
    site: str
    published: str  # ISO 8601
    score: float = 0.0
    dense_rank: int | None = None
    bm25_rank: int | None = None


class Store:
    def __init__(self, path: str | Path, lock_timeout: float = 60.0) -> None:
        self.path = Path(path)
        self.lock_timeout = lock_timeout
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path / "factcheck.sqlite3", timeout=lock_timeout)
            self.db.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(
                f"cannot open store {self.path}: {exc}; pick another --store directory"
            ) from None
        self._collection = None

    # -- Chroma -----------------------------------------------------------------------------
    @property
    def collection(self):
        if self._collection is None:
            import chromadb

            client = chromadb.PersistentClient(
                path=str(self.path / "chroma"),
                settings=chromadb.Settings(anonymized_telemetry=False, allow_reset=False),
            )
            # embedding_function=None: we always pass our own vectors. Chroma's default function
            # would download an ONNX model.
            self._collection = client.get_or_create_collection(
                "passages", embedding_function=None, metadata={"hnsw:space": "cosine"}
            )
        return self._collection

    # -- locking ----------------------------------------------------------------------------
    @contextlib.contextmanager
    def writer(self) -> Iterator[Store]:
        """Exclusive write access across processes; waits up to ``lock_timeout`` seconds."""
        lock_path = self.path / ".write.lock"
        with open(lock_path, "a+") as handle:
            deadline = time.monotonic() + self.lock_timeout
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise StoreLockedError(
                            f"another factcheck process is writing to {self.path}; wait for it "
                            "to finish or use another --store"
                        ) from None
                    time.sleep(0.2)
            try:
                yield self
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    # -- embedding model guard --------------------------------------------------------------
    def check_embedder(self, name: str, dim: int) -> None:
        """Refuse to mix vectors from two embedding models in one store."""
        row = self.db.execute("SELECT value FROM meta WHERE key='embedder'").fetchone()
        current = json.dumps({"name": name, "dim": dim})
        if row is None:
            with self.db:
                self.db.execute("INSERT INTO meta VALUES ('embedder', ?)", (current,))
            return
        stored = json.loads(row[0])
        if stored != json.loads(current):
            raise StoreError(
                f"store {self.path} holds vectors from embedding model {stored['name']} "
                f"({stored['dim']} dims), not {name} ({dim} dims); use the same "
                "FACTCHECK_EMBED_MODEL or another --store"
            )

    def embedder_name(self) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key='embedder'").fetchone()
        return json.loads(row[0])["name"] if row else None

    # -- articles ---------------------------------------------------------------------------
    def find_duplicate(self, canonical_url: str, content_hash: str) -> str | None:
        row = self.db.execute(
            "SELECT id FROM articles WHERE canonical_url=? OR content_hash=?",
            (canonical_url, content_hash),
        ).fetchone()
        return row[0] if row else None

    def add_article(
        self,
        *,
        article_id: str,
        url: str,
        canonical_url: str,
        content_hash: str,
        title: str,
        site: str,
        published: str,
        published_ts: int,
        date_source: str,
        language: str | None,
        passages: list[str],
        vectors: list[list[float]],
    ) -> None:
        """Write one article and its passages: Chroma first, then one SQLite transaction.
        Call inside ``writer()``."""
        ids = [f"{article_id}:{i}" for i in range(len(passages))]
        meta = [
            {"article_id": article_id, "published_ts": published_ts, "idx": i}
            for i in range(len(passages))
        ]
        self.collection.upsert(ids=ids, embeddings=vectors, documents=passages, metadatas=meta)
        try:
            with self.db:
                self.db.execute(
                    "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,datetime('now'),?)",
                    (article_id, url, canonical_url, content_hash, title, site, published,
                     published_ts, date_source, language, len(passages)),
                )
                for i, (pid, text) in enumerate(zip(ids, passages, strict=True)):
                    cur = self.db.execute(
                        "INSERT INTO passages (id, article_id, idx, text, published_ts) "
                        "VALUES (?,?,?,?,?)",
                        (pid, article_id, i, text, published_ts),
                    )
                    for table in ("passages_fts", "passages_tri"):
                        self.db.execute(
                            f"INSERT INTO {table}(rowid, text) VALUES (?, ?)",
                            (cur.lastrowid, f"{title}\n{text}"),
                        )
        except sqlite3.Error:
            self.collection.delete(ids=ids)
            raise

    # -- search -----------------------------------------------------------------------------
    def _hits(self, passage_ids: list[str]) -> dict[str, Hit]:
        if not passage_ids:
            return {}
        marks = ",".join("?" * len(passage_ids))
        rows = self.db.execute(
            f"SELECT p.id, p.article_id, p.text, a.title, a.url, a.site, a.published "
            f"FROM passages p JOIN articles a ON a.id = p.article_id WHERE p.id IN ({marks})",
            passage_ids,
        ).fetchall()
        return {r[0]: Hit(*r) for r in rows}

    def search_dense(self, vector: list[float], max_ts: int, n: int) -> list[Hit]:
        count = self.collection.count()
        if count == 0:
            return []
        result = self.collection.query(
            query_embeddings=[vector],
            n_results=min(n, count),
            where={"published_ts": {"$lte": max_ts}},
            include=["distances"],
        )
        ids, distances = result["ids"][0], result["distances"][0]
        hits = self._hits(ids)
        out = []
        for rank, (pid, dist) in enumerate(zip(ids, distances, strict=True), start=1):
            hit = hits.get(pid)
            if hit is not None:  # a Chroma row without SQLite row is an interrupted write
                hit.score, hit.dense_rank = 1.0 - float(dist), rank
                out.append(hit)
        return out

    def search_keywords(self, query: str, max_ts: int, n: int) -> list[Hit]:
        words = [w for w in re.findall(r"\w+", query.lower()) if w not in _STOPWORDS]
        ascii_words = [w for w in words if w.isascii()]
        other = [w for w in words if not w.isascii() and len(w) >= 3]
        out: list[Hit] = []
        for table, terms in (("passages_fts", ascii_words), ("passages_tri", other)):
            if not terms:
                continue
            match = " OR ".join('"' + t.replace('"', "") + '"' for t in terms)
            rows = self.db.execute(
                f"SELECT p.id, bm25({table}) FROM {table} JOIN passages p ON p.rowid = "
                f"{table}.rowid WHERE {table} MATCH ? AND p.published_ts <= ? "
                f"ORDER BY bm25({table}) LIMIT ?",
                (match, max_ts, n),
            ).fetchall()
            hits = self._hits([r[0] for r in rows])
            for pid, score in rows:
                if pid in hits and all(h.passage_id != pid for h in out):
                    hit = hits[pid]
                    hit.score = -float(score)
                    out.append(hit)
        out.sort(key=lambda h: -h.score)
        for rank, hit in enumerate(out[:n], start=1):
            hit.bm25_rank = rank
        return out[:n]

    # -- reporting --------------------------------------------------------------------------
    def stats(self) -> dict:
        articles, first, last = self.db.execute(
            "SELECT COUNT(*), MIN(published), MAX(published) FROM articles"
        ).fetchone()
        passages = self.db.execute("SELECT COUNT(*) FROM passages").fetchone()[0]
        sites = self.db.execute(
            "SELECT site, COUNT(*) FROM articles GROUP BY site ORDER BY COUNT(*) DESC, site"
        ).fetchall()
        return {
            "store": str(self.path),
            "articles": articles,
            "passages": passages,
            "sources": {site: n for site, n in sites},
            "date_range": [first[:10] if first else None, last[:10] if last else None],
            "embedder": self.embedder_name(),
        }

    def close(self) -> None:
        self.db.close()
