"""check_claim(): retrieve -> prompt -> model -> guards -> Verdict. Every front end calls this."""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from .config import Settings, load_settings
from .dates import claim_dates, day_end_ts, month_end, parse_day, today
from .embed import Embedder
from .errors import InputError
from .history import CheckRecord, History, now_stamp
from .judge import AlignmentJudge, AlignmentResult, LLMJudge, judge_weights, reliable, split_claim
from .judging import ALL, Context, Judgement, available, combine, needs_model, select
from .labels import GOLD_LABELS, NEE
from .llm import Backend, ModelCutoff, describe_model, identity_of, load_backend, lookup_cutoff
from .normalise import normalise_claim
from .passage import Hit
from .probe import load_estimate, model_key
from .prompt import MODES, Prompt, build_prompt, verdict_schema
from .retrieve import leads, retrieve
from .store import Store
from .trust import Trust, lookup, pooled_weights, temper, unweighted_note
from .verdict import Verdict, apply_guards, parse_answer, snippet

__all__ = ["Checker", "LazyStoreAndEmbedder", "check_claim", "validate_claim", "MAX_CLAIM_CHARS"]

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


@dataclass
class _LastCheck:
    """What ``Checker.model_reading`` needs to ask the model about the claim just checked."""

    claim: str
    hits: list[Hit]
    temporal: dict
    info: dict
    mode: str


class LazyStoreAndEmbedder:
    """The store and embedding model of ``settings``, opened on first use and then kept."""

    settings: Settings
    _store: Store | None
    _embedder: Embedder | None

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store.from_settings(self.settings)
        return self._store

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = Embedder.from_settings(self.settings)
        return self._embedder


class Checker(LazyStoreAndEmbedder):
    """Holds the loaded store, embedder and model so repeated checks stay warm."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        store: Store | None = None,
        embedder: Embedder | None = None,
        backend: Backend | None = None,
        record: bool = False,
    ) -> None:
        self.settings = settings or load_settings()
        self._store = store
        self._embedder = embedder
        self._backend = backend
        self.last_trace: Trace | None = None
        # record: save every check in the store's history (front ends do; the eval harness
        # and benchmarks, which check thousands of claims on throwaway stores, do not).
        self.record = record
        self.last_check: CheckRecord | None = None
        self._last: _LastCheck | None = None
        # True when the last check left the model out because it has no weight: its reading
        # can be asked afterwards (model_reading), outside the verdict.
        self.model_skipped = False

    @property
    def backend(self) -> Backend:
        if self._backend is None:
            self._backend = load_backend(self.settings)
        return self._backend

    def model_info(self, load: bool = True) -> dict:
        """The model's name, backend, identity and knowledge cutoff. ``load=False`` reads them
        without loading the model where the backend can (a GGUF file's metadata)."""
        if load or self._backend is not None:
            backend = self.backend
            name, kind, metadata = backend.name, backend.backend, backend.metadata
            filename = Path(getattr(backend, "path", backend.name)).name
            identity = identity_of(backend)
        else:
            desc = describe_model(self.settings)
            name, kind, metadata, filename = desc.name, desc.backend, desc.metadata, desc.filename
            identity = desc.identity
        cut = lookup_cutoff(metadata, filename, self.settings.cutoff)
        estimated = False
        if cut.cutoff is None:  # a probe's estimate, if any
            found = load_estimate(self.store, model_key(name, filename))
            if found is not None and found.cutoff:
                cut = ModelCutoff(found.cutoff, f"estimated by factcheck probe-cutoff on "
                                  f"{found.probed_at[:10]}: {found.reason}")
                estimated = True
        return {"name": name, "backend": kind, "cutoff": cut.cutoff,
                "cutoff_source": cut.source, "released": cut.released, "estimated": estimated,
                "identity": identity}

    def trust(self, info: dict | None = None) -> Trust:
        """The configured model's calibrated weight in the verdict (trust.py)."""
        info = info or self.model_info(load=False)
        return lookup(self.store, info["identity"])

    def _temporal(self, claim: str, as_of: dt.date, hits: list[Hit], info: dict) -> dict:
        dates = claim_dates(claim, as_of)
        cutoff = info["cutoff"]
        if cutoff is None:
            after = True  # unknown model: every claim may be after what it knows
        elif dates:
            after = any(dt.date.fromisoformat(d) > month_end(cutoff) for d in dates)
        elif hits:
            after = any(dt.date.fromisoformat(h.published[:10]) > month_end(cutoff) for h in hits)
        else:
            after = as_of > month_end(cutoff)
        return {
            "model_cutoff": cutoff,
            "today": today().isoformat(),
            "as_of": as_of.isoformat(),
            "claim_dates": dates,
            "after_cutoff": after,
        }

    def _prompt(self, claim: str, hits: list[Hit], temporal: dict, info: dict, mode: str,
                use_llm: bool, notes: list[str]) -> Prompt:
        budget = None
        if use_llm:
            # Room for the chat template's own tokens and the answer.
            budget = self.backend.n_ctx - self.settings.max_tokens - 64
        shown_cutoff = info["cutoff"]
        if info.get("estimated"):
            shown_cutoff = f"{info['cutoff']} (estimated)"
            notes.append(f"The model's knowledge cutoff, {info['cutoff']}, is "
                         f"{info['cutoff_source']}; its makers do not state it.")
        prompt = build_prompt(
            claim, hits, model_cutoff=shown_cutoff, today=temporal["today"],
            as_of=temporal["as_of"], claim_dates=temporal["claim_dates"], mode=mode,
            count_tokens=self.backend.count_tokens if use_llm else None, budget=budget,
        )
        if len(prompt.passages) < len(hits):
            notes.append(
                f"{len(hits) - len(prompt.passages)} passage(s) did not fit the model's "
                f"context window of {self.backend.n_ctx} tokens and were left out"
            )
        return prompt

    def _leads(self, day: dt.date):
        """The leads of the passages' articles, looked up once per check: a compound claim's
        parts are judged on the same passages."""
        found: dict[tuple[str, ...], list[Hit]] = {}

        def of(passages: list[Hit]) -> list[Hit]:
            key = tuple(h.passage_id for h in passages)
            if key not in found:
                found[key] = leads(self.store, passages, day)
            return found[key]

        return of

    def _asker(self, prompt: Prompt, notes: list[str], asked: dict):
        """The check's ``ask_model``: the model asked the prompt once, on first call."""

        def ask_model() -> dict | None:
            if "answer" not in asked:
                generation = self.backend.generate_json(
                    prompt.messages, verdict_schema(len(prompt.passages)),
                    self.settings.max_tokens)
                asked["raw"], asked["tokens"] = generation.text, generation.prompt_tokens
                asked["answer"], parse_note = parse_answer(generation.text)
                if parse_note:
                    notes.append(parse_note)
                elif generation.extra.get("schema_error"):
                    notes.append(f"the model's answer does not follow the verdict schema "
                                 f"({generation.extra['schema_error']}); read as far as it "
                                 "goes")
            return asked["answer"]

        return ask_model

    def check(
        self, claim: str, as_of: str | dt.date | None = None, *, mode: str = "full",
        top_k: int | None = None, judge: str = ALL, align: bool = True,
        explain: bool = False,
    ) -> Verdict:
        """``judge``: every registered judge combined (default) or one alone by name
        (``judging.judge_choices()``); a judge that needs no model never loads it. Modes
        other than ``full`` are baselines: the LLM alone.

        Combined, the LLM judge weighs what its model's calibration says (trust.py); with
        weight 0 the model is not asked at all, so the verdict does not wait for it, unless
        ``explain`` asks for every judge's reading (shown under ``judges``, outside the
        verdict). ``model_reading()`` asks it afterwards."""
        if mode not in MODES:
            raise InputError(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
        names = select(judge)
        if not align or mode != "full":
            names = ["llm"]
        claim = validate_claim(claim)
        day = parse_day(as_of)
        k = top_k or self.settings.top_k
        if k < 1 or k > 50:
            raise InputError(f"--top-k {k} is out of range; use 1 to 50")
        started = time.perf_counter()
        started_at = now_stamp()  # news written after this can change the verdict
        notes: list[str] = []
        weights = judge_weights()
        trust: Trust | None = None
        self.model_skipped = False
        if "llm" in names and len(names) > 1:
            info = self.model_info(load=False)
            trust = self.trust(info)
            weights = pooled_weights(weights, trust)
            if trust.weight <= 0:
                notes.append(unweighted_note(info["name"], trust, self.settings, explain))
                if not explain:
                    names = [n for n in names if n != "llm"]
                    self.model_skipped = True
        use_llm = needs_model(names)
        info = self.model_info(load=use_llm)
        hits: list[Hit] = []
        if mode != "closed-book":
            hits = retrieve(self.store, self.embedder, claim, day, k=k)
        t_retrieved = time.perf_counter()
        temporal = self._temporal(claim, day, hits, info)
        self._last = _LastCheck(claim, hits, temporal, info, mode)
        prompt = self._prompt(claim, hits, temporal, info, mode, use_llm, notes)
        asked: dict = {}
        context = Context(day, lambda: self.embedder, self._asker(prompt, notes, asked),
                          self._leads(day))
        registry = available()
        judgements = [registry[n]().judge(claim, prompt.passages, context) for n in names]
        if trust is not None:
            for j in judgements:
                if j.name == "llm":
                    j.probs = temper(j.probs, trust.temperature)
        t_llm = time.perf_counter()
        judges = {j.name: j.details for j in judgements}
        parts: list[dict] = []
        if names == ["llm"]:
            answer = asked.get("answer")
        else:
            answer, parts = self._combined_answer(claim, prompt.passages, judgements, context,
                                                  judges, weights)
        for j in judgements:
            if j.note:
                notes.append(j.note)
        label, confidence, rationale, citations, guard_notes = apply_guards(
            answer, prompt.passages, temporal, day_end_ts(day)
        )
        notes.extend(guard_notes)
        pooled = judges.get("combination", {}).get("probs")
        if pooled:
            judges["combination"]["guarded"] = label
        if pooled and label in GOLD_LABELS:
            # Guards first (they may only weaken a label), then the confidence each label
            # earns on the calibration replays (3 decimals, as the contract says).
            reliable_label, confidence = reliable(label, pooled)
            confidence = round(confidence, 3)
            if reliable_label != label:
                notes.append(
                    f"{label} was changed to {reliable_label}: the evidence's support "
                    f"(p={pooled[label]:.2f}) is below what proved reliable on the dev replays.")
                label = reliable_label
        if info["cutoff"] is None:
            notes.append(
                f"The model {info['name']} is not in factcheck's cutoff table; every claim is "
                "treated as after its knowledge cutoff. Pass --cutoff YYYY-MM to set it, or "
                "estimate it with factcheck probe-cutoff."
            )
        self.last_trace = Trace(prompt, asked.get("raw", ""), asked.get("tokens", 0))
        total = time.perf_counter()
        verdict = Verdict(
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
        if self.record:
            self.last_check = History(self.store).record(
                verdict, judge=judge, as_of=None if as_of in (None, "") else temporal["as_of"],
                top_k=k, started_at=started_at, embedder=self.embedder)
        return verdict

    def model_reading(self) -> dict:
        """The model's own reading of the claim last checked, asked after its verdict: the
        same prompt the LLM judge would get, over the same retrieved passages. Not part of
        that verdict; the web chat shows it under the badge when the model has no weight."""
        if self._last is None:
            raise InputError("no claim has been checked yet; check one first")
        last = self._last
        started = time.perf_counter()
        notes: list[str] = []
        info = self.model_info(load=True)
        prompt = self._prompt(last.claim, last.hits, last.temporal, info, last.mode, True,
                              notes)
        asked: dict = {}
        context = Context(dt.date.fromisoformat(last.temporal["as_of"]), lambda: self.embedder,
                          self._asker(prompt, notes, asked))
        judgement = LLMJudge().judge(last.claim, prompt.passages, context)
        self.last_trace = Trace(prompt, asked.get("raw", ""), asked.get("tokens", 0))
        citations = []
        for n, stance in judgement.stances.items():
            hit = prompt.passages[n - 1]
            citations.append({"n": n, "stance": stance, "title": hit.title, "url": hit.url,
                              "source": hit.site, "published": hit.published})
        return {"claim": last.claim, "model": info["name"], "label": judgement.label or NEE,
                "confidence": _as_float(judgement.details.get("confidence")),
                "rationale": judgement.details.get("rationale", ""), "citations": citations,
                "weight": self.trust(info).weight, "notes": notes,
                "timings_ms": {"llm": round((time.perf_counter() - started) * 1000)}}

    def _combined_answer(
        self, claim: str, passages: list[Hit], judgements: list[Judgement], context: Context,
        judges: dict, weights: dict[str, float],
    ) -> tuple[dict, list[dict]]:
        """The judges' distributions pooled (``judging.combine``), per atomic part of a
        compound claim: the alignment judge reads each part, the others the whole claim."""
        judges["combination"] = {"weights": {j.name: weights.get(j.name, 0.0)
                                             for j in judgements}}
        align = next((j for j in judgements if j.name == "alignment"), None)
        others = [j for j in judgements if j is not align]
        pieces = split_claim(claim) if align is not None else [claim]
        part_judgements = [align] if len(pieces) == 1 else [
            AlignmentJudge().judge(p, passages, context) for p in pieces]
        part_verdicts = []
        for piece, own in zip(pieces, part_judgements, strict=True):
            pool = [j for j in (own, *others) if j is not None]
            probs = combine(pool, weights)
            label = max(probs, key=probs.get)
            lead = own if own is not None else pool[0]
            if lead.label == "CONFLICTING":
                label, probs = "CONFLICTING", {**probs, "CONFLICTING":
                                               lead.probs.get("CONFLICTING", 0.0)}
            part_verdicts.append((piece, label, probs, lead))
        rank = {"REFUTED": 0, "CONFLICTING": 1, "NOT_ENOUGH_EVIDENCE": 2, "SUPPORTED": 3}
        if any(label == "REFUTED" for _, label, _, _ in part_verdicts):
            chosen = next(p for p in part_verdicts if p[1] == "REFUTED")
        else:  # all supported -> supported; otherwise the weakest part decides
            chosen = min(part_verdicts, key=lambda p: (rank[p[1]], p[2].get(p[1], 0.0)))
        _, label, probs, lead = chosen
        citations = [{"n": n, "stance": st} for n, st in lead.stances.items()]
        cited = set(lead.stances)
        # Another judge's citations join only when its answer carries weight in the verdict.
        for j in others:
            if weights.get(j.name, 0.0) <= 0:
                continue
            for n in j.stances:
                if n not in cited and 1 <= n <= len(passages):
                    citations.append({"n": n, "stance": lead.stances.get(n, "neutral")})
                    cited.add(n)
        parts = []
        if len(part_verdicts) > 1:
            parts = [{"text": piece, "label": lab, "confidence": round(pr.get(lab, 0.0), 3),
                      "citations": [{"n": n, "stance": st} for n, st in j.stances.items()]}
                     for piece, lab, pr, j in part_verdicts]
        if isinstance(lead.result, AlignmentResult):
            rationale = _rationale(label, lead.result, passages)
        else:
            rationale = str(lead.details.get("rationale", ""))
        answer = {"label": label, "confidence": probs.get(label, 0.0),
                  "rationale": rationale, "citations": citations}
        judges["combination"].update(
            label=label, probs={k: round(v, 4) for k, v in probs.items()})
        return answer, parts


def _as_float(value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.5


def _rationale(label: str, result, passages: list[Hit]) -> str:
    """A rationale a reader can check: the contradiction with both values, or the
    best-matching sentence, and where it is from."""
    if not result.articles:
        return "No passage in the news index is about this claim."
    ev, _ = result.articles[0]
    if label in ("REFUTED", "CONFLICTING"):
        conflict = next((c for e, p in result.articles if p.get("REFUTED", 0) >= 0.5
                         for c in e.conflicts), None)
        if conflict is not None:
            hit = passages[conflict.passage - 1]
            lead = "The sources disagree: " if label == "CONFLICTING" else ""
            return (f"{lead}{conflict.describe()} ({hit.site}, {hit.published[:10]}): "
                    f"\u201c{snippet(conflict.sentence, 220)}\u201d")
    hit = passages[ev.passages[0] - 1]
    where = f"[{ev.passages[0]}] {hit.site}, {hit.published[:10]}"
    quote = snippet(ev.best_sentence, 220)
    if label == "SUPPORTED":
        return f"{where} says: \u201c{quote}\u201d"
    if ev.background:
        return (f"No report from after the claim's event settles it; the closest, {where}, "
                f"is background: \u201c{quote}\u201d")
    return f"No passage settles the claim; the closest, {where}, says: \u201c{quote}\u201d"


def check_claim(
    claim: str, as_of: str | dt.date | None = None, settings: Settings | None = None
) -> Verdict:
    """Check one claim against the news index as of ``as_of`` (default today); the check is
    saved in the store's history."""
    return Checker(settings, record=True).check(claim, as_of)
