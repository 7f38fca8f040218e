"""The query-latency benchmark's core on a small corpus: structure and agreement, not timing."""

import datetime as dt
import importlib.util
from pathlib import Path

import pytest

from factcheck.dates import day_end_ts

_PATH = Path(__file__).resolve().parent.parent / "bench" / "query_latency.py"
_SPEC = importlib.util.spec_from_file_location("query_latency", _PATH)
qbench = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(qbench)


@pytest.fixture(scope="module")
def built(tmp_path_factory, embedder):
    articles = qbench.make_corpus(200)
    pool = qbench.embed_pool(embedder, qbench.passage_texts(articles)[:40])
    vectors = qbench.derive_vectors(pool, 200, noise=0.02)
    store, bare, build_times = qbench.build(tmp_path_factory.mktemp("qbench"), articles, vectors,
                                            embedder, batch=30)
    yield articles, vectors, store, bare, build_times
    store.close()


def test_corpus_is_news_like_and_deterministic():
    articles = qbench.make_corpus(200)
    passages = [p for a in articles for p in a["passages"]]
    assert len(passages) == 200
    assert all(60 <= len(p.split()) <= 135 for p in passages)
    assert any(ch.isdigit() for ch in " ".join(passages))
    assert len({a["published"][:7] for a in articles}) > 12  # spread over 2025-2026
    assert qbench.make_corpus(200) == articles


def test_derived_vectors_are_unit_length_and_near_their_source(embedder):
    pool = qbench.embed_pool(embedder, ["one passage", "another passage about budgets"])
    vectors = qbench.derive_vectors(pool, 6, noise=0.02)
    assert (vectors[:2] == pool).all()
    assert abs(float((vectors ** 2).sum(axis=1).max()) - 1.0) < 1e-4
    assert float(vectors[2] @ pool[0]) > 0.8 and (vectors[2] != vectors[4]).any()


def test_variants_agree_and_report_every_percentile(built, embedder):
    articles, vectors, store, bare, _ = built
    assert store.stats()["passages"] == bare.count() == 200
    claims = [q for q, _ in qbench.make_queries(6)]
    queries = [(claims[0], dt.date(2026, 12, 31)), (claims[1], dt.date(2026, 12, 31)),
               (claims[2], dt.date(2025, 4, 1)), (claims[3], dt.date(2025, 9, 15)),
               (claims[4], dt.date(2026, 6, 1))]
    times, tops = qbench.measure(store, bare, embedder, queries, k=5, warmup=1)
    assert set(times) == set(qbench.VARIANTS)
    assert all(len(t) == len(queries) and min(t) > 0 for t in times.values())
    summary = qbench.summarise(times)
    assert summary["hybrid"]["p95_ms"] >= summary["hybrid"]["p50_ms"] > 0
    assert set(summary["ratio_hybrid_no_embed_to_bare"]) == {"p50_ms", "p95_ms"}

    published = {f"{a['article_id']}:{i}": a["published_ts"]
                 for a in articles for i in range(len(a["passages"]))}
    for top, (query, as_of) in zip(tops, queries, strict=True):
        # A precomputed vector changes the timing, never the answer.
        assert top["hybrid"] == top["hybrid_no_embed"] and len(top["hybrid"]) == 5
        assert all(p[:10] <= as_of.isoformat() for p in top["hybrid_published"])
        assert all(published[pid] <= day_end_ts(as_of) for pid in top["bare_filtered"])
        # The store's dense leg and the bare collection hold the same vectors.
        vector = embedder.encode([query])[0]
        dense = store.search_dense(vector, day_end_ts(as_of), 5)
        assert [h.passage_id for h in dense] == top["bare_filtered"]
    # With as_of after every passage the filter removes nothing.
    assert tops[0]["bare"] == tops[0]["bare_filtered"]
    assert tops[1]["bare"] == tops[1]["bare_filtered"]
    # An early as_of does filter: the bare query then finds passages the filtered one may not.
    early = [pid for pid in tops[2]["bare"] if published[pid] > day_end_ts(queries[2][1])]
    assert early and not set(early) & set(tops[2]["bare_filtered"])


@pytest.mark.parametrize("as_of", ["2025-02-01", "2025-08-01", "2026-03-01", "2026-12-31"])
def test_store_dense_leg_equals_the_filtered_chroma_query(built, embedder, as_of):
    """Store.search_dense filters unfiltered candidates itself and falls back to Chroma's where
    filter when too few survive; either way it must give what the filtered query gives."""
    _, _, store, bare, _ = built
    max_ts = day_end_ts(dt.date.fromisoformat(as_of))
    for query, _ in qbench.make_queries(4, seed=5):
        vector = embedder.encode([query])[0]
        expected = bare.query(query_embeddings=[vector], n_results=20, include=["distances"],
                              where={"published_ts": {"$lte": max_ts}})["ids"][0]
        hits = store.search_dense(vector, max_ts, 20)
        assert [h.passage_id for h in hits] == expected
        assert [h.dense_rank for h in hits] == list(range(1, len(hits) + 1))


class _CountingCollection:
    def __init__(self, collection) -> None:
        self.collection, self.filtered = collection, 0

    def query(self, **kwargs):
        self.filtered += "where" in kwargs
        return self.collection.query(**kwargs)

    def __getattr__(self, name):
        return getattr(self.collection, name)


def test_store_dense_leg_falls_back_to_chroma_filter(built, embedder):
    """Only the earliest passage is old enough: unfiltered candidates rarely hold it, so the
    store must ask Chroma's filtered query, and still agree with it."""
    articles, _, store, bare, _ = built
    max_ts = min(a["published_ts"] for a in articles)
    spy = _CountingCollection(store.collection)
    store.vectors._collection = spy
    try:
        for query, _ in qbench.make_queries(4, seed=5):
            vector = embedder.encode([query])[0]
            expected = bare.query(query_embeddings=[vector], n_results=1, include=["distances"],
                                  where={"published_ts": {"$lte": max_ts}})["ids"][0]
            assert [h.passage_id for h in store.search_dense(vector, max_ts, 1)] == expected
    finally:
        store.vectors._collection = spy.collection
    assert spy.filtered > 0
