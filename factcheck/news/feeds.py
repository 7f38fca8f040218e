"""RSS/Atom feeds through feedparser, given bytes that httpx already fetched (never a URL)."""

from __future__ import annotations

import logging
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import urljoin

import feedparser

from ..errors import InputError

__all__ = ["FeedEntry", "looks_like_feed", "looks_like_opml", "parse_feed", "parse_opml"]

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


def parse_feed(body: bytes, base_url: str = "") -> tuple[list[FeedEntry], str | None, str | None]:
    """Entries with a link, a problem description when the feed was malformed (feedparser still
    reads what it can), and the feed's title. RSS 0.9x/1.0/2.0 and Atom alike."""
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
    skipped = len(parsed.entries) - len(entries)
    if skipped:
        note = f"{skipped} entries without a link were left out"
        problem = f"{problem}; {note}" if problem else note
    return entries, problem, parsed.feed.get("title")


def looks_like_opml(body: bytes) -> bool:
    return b"<opml" in body[:2048].lower()


def parse_opml(body: bytes, base_url: str = "") -> list[str]:
    """Feed URLs (``xmlUrl``) of every outline, nested folders included, in document order."""
    if b"<!entity" in body[:4096].lower():  # no entity expansion games in a subscription list
        raise InputError(f"{base_url or 'OPML'}: entity declarations are not allowed in OPML")
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise InputError(f"{base_url or 'OPML'}: not a readable OPML file ({exc}); export "
                         "the subscription list again") from None
    urls: list[str] = []
    for outline in root.iter("outline"):
        link = outline.get("xmlUrl") or outline.get("xmlurl")
        if link:
            link = urljoin(base_url, link.strip()) if base_url.startswith("http") else link.strip()
            if link not in urls:
                urls.append(link)
    return urls
