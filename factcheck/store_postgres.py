"""Articles, passages, feeds, raw-page bookkeeping and the keyword index in PostgreSQL, for a
store that many processes on many machines share.

The keyword index is a ``tsvector`` column ('simple' configuration over unaccented text, so
words of any language are searched as written, without diacritics) with a GIN index, and a
``pg_trgm`` GIN index over the same text for Chinese and Japanese, which run words together,
and Japanese passages' words (``keywords.japanese_words``, a ``tsvector`` of its own).
Each word's passage count is kept in ``term_frequency`` by the transactions that write the
passages, for the keyword leg's choice of words. Connections come from a pool; every write is
one transaction. Writers take a session-level advisory lock (``writer()``), released when the
session ends even if the writer is killed.
Schema changes are numbered migrations applied on open (``MIGRATIONS``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import threading
import time
from collections.abc import Callable, Iterator

from .errors import StoreError, StoreLockedError
from .keywords import (
    MAX_TRIGRAMS,
    common_cap,
    informative,
    japanese_words,
    needs_frequencies,
    query_words,
    summed,
    trigrams,
)
from .news.chunk import CJK
from .passage import Hit
from .store_sqlite import (
    ARTICLE_FIELDS,
    COPIED_TABLES,
    HISTORY_TABLES,
    SAVED_CLAIMS_SQL,
    check_query,
)

__all__ = ["MIGRATIONS", "PostgresRows"]

log = logging.getLogger(__name__)

# Keys of the advisory locks (any 64-bit numbers no other application uses on the database).
_WRITER_LOCK = 0x66616374_77726974  # "fact" "writ"
_MIGRATION_LOCK = 0x66616374_6D696772  # "fact" "migr"

# 1: the tables of the SQLite store, with the keyword index as columns of passages.
_INITIAL = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    canonical_url TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,
    title TEXT NOT NULL,
    site TEXT NOT NULL,
    published TEXT NOT NULL,
    published_ts BIGINT NOT NULL,
    date_source TEXT NOT NULL,
    language TEXT,
    added_at TEXT NOT NULL,
    n_passages INTEGER NOT NULL
);
CREATE INDEX articles_hash ON articles(content_hash);
CREATE TABLE passages (
    rowid BIGSERIAL PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    article_id TEXT NOT NULL REFERENCES articles(id),
    idx INTEGER NOT NULL,
    text TEXT NOT NULL,
    published_ts BIGINT NOT NULL,
    indexed TEXT NOT NULL,
    words TSVECTOR NOT NULL
);
CREATE INDEX passages_article ON passages(article_id);
CREATE INDEX passages_words ON passages USING gin (words);
CREATE INDEX passages_trigrams ON passages USING gin (indexed gin_trgm_ops);
CREATE TABLE article_outlets (
    seq BIGSERIAL,
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
CREATE INDEX article_outlets_url ON article_outlets(url);
CREATE INDEX article_outlets_fetched ON article_outlets(fetched_url);
CREATE TABLE article_minhash (article_id TEXT PRIMARY KEY, signature BYTEA NOT NULL);
CREATE TABLE article_bands (
    band INTEGER NOT NULL,
    hash BIGINT NOT NULL,
    article_id TEXT NOT NULL,
    PRIMARY KEY (band, hash, article_id)
);
CREATE TABLE feeds (
    url TEXT PRIMARY KEY,
    title TEXT,
    etag TEXT,
    last_modified TEXT,
    added_at TEXT NOT NULL,
    checked_at TEXT,
    status TEXT,
    entries INTEGER
);
CREATE TABLE raw_fetches (
    seq BIGSERIAL,
    url TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    content_type TEXT,
    fetched_at TEXT NOT NULL,
    PRIMARY KEY (url, sha256)
);
"""

# 2: the check history and the cutoff estimates, as the SQLite store's migrations 1 and 2
# (migrations.py). Every article written is queued for re-checks by a trigger, inside the
# article's own transaction, whatever process writes it; the time is the clock's, not the
# transaction's start, in the form the check times take (history.now_stamp).
_HISTORY = """
CREATE TABLE claims (
    id BIGSERIAL PRIMARY KEY,
    claim TEXT NOT NULL UNIQUE,
    as_of TEXT,
    judge TEXT NOT NULL,
    top_k INTEGER NOT NULL,
    embedder TEXT,
    vector BYTEA,
    first_checked TEXT NOT NULL
);
CREATE TABLE checks (
    id BIGSERIAL PRIMARY KEY,
    claim_id BIGINT NOT NULL REFERENCES claims(id),
    as_of TEXT NOT NULL,
    label TEXT NOT NULL,
    confidence DOUBLE PRECISION NOT NULL,
    verdict TEXT NOT NULL,
    model TEXT NOT NULL,
    judge TEXT NOT NULL,
    weights TEXT NOT NULL,
    trigger TEXT NOT NULL,
    checked_at TEXT NOT NULL
);
CREATE INDEX checks_claim ON checks(claim_id, id);
CREATE INDEX checks_time ON checks(checked_at);
CREATE TABLE recheck_pending (
    seq BIGSERIAL PRIMARY KEY,
    article_id TEXT NOT NULL,
    queued_at TEXT NOT NULL
);
CREATE INDEX recheck_pending_article ON recheck_pending(article_id);
CREATE FUNCTION factcheck_queue_recheck() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO recheck_pending (article_id, queued_at) VALUES (NEW.id,
        to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS'));
    RETURN NULL;
END $$;
CREATE TRIGGER articles_recheck AFTER INSERT ON articles
    FOR EACH ROW EXECUTE FUNCTION factcheck_queue_recheck();
CREATE TABLE cutoff_estimates (
    model TEXT PRIMARY KEY,
    cutoff TEXT,
    details TEXT NOT NULL,
    probed_at TEXT NOT NULL
);
"""

# 3: how many passages hold each word of the keyword index, kept by the transactions that write
# and delete passages (save_article), so that the keyword leg reads a word's count off one row
# where counting it in the GIN index read every passage counted. An older store's counts are
# taken from its passages, which stay unwritten meanwhile.
_TERM_COUNTS = """
LOCK TABLE passages IN SHARE MODE;
CREATE TABLE term_frequency (term TEXT COLLATE "C" PRIMARY KEY, n INTEGER NOT NULL);
INSERT INTO term_frequency (term, n)
    SELECT w.lexeme, COUNT(*) FROM passages p, unnest(p.words) AS w GROUP BY w.lexeme;
"""


def _japanese_words(conn) -> None:
    """4: the words of Japanese passages (``keywords.japanese_words`` of the title and text),
    searched beside the trigram index, filled from the passages stored. The words are the
    lexemes as they are: the text search parser would split Japanese by the database's locale."""
    conn.execute("LOCK TABLE passages IN SHARE ROW EXCLUSIVE MODE")
    conn.execute("ALTER TABLE passages ADD COLUMN ja_words TSVECTOR NOT NULL DEFAULT ''")
    last, filled = 0, 0
    while True:  # a thousand passages at a time: a newsroom's index does not fit in memory
        rows = conn.execute("SELECT rowid, indexed FROM passages WHERE rowid > %s "
                            "AND indexed ~ '[\u3040-\u30ff]' ORDER BY rowid LIMIT 1000",
                            (last,)).fetchall()
        if not rows:
            break
        last = rows[-1][0]
        words = [(rowid, " ".join(japanese_words(text))) for rowid, text in rows]
        conn.execute("UPDATE passages p SET ja_words = "
                     "array_to_tsvector(string_to_array(x.words, ' ')) "
                     "FROM unnest(%s::bigint[], %s::text[]) AS x(rowid, words) "
                     "WHERE p.rowid = x.rowid", ([r for r, _ in words], [w for _, w in words]))
        filled += len(rows)
    if filled:
        log.info("store schema: indexed the words of %d Japanese passages", filled)
    conn.execute("CREATE INDEX passages_ja_words ON passages USING gin (ja_words)")


# Migrations are only ever appended; an applied one is never edited. A migration is a script,
# or a function of the connection where Python must fill what it adds.
MIGRATIONS: list[tuple[int, str | Callable[..., None]]] = [
    (1, _INITIAL), (2, _HISTORY), (3, _TERM_COUNTS), (4, _japanese_words)]

# The history tables' generated keys: a copy with its ids moves them past the highest.
_SERIALS = {"claims": "id", "checks": "id", "recheck_pending": "seq"}

# An article's passages, with their keyword columns (the title and the text, as the SQLite
# store indexes them), and the change in each word's passage count: the words of the new
# passages, less those of the passages they replace (``gone_terms``, negative ``gone_n``). The
# counts are updated in one statement, in the words' order, so that two writers wait for each
# other's words instead of each holding one the other needs.
_INSERT_PASSAGES = """
WITH new AS (
    INSERT INTO passages (id, article_id, idx, text, published_ts, indexed, words, ja_words)
    SELECT x.id, %(article)s, x.idx, x.text, %(ts)s, x.indexed,
           to_tsvector('simple', unaccent(x.indexed)),
           array_to_tsvector(string_to_array(x.ja, ' '))
    FROM unnest(%(ids)s::text[], %(idx)s::int[], %(texts)s::text[], %(indexed)s::text[],
                %(ja)s::text[])
        AS x(id, idx, text, indexed, ja)
    RETURNING words),
delta (term, n) AS (
    SELECT w.lexeme, COUNT(*) FROM new, unnest(new.words) AS w GROUP BY w.lexeme
    UNION ALL SELECT * FROM unnest(%(gone_terms)s::text[], %(gone_n)s::bigint[]))
INSERT INTO term_frequency (term, n)
SELECT term, SUM(n)::integer FROM delta GROUP BY term HAVING SUM(n) <> 0
ORDER BY term COLLATE "C"
ON CONFLICT (term) DO UPDATE SET n = term_frequency.n + EXCLUDED.n
"""


# Each term's passage count, up to ``cap`` (past it ``informative`` leaves the term out). A term
# that the keyword query searches as one lexeme (``q``, the term's own ``v``) is looked up in
# ``term_frequency``; one that the parser splits (``covid_19``: a phrase of two) is counted in
# the index, as every term was before the table.
_COUNT_WORDS = (
    "SELECT w, CASE WHEN numnode(q) = 1 AND length(v) = 1 AND v @@ q "
    "THEN LEAST(%(cap)s, COALESCE((SELECT n FROM term_frequency "
    "WHERE term = (tsvector_to_array(v))[1]), 0)) "
    "ELSE (SELECT COUNT(*) FROM (SELECT 1 FROM passages WHERE words @@ q "
    "LIMIT %(cap)s) AS t) END "
    "FROM unnest(%(terms)s::text[]) AS w, "
    "to_tsquery('simple', quote_literal(unaccent(w))) AS q, "
    "to_tsvector('simple', unaccent(w)) AS v")
# Japanese words are counted in their index.
_COUNT_JAPANESE = (
    "SELECT w, (SELECT COUNT(*) FROM (SELECT 1 FROM passages "
    "WHERE ja_words @@ quote_literal(w)::tsquery LIMIT %(cap)s) AS t) "
    "FROM unnest(%(terms)s::text[]) AS w")


# A Hit's fields, in its order, from passages p joined with articles a.
_HIT_COLUMNS = "p.id, p.article_id, p.text, a.title, a.url, a.site, a.published"


def _now() -> str:
    # The format SQLite's datetime('now') writes, so copied stores sort and compare alike.
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")


def _like(gram: str) -> str:
    escaped = gram.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class PostgresRows:
    """The PostgreSQL side of a store at ``url`` (``postgresql://USER@HOST:PORT/DB``; the
    password, if any, from the environment as libpq reads it: PGPASSWORD or ~/.pgpass)."""

    engine = "postgresql"

    def __init__(self, url: str, lock_timeout: float = 60.0, *, create: bool = True) -> None:
        from psycopg_pool import ConnectionPool

        from .store import redact_url

        if not url.startswith(("postgresql://", "postgres://")):
            raise StoreError(f"--store-url {redact_url(url)!r} is not a PostgreSQL URL; give "
                             "postgresql://USER@HOST:PORT/DATABASE")
        self.url = url
        self.lock_timeout = lock_timeout
        self._shown = redact_url(url)
        # prepare_threshold=None: psycopg would otherwise prepare a statement after its fifth
        # run on a connection, and PostgreSQL then plans it once for any parameters. That
        # generic plan counts a word's passages by a sequential scan that runs to_tsquery on
        # every row (the LIMIT is a parameter, so a scan looks cheap), 10-20x slower than the
        # plan for the actual words; planning each query costs a fraction of a millisecond.
        self.pool = ConnectionPool(url, min_size=1, max_size=8, open=False,
                                   kwargs={"connect_timeout": 10, "prepare_threshold": None},
                                   name="factcheck-store")
        try:
            self.pool.open(wait=True, timeout=min(lock_timeout, 30.0))
        except Exception as exc:  # psycopg's errors, and the pool's PoolTimeout naming the cause
            self.pool.close()  # else its workers keep trying to connect
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
            raise StoreError(f"cannot connect to the store database {self._shown}: {reason}; "
                             "start PostgreSQL or fix --store-url (and PGPASSWORD)") from None
        try:
            if not create and not self._exists():
                raise StoreError(f"no store in {self._shown}; ingest news into it first "
                                 "(factcheck ingest ... --store-url URL) or give another "
                                 "--store-url")
            self.version = self._migrate()
        except BaseException:
            self.pool.close()
            raise
        self._seen: tuple = ()
        self._df: dict[str, int] = {}
        self._df_total = 0
        self._df_lock = threading.Lock()

    def __str__(self) -> str:
        return self._shown

    def _exists(self) -> bool:
        with self.pool.connection() as conn:
            return conn.execute("SELECT to_regclass('articles') IS NOT NULL").fetchone()[0]

    def _migrate(self) -> int:
        """Apply the migrations after the database's version, in one transaction under an
        advisory lock, so of two processes opening an old store at once one applies them and
        the other finds them applied."""
        import psycopg

        latest = MIGRATIONS[-1][0]
        try:
            with self.pool.connection() as conn:
                with conn.transaction():
                    conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
                    conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                                 "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
                    version = conn.execute(
                        "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()[0]
                    if version > latest:
                        raise StoreError(
                            f"store {self._shown} has schema version {version}, newer than this "
                            f"factcheck knows ({latest}); upgrade factcheck")
                    for number, script in MIGRATIONS:
                        if number > version:
                            log.info("store schema: applying migration %d", number)
                            if callable(script):
                                script(conn)
                            else:
                                conn.execute(script)
                            conn.execute("INSERT INTO schema_migrations VALUES (%s, %s)",
                                         (number, _now()))
                            version = number
            return version
        except psycopg.Error as exc:
            raise StoreError(f"cannot set up the store in {self._shown}: "
                             f"{str(exc).strip().splitlines()[0]}; the database user needs "
                             "CREATE on the database (and pg_trgm and unaccent available)"
                             ) from None

    # -- what other processes did -----------------------------------------------------------
    def changed_elsewhere(self) -> bool:
        """Whether the passages changed since the last call (the first call only takes note).
        Only asked when the vectors are embedded Chroma, which must then reload."""
        with self.pool.connection() as conn:
            now = tuple(conn.execute(
                "SELECT COUNT(*), COALESCE(MAX(rowid), 0), (SELECT MAX(added_at) FROM articles) "
                "FROM passages").fetchone())
        seen, self._seen = self._seen, now
        return bool(seen) and seen != now

    # -- locking -----------------------------------------------------------------------------
    @contextlib.contextmanager
    def writer(self) -> Iterator[None]:
        """One writer at a time across every machine: a session-level advisory lock on a
        connection held for the whole write. Readers never wait for it."""
        deadline = time.monotonic() + self.lock_timeout
        with self.pool.connection() as conn:
            conn.autocommit = True  # the lock belongs to the session, not a transaction
            try:
                while not conn.execute("SELECT pg_try_advisory_lock(%s)",
                                       (_WRITER_LOCK,)).fetchone()[0]:
                    if time.monotonic() >= deadline:
                        raise StoreLockedError(
                            f"another factcheck process is writing to {self._shown}; wait for "
                            "it to finish or raise lock_timeout")
                    time.sleep(0.2)
                try:
                    yield
                finally:
                    conn.execute("SELECT pg_advisory_unlock(%s)", (_WRITER_LOCK,))
            finally:
                conn.autocommit = False

    # -- embedding model guard ---------------------------------------------------------------
    def check_embedder(self, name: str, dim: int) -> None:
        current = json.dumps({"name": name, "dim": dim})
        with self.pool.connection() as conn:
            conn.execute("INSERT INTO meta VALUES ('embedder', %s) ON CONFLICT DO NOTHING",
                         (current,))
            stored = json.loads(conn.execute(
                "SELECT value FROM meta WHERE key='embedder'").fetchone()[0])
        if stored != json.loads(current):
            raise StoreError(
                f"store {self._shown} holds vectors from embedding model {stored['name']} "
                f"({stored['dim']} dims), not {name} ({dim} dims); use the same "
                "FACTCHECK_EMBED_MODEL or another store")

    def embedder_name(self) -> str | None:
        row = self._one("SELECT value FROM meta WHERE key='embedder'")
        return json.loads(row[0])["name"] if row else None

    def meta(self, key: str) -> str | None:
        row = self._one("SELECT value FROM meta WHERE key=%s", (key,))
        return row[0] if row else None

    def set_meta(self, key: str, value: str | None) -> None:
        with self.pool.connection() as conn:
            if value is None:
                conn.execute("DELETE FROM meta WHERE key=%s", (key,))
            else:
                conn.execute("INSERT INTO meta VALUES (%s, %s) ON CONFLICT (key) DO UPDATE "
                             "SET value = EXCLUDED.value", (key, value))

    def _one(self, sql: str, params: tuple | dict = ()) -> tuple | None:
        with self.pool.connection() as conn:
            return conn.execute(sql, params).fetchone()

    def _all(self, sql: str, params: tuple | dict = ()) -> list[tuple]:
        with self.pool.connection() as conn:
            return conn.execute(sql, params).fetchall()

    # -- ingestion ---------------------------------------------------------------------------
    def article_for_url(self, url: str) -> tuple[str, str] | None:
        row = self._one(
            "SELECT id, content_hash FROM articles WHERE canonical_url=%(u)s UNION ALL "
            "(SELECT a.id, a.content_hash FROM article_outlets o JOIN articles a "
            "ON a.id = o.article_id WHERE o.url=%(u)s OR o.fetched_url=%(u)s LIMIT 1) LIMIT 1",
            {"u": url})
        return (row[0], row[1]) if row else None

    def article_origin(self, article_id: str) -> str | None:
        row = self._one(
            "SELECT o.fetched_url FROM article_outlets o JOIN articles a ON a.id = o.article_id "
            "AND o.url = a.canonical_url WHERE a.id=%s", (article_id,))
        return row[0] if row else None

    def article_for_hash(self, content_hash: str) -> str | None:
        row = self._one("SELECT id FROM articles WHERE content_hash=%s LIMIT 1", (content_hash,))
        return row[0] if row else None

    def near_duplicate_candidates(self, bands: list[tuple[int, int]]) -> list[tuple[str, bytes]]:
        rows = self._all(
            "SELECT DISTINCT m.article_id, m.signature FROM article_bands b "
            "JOIN article_minhash m ON m.article_id = b.article_id "
            "JOIN unnest(%s::int[], %s::bigint[]) AS q(band, hash) "
            "ON b.band = q.band AND b.hash = q.hash",
            ([b for b, _ in bands], [h for _, h in bands]))
        return [(r[0], bytes(r[1])) for r in rows]

    def save_article(self, r: dict) -> int | None:
        article_id, passages = r["article_id"], r["passages"]
        added = r.get("added_at") or _now()
        with self.pool.connection() as conn, conn.transaction():
            # Row lock on the article: two writers replacing one story take turns.
            old = conn.execute("SELECT title, n_passages FROM articles WHERE id=%s FOR UPDATE",
                               (article_id,)).fetchone()
            gone: list[tuple[str, int]] = []
            if old is not None:
                # The old passages' words leave the counts with the new ones' words coming in.
                gone = conn.execute(
                    "WITH gone AS (DELETE FROM passages WHERE article_id=%s RETURNING words) "
                    "SELECT w.lexeme, -COUNT(*) FROM gone, unnest(gone.words) AS w "
                    "GROUP BY w.lexeme", (article_id,)).fetchall()
                conn.execute("DELETE FROM articles WHERE id=%s", (article_id,))
                conn.execute("DELETE FROM article_bands WHERE article_id=%s", (article_id,))
            conn.execute(
                "INSERT INTO articles VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
                (article_id, r["url"], r["canonical_url"], r["content_hash"], r["title"],
                 r["site"], r["published"], r["published_ts"], r["date_source"],
                 r.get("language"), added, len(passages)))
            conn.execute(_INSERT_PASSAGES, {
                "article": article_id, "ts": r["published_ts"],
                "ids": [f"{article_id}:{i}" for i in range(len(passages))],
                "idx": list(range(len(passages))), "texts": list(passages),
                "indexed": [f"{r['title']}\n{text}" for text in passages],
                "ja": [" ".join(japanese_words(f"{r['title']}\n{text}")) for text in passages],
                "gone_terms": [t for t, _ in gone], "gone_n": [n for _, n in gone]})
            if gone:  # words no passage holds any more
                conn.execute("DELETE FROM term_frequency WHERE term = ANY(%s) AND n = 0",
                             ([t for t, _ in gone],))
            with conn.cursor() as cur:
                conn.execute(
                    "INSERT INTO article_outlets (article_id, url, fetched_url, site, title, "
                    "published, raw_sha256, added_at) VALUES (%s,%s,%s,%s,%s,%s,%s,%s) "
                    "ON CONFLICT (article_id, url) DO UPDATE SET fetched_url=EXCLUDED.fetched_url,"
                    " site=EXCLUDED.site, title=EXCLUDED.title, published=EXCLUDED.published, "
                    "raw_sha256=EXCLUDED.raw_sha256, added_at=EXCLUDED.added_at",
                    (article_id, r["canonical_url"], r.get("fetched_url"), r["site"], r["title"],
                     r["published"], r.get("raw_sha256"), added))
                if r.get("signature") is not None:
                    conn.execute(
                        "INSERT INTO article_minhash VALUES (%s, %s) ON CONFLICT (article_id) "
                        "DO UPDATE SET signature=EXCLUDED.signature",
                        (article_id, r["signature"]))
                    cur.executemany(
                        "INSERT INTO article_bands VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                        [(b, h, article_id) for b, h in r.get("bands") or []])
        return None if old is None else old[1]

    def add_outlet(self, article_id: str, *, url: str, site: str, title: str,
                   published: str | None, fetched_url: str | None = None,
                   raw_sha256: str | None = None) -> bool:
        with self.pool.connection() as conn:
            cur = conn.execute(
                "INSERT INTO article_outlets (article_id, url, fetched_url, site, title, "
                "published, raw_sha256, added_at) VALUES (%s,%s,%s,%s,%s,%s,%s,%s) "
                "ON CONFLICT DO NOTHING",
                (article_id, url, fetched_url, site, title, published, raw_sha256, _now()))
            return cur.rowcount > 0

    def outlets(self, article_id: str) -> list[dict]:
        rows = self._all(
            "SELECT url, site, title, published, added_at FROM article_outlets "
            "WHERE article_id=%s ORDER BY added_at, seq", (article_id,))
        if not rows:
            rows = self._all("SELECT canonical_url, site, title, published, added_at "
                             "FROM articles WHERE id=%s", (article_id,))
        keys = ("url", "site", "title", "published", "added_at")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    # -- feeds and raw bodies ----------------------------------------------------------------
    def add_feed(self, url: str, title: str | None = None) -> bool:
        with self.pool.connection() as conn:
            return conn.execute(
                "INSERT INTO feeds (url, title, added_at) VALUES (%s, %s, %s) "
                "ON CONFLICT DO NOTHING", (url, title, _now())).rowcount > 0

    def remove_feed(self, url: str) -> bool:
        with self.pool.connection() as conn:
            return conn.execute("DELETE FROM feeds WHERE url=%s", (url,)).rowcount > 0

    def feeds(self) -> list[dict]:
        with self.pool.connection() as conn:
            cur = conn.execute(
                "SELECT url, title, etag, last_modified, added_at, checked_at, status, entries "
                "FROM feeds ORDER BY added_at, url")
            keys = [d[0] for d in cur.description]
            return [dict(zip(keys, row, strict=True)) for row in cur.fetchall()]

    def update_feed(self, url: str, *, status: str, entries: int | None = None,
                    etag: str | None = None, last_modified: str | None = None,
                    title: str | None = None, validators: bool = False) -> None:
        with self.pool.connection() as conn, conn.transaction():
            conn.execute(
                "UPDATE feeds SET checked_at=%s, status=%s, entries=COALESCE(%s, entries), "
                "title=COALESCE(%s, title) WHERE url=%s",
                (_now(), status, entries, title, url))
            if validators:
                conn.execute("UPDATE feeds SET etag=%s, last_modified=%s WHERE url=%s",
                             (etag, last_modified, url))

    def record_raw(self, url: str, sha256: str, content_type: str) -> None:
        with self.pool.connection() as conn:
            # A re-fetched (url, body) pair moves to the newest sequence number.
            conn.execute(
                "INSERT INTO raw_fetches (url, sha256, content_type, fetched_at) "
                "VALUES (%s, %s, %s, %s) ON CONFLICT (url, sha256) DO UPDATE SET "
                "content_type=EXCLUDED.content_type, fetched_at=EXCLUDED.fetched_at, "
                "seq=nextval(pg_get_serial_sequence('raw_fetches', 'seq'))",
                (url, sha256, content_type, _now()))

    def raw_fetches(self) -> list[tuple[str, str, str]]:
        return [tuple(r) for r in self._all(
            "SELECT DISTINCT ON (url) url, sha256, content_type FROM raw_fetches "
            "ORDER BY url, seq DESC")]

    # -- search ------------------------------------------------------------------------------
    def hits(self, passage_ids: list[str], max_ts: int | None = None) -> dict[str, Hit]:
        if not passage_ids:
            return {}
        sql = (f"SELECT {_HIT_COLUMNS} FROM passages p JOIN articles a ON a.id = p.article_id "
               "WHERE p.id = ANY(%s)" + ("" if max_ts is None else " AND p.published_ts <= %s"))
        params = (list(passage_ids),) + (() if max_ts is None else (max_ts,))
        return {r[0]: Hit(*r) for r in self._all(sql, params)}

    def _document_frequency(self, conn, term: str, total: int) -> int:
        # Counts past the share that makes a word common are cut there, as counting in the
        # index stops there; counts are kept until the index has grown by a tenth.
        with self._df_lock:
            if total > self._df_total * 1.1 or total < self._df_total:
                self._df, self._df_total = {}, total
            missing = term not in self._df
        if missing:
            self._count_terms(conn, [term], total)
        return self._df[term]

    def _count_terms(self, conn, terms: list[str], total: int,
                     counting: str = _COUNT_WORDS) -> None:
        """Count the passages of every uncounted term in one round trip: a claim's words are
        mostly new to the cache, and one query per word cost more than the search itself.
        ``counting`` is the query: ``_COUNT_WORDS`` for the word index, ``_COUNT_JAPANESE``
        for Japanese words (they hold kana or kanji, the word index's terms here never do, so
        the two share the cache)."""
        with self._df_lock:
            todo = [t for t in dict.fromkeys(terms) if t not in self._df]
        if not todo:
            return
        rows = conn.execute(counting, {"cap": common_cap(total), "terms": todo}).fetchall()
        with self._df_lock:
            self._df.update(dict(rows))

    def keyword_terms(self, terms: list[str]) -> list[str]:
        """The ones of ``terms`` that a keyword search of this index would search for."""
        with self.pool.connection() as conn:
            total = conn.execute("SELECT COALESCE(MAX(rowid), 0) FROM passages").fetchone()[0]
            return informative(terms, total, lambda t: self._document_frequency(conn, t, total))

    def search_keywords(self, query: str, max_ts: int, n: int) -> list[Hit]:
        words = query_words(query)
        with self.pool.connection() as conn:
            total = conn.execute("SELECT COALESCE(MAX(rowid), 0) FROM passages").fetchone()[0]
            # Words of spaced scripts go to the word index; Chinese and Japanese clauses to the
            # trigram index, as their trigrams.
            plain = [w for w in words if not CJK.search(w)]
            if needs_frequencies(plain, total):
                self._document_frequency(conn, plain[0], total)  # resets a stale cache
                self._count_terms(conn, plain, total)
            plain = informative(plain, total, lambda t: self._document_frequency(conn, t, total))
            grams = list(dict.fromkeys(
                g for w in words if CJK.search(w) and len(w) >= 3 for g in trigrams(w)
            ))[:MAX_TRIGRAMS]
            japanese = japanese_words(query)
            if needs_frequencies(japanese, total):
                self._count_terms(conn, japanese, total, _COUNT_JAPANESE)
            japanese = informative(japanese, total, lambda t: self._df.get(t, 0))
            # Each leg returns its hits' columns itself: one round trip per leg.
            legs: list[list[tuple]] = []
            if plain:
                # quote_literal: each word is one lexeme, whatever characters it holds.
                legs.append(conn.execute(
                    f"SELECT {_HIT_COLUMNS}, ts_rank(p.words, q) AS s FROM passages p "
                    "JOIN articles a ON a.id = p.article_id, "
                    "(SELECT to_tsquery('simple', string_agg(quote_literal(unaccent(w)), ' | '))"
                    " AS q FROM unnest(%s::text[]) AS w) AS query "
                    "WHERE p.words @@ q AND p.published_ts <= %s ORDER BY s DESC LIMIT %s",
                    (plain, max_ts, n)).fetchall())
            if japanese:
                # The words are lexemes as they are (no parser), as the index holds them. A
                # passage scores the share of the words it holds, as the trigram leg does.
                legs.append(conn.execute(
                    f"SELECT {_HIT_COLUMNS}, (SELECT COUNT(*) FROM unnest(%s::text[]) AS w "
                    "WHERE p.ja_words @@ quote_literal(w)::tsquery)::float / %s AS s "
                    "FROM passages p JOIN articles a ON a.id = p.article_id, "
                    "(SELECT string_agg(quote_literal(w), ' | ')::tsquery AS q "
                    "FROM unnest(%s::text[]) AS w) AS query "
                    "WHERE p.ja_words @@ q AND p.published_ts <= %s ORDER BY s DESC LIMIT %s",
                    (japanese, len(japanese), japanese, max_ts, n)).fetchall())
            if grams:
                patterns = [_like(g) for g in grams]
                legs.append(conn.execute(
                    f"SELECT {_HIT_COLUMNS}, (SELECT COUNT(*) FROM unnest(%s::text[]) AS g "
                    "WHERE p.indexed ILIKE g)::float / %s AS s FROM passages p "
                    "JOIN articles a ON a.id = p.article_id "
                    "WHERE p.indexed ILIKE ANY(%s) AND p.published_ts <= %s "
                    "ORDER BY s DESC LIMIT %s",
                    (patterns, len(patterns), patterns, max_ts, n)).fetchall())
        return summed([[(Hit(*columns), float(score)) for *columns, score in rows]
                       for rows in legs], n)

    # -- reporting ---------------------------------------------------------------------------
    def stats(self) -> dict:
        with self.pool.connection() as conn:
            articles, first, last = conn.execute(
                "SELECT COUNT(*), MIN(published), MAX(published) FROM articles").fetchone()
            passages = conn.execute("SELECT COUNT(*) FROM passages").fetchone()[0]
            sites = conn.execute(
                "SELECT site, COUNT(*) FROM articles GROUP BY site ORDER BY COUNT(*) DESC, site"
            ).fetchall()
        return {
            "store": self._shown,
            "articles": articles,
            "passages": passages,
            "sources": {site: n for site, n in sites},
            "date_range": [first[:10] if first else None, last[:10] if last else None],
            "embedder": self.embedder_name(),
        }

    def close(self) -> None:
        self.pool.close()

    # -- copying between stores (factcheck migrate) ------------------------------------------
    def articles(self) -> Iterator[dict]:
        rows = self._all(
            "SELECT a.id, a.url, a.canonical_url, a.content_hash, a.title, a.site, a.published, "
            "a.published_ts, a.date_source, a.language, a.added_at, o.fetched_url, o.raw_sha256 "
            "FROM articles a LEFT JOIN article_outlets o ON o.article_id = a.id "
            "AND o.url = a.canonical_url ORDER BY a.added_at, a.id")
        for row in rows:
            record = dict(zip(ARTICLE_FIELDS, row, strict=True))
            record["passages"] = [t for (t,) in self._all(
                "SELECT text FROM passages WHERE article_id=%s ORDER BY idx", (row[0],))]
            yield record

    def table_rows(self, table: str) -> list[tuple]:
        columns = COPIED_TABLES.get(table) or HISTORY_TABLES[table]
        order = ("seq" if table in {"article_outlets", "raw_fetches"}
                 else columns[0] if table in HISTORY_TABLES else "1")
        return [tuple(bytes(v) if isinstance(v, memoryview) else v for v in r)
                for r in self._all(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}")]

    def insert_rows(self, table: str, rows: list[tuple]) -> None:
        columns = COPIED_TABLES.get(table) or HISTORY_TABLES[table]
        marks = ",".join(["%s"] * len(columns))
        with self.pool.connection() as conn, conn.transaction(), conn.cursor() as cur:
            cur.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks}) "
                            "ON CONFLICT DO NOTHING", rows)
            if table in _SERIALS:  # rows copied with their keys: new ones come after them
                key = _SERIALS[table]
                conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', '{key}'), "
                             f"COALESCE(MAX({key}), 0) + 1, false) FROM {table}")

    # -- check history (history.py, recheck.py, probe.py; store_sqlite.py says what each
    # method gives) ---------------------------------------------------------------------------
    def record_check(self, claim: dict, check: dict, *, update: bool
                     ) -> tuple[int, int, str | None]:
        sets = ("as_of=EXCLUDED.as_of, judge=EXCLUDED.judge, top_k=EXCLUDED.top_k" if update
                else "claim=EXCLUDED.claim")
        with self.pool.connection() as conn, conn.transaction():
            claim_id, embedder = conn.execute(
                "INSERT INTO claims (claim, as_of, judge, top_k, first_checked) "
                "VALUES (%(claim)s, %(as_of)s, %(judge)s, %(top_k)s, %(first_checked)s) "
                f"ON CONFLICT (claim) DO UPDATE SET {sets} RETURNING id, embedder",
                claim).fetchone()
            check_id = conn.execute(
                "INSERT INTO checks (claim_id, as_of, label, confidence, verdict, model, judge, "
                "weights, trigger, checked_at) VALUES (%(claim_id)s, %(as_of)s, %(label)s, "
                "%(confidence)s, %(verdict)s, %(model)s, %(judge)s, %(weights)s, %(trigger)s, "
                "%(checked_at)s) RETURNING id", {**check, "claim_id": claim_id}).fetchone()[0]
        return check_id, claim_id, embedder

    def save_claim_vectors(self, rows: list[tuple[str, bytes, int]]) -> None:
        with self.pool.connection() as conn, conn.transaction(), conn.cursor() as cur:
            cur.executemany("UPDATE claims SET embedder=%s, vector=%s WHERE id=%s", rows)

    def claim_vectors(self) -> list[tuple[int, str | None, bytes | None]]:
        return [(i, name, None if v is None else bytes(v))
                for i, name, v in self._all("SELECT id, embedder, vector FROM claims")]

    def check_rows(self, **filters) -> list[tuple]:
        sql, params = check_query("%s", **filters)
        return [tuple(r) for r in self._all(sql, tuple(params))]

    def saved_claims(self, ids: list[int] | None = None) -> list[tuple]:
        sql, params = SAVED_CLAIMS_SQL, ()
        if ids is not None:
            sql += " WHERE cl.id = ANY(%s)"
            params = (list(ids),)
        return [tuple(r) for r in self._all(sql + " ORDER BY cl.id", params)]

    def history_counts(self) -> dict[str, int]:
        claims, checks = self._one(
            "SELECT (SELECT COUNT(*) FROM claims), (SELECT COUNT(*) FROM checks)")
        return {"claims": claims, "checks": checks}

    def recheck_queue(self) -> tuple[int, list[str]]:
        with self.pool.connection() as conn:
            top = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM recheck_pending"
                               ).fetchone()[0]
            return top, [r[0] for r in conn.execute(
                "SELECT article_id FROM recheck_pending WHERE seq <= %s "
                "GROUP BY article_id ORDER BY MIN(seq)", (top,))]

    def clear_recheck_queue(self, top: int | None = None) -> None:
        with self.pool.connection() as conn:
            if top is None:
                conn.execute("DELETE FROM recheck_pending")
            else:
                conn.execute("DELETE FROM recheck_pending WHERE seq <= %s", (top,))

    def queued_passages(self, article_ids: list[str]) -> list[tuple]:
        return [tuple(r) for r in self._all(
            "SELECT p.id, p.published_ts, a.title || chr(10) || p.text, "
            "(SELECT MAX(queued_at) FROM recheck_pending q WHERE q.article_id = p.article_id) "
            "FROM passages p JOIN articles a ON a.id = p.article_id "
            "WHERE p.article_id = ANY(%s)", (list(article_ids),))]

    def save_cutoff(self, model: str, cutoff: str | None, details: str, probed_at: str) -> None:
        with self.pool.connection() as conn:
            conn.execute(
                "INSERT INTO cutoff_estimates VALUES (%s, %s, %s, %s) ON CONFLICT (model) DO "
                "UPDATE SET cutoff=EXCLUDED.cutoff, details=EXCLUDED.details, "
                "probed_at=EXCLUDED.probed_at", (model, cutoff, details, probed_at))

    def load_cutoff(self, model: str) -> str | None:
        row = self._one("SELECT details FROM cutoff_estimates WHERE model=%s", (model,))
        return row[0] if row else None
