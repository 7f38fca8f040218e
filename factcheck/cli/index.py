"""``factcheck search`` and ``factcheck stats``: what the index returns and what it holds."""

from __future__ import annotations

import click

from ..config import load_settings
from .options import backend_options, emit_json, json_option, store_options

__all__ = ["search", "stats"]


@click.command()
@click.argument("query")
@click.option("--as-of", metavar="YYYY-MM-DD", help="Only passages published up to this day.")
@click.option("-k", "--top-k", type=int, default=10, show_default=True)
@json_option("Print {\"results\": [...]} as JSON.")
@store_options
def search(query: str, as_of: str | None, top_k: int, as_json: bool, store: str | None,
           store_url: str | None, chroma_url: str | None, embed_model: str | None) -> None:
    """Show what retrieval returns for QUERY (hybrid dense + keyword search).

    Terms joined by " + " and " - " are added and subtracted as embeddings (concept
    arithmetic).

    \b
    Examples:
        factcheck search "Maduro captured"
        factcheck search "Super Bowl" --as-of 2026-02-10 --json
        factcheck search "election + landslide - Hungary"
    """
    from ..dates import parse_day
    from ..embed import Embedder
    from ..retrieve import retrieve
    from ..store import Store

    if not query.strip():
        raise click.UsageError("the query is empty; give words to search for")
    if not 1 <= top_k <= 100:
        raise click.UsageError("--top-k must be between 1 and 100")
    settings = load_settings(store=store, store_url=store_url, chroma_url=chroma_url,
                             embed_model=embed_model)
    day = parse_day(as_of)
    hits = retrieve(Store.from_settings(settings), Embedder.from_settings(settings), query, day,
                    k=top_k, per_article=top_k, expression=True)
    results = [
        {"rank": i, "score": h.score, "dense_rank": h.dense_rank, "bm25_rank": h.bm25_rank,
         "published": h.published, "title": h.title, "source": h.site, "url": h.url,
         "text": h.text}
        for i, h in enumerate(hits, start=1)
    ]
    if as_json:
        emit_json({"query": query, "as_of": day.isoformat(), "results": results})
        return
    if not results:
        click.echo(f"no passages published on or before {day} match; ingest some news first")
    for r in results:
        click.echo(f"{r['rank']:>2}. {r['title']} — {r['source']}, {r['published'][:10]} "
                   f"(score {r['score']:.4f}, dense {r['dense_rank']}, bm25 {r['bm25_rank']})")
        click.echo(f"    {r['url']}")
        click.echo(f"    {r['text'][:200]}")


@click.command()
@json_option("Print the statistics as JSON.")
@store_options
@backend_options
def stats(as_json: bool, store: str | None, store_url: str | None, chroma_url: str | None,
          embed_model: str | None, model_settings: dict) -> None:
    """Show what the index holds, and the model with its knowledge cutoff.

    \b
    Example:
        factcheck stats --json
    """
    from ..check import Checker
    from ..store import Store

    settings = load_settings(store=store, store_url=store_url, chroma_url=chroma_url,
                             embed_model=embed_model, **model_settings)
    data = Store.from_settings(settings, create=False).stats()
    info = Checker(settings).model_info(load=False)
    data["model"] = {"name": info["name"], "backend": info["backend"]}
    data["model_cutoff"] = info["cutoff"]
    data["cutoff_source"] = info["cutoff_source"]
    if as_json:
        emit_json(data)
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
