"""``factcheck migrate``: copy an index between the embedded store and a server store."""

from __future__ import annotations

import click

from ..config import load_settings
from .options import emit_json, json_option, store_options

__all__ = ["migrate"]


@click.command()
@click.option("--to", "direction", type=click.Choice(["server", "embedded"]), default="server",
              show_default=True,
              help="server: copy the embedded store in --store DIR into the server store; "
                   "embedded: copy the server store into --store DIR.")
@json_option("Print both stores' counts as JSON.")
@store_options
def migrate(direction: str, as_json: bool, store: str | None, store_url: str | None,
            chroma_url: str | None, embed_model: str | None) -> None:
    """Copy a whole index between the embedded store (--store DIR) and a server store
    (--store-url, --chroma-url, or both), with its check history. The target must be empty;
    articles, passages, vectors, saved claims and checks are counted on both sides afterwards,
    and a difference fails the command. Nothing is embedded again. Raw page bodies stay in DIR
    on both engines.

    \b
    Examples:
        factcheck migrate --store ~/factcheck-store \\
            --store-url postgresql://factcheck@db.newsroom/factcheck \\
            --chroma-url http://vectors.newsroom:8000
        factcheck migrate --to embedded --store ./copy --store-url ... --chroma-url ...
    """
    from ..migrate import copy_store
    from ..store import Store

    settings = load_settings(store=store, store_url=store_url, chroma_url=chroma_url,
                             embed_model=embed_model)
    if not (settings.store_url or settings.chroma_url):
        raise click.UsageError("name the server store: give --store-url, --chroma-url or both "
                               "(or FACTCHECK_STORE_URL, FACTCHECK_CHROMA_URL)")
    embedded = settings.replace(store_url="", chroma_url="")
    source_settings, target_settings = ((embedded, settings) if direction == "server"
                                        else (settings, embedded))
    source = Store.from_settings(source_settings, create=False)
    target = Store.from_settings(target_settings)
    try:
        counts = copy_store(source, target)
    finally:
        source.close()
        target.close()
    if as_json:
        emit_json(counts)
        return
    t = counts["target"]
    click.echo(f"copied {t['articles']} articles, {t['passages']} passages, {t['vectors']} "
               f"vectors, {t['claims']} saved claims and {t['checks']} checks from "
               f"{counts['source']['store']} to {t['store']}; counts match")
