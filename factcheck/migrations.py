"""Numbered schema migrations of the store's SQLite database.

The store's original tables are created with ``IF NOT EXISTS`` on every open (store.py). Tables
added later are numbered migrations: ``PRAGMA user_version`` holds the number of the last one
applied, and opening a store applies the ones after it, each in its own transaction, so a store
of any age is brought up to date and a crash mid-migration leaves the previous version whole.
A migration is a script, or a function of the connection where Python must fill what it adds.
Migrations are only ever appended; an applied one is never edited.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable

from .keywords import japanese_words

__all__ = ["MIGRATIONS", "migrate", "schema_version"]

log = logging.getLogger(__name__)

# 1: check history. ``claims`` holds each distinct claim once (its normalised text, the
# settings its checks track, its embedding for finding the news that touches it); ``checks``
# holds every verdict ever given, newest last. ``recheck_pending`` lists the articles written
# since the last re-check; the trigger fills it for every writer of the store (ingest, watch,
# the web app, the Python API) inside the article's own transaction, so no new article can be
# missed by a later re-check.
_HISTORY = """
CREATE TABLE claims (
    id INTEGER PRIMARY KEY,
    claim TEXT NOT NULL UNIQUE,
    as_of TEXT,
    judge TEXT NOT NULL,
    top_k INTEGER NOT NULL,
    embedder TEXT,
    vector BLOB,
    first_checked TEXT NOT NULL
);
CREATE TABLE checks (
    id INTEGER PRIMARY KEY,
    claim_id INTEGER NOT NULL REFERENCES claims(id),
    as_of TEXT NOT NULL,
    label TEXT NOT NULL,
    confidence REAL NOT NULL,
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
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id TEXT NOT NULL,
    queued_at TEXT NOT NULL
);
CREATE TRIGGER articles_recheck AFTER INSERT ON articles BEGIN
    INSERT INTO recheck_pending (article_id, queued_at)
    VALUES (NEW.id, strftime('%Y-%m-%dT%H:%M:%f', 'now'));
END;
"""

# 2: knowledge-cutoff estimates by `factcheck probe-cutoff`, one row per model.
_CUTOFFS = """
CREATE TABLE cutoff_estimates (
    model TEXT PRIMARY KEY,
    cutoff TEXT,
    details TEXT NOT NULL,
    probed_at TEXT NOT NULL
);
"""


def _japanese_words(db: sqlite3.Connection) -> None:
    """3: the word index of Japanese passages (``keywords.japanese_words`` of each passage's
    title and text, searched beside the trigram index), filled from the passages stored."""
    db.execute("CREATE VIRTUAL TABLE passages_ja USING fts5(words, "
               "tokenize='unicode61 remove_diacritics 0')")
    rows = db.execute("SELECT p.rowid, a.title || char(10) || p.text FROM passages p "
                      "JOIN articles a ON a.id = p.article_id")
    filled = 0
    # A thousand passages at a time: a large index's words do not all fit in memory.
    while batch := rows.fetchmany(1000):
        words = [(rowid, " ".join(w)) for rowid, text in batch if (w := japanese_words(text))]
        db.executemany("INSERT INTO passages_ja(rowid, words) VALUES (?, ?)", words)
        filled += len(words)
    if filled:
        log.info("store schema: indexed the words of %d Japanese passages", filled)


MIGRATIONS: list[tuple[int, str | Callable[[sqlite3.Connection], None]]] = [
    (1, _HISTORY), (2, _CUTOFFS), (3, _japanese_words)]


def schema_version(db: sqlite3.Connection) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: sqlite3.Connection) -> int:
    """Apply every migration after the store's version; returns the version reached. Two
    processes opening an old store at once are safe: each migration runs under BEGIN
    IMMEDIATE and re-reads the version inside it, so only one of them applies it."""
    latest = MIGRATIONS[-1][0]
    if schema_version(db) >= latest:
        return schema_version(db)
    saved = db.isolation_level
    db.isolation_level = None  # explicit transactions: DDL and the version move together
    try:
        for number, script in MIGRATIONS:
            db.execute("BEGIN IMMEDIATE")
            try:
                if schema_version(db) < number:
                    log.info("store schema: applying migration %d", number)
                    if callable(script):
                        script(db)
                    else:
                        for statement in _statements(script):
                            db.execute(statement)
                    db.execute(f"PRAGMA user_version = {number}")
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
    finally:
        db.isolation_level = saved
    return schema_version(db)


def _statements(script: str) -> list[str]:
    """The script's statements; a trigger's body keeps its inner semicolons."""
    out, current = [], []
    for line in script.strip().splitlines():
        current.append(line)
        text = "\n".join(current).strip()
        if text.endswith(";") and sqlite3.complete_statement(text):
            out.append(text)
            current = []
    if "\n".join(current).strip():
        out.append("\n".join(current).strip())
    return out
