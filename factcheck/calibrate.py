"""``factcheck calibrate``: measure how much one model's answers should weigh in the verdict.

The development replays (``evals/data/news2026_dev*.jsonl``; never the locked test replay)
are ingested into a temporary store. Each claim is checked as of its event's day with every
judge asked, so each row holds the evidence-alignment judge's distribution and the model's
answer. Then, as ``evals/fit_judge.py`` chooses ``llm_weight``:

- the model's answer becomes a distribution (``judge.llm_distribution``) read with a
  temperature ``T`` (``trust.temper``), pooled with the alignment judge's by weight ``w``
  (``judge.combine``), and decided as a check decides (``judge.reliable``);
- ``(w, T)`` is chosen on a grid by macro-F1 over the gold labels, ties broken by log loss, then
  by the smaller weight;
- leave-one-event-out cross-validation of that choice is compared with the evidence alone. The
  model keeps a weight above 0 only when the cross-validated macro-F1 with it is higher;
  otherwise its weight is 0 and checks do not wait for it.

The result is saved in the store under the model's identity (trust.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import math
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from .config import Settings
from .errors import InputError
from .evalkit.metrics import macro_f1
from .judge import combine, llm_distribution, reliable
from .trust import save, temper

__all__ = ["DEV_REPLAYS", "calibrate", "collect", "dev_replays", "fit"]

log = logging.getLogger(__name__)

DEV_REPLAYS = ("news2026_dev.jsonl", "news2026_dev_more.jsonl", "news2026_dev_extra.jsonl")
LOCKED = "_test"  # the locked replays (news2026_*heldout*_test.jsonl): reporting only
CALIBRATION = "_calib"  # the replays the verdict's confidence curves are fitted on, and only they
WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.5, 0.7)
TEMPERATURES = (0.5, 1.0, 2.0, 4.0)

Progress = Callable[[str], None]


def dev_replays() -> list[Path]:
    """The development replays of a checkout (they are not in the wheel)."""
    data = Path(__file__).resolve().parent.parent / "evals" / "data"
    files = [data / name for name in DEV_REPLAYS]
    if not all(f.is_file() for f in files):
        raise InputError(f"the development replays are not in {data} (an installed wheel does "
                         "not carry them); pass --dataset FILE.jsonl, e.g. from a checkout's "
                         "evals/data")
    return files


def _events(datasets: list[Path]) -> list[dict]:
    events = []
    for path in datasets:
        if path.stem.endswith(LOCKED):
            raise InputError(f"{path.name} is the locked test replay: report on it, never "
                             "calibrate on it; use the development replays")
        if path.stem.endswith(CALIBRATION):
            raise InputError(f"{path.name} fits only the verdict's confidence curves "
                             "(evals/fit_reliability.py); use the development replays")
        try:
            lines = path.read_text("utf-8").splitlines()
            events += [json.loads(line) for line in lines if line.strip()]
        except (OSError, ValueError) as exc:
            raise InputError(f"cannot read replay {path}: {exc}; give a replay JSON Lines file "
                             "(docs/datasets.md)") from None
    for e in events:
        if not {"id", "date", "headline", "article", "claims"} <= set(e):
            raise InputError(f"{e.get('id', '?')} is not a replay event (docs/datasets.md)")
    return events


def collect(datasets: list[Path], settings: Settings, *, limit: int | None = None,
            progress: Progress | None = None, embedder=None, backend=None) -> list[dict]:
    """One row per claim: gold label, the alignment judge's distribution, the model's answer."""
    from .check import Checker
    from .evalkit.render import render_article
    from .news.ingest import ingest

    progress = progress or (lambda line: None)
    events = _events(datasets)
    wanted: list[tuple[dict, dict]] = [(e, c) for e in events for c in e["claims"]]
    if limit is not None:
        wanted = wanted[:limit]
    used = {id(e) for e, _ in wanted}
    # A rough run with --limit ingests only the events its claims come from.
    events = [e for e in events if id(e) in used] if limit is not None else events
    rows = []
    with tempfile.TemporaryDirectory(prefix="factcheck-calibrate-") as tmp:
        pages = Path(tmp) / "pages"
        pages.mkdir()
        for e in events:
            (pages / f"{e['id']}.html").write_text(render_article(e), "utf-8")
        # The replay's own throwaway index, embedded even when the user's store is on servers.
        local = settings.replace(store=str(Path(tmp) / "store"), store_url="", chroma_url="")
        progress(f"ingesting {len(events)} replay articles into a temporary store…")
        checker = Checker(local, embedder=embedder, backend=backend)
        ingest([str(pages)], local, store=checker.store, embedder=checker.embedder)
        try:
            for i, (e, c) in enumerate(wanted, start=1):
                started = time.perf_counter()
                verdict = checker.check(c["text"], e["date"], explain=True)
                llm = verdict.judges.get("llm") or {}
                rows.append({
                    "event": e["id"], "claim": c["text"], "gold": c["label"],
                    "alignment": verdict.judges["alignment"]["probs"],
                    "llm": {"label": str(llm.get("label", "")),
                            "confidence": _confidence(llm.get("confidence"))},
                    "seconds": round(time.perf_counter() - started, 2),
                })
                progress(f"[{i}/{len(wanted)}] {e['id']}: gold {c['label']}, model said "
                         f"{rows[-1]['llm']['label'] or '?'} ({rows[-1]['seconds']:.1f} s)")
        finally:
            checker.store.close()
    return rows


def _confidence(value: object) -> float:
    try:
        return min(1.0, max(0.0, float(value)))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.5


def _decide(row: dict, weight: float, temperature: float) -> tuple[str, dict[str, float]]:
    llm = temper(llm_distribution(row["llm"]["label"].upper(), row["llm"]["confidence"]),
                 temperature)
    probs = combine(row["alignment"], llm, weight)
    label, _ = reliable(max(probs, key=probs.get), probs)
    return label, probs


def _score(rows: list[dict], decided: list[tuple[str, dict]]) -> dict:
    gold = [r["gold"] for r in rows]
    pred = [label for label, _ in decided]
    nll = -sum(math.log(max(probs.get(g, 0.0), 1e-6))
               for g, (_, probs) in zip(gold, decided, strict=True)) / len(rows)
    return {"macro_f1": macro_f1(gold, pred),
            "accuracy": round(sum(g == p for g, p in zip(gold, pred, strict=True)) / len(rows),
                              4),
            "nll": round(nll, 4)}


def _choose(rows: list[dict]) -> tuple[float, float]:
    best, best_key = (0.0, 1.0), None
    for weight in WEIGHTS:
        for temperature in TEMPERATURES if weight > 0 else (1.0,):
            s = _score(rows, [_decide(r, weight, temperature) for r in rows])
            key = (s["macro_f1"], -s["nll"])
            if best_key is None or key > best_key:  # strict: ties keep the smaller weight
                best, best_key = (weight, temperature), key
    return best


def fit(rows: list[dict]) -> dict:
    """The model's weight and temperature, with the cross-validation that justified them."""
    if not rows:
        raise InputError("no claims to calibrate on; give a replay with claims")
    events = sorted({r["event"] for r in rows})
    alone = _score(rows, [(r["llm"]["label"].upper(), llm_distribution(
        r["llm"]["label"].upper(), r["llm"]["confidence"])) for r in rows])
    evidence = _score(rows, [_decide(r, 0.0, 1.0) for r in rows])
    result = {"claims": len(rows), "events": len(events), "model_alone": alone,
              "cv": {"scheme": "leave-one-event-out", "evidence_only": evidence}}
    if len(events) < 2:
        result.update(weight=0.0, temperature=1.0, decision=(
            "weight 0: cross-validation needs claims from two events or more"))
        return result
    held: dict[int, tuple[str, dict]] = {}
    for event in events:
        weight, temperature = _choose([r for r in rows if r["event"] != event])
        for i, r in enumerate(rows):
            if r["event"] == event:
                held[i] = _decide(r, weight, temperature)
    with_model = _score(rows, [held[i] for i in range(len(rows))])
    result["cv"]["with_model"] = with_model
    if with_model["macro_f1"] > evidence["macro_f1"]:
        weight, temperature = _choose(rows)
        result.update(weight=weight, temperature=temperature, decision=(
            f"weight {weight}: cross-validated macro-F1 {with_model['macro_f1']} with the "
            f"model against {evidence['macro_f1']} from the evidence alone"))
    else:
        result.update(weight=0.0, temperature=1.0, decision=(
            f"weight 0: cross-validated macro-F1 {with_model['macro_f1']} with the model, "
            f"{evidence['macro_f1']} from the evidence alone; the model does not make "
            "verdicts better"))
    return result


def calibrate(settings: Settings, datasets: list[Path] | None = None, *,
              limit: int | None = None, save_to_store: bool = True,
              progress: Progress | None = None, embedder=None, backend=None,
              llm_cache: str | Path | None = None) -> dict:
    """Collect, fit and (unless told not to) save the configured model's trust.
    ``llm_cache``: an SQLite file of the model's answers (llm/cache.py), so a calibration that
    was interrupted resumes rather than asks the model again."""
    from .check import Checker
    from .llm.cache import CachedBackend

    datasets = datasets or dev_replays()
    _events(datasets)  # refuse the locked test replay before anything loads
    started = time.perf_counter()
    user = Checker(settings, backend=backend)
    info = user.model_info(load=True)  # a model that cannot load fails before the replay
    model = CachedBackend(user.backend, llm_cache) if llm_cache else user.backend
    try:
        rows = collect(datasets, settings, limit=limit, progress=progress, embedder=embedder,
                       backend=model)
    finally:
        if isinstance(model, CachedBackend):
            model.close()
    record = {
        "identity": info["identity"], "model": info["name"], "backend": info["backend"],
        **fit(rows),
        "datasets": [d.name for d in datasets],
        "sha256": [hashlib.sha256(d.read_bytes()).hexdigest() for d in datasets],
        "limit": limit,
        "seconds_per_claim": round(statistics.median(r["seconds"] for r in rows), 2),
        "seconds": round(time.perf_counter() - started, 1),
        "fitted_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    if save_to_store:
        save(user.store, record)
        record["saved_in"] = str(user.store.path)
    user.store.close()
    return record
