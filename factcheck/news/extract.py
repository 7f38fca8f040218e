"""Article extraction: trafilatura for HTML, a small reader for text and Markdown files."""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..dates import japanese_datetime, local_zone, normalise_published
from ..errors import ExtractError
from .charset import decode_guessed, decode_markup

__all__ = ["Article", "decode_text", "extract_html", "extract_text", "registrable_host",
           "trusted_canonical"]

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
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def registrable_host(url: str) -> str | None:
    """The registrable domain of ``url`` (``news.bbc.co.uk`` -> ``bbc.co.uk``, by the public
    suffix list); an IP address or a name without a public suffix stands for itself."""
    try:
        host = (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return None
    if not host:
        return None
    from tld import get_fld

    try:
        return get_fld(host, fix_protocol=True, fail_silently=True) or host
    except Exception:  # tld on odd host names: the host itself is the safe answer
        return host


def trusted_canonical(canonical: str | None, fetched_url: str) -> str:
    """The page's declared canonical URL when it may speak for it, else ``fetched_url``.

    A page fetched over http(s) may name a canonical only on its own registrable domain
    (``amp.example.com`` for ``www.example.com``); otherwise any page could claim another
    outlet's address and overwrite the article stored there. A local file is the user's own
    choice, so its canonical is kept."""
    if not canonical or canonical == fetched_url:
        return fetched_url
    if not canonical.startswith(("http://", "https://")):
        return fetched_url
    if not fetched_url.startswith(("http://", "https://")):
        return canonical
    own = registrable_host(fetched_url)
    if own is not None and registrable_host(canonical) == own:
        return canonical
    log.info("%s declares canonical %s on another site; kept under its own URL", fetched_url,
             canonical)
    return fetched_url


def extract_html(
    html: str | bytes,
    url: str,
    *,
    feed_date: str | None = None,
    fallback_date: dt.datetime | None = None,
    fallback_source: str = "fetched",
    charset: str | None = None,
) -> Article:
    """The article in an HTML page; ``charset`` is the one the server declared, if any."""
    import trafilatura

    html = _html_text(html, charset, url)
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
    canonical = trusted_canonical(data.get("url"), url)
    site = (data.get("sitename") or "").strip()
    language = data.get("language") or page_language(html)
    # Times the page gives without a zone are the publisher's local time, when that is known.
    zone = local_zone(language, text)
    published, source = _meta_published(html, zone), "page"
    if published is None and data.get("date"):
        published = _published(data["date"], zone)
    if published is None and feed_date:
        published, source = _published(feed_date), "feed"
    if published is None:
        published, source = dateline_date(text, zone), "dateline"
    if published is None and fallback_date is not None:
        published, source = fallback_date, fallback_source
    return Article(
        url=canonical,
        title=(data.get("title") or "").strip() or _first_words(text),
        text=text,
        published=published.isoformat() if published else None,
        site=site or _site_from_url(canonical),
        language=language,
        date_source=source if published else "unknown",
    )


_META_PUBLISHED = (
    "//meta[@property='article:published_time' or @property='og:article:published_time' "
    "or @name='article:published_time' or @itemprop='datePublished' "
    "or @name='pubdate' or @name='publishdate']/@content"
)
_JSONLD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')
# A date is short; dateparser on a 100 KB attribute takes seconds. Longer values are cut.
MAX_DATE_CHARS = 100


def _published(value: str, zone: dt.tzinfo | None = None) -> dt.datetime | None:
    return normalise_published(value.strip()[:MAX_DATE_CHARS], zone)


def _meta_published(html: str | bytes, zone: dt.tzinfo | None = None) -> dt.datetime | None:
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
    for value in values[:20]:
        when = _published(value, zone)
        if when is not None:
            return when
    return None


def dateline_date(text: str, zone: dt.tzinfo | None = None) -> dt.datetime | None:
    """A date written near the top of the visible text ("LONDON, 3 January 2026 (Reuters) -",
    "2026年1月6日 14時30分配信"); a Japanese date keeps its time of day, read in ``zone``."""
    from ..dates import claim_dates

    stamped = japanese_datetime(text[:400], search=True, zone=zone)
    if stamped is not None:
        return stamped if stamped.tzinfo else stamped.replace(tzinfo=dt.UTC)
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


_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"),
         (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\r\f\x1b")


def decode_text(data: bytes, name: str, declared: str | None = None) -> str:
    """Text from a .txt/.md file or a text/plain body: UTF-8 when it is valid UTF-8 (or has a
    byte-order mark), else the declared charset, else the best guess (Latin-1/Windows-1252 for
    Western text). Bytes that look binary (NULs, control characters) are refused."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    head = data[:8192]
    if b"\0" in head or sum(head.count(c) for c in _CONTROL) > len(head) * 0.05:
        raise ExtractError(f"{name} looks binary, not text; give a .txt, .md or .html article")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return decode_guessed(data, declared)


def _html_text(html: str | bytes, charset: str | None, url: str) -> str:
    """An HTML body as text, decoded here in the HTML standard's order (byte-order mark, the
    HTTP charset, the page's own declaration, UTF-8, a guess): the extractor would ignore the
    header and guess, and its guess reads Latin-1 as Latin-2."""
    if isinstance(html, str):
        return html
    return decode_markup(html, charset, name=url)


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
        published, source = _published(m.group(1)), "dateline"
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
