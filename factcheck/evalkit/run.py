"""Run the replay harness on a dataset: the replay (replay.py), the report object
(report.py) and its files, resuming from or reporting on an earlier run's results."""

from __future__ import annotations

from pathlib import Path

from ..config import load_settings
from ..errors import InputError
from ..judging import ALL
from .datasets import load_dataset
from .replay import Replay, check_results_header, load_results
from .report import build_report, write_report

__all__ = ["complete_claims", "run_eval"]


def run_eval(dataset_path: str, modes: tuple[str, ...], *, limit: int | None = None,
             report_dir: str | None = None, settings=None, progress=None,
             embedder=None, backend=None, judge: str = ALL,
             llm_cache: str | None = None, report_only: bool = False) -> dict:
    """Run the replay and return the report object; also write the report files if asked."""
    dataset = load_dataset(dataset_path).limit(limit)
    settings = settings or load_settings()
    results = None
    out = Path(report_dir) if report_dir else None
    if out is not None:
        if out.exists() and not out.is_dir():
            raise InputError(f"--report {out} is a file; give a directory")
        check_results_header(out, dataset)
        results = out / "results.jsonl"
    if report_only:
        if results is None:
            raise InputError("--report-only needs --report DIR with the results of a run")
        rows = complete_claims(load_results(results), dataset, modes)
        if not rows:
            raise InputError(f"{out} holds no claim checked in every mode asked; run without "
                             "--report-only first")
    else:
        replay = Replay(dataset, settings, modes=modes, results=results, progress=progress,
                        embedder=embedder, backend=backend, judge=judge,
                        llm_cache=Path(llm_cache) if llm_cache else None)
        rows = replay.run()
    by_mode = {m: [r for r in rows if r["mode"] == m] for m in modes}
    model = next((r["model"] for r in rows if r.get("model")), None)
    report = build_report(dataset_path, model, by_mode)
    if out is not None:
        for path in write_report(report, by_mode, out):
            if progress:
                progress(f"wrote {path}")
    return report


def complete_claims(rows: list[dict], dataset, modes: tuple[str, ...]) -> list[dict]:
    """The rows of the claims checked in every mode, both as of the day before and on the day:
    an interrupted run reports on the claims it finished."""
    claim_ids = {c.id for c in dataset.claims}
    done: dict[str, set] = {}
    for row in rows:
        done.setdefault(row["claim_id"], set()).add((row["mode"], row["kind"]))
    wanted = {(m, k) for m in modes for k in ("day_before", "on_day")}
    complete = {cid for cid, seen in done.items() if cid in claim_ids and wanted <= seen}
    return [r for r in rows if r["claim_id"] in complete and r["mode"] in modes]
