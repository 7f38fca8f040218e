"""Articles, passages, feeds, raw-page bookkeeping and the keyword index in one SQLite file
(the default engine; ``store_postgres`` is the other).

The keyword index is FTS5: unicode61 words without diacritics for most languages, trigrams for
Chinese and Japanese, and Japanese passages' words (``keywords.japanese_words``) beside them.
Writers take an exclusive file lock beside the database (``writer()``), which also keeps the
embedded Chroma index to one writing process.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from .errors import StoreError, StoreLockedError
from .keywords import MAX_TRIGRAMS, informative, japanese_words, query_words, summed, trigrams
from .migrations import migrate
from .passage import Hit

__all__ = ["ARTICLE_FIELDS", "COPIED_TABLES", "HISTORY_TABLES", "SQLiteRows"]

# What ``factcheck migrate`` copies besides articles and passages, the same in every engine.
COPIED_TABLES = {
    "meta": ("key", "value"),
    "article_outlets": ("article_id", "url", "fetched_url", "site", "title", "published",
                        "raw_sha256", "added_at"),
    "article_minhash": ("article_id", "signature"),
    "article_bands": ("band", "hash", "article_id"),
    "feeds": ("url", "title", "etag", "last_modified", "added_at", "checked_at", "status",
              "entries"),
    "raw_fetches": ("url", "sha256", "content_type", "fetched_at"),
}
# The check history (history.py, recheck.py, probe.py), which ``factcheck migrate`` copies
# with its ids, in this order (checks name their claims; the re-check queue names articles).
HISTORY_TABLES = {
    "claims": ("id", "claim", "as_of", "judge", "top_k", "embedder", "vector", "first_checked"),
    "checks": ("id", "claim_id", "as_of", "label", "confidence", "verdict", "model", "judge",
               "weights", "trigger", "checked_at"),
    "cutoff_estimates": ("model", "cutoff", "details", "probed_at"),
    "recheck_pending": ("seq", "article_id", "queued_at"),
}
# A check with its claim, whether it is its claim's newest, and the check before it (history.py
# reads the rows); the same SQL on every engine.
CHECKS_SQL = """
    SELECT c.id, c.claim_id, cl.claim, c.as_of, c.label, c.confidence, c.model, c.judge,
           c.weights, c.trigger, c.checked_at, c.verdict,
           (SELECT MAX(id) FROM checks WHERE claim_id = c.claim_id) AS latest,
           p.label, p.checked_at, p.verdict, cl.first_checked
    FROM checks c JOIN claims cl ON cl.id = c.claim_id
    LEFT JOIN checks p ON p.id = (SELECT MAX(id) FROM checks
                                  WHERE claim_id = c.claim_id AND id < c.id)
"""
# Saved claims with their newest check: id, claim, as_of, judge, top_k, first_checked, and the
# newest check's checked_at, label and id.
SAVED_CLAIMS_SQL = """
    SELECT cl.id, cl.claim, cl.as_of, cl.judge, cl.top_k, cl.first_checked,
           c.checked_at, c.label, c.id
    FROM claims cl JOIN checks c ON c.id = (SELECT MAX(id) FROM checks WHERE claim_id = cl.id)
"""


def check_query(mark: str, *, check_id: int | None = None, claim_id: int | None = None,
                label: str | None = None, since: str | None = None, latest: bool = False,
                limit: int | None = None) -> tuple[str, list]:
    """``CHECKS_SQL`` filtered, newest first, with ``mark`` as the parameter placeholder: one
    check, one claim's checks, a label, checked on or after ``since`` (YYYY-MM-DD), only each
    claim's newest, at most ``limit``. Returns (sql, parameters)."""
    where, params = [], []
    if latest:
        where.append("c.id = (SELECT MAX(id) FROM checks WHERE claim_id = c.claim_id)")
    for column, value in (("c.id", check_id), ("c.claim_id", claim_id), ("c.label", label)):
        if value is not None:
            where.append(f"{column} = {mark}")
            params.append(value)
    if since:
        where.append(f"c.checked_at >= {mark}")
        params.append(since)
    sql = CHECKS_SQL + (" WHERE " + " AND ".join(where) if where else "")
    return sql + " ORDER BY c.id DESC" + (f" LIMIT {int(limit)}" if limit else ""), params


ARTICLE_FIELDS = ("article_id", "url", "canonical_url", "content_hash", "title", "site",
                  "published", "published_ts", "date_source", "language", "added_at",
                  "fetched_url", "raw_sha256")

log = logging.getLogger(__name__)

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

class SQLiteRows:
    """The SQLite side of a store in directory ``path``. ``create=False`` opens only a store
    that exists (for commands that only read)."""

    engine = "sqlite"

    def __init__(self, path: Path, lock_timeout: float = 60.0, *, create: bool = True) -> None:
        self.path = path
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
            migrate(self.db)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(
                f"cannot open store {self.path}: {exc}; pick another --store directory"
            ) from None
        self._seen: tuple = ()
        self._reader: sqlite3.Connection | None = None
        self._reader_lock = threading.Lock()
        self._df: dict[tuple[str, str], int] = {}
        self._df_total = 0

    def __str__(self) -> str:
        return str(self.path)

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

    # -- what other processes did ---------------------------------------------------------
    def _generation(self) -> tuple:
        """What identifies the passages' state: SQLite's data_version (it changes when another
        connection commits), the passage count and highest rowid, the newest article."""
        version = self.db.execute("PRAGMA data_version").fetchone()[0]
        count, top = self.db.execute(
            "SELECT COUNT(*), COALESCE(MAX(rowid), 0) FROM passages").fetchone()
        newest = self.db.execute("SELECT MAX(added_at) FROM articles").fetchone()[0]
        return version, count, top, newest

    def changed_elsewhere(self) -> bool:
        """Whether another process changed the passages since the last call (the first call
        only takes note)."""
        if not self._seen:
            self._seen = self._generation()
            return False
        # data_version first: one cheap pragma while nobody else wrote (the common case).
        if self.db.execute("PRAGMA data_version").fetchone()[0] == self._seen[0]:
            return False
        seen, self._seen = self._seen, self._generation()
        return self._seen[1:] != seen[1:]

    # -- locking ----------------------------------------------------------------------------
    @contextlib.contextmanager
    def writer(self) -> Iterator[None]:
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
                yield
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

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str | None) -> None:
        with self.db:
            if value is None:
                self.db.execute("DELETE FROM meta WHERE key=?", (key,))
            else:
                self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

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

    def save_article(self, r: dict) -> int | None:
        """Write one article's rows in one transaction (see ``Store.save_articles`` for the
        record); an existing article is replaced. Returns the passage count of the article it
        replaced, None when it is new."""
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
                "INSERT INTO articles VALUES "
                "(?,?,?,?,?,?,?,?,?,?,COALESCE(?, datetime('now')),?)",
                (article_id, r["url"], r["canonical_url"], r["content_hash"], r["title"],
                 r["site"], r["published"], r["published_ts"], r["date_source"],
                 r.get("language"), r.get("added_at"), len(passages)),
            )
            ids = [f"{article_id}:{i}" for i in range(len(passages))]
            self._insert_passages(article_id, ids, passages, r["title"], r["published_ts"])
            self.db.execute(
                "INSERT OR REPLACE INTO article_outlets VALUES "
                "(?,?,?,?,?,?,?,COALESCE(?, datetime('now')))",
                (article_id, r["canonical_url"], r.get("fetched_url"), r["site"], r["title"],
                 r["published"], r.get("raw_sha256"), r.get("added_at")),
            )
            if r.get("signature") is not None:
                self.db.execute("INSERT OR REPLACE INTO article_minhash VALUES (?, ?)",
                                (article_id, r["signature"]))
                self.db.executemany("INSERT OR IGNORE INTO article_bands VALUES (?, ?, ?)",
                                    [(b, h, article_id) for b, h in r.get("bands") or []])
        return None if old is None else old[1]

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
            if words := japanese_words(f"{title}\n{text}"):
                self.db.execute("INSERT INTO passages_ja(rowid, words) VALUES (?, ?)",
                                (cur.lastrowid, " ".join(words)))

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
            self.db.execute("DELETE FROM passages_ja WHERE rowid=?", (rowid,))
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
            db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.passages_ja_vocab "
                       "USING fts5vocab(main, passages_ja, 'row')")
            self._reader = db
        return self._reader

    def hits(self, passage_ids: list[str], max_ts: int | None = None,
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

    def _document_frequency(self, db: sqlite3.Connection, term: str, total: int,
                            vocab: str = "passages_vocab") -> int:
        # fts5vocab counts a term's passages by walking its postings, as slow as searching it.
        # Shares move slowly, so counts are kept until the index has grown by a tenth.
        if total > self._df_total * 1.1 or total < self._df_total:
            self._df, self._df_total = {}, total
        if (vocab, term) not in self._df:
            row = db.execute(f"SELECT doc FROM temp.{vocab} WHERE term = ?",
                             (term,)).fetchone()
            self._df[vocab, term] = row[0] if row else 0
        return self._df[vocab, term]

    def search_keywords(self, query: str, max_ts: int, n: int) -> list[Hit]:
        """BM25 over FTS5, published <= max_ts. Safe to call from one other thread at a time
        (it uses a connection of its own)."""
        with self._reader_lock:
            return self._search_keywords(self._keyword_db(), query, max_ts, n)

    def keyword_terms(self, terms: list[str]) -> list[str]:
        """The ones of ``terms`` that a keyword search of this index would search for."""
        with self._reader_lock:
            db = self._keyword_db()
            total = db.execute("SELECT MAX(rowid) FROM passages").fetchone()[0] or 0
            return informative(terms, total, lambda t: self._document_frequency(db, t, total))

    def _search_keywords(self, db: sqlite3.Connection, query: str, max_ts: int, n: int
                         ) -> list[Hit]:
        words = query_words(query)
        total = db.execute("SELECT MAX(rowid) FROM passages").fetchone()[0] or 0
        ascii_words = informative([w for w in words if w.isascii()], total,
                                  lambda t: self._document_frequency(db, t, total))
        other = list(dict.fromkeys(
            gram for w in words if not w.isascii() and len(w) >= 3 for gram in trigrams(w)
        ))[:MAX_TRIGRAMS]
        japanese = informative(japanese_words(query), total, lambda t: self._document_frequency(
            db, t, total, "passages_ja_vocab"))
        legs = []
        for table, terms in (("passages_fts", ascii_words), ("passages_tri", other),
                             ("passages_ja", japanese)):
            if not terms:
                continue
            match = " OR ".join('"' + t.replace('"', "") + '"' for t in terms)
            rows = db.execute(
                f"SELECT p.id, bm25({table}) FROM {table} JOIN passages p ON p.rowid = "
                f"{table}.rowid WHERE {table} MATCH ? AND p.published_ts <= ? "
                f"ORDER BY bm25({table}) LIMIT ?",
                (match, max_ts, n),
            ).fetchall()
            hits = self.hits([r[0] for r in rows], db=db)
            # FTS5's bm25() is negative: lower is better.
            legs.append([(hits[pid], -float(bm25)) for pid, bm25 in rows if pid in hits])
        return summed(legs, n)

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
        self.db.close()

    # -- copying between stores (factcheck migrate) -----------------------------------------
    def articles(self) -> Iterator[dict]:
        """Every article as a record for ``save_article`` (without vectors), oldest first."""
        rows = self.db.execute(
            "SELECT a.id, a.url, a.canonical_url, a.content_hash, a.title, a.site, a.published, "
            "a.published_ts, a.date_source, a.language, a.added_at, o.fetched_url, o.raw_sha256 "
            "FROM articles a LEFT JOIN article_outlets o ON o.article_id = a.id "
            "AND o.url = a.canonical_url ORDER BY a.added_at, a.id").fetchall()
        for row in rows:
            record = dict(zip(ARTICLE_FIELDS, row, strict=True))
            record["passages"] = [t for (t,) in self.db.execute(
                "SELECT text FROM passages WHERE article_id=? ORDER BY idx", (row[0],))]
            yield record

    def table_rows(self, table: str) -> list[tuple]:
        """The rows of one table in ``COPIED_TABLES`` or ``HISTORY_TABLES``, in the order
        written."""
        columns = ", ".join(COPIED_TABLES.get(table) or HISTORY_TABLES[table])
        return self.db.execute(f"SELECT {columns} FROM {table} ORDER BY rowid").fetchall()

    def insert_rows(self, table: str, rows: list[tuple]) -> None:
        columns = COPIED_TABLES.get(table) or HISTORY_TABLES[table]
        marks = ",".join("?" * len(columns))
        with self.db:
            self.db.executemany(
                f"INSERT OR IGNORE INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

    # -- check history (history.py, recheck.py, probe.py) -----------------------------------
    def record_check(self, claim: dict, check: dict, *, update: bool
                     ) -> tuple[int, int, str | None]:
        """Save ``claim`` (claim, as_of, judge, top_k, first_checked) unless it is saved, and
        one ``check`` of it (the ``checks`` columns but id and claim_id), in one transaction.
        ``update``: also set the saved claim's as_of, judge and top_k. Returns (check id,
        claim id, the embedder of the claim's stored vector). The upsert makes two processes
        checking one new claim at once share its row."""
        sets = "as_of=excluded.as_of, judge=excluded.judge, top_k=excluded.top_k" if update \
            else "claim=excluded.claim"
        with self.db:
            claim_id, embedder = self.db.execute(
                "INSERT INTO claims (claim, as_of, judge, top_k, first_checked) "
                "VALUES (:claim, :as_of, :judge, :top_k, :first_checked) "
                f"ON CONFLICT (claim) DO UPDATE SET {sets} RETURNING id, embedder",
                claim).fetchall()[0]
            cur = self.db.execute(
                "INSERT INTO checks (claim_id, as_of, label, confidence, verdict, model, judge, "
                "weights, trigger, checked_at) VALUES (:claim_id, :as_of, :label, :confidence, "
                ":verdict, :model, :judge, :weights, :trigger, :checked_at)",
                {**check, "claim_id": claim_id})
        return cur.lastrowid, claim_id, embedder

    def save_claim_vectors(self, rows: list[tuple[str, bytes, int]]) -> None:
        """Keep claims' vectors: (embedder name, float32 bytes, claim id) each."""
        with self.db:
            self.db.executemany("UPDATE claims SET embedder=?, vector=? WHERE id=?", rows)

    def claim_vectors(self) -> list[tuple[int, str | None, bytes | None]]:
        return self.db.execute("SELECT id, embedder, vector FROM claims").fetchall()

    def check_rows(self, **filters) -> list[tuple]:
        """Checks as rows of ``CHECKS_SQL``, newest first; ``check_query`` says the filters."""
        return self.db.execute(*check_query("?", **filters)).fetchall()

    def saved_claims(self, ids: list[int] | None = None) -> list[tuple]:
        """Saved claims with their newest check, oldest first: id, claim, as_of, judge,
        top_k, first_checked, last checked_at, last label, last check id."""
        sql, params = SAVED_CLAIMS_SQL, []
        if ids is not None:
            sql += f" WHERE cl.id IN ({','.join('?' * len(ids))})"
            params = list(ids)
        return self.db.execute(sql + " ORDER BY cl.id", params).fetchall()

    def history_counts(self) -> dict[str, int]:
        claims, checks = self.db.execute(
            "SELECT (SELECT COUNT(*) FROM claims), (SELECT COUNT(*) FROM checks)").fetchone()
        return {"claims": claims, "checks": checks}

    def recheck_queue(self) -> tuple[int, list[str]]:
        """The re-check queue: its last sequence number and the articles queued up to it."""
        top = self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM recheck_pending").fetchone()[0]
        return top, [r[0] for r in self.db.execute(
            "SELECT article_id FROM recheck_pending WHERE seq <= ? "
            "GROUP BY article_id ORDER BY MIN(seq)", (top,))]

    def clear_recheck_queue(self, top: int | None = None) -> None:
        """Drop the queue up to ``top`` (None: all of it)."""
        with self.db:
            self.db.execute("DELETE FROM recheck_pending WHERE seq <= ?",
                            (2**62 if top is None else top,))

    def queued_passages(self, article_ids: list[str]) -> list[tuple]:
        """(passage id, published_ts, title and text, when its article was last queued) of
        the passages of ``article_ids``."""
        rows = []
        for i in range(0, len(article_ids), 500):
            chunk = article_ids[i:i + 500]
            rows += self.db.execute(
                "SELECT p.id, p.published_ts, a.title || char(10) || p.text, "
                "(SELECT MAX(queued_at) FROM recheck_pending q "
                "WHERE q.article_id = p.article_id) "
                "FROM passages p JOIN articles a ON a.id = p.article_id "
                f"WHERE p.article_id IN ({','.join('?' * len(chunk))})", chunk).fetchall()
        return rows

    def save_cutoff(self, model: str, cutoff: str | None, details: str, probed_at: str) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO cutoff_estimates VALUES (?, ?, ?, ?)",
                            (model, cutoff, details, probed_at))

    def load_cutoff(self, model: str) -> str | None:
        """The details (JSON) of the model's saved cutoff estimate."""
        row = self.db.execute("SELECT details FROM cutoff_estimates WHERE model=?",
                              (model,)).fetchone()
        return row[0] if row else None
