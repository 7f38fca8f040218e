"""check_claim(): retrieve -> prompt -> model -> guards -> Verdict. Every front end calls this."""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from .config import Settings, load_settings
from .dates import claim_dates, day_end_ts, parse_day, today
from .embed import Embedder
from .errors import InputError
from .llm import Backend, load_backend, lookup_cutoff
from .prompt import MODES, Prompt, build_prompt, verdict_schema
from .retrieve import retrieve
from .store import Hit, Store
from .verdict import Verdict, apply_guards, parse_answer

__all__ = ["Checker", "check_claim", "validate_claim", "MAX_CLAIM_CHARS"]

log = logging.getLogger(__name__)

MAX_CLAIM_CHARS = 2000


def validate_claim(claim: str | None) -> str:
    text = " ".join((claim or "").split())
    if not text:
        raise InputError('the claim is empty; give the claim text, e.g. factcheck claim "..."')
    if len(text) > MAX_CLAIM_CHARS:
        raise InputError(
            f"the claim is {len(text)} characters, over {MAX_CLAIM_CHARS}; "
            "check one claim at a time"
        )
    return text


@dataclass
class Trace:
    """What happened inside one check, for --explain and the eval harness."""

    prompt: Prompt
    raw_answer: str
    prompt_tokens: int


def _month_end(month: str) -> dt.date:
    year, mon = (int(x) for x in month.split("-"))
    nxt = dt.date(year + (mon == 12), mon % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


class Checker:
    """Holds the loaded store, embedder and model so repeated checks stay warm."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        store: Store | None = None,
        embedder: Embedder | None = None,
        backend: Backend | None = None,
    ) -> None:
        self.settings = settings or load_settings()
        self._store = store
        self._embedder = embedder
        self._backend = backend
        self.last_trace: Trace | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(self.settings.store, lock_timeout=self.settings.lock_timeout)
        return self._store

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = Embedder(self.settings.embed_model)
        return self._embedder

    @property
    def backend(self) -> Backend:
        if self._backend is None:
            self._backend = load_backend(self.settings)
        return self._backend

    def model_info(self) -> dict:
        backend = self.backend
        filename = Path(getattr(backend, "path", backend.name)).name
        cut = lookup_cutoff(backend.metadata, filename, self.settings.cutoff)
        return {"name": backend.name, "backend": backend.backend, "cutoff": cut.cutoff,
                "cutoff_source": cut.source, "released": cut.released}

    def _temporal(self, claim: str, as_of: dt.date, hits: list[Hit], info: dict) -> dict:
        dates = claim_dates(claim, as_of)
        cutoff = info["cutoff"]
        if cutoff is None:
            after = True  # unknown model: every claim may be after what it knows
        elif dates:
            after = any(dt.date.fromisoformat(d) > _month_end(cutoff) for d in dates)
        elif hits:
            after = any(dt.date.fromisoformat(h.published[:10]) > _month_end(cutoff) for h in hits)
        else:
            after = as_of > _month_end(cutoff)
        return {
            "model_cutoff": cutoff,
            "today": today().isoformat(),
            "as_of": as_of.isoformat(),
            "claim_dates": dates,
            "after_cutoff": after,
        }

    def check(
        self, claim: str, as_of: str | dt.date | None = None, *, mode: str = "full",
        top_k: int | None = None,
    ) -> Verdict:
        if mode not in MODES:
            raise InputError(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
        claim = validate_claim(claim)
        day = parse_day(as_of)
        k = top_k or self.settings.top_k
        if k < 1 or k > 50:
            raise InputError(f"--top-k {k} is out of range; use 1 to 50")
        started = time.perf_counter()
        info = self.model_info()
        hits: list[Hit] = []
        if mode != "closed-book":
            hits = retrieve(self.store, self.embedder, claim, day, k=k)
        t_retrieved = time.perf_counter()
        temporal = self._temporal(claim, day, hits, info)
        prompt = build_prompt(
            claim, hits, model_cutoff=info["cutoff"], today=temporal["today"],
            as_of=temporal["as_of"], claim_dates=temporal["claim_dates"], mode=mode,
        )
        generation = self.backend.generate_json(
            prompt.messages, verdict_schema(len(prompt.passages)), self.settings.max_tokens
        )
        t_llm = time.perf_counter()
        answer, parse_note = parse_answer(generation.text)
        label, confidence, rationale, citations, notes = apply_guards(
            answer, prompt.passages, temporal, day_end_ts(day)
        )
        if parse_note:
            notes.insert(0, parse_note)
        if info["cutoff"] is None:
            notes.append(
                f"The model {info['name']} is not in factcheck's cutoff table; every claim is "
                "treated as after its knowledge cutoff. Pass --cutoff YYYY-MM to set it."
            )
        self.last_trace = Trace(prompt, generation.text, generation.prompt_tokens)
        total = time.perf_counter()
        return Verdict(
            claim=claim,
            label=label,
            confidence=confidence,
            rationale=rationale,
            citations=citations,
            temporal=temporal,
            notes=notes,
            model={"name": info["name"], "backend": info["backend"]},
            timings_ms={
                "retrieve": round((t_retrieved - started) * 1000),
                "llm": round((t_llm - t_retrieved) * 1000),
                "total": round((total - started) * 1000),
            },
        )


def check_claim(
    claim: str, as_of: str | dt.date | None = None, settings: Settings | None = None
) -> Verdict:
    """Check one claim against the news index as of ``as_of`` (default today)."""
    return Checker(settings).check(claim, as_of)
