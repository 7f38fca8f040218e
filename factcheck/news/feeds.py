"""RSS/Atom feeds through feedparser, given bytes that httpx already fetched (never a URL)."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from urllib.parse import urljoin

import feedparser

__all__ = ["FeedEntry", "looks_like_feed", "parse_feed"]

log = logging.getLogger(__name__)

_FEED_TYPES = ("application/rss", "application/atom", "application/rdf", "application/feed")


@dataclass
class FeedEntry:
    url: str
    title: str
    published: str | None  # ISO 8601 with timezone, from the entry
    summary: str


def looks_like_feed(body: bytes, content_type: str = "") -> bool:
    ctype = content_type.lower()
    if any(t in ctype for t in _FEED_TYPES):
        return True
    head = body[:2048].lstrip().lower()
    if b"<html" in head or head.startswith(b"<!doctype html"):
        return False
    return any(tag in head for tag in (b"<rss", b"<feed", b"<rdf:rdf"))


def _entry_date(entry: dict) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", value)
    return None


def parse_feed(body: bytes, base_url: str = "") -> tuple[list[FeedEntry], str | None]:
    """Entries with a link, and a problem description when the feed was malformed."""
    parsed = feedparser.parse(body)
    problem = None
    if parsed.get("bozo"):
        problem = f"malformed feed: {parsed.get('bozo_exception')}"
        log.warning("%s: %s", base_url or "feed", problem)
    entries = []
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            continue
        entries.append(
            FeedEntry(
                url=urljoin(base_url, link),
                title=entry.get("title", ""),
                published=_entry_date(entry),
                summary=entry.get("summary", ""),
            )
        )
    return entries, problem
