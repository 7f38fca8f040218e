"""The ingest pipeline: source -> fetch -> extract -> dedupe -> chunk -> embed -> store.

Fetching and extraction run in a small thread pool; everything that touches the store runs on
the calling thread, one article at a time. Passages of many articles are embedded in one batch.
One bad article never sinks a batch: it is recorded in the report with its reason and the rest
go in. Each article is written whole or not at all, and a feed's ETag/Last-Modified is saved
only after all its entries are in, so an interrupted run (Ctrl-C) is completed by rerunning it.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import logging
import os
import stat
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Settings
from ..dates import normalise_published
from ..embed import Embedder
from ..errors import ExtractError, FactcheckError, FetchError, InputError
from ..store import Store
from .charset import charset_param
from .chunk import chunk_text
from .dedupe import NEAR_DUP_THRESHOLD, canonical_url, content_hash, lsh_bands, minhash, similarity
from .extract import Article, decode_text, extract_html, extract_text, registrable_host
from .feeds import looks_like_feed, looks_like_opml, parse_feed, parse_opml
from .fetch import Fetched, Fetcher
from .raw import load_raw, save_raw

__all__ = ["IngestReport", "Ingestor", "ingest", "canonical_url", "content_hash", "read_local"]

log = logging.getLogger(__name__)

FILE_SUFFIXES = {".html", ".htm", ".txt", ".md", ".markdown"}
HTML_TYPES = {"text/html", "application/xhtml+xml"}
TEXT_TYPES = {"text/plain", "text/markdown"}

Progress = Callable[[str, str], None]  # (event, detail); event "total" carries a count


@dataclass
class IngestReport:
    added: list[dict] = field(default_factory=list)
    updated: list[dict] = field(default_factory=list)
    unchanged: list[dict] = field(default_factory=list)
    syndicated: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    failed: list[dict] = field(default_factory=list)
    feeds: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        per_source: dict[str, dict[str, int]] = {}
        for kind in ("added", "updated", "unchanged", "syndicated", "skipped", "failed"):
            for item in getattr(self, kind):
                counts = per_source.setdefault(item.get("source") or item["url"], {
                    k: 0 for k in ("added", "updated", "unchanged", "syndicated", "skipped",
                                   "failed")})
                counts[kind] += 1
        sites: dict[str, int] = {}
        for item in self.added + self.updated:
            sites[item["site"]] = sites.get(item["site"], 0) + 1
        return {
            "added": len(self.added),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "syndicated": len(self.syndicated),
            "skipped": self.skipped,
            "failed": self.failed,
            "passages_added": sum(item["passages"] for item in self.added + self.updated),
            "per_source": per_source,
            "sites": sites,
            "feeds": self.feeds,
            "articles": self.added + self.updated,
        }


@dataclass
class _Pending:
    article: Article
    source: str
    canon: str
    digest: str
    published: dt.datetime
    passages: list[str]
    signature: bytes
    fetched_url: str | None
    raw_sha: str | None
    replaces: bool
    outlets: list[dict] = field(default_factory=list)


@dataclass
class _Outcome:
    """What a worker made of one source: an article, or a skip/fail reason."""

    source: str
    article: Article | None = None
    skip: str | None = None
    fail: str | None = None
    fetched_url: str | None = None
    raw_url: str | None = None  # the fetched URL and content type whose body is kept raw
    raw_type: str = ""
    raw_sha: str | None = None


class Ingestor:
    def __init__(
        self,
        settings: Settings,
        *,
        store: Store | None = None,
        embedder: Embedder | None = None,
        fetcher: Fetcher | None = None,
        progress: Progress | None = None,
        workers: int = 4,
        batch_passages: int = 256,
        keep_raw: bool = True,
    ) -> None:
        self.settings = settings
        self.store = store or Store.from_settings(settings)
        self.embedder = embedder or Embedder.from_settings(settings)
        self.fetcher = fetcher or Fetcher.from_settings(settings)
        self.progress = progress or (lambda event, detail: None)
        self.workers = max(1, workers)
        self.batch_passages = batch_passages
        self.keep_raw = keep_raw
        self.report = IngestReport()
        self._pending: list[_Pending] = []
        self._seen: set[str] = set()
        self._pool: ThreadPoolExecutor | None = None

    # -- entry points -----------------------------------------------------------------------
    def run(self, sources: Iterable[str]) -> IngestReport:
        return self._locked(lambda: [self._source(s) for s in sources])

    def refresh_feeds(self, urls: Iterable[str] | None = None) -> IngestReport:
        """Fetch every subscribed feed (or ``urls``) with conditional GET and ingest new entries."""
        chosen = list(urls) if urls is not None else [f["url"] for f in self.store.feeds()]
        return self._locked(lambda: [self._source(u) for u in chosen])

    def reextract(self) -> IngestReport:
        """Extract every kept raw page again (after an extractor upgrade); nothing is fetched."""

        def work() -> None:
            for url, sha, ctype in self.store.raw_fetches():
                try:
                    body = load_raw(self.store.raw_dir, sha)
                except OSError as exc:
                    self._fail(url, f"raw copy {sha[:12]} unreadable ({exc}); ingest the URL again")
                    continue
                if looks_like_feed(body, ctype) or looks_like_opml(body):
                    continue
                self.progress("total", "1")
                self._outcome(_extract_page(url, body, ctype, None, url, sha), replace=True)

        return self._locked(work)

    def _locked(self, work: Callable[[], object]) -> IngestReport:
        self.store.check_embedder(self.embedder.name, self.embedder.dim)
        try:
            with self.store.writer():
                work()
                self._flush()
        finally:
            if self._pool is not None:
                # Ctrl-C: queued fetches are dropped; running ones end within their timeout.
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None
        return self.report

    # -- sources ----------------------------------------------------------------------------
    def _source(self, source: str, depth: int = 0) -> None:
        try:
            if source.startswith(("http://", "https://")):
                self._url(source, depth)
                return
            path = Path(source)
            if path.is_symlink():
                raise InputError(f"{source}: a symbolic link, not followed; give the file or "
                                 "directory it points to")
            if path.is_dir():
                files, links = _local_files(path)
                for link in links:
                    self._skip(str(link), "a symbolic link, not followed", source)
                if not files and not links:
                    raise InputError(f"{source}: no .html, .txt or .md files in this directory")
                cap = self.settings.max_bytes
                self._run_jobs([(str(f), lambda f=f: _read_file(f, cap)) for f in files], source)
            elif path.is_file() and path.suffix.lower() == ".opml":
                self._opml(parse_opml(read_local(path, self.settings.max_bytes), str(path)),
                           str(path), depth)
            elif path.is_file():
                self._run_jobs([(str(path), lambda: _read_file(path, self.settings.max_bytes))],
                               source)
            elif "://" in source:
                raise InputError(f"{source}: only http:// and https:// URLs can be ingested")
            else:
                raise InputError(f"{source}: no such file or directory; check the path")
        except FactcheckError as exc:
            self._source_failed(source, str(exc))
        except Exception as exc:  # one hostile source must not end the run (or `watch`)
            log.debug("unexpected error on %s", source, exc_info=True)
            self._source_failed(source, f"unexpected {type(exc).__name__}: {exc}")

    def _source_failed(self, source: str, reason: str) -> None:
        self._fail(source, reason)
        if self.store.feed(source):
            self.store.update_feed(source, status=f"failed: {reason}")

    def _opml(self, urls: list[str], name: str, depth: int) -> None:
        """The feeds an OPML list names: http(s) URLs only (a path or file: URL in a list
        someone sent would read local folders), and never the list itself."""
        for url in urls:
            if url == name:
                self._skip(url, "the OPML list names itself; not followed", name)
            elif not url.startswith(("http://", "https://")):
                self._fail(url, "OPML entries must be http(s) feed URLs; a local path or "
                           "file: URL in an OPML list is refused (ingest it directly)", name)
            else:
                self._source(url, depth=depth + 1)

    def _url(self, url: str, depth: int) -> None:
        feed = self.store.feed(url)
        fetched = self.fetcher.get(url, etag=feed and feed["etag"],
                                   last_modified=feed and feed["last_modified"])
        if fetched.not_modified:
            self.report.feeds.append({"url": url, "status": "not modified", "entries": 0})
            self.progress("feed", f"{url}: not modified")
            if feed:
                self.store.update_feed(url, status="not modified")
            return
        sha = self._keep(fetched)
        if looks_like_opml(fetched.body):
            if depth > 0:  # lists of lists are not followed: no cycles, no fan-out
                raise InputError(f"{url}: an OPML list inside an OPML list is not followed; "
                                 "ingest it directly")
            self._opml(parse_opml(fetched.body, fetched.url), url, depth)
            return
        if not looks_like_feed(fetched.body, fetched.content_type):
            self.progress("total", "1")
            self._outcome(_extract_page(fetched.url, fetched.body, fetched.content_type, None,
                                        url, sha))
            return
        entries, problem, title = parse_feed(fetched.body, fetched.url, fetched.content_type)
        if problem and not entries:
            raise FetchError(f"{url}: {problem}; nothing could be read from it", url)
        if problem:
            self._skip(url, f"{problem}; ingested the {len(entries)} entries that could be read")
        self.report.feeds.append({"url": url, "status": "ok", "entries": len(entries),
                                  "problem": problem})
        self.progress("feed", f"{url}: {len(entries)} entries")
        jobs = []
        for entry in entries:
            try:
                canon = canonical_url(entry.url)
            except Exception as exc:  # one odd link is that entry's problem only
                self._fail(entry.url, f"not a usable link: {type(exc).__name__}: {exc}", url)
                continue
            if canon in self._seen or self.store.article_for_url(canon):
                self._seen.add(canon)
                self.report.unchanged.append({"url": canon, "source": url})
                self.progress("unchanged", canon)
                continue
            self._seen.add(canon)
            jobs.append((entry.url, lambda e=entry: self._fetch_page(e.url, e.published)))
        self._run_jobs(jobs, url)
        self._flush()
        if feed:
            # Validators only once every entry of this version is in: after a failed entry or
            # an interruption the next refresh fetches the feed again instead of getting a 304.
            failed = sum(1 for item in self.report.failed if item["source"] == url)
            status = f"{failed} entries failed" if failed else (problem or "ok")
            self.store.update_feed(
                url, status=status, entries=len(entries), etag=fetched.headers.get("etag"),
                last_modified=fetched.headers.get("last-modified"), title=title,
                validators=not failed,
            )

    def _fetch_page(self, url: str, feed_date: str | None) -> _Outcome:
        """Runs in a worker thread: no store access here."""
        try:
            fetched = self.fetcher.get(url)
        except FetchError as exc:
            return _Outcome(url, fail=str(exc))
        sha = save_raw(self.store.raw_dir, fetched.body) if self.keep_raw else None
        outcome = _extract_page(fetched.url, fetched.body, fetched.content_type, feed_date, url,
                                sha)
        outcome.raw_url, outcome.raw_type = fetched.url, fetched.content_type
        return outcome

    def _keep(self, fetched: Fetched, sha: str | None = None) -> str | None:
        if not self.keep_raw:
            return None
        sha = sha or save_raw(self.store.raw_dir, fetched.body)
        self.store.record_raw(fetched.url, sha, fetched.content_type)
        return sha

    def _run_jobs(self, jobs: list[tuple[str, Callable[[], _Outcome]]], source: str) -> None:
        if not jobs:
            return
        self.progress("total", str(len(jobs)))
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="factcheck-fetch")
        # A sliding window: fetched bodies waiting for the store thread stay few (memory is
        # bounded by window x max_bytes, not by the length of the feed).
        window = self.workers * 4
        queue: deque[tuple[str, Future]] = deque()
        for name, job in jobs:
            queue.append((name, self._pool.submit(job)))
            if len(queue) >= window:
                self._collect(*queue.popleft(), source)
        while queue:
            self._collect(*queue.popleft(), source)

    def _collect(self, name: str, future: Future, source: str) -> None:
        """One job's outcome, in submission order: reports and dedupe winners are reproducible."""
        try:
            outcome = future.result()
        except FactcheckError as exc:
            outcome = _Outcome(name, fail=str(exc))
        except Exception as exc:  # a parser crash on one page must not sink the batch
            log.debug("unexpected error on %s", name, exc_info=True)
            outcome = _Outcome(name, fail=f"{type(exc).__name__}: {exc}")
        self._outcome(outcome, source=source)

    # -- outcomes ---------------------------------------------------------------------------
    def _outcome(self, outcome: _Outcome, source: str | None = None,
                 replace: bool = False) -> None:
        source = source or outcome.source
        if outcome.raw_url and outcome.raw_sha:
            self.store.record_raw(outcome.raw_url, outcome.raw_sha, outcome.raw_type)
        if outcome.fail:
            self._fail(outcome.source, outcome.fail, source)
        elif outcome.skip:
            self._skip(outcome.source, outcome.skip, source)
        elif outcome.article is not None:
            # the URL as requested (a feed's link), so the next run knows it without a fetch
            asked = outcome.source if outcome.source.startswith("http") else outcome.fetched_url
            self._article(outcome.article, source, asked and canonical_url(asked),
                          outcome.raw_sha, replace, served_url=outcome.fetched_url)

    def _fail(self, url: str, reason: str, source: str | None = None) -> None:
        log.warning("failed %s: %s", url, reason)
        self.report.failed.append({"url": url, "reason": reason, "source": source or url})
        self.progress("failed", f"{url}: {reason}")

    def _skip(self, url: str, reason: str, source: str | None = None) -> None:
        self.report.skipped.append({"url": url, "reason": reason, "source": source or url})
        self.progress("skipped", f"{url}: {reason}")

    # -- one article ------------------------------------------------------------------------
    def _article(self, article: Article, source: str, fetched_url: str | None,
                 raw_sha: str | None, replace: bool = False,
                 served_url: str | None = None) -> None:
        canon = canonical_url(article.url)
        digest = content_hash(article.text)
        item = {"url": canon, "source": source}
        own_id = _article_id(canon)
        known = self.store.article_for_url(canon)
        if known and (known[1] == digest or known[0] != own_id):
            self.report.unchanged.append({**item, "id": known[0]})
            self.progress("unchanged", canon)
            return
        if known and not self._may_replace(known[0], canon, served_url):
            self._skip(served_url or canon, f"another source's version of {canon} is stored; "
                       "only its own site (or the local file it came from) may replace it",
                       source)
            return
        if any(p.canon == canon for p in self._pending):
            self.report.unchanged.append(item)
            self.progress("unchanged", canon)
            return
        signature = minhash(article.text)
        if not known:
            original = self._duplicate_of(digest, signature)
            if original is not None:
                self._add_outlet(original, article, canon, source, fetched_url, raw_sha)
                return
        published = normalise_published(article.published)
        if published is None:
            self._skip(fetched_url or canon, "no publication date could be found", source)
            return
        self._pending.append(_Pending(
            article=article, source=source, canon=canon, digest=digest, published=published,
            passages=chunk_text(article.text), signature=signature, fetched_url=fetched_url,
            raw_sha=raw_sha, replaces=bool(known) or replace,
        ))
        if sum(len(p.passages) for p in self._pending) >= self.batch_passages:
            self._flush()

    def _may_replace(self, article_id: str, canon: str, served_url: str | None) -> bool:
        """Whether text served from ``served_url`` (None: a local file) may replace the stored
        article: a page only on the article's own registrable domain; a local file only an
        article that came from a local file, never one fetched from the web."""
        if served_url and served_url.startswith(("http://", "https://")):
            return registrable_host(served_url) == registrable_host(canon)
        origin = self.store.article_origin(article_id)
        return not (origin or "").startswith(("http://", "https://"))

    def _duplicate_of(self, digest: str, signature: bytes) -> str | _Pending | None:
        """The stored (id) or pending article this text duplicates, exactly or nearly."""
        for pending in self._pending:
            if pending.digest == digest or (
                similarity(pending.signature, signature) >= NEAR_DUP_THRESHOLD
            ):
                return pending
        found = self.store.article_for_hash(digest)
        if found:
            return found
        best, best_sim = None, NEAR_DUP_THRESHOLD
        for article_id, other in self.store.near_duplicate_candidates(lsh_bands(signature)):
            sim = similarity(other, signature)
            if sim >= best_sim:
                best, best_sim = article_id, sim
        return best

    def _add_outlet(self, original: str | _Pending, article: Article, canon: str, source: str,
                    fetched_url: str | None, raw_sha: str | None) -> None:
        outlet = {"url": canon, "site": article.site, "title": article.title,
                  "published": article.published, "fetched_url": fetched_url,
                  "raw_sha256": raw_sha}
        if isinstance(original, _Pending):
            original.outlets.append(outlet)
            of = original.canon
        else:
            self.store.add_outlet(original, **outlet)
            of = original
        self.report.syndicated.append({"url": canon, "source": source, "site": article.site,
                                       "copy_of": of})
        self.progress("syndicated", f"{canon} (copy of {of})")

    def _flush(self) -> None:
        """Embed the pending articles' passages in one batch, then write them one by one."""
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        texts = [
            f"{p.article.title} ({p.published.date().isoformat()}). {passage}"
            for p in pending for passage in p.passages
        ]
        vectors = self.embedder.encode(texts, batch_size=64)
        records, start = [], 0
        for p in pending:
            count = len(p.passages)
            records.append({
                "article_id": _article_id(p.canon), "url": p.article.url,
                "canonical_url": p.canon, "content_hash": p.digest, "title": p.article.title,
                "site": p.article.site, "published": p.published.isoformat(),
                "published_ts": int(p.published.timestamp()),
                "date_source": p.article.date_source, "language": p.article.language,
                "passages": p.passages, "vectors": vectors[start : start + count],
                "fetched_url": p.fetched_url, "raw_sha256": p.raw_sha,
                "signature": p.signature, "bands": lsh_bands(p.signature),
            })
            start += count
        replaced_flags = self.store.save_articles(records)
        for p, record, replaced in zip(pending, records, replaced_flags, strict=True):
            for outlet in p.outlets:
                self.store.add_outlet(record["article_id"], **outlet)
            item = {"url": p.canon, "title": p.article.title, "site": p.article.site,
                    "published": p.published.isoformat(), "date_source": p.article.date_source,
                    "language": p.article.language, "passages": len(p.passages),
                    "source": p.source, "outlets": 1 + len(p.outlets)}
            day = p.published.date().isoformat()
            if replaced:
                self.report.updated.append(item)
                self.progress("updated", f"{p.article.title} ({day}, {p.article.site})")
            else:
                self.report.added.append(item)
                self.progress("added", f"{p.article.title} ({day}, {p.article.site})")


def _article_id(canon: str) -> str:
    return hashlib.sha1(canon.encode("utf-8")).hexdigest()[:16]


def _local_files(root: Path) -> tuple[list[Path], list[Path]]:
    """Article files under ``root`` and the symbolic links found there (never followed)."""
    files, links = [], []
    for folder, dirs, names in os.walk(root, followlinks=False):
        here = Path(folder)
        links += [here / d for d in dirs if (here / d).is_symlink()]
        for name in names:
            path = here / name
            if path.is_symlink():
                links.append(path)
            elif path.suffix.lower() in FILE_SUFFIXES:
                files.append(path)
    return sorted(files), sorted(links)


def read_local(path: Path, max_bytes: int) -> bytes:
    """A regular file's bytes, at most ``max_bytes``. Opened without following a symbolic link
    and without blocking (a FIFO named story.txt would hang the run)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(f"{path}: a symbolic link, not followed; give the file it points "
                             "to") from None
        raise InputError(f"{path}: cannot read ({exc.strerror}); check its permissions") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{path}: not a regular file")
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(f"{path} is over the cap of {max_bytes:,} bytes; raise max_bytes "
                         "(FACTCHECK_MAX_BYTES) if you trust it")
    return data


def _read_file(path: Path, max_bytes: int) -> _Outcome:
    """A local HTML, text or Markdown file (worker thread)."""
    if path.suffix.lower() not in FILE_SUFFIXES:
        return _Outcome(str(path), fail=f"{path}: unsupported file type; give .html, .htm, "
                        ".txt, .md or .opml")
    try:
        data = read_local(path, max_bytes)
    except InputError as exc:
        return _Outcome(str(path), fail=str(exc))
    mtime = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC)
    url = path.resolve().as_uri()
    try:
        if path.suffix.lower() in {".html", ".htm"}:
            article = extract_html(data, url, fallback_date=mtime, fallback_source="file")
        else:
            article = extract_text(decode_text(data, str(path)), url, fallback_date=mtime)
    except ExtractError as exc:
        return _Outcome(str(path), skip=str(exc))
    return _Outcome(str(path), article=article)


def _extract_page(url: str, body: bytes, content_type: str, feed_date: str | None,
                  requested: str, raw_sha: str | None) -> _Outcome:
    ctype = content_type.split(";")[0].strip().lower()
    if ctype and ctype not in HTML_TYPES | TEXT_TYPES:
        return _Outcome(requested, skip=f"not an article page (content type {ctype})",
                        raw_sha=raw_sha)
    if not body.strip():
        return _Outcome(requested, skip="empty body", raw_sha=raw_sha)
    now = dt.datetime.now(dt.UTC)
    try:
        if ctype in TEXT_TYPES:
            article = extract_text(decode_text(body, url, charset_param(content_type)), url,
                                   fallback_date=now)
        else:
            article = extract_html(body, url, feed_date=feed_date, fallback_date=now,
                                   charset=charset_param(content_type))
    except ExtractError as exc:
        return _Outcome(requested, skip=str(exc), raw_sha=raw_sha)
    except Exception as exc:  # lxml/trafilatura on hostile markup
        return _Outcome(requested, skip=f"cannot parse the page: {type(exc).__name__}: {exc}",
                        raw_sha=raw_sha)
    return _Outcome(requested, article=article, fetched_url=url, raw_sha=raw_sha)


def ingest(sources: Iterable[str], settings: Settings, **kwargs) -> IngestReport:
    """Ingest files, directories, OPML lists, feed URLs and article URLs into ``settings.store``."""
    ingestor = Ingestor(settings, **kwargs)
    try:
        return ingestor.run(sources)
    finally:
        if "fetcher" not in kwargs:
            ingestor.fetcher.close()
