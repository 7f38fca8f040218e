"""RSS/Atom feeds through feedparser, given bytes that httpx already fetched (never a URL).

Entity declarations are removed before feedparser sees a feed: its loose parser expands every
"safe" internal entity without limit, so a 64 KiB feed with one large entity referenced many
times would take gigabytes. Real feeds do not declare entities (RSS 0.91's Netscape DOCTYPE
has no internal subset and is kept).
"""

from __future__ import annotations

import logging
import re
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import urljoin

import feedparser
from feedparser.encodings import convert_to_utf8

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
        value = dict.get(entry, key)  # the plain lookup: feedparser's own warns on a fallback
        if value:
            return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", value)
    return None


# One match attempt at the DOCTYPE (possessive quantifiers: linear however the quotes and
# brackets are nested); a search over the whole body would be quadratic on "<!DOCTYPE [" x 1e5.
_QUOTED = rb'"[^"]*+"|\'[^\']*+\''
_DOCTYPE_SUBSET = re.compile(
    rb"<!DOCTYPE(?:[^\[>\"']++|" + _QUOTED + rb")*+\[(?:[^\]\"']++|" + _QUOTED
    + rb")*+\]\s*+>", re.I)
_ENTITY_OPEN = re.compile(rb"<!ENTITY", re.I)


def _without_entities(body: bytes, name: str) -> bytes:
    """``body`` as UTF-8 with no DOCTYPE internal subset and no entity declaration."""
    result: dict = {}
    try:  # feedparser's own decoding first, so this sees the bytes its parsers will see
        data = convert_to_utf8({}, body, result)
    except Exception:  # its detection on garbage; the raw bytes are checked instead
        data = body
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


def parse_feed(body: bytes, base_url: str = "") -> tuple[list[FeedEntry], str | None, str | None]:
    """Entries with a link, a problem description when the feed was malformed (feedparser still
    reads what it can), and the feed's title. RSS 0.9x/1.0/2.0 and Atom alike. An entry whose
    link is not a valid URL is left out and counted in the problem."""
    parsed = feedparser.parse(_without_entities(body, base_url or "feed"))
    problem = None
    if parsed.get("bozo"):
        problem = f"malformed feed: {parsed.get('bozo_exception')}"
        log.warning("%s: %s", base_url or "feed", problem)
    entries = []
    unlinked = invalid = 0
    for entry in parsed.entries:
        link = entry.get("link")
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
                published=_entry_date(entry),
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
