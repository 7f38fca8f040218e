"""Article extraction: trafilatura for HTML, a small reader for text and Markdown files."""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..dates import normalise_published
from ..errors import ExtractError

__all__ = ["Article", "extract_html", "extract_text"]

log = logging.getLogger(__name__)

MIN_CHARS = 80


@dataclass
class Article:
    url: str
    title: str
    text: str
    published: str | None  # ISO 8601 with timezone
    site: str
    language: str | None = None
    date_source: str = "unknown"  # page | feed | dateline | file | fetched | unknown


def _site_from_url(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def extract_html(
    html: str | bytes,
    url: str,
    *,
    feed_date: str | None = None,
    fallback_date: dt.datetime | None = None,
    fallback_source: str = "fetched",
) -> Article:
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        # Keep the time and zone; dates found only in the visible text are our own "dateline"
        # fallback below, so date_source says which kind of evidence gave the date.
        date_extraction_params={"outputformat": "%Y-%m-%dT%H:%M:%S%z", "original_date": True,
                                "extensive_search": False},
    )
    if doc is None:
        raise ExtractError(f"no article text found in {url}")
    data = doc if isinstance(doc, dict) else doc.as_dict()
    text = (data.get("text") or "").strip()
    if len(text) < MIN_CHARS:
        raise ExtractError(f"no article text found in {url} ({len(text)} characters)")
    canonical = data.get("url") or url
    published, source = _meta_published(html), "page"
    if published is None and data.get("date"):
        published = normalise_published(data["date"])
    if published is None and feed_date:
        published, source = normalise_published(feed_date), "feed"
    if published is None:
        published, source = dateline_date(text), "dateline"
    if published is None and fallback_date is not None:
        published, source = fallback_date, fallback_source
    return Article(
        url=canonical,
        title=(data.get("title") or "").strip() or _first_words(text),
        text=text,
        published=published.isoformat() if published else None,
        site=(data.get("sitename") or _site_from_url(canonical) or "").strip(),
        language=data.get("language") or page_language(html),
        date_source=source if published else "unknown",
    )


_META_PUBLISHED = (
    "//meta[@property='article:published_time' or @property='og:article:published_time' "
    "or @name='article:published_time' or @itemprop='datePublished' "
    "or @name='pubdate' or @name='publishdate']/@content"
)
_JSONLD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')


def _meta_published(html: str | bytes) -> dt.datetime | None:
    """The publication time the page states in its metadata. htmldate prefers a date in the
    URL, which is often the day the page was filed or updated, and drops the time of day."""
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(html)
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        return None
    values = [str(v) for v in tree.xpath(_META_PUBLISHED)]
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        values.extend(_JSONLD_PUBLISHED.findall(str(script)))
    for value in values:
        when = normalise_published(value)
        if when is not None:
            return when
    return None


def dateline_date(text: str) -> dt.datetime | None:
    """A date written near the top of the visible text ("LONDON, 3 January 2026 (Reuters) -")."""
    from ..dates import claim_dates

    days = claim_dates(text[:400])
    if not days:
        return None
    return dt.datetime.fromisoformat(days[0]).replace(tzinfo=dt.UTC)


_LANG_ATTR = re.compile(
    rb"<html[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?", re.I
)


def page_language(html: str | bytes) -> str | None:
    """The page's declared language (``<html lang>``), as a lower-case ISO 639 code."""
    head = html[:4096].encode("utf-8", "replace") if isinstance(html, str) else html[:4096]
    m = _LANG_ATTR.search(head)
    return m.group(1).decode("ascii").lower() if m else None


_DATE_LINE = re.compile(r"^(?:date|published|dateline)\s*:\s*(.+)$", re.I | re.M)


def extract_text(
    text: str, url: str, *, fallback_date: dt.datetime | None = None
) -> Article:
    """A plain-text or Markdown article: first line is the title; ``Date:`` lines give the date."""
    text = text.strip()
    if len(text) < MIN_CHARS:
        raise ExtractError(f"no article text found in {url} ({len(text)} characters)")
    lines = text.splitlines()
    title = lines[0].lstrip("#").strip()
    body_lines = [ln for ln in lines[1:] if not _DATE_LINE.match(ln)]
    published, source = None, "unknown"
    m = _DATE_LINE.search(text)
    if m:
        published, source = normalise_published(m.group(1)), "dateline"
    if published is None and fallback_date is not None:
        published, source = fallback_date, "file"
    body = "\n".join(body_lines).strip() or text
    return Article(
        url=url,
        title=title[:300],
        text=body,
        published=published.isoformat() if published else None,
        site=_site_from_url(url) if url.startswith("http") else "local file",
        date_source=source,
    )


def _first_words(text: str, n: int = 12) -> str:
    return " ".join(text.split()[:n])
