"""``factcheck calibrate``: measure the configured model's weight in the verdict and save it."""

from __future__ import annotations

from pathlib import Path

import click

from ..config import load_settings
from .options import backend_options, emit_json, json_option, store_options

__all__ = ["calibrate"]


@click.command()
@click.option("--dataset", "datasets", multiple=True, type=click.Path(dir_okay=False),
              metavar="FILE.jsonl", help="A replay to calibrate on (repeatable; default: the "
              "development replays in evals/data). The locked test replay is refused.")
@click.option("--limit", type=click.IntRange(min=1), metavar="N",
              help="Only the first N claims: a quick, rough calibration (the full one checks "
              "about 190 claims, minutes to an hour depending on the model).")
@click.option("--dry-run", is_flag=True, help="Fit and print; save nothing.")
@click.option("--threads", type=click.IntRange(min=1), metavar="N",
              help="llama.cpp threads (default: all cores); 1 is much faster on a busy machine "
                   "[env FACTCHECK_N_THREADS].")
@click.option("--llm-cache", metavar="FILE",
              help="Keep the model's answers in this SQLite file: an interrupted calibration "
              "run again with it resumes where it stopped.")
@json_option("Print the calibration record as JSON.")
@store_options
@backend_options
def calibrate(datasets: tuple[str, ...], limit: int | None, dry_run: bool, threads: int | None,
              llm_cache: str | None, as_json: bool, store: str | None, store_url: str | None,
              chroma_url: str | None, embed_model: str | None, model_settings: dict) -> None:
    """Measure how much the configured model's answers should weigh in verdicts.

    Checks the development replays' claims with the model, fits its weight (and the
    temperature its confidence is read with) against the evidence judge alone by
    leave-one-event-out cross-validation, and saves them in the store under the model's
    identity (its GGUF file's hash, or the server and model name). Checks with that store
    then use the weight; a model with weight 0 is not asked, so verdicts do not wait for it.
    Progress goes to stderr.

    \b
    Examples:
        factcheck calibrate
        factcheck calibrate --model ~/models/gemma-3-4b-it-Q4_K_M.gguf
        factcheck calibrate --backend openai --base-url http://127.0.0.1:11434/v1 \\
            --model gemma3:4b
        factcheck calibrate --limit 12 --dry-run --json
    """
    from ..calibrate import calibrate as run_calibration

    settings = load_settings(store=store, store_url=store_url, chroma_url=chroma_url,
                             embed_model=embed_model, n_threads=threads, **model_settings)
    record = run_calibration(settings, [Path(d) for d in datasets] or None, limit=limit,
                             save_to_store=not dry_run, llm_cache=llm_cache,
                             progress=lambda line: click.echo(line, err=True))
    if as_json:
        emit_json(record)
        return
    cv = record["cv"]
    click.echo(f"model:        {record['model']} ({record['backend']})")
    click.echo(f"identity:     {record['identity']}")
    click.echo(f"weight:       {record['weight']} (temperature {record['temperature']})")
    click.echo(f"why:          {record['decision']}")
    click.echo(f"claims:       {record['claims']} from {record['events']} events"
               + (f" (--limit {limit}: a rough figure)" if limit else ""))
    click.echo(f"evidence:     macro-F1 {cv['evidence_only']['macro_f1']} (alone)")
    if "with_model" in cv:
        click.echo(f"with model:   macro-F1 {cv['with_model']['macro_f1']} "
                   "(leave-one-event-out)")
    click.echo(f"model alone:  macro-F1 {record['model_alone']['macro_f1']}")
    click.echo(f"per claim:    {record['seconds_per_claim']} s (median)")
    click.echo(f"saved in:     {record['saved_in']}" if "saved_in" in record
               else "saved:        no (--dry-run)")
