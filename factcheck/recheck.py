"""Re-checks: saved claims judged again when news that touches them arrives.

Every article written to the store is queued in ``recheck_pending`` (a trigger of the row
store's schema, on either engine).
A re-check takes the queue, finds the saved claims its passages touch, judges only those again
and records each new verdict in the history; a changed label keeps both versions and reads as a
change sentence (history.change_sentence).

Finding the touched claims takes two steps, both on vectors already at hand (the passages'
are read back from Chroma, the claims' were saved with them), so neither embeds anything:

1. Candidates: a passage published by the claim's as-of day and written after the claim's
   last check that is close to it in meaning (cosine at least ``TOUCH_SIMILARITY``) or shares
   most of its words (at least ``TOUCH_WORDS`` content words, and ``TOUCH_WORD_SHARE`` of the
   claim's). A matrix product and a word index over all saved claims at once.
2. Touched: the candidates whose evidence a check would read now, the same retrieval with the
   claim's stored vector, holds a passage of a new article. A claim whose evidence is what it
   was would get the same verdict, so it is not judged again.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from .config import Settings
from .dates import day_end_ts, today
from .embed import Embedder
from .errors import FactcheckError
from .history import History, SavedClaim, now_stamp, stamp_time
from .llm import Backend
from .store import Store

__all__ = ["RecheckReport", "Rechecker", "touched_claims"]

log = logging.getLogger(__name__)

# Measured on the development and test replays (68 events, 204 claims, 100 articles, and the
# 500 AVeriTeC claims as claims about other news): cosine >= 0.45 finds an article of the
# claim's own event for 97.9% of the claims and touches 21 of the 500 unrelated ones; the word
# test adds 1.6 points of those found (99.5%) for 7 more unrelated ones.
TOUCH_SIMILARITY = 0.45
TOUCH_WORDS = 3
TOUCH_WORD_SHARE = 0.5

# Claims re-judged per batch, whose evidence is embedded and parsed ahead of judging them
# (judge.prepare_alignment). A batch's texts (its passages' sentences and sentence pairs) must
# stay in the embedder's and the parser's caches (20,000 texts each) until its claims are
# judged; with top-k 5 a claim brings at most about 60.
BATCH_CLAIMS = 100

_STOPWORDS = frozenset(
    "a an and are as at be by for from has have in is it its of on or that the to was were "
    "will with not no this these those he she they his her their who which what when after "
    "before about over than more into".split())
_WORD = re.compile(r"\w+")

Progress = Callable[[str], None]


def content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if len(w) >= 3 and w not in _STOPWORDS}


class _StoredVectors:
    """An embedder that answers for the saved claims with their stored vectors (what the
    embedder gave when they were saved), so retrieving evidence for them embeds nothing."""

    def __init__(self, inner: Embedder, vectors: dict[str, bytes]) -> None:
        self.inner = inner
        self.vectors = vectors

    def __getattr__(self, name: str):
        return getattr(self.inner, name)

    def encode(self, texts: list[str], batch_size: int = 32) -> list[list[float]]:
        import numpy as np

        if all(t in self.vectors for t in texts):
            return [np.frombuffer(self.vectors[t], dtype=np.float32).tolist() for t in texts]
        return self.inner.encode(texts, batch_size=batch_size)


@dataclass
class RecheckReport:
    pending_articles: int = 0
    saved_claims: int = 0
    candidates: int = 0
    touched: int = 0
    rechecked: int = 0
    unchanged: int = 0
    changed: list[dict] = field(default_factory=list)
    failed: list[dict] = field(default_factory=list)
    seconds: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


def _claim_cutoffs(claims: list[SavedClaim]) -> list[int]:
    """The newest publication time each claim's re-check may read (its as-of day's end)."""
    end_today = day_end_ts(today())
    return [day_end_ts(dt.date.fromisoformat(c.as_of)) if c.as_of else end_today
            for c in claims]


def touched_claims(store: Store, claims: list[SavedClaim], vectors: dict[int, bytes],
                   article_ids: list[str]) -> dict[int, int]:
    """claim id -> how many passages of ``article_ids`` touch it (only claims touched)."""
    import numpy as np

    if not claims or not article_ids:
        return {}
    rows = store.rows.queued_passages(article_ids)
    if not rows:
        return {}
    found: dict[str, list[float]] = {}
    for i in range(0, len(rows), 1000):
        got = store.collection.get(ids=[r[0] for r in rows[i:i + 1000]],
                                   include=["embeddings"])
        found.update(zip(got["ids"], got["embeddings"], strict=True))
    rows = [r for r in rows if r[0] in found]  # a passage without vector cannot be retrieved
    if not rows:
        return {}
    passages = np.asarray([found[r[0]] for r in rows], dtype=np.float32)
    published = np.asarray([r[1] for r in rows], dtype=np.int64)
    queued = np.asarray([stamp_time(r[3]).timestamp() if r[3] else np.inf for r in rows])
    matrix = np.stack([np.frombuffer(vectors[c.id], dtype=np.float32) for c in claims])
    similar = (matrix @ passages.T) >= TOUCH_SIMILARITY

    # Words: an inverted index of the claims' words, counted per passage.
    claim_words = [content_words(c.claim) for c in claims]
    postings: dict[str, list[int]] = {}
    for i, words in enumerate(claim_words):
        for w in words:
            postings.setdefault(w, []).append(i)
    need = np.asarray([max(TOUCH_WORDS, TOUCH_WORD_SHARE * len(w)) for w in claim_words])
    for j, row in enumerate(rows):
        counts = Counter(i for w in content_words(row[2]) for i in postings.get(w, ()))
        for i, n in counts.items():
            if n >= need[i]:
                similar[i, j] = True

    newest = np.asarray(_claim_cutoffs(claims), dtype=np.int64)
    last = np.asarray([stamp_time(c.last_checked).timestamp() for c in claims])
    eligible = (published[None, :] <= newest[:, None]) & (queued[None, :] > last[:, None])
    hits = (similar & eligible).sum(axis=1)
    return {c.id: int(n) for c, n in zip(claims, hits, strict=True) if n}


class Rechecker:
    """Re-judges saved claims with the store, embedder and model of ``settings``."""

    def __init__(self, settings: Settings, *, store: Store | None = None,
                 embedder: Embedder | None = None, backend: Backend | None = None,
                 progress: Progress | None = None) -> None:
        self.settings = settings
        self.store = store or Store.from_settings(settings)
        self.embedder = embedder or Embedder.from_settings(settings)
        self.backend = backend
        self.progress = progress or (lambda line: None)
        self.history = History(self.store, settings.stale_after_days)
        self._evidence: dict[int, list] = {}  # claim id -> the hits _confirm retrieved

    def _vectors(self, claims: list[SavedClaim]) -> dict[int, bytes]:
        """Each claim's stored vector, embedding (and saving) those that lack one or were
        embedded by another model."""
        vectors = self.history.vectors(self.embedder.name)
        missing = {c.id: c.claim for c in claims if c.id not in vectors}
        if missing:
            vectors.update(self.history.save_vectors(missing, self.embedder))
        return vectors

    def run(self, *, every: bool = False, stale: bool = False, judge: str | None = None
            ) -> RecheckReport:
        """Re-check the claims touched by the articles written since the last re-check;
        ``every``: all saved claims; ``stale``: also those whose verdict is older than
        ``stale_after_days``. ``judge``: the judge to use (default: each claim's own)."""
        report = RecheckReport()
        started = time.perf_counter()
        top, article_ids = self.store.rows.recheck_queue()
        report.pending_articles = len(article_ids)
        claims = self.history.claims()
        report.saved_claims = len(claims)
        vectors = self._vectors(claims) if claims else {}
        by_id = {c.id: c for c in claims}
        served = _StoredVectors(self.embedder, {c.claim: vectors[c.id] for c in claims})
        if every:
            chosen = {c.id: 0 for c in claims}
        else:
            chosen = {}
            if claims and article_ids:
                self.progress(f"Looking for saved claims that {len(article_ids)} new "
                              f"article(s) touch…")
                candidates = touched_claims(self.store, claims, vectors, article_ids)
                report.candidates = len(candidates)
                chosen = self._confirm([by_id[i] for i in sorted(candidates)], served,
                                       set(article_ids))
            if stale:
                now = dt.datetime.now(dt.UTC)
                chosen.update({c.id: chosen.get(c.id, 0) for c in claims
                               if self.history.is_stale(c, now)})
        report.touched = len(chosen)
        t_found = time.perf_counter()
        self._recheck([by_id[i] for i in sorted(chosen)], judge, report, served)
        # The queue is consumed only after the re-checks, so an interrupted run is redone.
        self.store.rows.clear_recheck_queue(top)
        report.seconds = {"find": round(t_found - started, 3),
                          "recheck": round(time.perf_counter() - t_found, 3),
                          "total": round(time.perf_counter() - started, 3)}
        return report

    def _confirm(self, candidates: list[SavedClaim], served: _StoredVectors,
                 new: set[str]) -> dict[int, int]:
        """claim id -> passages of new articles among the evidence a check would read now,
        for the candidates that have any (their hits are kept for ``_prepare``)."""
        touched = {}
        for claim in candidates:
            hits = self._retrieve(claim, served)
            fresh = sum(h.article_id in new for h in hits)
            if fresh:
                touched[claim.id] = fresh
                self._evidence[claim.id] = hits
        return touched

    def _retrieve(self, claim: SavedClaim, served: _StoredVectors) -> list:
        from .retrieve import retrieve

        day = dt.date.fromisoformat(claim.as_of) if claim.as_of else today()
        return retrieve(self.store, served, claim.claim, day, k=claim.top_k)

    def _prepare(self, claims: list[SavedClaim], served: _StoredVectors, judge: str | None
                 ) -> None:
        """Embed and parse the evidence of a batch of claims ahead of judging them, in one
        batch (judge.prepare_alignment), when the evidence judge will judge them. Claims that
        _confirm did not retrieve for (--all, --stale) are retrieved here."""
        from .judge import prepare_alignment
        from .judging import select

        def by_evidence(name: str) -> bool:
            try:
                return "alignment" in select(name)
            except FactcheckError:  # an unknown judge: its check fails and says so
                return False

        if not any(by_evidence(judge or c.judge) for c in claims):
            return
        items = [(c.claim, self._evidence.pop(c.id, None) or self._retrieve(c, served))
                 for c in claims]
        started = time.perf_counter()
        n = prepare_alignment(items, self.embedder)
        log.info("evidence of %d claims prepared (%d texts) in %.1f s", len(claims), n,
                 time.perf_counter() - started)

    def _recheck(self, claims: list[SavedClaim], judge: str | None,
                 report: RecheckReport, served: _StoredVectors) -> None:
        if not claims:
            return
        from .check import Checker

        # One checker, one embedder for all: the claims a batch of news touches are about the
        # same few stories, and the embedder keeps the vectors of their passages' sentences;
        # the claims themselves are not embedded again.
        checker = Checker(self.settings, store=self.store, embedder=served,
                          backend=self.backend)
        for n, claim in enumerate(claims, start=1):
            if (n - 1) % BATCH_CLAIMS == 0:
                self._prepare(claims[n - 1:n - 1 + BATCH_CLAIMS], served, judge)
            self.progress(f"[{n}/{len(claims)}] {claim.claim[:80]}")
            started_at = now_stamp()
            use = judge or claim.judge
            try:
                verdict = checker.check(claim.claim, claim.as_of, top_k=claim.top_k, judge=use)
            except FactcheckError as exc:
                log.warning("re-check of claim %d failed: %s", claim.id, exc)
                report.failed.append({"claim": claim.claim, "reason": str(exc)})
                continue
            record = self.history.record(verdict, judge=use, as_of=claim.as_of,
                                         top_k=claim.top_k, trigger="recheck",
                                         started_at=started_at)
            report.rechecked += 1
            if record.change:
                report.changed.append({"check": record.id, "claim": claim.claim,
                                       "from": record.previous["label"], "to": record.label,
                                       "change": record.change})
            else:
                report.unchanged += 1
