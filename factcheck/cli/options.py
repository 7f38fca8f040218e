"""The options that several commands share, declared once, and the small helpers every command
uses to turn them into settings and errors."""

from __future__ import annotations

import contextlib
import functools
import json
from collections.abc import Callable, Iterator
from typing import Any

import click

from ..errors import InputError
from ..llm.options import BACKEND_OPTIONS

__all__ = [
    "allow_private_option",
    "backend_options",
    "check_cutoff",
    "emit_json",
    "embed_model_option",
    "json_option",
    "progress_option",
    "recheck_option",
    "store_options",
    "usage_errors",
    "workers_option",
]

Decorator = Callable[[Callable], Callable]


def _apply(*options: Decorator) -> Decorator:
    """One decorator from several; the options appear in --help in the order given."""

    def decorate(func: Callable) -> Callable:
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


embed_model_option = click.option(
    "--embed-model", metavar="DIR",
    help="Sentence-transformers model directory [env FACTCHECK_EMBED_MODEL].")

store_options = _apply(
    click.option("--store", "store", metavar="DIR", help="Index directory [env FACTCHECK_STORE]."),
    click.option("--store-url", metavar="postgresql://USER@HOST/DB",
                 help="Keep articles and keywords in PostgreSQL instead of SQLite; the password "
                      "from PGPASSWORD [env FACTCHECK_STORE_URL]."),
    click.option("--chroma-url", metavar="http://HOST:PORT[/COLLECTION]",
                 help="Keep vectors on a Chroma server instead of in DIR; a token from "
                      "FACTCHECK_CHROMA_TOKEN [env FACTCHECK_CHROMA_URL]."),
    embed_model_option,
)
"""``--store``, ``--store-url``, ``--chroma-url`` and ``--embed-model``: every command that
reads or writes the index."""

def backend_options(func: Callable) -> Callable:
    """``--backend``, ``--model``, ``--base-url``, ``--api-key-env``, ``--cutoff`` (the table in
    llm/options.py) on every command that reports on or asks the model. The command receives
    them as one ``model_settings`` dict of setting overrides (None: not given); a malformed
    --cutoff is refused before the command runs."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        model_settings = {o.setting: kwargs.pop(o.setting) for o in BACKEND_OPTIONS}
        check_cutoff(model_settings["cutoff"])
        return func(*args, model_settings=model_settings, **kwargs)

    for option in reversed(BACKEND_OPTIONS):
        wrapper = click.option(
            option.flag, option.setting, metavar=option.metavar,
            help=f"{option.help} [env FACTCHECK_{option.setting.upper()}]")(wrapper)
    return wrapper

progress_option = click.option(
    "--progress/--no-progress", default=None,
    help="Progress bar on stderr (default: when stderr is a terminal).")


recheck_option = click.option(
    "--recheck/--no-recheck", default=True, show_default=True,
    help="Then re-check the saved claims the new articles touch (docs/history.md).")
"""``--recheck/--no-recheck``: every command that ingests news."""


def allow_private_option(
        help: str = "Allow URLs on loopback/private/link-local addresses.") -> Decorator:
    return click.option("--allow-private", is_flag=True, default=None, help=help)


def json_option(help: str) -> Decorator:
    return click.option("--json", "as_json", is_flag=True, help=help)


def workers_option(help: str) -> Decorator:
    return click.option("--workers", type=click.IntRange(1, 16), default=4, show_default=True,
                        help=help)


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@contextlib.contextmanager
def usage_errors() -> Iterator[None]:
    """Input that the library refuses is a usage error here (exit status 2, with the usage)."""
    try:
        yield
    except InputError as exc:
        raise click.UsageError(str(exc)) from None


def check_cutoff(cutoff: str | None) -> None:
    """Refuse a malformed --cutoff before anything loads."""
    if cutoff is not None:
        from ..llm.cutoff import parse_cutoff

        parse_cutoff(cutoff)
