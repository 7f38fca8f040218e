"""``factcheck eval``: the front end of the replay harness. It parses options, runs the replay,
and prints or writes the report; the work is in replay.py, metrics.py and report.py."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..config import load_settings
from ..errors import InputError
from ..judging import ALL, judge_choices
from .datasets import load_dataset
from .replay import MODES, Replay, check_results_header, load_results
from .report import build_report, markdown, write_report

__all__ = ["eval_command", "run_eval"]


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


@click.command("eval")
@click.argument("dataset", type=click.Path(dir_okay=False))
@click.option("--mode", type=click.Choice([*MODES, "all"]), default="all", show_default=True,
              help="full: factcheck; naive-rag: evidence without cutoff or date; "
                   "closed-book: the model alone.")
@click.option("--limit", type=click.IntRange(min=1), metavar="N",
              help="Only the first N claims of the dataset.")
@click.option("--report", "report_dir", metavar="DIR",
              help="Write report.json, report.md, PNG charts and results.jsonl here; "
                   "a rerun with the same DIR resumes where the last one stopped.")
@click.option("--json", "as_json", is_flag=True,
              help='Print {"dataset", "model", "modes": {mode: metrics}} as JSON.')
@click.option("--model", metavar="PATH.gguf", help="GGUF model file (default: embedded SmolLM2).")
@click.option("--cutoff", metavar="YYYY-MM", help="The model's knowledge cutoff.")
@click.option("--embed-model", metavar="DIR", help="Sentence-transformers model directory.")
@click.option("--threads", type=click.IntRange(min=1), metavar="N",
              help="llama.cpp threads (default: all cores); 1 is much faster on a busy machine "
                   "[env FACTCHECK_N_THREADS].")
@click.option("--judge", type=click.Choice(judge_choices()), default=ALL,
              show_default=True, help="Judges in full mode: all combined, or one alone by name "
              "(alignment alone asks no model). Use one --report DIR per judge.")
@click.option("--llm-cache", metavar="FILE",
              help="Keep the model's answers in this SQLite file and reuse them when the same "
              "prompt comes again (a rerun after changing judge weights skips the model).")
@click.option("--report-only", is_flag=True,
              help="Run nothing: report on the claims that --report DIR already holds in "
              "every mode (an interrupted run's finished claims).")
def eval_command(dataset: str, mode: str, limit: int | None, report_dir: str | None,
                 as_json: bool, model: str | None, cutoff: str | None,
                 embed_model: str | None, threads: int | None, judge: str,
                 llm_cache: str | None, report_only: bool) -> None:
    """Replay a dataset day by day and report accuracy, calibration, leakage and
    false fabrication per mode.

    DATASET is a replay JSON Lines file (one news event per line, see docs/datasets.md) or an
    AVeriTeC JSON file; the format is detected. Each day's news is served on 127.0.0.1 as
    pages and an RSS feed, ingested into a fresh temporary index, and that day's claims are
    checked as of that day and as of the day before. Progress goes to stderr.

    \b
    Examples:
        factcheck eval evals/data/news2026_dev.jsonl --mode full --limit 6
        factcheck eval evals/data/news2026_dev.jsonl --report /tmp/eval-news --json
        factcheck eval evals/data/averitec_dev.json --limit 30 --report /tmp/eval-av --threads 1
        python -m evals evals/data/news2026_dev.jsonl --mode closed-book
    """
    settings = load_settings(model=model, cutoff=cutoff, embed_model=embed_model,
                             n_threads=threads)
    modes = MODES if mode == "all" else (mode,)
    report = run_eval(dataset, modes, limit=limit, report_dir=report_dir, settings=settings,
                      progress=lambda line: click.echo(line, err=True), judge=judge,
                      llm_cache=llm_cache, report_only=report_only)
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        click.echo(markdown(report))
