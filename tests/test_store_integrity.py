"""The store's own consistency: the keyword index passes SQLite's FTS integrity check (also
after an update, and for a store made before its content table held titles), and an empty or
missing store path is refused instead of becoming the current folder or a new store."""

import sqlite3

import pytest

from factcheck.errors import StoreError
from factcheck.store import Store
from tests.conftest import invoke
from tests.test_news_ingest import make, page, story


def test_empty_store_path_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(StoreError, match="empty"):
        Store("")
    assert list(tmp_path.iterdir()) == []


def test_reading_a_missing_store_does_not_create_it(tmp_path):
    with pytest.raises(StoreError, match="no store at"):
        Store(tmp_path / "nowhere", create=False)
    assert not (tmp_path / "nowhere").exists()


def test_stats_on_a_missing_store_says_so(tmp_path):
    code, _, err = invoke("stats", "--store", str(tmp_path / "nowhere"))
    assert code == 1
    assert "no store at" in err
    assert not (tmp_path / "nowhere").exists()


def fts_ok(store_dir):
    db = sqlite3.connect(store_dir / "factcheck.sqlite3")
    try:
        for table in ("passages_fts", "passages_tri", "passages_ja"):
            # rank 1: also compare the index with its content table
            db.execute(f"INSERT INTO {table}({table}, rank) VALUES('integrity-check', 1)")
    finally:
        db.close()


def test_keyword_index_passes_sqlite_integrity_check(tmp_path, server):
    urls = [server.add(f"/p{i}", page(f"Harbour story {i}", story(50 + i))) for i in range(3)]
    make(tmp_path).run(urls)
    changed = page("Harbour story 0, updated", story(60))
    server.add("/p0", changed)
    assert make(tmp_path).run([urls[0]]).to_dict()["updated"] == 1
    fts_ok(tmp_path / "store")
    hits = Store(tmp_path / "store").search_keywords("harbour updated", 2**40, 5)
    assert hits and hits[0].url == urls[0]


def test_store_with_the_old_keyword_index_is_rebuilt_on_open(tmp_path, server):
    urls = [server.add(f"/p{i}", page(f"Harbour story {i}", story(70 + i))) for i in range(2)]
    make(tmp_path).run(urls)
    path = tmp_path / "store" / "factcheck.sqlite3"
    db = sqlite3.connect(path)
    db.executescript("""
        DROP TABLE passages_fts; DROP TABLE passages_tri; DROP VIEW passages_indexed;
        CREATE VIRTUAL TABLE passages_fts USING fts5(text, content='passages',
            content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');
        CREATE VIRTUAL TABLE passages_tri USING fts5(text, content='passages',
            content_rowid='rowid', tokenize='trigram');
        INSERT INTO passages_fts(rowid, text) SELECT p.rowid, a.title || char(10) || p.text
            FROM passages p JOIN articles a ON a.id = p.article_id;
        INSERT INTO passages_tri(rowid, text) SELECT p.rowid, a.title || char(10) || p.text
            FROM passages p JOIN articles a ON a.id = p.article_id;
    """)
    with pytest.raises(sqlite3.DatabaseError):  # what every store before the fix reported
        db.execute("INSERT INTO passages_fts(passages_fts, rank) VALUES('integrity-check', 1)")
    db.close()
    store = Store(tmp_path / "store")
    fts_ok(tmp_path / "store")
    assert store.search_keywords("harbour story", 2**40, 5)
