"""The day-by-day replay: publish each day's news on loopback, ingest it through the normal
ingest code, then check that day's claims as of that day. Before a day's news goes in, its
claims are also checked as of the day before (expected: NOT_ENOUGH_EVIDENCE, no leakage).

Every check is appended to a results JSONL as soon as it is done, keyed by
(mode, claim id, as_of), so an interrupted run resumes where it stopped. The index is a fresh
temporary store each run, rebuilt up to the day being checked, so it never holds tomorrow's news.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from ..check import Checker
from ..config import Settings
from ..dates import month_end, normalise_published
from ..embed import Embedder
from ..errors import InputError
from ..judging import ALL, needs_model, select
from ..labels import NEE
from ..llm import Backend, load_backend
from ..llm.cache import CachedBackend
from ..news.ingest import canonical_url, ingest
from ..prompt import MODES
from ..retrieve import retrieve
from ..verdict import Verdict
from .datasets import Claim, Dataset, Event
from .render import render_article, render_feed
from .server import PageServer

__all__ = ["MODES", "Replay", "check_results_header", "load_results"]

log = logging.getLogger(__name__)

RECALL_K = 5

Progress = Callable[[str], None]


def result_key(row: dict) -> tuple[str, str, str]:
    return row["mode"], row["claim_id"], row["as_of"]


def load_results(path: Path) -> list[dict]:
    """Rows already written; a line cut short by an interrupt is dropped and redone."""
    rows: list[dict] = []
    if not path.is_file():
        return rows
    for line in path.read_text("utf-8").splitlines():
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError:
            log.warning("%s: dropped a partial line; that check runs again", path)
    return rows


class Replay:
    def __init__(
        self,
        dataset: Dataset,
        settings: Settings,
        *,
        modes: Iterable[str] = MODES,
        results: Path | None = None,
        embedder: Embedder | None = None,
        backend: Backend | None = None,
        progress: Progress | None = None,
        judge: str = ALL,
        llm_cache: Path | None = None,
    ) -> None:
        self.dataset = dataset
        self.judge = judge
        self.llm_cache = llm_cache
        self.modes = tuple(modes)
        self.settings = settings
        self.results = results
        self._embedder = embedder
        self._backend = backend
        self.progress = progress or (lambda line: None)
        self.rows: list[dict] = []
        self._own_urls: dict[str, set[str]] = {}  # event id -> URLs its documents live at

    # -- the plan ---------------------------------------------------------------------------
    def _days(self) -> list[tuple[dt.date, list[Event]]]:
        by_day: dict[dt.date, list[Event]] = {}
        for event in self.dataset.events:
            by_day.setdefault(event.date, []).append(event)
        return sorted(by_day.items())

    def total_checks(self) -> int:
        return 2 * len(self.dataset.claims) * len(self.modes)

    # -- running ----------------------------------------------------------------------------
    def run(self) -> list[dict]:
        done: dict[tuple[str, str, str], dict] = {}
        if self.results is not None:
            self.results.parent.mkdir(parents=True, exist_ok=True)
            claim_ids = {c.id for c in self.dataset.claims}
            for row in load_results(self.results):
                if row.get("claim_id") in claim_ids and row.get("mode") in self.modes:
                    done[result_key(row)] = row
        self.rows = list(done.values())
        self._count = len(done)
        if self._count:
            self.progress(f"resuming: {self._count} of {self.total_checks()} checks already done")
        if self._count >= self.total_checks():
            return self.rows
        with tempfile.TemporaryDirectory(prefix="factcheck-eval-") as tmp, PageServer() as srv:
            settings = self.settings.replace(store=str(Path(tmp) / "store"), allow_private=True)
            backend = self._backend
            model_needed = needs_model(select(self.judge)) or set(self.modes) != {"full"}
            if self.llm_cache is not None and model_needed:
                backend = CachedBackend(backend or load_backend(settings), self.llm_cache)
            checker = Checker(settings, embedder=self._embedder, backend=backend)
            try:
                self._walk(checker, settings, srv, done)
            finally:
                checker.store.close()
                if isinstance(backend, CachedBackend):
                    self.progress(f"model answers: {backend.hits} from {self.llm_cache}, "
                                  f"{backend.misses} generated")
                    backend.close()
        return self.rows

    def _walk(self, checker: Checker, settings: Settings, srv: PageServer, done: dict) -> None:
        # Load the models before the first timed check, so its latency is the check's own.
        info: dict = checker.model_info(
            load=needs_model(select(self.judge)) or set(self.modes) != {"full"})
        checker.embedder.encode(["warm-up"])
        for day, events in self._days():
            before = day - dt.timedelta(days=1)
            pending = [
                (claim, event, as_of, kind)
                for event in events
                for claim in event.claims
                for as_of, kind in ((before, "day_before"), (day, "on_day"))
            ]
            self._check_batch(checker, info, [p for p in pending if p[3] == "day_before"], done)
            self._publish_and_ingest(day, events, srv, checker, settings)
            self._check_batch(checker, info, [p for p in pending if p[3] == "on_day"], done)

    def _publish_and_ingest(self, day: dt.date, events: list[Event], srv: PageServer,
                            checker: Checker, settings: Settings) -> None:
        items = []
        for event in events:
            for doc in event.docs:
                url = srv.add(f"/pages/{doc['id']}.html", render_article(doc),
                              "text/html; charset=utf-8")
                items.append((doc, url))
                own = self._own_urls.setdefault(event.id, set())
                own.update({canonical_url(url), *(canonical_url(u) for u in doc["urls"])})
        feed = srv.add(f"/feeds/{day.isoformat()}.xml",
                       render_feed(f"Replay news {day.isoformat()}", srv.base, items),
                       "application/rss+xml")
        report = ingest([feed], settings, store=checker.store, embedder=checker.embedder)
        summary = report.to_dict()
        if summary["failed"] or summary["skipped"]:
            log.warning("%s: ingest problems: %s", day, summary["failed"] + summary["skipped"])
        self.progress(f"{day}: ingested {summary['added']} of {len(items)} pages")

    def _check_batch(self, checker: Checker, info: dict, batch: list[tuple], done: dict) -> None:
        # Mode by mode, so consecutive prompts share their system prefix and llama.cpp reuses
        # its KV cache for it (each mode has its own system prompt).
        recall: dict[str, bool] = {}
        for mode in self.modes:
            for claim, event, as_of, kind in batch:
                self._check_one(checker, info, claim, event, as_of, kind, mode, done, recall)

    def _check_one(self, checker: Checker, info: dict, claim: Claim, event: Event,
                   as_of: dt.date, kind: str, mode: str, done: dict,
                   recall: dict[str, bool]) -> None:
        key = (mode, claim.id, as_of.isoformat())
        if key in done:
            return
        # explain: every judge answers, weighted or not, so one run measures each of them.
        verdict = checker.check(claim.text, as_of, mode=mode, judge=self.judge, explain=True)
        row_recall: bool | None = None
        if kind == "on_day" and mode != "closed-book" and claim.label in {"SUPPORTED",
                                                                           "REFUTED"}:
            if claim.id not in recall:
                recall[claim.id] = self._own_article_in_top(checker, claim, event, as_of)
            row_recall = recall[claim.id]
        row = self._row(checker, info, verdict, claim, event, as_of, kind, mode, row_recall)
        done[key] = row
        self.rows.append(row)
        if self.results is not None:
            with self.results.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        self._count += 1
        self.progress(
            f"[{self._count}/{self.total_checks()}] {mode:<11} as of {as_of} {claim.id}: "
            f"expected {row['gold']}, got {row['label']} ({row['latency_ms'] / 1000:.1f} s)"
        )

    def _own_article_in_top(self, checker: Checker, claim: Claim, event: Event,
                            as_of: dt.date) -> bool:
        hits = retrieve(checker.store, checker.embedder, claim.text, as_of, k=RECALL_K)
        own = self._own_urls.get(event.id, set())
        return any(canonical_url(h.url) in own for h in hits)

    @staticmethod
    def _row(checker: Checker, info: dict, verdict: Verdict, claim: Claim, event: Event,
             as_of: dt.date, kind: str, mode: str, recall: bool | None) -> dict:
        cutoff = info.get("cutoff")
        limit = dt.datetime.combine(as_of, dt.time.max, tzinfo=dt.UTC)

        def late(published: str) -> bool:
            when = normalise_published(published)
            return when is None or when > limit

        trace = checker.last_trace
        passages = trace.prompt.passages if trace else []
        leaked = sum(late(c.published) for c in verdict.citations)
        leaked += sum(late(h.published) for h in passages)
        return {
            "mode": mode,
            "claim_id": claim.id,
            "event_id": event.id,
            "as_of": as_of.isoformat(),
            "kind": kind,
            "gold": claim.label if kind == "on_day" else NEE,
            "label": verdict.label,
            "confidence": verdict.confidence,
            "after_cutoff": cutoff is None or claim.date > month_end(cutoff),
            "latency_ms": verdict.timings_ms.get("total", 0),
            "prompt_tokens": trace.prompt_tokens if trace else 0,
            "recall_at_5": recall,
            "leaked": leaked,
            "citations": len(verdict.citations),
            "model": info.get("name"),
            # What each judge said on its own, so one full-mode run also measures each judge.
            "judges": _judges(verdict),
            # A cached answer's latency is not the model's; the report says how many there were.
            "cached": "llm" in verdict.judges and getattr(checker.backend, "last_cached", False),
        }


def _judges(verdict: Verdict) -> dict:
    out = {}
    if "llm" in verdict.judges:
        llm = verdict.judges["llm"]
        out["llm"] = {"label": llm.get("label"), "confidence": llm.get("confidence")}
    if "alignment" in verdict.judges:
        align = verdict.judges["alignment"]
        out["alignment"] = {"label": align.get("label"), "probs": align.get("probs")}
    pooled = verdict.judges.get("combination", {})
    if "probs" in pooled:
        # The pooled answer before the reliability step: what evals/fit_reliability.py fits.
        out["pooled"] = {"label": pooled.get("guarded", pooled.get("label")),
                         "probs": pooled["probs"]}
    return out


def check_results_header(report_dir: Path, dataset: Dataset) -> None:
    """Refuse to mix results of another dataset into a report directory."""
    header = report_dir / "run.json"
    if header.is_file():
        old = json.loads(header.read_text("utf-8"))
        if old.get("sha256") != dataset.sha256:
            raise InputError(
                f"{report_dir} holds results for another dataset ({old.get('dataset')}); "
                "give a new --report DIR or delete that one"
            )
        return
    report_dir.mkdir(parents=True, exist_ok=True)
    header.write_text(json.dumps({"dataset": dataset.path, "sha256": dataset.sha256,
                                  "format": dataset.format}, indent=2) + "\n", "utf-8")


