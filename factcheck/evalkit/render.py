"""Render replay events (docs/datasets.md) as dated news pages and daily RSS feeds."""

from __future__ import annotations

import html
from datetime import UTC, datetime
from email.utils import format_datetime
from urllib.parse import urlsplit

__all__ = ["event_site", "event_published", "render_article", "render_feed"]


def event_site(event: dict) -> str:
    urls = event.get("urls") or []
    host = urlsplit(urls[0]).hostname if urls else None
    return (host or "replay.local").removeprefix("www.")


def event_published(event: dict) -> datetime:
    """Events carry a day; pages say 09:00 UTC that day."""
    return datetime.fromisoformat(event["date"] + "T09:00:00+00:00")


def render_article(event: dict, canonical: str | None = None) -> str:
    """A news page trafilatura reads like a real one: title, site, date, canonical link."""
    esc = html.escape
    published = event_published(event)
    canonical = canonical or (event.get("urls") or [""])[0]
    paragraphs = "\n".join(
        f"    <p>{esc(p.strip())}</p>" for p in event["article"].split("\n") if p.strip()
    )
    return f"""<!doctype html>
<html lang="{esc(event.get('lang', 'en'))}">
<head>
  <meta charset="utf-8">
  <title>{esc(event['headline'])}</title>
  <link rel="canonical" href="{esc(canonical)}">
  <meta property="og:title" content="{esc(event['headline'])}">
  <meta property="og:site_name" content="{esc(event_site(event))}">
  <meta property="og:url" content="{esc(canonical)}">
  <meta property="article:published_time" content="{published.isoformat()}">
  <meta name="description" content="{esc(event['headline'])}">
</head>
<body>
  <header><nav><a href="/">Home</a> | <a href="/world">World</a></nav></header>
  <main>
  <article>
    <h1>{esc(event['headline'])}</h1>
    <p class="byline">By Staff Reporter · <time datetime="{published.isoformat()}">{
        published.strftime('%d %B %Y')}</time></p>
{paragraphs}
  </article>
  </main>
  <footer><p>© {published.year} {esc(event_site(event))}</p></footer>
</body>
</html>
"""


def render_feed(title: str, link: str, items: list[tuple[dict, str]]) -> str:
    """RSS 2.0 with one item per (event, page URL)."""
    esc = html.escape
    entries = []
    for event, url in items:
        entries.append(
            f"""  <item>
    <title>{esc(event['headline'])}</title>
    <link>{esc(url)}</link>
    <guid>{esc(url)}</guid>
    <pubDate>{format_datetime(event_published(event))}</pubDate>
  </item>"""
        )
    now = format_datetime(datetime.now(UTC))
    body = "\n".join(entries)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
<channel>
  <title>{esc(title)}</title>
  <link>{esc(link)}</link>
  <description>{esc(title)}</description>
  <lastBuildDate>{now}</lastBuildDate>
{body}
</channel>
</rss>
"""
