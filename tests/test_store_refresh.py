"""A long-running reader (the web app) sees what another process (`factcheck watch`) wrote:
Chroma keeps its vector index in memory per process, so the store reopens it when the
passages in SQLite changed under it."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from factcheck.store import Store

ROOT = Path(__file__).resolve().parent.parent
DIM = 8
FAR_FUTURE = 2**40


def unit(i: int) -> list[float]:
    return [1.0 if j == i else 0.0 for j in range(DIM)]


def add(store: Store, article_id: str, vector: list[float]) -> None:
    with store.writer():
        store.add_article(
            article_id=article_id, url=f"https://n.example/{article_id}",
            canonical_url=f"https://n.example/{article_id}", content_hash=article_id,
            title=article_id, site="n.example", published="2026-01-03T00:00:00+00:00",
            published_ts=1767398400, date_source="meta", language="en",
            passages=[f"text of {article_id}"], vectors=[vector])


WRITER = textwrap.dedent("""
    import sys
    from factcheck.store import Store
    from tests.test_store_refresh import add, unit
    store = Store(sys.argv[1])
    add(store, sys.argv[2], unit(int(sys.argv[3])))
    store.close()
""")


def write_in_another_process(path: Path, article_id: str, axis: int) -> None:
    subprocess.run([sys.executable, "-c", WRITER, str(path), article_id, str(axis)],
                   cwd=ROOT, check=True, timeout=120, capture_output=True)


def test_reader_sees_vectors_another_process_wrote(tmp_path):
    path = tmp_path / "store"
    reader = Store(path)
    add(reader, "a1", unit(0))
    assert [h.article_id for h in reader.search_dense(unit(0), FAR_FUTURE, 1)] == ["a1"]

    write_in_another_process(path, "a2", 1)
    assert reader.search_dense(unit(1), FAR_FUTURE, 1)[0].article_id == "a2"
    assert reader.stats()["articles"] == 2

    write_in_another_process(path, "a3", 2)  # and again, after the reopen
    assert reader.search_dense(unit(2), FAR_FUTURE, 1)[0].article_id == "a3"
    # the reader's own writes still land in the index it queries
    add(reader, "a4", unit(3))
    assert reader.search_dense(unit(3), FAR_FUTURE, 1)[0].article_id == "a4"
    assert {h.article_id for h in reader.search_dense(unit(0), FAR_FUTURE, 4)} == \
        {"a1", "a2", "a3", "a4"}
    reader.close()


def test_unchanged_store_keeps_its_collection(tmp_path):
    """No reopen (it reloads the index from disk) while nothing changed."""
    store = Store(tmp_path / "store")
    add(store, "a1", unit(0))
    store.search_dense(unit(0), FAR_FUTURE, 1)
    first = store.collection
    store.search_dense(unit(0), FAR_FUTURE, 1)
    store.add_feed("https://n.example/rss")  # bookkeeping that is not a passage
    assert store.collection is first
    store.close()
