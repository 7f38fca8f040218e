"""A long-running reader (the web app) sees what another process (`factcheck watch`) wrote:
Chroma keeps its vector index in memory per process, so the store reopens it when the
passages in SQLite changed under it."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

from factcheck.config import Settings
from factcheck.news.ingest import ingest
from factcheck.store import Store
from tests.test_news_ingest import story

ROOT = Path(__file__).resolve().parent.parent
DIM = 8
FAR_FUTURE = 2**40


def unit(i: int) -> list[float]:
    return [1.0 if j == i else 0.0 for j in range(DIM)]


class AxisEmbedder:
    """Embeds an article titled "NAME on axis I" as the unit vector along axis I, so a test
    can find each article by its own vector."""

    name = "axis-embedder"
    dim = DIM

    def encode(self, texts, batch_size=32):
        return [unit(int(re.search(r"on axis (\d+)", text).group(1))) for text in texts]


def add(store: Store, name: str, axis: int) -> None:
    """Ingest article ``name`` (a text file) into ``store``, embedded along ``axis``."""
    source = store.path.parent / "articles" / f"{name}.txt"
    source.parent.mkdir(exist_ok=True)
    source.write_text(f"{name} on axis {axis}\nDate: 2026-01-03T00:00:00+00:00\n\n"
                      f"{story(axis, 40)}", "utf-8")
    report = ingest([str(source)], Settings(store=str(store.path)), store=store,
                    embedder=AxisEmbedder()).to_dict()
    assert report["added"] == 1, report


def names(hits) -> list[str]:
    return [h.title.split()[0] for h in hits]


WRITER = textwrap.dedent("""
    import sys
    from factcheck.store import Store
    from tests.test_store_refresh import add
    store = Store(sys.argv[1])
    add(store, sys.argv[2], int(sys.argv[3]))
    store.close()
""")


def write_in_another_process(path: Path, article_id: str, axis: int) -> None:
    subprocess.run([sys.executable, "-c", WRITER, str(path), article_id, str(axis)],
                   cwd=ROOT, check=True, timeout=120, capture_output=True)


def test_reader_sees_vectors_another_process_wrote(tmp_path):
    path = tmp_path / "store"
    reader = Store(path)
    add(reader, "a1", 0)
    assert names(reader.search_dense(unit(0), FAR_FUTURE, 1)) == ["a1"]

    write_in_another_process(path, "a2", 1)
    assert names(reader.search_dense(unit(1), FAR_FUTURE, 1)) == ["a2"]
    assert reader.stats()["articles"] == 2

    write_in_another_process(path, "a3", 2)  # and again, after the reopen
    assert names(reader.search_dense(unit(2), FAR_FUTURE, 1)) == ["a3"]
    # the reader's own writes still land in the index it queries
    add(reader, "a4", 3)
    assert names(reader.search_dense(unit(3), FAR_FUTURE, 1)) == ["a4"]
    assert set(names(reader.search_dense(unit(0), FAR_FUTURE, 4))) == {"a1", "a2", "a3", "a4"}
    reader.close()


def test_unchanged_store_keeps_its_collection(tmp_path):
    """No reopen (it reloads the index from disk) while nothing changed."""
    store = Store(tmp_path / "store")
    add(store, "a1", 0)
    store.search_dense(unit(0), FAR_FUTURE, 1)
    first = store.collection
    store.search_dense(unit(0), FAR_FUTURE, 1)
    store.add_feed("https://n.example/rss")  # bookkeeping that is not a passage
    assert store.collection is first
    store.close()
