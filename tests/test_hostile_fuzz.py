"""Property-based fuzzing of everything ingest reads from strangers: feed bytes (RSS 0.9x/2.0,
RDF, Atom, with hostile prologs, encodings, links and dates), HTML pages (hostile canonicals,
dates, markup), OPML lists and local text files, through the real parsers and the real ingest
pipeline (a hashing embedder stands in for the model). Nothing may crash: only the project's
own errors may come out, and memory stays bounded."""

import resource
import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.config import Settings
from factcheck.errors import FactcheckError
from factcheck.news import fetch
from factcheck.news.dedupe import canonical_url
from factcheck.news.extract import extract_html, extract_text, registrable_host
from factcheck.news.feeds import looks_like_feed, looks_like_opml, parse_feed, parse_opml
from factcheck.news.fetch import Fetcher
from factcheck.news.ingest import Ingestor, _extract_page
from tests.loopback import LoopbackServer
from tests.test_news_ingest import HashEmbedder, story

FUZZ = settings(deadline=None, database=None, suppress_health_check=list(HealthCheck))


def fuzz(examples: int) -> settings:
    return settings(FUZZ, max_examples=examples)


HOSTILE_URLS = [
    "http://[oops/x", "javascript:alert(1)", "file:///etc/passwd", "/etc/passwd", "",
    "http://169.254.169.254/latest/meta-data/", "http://user:pw@[::1]:80/", "//evil.example/x",
    "http://a.example/" + "x" * 5000, "http://a.example:99999/", "http://a.example:port/",
    "https://xn--80ak6aa92e.com/", "http://①②⑦.0.0.1/", "data:text/html,<b>x</b>", "?a=1#b",
    "http://a.example/%ZZ", "http://a.example/\x00", "mailto:x@example.org", " http://a.example/ ",
]
HOSTILE_DATES = [
    "", "0", "9999-12-31T23:59:59Z", "0001-01-01", "Mon, 99 Foo 2026", "2026-02-30",
    "yesterday", "²", "2026-03-02 " + "Monday " * 300, "1e309", "-1", "Tue, 01 Jan 2026 25:61:61",
    "\u200b2026-01-01", "２０２６-０１-０１",
]
PROLOGS = [
    b"", b'<?xml version="1.0" encoding="utf-8"?>\n', b'<?xml version="1.0" encoding="cp037"?>',
    b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "' + b"A" * 2000 + b'">]>',
    b'<!DOCTYPE x [<!ENTITY % p "<!ENTITY b \'bb\'>"> %p;]>', b'<!DOCTYPE rss SYSTEM '
    b'"file:///etc/passwd">', b'<!DOCTYPE x [<!ENTITY e SYSTEM "http://169.254.169.254/">]>',
    b"<!ENTITY a 'x'>", b"<!DOCTYPE [" * 50, b"\xef\xbb\xbf", b"\xff\xfe",
]

text = st.text(max_size=200)
url = st.one_of(st.sampled_from(HOSTILE_URLS), st.text(max_size=60).map(
    lambda t: "http://news.example/" + t))
date = st.one_of(st.sampled_from(HOSTILE_DATES), st.text(max_size=40))


def esc(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;")


@st.composite
def feed_bytes(draw) -> bytes:
    kind = draw(st.sampled_from(["rss2", "rss091", "rdf", "atom"]))
    items = draw(st.lists(st.tuples(text, url, date, text), max_size=6))
    raw = draw(st.booleans())  # raw: fields go in unescaped, so the markup itself breaks
    f = (lambda v: v) if raw else esc
    if kind == "atom":
        entries = "".join(f"<entry><title>{f(t)}</title><link href=\"{f(u)}\"/><updated>{f(d)}"
                          f"</updated><summary>{f(s)}</summary><id>{i}</id></entry>"
                          for i, (t, u, d, s) in enumerate(items))
        doc = f'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>{entries}</feed>'
    elif kind == "rdf":
        entries = "".join(f'<item rdf:about="{f(u)}"><title>{f(t)}</title><link>{f(u)}</link>'
                          f"<dc:date>{f(d)}</dc:date><description>{f(s)}</description></item>"
                          for t, u, d, s in items)
        doc = ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
               'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
               f"<channel><title>R</title></channel>{entries}</rdf:RDF>")
    else:
        version = "2.0" if kind == "rss2" else "0.91"
        entries = "".join(f"<item><title>{f(t)}</title><link>{f(u)}</link><pubDate>{f(d)}"
                          f"</pubDate><description>{f(s)}</description></item>"
                          for t, u, d, s in items)
        doc = f'<rss version="{version}"><channel><title>C</title>{entries}</channel></rss>'
    body = draw(st.sampled_from(PROLOGS)) + doc.encode("utf-8", "surrogatepass")
    if draw(st.booleans()):  # splice random bytes in, or cut the feed short
        at = draw(st.integers(0, len(body)))
        body = body[:at] + draw(st.binary(max_size=64)) + body[at + draw(st.integers(0, 8)):]
    return body


@st.composite
def html_bytes(draw) -> bytes:
    keys = st.sampled_from(["article:published_time", "datePublished", "pubdate",
                            "og:site_name"])
    meta = "".join(
        f'<meta {draw(st.sampled_from(["property", "name", "itemprop"]))}="{draw(keys)}"'
        f' content="{esc(draw(date))}">' for _ in range(draw(st.integers(0, 3))))
    canonical = f'<link rel="canonical" href="{esc(draw(url))}">' if draw(st.booleans()) else ""
    jsonld = (f'<script type="application/ld+json">{{"datePublished": "{draw(date)}"}}</script>'
              if draw(st.booleans()) else "")
    body = draw(st.one_of(st.just(story(draw(st.integers(0, 999)))), text))
    paras = "".join(f"<p>{esc(p) if draw(st.booleans()) else p}</p>" for p in body.split(". "))
    lang = esc(draw(st.sampled_from(["en", "de-CH", "", "x" * 300, "ja"])))
    doc = (f'<!doctype html><html lang="{lang}"><head><title>{esc(draw(text))}</title>{meta}'
           f"{canonical}{jsonld}</head><body><article><h1>{draw(text)}</h1>{paras}</article>"
           "</body></html>")
    data = doc.encode(draw(st.sampled_from(["utf-8", "utf-16", "latin-1"])), "replace")
    if draw(st.booleans()):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=64)) + data[at:]
    return data


@st.composite
def opml_bytes(draw) -> bytes:
    def outline(depth: int) -> str:
        children = "".join(outline(depth + 1) for _ in range(draw(st.integers(0, 2)))
                           ) if depth < 3 else ""
        attr = draw(st.sampled_from(["xmlUrl", "xmlurl", "htmlUrl", "text"]))
        return f'<outline {attr}="{esc(draw(url))}" text="{esc(draw(text))}">{children}</outline>'

    doc = f'<opml version="2.0"><body>{"".join(outline(0) for _ in range(3))}</body></opml>'
    body = draw(st.sampled_from(PROLOGS)) + doc.encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        at = draw(st.integers(0, len(body)))
        body = body[:at] + draw(st.binary(max_size=32)) + body[at:]
    return body


@fuzz(220)
@given(feed_bytes())
def test_fuzz_feeds_parse_without_crashing(body):
    try:
        entries, problem, _ = parse_feed(body, "http://news.example/feed.xml")
    except FactcheckError:
        return
    looks_like_feed(body)
    for entry in entries:
        assert isinstance(entry.url, str)
        canonical_url(entry.url) if entry.url.startswith("http") and "[" not in entry.url else None


@fuzz(150)
@given(html_bytes(), st.sampled_from(["https://www.news.example/a/1", "http://127.0.0.1:8/x",
                                      "file:///tmp/story.html"]))
def test_fuzz_pages_extract_without_crashing(body, fetched):
    try:
        article = extract_html(body, fetched)
    except FactcheckError:
        return
    if fetched.startswith("http"):  # a page never speaks for another site's address
        assert registrable_host(article.url) == registrable_host(fetched)
    assert len(article.text) >= 80
    outcome = _extract_page(fetched, body, "text/html", None, fetched, None)
    assert outcome.article is not None or outcome.skip


@fuzz(100)
@given(opml_bytes())
def test_fuzz_opml_without_crashing(body):
    looks_like_opml(body)
    try:
        urls = parse_opml(body, "subs.opml")
    except FactcheckError:
        return
    assert all(isinstance(u, str) for u in urls)


@fuzz(80)
@given(st.one_of(st.binary(max_size=400), text.map(lambda t: t.encode("utf-8", "replace")),
                 text.map(lambda t: ("Title\nDate: " + t + "\n\n" + story(1)).encode(
                     "latin-1", "replace"))))
def test_fuzz_text_bodies_without_crashing(body):
    outcome = _extract_page("http://news.example/t.txt", body, "text/plain; charset=bogus",
                            None, "http://news.example/t.txt", None)
    assert outcome.article is not None or outcome.skip
    try:
        extract_text(body.decode("utf-8", "replace"), "http://news.example/t.txt")
    except FactcheckError:
        pass


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


def test_fuzz_ingest_pipeline_on_loopback_and_files(monkeypatch):
    """Generated feeds served on loopback, pages behind them, and generated local files, all
    through Ingestor.run into one store: no exception escapes, every source is reported.
    Every host name resolves to 127.0.0.1 and only that address passes the guard, so no
    generated link reaches beyond this machine."""
    real = fetch._blocked_reason
    monkeypatch.setattr(fetch, "_blocked_reason",
                        lambda ip: None if ip == "127.0.0.1" else real(ip))
    baseline = peak_rss_mb()
    srv = LoopbackServer()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        ingestor_settings = Settings(store=str(root / "store"), timeout=1.0,
                                     max_bytes=1_000_000)
        fetcher = Fetcher(timeout=1.0, max_bytes=1_000_000, retries=0,
                          resolver=lambda host: ["127.0.0.1"])
        embedder = HashEmbedder()
        counter = iter(range(10**6))

        @fuzz(60)
        @given(feed_bytes(), html_bytes(), st.sampled_from(["application/rss+xml", "text/xml",
                                                           "text/html", ""]))
        def feed_case(feed, page, ctype):
            n = next(counter)
            page_url = srv.add(f"/p{n}", page)
            feed = feed.replace(b"http://news.example/", page_url.encode() + b"?")
            feed_url = srv.add(f"/f{n}.xml", feed, content_type=ctype)
            report = Ingestor(ingestor_settings, embedder=embedder, fetcher=fetcher,
                              workers=2).run([feed_url]).to_dict()
            assert report["failed"] or report["feeds"] or report["articles"] or report[
                "skipped"] or report["unchanged"]

        @fuzz(40)
        @given(st.one_of(html_bytes(), feed_bytes(), opml_bytes(), st.binary(max_size=300)),
               st.sampled_from([".html", ".txt", ".md", ".opml"]))
        def file_case(data, suffix):
            n = next(counter)
            path = root / "files" / f"f{n}{suffix}"
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(data)
            report = Ingestor(ingestor_settings, embedder=embedder, fetcher=fetcher,
                              workers=2).run([str(path)]).to_dict()
            assert isinstance(report["added"], int)

        try:
            feed_case()
            file_case()
        finally:
            srv.close()
            fetcher.close()
    assert peak_rss_mb() - baseline < 300
