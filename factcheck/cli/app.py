"""``factcheck app``: serve the web chat."""

from __future__ import annotations

import click

from ..config import load_settings
from .options import (
    allow_private_option,
    backend_options,
    store_options,
    usage_errors,
)

__all__ = ["app"]


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, envvar="FACTCHECK_HOST",
              help="Address to bind; 0.0.0.0 exposes the app to your network [env FACTCHECK_HOST].")
@click.option("--port", type=click.IntRange(1, 65535), default=7860, show_default=True,
              envvar="FACTCHECK_PORT", help="Port to serve on [env FACTCHECK_PORT].")
@click.option("--auth", metavar="USER:PASSWORD", envvar="FACTCHECK_AUTH",
              help="Require this login for the page and the API [env FACTCHECK_AUTH].")
@click.option("--ui-language", type=click.Choice(["auto", "en", "ja"]), default=None,
              help="The page's language; auto follows the browser [env FACTCHECK_UI_LANGUAGE; "
                   "default auto].")
@allow_private_option("Let the ingest panel fetch from loopback, LAN and link-local addresses "
                      "[env FACTCHECK_ALLOW_PRIVATE].")
@store_options
@backend_options
def app(host: str, port: int, auth: str | None, ui_language: str | None,
        allow_private: bool | None, store: str | None,
        store_url: str | None, chroma_url: str | None, embed_model: str | None,
        model_settings: dict) -> None:
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
        factcheck app --ui-language ja
    """
    from ..web.options import check_port, parse_auth

    with usage_errors():
        parse_auth(auth)
    check_port(host, port)
    settings = load_settings(store=store, store_url=store_url, chroma_url=chroma_url,
                             embed_model=embed_model, allow_private=allow_private,
                             ui_language=ui_language,
                             **model_settings)
    from ..web.app import serve

    serve(settings, host, port, auth)
