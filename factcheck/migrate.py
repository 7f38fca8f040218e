"""Copy a whole index from one store to another: embedded into a server store, or back.

Articles go through ``Store.save_articles`` with the vectors the source holds (nothing is
embedded again), keeping when each was added; outlets, near-duplicate signatures, feeds and the
raw-page bookkeeping are copied row by row. The check history (saved claims with their vectors,
every check, cutoff estimates) is copied with its ids, and the re-check queue as the source
holds it: the articles the copy writes are not news to the saved claims. The copy counts
articles, passages, vectors, saved claims and checks on both sides and fails when they differ.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from .errors import StoreError
from .store import Store
from .store_sqlite import COPIED_TABLES, HISTORY_TABLES

__all__ = ["copy_store"]

log = logging.getLogger(__name__)

_BATCH = 64  # articles per vector read and write


def _counts(store: Store) -> dict[str, int]:
    stats = store.stats()
    return {"articles": stats["articles"], "passages": stats["passages"],
            "vectors": store.vectors.count(), **store.rows.history_counts()}


def copy_store(source: Store, target: Store,
               progress: Callable[[int], None] = lambda n: None) -> dict:
    """Copy everything in ``source`` into ``target``, which must be empty. Returns both sides'
    counts; raises StoreError when they differ after the copy."""
    before = _counts(source)
    held = _counts(target)
    if held["articles"] or held["vectors"] or held["checks"]:
        raise StoreError(f"the target store {target.location} already holds {held['articles']} "
                         f"articles, {held['vectors']} vectors and {held['checks']} checks; "
                         "migrate into an empty store (a new database and Chroma collection, "
                         "or a new --store directory)")
    target.rows.insert_rows("meta", source.rows.table_rows("meta"))
    copied = 0
    with target.writer():
        batch: list[dict] = []
        for record in source.rows.articles():
            batch.append(record)
            if len(batch) == _BATCH:
                copied += _copy_batch(source, target, batch)
                progress(copied)
                batch = []
        if batch:
            copied += _copy_batch(source, target, batch)
            progress(copied)
        for table in COPIED_TABLES:
            if table != "meta":
                target.rows.insert_rows(table, source.rows.table_rows(table))
        target.rows.clear_recheck_queue()  # what the copy queued: no news to the claims
        for table in HISTORY_TABLES:
            target.rows.insert_rows(table, source.rows.table_rows(table))
    after = _counts(target)
    if after != before:
        raise StoreError(f"the copy is incomplete: the source holds {before}, the target "
                         f"{after}; see the log, then migrate again into an empty store")
    log.info("copied %d articles from %s to %s", copied, source.location, target.location)
    return {"source": {"store": source.location, **before},
            "target": {"store": target.location, **after}}


def _copy_batch(source: Store, target: Store, batch: list[dict]) -> int:
    ids = [f"{r['article_id']}:{i}" for r in batch for i in range(len(r["passages"]))]
    vectors = source.vectors.vectors(ids) if ids else {}
    missing = [pid for pid in ids if pid not in vectors]
    if missing:
        raise StoreError(f"the source has no vector for {len(missing)} passages (e.g. "
                         f"{missing[0]}), an interrupted ingest; ingest those sources again "
                         "into the source store, then migrate")
    for r in batch:
        r["vectors"] = [vectors[f"{r['article_id']}:{i}"] for i in range(len(r["passages"]))]
    target.save_articles(batch)
    return len(batch)
