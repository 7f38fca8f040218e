"""News intake from the command line: ``ingest``, ``feeds add | list | remove | refresh`` and
``watch``, with the progress line and the summary they share. The work is in news/ingest.py
and store.py."""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from typing import Any

import click

from ..config import Settings, load_settings
from ..errors import FactcheckError
from .history import recheck_after_ingest
from .options import (
    allow_private_option,
    emit_json,
    json_option,
    progress_option,
    recheck_option,
    store_options,
    workers_option,
)

__all__ = ["feeds", "ingest", "parse_interval", "watch"]

_EVENTS = ("added", "updated", "unchanged", "syndicated", "skipped", "failed")


class ProgressPrinter:
    """A one-line counter on stderr when ``bar`` (a terminal, or --progress); otherwise one line
    per added/updated/skipped/failed article, as the demo shows."""

    def __init__(self, bar: bool | None = None) -> None:
        self.bar = sys.stderr.isatty() if bar is None else bar
        self.total = 0
        self.counts: Counter[str] = Counter()

    def __call__(self, event: str, detail: str) -> None:
        if event == "total":
            self.total += int(detail)
        elif event in _EVENTS:
            self.counts[event] += 1
        if not self.bar:
            if event in {"added", "updated", "syndicated", "failed", "skipped", "feed"}:
                click.echo(f"{event:>8}  {detail}", err=True)
            return
        if event == "failed":
            click.echo(f"\r\x1b[K  failed  {detail}", err=True)
        done = sum(self.counts[e] for e in _EVENTS)
        parts = " · ".join(f"{e} {self.counts[e]}" for e in _EVENTS if self.counts[e])
        click.echo(f"\r\x1b[K[{min(done, self.total)}/{self.total}] {parts}", nl=False, err=True)

    def close(self) -> None:
        if self.bar:
            click.echo("", err=True)


def summary_line(report: dict) -> str:
    return (f"added {report['added']} articles ({report['passages_added']} passages), "
            f"updated {report['updated']}, unchanged {report['unchanged']}, "
            f"syndicated {report['syndicated']}, skipped {len(report['skipped'])}, "
            f"failed {len(report['failed'])}")


def finish_report(report: dict, as_json: bool) -> None:
    """Print the summary (stdout) and turn failures into exit status 1."""
    if as_json:
        emit_json(report)
    else:
        click.echo(summary_line(report))
    if report["failed"]:
        first = report["failed"][0]
        raise click.ClickException(
            f"{len(report['failed'])} source(s) failed, the rest went in; first: {first['reason']}"
        )


def _settings(store: str | None, store_url: str | None, chroma_url: str | None,
              embed_model: str | None, allow_private: bool | None) -> Settings:
    return load_settings(store=store, store_url=store_url, chroma_url=chroma_url,
                         embed_model=embed_model, allow_private=allow_private)


def _open_store(settings: Settings):
    from ..store import Store

    return Store.from_settings(settings)


# -- ingest ---------------------------------------------------------------------------------
@click.command()
@click.argument("sources", nargs=-1)
@allow_private_option()
@json_option("Print the summary as JSON.")
@workers_option("Parallel fetches and extractions.")
@click.option("--reextract", is_flag=True,
              help="Extract every kept raw page again (no fetching); takes no SOURCES.")
@progress_option
@recheck_option
@store_options
def ingest(sources: tuple[str, ...], allow_private: bool | None, as_json: bool, workers: int,
           reextract: bool, progress: bool | None, recheck: bool, store: str | None,
           store_url: str | None, chroma_url: str | None, embed_model: str | None) -> None:
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
    from ..news.ingest import Ingestor

    if bool(sources) == reextract:
        raise click.UsageError("give SOURCES to ingest, or --reextract alone")
    settings = _settings(store, store_url, chroma_url, embed_model, allow_private)
    printer = ProgressPrinter(progress)
    ingestor = Ingestor(settings, progress=printer, workers=workers)
    try:
        report = (ingestor.reextract() if reextract else ingestor.run(list(sources))).to_dict()
    finally:
        printer.close()
        ingestor.fetcher.close()
    recheck_after_ingest(settings, report, store=ingestor.store, embedder=ingestor.embedder,
                         enabled=recheck)
    finish_report(report, as_json)


# -- feeds ----------------------------------------------------------------------------------
@click.group()
def feeds() -> None:
    """Manage the feed subscriptions that `feeds refresh` and `watch` fetch.

    \b
    Examples:
        factcheck feeds add https://example.org/rss.xml
        factcheck feeds add subscriptions.opml
        factcheck feeds list --json
        factcheck feeds refresh
        factcheck feeds remove https://example.org/rss.xml
    """


@feeds.command("add")
@click.argument("sources", nargs=-1, required=True, metavar="URL|FILE.opml...")
@json_option("Print {\"added\": [...], ...} as JSON.")
@store_options
@allow_private_option()
def feeds_add(sources: tuple[str, ...], as_json: bool, store: str | None,
              store_url: str | None, chroma_url: str | None, embed_model: str | None,
              allow_private: bool | None) -> None:
    """Subscribe to feed URLs, or to every feed in an OPML subscription list (file or URL).

    \b
    Examples:
        factcheck feeds add https://example.org/rss.xml https://example.org/atom.xml
        factcheck feeds add ~/Downloads/subscriptions.opml
    """
    from pathlib import Path

    from ..news.feeds import parse_opml
    from ..news.fetch import Fetcher
    from ..news.ingest import read_local

    settings = _settings(store, store_url, chroma_url, embed_model, allow_private)
    urls: list[str] = []
    for source in sources:
        path = Path(source)
        if source.startswith(("http://", "https://")) and source.lower().endswith(".opml"):
            with Fetcher.from_settings(settings) as fetcher:
                urls += parse_opml(fetcher.get(source).body, source)
        elif source.startswith(("http://", "https://")):
            urls.append(source)
        elif path.is_file():
            urls += parse_opml(read_local(path, settings.max_bytes), str(path))
        else:
            raise click.UsageError(f"{source}: give a feed URL (http:// or https://) or an "
                                   "OPML file that exists")
    bad = [u for u in urls if not u.startswith(("http://", "https://"))]
    if bad:
        raise click.UsageError(f"{bad[0]}: feed URLs must start with http:// or https://")
    db = _open_store(settings)
    added = [u for u in urls if db.add_feed(u)]
    known = [u for u in urls if u not in added]
    if as_json:
        click.echo(json.dumps({"added": added, "already": known}, ensure_ascii=False, indent=2))
        return
    for url in added:
        click.echo(f"added    {url}")
    for url in known:
        click.echo(f"already  {url}")
    click.echo(f"{len(added)} feed(s) added; fetch them with: factcheck feeds refresh", err=True)


@feeds.command("list")
@json_option("Print {\"feeds\": [...]} as JSON.")
@store_options
@allow_private_option()
def feeds_list(as_json: bool, store: str | None, store_url: str | None,
               chroma_url: str | None, embed_model: str | None, allow_private: bool | None) -> None:
    """Show subscribed feeds with their last refresh.

    \b
    Example:
        factcheck feeds list
    """
    rows = _open_store(_settings(store, store_url, chroma_url, embed_model, allow_private)).feeds()
    if as_json:
        emit_json({"feeds": rows})
        return
    if not rows:
        click.echo("no feeds; add one with: factcheck feeds add URL")
    for row in rows:
        checked = row["checked_at"] or "never refreshed"
        click.echo(f"{row['url']}  {row['title'] or ''}  [{row['status'] or '-'}, "
                   f"{row['entries'] if row['entries'] is not None else '-'} entries, {checked}]")


@feeds.command("remove")
@click.argument("urls", nargs=-1, required=True, metavar="URL...")
@store_options
@allow_private_option()
def feeds_remove(urls: tuple[str, ...], store: str | None, store_url: str | None,
                 chroma_url: str | None, embed_model: str | None,
                 allow_private: bool | None) -> None:
    """Unsubscribe from feeds. Articles already ingested stay in the index.

    \b
    Example:
        factcheck feeds remove https://example.org/rss.xml
    """
    db = _open_store(_settings(store, store_url, chroma_url, embed_model, allow_private))
    missing = [u for u in urls if not db.remove_feed(u)]
    for url in urls:
        if url not in missing:
            click.echo(f"removed  {url}")
    if missing:
        raise click.ClickException(f"not subscribed: {missing[0]}; see factcheck feeds list")


def _refresh(settings: Settings, printer: ProgressPrinter, workers: int,
             embedder: Any = None, recheck: bool = True) -> dict:
    from ..news.ingest import Ingestor

    ingestor = Ingestor(settings, progress=printer, workers=workers, embedder=embedder)
    try:
        if not ingestor.store.feeds():
            raise click.ClickException("no feeds to refresh; add one with: factcheck feeds add URL")
        report = ingestor.refresh_feeds().to_dict()
    finally:
        printer.close()
        ingestor.fetcher.close()
    recheck_after_ingest(settings, report, store=ingestor.store, embedder=ingestor.embedder,
                         enabled=recheck)
    return report


@feeds.command("refresh")
@json_option("Print the summary as JSON.")
@workers_option("Parallel article fetches.")
@progress_option
@recheck_option
@store_options
@allow_private_option()
def feeds_refresh(as_json: bool, workers: int, progress: bool | None, recheck: bool,
                  store: str | None, store_url: str | None, chroma_url: str | None,
                  embed_model: str | None, allow_private: bool | None) -> None:
    """Fetch every subscribed feed once and ingest its new articles. An unchanged feed costs
    one conditional request (304 Not Modified).

    \b
    Examples:
        factcheck feeds refresh
        factcheck feeds refresh --json --progress
    """
    settings = _settings(store, store_url, chroma_url, embed_model, allow_private)
    finish_report(_refresh(settings, ProgressPrinter(progress), workers, recheck=recheck),
                  as_json)


# -- watch ----------------------------------------------------------------------------------
_INTERVAL = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd])", re.I)
_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_interval(text: str) -> float:
    """'30m', '1h30m', '45s', '2h' -> seconds."""
    spec = text.strip().lower().replace(" ", "")
    if not spec or _INTERVAL.sub("", spec):
        raise click.BadParameter(f"{text!r} is not an interval; use e.g. 30m, 1h, 90s, 1h30m")
    seconds = sum(float(n) * _UNIT[u] for n, u in _INTERVAL.findall(spec))
    if seconds < 1:
        raise click.BadParameter("the interval must be at least 1s")
    return seconds


@click.command()
@click.option("--every", "every", default="30m", show_default=True, metavar="INTERVAL",
              help="Time between refreshes: 90s, 30m, 1h, 1h30m.")
@click.option("--rounds", type=click.IntRange(1), default=None,
              help="Stop after this many refreshes (default: run until stopped with Ctrl-C).")
@json_option("Print each round's summary as one JSON line.")
@workers_option("Parallel article fetches.")
@progress_option
@recheck_option
@store_options
@allow_private_option()
def watch(every: str, rounds: int | None, as_json: bool, workers: int, progress: bool | None,
          recheck: bool, store: str | None, store_url: str | None, chroma_url: str | None,
          embed_model: str | None, allow_private: bool | None) -> None:
    """Refresh all subscribed feeds every INTERVAL until stopped (Ctrl-C). Failures in one
    round are reported and the next round still runs; an interrupted round leaves the index
    consistent and the next run picks up where it stopped.

    \b
    Examples:
        factcheck watch --every 30m
        factcheck watch --every 1h --json >> refresh-log.jsonl
    """
    interval = parse_interval(every)
    from ..embed import Embedder

    settings = _settings(store, store_url, chroma_url, embed_model, allow_private)
    embedder = Embedder.from_settings(settings)  # loaded once, kept for every round
    done = 0
    try:
        while True:
            started = time.monotonic()
            done += 1
            try:
                report = _refresh(settings, ProgressPrinter(progress), workers, embedder,
                                  recheck)
            except click.ClickException:  # nothing to watch: say so and stop
                raise
            except FactcheckError as exc:  # the next round still runs
                click.echo(f"round {done} failed: {exc}", err=True)
                report = None
            except Exception as exc:  # a defect in one round must not stop the watcher
                click.echo(f"round {done} failed: unexpected {type(exc).__name__}: {exc}",
                           err=True)
                report = None
            if report is not None:
                if as_json:
                    click.echo(json.dumps({"round": done, **report}, ensure_ascii=False))
                else:
                    click.echo(f"round {done}: {summary_line(report)}")
                for item in report["failed"]:
                    click.echo(f"  failed  {item['url']}: {item['reason']}", err=True)
            if rounds is not None and done >= rounds:
                break
            time.sleep(max(0.0, interval - (time.monotonic() - started)))
    except KeyboardInterrupt:
        click.echo(f"watch stopped after {done} round(s); the index is consistent", err=True)
