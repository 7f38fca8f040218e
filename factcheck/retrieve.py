"""Hybrid retrieval: dense (Chroma) and keyword (FTS5 BM25) legs fused by reciprocal rank.

``as_of`` is a hard filter in both legs (published <= the end of that day, UTC) and is checked
once more here, so nothing published later can reach a prompt.
"""

from __future__ import annotations

import datetime as dt
import logging

from .dates import day_end_ts, normalise_published
from .embed import Embedder
from .store import Hit, Store

__all__ = ["retrieve", "RRF_K"]

log = logging.getLogger(__name__)

RRF_K = 60  # the usual constant from Cormack et al. (2009)


def retrieve(
    store: Store,
    embedder: Embedder,
    query: str,
    as_of: dt.date,
    k: int = 5,
    per_article: int = 2,
) -> list[Hit]:
    max_ts = day_end_ts(as_of)
    pool = max(20, k * 4)
    dense = store.search_dense(embedder.encode([query])[0], max_ts, pool)
    keyword = store.search_keywords(query, max_ts, pool)
    fused: dict[str, Hit] = {}
    scores: dict[str, float] = {}
    for leg in (dense, keyword):
        for rank, hit in enumerate(leg, start=1):
            scores[hit.passage_id] = scores.get(hit.passage_id, 0.0) + 1.0 / (RRF_K + rank)
            kept = fused.setdefault(hit.passage_id, hit)
            kept.dense_rank = kept.dense_rank or hit.dense_rank
            kept.bm25_rank = kept.bm25_rank or hit.bm25_rank
    ordered = sorted(fused.values(), key=lambda h: -scores[h.passage_id])
    results: list[Hit] = []
    per: dict[str, int] = {}
    for hit in ordered:
        published = normalise_published(hit.published)
        if published is None or published.timestamp() > max_ts:
            log.error("dropped passage %s published after as_of %s", hit.passage_id, as_of)
            continue
        if per.get(hit.article_id, 0) >= per_article:
            continue
        per[hit.article_id] = per.get(hit.article_id, 0) + 1
        hit.score = round(scores[hit.passage_id], 6)
        results.append(hit)
        if len(results) >= k:
            break
    return results
