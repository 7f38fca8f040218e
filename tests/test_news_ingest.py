"""Ingestion from loopback feeds and pages: formats, bad input, dedupe, updates, outlets,
raw bodies, conditional GET, interruption. Most tests use a hashing embedder (fast); one runs
the real model."""

import gzip
import hashlib
import html
import json
import random

import pytest

from factcheck.config import Settings
from factcheck.news import fetch
from factcheck.news.dedupe import content_hash, minhash, similarity
from factcheck.news.extract import extract_html
from factcheck.news.feeds import parse_feed, parse_opml
from factcheck.news.fetch import Fetcher
from factcheck.news.ingest import Ingestor
from factcheck.news.raw import load_raw
from factcheck.store import Store

WORDS = ("minister council harbour strike talks river bridge vote court budget police storm "
         "election airport union hospital school festival market energy border rescue").split()


class HashEmbedder:
    """Deterministic 16-dimensional vectors from a hash: stands in for the model where only
    bookkeeping is under test."""

    name = "hash-embedder"
    dim = 16

    def __init__(self):
        self.calls = 0

    def encode(self, texts, batch_size=32):
        self.calls += 1
        out = []
        for text in texts:
            digest = hashlib.sha256(text.encode()).digest()
            out.append([b / 255 for b in digest[: self.dim]])
        return out


def story(seed: int, words: int = 220) -> str:
    rng = random.Random(seed)
    sentences = []
    while sum(len(s.split()) for s in sentences) < words:
        n = rng.randint(8, 16)
        sentences.append(" ".join(rng.choice(WORDS) + str(rng.randint(0, 99))
                                  for _ in range(n)).capitalize() + ".")
    return " ".join(sentences)


def page(title: str, text: str, date: str | None = "2026-03-02T08:00:00+01:00",
         site: str = "Daily Example", lang: str = "en", dateline: str = "") -> str:
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    paras = "".join(f"<p>{p}</p>" for p in text.split(". "))
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}'
            f'</title><meta property="og:site_name" content="{site}">{meta}</head><body>'
            f"<article><h1>{title}</h1><p>{dateline}</p>{paras}</article></body></html>")


def rss(items: list[tuple[str, str, str | None]], version: str = "2.0") -> str:
    entries = "".join(
        f"<item><title>{t}</title><link>{html.escape(link)}</link>"
        + (f"<pubDate>{d}</pubDate>" if d else "") + "</item>"
        for t, link, d in items
    )
    return (f'<?xml version="1.0"?><rss version="{version}"><channel><title>Loopback</title>'
            f"<link>http://x/</link><description>d</description>{entries}</channel></rss>")


def make(tmp_path, server=None, **kw):
    settings = Settings(store=str(tmp_path / "store"), timeout=1.0, allow_private=True)
    fetcher = Fetcher(allow_private=True, timeout=kw.pop("timeout", 1.0), max_bytes=1_000_000,
                      sleep=lambda s: None, retries=kw.pop("retries", 0))
    return Ingestor(settings, embedder=kw.pop("embedder", HashEmbedder()), fetcher=fetcher, **kw)


# -- formats ----------------------------------------------------------------------------------
FEEDS = {
    "rss091": """<?xml version="1.0"?><rss version="0.91"><channel><title>Old</title>
      <item><title>A</title><link>http://news.example/a</link></item></channel></rss>""",
    "rss10": """<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
      xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel rdf:about="http://news.example/"><title>RDF</title></channel>
      <item rdf:about="http://news.example/a"><title>A</title><link>http://news.example/a</link>
      <dc:date>2026-03-02T08:00:00+01:00</dc:date></item></rdf:RDF>""",
    "rss20": rss([("A", "http://news.example/a", "Mon, 02 Mar 2026 07:00:00 GMT")]),
    "atom": """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
      <title>Atom</title><entry><title>A</title><link href="/a"/><id>x</id>
      <updated>2026-03-02T07:00:00Z</updated></entry></feed>""",
}


@pytest.mark.parametrize("kind", sorted(FEEDS))
def test_feed_formats_give_entries(kind):
    entries, problem, title = parse_feed(FEEDS[kind].encode(), "http://news.example/feed")
    assert problem is None and title
    assert [e.url for e in entries] == ["http://news.example/a"]
    if kind != "rss091":
        assert entries[0].published == "2026-03-02T07:00:00+00:00"


def test_malformed_feed_gives_what_it_can_and_says_why():
    body = rss([("A", "http://n.example/a", None), ("B", "http://n.example/b", None)])
    body = body.replace("</channel></rss>", "<item><title>broken & </item>")
    entries, problem, _ = parse_feed(body.encode(), "http://n.example/feed")
    assert [e.url for e in entries][:2] == ["http://n.example/a", "http://n.example/b"]
    assert problem and "malformed" in problem


def test_opml_nested_lists_and_entities_refused():
    body = b"""<?xml version="1.0"?><opml version="2.0"><body>
      <outline text="World"><outline type="rss" xmlUrl="https://a.example/rss"/>
      <outline type="rss" xmlUrl="https://b.example/atom"/></outline>
      <outline type="rss" xmlUrl="https://a.example/rss"/></body></opml>"""
    assert parse_opml(body) == ["https://a.example/rss", "https://b.example/atom"]
    evil = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><opml><body/></opml>'
    with pytest.raises(Exception, match="entity"):
        parse_opml(evil)


# -- extraction -------------------------------------------------------------------------------
def test_dates_come_from_page_then_feed_then_dateline():
    text = story(1)
    a = extract_html(page("T", text), "http://n.example/a", feed_date="2026-01-01T00:00:00+00:00")
    assert (a.published, a.date_source, a.language) == ("2026-03-02T08:00:00+01:00", "page", "en")
    b = extract_html(page("T", text, date=None, lang="de"), "http://n.example/b",
                     feed_date="2026-01-05T06:00:00+00:00")
    assert (b.published, b.date_source, b.language) == ("2026-01-05T06:00:00+00:00", "feed", "de")
    c = extract_html(page("T", text, date=None, dateline="GENEVA, 14 February 2026 -"),
                     "http://n.example/c")
    assert c.date_source == "dateline" and c.published.startswith("2026-02-14T00:00:00+00:00")


def test_stated_publication_time_beats_a_date_in_the_url():
    # A URL dated the 28th (the day the page was filed) must not move a story published on
    # the 27th past an as-of of the 27th.
    a = extract_html(page("T", story(2), date="2026-02-27T09:00:00+00:00"),
                     "https://n.example/world/2026/02/28/story")
    assert (a.published, a.date_source) == ("2026-02-27T09:00:00+00:00", "page")
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", '
          '"datePublished": "2026-02-27T10:30:00Z"}</script>')
    b = extract_html(page("T", story(2), date=None).replace("</head>", ld + "</head>"),
                     "https://n.example/world/2026/02/28/story")
    assert b.published == "2026-02-27T10:30:00+00:00"


def test_near_duplicate_threshold_separates_copies_from_other_stories():
    base = story(7, 600)
    words = base.split()
    copy = " ".join(["By", "Agency", "staff."] + words[:-25] + ["Reporting", "by", "desk."])
    assert similarity(minhash(base), minhash(copy)) >= 0.5
    assert similarity(minhash(base), minhash(story(8, 600))) < 0.2
    assert content_hash(base) == content_hash(base.upper() + "  ")


# -- pipeline ---------------------------------------------------------------------------------
def test_feed_batch_with_bad_entries_ingests_the_good_ones(tmp_path, server):
    good = [server.add(f"/good{i}", page(f"Good {i}", story(i))) for i in range(3)]
    bad = {
        "pdf": server.add("/doc.pdf", b"%PDF-1.4 ...", content_type="application/pdf"),
        "empty": server.add("/empty", "<html><body><p>Short.</p></body></html>"),
        "bomb": server.add("/bomb", gzip.compress(b"\0" * 30_000_000),
                        headers={"Content-Encoding": "gzip"}),
        "big": server.add("/big", b"<html>" + b"x" * 1_100_000, content_type="text/html"),
        "missing": server.base + "/missing",
    }

    def slow(handler):
        import time

        time.sleep(2.5)
        return 200, {"Content-Type": "text/html"}, b"late"

    bad["slow"] = server.route("/slow", slow)
    items = [(f"t{i}", u, "Mon, 02 Mar 2026 07:00:00 GMT") for i, u in
             enumerate(good + list(bad.values()))]
    feed = server.add("/feed.xml", rss(items), content_type="application/rss+xml")
    report = make(tmp_path, server).run([feed]).to_dict()
    assert report["added"] == 3
    reasons = {item["url"]: item["reason"] for item in report["skipped"] + report["failed"]}
    assert "content type application/pdf" in reasons[bad["pdf"]]
    assert "no article text" in reasons[bad["empty"]]
    assert "after decompression" in reasons[bad["bomb"]]
    assert "over the cap" in reasons[bad["big"]]
    assert "HTTP 404" in reasons[bad["missing"]]
    assert "timed out" in reasons[bad["slow"]]
    assert report["per_source"][feed]["added"] == 3
    assert report["per_source"][feed]["failed"] + report["per_source"][feed]["skipped"] == 6


def test_redirect_to_metadata_inside_a_batch_is_refused(tmp_path, server, monkeypatch):
    server.add("/ok", page("Fine story", story(3)))
    server.add("/evil", b"", status=302, headers={"Location": "http://169.254.169.254/latest/"})
    base = f"http://localhost:{server.port}"
    feed = server.add("/f.xml", rss([("ok", base + "/ok", None), ("evil", base + "/evil", None)]),
                   content_type="application/rss+xml")
    ingestor = make(tmp_path)
    real = fetch._blocked_reason  # 127.0.0.1 as if public: the fetcher connects where it checked
    monkeypatch.setattr(fetch, "_blocked_reason",
                        lambda ip: None if ip == "127.0.0.1" else real(ip))
    ingestor.fetcher = Fetcher(resolver=lambda host: ["127.0.0.1"])
    report = ingestor.run([feed.replace(server.base, base)]).to_dict()
    assert report["added"] == 1
    [failed] = report["failed"]
    assert "169.254.169.254" in failed["reason"] and "--allow-private" in failed["reason"]


def test_thousand_entry_feed_dedupes_by_canonical_url(tmp_path, server):
    for i in range(200):
        server.add(f"/n/{i}", f"Story {i}\nDate: 2026-03-0{1 + i % 9}\n\n{story(i, 30)}",
                content_type="text/plain; charset=utf-8")
    items = [(f"s{i}", f"{server.base}/n/{i % 200}?utm_source=rss&utm_medium={i}", None)
             for i in range(1000)]
    feed = server.add("/big.xml", rss(items), content_type="application/rss+xml")
    embedder = HashEmbedder()
    report = make(tmp_path, embedder=embedder, batch_passages=64).run([feed]).to_dict()
    assert report["feeds"][0]["entries"] == 1000 and report["feeds"][0]["problem"] is None
    assert report["added"] == 200 and report["unchanged"] == 800, report["failed"][:3]
    assert sum(n for path, n in server.hits.items() if path.startswith("/n/")) == 200  # once each
    assert embedder.calls < 20  # embedded in batches, not one call per article
    assert Store(tmp_path / "store").stats()["articles"] == 200


def test_syndicated_story_is_stored_once_with_all_outlets(tmp_path, server):
    wire = story(11, 400)
    words = wire.split()
    copies = {
        "alpha": wire,
        "beta": "By Beta staff. " + " ".join(words[:-20]) + " Beta adds a closing line here.",
        "gamma": " ".join(words[5:]) + " Copyright Gamma.",
    }
    urls = [server.add(f"/{name}/wire", page(f"{name} headline", text, site=f"{name}.example"))
            for name, text in copies.items()]
    other = server.add("/other", page("Different", story(12, 400), site="delta.example"))
    report = make(tmp_path).run(urls + [other]).to_dict()
    assert report["added"] == 2 and report["syndicated"] == 2
    store = Store(tmp_path / "store")
    article_id = store.article_for_url(urls[0].replace("127.0.0.1", "127.0.0.1"))[0]
    assert [o["site"] for o in store.outlets(article_id)] == [
        "alpha.example", "beta.example", "gamma.example"]
    assert store.stats()["articles"] == 2


def test_changed_article_is_updated_in_place(tmp_path, server):
    url = server.add("/story", page("Bridge vote", story(20) + " The harbourmaster resigned."))
    ingestor = make(tmp_path)
    assert ingestor.run([url]).to_dict()["added"] == 1
    server.add("/story", page("Bridge vote", story(20) + " The harbourmaster stayed on."))
    report = make(tmp_path).run([url]).to_dict()
    assert report["updated"] == 1 and report["added"] == 0
    store = Store(tmp_path / "store")
    assert store.search_keywords("stayed", 2**40, 5)
    assert not store.search_keywords("resigned", 2**40, 5)
    assert store.stats()["articles"] == 1
    again = make(tmp_path).run([url]).to_dict()
    assert again["unchanged"] == 1 and again["updated"] == 0


def test_unchanged_feed_costs_one_304_and_raw_bodies_allow_reextraction(tmp_path, server):
    urls = [server.add(f"/p{i}", page(f"P{i}", story(30 + i))) for i in range(3)]
    body = rss([(f"P{i}", u, None) for i, u in enumerate(urls)]).encode()

    def feed(handler):
        if handler.headers.get("If-None-Match") == '"v1"':
            return 304, {"ETag": '"v1"'}, b""
        return 200, {"Content-Type": "application/rss+xml", "ETag": '"v1"'}, body

    feed_url = server.route("/feed", feed)
    store = Store(tmp_path / "store")
    store.add_feed(feed_url)
    first = make(tmp_path).refresh_feeds().to_dict()
    assert first["added"] == 3
    hits = dict(server.hits)
    second = make(tmp_path).refresh_feeds().to_dict()
    assert second["feeds"] == [{"url": feed_url, "status": "not modified", "entries": 0}]
    assert server.hits == {**hits, "/feed": hits["/feed"] + 1}
    assert Store(tmp_path / "store").feed(feed_url)["etag"] == '"v1"'
    raw = store.raw_fetches()
    assert {u for u, _, _ in raw} >= set(urls)
    assert b"P1" in load_raw(store.raw_dir, dict((u, s) for u, s, _ in raw)[urls[1]])
    server.close()  # nothing can be fetched any more
    again = make(tmp_path).reextract().to_dict()
    assert again["unchanged"] == 3 and again["failed"] == []


def test_interrupted_run_leaves_store_consistent_and_rerun_completes(tmp_path, server):
    urls = [server.add(f"/p{i}", page(f"P{i}", story(50 + i))) for i in range(8)]
    body = rss([(f"P{i}", u, None) for i, u in enumerate(urls)]).encode()
    feed_url = server.route("/feed", lambda h: (
        (304, {}, b"") if h.headers.get("If-None-Match") == '"v1"'
        else (200, {"Content-Type": "application/rss+xml", "ETag": '"v1"'}, body)))
    Store(tmp_path / "store").add_feed(feed_url)
    added = []

    def progress(event, detail):
        if event == "added":
            added.append(detail)
            if len(added) == 3:
                raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        make(tmp_path, progress=progress, batch_passages=1).refresh_feeds()
    store = Store(tmp_path / "store")
    assert store.stats()["articles"] == 3
    rows = store.db.execute("SELECT a.n_passages, COUNT(p.id) FROM articles a LEFT JOIN "
                            "passages p ON p.article_id = a.id GROUP BY a.id").fetchall()
    assert all(n == count for n, count in rows)
    assert store.feed(feed_url)["etag"] is None  # so the rerun does not get a 304
    report = make(tmp_path).refresh_feeds().to_dict()
    assert report["added"] == 5 and report["unchanged"] == 3
    assert Store(tmp_path / "store").stats()["articles"] == 8


def test_real_embedder_batch_is_searchable(tmp_path, server, embedder):
    urls = [server.add(f"/r{i}", page(f"Harbour strike day {i}", story(70 + i))) for i in range(4)]
    report = make(tmp_path, embedder=embedder).run(urls).to_dict()
    assert report["added"] == 4
    store = Store(tmp_path / "store")
    vector = embedder.encode(["Harbour strike day 2"])[0]
    hits = store.search_dense(vector, 2**40, 3)
    assert hits and hits[0].title.startswith("Harbour strike day")
    assert json.dumps(report)  # the summary is JSON-serialisable


def test_failed_entry_keeps_the_feed_refetchable(tmp_path, server):
    good = server.add("/good", page("Good", story(60)))
    later = server.base + "/later"  # 404 on the first refresh
    body = rss([("Good", good, None), ("Later", later, None)]).encode()
    feed_url = server.route("/feed", lambda h: (
        (304, {}, b"") if h.headers.get("If-None-Match") == '"v1"'
        else (200, {"Content-Type": "application/rss+xml", "ETag": '"v1"'}, body)))
    store = Store(tmp_path / "store")
    store.add_feed(feed_url)
    first = make(tmp_path).refresh_feeds().to_dict()
    assert first["added"] == 1 and "HTTP 404" in first["failed"][0]["reason"]
    assert store.feed(feed_url)["status"] == "1 entries failed"
    server.add("/later", page("Later", story(61)))
    second = make(tmp_path).refresh_feeds().to_dict()
    assert second["added"] == 1 and second["unchanged"] == 1
    assert store.feed(feed_url)["etag"] == '"v1"'


def test_local_markdown_text_and_opml_sources(tmp_path, server):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text(f"# Harbour deal signed\nDate: 4 March 2026\n\n{story(80)}")
    (notes / "b.txt").write_text(f"Bridge reopens\n\n{story(81)}")
    (notes / "skip.pdf").write_bytes(b"%PDF")
    url = server.add("/p", page("From the feed", story(82)))
    feed = server.add("/f.xml", rss([("p", url, None)]), content_type="application/rss+xml")
    opml = tmp_path / "subs.opml"
    opml.write_text(f'<opml version="2.0"><body><outline xmlUrl="{feed}"/></body></opml>')
    report = make(tmp_path).run([str(notes), str(opml)]).to_dict()
    assert report["added"] == 3 and report["failed"] == []
    by_title = {a["title"]: a for a in report["articles"]}
    assert by_title["Harbour deal signed"]["date_source"] == "dateline"
    assert by_title["Harbour deal signed"]["published"] == "2026-03-04T00:00:00+00:00"
    assert by_title["Bridge reopens"]["date_source"] == "file"
    assert report["per_source"][feed]["added"] == 1
