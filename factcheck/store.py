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
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import StoreError, StoreLockedError
from .news.chunk import CJK
from .passage import Hit

if TYPE_CHECKING:
    from .config import Settings

__all__ = ["Store"]

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
"""

# The keyword indexes hold each passage's title and text; their content table is the view
# that gives exactly that, so SQLite's integrity check (and 'rebuild') compare the index with
# what was indexed. Stores made when the content table was passages (text only) are rebuilt
# on open.
_FTS_SCHEMA = """
CREATE VIEW IF NOT EXISTS passages_indexed(rowid, text) AS
    SELECT p.rowid, a.title || char(10) || p.text FROM passages p
    JOIN articles a ON a.id = p.article_id;
CREATE VIRTUAL TABLE IF NOT EXISTS passages_fts USING fts5(
    text, content='passages_indexed', content_rowid='rowid',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE IF NOT EXISTS passages_tri USING fts5(
    text, content='passages_indexed', content_rowid='rowid', tokenize='trigram'
);
"""

# Ingestion bookkeeping (added for news ingestion; every statement is IF NOT EXISTS).
# article_outlets: every outlet that published an article (a syndicated wire story is stored
# once, with one row here per outlet). article_minhash/article_bands: near-duplicate lookup.
# feeds: subscriptions with their conditional-GET validators. raw_fetches: which compressed
# raw body under raw/ each fetched URL gave, so re-extraction needs no refetch.
_INGEST_SCHEMA = """
CREATE TABLE IF NOT EXISTS article_outlets (
    article_id TEXT NOT NULL,
    url TEXT NOT NULL,
    fetched_url TEXT,
    site TEXT NOT NULL,
    title TEXT NOT NULL,
    published TEXT,
    raw_sha256 TEXT,
    added_at TEXT NOT NULL,
    PRIMARY KEY (article_id, url)
);
CREATE INDEX IF NOT EXISTS article_outlets_url ON article_outlets(url);
CREATE INDEX IF NOT EXISTS article_outlets_fetched ON article_outlets(fetched_url);
CREATE TABLE IF NOT EXISTS article_minhash (
    article_id TEXT PRIMARY KEY,
    signature BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS article_bands (
    band INTEGER NOT NULL,
    hash INTEGER NOT NULL,
    article_id TEXT NOT NULL,
    PRIMARY KEY (band, hash, article_id)
);
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY,
    title TEXT,
    etag TEXT,
    last_modified TEXT,
    added_at TEXT NOT NULL,
    checked_at TEXT,
    status TEXT,
    entries INTEGER
);
CREATE TABLE IF NOT EXISTS raw_fetches (
    url TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    content_type TEXT,
    fetched_at TEXT NOT NULL,
    PRIMARY KEY (url, sha256)
);
"""

_STOPWORDS = frozenset(
    "a an and are as at be by for from has have in is it its of on or that the to was were "
    "will with not no this these those he she they his her their who which what when".split()
)


_MAX_TRIGRAMS = 64
_COMMON_SHARE = 0.05  # a word in more than this share of passages is left out of the query
_COMMON_MIN_PASSAGES = 2000  # below this size every word is kept (shares are noise)
_KEEP_RAREST = 3
_POSTINGS_BUDGET = 2000  # passages a keyword query may score, beyond the three rarest words


def _trigrams(word: str) -> list[str]:
    """Chinese and Japanese run whole clauses together without spaces, so a "word" here is a
    clause that no passage repeats verbatim: search its overlapping trigrams instead, and let
    bm25 rank the passages that share most of them. Other words are searched whole."""
    if not CJK.search(word) or len(word) <= 3:
        return [word]
    return [word[i:i + 3] for i in range(len(word) - 2)]


_OVERFETCH = (4, 32)  # unfiltered dense candidates per wanted hit, tried before Chroma's filter


class Store:
    """``create=False`` opens only a store that exists (for commands that only read)."""

    def __init__(self, path: str | Path, lock_timeout: float = 60.0, *,
                 create: bool = True) -> None:
        if not str(path).strip():  # Path("") is the current folder
            raise StoreError("the store path is empty; give --store DIR (or FACTCHECK_STORE)")
        self.path = Path(path)
        self.lock_timeout = lock_timeout
        if not create and not (self.path / "factcheck.sqlite3").is_file():
            raise StoreError(f"no store at {self.path}; ingest news into it first "
                             "(factcheck ingest ... --store DIR) or give another --store")
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path / "factcheck.sqlite3", timeout=lock_timeout)
            self.db.executescript(_SCHEMA)
            self.db.executescript(_INGEST_SCHEMA)
            self._migrate_fts()
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(
                f"cannot open store {self.path}: {exc}; pick another --store directory"
            ) from None
        self._collection = None
        self._chroma = None
        self._seen: tuple = ()
        self._reader: sqlite3.Connection | None = None
        self._reader_lock = threading.Lock()
        self._df: dict[str, int] = {}
        self._df_total = 0

    @classmethod
    def from_settings(cls, settings: Settings, *, create: bool = True) -> Store:
        """The store that ``settings`` name, with their lock timeout."""
        return cls(settings.store, lock_timeout=settings.lock_timeout, create=create)

    def _migrate_fts(self) -> None:
        """Create the keyword indexes, or rebuild them over ``passages_indexed`` when an older
        store made them with passages (text without title) as their content table."""
        old = "content='passages'"
        query = "SELECT sql FROM sqlite_master WHERE name IN ('passages_fts', 'passages_tri')"
        if old not in " ".join(r[0] for r in self.db.execute(query)):
            self.db.executescript(_FTS_SCHEMA)
            return
        self.db.isolation_level = None  # explicit BEGIN IMMEDIATE: one process migrates
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                if old in " ".join(r[0] for r in self.db.execute(query)):
                    log.info("rebuilding the keyword index of %s", self.path)
                    self.db.execute("DROP TABLE IF EXISTS passages_fts")
                    self.db.execute("DROP TABLE IF EXISTS passages_tri")
                    for statement in _FTS_SCHEMA.split(";"):
                        if statement.strip():
                            self.db.execute(statement)
                    for table in ("passages_fts", "passages_tri"):
                        self.db.execute(f"INSERT INTO {table}({table}) VALUES('rebuild')")
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
        finally:
            self.db.isolation_level = ""

    # -- Chroma -----------------------------------------------------------------------------
    @property
    def collection(self):
        """The Chroma collection. Chroma holds the vector index in memory, per process, so a
        long-running reader (the web app) would never see vectors that another process
        (``factcheck watch``) added; when the passages in SQLite changed under this store, the
        collection is reopened from disk first. Writers get here inside ``writer()``, so they
        too start from what is on disk."""
        if self._collection is not None and self._changed_elsewhere():
            log.info("%s changed in another process; reopening its vector index", self.path)
            self._close_chroma()
        if self._collection is None:
            import chromadb

            self._chroma = chromadb.PersistentClient(
                path=str(self.path / "chroma"),
                settings=chromadb.Settings(anonymized_telemetry=False, allow_reset=False),
            )
            # embedding_function=None: we always pass our own vectors. Chroma's default function
            # would download an ONNX model.
            self._collection = self._chroma.get_or_create_collection(
                "passages", embedding_function=None, metadata={"hnsw:space": "cosine"}
            )
            self._seen = self._generation()
        return self._collection

    def _generation(self) -> tuple:
        """What identifies the passages' state: SQLite's data_version (it changes when another
        connection commits), the passage count and highest rowid, the newest article."""
        version = self.db.execute("PRAGMA data_version").fetchone()[0]
        count, top = self.db.execute(
            "SELECT COUNT(*), COALESCE(MAX(rowid), 0) FROM passages").fetchone()
        newest = self.db.execute("SELECT MAX(added_at) FROM articles").fetchone()[0]
        return version, count, top, newest

    def _changed_elsewhere(self) -> bool:
        # data_version first: one cheap pragma while nobody else wrote (the common case).
        if self.db.execute("PRAGMA data_version").fetchone()[0] == self._seen[0]:
            return False
        seen, self._seen = self._seen, self._generation()
        return self._seen[1:] != seen[1:]

    def _close_chroma(self) -> None:
        # Chroma shares one in-memory system per path in a process; closing the last client
        # stops it, so the next client loads the index from disk.
        client, self._chroma, self._collection = self._chroma, None, None
        if client is not None:
            client.close()

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

    # -- ingestion: updates, outlets, near-duplicates ---------------------------------------
    def article_for_url(self, url: str) -> tuple[str, str] | None:
        """(article id, content hash) of the article stored under ``url``, as its canonical URL
        or as any outlet's URL or fetched URL."""
        row = self.db.execute(
            "SELECT id, content_hash FROM articles WHERE canonical_url=? UNION ALL "
            "SELECT a.id, a.content_hash FROM article_outlets o JOIN articles a "
            "ON a.id = o.article_id WHERE o.url=? OR o.fetched_url=? LIMIT 1",
            (url, url, url),
        ).fetchone()
        return (row[0], row[1]) if row else None

    def article_origin(self, article_id: str) -> str | None:
        """The URL the stored text of an article was fetched from (None: a local file)."""
        row = self.db.execute(
            "SELECT o.fetched_url FROM article_outlets o JOIN articles a ON a.id = o.article_id "
            "AND o.url = a.canonical_url WHERE a.id=?", (article_id,)
        ).fetchone()
        return row[0] if row else None

    def article_for_hash(self, content_hash: str) -> str | None:
        row = self.db.execute(
            "SELECT id FROM articles WHERE content_hash=? LIMIT 1", (content_hash,)
        ).fetchone()
        return row[0] if row else None

    def near_duplicate_candidates(self, bands: list[tuple[int, int]]) -> list[tuple[str, bytes]]:
        """(article id, MinHash signature) of stored articles sharing an LSH band."""
        if not bands:
            return []
        where = " OR ".join("(b.band=? AND b.hash=?)" for _ in bands)
        params = [v for pair in bands for v in pair]
        return self.db.execute(
            "SELECT DISTINCT m.article_id, m.signature FROM article_bands b "
            f"JOIN article_minhash m ON m.article_id = b.article_id WHERE {where}",
            params,
        ).fetchall()

    def save_articles(self, records: list[dict]) -> list[bool]:
        """Write several articles: one Chroma upsert for all their passages, then one SQLite
        transaction per article (each whole or not at all). A record has ``article_id``,
        ``url``, ``canonical_url``, ``content_hash``, ``title``, ``site``, ``published``,
        ``published_ts``, ``date_source``, ``language``, ``passages`` and their ``vectors``, and
        optional ``fetched_url``, ``raw_sha256``, ``signature`` (MinHash bytes) and ``bands``.
        An existing ``article_id`` has its text replaced (an updated story). Returns, per
        record, whether it replaced one. Call inside ``writer()``."""
        ids, vectors, docs, meta = [], [], [], []
        for r in records:
            for i, text in enumerate(r["passages"]):
                ids.append(f"{r['article_id']}:{i}")
                docs.append(text)
                meta.append({"article_id": r["article_id"], "published_ts": r["published_ts"],
                             "idx": i})
            vectors.extend(r["vectors"])
        if ids:
            self.collection.upsert(ids=ids, embeddings=vectors, documents=docs, metadatas=meta)
        return [self._save_rows(r) for r in records]

    def _save_rows(self, r: dict) -> bool:
        article_id, passages = r["article_id"], r["passages"]
        old = self.db.execute(
            "SELECT title, n_passages FROM articles WHERE id=?", (article_id,)
        ).fetchone()
        with self.db:
            if old is not None:
                self._delete_passages(article_id, old[0])
                self.db.execute("DELETE FROM articles WHERE id=?", (article_id,))
                self.db.execute("DELETE FROM article_bands WHERE article_id=?", (article_id,))
            self.db.execute(
                "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,datetime('now'),?)",
                (article_id, r["url"], r["canonical_url"], r["content_hash"], r["title"],
                 r["site"], r["published"], r["published_ts"], r["date_source"],
                 r.get("language"), len(passages)),
            )
            ids = [f"{article_id}:{i}" for i in range(len(passages))]
            self._insert_passages(article_id, ids, passages, r["title"], r["published_ts"])
            self.db.execute(
                "INSERT OR REPLACE INTO article_outlets VALUES (?,?,?,?,?,?,?,datetime('now'))",
                (article_id, r["canonical_url"], r.get("fetched_url"), r["site"], r["title"],
                 r["published"], r.get("raw_sha256")),
            )
            if r.get("signature") is not None:
                self.db.execute("INSERT OR REPLACE INTO article_minhash VALUES (?, ?)",
                                (article_id, r["signature"]))
                self.db.executemany("INSERT OR IGNORE INTO article_bands VALUES (?, ?, ?)",
                                    [(b, h, article_id) for b, h in r.get("bands") or []])
        if old is not None and old[1] > len(passages):
            self.collection.delete(ids=[f"{article_id}:{i}" for i in range(len(passages), old[1])])
        return old is not None

    def _insert_passages(self, article_id: str, ids: list[str], passages: list[str],
                         title: str, published_ts: int) -> None:
        for i, (pid, text) in enumerate(zip(ids, passages, strict=True)):
            cur = self.db.execute(
                "INSERT INTO passages (id, article_id, idx, text, published_ts) VALUES (?,?,?,?,?)",
                (pid, article_id, i, text, published_ts),
            )
            for table in ("passages_fts", "passages_tri"):
                self.db.execute(f"INSERT INTO {table}(rowid, text) VALUES (?, ?)",
                                (cur.lastrowid, f"{title}\n{text}"))

    def _delete_passages(self, article_id: str, title: str) -> None:
        rows = self.db.execute(
            "SELECT rowid, text FROM passages WHERE article_id=?", (article_id,)
        ).fetchall()
        for rowid, text in rows:
            for table in ("passages_fts", "passages_tri"):
                self.db.execute(
                    f"INSERT INTO {table}({table}, rowid, text) VALUES ('delete', ?, ?)",
                    (rowid, f"{title}\n{text}"),
                )
        self.db.execute("DELETE FROM passages WHERE article_id=?", (article_id,))

    def add_outlet(self, article_id: str, *, url: str, site: str, title: str,
                   published: str | None, fetched_url: str | None = None,
                   raw_sha256: str | None = None) -> bool:
        """Record another outlet carrying a stored article; False when already recorded."""
        with self.db:
            cur = self.db.execute(
                "INSERT OR IGNORE INTO article_outlets VALUES (?,?,?,?,?,?,?,datetime('now'))",
                (article_id, url, fetched_url, site, title, published, raw_sha256),
            )
        return cur.rowcount > 0

    def outlets(self, article_id: str) -> list[dict]:
        """Every outlet that published the article, first stored first. Articles stored before
        outlets were recorded give their own site."""
        rows = self.db.execute(
            "SELECT url, site, title, published, added_at FROM article_outlets "
            "WHERE article_id=? ORDER BY added_at, rowid",
            (article_id,),
        ).fetchall()
        if not rows:
            rows = self.db.execute(
                "SELECT canonical_url, site, title, published, added_at FROM articles WHERE id=?",
                (article_id,),
            ).fetchall()
        keys = ("url", "site", "title", "published", "added_at")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    # -- ingestion: feeds and raw bodies ----------------------------------------------------
    def add_feed(self, url: str, title: str | None = None) -> bool:
        with self.db:
            cur = self.db.execute(
                "INSERT OR IGNORE INTO feeds (url, title, added_at) VALUES (?, ?, datetime('now'))",
                (url, title),
            )
        return cur.rowcount > 0

    def remove_feed(self, url: str) -> bool:
        with self.db:
            return self.db.execute("DELETE FROM feeds WHERE url=?", (url,)).rowcount > 0

    def feeds(self) -> list[dict]:
        cur = self.db.execute(
            "SELECT url, title, etag, last_modified, added_at, checked_at, status, entries "
            "FROM feeds ORDER BY added_at, url"
        )
        keys = [d[0] for d in cur.description]
        return [dict(zip(keys, row, strict=True)) for row in cur.fetchall()]

    def feed(self, url: str) -> dict | None:
        return next((f for f in self.feeds() if f["url"] == url), None)

    def update_feed(self, url: str, *, status: str, entries: int | None = None,
                    etag: str | None = None, last_modified: str | None = None,
                    title: str | None = None, validators: bool = False) -> None:
        """Record a refresh. ``validators``: also store etag/last_modified (only once every
        entry of that version of the feed is in, so an interrupted run is redone in full)."""
        with self.db:
            self.db.execute(
                "UPDATE feeds SET checked_at=datetime('now'), status=?, "
                "entries=COALESCE(?, entries), title=COALESCE(?, title) WHERE url=?",
                (status, entries, title, url),
            )
            if validators:
                self.db.execute("UPDATE feeds SET etag=?, last_modified=? WHERE url=?",
                                (etag, last_modified, url))

    @property
    def raw_dir(self) -> Path:
        return self.path / "raw"

    def record_raw(self, url: str, sha256: str, content_type: str) -> None:
        with self.db:
            self.db.execute(
                # OR REPLACE moves a re-fetched (url, body) pair to the newest rowid
                "INSERT OR REPLACE INTO raw_fetches VALUES (?, ?, ?, datetime('now'))",
                (url, sha256, content_type),
            )

    def raw_fetches(self) -> list[tuple[str, str, str]]:
        """(url, sha256, content type) of the latest raw body kept for each fetched URL."""
        return self.db.execute(
            "SELECT url, sha256, content_type FROM raw_fetches r WHERE rowid = "
            "(SELECT MAX(rowid) FROM raw_fetches WHERE url = r.url) ORDER BY url"
        ).fetchall()

    # -- search -----------------------------------------------------------------------------
    def _keyword_db(self) -> sqlite3.Connection:
        """The keyword leg's own connection: retrieve() runs it in a worker thread beside the
        dense leg, and a sqlite3 connection belongs to the thread that made it."""
        if self._reader is None:
            db = sqlite3.connect(self.path / "factcheck.sqlite3", timeout=self.lock_timeout,
                                 check_same_thread=False)
            db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.passages_vocab "
                       "USING fts5vocab(main, passages_fts, 'row')")
            self._reader = db
        return self._reader

    def _hits(self, passage_ids: list[str], max_ts: int | None = None,
              db: sqlite3.Connection | None = None) -> dict[str, Hit]:
        """Hits for the ids that have a SQLite row (and, given ``max_ts``, are not newer)."""
        if not passage_ids:
            return {}
        marks = ",".join("?" * len(passage_ids))
        when = "" if max_ts is None else " AND p.published_ts <= ?"
        rows = (db or self.db).execute(
            f"SELECT p.id, p.article_id, p.text, a.title, a.url, a.site, a.published "
            f"FROM passages p JOIN articles a ON a.id = p.article_id WHERE p.id IN ({marks})"
            f"{when}",
            [*passage_ids, *([] if max_ts is None else [max_ts])],
        ).fetchall()
        return {r[0]: Hit(*r) for r in rows}

    def search_dense(self, vector: list[float], max_ts: int, n: int) -> list[Hit]:
        # Chroma's metadata filter costs ~10-100x an unfiltered query (it gathers every matching
        # id first), and as_of mostly keeps nearly everything. So: ask unfiltered for a few
        # times n, then many times n, drop here what is newer than max_ts, and use the filtered
        # query only when fewer than n remain while more passages exist.
        for wanted in (n * f for f in _OVERFETCH):
            result = self.collection.query(
                query_embeddings=[vector], n_results=wanted, include=["distances"]
            )
            ids, distances = result["ids"][0], result["distances"][0]
            hits = self._hits(ids, max_ts)
            if len(hits) >= n or len(ids) < wanted:
                break
        else:
            result = self.collection.query(
                query_embeddings=[vector],
                n_results=n,
                where={"published_ts": {"$lte": max_ts}},
                include=["distances"],
            )
            ids, distances = result["ids"][0], result["distances"][0]
            hits = self._hits(ids, max_ts)
        out = []
        for pid, dist in zip(ids, distances, strict=True):
            hit = hits.get(pid)
            if hit is not None:  # a Chroma row without SQLite row is an interrupted write
                hit.score, hit.dense_rank = 1.0 - float(dist), len(out) + 1
                out.append(hit)
                if len(out) == n:
                    break
        return out

    def _informative(self, db: sqlite3.Connection, terms: list[str]) -> list[str]:
        """The words worth searching in a large index. Scoring every passage that holds a
        word is most of a keyword search's time, and common words carry little bm25 weight:
        words found in more than 5% of the passages are left out, and the rest are taken
        rarest first while the passages they hold add up to at most ``_POSTINGS_BUDGET``, so a
        query costs about the same at any index size. The three rarest always stay."""
        total = db.execute("SELECT MAX(rowid) FROM passages").fetchone()[0] or 0
        if total < _COMMON_MIN_PASSAGES or len(terms) <= _KEEP_RAREST:
            return terms
        df = {t: self._document_frequency(db, t, total) for t in terms}
        kept, postings = set(), 0
        for rank, term in enumerate(sorted(terms, key=df.get)):
            if rank >= _KEEP_RAREST and (df[term] > _COMMON_SHARE * total
                                         or postings + df[term] > _POSTINGS_BUDGET):
                break
            kept.add(term)
            postings += df[term]
        return [t for t in terms if t in kept]

    def _document_frequency(self, db: sqlite3.Connection, term: str, total: int) -> int:
        # fts5vocab counts a term's passages by walking its postings, as slow as searching it.
        # Shares move slowly, so counts are kept until the index has grown by a tenth.
        if total > self._df_total * 1.1 or total < self._df_total:
            self._df, self._df_total = {}, total
        if term not in self._df:
            row = db.execute("SELECT doc FROM temp.passages_vocab WHERE term = ?",
                             (term,)).fetchone()
            self._df[term] = row[0] if row else 0
        return self._df[term]

    def search_keywords(self, query: str, max_ts: int, n: int) -> list[Hit]:
        """BM25 over FTS5, published <= max_ts. Safe to call from one other thread at a time
        (it uses a connection of its own)."""
        with self._reader_lock:
            return self._search_keywords(self._keyword_db(), query, max_ts, n)

    def _search_keywords(self, db: sqlite3.Connection, query: str, max_ts: int, n: int
                         ) -> list[Hit]:
        # A repeated term would count twice in bm25; a lone letter ("s", "t" of "Trump's",
        # "didn't") matches most passages, so it costs a long scan and adds nothing.
        words = [w for w in dict.fromkeys(re.findall(r"\w+", query.lower()))
                 if w not in _STOPWORDS and not (len(w) == 1 and w.isalpha())]
        ascii_words = self._informative(db, [w for w in words if w.isascii()])
        other = list(dict.fromkeys(
            gram for w in words if not w.isascii() and len(w) >= 3 for gram in _trigrams(w)
        ))[:_MAX_TRIGRAMS]
        out: list[Hit] = []
        for table, terms in (("passages_fts", ascii_words), ("passages_tri", other)):
            if not terms:
                continue
            match = " OR ".join('"' + t.replace('"', "") + '"' for t in terms)
            rows = db.execute(
                f"SELECT p.id, bm25({table}) FROM {table} JOIN passages p ON p.rowid = "
                f"{table}.rowid WHERE {table} MATCH ? AND p.published_ts <= ? "
                f"ORDER BY bm25({table}) LIMIT ?",
                (match, max_ts, n),
            ).fetchall()
            hits = self._hits([r[0] for r in rows], db=db)
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
        if self._reader is not None:
            self._reader.close()
        self._close_chroma()
        self.db.close()
