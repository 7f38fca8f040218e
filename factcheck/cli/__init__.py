"""The ``factcheck`` command line: every click command of the project, in one package.

The group and its error handling are here; the commands are in ``claim``, ``index`` (search,
stats), ``news`` (ingest, feeds, watch), ``migrate``, ``app``, ``eval`` and ``calibrate``;
the options several commands share are in ``options``. Commands parse options, call the
library and print: results go to stdout, logs, progress and errors to stderr. A command
module imports the heavy parts of the library inside its function, so ``--help`` and usage
errors stay fast.
"""

from __future__ import annotations

import logging
import os
import sys

import click

from ..errors import FactcheckError
from .app import app
from .calibrate import calibrate
from .claim import claim
from .eval import eval_command
from .history import export, history, probe_cutoff, recheck
from .index import search, stats
from .migrate import migrate
from .news import feeds, ingest, watch

__all__ = ["cli", "main"]


def _debug() -> bool:
    return os.environ.get("FACTCHECK_DEBUG", "") not in {"", "0"}


class _Commands(click.Group):
    """A group whose commands end with one line on stderr and exit status 1 when the library
    refuses (a ``FactcheckError``) or fails unexpectedly, whether run from the shell or from
    click's test runner. ``FACTCHECK_DEBUG=1`` lets the exception through, for a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except FactcheckError as exc:
            if _debug():
                raise
            raise click.ClickException(str(exc)) from None
        except Exception as exc:  # the last line of defence: one line, not a traceback
            if _debug():
                raise
            raise click.ClickException(
                f"{type(exc).__name__}: {exc} (set FACTCHECK_DEBUG=1 for a traceback)"
            ) from None


@click.group(cls=_Commands)
@click.version_option(package_name="factcheck")
@click.option("-v", "--verbose", count=True, help="More log output on stderr (-vv for debug).")
def cli(verbose: int) -> None:
    """factcheck: check claims about recent news against your own news index, with a local
    model (a GGUF file, or one a local server runs) that knows its knowledge cutoff.

    \b
    Quick start:
        factcheck ingest https://example.org/feed.xml
        factcheck claim "The Eagles won Super Bowl LX."
    """
    level = logging.WARNING - 10 * verbose
    logging.basicConfig(level=max(level, logging.DEBUG), stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")


for _command in (claim, ingest, search, stats, app, feeds, watch, eval_command, migrate, history,
                 recheck, export, probe_cutoff, calibrate):
    cli.add_command(_command)


def main(argv: list[str] | None = None) -> None:
    """The console script (``factcheck``, ``python -m factcheck``): run the group, then exit
    with its status; Ctrl-C exits with 130."""
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
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
