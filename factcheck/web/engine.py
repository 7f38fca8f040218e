"""One worker thread owns the store, the embedder and the model.

Gradio runs handlers on a thread pool, but the index's SQLite connection belongs to the thread
that opened it, and one llama.cpp context must never run two generations at once. So every job
that touches them runs here, one at a time, and reports status lines back through a queue:
its own as (key, values) for i18n.py's table, so each page renders them in its language, and
the library's progress lines as text.
"""

from __future__ import annotations

import logging
import queue
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from ..check import Checker, LazyStoreAndEmbedder
from ..config import Settings
from ..dates import parse_day
from ..embed import Embedder
from ..llm import Backend, load_backend
from ..store import Store

__all__ = ["Engine"]

log = logging.getLogger(__name__)

Status = str | tuple[str, dict[str, Any]]
Emit = Callable[[Status], None]


def _silent(line: Status) -> None:
    return None


class _BackendAnnouncingJudging:
    """Wraps a backend to say when judging starts (the end of retrieval)."""

    def __init__(self, inner: Backend, engine: Engine) -> None:
        self._inner = inner
        self._engine = engine

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def generate_json(self, messages, schema, max_tokens):
        if self._engine.reading:
            self._engine.say("reading_evidence", model=self._inner.name)
        else:
            self._engine.say("judging", model=self._inner.name)
        return self._inner.generate_json(messages, schema, max_tokens)


class Engine(LazyStoreAndEmbedder):
    """The app's single owner of store, embedder and model; jobs run in submission order."""

    def __init__(self, settings: Settings, *, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="factcheck-engine")
        self._store: Store | None = None
        self._embedder = embedder
        self._checker: Checker | None = None
        self._emit: Emit = _silent
        self.reading = False  # a model_reading job is running (engine thread)

    # -- running jobs ---------------------------------------------------------------------
    def emit(self, line: str) -> None:
        """A status line as text (the library's progress)."""
        self._emit(line)

    def say(self, key: str, **values: Any) -> None:
        """A status line of the web i18n table (``key``), rendered in each page's language."""
        self._emit((key, values))

    def _with_emit(self, emit: Emit, job: Callable[..., Any], *args: Any) -> Any:
        self._emit = emit
        try:
            return job(*args)
        finally:
            self._emit = _silent

    def submit(self, job: Callable[..., Any], *args: Any) -> Future:
        return self._pool.submit(self._with_emit, _silent, job, *args)

    def stream(self, job: Callable[..., Any], *args: Any) -> Iterator[tuple[str, Any]]:
        """Run ``job`` on the engine thread; yield ("status", line)... then ("result", value).
        A line is text or a (key, values) pair of the i18n table. The job's exception is
        raised here, in the caller's thread."""
        lines: queue.Queue[Status] = queue.Queue()
        future = self._pool.submit(self._with_emit, lines.put, job, *args)
        while True:
            try:
                yield "status", lines.get(timeout=0.05)
            except queue.Empty:
                if future.done() and lines.empty():
                    break
        yield "result", future.result()

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    # -- jobs (engine thread only; the lazy store and embedder are opened there too) ----------
    @property
    def checker(self) -> Checker:
        if self._checker is None:
            backend = _BackendAnnouncingJudging(load_backend(self.settings), self)
            self._checker = Checker(self.settings, store=self.store, embedder=self.embedder,
                                    backend=backend, record=True)
        return self._checker

    def warm(self) -> dict:
        """Load everything a check needs, so the first user does not wait for it."""
        self.embedder.encode(["warm up"])
        return self.checker.model_info()

    def check(self, claim: str, as_of: str | None, top_k: int | None) -> dict:
        day = parse_day(as_of or None, what="the as-of date")
        if self._checker is None:
            self.say("loading_model")
        checker = self.checker
        self.say("searching", day=day)
        return checker.check(claim, day, top_k=top_k).to_dict()

    @property
    def model_skipped(self) -> bool:
        """The last check left the model out (it has no weight): its reading may follow."""
        return self._checker is not None and self._checker.model_skipped

    def model_reading(self) -> dict:
        """The model's reading of the claim last checked, outside its verdict."""
        self.reading = True
        try:
            return self.checker.model_reading()
        finally:
            self.reading = False

    def ingest(self, sources: list[str]) -> dict:
        """Fetch ``sources`` under the server's own settings: a visitor cannot loosen the
        address guard or any other fetch limit."""
        from ..news.ingest import ingest

        settings = self.settings
        counts = {"added": 0, "failed": 0, "skipped": 0, "unchanged": 0}
        started = time.perf_counter()

        def progress(event: str, detail: str) -> None:
            if event in counts:
                counts[event] += 1
            if event in {"added", "failed", "skipped", "feed", "unchanged"}:
                done = sum(counts.values())
                self.say("progress", done=done, event=event, detail=detail)

        self.say("fetching", n=len(sources))
        report = ingest(sources, settings, store=self.store, embedder=self.embedder,
                        progress=progress).to_dict()
        report["recheck"] = self.recheck()
        report["seconds"] = round(time.perf_counter() - started, 1)
        return report

    def recheck(self) -> dict:
        """Re-judge the saved claims that the news just written touches (recheck.py)."""
        from ..recheck import Rechecker

        backend = self.checker.backend if self._checker is not None else None
        rechecker = Rechecker(self.settings, store=self.store, embedder=self.embedder,
                              backend=backend, progress=self.emit)
        return rechecker.run().to_dict()

    def history(self, label: str | None = None, limit: int = 200) -> list[dict]:
        from ..history import History

        records = History(self.store, self.settings.stale_after_days).checks(
            label=label, limit=limit)
        return [r.to_dict(verdict=False) for r in records]

    def reopen(self, check_id: int) -> dict:
        """A past check: its record with the whole verdict, as it was given."""
        from ..history import History

        return History(self.store, self.settings.stale_after_days).get(check_id).to_dict()

    def export(self, fmt: str, folder: str) -> str:
        """The history in ``fmt`` (claimreview, jsonl, csv), written to a file in ``folder``;
        returns its path."""
        from pathlib import Path

        from ..claimreview import export
        from ..history import History

        records = History(self.store, self.settings.stale_after_days).checks()
        suffix = {"claimreview": "jsonld", "jsonl": "jsonl", "csv": "csv"}[fmt]
        path = Path(folder) / f"factcheck-history.{suffix}"
        path.write_text(export(records, fmt), "utf-8")
        return str(path)

    def stats(self) -> dict:
        return self.store.stats()

    def model_info(self) -> dict:
        return self.checker.model_info()
