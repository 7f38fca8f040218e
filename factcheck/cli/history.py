"""The check history from the command line: ``history``, ``recheck``, ``export`` and
``probe-cutoff``, and the re-check that follows an ingest. The work is in history.py,
recheck.py, claimreview.py and probe.py."""

from __future__ import annotations

from pathlib import Path

import click

from ..config import Settings, load_settings
from ..judging import judge_choices
from ..labels import LABELS
from .claim import render_verdict
from .options import backend_options, emit_json, json_option, store_options

__all__ = ["export", "history", "probe_cutoff", "recheck", "recheck_after_ingest"]


def _history(settings: Settings):
    from ..history import History
    from ..store import Store

    return History(Store.from_settings(settings, create=False), settings.stale_after_days)


def _say(line: str) -> None:
    click.echo(line, err=True)


# -- history ----------------------------------------------------------------------------------
@click.command()
@click.option("--label", metavar="LABEL", help=f"Only checks with this label: {', '.join(LABELS)}.")
@click.option("--since", metavar="YYYY-MM-DD", help="Only checks made on or after this day (UTC).")
@click.option("--latest", is_flag=True, help="Only each claim's newest check.")
@click.option("--show", "show", type=int, metavar="ID", help="Reopen one check: its whole verdict.")
@click.option("--limit", type=click.IntRange(1), help="At most this many checks, newest first.")
@json_option("Print {\"checks\": [...]} (or one check with --show) as JSON.")
@store_options
def history(label: str | None, since: str | None, latest: bool, show: int | None,
            limit: int | None, as_json: bool, store: str | None, store_url: str | None,
            chroma_url: str | None, embed_model: str | None) -> None:
    """List the checks saved in the store, newest first: the day, the label, the claim and its
    as-of day; a changed verdict says what it changed from, an old one is marked stale.

    \b
    Examples:
        factcheck history
        factcheck history --label REFUTED --since 2026-01-01 --json
        factcheck history --show 12
    """
    records = _history(load_settings(store=store, store_url=store_url,
                                     chroma_url=chroma_url, embed_model=embed_model))
    if show is not None:
        record = records.get(show)
        if as_json:
            emit_json(record.to_dict())
            return
        click.echo(f"Check #{record.id} of {record.checked_at[:16].replace('T', ' ')} UTC "
                   f"({record.trigger}, {record.judge} judge, weights {record.weights}) · "
                   f"{record.status}")
        if record.change:
            click.echo(f"Changed: {record.change}")
        click.echo(render_verdict(record.verdict))
        return
    rows = records.checks(label=label, since=since, latest=latest, limit=limit)
    if as_json:
        emit_json({"checks": [r.to_dict() for r in rows]})
        return
    if not rows:
        click.echo("no checks saved yet; check a claim with: factcheck claim \"...\"")
    for r in rows:
        mark = {"stale": "  [stale]", "superseded": "  [superseded]"}.get(r.status, "")
        click.echo(f"#{r.id:<5} {r.checked_at[:10]}  {r.label:<19} {r.confidence:.2f}  "
                   f"as of {r.as_of}{mark}  {r.claim}")
        if r.change:
            click.echo(f"       changed: {r.change}")


# -- recheck ----------------------------------------------------------------------------------
def _print_recheck(data: dict) -> None:
    click.echo(f"re-checked {data['rechecked']} of {data['saved_claims']} saved claims "
               f"({data['touched']} touched by {data['pending_articles']} new article(s)); "
               f"{len(data['changed'])} changed, {len(data['failed'])} failed")
    for change in data["changed"]:
        click.echo(f"  #{change['check']} {change['claim']}\n      {change['change']}")
    for failure in data["failed"]:
        click.echo(f"  failed: {failure['claim']}: {failure['reason']}", err=True)


@click.command()
@click.option("--all", "every", is_flag=True, help="Re-check every saved claim.")
@click.option("--stale", is_flag=True,
              help="Also re-check claims whose verdict is older than stale_after_days.")
@click.option("--judge", type=click.Choice(judge_choices()), default=None,
              help="Judge the re-checks with this (default: each claim's own judge).")
@json_option("Print the re-check report as JSON.")
@store_options
@backend_options
def recheck(every: bool, stale: bool, judge: str | None, as_json: bool, store: str | None,
            store_url: str | None, chroma_url: str | None, embed_model: str | None,
            model_settings: dict) -> None:
    """Check saved claims again: those that articles added since the last re-check touch
    (ingest, feeds refresh and watch do this themselves), or all of them. A changed verdict is
    kept beside the old one and shown as a change.

    \b
    Examples:
        factcheck recheck
        factcheck recheck --all --judge alignment --json
        factcheck recheck --stale
    """
    from ..recheck import Rechecker
    from ..store import Store

    settings = load_settings(store=store, store_url=store_url, chroma_url=chroma_url,
                             embed_model=embed_model, **model_settings)
    opened = Store.from_settings(settings, create=False)
    data = Rechecker(settings, store=opened, progress=_say).run(
        every=every, stale=stale, judge=judge).to_dict()
    if as_json:
        emit_json(data)
    else:
        _print_recheck(data)


def recheck_after_ingest(settings: Settings, report: dict, *, store, embedder=None,
                         enabled: bool = True) -> None:
    """Re-check the claims that an ingest's articles touch; the report gets a ``recheck``
    entry, and changes are told on stderr (the summary stays on stdout)."""
    from ..recheck import Rechecker

    if not enabled or not (report["added"] or report["updated"]):
        return
    data = Rechecker(settings, store=store, embedder=embedder).run().to_dict()
    report["recheck"] = data
    if data["touched"]:
        _say(f"re-checked {data['rechecked']} saved claim(s) the new articles touch; "
             f"{len(data['changed'])} changed")
    for change in data["changed"]:
        _say(f"  changed  {change['claim']}: {change['change']}")


# -- export -----------------------------------------------------------------------------------
@click.command()
@click.option("--format", "fmt", type=click.Choice(["claimreview", "jsonl", "csv"]),
              default="claimreview", show_default=True, help="ClaimReview JSON-LD, JSON Lines "
              "(history records with their verdicts) or CSV.")
@click.option("--since", metavar="YYYY-MM-DD", help="Only checks made on or after this day.")
@click.option("--label", metavar="LABEL", help="Only checks with this label.")
@click.option("--all-checks", is_flag=True,
              help="Every check, not only each claim's newest.")
@click.option("--check", "check_id", type=int, metavar="ID", help="Only this one check.")
@click.option("--author", default="factcheck", show_default=True,
              help="The ClaimReview author (an Organization).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), metavar="FILE",
              help="Write to FILE instead of stdout.")
@json_option("With --output: print {\"path\", \"format\", \"checks\"} as JSON.")
@store_options
def export(fmt: str, since: str | None, label: str | None, all_checks: bool,
           check_id: int | None, author: str, output: str | None, as_json: bool,
           store: str | None, store_url: str | None, chroma_url: str | None,
           embed_model: str | None) -> None:
    """Export the check history (each claim's newest verdict) as schema.org ClaimReview
    JSON-LD, JSON Lines or CSV.

    \b
    Examples:
        factcheck export > reviews.jsonld
        factcheck export --format csv --since 2026-01-01 -o checks.csv
        factcheck export --format jsonl --all-checks
        factcheck export --check 12 --author "Example Checks"
    """
    from ..claimreview import export as render

    if as_json and not output:
        raise click.UsageError("--json describes a file written with --output; without "
                               "--output the export itself is printed")
    records = _history(load_settings(store=store, store_url=store_url,
                                     chroma_url=chroma_url, embed_model=embed_model))
    if check_id is not None:
        rows = [records.get(check_id)]
    else:
        rows = records.checks(label=label, since=since, latest=not all_checks)
    text = render(rows, fmt, author=author)
    if not output:
        click.echo(text, nl=False)
        return
    Path(output).write_text(text, "utf-8")
    summary = {"path": output, "format": fmt, "checks": len(rows)}
    if as_json:
        emit_json(summary)
    else:
        click.echo(f"wrote {len(rows)} check(s) as {fmt} to {output}")


# -- probe-cutoff -----------------------------------------------------------------------------
@click.command("probe-cutoff")
@click.option("--rotations", type=click.IntRange(1, 4), default=4, show_default=True,
              help="Ask each question with the options rotated this many times (4: the answer "
                   "stands under every letter once, so position bias cancels out).")
@click.option("--limit", type=click.IntRange(1), help="Only this many questions, spread over "
              "the months (a quick look).")
@click.option("--save/--no-save", default=True, show_default=True,
              help="Save the estimate in the store for this model.")
@json_option("Print the estimate as JSON.")
@store_options
@backend_options
def probe_cutoff(rotations: int, limit: int | None, save: bool, as_json: bool,
                 store: str | None, store_url: str | None, chroma_url: str | None,
                 embed_model: str | None, model_settings: dict) -> None:
    """Estimate the model's knowledge cutoff: it answers dated multiple-choice questions about
    well-known events, month by month, and the estimate is the month after which its answers
    stop being right. Saved per model; a check uses it, marked as estimated, for a model that
    neither --cutoff nor factcheck's table of known models covers.

    \b
    Examples:
        factcheck probe-cutoff --model ~/models/mystery-7b.Q4_K_M.gguf
        factcheck probe-cutoff --rotations 1 --limit 20 --json
    """
    from ..check import Checker
    from ..llm import lookup_cutoff
    from ..probe import model_key, run_probe, save_estimate
    from ..store import Store

    # The cutoff is what the probe estimates: a --cutoff given is checked, not used.
    cutoff = model_settings.pop("cutoff")
    settings = load_settings(store=store, store_url=store_url, chroma_url=chroma_url,
                             embed_model=embed_model, **model_settings)
    checker = Checker(settings, store=Store.from_settings(settings))
    backend = checker.backend
    key = model_key(backend.name, Path(getattr(backend, "path", backend.name)).name)
    estimate = run_probe(backend, key, rotations=rotations, limit=limit, progress=_say)
    if save:
        save_estimate(checker.store, estimate)
    known = lookup_cutoff(backend.metadata, Path(getattr(backend, "path", "")).name,
                          cutoff or "")
    data = {**estimate.to_dict(), "saved": save, "table_cutoff": known.cutoff,
            "table_source": known.source}
    if as_json:
        emit_json(data)
        return
    for month, accuracy in estimate.months.items():
        click.echo(f"{month}  {'#' * round(accuracy * 20):<20} {accuracy:.2f}")
    click.echo(f"estimate: {estimate.cutoff or 'none'} — {estimate.reason}")
    if known.cutoff:
        click.echo(f"known:    {known.cutoff} — {known.source} (used before any estimate)")
    if save:
        click.echo(f"saved for {key} in {settings.store}", err=True)

