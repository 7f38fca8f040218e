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
from .judge import combine, judge_alignment, llm_distribution, load_weights, split_claim
from .llm import Backend, load_backend, lookup_cutoff
from .normalise import normalise_claim
from .prompt import MODES, Prompt, build_prompt, verdict_schema
from .retrieve import retrieve
from .store import Hit, Store
from .verdict import Verdict, apply_guards, parse_answer, snippet

__all__ = ["Checker", "check_claim", "validate_claim", "MAX_CLAIM_CHARS", "JUDGES"]

JUDGES = ("both", "llm", "alignment")

log = logging.getLogger(__name__)

MAX_CLAIM_CHARS = 2000


def validate_claim(claim: object) -> str:
    """The normalised claim text, or an InputError a user can act on."""
    if claim is None:
        claim = ""
    if not isinstance(claim, str):
        raise InputError(
            f"the claim must be text, not {type(claim).__name__}; pass the claim as a string"
        )
    text = normalise_claim(claim)
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


class Loaded:
    """The store and embedding model of ``settings``, opened on first use and then kept."""

    settings: Settings
    _store: Store | None
    _embedder: Embedder | None

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


class Checker(Loaded):
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
        top_k: int | None = None, judge: str = "both", align: bool = True,
    ) -> Verdict:
        """``judge``: both judges (default), the LLM alone, or the alignment judge alone (no
        model call). Modes other than ``full`` are baselines: the LLM alone, no alignment."""
        if mode not in MODES:
            raise InputError(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
        if judge not in JUDGES:
            raise InputError(f"unknown judge {judge!r}; use one of {', '.join(JUDGES)}")
        if not align or mode != "full":
            judge = "llm"
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
        llm_answer, notes, prompt_tokens, raw = None, [], 0, ""
        use_llm = judge in ("both", "llm")
        budget = None
        if use_llm:
            # Room for the chat template's own tokens and the answer.
            budget = self.backend.n_ctx - self.settings.max_tokens - 64
        prompt = build_prompt(
            claim, hits, model_cutoff=info["cutoff"], today=temporal["today"],
            as_of=temporal["as_of"], claim_dates=temporal["claim_dates"], mode=mode,
            count_tokens=self.backend.count_tokens if use_llm else None, budget=budget,
        )
        if len(prompt.passages) < len(hits):
            notes.append(
                f"{len(hits) - len(prompt.passages)} passage(s) did not fit the model's "
                f"context window of {self.backend.n_ctx} tokens and were left out"
            )
        if use_llm:
            generation = self.backend.generate_json(
                prompt.messages, verdict_schema(len(prompt.passages)), self.settings.max_tokens
            )
            raw, prompt_tokens = generation.text, generation.prompt_tokens
            llm_answer, parse_note = parse_answer(generation.text)
            if parse_note:
                notes.append(parse_note)
        t_llm = time.perf_counter()
        judges: dict = {}
        parts: list[dict] = []
        if llm_answer is not None:
            judges["llm"] = {
                "label": str(llm_answer.get("label", "")),
                "confidence": llm_answer.get("confidence"),
                "rationale": str(llm_answer.get("rationale", "")),
                "citations": llm_answer.get("citations", []),
            }
        if judge == "llm":
            answer = llm_answer
        else:
            answer, parts = self._aligned_answer(claim, prompt, llm_answer, judges)
            if judges["alignment"].get("note"):
                notes.append(judges["alignment"]["note"])
        label, confidence, rationale, citations, guard_notes = apply_guards(
            answer, prompt.passages, temporal, day_end_ts(day)
        )
        notes.extend(guard_notes)
        if info["cutoff"] is None:
            notes.append(
                f"The model {info['name']} is not in factcheck's cutoff table; every claim is "
                "treated as after its knowledge cutoff. Pass --cutoff YYYY-MM to set it."
            )
        self.last_trace = Trace(prompt, raw, prompt_tokens)
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
            parts=parts,
            judges=judges,
        )

    def _aligned_answer(
        self, claim: str, prompt: Prompt, llm_answer: dict | None, judges: dict
    ) -> tuple[dict, list[dict]]:
        """Combine the alignment judge (per atomic part) with the LLM into one answer."""
        passages = prompt.passages
        weight = float(load_weights().get("llm_weight", 0.0))
        llm_dist = None
        if llm_answer is not None:
            llm_dist = llm_distribution(
                str(llm_answer.get("label", "")).upper(),
                _as_float(llm_answer.get("confidence")),
            )
        whole = judge_alignment(claim, passages, self.embedder)
        judges["alignment"] = whole.to_dict()
        judges["combination"] = {"llm_weight": weight if llm_dist else 0.0}
        pieces = split_claim(claim)
        results = [whole] if len(pieces) == 1 else [
            judge_alignment(p, passages, self.embedder) for p in pieces
        ]
        part_verdicts = []
        for piece, result in zip(pieces, results, strict=True):
            probs = combine(result.probs, llm_dist, weight)
            label = max(probs, key=probs.get)
            if result.label == "CONFLICTING":
                label, probs = "CONFLICTING", {**probs, "CONFLICTING": result.probs["CONFLICTING"]}
            part_verdicts.append((piece, label, probs, result))
        rank = {"REFUTED": 0, "CONFLICTING": 1, "NOT_ENOUGH_EVIDENCE": 2, "SUPPORTED": 3}
        if any(label == "REFUTED" for _, label, _, _ in part_verdicts):
            chosen = next(p for p in part_verdicts if p[1] == "REFUTED")
        else:  # all supported -> supported; otherwise the weakest part decides
            chosen = min(part_verdicts, key=lambda p: (rank[p[1]], p[2].get(p[1], 0.0)))
        _, label, probs, result = chosen
        citations = result.citations()
        cited = {c["n"] for c in citations}
        # The LLM's own citations join only when its answer carries weight in the verdict.
        llm_citations = (llm_answer or {}).get("citations") if llm_dist and weight > 0 else []
        for item in llm_citations or []:
            n = item.get("n") if isinstance(item, dict) else None
            if isinstance(n, int) and 1 <= n <= len(passages) and n not in cited:
                citations.append({"n": n, "stance": result.stance_of(n)})
                cited.add(n)
        parts = []
        if len(part_verdicts) > 1:
            parts = [{"text": piece, "label": lab, "confidence": round(pr.get(lab, 0.0), 3),
                      "citations": res.citations()}
                     for piece, lab, pr, res in part_verdicts]
        answer = {"label": label, "confidence": probs.get(label, 0.0),
                  "rationale": _rationale(label, result, passages), "citations": citations}
        return answer, parts


def _as_float(value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.5


def _rationale(label: str, result, passages: list[Hit]) -> str:
    """A rationale a reader can check: the best-matching sentence and where it is from."""
    if not result.articles:
        return "No passage in the news index is about this claim."
    feats, _ = result.articles[0]
    hit = passages[feats.passages[0] - 1]
    where = f"[{feats.passages[0]}] {hit.site}, {hit.published[:10]}"
    quote = snippet(feats.best_sentence, 220)
    if label == "SUPPORTED":
        return f"{where} says: \u201c{quote}\u201d"
    if label == "REFUTED":
        return f"{where} says otherwise: \u201c{quote}\u201d"
    if label == "CONFLICTING":
        return f"The sources disagree; {where} says: \u201c{quote}\u201d"
    return f"No passage settles the claim; the closest, {where}, says: \u201c{quote}\u201d"


def check_claim(
    claim: str, as_of: str | dt.date | None = None, settings: Settings | None = None
) -> Verdict:
    """Check one claim against the news index as of ``as_of`` (default today)."""
    return Checker(settings).check(claim, as_of)
