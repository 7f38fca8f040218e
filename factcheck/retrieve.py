"""Hybrid, time-aware retrieval.

Two legs, dense (Chroma, cosine) and keyword (SQLite FTS5 BM25), fused by reciprocal rank.
``as_of`` is a hard filter in both legs (published <= the end of that day, UTC) and is checked
once more here, so nothing published later can reach a prompt. Dates named in the claim
("on 3 January", "last week", "2026年1月") pull passages published near them; without one, a
mild recency prior prefers newer news. A cap per article and a penalty for repeating an outlet
keep the evidence diverse.

Concept arithmetic (``expression=True``): "interpretability + monitoring - hype" adds and
subtracts the embedded terms in the dense leg; the keyword leg uses the added terms.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
from concurrent.futures import ThreadPoolExecutor

from .dates import claim_date_spans, day_end_ts, normalise_published
from .embed import Embedder
from .nlp_ja import is_japanese
from .passage import Hit
from .store import Store

__all__ = ["retrieve", "parse_expression", "RRF_K"]

log = logging.getLogger(__name__)

RRF_K = 60  # the usual constant from Cormack et al. (2009)
DATE_WEIGHT = 1.0  # bonus, in units of one first-place RRF vote, for a passage on the claim's day
DATE_SCALE_DAYS = 10.0
REPORT_LAG_DAYS = 7  # the least time after a named span whose reports count as the span's
RECENCY_WEIGHT = 0.25  # the mild prior used when the claim names no date
RECENCY_SCALE_DAYS = 60.0
# Per passage already taken from the same outlet, in units of one first-place vote: a few
# ranks near the top, so that outlets alternate among passages about as relevant and an
# outlet that publishes most of the index (one wire, one regional feed) is not pushed below
# passages about something else.
OUTLET_PENALTY = 0.05
JAPANESE_DENSE_WEIGHT = 0.2  # the dense leg's share in the fusion for a Japanese query

_EXPR_SPLIT = re.compile(r"\s+([+-])\s+")
# The keyword leg runs here while the calling thread asks Chroma; both release the GIL, so the
# legs overlap instead of adding up.
_KEYWORD_THREADS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="factcheck-keyword")


def parse_expression(query: str) -> tuple[list[str], list[str]]:
    """'a + b - c' -> (['a', 'b'], ['c']). A query without ' + ' or ' - ' is one positive term."""
    pieces = _EXPR_SPLIT.split(" " + query.strip())
    positive, negative = [], []
    sign = "+"
    for piece in pieces:
        if piece in {"+", "-"}:
            sign = piece
        elif piece.strip():
            (positive if sign == "+" else negative).append(piece.strip())
    return positive, negative


def _query_vector(embedder: Embedder, positive: list[str], negative: list[str]) -> list[float]:
    vectors = embedder.encode(positive + negative)
    total = [0.0] * len(vectors[0])
    for i, vec in enumerate(vectors):
        sign = 1.0 if i < len(positive) else -1.0
        total = [t + sign * v for t, v in zip(total, vec, strict=True)]
    norm = math.sqrt(sum(t * t for t in total)) or 1.0
    return [t / norm for t in total]


def _time_bonus(published: dt.datetime, targets: list[tuple[dt.date, dt.date]],
                as_of: dt.date) -> float:
    day = published.date()
    if targets:
        # A passage inside a named span ("in February 2026") gets the full bonus, and so does
        # one from the weeks after it: what happened in March is reported in April (a span's
        # own length after it, a week at least).
        gap = min(max((first - day).days,
                      (day - last).days - max(REPORT_LAG_DAYS, (last - first).days), 0)
                  for first, last in targets)
        return DATE_WEIGHT * math.exp(-gap / DATE_SCALE_DAYS)
    age = max(0, (as_of - day).days)
    return RECENCY_WEIGHT * math.exp(-age / RECENCY_SCALE_DAYS)


def retrieve(
    store: Store,
    embedder: Embedder,
    query: str,
    as_of: dt.date,
    k: int = 5,
    per_article: int = 2,
    *,
    expression: bool = False,
) -> list[Hit]:
    max_ts = day_end_ts(as_of)
    pool = max(20, k * 4)
    positive, negative = parse_expression(query) if expression else ([query], [])
    if not positive:
        positive = [query]
    # Embedding first: the model already uses every core, and a keyword search beside it
    # made both slower (measured in bench/query_latency.py).
    vector = _query_vector(embedder, positive, negative)
    keyword_leg = _KEYWORD_THREADS.submit(store.search_keywords, " ".join(positive), max_ts, pool)
    dense = store.search_dense(vector, max_ts, pool)
    keyword = keyword_leg.result()
    fused: dict[str, Hit] = {}
    scores: dict[str, float] = {}
    # The embedding model reads English: its ranking of a Japanese query is mostly noise, so
    # there the keyword leg decides and the dense leg only breaks ties.
    dense_weight = JAPANESE_DENSE_WEIGHT if is_japanese(query) else 1.0
    for leg, weight in ((dense, dense_weight), (keyword, 1.0)):
        for rank, hit in enumerate(leg, start=1):
            scores[hit.passage_id] = scores.get(hit.passage_id, 0.0) + weight / (RRF_K + rank)
            kept = fused.setdefault(hit.passage_id, hit)
            kept.dense_rank = kept.dense_rank or hit.dense_rank
            kept.bm25_rank = kept.bm25_rank or hit.bm25_rank
    targets = claim_date_spans(query, as_of)
    published: dict[str, dt.datetime] = {}
    for pid, hit in fused.items():
        when = normalise_published(hit.published)
        if when is None or when.timestamp() > max_ts:
            log.error("dropped passage %s published after as_of %s", pid, as_of)
            scores.pop(pid, None)
            continue
        published[pid] = when
        scores[pid] += _time_bonus(when, targets, as_of) / (RRF_K + 1)
    return _diverse(fused, scores, k, per_article)


def _diverse(fused: dict[str, Hit], scores: dict[str, float], k: int, per_article: int
             ) -> list[Hit]:
    """Greedy selection: best score first, at most ``per_article`` passages per article, and a
    penalty for each passage already taken from the same outlet (MMR over outlets)."""
    remaining = {pid: s for pid, s in scores.items()}
    per_article_count: dict[str, int] = {}
    per_site: dict[str, int] = {}
    results: list[Hit] = []
    while remaining and len(results) < k:
        def adjusted(pid: str) -> float:
            site = fused[pid].site
            return remaining[pid] - OUTLET_PENALTY * per_site.get(site, 0) / (RRF_K + 1)

        pid = max(remaining, key=adjusted)
        hit = fused[pid]
        del remaining[pid]
        if per_article_count.get(hit.article_id, 0) >= per_article:
            continue
        per_article_count[hit.article_id] = per_article_count.get(hit.article_id, 0) + 1
        per_site[hit.site] = per_site.get(hit.site, 0) + 1
        hit.score = round(scores[pid], 6)
        results.append(hit)
    return results


def leads(store: Store, hits: list[Hit], as_of: dt.date) -> list[Hit]:
    """The first passage of each article among ``hits`` that is not itself a hit, published by
    ``as_of``: a story states its event in its lead, and the passage retrieved may be a later
    paragraph of it ("Hamilton was third" without "Antonelli won")."""
    have = {h.passage_id for h in hits}
    wanted = [f"{a}:0" for a in dict.fromkeys(h.article_id for h in hits) if f"{a}:0" not in have]
    found = store.passages(wanted, day_end_ts(as_of))
    return [found[p] for p in wanted if p in found]
