"""``factcheck eval``: the front end of the replay harness. It parses options, runs the replay
(evalkit/run.py) and prints the report."""

from __future__ import annotations

import click

from ..config import load_settings
from ..judging import ALL, judge_choices
from ..prompt import MODES
from .options import backend_options, embed_model_option, emit_json, json_option

__all__ = ["eval_command"]


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
@json_option('Print {"dataset", "model", "modes": {mode: metrics}} as JSON.')
@backend_options
@embed_model_option
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
                 as_json: bool, model_settings: dict, embed_model: str | None,
                 threads: int | None, judge: str, llm_cache: str | None,
                 report_only: bool) -> None:
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
    from ..evalkit.report import markdown
    from ..evalkit.run import run_eval

    settings = load_settings(embed_model=embed_model, n_threads=threads, **model_settings)
    modes = MODES if mode == "all" else (mode,)
    report = run_eval(dataset, modes, limit=limit, report_dir=report_dir, settings=settings,
                      progress=lambda line: click.echo(line, err=True), judge=judge,
                      llm_cache=llm_cache, report_only=report_only)
    if as_json:
        emit_json(report)
    else:
        click.echo(markdown(report))
