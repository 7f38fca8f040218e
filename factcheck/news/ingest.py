"""The ingest pipeline: source -> fetch -> extract -> dedupe -> chunk -> embed -> store.

One bad article never sinks a batch: it is recorded in the report with its reason and the rest
go in. Each article is written whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Settings
from ..dates import normalise_published
from ..embed import Embedder
from ..errors import ExtractError, FactcheckError, FetchError, InputError
from ..store import Store
from .chunk import chunk_text
from .extract import Article, extract_html, extract_text
from .feeds import looks_like_feed, parse_feed
from .fetch import Fetcher

__all__ = ["IngestReport", "Ingestor", "ingest", "canonical_url", "content_hash"]

log = logging.getLogger(__name__)

FILE_SUFFIXES = {".html", ".htm", ".txt", ".md", ".markdown"}

Progress = Callable[[str, str], None]  # (event, detail)


@dataclass
class IngestReport:
    added: list[dict] = field(default_factory=list)
    unchanged: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    failed: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        sources: dict[str, int] = {}
        for item in self.added:
            sources[item["site"]] = sources.get(item["site"], 0) + 1
        return {
            "added": len(self.added),
            "updated": 0,
            "unchanged": len(self.unchanged),
            "skipped": self.skipped,
            "failed": self.failed,
            "passages_added": sum(item["passages"] for item in self.added),
            "per_source": sources,
            "articles": self.added,
        }


def canonical_url(url: str) -> str:
    """URL without tracking parameters or fragment, so one article has one key."""
    if not url.startswith(("http://", "https://")):
        return url
    from courlan import normalize_url

    try:
        return normalize_url(url, strict=True)
    except ValueError:  # courlan refuses some odd URLs; keep them as given
        return url


def content_hash(text: str) -> str:
    norm = re.sub(r"\s+", " ", text).strip().lower()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


class Ingestor:
    def __init__(
        self,
        settings: Settings,
        *,
        store: Store | None = None,
        embedder: Embedder | None = None,
        fetcher: Fetcher | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.settings = settings
        self.store = store or Store(settings.store, lock_timeout=settings.lock_timeout)
        self.embedder = embedder or Embedder(settings.embed_model)
        self.fetcher = fetcher or Fetcher(
            timeout=settings.timeout,
            max_bytes=settings.max_bytes,
            max_redirects=settings.max_redirects,
            allow_private=settings.allow_private,
        )
        self.progress = progress or (lambda event, detail: None)
        self.report = IngestReport()

    # -- sources ----------------------------------------------------------------------------
    def run(self, sources: Iterable[str]) -> IngestReport:
        self.store.check_embedder(self.embedder.name, self.embedder.dim)
        with self.store.writer():
            for source in sources:
                self._source(source)
        return self.report

    def _source(self, source: str) -> None:
        try:
            if source.startswith(("http://", "https://")):
                self._url(source)
                return
            path = Path(source)
            if path.is_dir():
                files = sorted(
                    p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FILE_SUFFIXES
                )
                if not files:
                    raise InputError(f"{source}: no .html, .txt or .md files in this directory")
                for file in files:
                    self._guard(str(file), lambda f=file: self._file(f))
            elif path.is_file():
                self._file(path)
            elif "://" in source:
                raise InputError(f"{source}: only http:// and https:// URLs can be ingested")
            else:
                raise InputError(f"{source}: no such file or directory; check the path")
        except FactcheckError as exc:
            self._fail(source, str(exc))

    def _guard(self, source: str, action: Callable[[], None]) -> None:
        try:
            action()
        except FactcheckError as exc:
            self._fail(source, str(exc))

    def _fail(self, source: str, reason: str) -> None:
        log.warning("failed %s: %s", source, reason)
        self.report.failed.append({"url": source, "reason": reason})
        self.progress("failed", f"{source}: {reason}")

    def _skip(self, source: str, reason: str) -> None:
        self.report.skipped.append({"url": source, "reason": reason})
        self.progress("skipped", f"{source}: {reason}")

    def _file(self, path: Path) -> None:
        if path.suffix.lower() not in FILE_SUFFIXES:
            raise InputError(f"{path}: unsupported file type; give .html, .htm, .txt or .md")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(
                f"{path}: cannot read ({exc.strerror}); check its permissions"
            ) from None
        mtime = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC)
        url = path.resolve().as_uri()
        try:
            if path.suffix.lower() in {".html", ".htm"}:
                article = extract_html(data, url, fallback_date=mtime, fallback_source="file")
            else:
                text = data.decode("utf-8", errors="replace")
                article = extract_text(text, url, fallback_date=mtime)
        except ExtractError as exc:
            self._skip(str(path), str(exc))
            return
        self._article(article, source=str(path))

    def _url(self, url: str) -> None:
        fetched = self.fetcher.get(url)
        if looks_like_feed(fetched.body, fetched.content_type):
            entries, problem = parse_feed(fetched.body, fetched.url)
            if problem and not entries:
                raise FetchError(f"{url}: {problem}; nothing could be read from it", url)
            if problem:
                self.report.skipped.append({"url": url, "reason": problem})
            self.progress("feed", f"{url}: {len(entries)} entries")
            for entry in entries:
                self._guard(entry.url, lambda e=entry: self._page(e.url, e.published))
        else:
            self._page_from(fetched.url, fetched.body, fetched.content_type, None)

    def _page(self, url: str, feed_date: str | None) -> None:
        fetched = self.fetcher.get(url)
        self._page_from(fetched.url, fetched.body, fetched.content_type, feed_date)

    def _page_from(self, url: str, body: bytes, content_type: str, feed_date: str | None) -> None:
        ctype = content_type.split(";")[0].strip().lower()
        if ctype and ctype not in {"text/html", "application/xhtml+xml", "text/plain"}:
            self._skip(url, f"not an article page (content type {ctype})")
            return
        now = dt.datetime.now(dt.UTC)
        try:
            if ctype == "text/plain":
                article = extract_text(body.decode("utf-8", errors="replace"), url,
                                       fallback_date=now)
            else:
                article = extract_html(body, url, feed_date=feed_date, fallback_date=now)
        except ExtractError as exc:
            self._skip(url, str(exc))
            return
        self._article(article, source=url)

    # -- one article ------------------------------------------------------------------------
    def _article(self, article: Article, source: str) -> None:
        canon = canonical_url(article.url)
        digest = content_hash(article.text)
        existing = self.store.find_duplicate(canon, digest)
        if existing:
            self.report.unchanged.append({"url": canon, "id": existing})
            self.progress("unchanged", canon)
            return
        published = normalise_published(article.published)
        if published is None:
            self._skip(source, "no publication date could be found")
            return
        passages = chunk_text(article.text)
        day = published.date().isoformat()
        vectors = self.embedder.encode([f"{article.title} ({day}). {p}" for p in passages])
        article_id = hashlib.sha1(canon.encode("utf-8")).hexdigest()[:16]
        self.store.add_article(
            article_id=article_id,
            url=article.url,
            canonical_url=canon,
            content_hash=digest,
            title=article.title,
            site=article.site,
            published=published.isoformat(),
            published_ts=int(published.timestamp()),
            date_source=article.date_source,
            language=article.language,
            passages=passages,
            vectors=vectors,
        )
        item = {"url": canon, "title": article.title, "site": article.site,
                "published": published.isoformat(), "date_source": article.date_source,
                "passages": len(passages), "source": source}
        self.report.added.append(item)
        self.progress("added", f"{article.title} ({day}, {article.site})")


def ingest(sources: Iterable[str], settings: Settings, **kwargs) -> IngestReport:
    """Ingest files, directories, feed URLs and article URLs into ``settings.store``."""
    ingestor = Ingestor(settings, **kwargs)
    try:
        return ingestor.run(sources)
    finally:
        if "fetcher" not in kwargs:
            ingestor.fetcher.close()
