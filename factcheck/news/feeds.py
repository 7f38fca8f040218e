"""RSS/Atom feeds through feedparser, given bytes that httpx already fetched (never a URL).

Entity declarations are removed before feedparser sees a feed: its loose parser expands every
"safe" internal entity without limit, so a 64 KiB feed with one large entity referenced many
times would take gigabytes. Real feeds do not declare entities (RSS 0.91's Netscape DOCTYPE
has no internal subset and is kept).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import urljoin

import feedparser

from ..dates import MAX_DATE_TEXT, local_zone, normalise_published
from ..errors import InputError
from .charset import charset_param, decode_markup

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


def _entry_date(entry: dict, zone: dt.tzinfo | None) -> str | None:
    """The entry's date in UTC. The feed's own text is read first: feedparser reads a time
    without a zone as UTC (a Japanese feed's "2026-01-06T14:30:00" is 14:30 in Tokyo), reads
    "2026/01/06 14:30" as 1 November, and cannot read "2026年1月6日" at all."""
    for key in ("published", "updated", "created"):
        # the plain lookup: feedparser's own warns on a fallback
        value = dict.get(entry, key)
        when = (normalise_published(value[:MAX_DATE_TEXT], zone, guess=False)
                if isinstance(value, str) else None)
        if when is None:
            parsed = dict.get(entry, key + "_parsed")
            if parsed:
                return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", parsed)
            continue
        return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    return None


# One match attempt at the DOCTYPE (possessive quantifiers: linear however the quotes and
# brackets are nested); a search over the whole body would be quadratic on "<!DOCTYPE [" x 1e5.
_QUOTED = rb'"[^"]*+"|\'[^\']*+\''
_DOCTYPE_SUBSET = re.compile(
    rb"<!DOCTYPE(?:[^\[>\"']++|" + _QUOTED + rb")*+\[(?:[^\]\"']++|" + _QUOTED
    + rb")*+\]\s*+>", re.I)
_ENTITY_OPEN = re.compile(rb"<!ENTITY", re.I)


def _as_utf8(body: bytes, content_type: str, name: str) -> bytes:
    """The feed re-encoded as UTF-8, declared so: decoded here by the byte-order mark, the
    HTTP charset, the XML declaration, UTF-8, then a guess (feedparser would read Shift_JIS
    without Windows-31J's characters, and nothing it reads goes past the HTTP charset)."""
    text = decode_markup(body, charset_param(content_type), name=name)
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + text).encode("utf-8", "replace")


def _without_entities(data: bytes, name: str) -> bytes:
    """``data`` (UTF-8) with no DOCTYPE internal subset and no entity declaration."""
    lower = data.lower()
    if b"<!entity" not in lower:
        return data
    at = lower.find(b"<!doctype")
    match = _DOCTYPE_SUBSET.match(data, at) if at >= 0 else None
    if match:
        data = data[:at] + data[match.end():]
    # Whatever is left (an unterminated subset, a stray declaration) becomes plain text.
    data = _ENTITY_OPEN.sub(b"&lt;!ENTITY", data)
    log.info("%s: entity declarations removed before parsing", name)
    return data


def parse_feed(body: bytes, base_url: str = "", content_type: str = "",
               ) -> tuple[list[FeedEntry], str | None, str | None]:
    """Entries with a link, a problem description when the feed was malformed (feedparser still
    reads what it can), and the feed's title. RSS 0.9x/1.0 (RDF)/2.0 and Atom alike; an RSS
    1.0 item without a ``<link>`` is linked by its ``rdf:about``. ``content_type`` is the HTTP
    header, whose charset comes before the XML declaration's. An entry whose link is not a
    valid URL is left out and counted in the problem."""
    name = base_url or "feed"
    parsed = feedparser.parse(_without_entities(_as_utf8(body, content_type, name), name))
    problem = None
    if parsed.get("bozo"):
        problem = f"malformed feed: {parsed.get('bozo_exception')}"
        log.warning("%s: %s", base_url or "feed", problem)
    entries = []
    unlinked = invalid = 0
    rdf = str(parsed.get("version", "")).startswith(("rss10", "rss090"))
    feed = parsed.feed
    zone = local_zone(feed.get("language") or dict.get(feed.get("title_detail") or {}, "language"),
                      str(feed.get("title", "")) + "".join(
                          str(e.get("title", "")) for e in parsed.entries[:20]))
    for entry in parsed.entries:
        link = entry.get("link")
        if not link and rdf and str(entry.get("id", "")).startswith(("http://", "https://")):
            link = entry["id"]  # rdf:about, the item's URL in RSS 1.0
        if not link or not isinstance(link, str):
            unlinked += 1
            continue
        try:
            url = urljoin(base_url, link.strip())
        except ValueError:  # "http://[oops/x"
            invalid += 1
            continue
        entries.append(
            FeedEntry(
                url=url,
                title=str(entry.get("title", "")),
                published=_entry_date(entry, zone),
                summary=str(entry.get("summary", "")),
            )
        )
    notes = ([f"{unlinked} entries without a link were left out"] if unlinked else []) + (
        [f"{invalid} entries with an invalid link were left out"] if invalid else [])
    if notes:
        note = "; ".join(notes)
        problem = f"{problem}; {note}" if problem else note
    return entries, problem, parsed.feed.get("title")


def looks_like_opml(body: bytes) -> bool:
    return b"<opml" in body[:2048].lower()


def parse_opml(body: bytes, base_url: str = "") -> list[str]:
    """Feed URLs (``xmlUrl``) of every outline, nested folders included, in document order."""
    if b"<!entity" in body.lower():  # no entity expansion games in a subscription list
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
