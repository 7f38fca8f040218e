"""The ``factcheck`` command line. Results go to stdout; logs, progress and errors to stderr."""

from __future__ import annotations

import functools
import json
import logging
import os
import sys
from collections.abc import Callable
from typing import Any

import click

from .config import Settings, load_settings
from .errors import FactcheckError, InputError
from .judging import ALL, judge_choices

log = logging.getLogger("factcheck")


def _debug() -> bool:
    return os.environ.get("FACTCHECK_DEBUG", "") not in {"", "0"}


def store_options(func: Callable) -> Callable:
    """Options shared by every command that touches the index."""

    @click.option("--store", "store", metavar="DIR", help="Index directory [env FACTCHECK_STORE].")
    @click.option("--embed-model", metavar="DIR",
                  help="Sentence-transformers model directory [env FACTCHECK_EMBED_MODEL].")
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper


def model_options(func: Callable) -> Callable:
    @click.option("--model", metavar="PATH.gguf",
                  help="GGUF model file (default: embedded SmolLM2-135M) [env FACTCHECK_MODEL].")
    @click.option("--cutoff", metavar="YYYY-MM", help="The model's knowledge cutoff.")
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper


def _settings(**overrides: Any) -> Settings:
    return load_settings(**overrides)


def _emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group()
@click.version_option(package_name="factcheck")
@click.option("-v", "--verbose", count=True, help="More log output on stderr (-vv for debug).")
def cli(verbose: int) -> None:
    """factcheck: check claims about recent news against your own news index, with a local
    GGUF model that knows its knowledge cutoff.

    \b
    Quick start:
        factcheck ingest https://example.org/feed.xml
        factcheck claim "The Eagles won Super Bowl LX."
    """
    level = logging.WARNING - 10 * verbose
    logging.basicConfig(level=max(level, logging.DEBUG), stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")


# -- claim ----------------------------------------------------------------------------------
def render_verdict(data: dict) -> str:
    colours = {"SUPPORTED": "green", "REFUTED": "red", "CONFLICTING": "yellow"}
    lines = [
        click.style(data["label"], fg=colours.get(data["label"], "blue"), bold=True)
        + f"  (confidence {data['confidence']:.2f})",
        f"Claim: {data['claim']}",
    ]
    if data["rationale"]:
        lines.append(f"Rationale: {data['rationale']}")
    if data["citations"]:
        lines.append("Evidence:")
        for c in data["citations"]:
            lines.append(f"  [{c['n']}] {c['title']} — {c['source']}, {c['published']} "
                         f"({c['stance']})")
            lines.append(f"      {c['url']}")
    else:
        lines.append("Evidence: none cited")
    for part in data.get("parts") or []:
        lines.append(f"Part: {part['label']} ({part['confidence']:.2f}) {part['text']}")
    for note in data["notes"]:
        lines.append(f"Note: {note}")
    t = data["temporal"]
    lines.append(
        f"As of {t['as_of']} (today {t['today']}) · model {data['model']['name']} "
        f"(cutoff {t['model_cutoff'] or 'unknown'}) · {data['timings_ms']['total']} ms"
    )
    return "\n".join(lines)


@cli.command()
@click.argument("claim_text", metavar="CLAIM")
@click.option("--as-of", metavar="YYYY-MM-DD", help="Judge with news published up to this day "
              "(default: today).")
@click.option("--top-k", type=int, help="Evidence passages given to the model (default 5).")
@click.option("--json", "as_json", is_flag=True, help="Print the verdict as JSON.")
@click.option("--explain", is_flag=True, help="Also print the exact prompt, the raw answer and "
              "each judge's output (stderr).")
@click.option("--judge", type=click.Choice(judge_choices()), default=ALL,
              show_default=True, help="Which judges decide: all registered judges combined, or "
              "one alone by name; the alignment judge alone never loads the model.")
@store_options
@model_options
def claim(claim_text: str, as_of: str | None, top_k: int | None, as_json: bool, explain: bool,
          judge: str, store: str | None, embed_model: str | None, model: str | None,
          cutoff: str | None) -> None:
    """Check CLAIM against the news index.

    \b
    Examples:
        factcheck claim "Around 40 people died in the Crans-Montana bar fire."
        factcheck claim "..." --as-of 2026-01-02 --json
        factcheck claim "..." --model ~/models/gemma-3-4b-it-Q4_K_M.gguf --cutoff 2024-08
    """
    from .check import Checker, validate_claim

    try:
        validate_claim(claim_text)
    except InputError as exc:
        raise click.UsageError(str(exc)) from None
    if cutoff is not None:
        from .llm.cutoff import parse_cutoff

        parse_cutoff(cutoff)
    settings = _settings(store=store, embed_model=embed_model, model=model, cutoff=cutoff,
                         top_k=top_k)
    checker = Checker(settings)
    verdict = checker.check(claim_text, as_of, top_k=top_k, judge=judge)
    data = verdict.to_dict()
    if explain and checker.last_trace:
        trace = checker.last_trace
        click.echo(f"--- system ---\n{trace.prompt.system}\n--- user ---\n{trace.prompt.user}\n"
                   f"--- raw answer ({trace.prompt_tokens} prompt tokens) ---\n"
                   f"{trace.raw_answer or '(no model call)'}\n--- judges ---\n"
                   f"{json.dumps(data['judges'], ensure_ascii=False, indent=2)}\n---", err=True)
    click.echo(json.dumps(data, ensure_ascii=False, indent=2) if as_json else render_verdict(data))


# -- ingest ---------------------------------------------------------------------------------
@cli.command()
@click.argument("sources", nargs=-1)
@click.option("--allow-private", is_flag=True, default=None,
              help="Allow URLs on loopback/private/link-local addresses.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--workers", type=click.IntRange(1, 16), default=4, show_default=True,
              help="Parallel fetches and extractions.")
@click.option("--reextract", is_flag=True,
              help="Extract every kept raw page again (no fetching); takes no SOURCES.")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar on stderr (default: when stderr is a terminal).")
@store_options
def ingest(sources: tuple[str, ...], allow_private: bool | None, as_json: bool, workers: int,
           reextract: bool, progress: bool | None, store: str | None,
           embed_model: str | None) -> None:
    """Add news to the index: files and directories (.html, .txt, .md), OPML subscription
    lists, RSS/Atom feed URLs or article URLs.

    Re-ingesting an article already in the index adds nothing; a changed article is updated;
    a copy of a stored story from another outlet is recorded as one more outlet.

    \b
    Examples:
        factcheck ingest evals/data/sample/
        factcheck ingest https://example.org/rss.xml https://example.org/story.html
        factcheck ingest subscriptions.opml --json
        factcheck ingest notes.md --store ~/factcheck-store
        factcheck ingest --reextract
    """
    from .news.commands import ProgressPrinter, finish_report
    from .news.ingest import Ingestor

    if bool(sources) == reextract:
        raise click.UsageError("give SOURCES to ingest, or --reextract alone")
    settings = _settings(store=store, embed_model=embed_model, allow_private=allow_private)
    printer = ProgressPrinter(progress)
    ingestor = Ingestor(settings, progress=printer, workers=workers)
    try:
        report = ingestor.reextract() if reextract else ingestor.run(list(sources))
    finally:
        printer.close()
        ingestor.fetcher.close()
    finish_report(report.to_dict(), as_json)


# -- search ---------------------------------------------------------------------------------
@cli.command()
@click.argument("query")
@click.option("--as-of", metavar="YYYY-MM-DD", help="Only passages published up to this day.")
@click.option("-k", "--top-k", type=int, default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print {\"results\": [...]} as JSON.")
@store_options
def search(query: str, as_of: str | None, top_k: int, as_json: bool, store: str | None,
           embed_model: str | None) -> None:
    """Show what retrieval returns for QUERY (hybrid dense + keyword search).

    Terms joined by " + " and " - " are added and subtracted as embeddings (concept
    arithmetic).

    \b
    Examples:
        factcheck search "Maduro captured"
        factcheck search "Super Bowl" --as-of 2026-02-10 --json
        factcheck search "election + landslide - Hungary"
    """
    from .dates import parse_day
    from .embed import Embedder
    from .retrieve import retrieve
    from .store import Store

    if not query.strip():
        raise click.UsageError("the query is empty; give words to search for")
    if not 1 <= top_k <= 100:
        raise click.UsageError("--top-k must be between 1 and 100")
    settings = _settings(store=store, embed_model=embed_model)
    day = parse_day(as_of)
    hits = retrieve(Store.from_settings(settings), Embedder(settings.embed_model), query, day,
                    k=top_k, per_article=top_k, expression=True)
    results = [
        {"rank": i, "score": h.score, "dense_rank": h.dense_rank, "bm25_rank": h.bm25_rank,
         "published": h.published, "title": h.title, "source": h.site, "url": h.url,
         "text": h.text}
        for i, h in enumerate(hits, start=1)
    ]
    if as_json:
        _emit_json({"query": query, "as_of": day.isoformat(), "results": results})
        return
    if not results:
        click.echo(f"no passages published on or before {day} match; ingest some news first")
    for r in results:
        click.echo(f"{r['rank']:>2}. {r['title']} — {r['source']}, {r['published'][:10]} "
                   f"(score {r['score']:.4f}, dense {r['dense_rank']}, bm25 {r['bm25_rank']})")
        click.echo(f"    {r['url']}")
        click.echo(f"    {r['text'][:200]}")


# -- stats ----------------------------------------------------------------------------------
@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as JSON.")
@store_options
@model_options
def stats(as_json: bool, store: str | None, embed_model: str | None, model: str | None,
          cutoff: str | None) -> None:
    """Show what the index holds, and the model with its knowledge cutoff.

    \b
    Example:
        factcheck stats --json
    """
    from .check import Checker
    from .store import Store

    settings = _settings(store=store, embed_model=embed_model, model=model, cutoff=cutoff)
    data = Store.from_settings(settings, create=False).stats()
    info = Checker(settings).model_info(load=False)
    data["model"] = {"name": info["name"], "backend": info["backend"]}
    data["model_cutoff"] = info["cutoff"]
    data["cutoff_source"] = info["cutoff_source"]
    if as_json:
        _emit_json(data)
        return
    click.echo(f"store:     {data['store']}")
    click.echo(f"articles:  {data['articles']}")
    click.echo(f"passages:  {data['passages']}")
    first, last = data["date_range"]
    click.echo(f"dates:     {first or '-'} .. {last or '-'}")
    click.echo(f"sources:   {len(data['sources'])}"
               + (": " + ", ".join(f"{s} ({n})" for s, n in list(data["sources"].items())[:8])
                  if data["sources"] else ""))
    click.echo(f"embedder:  {data['embedder'] or '-'}")
    click.echo(f"model:     {info['name']} ({info['backend']})")
    click.echo(f"cutoff:    {info['cutoff'] or 'unknown'} — {info['cutoff_source']}")


# -- app ------------------------------------------------------------------------------------
@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, envvar="FACTCHECK_HOST",
              help="Address to bind; 0.0.0.0 exposes the app to your network [env FACTCHECK_HOST].")
@click.option("--port", type=click.IntRange(1, 65535), default=7860, show_default=True,
              envvar="FACTCHECK_PORT", help="Port to serve on [env FACTCHECK_PORT].")
@click.option("--auth", metavar="USER:PASSWORD", envvar="FACTCHECK_AUTH",
              help="Require this login for the page and the API [env FACTCHECK_AUTH].")
@click.option("--allow-private", is_flag=True, default=None,
              help="Let the ingest panel fetch from loopback, LAN and link-local addresses "
                   "[env FACTCHECK_ALLOW_PRIVATE].")
@store_options
@model_options
def app(host: str, port: int, auth: str | None, allow_private: bool | None, store: str | None,
        embed_model: str | None, model: str | None, cutoff: str | None) -> None:
    """Serve the web chat (Gradio) on http://HOST:PORT; Ctrl+C stops it.

    The `check` API endpoint takes a claim and an optional as-of date and returns the verdict
    JSON, e.g. with gradio_client: Client(URL).predict(CLAIM, "2026-01-31", api_name="/check").
    The model, its cutoff and whether private addresses may be fetched are this command's
    options (or the settings file's); visitors of the page cannot change them.

    \b
    Examples:
        factcheck app
        factcheck app --port 8080 --store ~/factcheck-store
        factcheck app --host 0.0.0.0 --auth alice:s3cret
    """
    from .web.options import check_port, parse_auth

    try:
        parse_auth(auth)
    except InputError as exc:
        raise click.UsageError(str(exc)) from None
    check_port(host, port)
    if cutoff is not None:
        from .llm.cutoff import parse_cutoff

        parse_cutoff(cutoff)
    settings = _settings(store=store, embed_model=embed_model, model=model, cutoff=cutoff,
                         allow_private=allow_private)
    from .web.app import serve

    serve(settings, host, port, auth)


def _register_news_commands() -> None:
    from .news.commands import feeds, watch

    cli.add_command(feeds)
    cli.add_command(watch)


_register_news_commands()

from .evalkit.command import eval_command  # noqa: E402  (registered after the core commands)

cli.add_command(eval_command)


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    try:
        rc = cli.main(args=argv, prog_name="factcheck", standalone_mode=False)
        if isinstance(rc, int) and rc:
            sys.exit(rc)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except FactcheckError as exc:
        if _debug():
            raise
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except Exception as exc:  # the last line of defence: one line, not a traceback
        if _debug():
            raise
        click.echo(f"Error: {type(exc).__name__}: {exc} (set FACTCHECK_DEBUG=1 for a traceback)",
                   err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
