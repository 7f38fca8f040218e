"""The index: a vector index (Chroma, cosine) beside a row store (articles, passages, feeds,
raw-page bookkeeping and the keyword index).

Each side has two engines behind one protocol. Vectors: embedded Chroma in the store directory
(default) or a Chroma server (``chroma_url``). Rows: one SQLite file in the store directory
(default) or PostgreSQL (``store_url``). The store directory always holds the raw page bodies.

The row store is the source of truth: a passage exists when its row does. Vector writes are
upserts keyed by passage id and come first, so a crash between the two writes heals on the next
ingest, and dense hits without a row are dropped at query time; a reader never sees a passage
whose vector is missing.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit, urlunsplit

from .errors import StoreError
from .passage import Hit
from .store_chroma import ChromaIndex

if TYPE_CHECKING:
    from .config import Settings

__all__ = ["RowStore", "Store", "VectorIndex", "redact_url"]

log = logging.getLogger(__name__)

_OVERFETCH = (4, 32)  # unfiltered dense candidates per wanted hit, tried before Chroma's filter


class VectorIndex(Protocol):
    """Passage vectors by passage id (``store_chroma.ChromaIndex``)."""

    local: bool  # in this process's memory: reopen it when another process wrote

    def upsert(self, ids: list[str], vectors: list, documents: list[str],
               metadatas: list[dict]) -> None: ...
    def delete(self, ids: list[str]) -> None: ...
    def query(self, vector: list[float], n: int, max_ts: int | None = None
              ) -> tuple[list[str], list[float]]: ...
    def count(self) -> int: ...
    def vectors(self, ids: list[str]) -> dict[str, list[float]]: ...
    def reopen(self) -> None: ...
    def close(self) -> None: ...


class RowStore(Protocol):
    """Articles, passages, outlets, near-duplicate signatures, feeds, raw-page bookkeeping, the
    keyword index and the check history (``store_sqlite.SQLiteRows``,
    ``store_postgres.PostgresRows``; the SQLite one documents what each method gives)."""

    engine: str

    def writer(self) -> contextlib.AbstractContextManager[None]: ...
    def changed_elsewhere(self) -> bool: ...
    def check_embedder(self, name: str, dim: int) -> None: ...
    def embedder_name(self) -> str | None: ...
    def meta(self, key: str) -> str | None: ...
    def set_meta(self, key: str, value: str | None) -> None: ...
    def article_for_url(self, url: str) -> tuple[str, str] | None: ...
    def article_origin(self, article_id: str) -> str | None: ...
    def article_for_hash(self, content_hash: str) -> str | None: ...
    def near_duplicate_candidates(self, bands: list[tuple[int, int]]
                                  ) -> list[tuple[str, bytes]]: ...
    def save_article(self, record: dict) -> int | None: ...
    def add_outlet(self, article_id: str, *, url: str, site: str, title: str,
                   published: str | None, fetched_url: str | None = None,
                   raw_sha256: str | None = None) -> bool: ...
    def outlets(self, article_id: str) -> list[dict]: ...
    def add_feed(self, url: str, title: str | None = None) -> bool: ...
    def remove_feed(self, url: str) -> bool: ...
    def feeds(self) -> list[dict]: ...
    def update_feed(self, url: str, *, status: str, entries: int | None = None,
                    etag: str | None = None, last_modified: str | None = None,
                    title: str | None = None, validators: bool = False) -> None: ...
    def record_raw(self, url: str, sha256: str, content_type: str) -> None: ...
    def raw_fetches(self) -> list[tuple[str, str, str]]: ...
    def hits(self, passage_ids: list[str], max_ts: int | None = None) -> dict[str, Hit]: ...
    def search_keywords(self, query: str, max_ts: int, n: int) -> list[Hit]: ...
    def stats(self) -> dict: ...
    def articles(self) -> Iterator[dict]: ...
    def table_rows(self, table: str) -> list[tuple]: ...
    def insert_rows(self, table: str, rows: list[tuple]) -> None: ...
    def close(self) -> None: ...
    # The check history (history.py), the re-check queue (recheck.py), cutoff estimates.
    def record_check(self, claim: dict, check: dict, *, update: bool
                     ) -> tuple[int, int, str | None]: ...
    def save_claim_vectors(self, rows: list[tuple[str, bytes, int]]) -> None: ...
    def claim_vectors(self) -> list[tuple[int, str | None, bytes | None]]: ...
    def check_rows(self, **filters) -> list[tuple]: ...
    def saved_claims(self, ids: list[int] | None = None) -> list[tuple]: ...
    def history_counts(self) -> dict[str, int]: ...
    def recheck_queue(self) -> tuple[int, list[str]]: ...
    def clear_recheck_queue(self, top: int | None = None) -> None: ...
    def queued_passages(self, article_ids: list[str]) -> list[tuple]: ...
    def save_cutoff(self, model: str, cutoff: str | None, details: str,
                    probed_at: str) -> None: ...
    def load_cutoff(self, model: str) -> str | None: ...


def redact_url(url: str) -> str:
    """``url`` without its password, for messages and stats."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{netloc}"))


class Store:
    """A store: rows in SQLite under ``path`` unless ``store_url`` names a PostgreSQL database,
    vectors in embedded Chroma under ``path`` unless ``chroma_url`` names a Chroma server.
    ``create=False`` opens only a store that exists (for commands that only read)."""

    def __init__(self, path: str | Path, lock_timeout: float = 60.0, *,
                 create: bool = True, store_url: str = "", chroma_url: str = "",
                 chroma_token: str | None = None) -> None:
        if not str(path).strip():  # Path("") is the current folder
            raise StoreError("the store path is empty; give --store DIR (or FACTCHECK_STORE)")
        self.path = Path(path)
        self.lock_timeout = lock_timeout
        # The vector index first: it checks its URL without connecting.
        self.vectors: VectorIndex = (
            ChromaIndex(url=chroma_url, token=chroma_token) if chroma_url
            else ChromaIndex(path=self.path / "chroma"))
        self.rows: RowStore
        if store_url:
            from .store_postgres import PostgresRows

            self.rows = PostgresRows(store_url, lock_timeout, create=create)
        else:
            from .store_sqlite import SQLiteRows

            self.rows = SQLiteRows(self.path, lock_timeout, create=create)
        self.store_url, self.chroma_url = store_url, chroma_url

    @classmethod
    def from_settings(cls, settings: Settings, *, create: bool = True) -> Store:
        """The store that ``settings`` name, with their lock timeout. A Chroma server's token
        comes from the environment only (FACTCHECK_CHROMA_TOKEN), never from settings."""
        return cls(settings.store, lock_timeout=settings.lock_timeout, create=create,
                   store_url=settings.store_url, chroma_url=settings.chroma_url,
                   chroma_token=os.environ.get("FACTCHECK_CHROMA_TOKEN") or None)

    @property
    def db(self):
        """The SQLite connection of an embedded row store (for code that speaks SQLite)."""
        if self.rows.engine != "sqlite":
            raise StoreError(f"this needs the SQLite store, and {self.location} is "
                             f"{self.rows.engine}; run it on an embedded store (--store DIR)")
        return self.rows.db  # type: ignore[attr-defined]

    @property
    def location(self) -> str:
        return redact_url(self.store_url) if self.store_url else str(self.path)

    # -- vectors ------------------------------------------------------------------------------
    def _index(self) -> VectorIndex:
        """The vector index. Embedded Chroma holds its index in memory, per process, so a
        long-running reader (the web app) would never see vectors that another process
        (``factcheck watch``) added; when the passages changed under this store, the index is
        reopened from disk first. Writers get here inside ``writer()``, so they too start from
        what is on disk. A Chroma server is always current."""
        if self.vectors.local and self.rows.changed_elsewhere():
            log.info("%s changed in another process; reopening its vector index", self.path)
            self.vectors.reopen()
        return self.vectors

    @property
    def collection(self):
        """The Chroma collection itself (tests and benchmarks compare against it)."""
        return self._index().collection  # type: ignore[attr-defined]

    # -- locking ------------------------------------------------------------------------------
    @contextlib.contextmanager
    def writer(self) -> Iterator[Store]:
        """Exclusive write access across processes, waiting up to ``lock_timeout`` seconds:
        a file lock for SQLite, an advisory lock for PostgreSQL (held by this process's
        session, so a killed writer releases it)."""
        with self.rows.writer():
            yield self

    # -- ingestion ----------------------------------------------------------------------------
    def check_embedder(self, name: str, dim: int) -> None:
        """Refuse to mix vectors from two embedding models in one store."""
        self.rows.check_embedder(name, dim)

    def embedder_name(self) -> str | None:
        return self.rows.embedder_name()

    def meta(self, key: str) -> str | None:
        """A value kept in the store's ``meta`` table (the embedder, model calibrations)."""
        return self.rows.meta(key)

    def set_meta(self, key: str, value: str | None) -> None:
        """Keep ``value`` under ``key`` (None: drop it), inside ``writer()``."""
        self.rows.set_meta(key, value)

    def article_for_url(self, url: str) -> tuple[str, str] | None:
        """(article id, content hash) of the article stored under ``url``, as its canonical URL
        or as any outlet's URL or fetched URL."""
        return self.rows.article_for_url(url)

    def article_origin(self, article_id: str) -> str | None:
        """The URL the stored text of an article was fetched from (None: a local file)."""
        return self.rows.article_origin(article_id)

    def article_for_hash(self, content_hash: str) -> str | None:
        return self.rows.article_for_hash(content_hash)

    def near_duplicate_candidates(self, bands: list[tuple[int, int]]) -> list[tuple[str, bytes]]:
        """(article id, MinHash signature) of stored articles sharing an LSH band."""
        return self.rows.near_duplicate_candidates(bands) if bands else []

    def save_articles(self, records: list[dict]) -> list[bool]:
        """Write several articles: one vector upsert for all their passages, then one row
        transaction per article (each whole or not at all). A record has ``article_id``,
        ``url``, ``canonical_url``, ``content_hash``, ``title``, ``site``, ``published``,
        ``published_ts``, ``date_source``, ``language``, ``passages`` and their ``vectors``, and
        optional ``fetched_url``, ``raw_sha256``, ``signature`` (MinHash bytes), ``bands`` and
        ``added_at``. An existing ``article_id`` has its text replaced (an updated story).
        Returns, per record, whether it replaced one. Call inside ``writer()``."""
        ids, vectors, docs, meta = [], [], [], []
        for r in records:
            for i, text in enumerate(r["passages"]):
                ids.append(f"{r['article_id']}:{i}")
                docs.append(text)
                meta.append({"article_id": r["article_id"], "published_ts": r["published_ts"],
                             "idx": i})
            vectors.extend(r["vectors"])
        index = self._index()
        if ids:
            index.upsert(ids, vectors, docs, meta)
        replaced = []
        for r in records:
            old = self.rows.save_article(r)
            if old is not None and old > len(r["passages"]):
                index.delete([f"{r['article_id']}:{i}" for i in range(len(r["passages"]), old)])
            replaced.append(old is not None)
        return replaced

    def add_outlet(self, article_id: str, **outlet) -> bool:
        """Record another outlet carrying a stored article; False when already recorded."""
        return self.rows.add_outlet(article_id, **outlet)

    def outlets(self, article_id: str) -> list[dict]:
        """Every outlet that published the article, first stored first."""
        return self.rows.outlets(article_id)

    # -- feeds and raw bodies -----------------------------------------------------------------
    def add_feed(self, url: str, title: str | None = None) -> bool:
        return self.rows.add_feed(url, title)

    def remove_feed(self, url: str) -> bool:
        return self.rows.remove_feed(url)

    def feeds(self) -> list[dict]:
        return self.rows.feeds()

    def feed(self, url: str) -> dict | None:
        return next((f for f in self.feeds() if f["url"] == url), None)

    def update_feed(self, url: str, **changes) -> None:
        """Record a refresh. ``validators``: also store etag/last_modified (only once every
        entry of that version of the feed is in, so an interrupted run is redone in full)."""
        self.rows.update_feed(url, **changes)

    @property
    def raw_dir(self) -> Path:
        """Raw page bodies stay in the store directory on every engine: they are only read
        again by ``ingest --reextract`` on the machine that fetched them."""
        return self.path / "raw"

    def record_raw(self, url: str, sha256: str, content_type: str) -> None:
        self.rows.record_raw(url, sha256, content_type)

    def raw_fetches(self) -> list[tuple[str, str, str]]:
        """(url, sha256, content type) of the latest raw body kept for each fetched URL."""
        return self.rows.raw_fetches()

    # -- search -------------------------------------------------------------------------------
    def search_dense(self, vector: list[float], max_ts: int, n: int) -> list[Hit]:
        # Chroma's metadata filter costs ~10-100x an unfiltered query (it gathers every matching
        # id first), and as_of mostly keeps nearly everything. So: ask unfiltered for a few
        # times n, then many times n, drop here what is newer than max_ts, and use the filtered
        # query only when fewer than n remain while more passages exist.
        index = self._index()
        for wanted in (n * f for f in _OVERFETCH):
            ids, distances = index.query(vector, wanted)
            hits = self.rows.hits(ids, max_ts)
            if len(hits) >= n or len(ids) < wanted:
                break
        else:
            ids, distances = index.query(vector, n, max_ts)
            hits = self.rows.hits(ids, max_ts)
        out = []
        for pid, dist in zip(ids, distances, strict=True):
            hit = hits.get(pid)
            if hit is not None:  # a vector without its row is an interrupted write
                hit.score, hit.dense_rank = 1.0 - float(dist), len(out) + 1
                out.append(hit)
                if len(out) == n:
                    break
        return out

    def passages(self, passage_ids: list[str], max_ts: int | None = None) -> dict[str, Hit]:
        """Passages by id (an article's are ``ARTICLE_ID:INDEX`` from 0), published by
        ``max_ts`` when it is given."""
        return self.rows.hits(passage_ids, max_ts) if passage_ids else {}

    def search_keywords(self, query: str, max_ts: int, n: int) -> list[Hit]:
        """Keyword search (BM25 on SQLite, ts_rank on PostgreSQL), published <= max_ts. Safe to
        call from one other thread at a time."""
        return self.rows.search_keywords(query, max_ts, n)

    # -- reporting ----------------------------------------------------------------------------
    def stats(self) -> dict:
        data = self.rows.stats()
        data["store"] = self.location
        data["engine"] = {"rows": self.rows.engine,
                          "vectors": "chroma-server" if self.chroma_url else "chroma"}
        data["embedder"] = self.embedder_name()
        return data

    def close(self) -> None:
        self.rows.close()
        self.vectors.close()
