"""Hostile feeds through the real parser and the ingest pipeline: entity expansion (memory
measured), links that are not URLs, odd Retry-After headers, and a `watch` round that fails."""

import time
import tracemalloc

import pytest

from factcheck.news.feeds import parse_feed
from tests.conftest import invoke
from tests.test_news_ingest import HashEmbedder, make, page, rss, story


def entity_bomb(size=64 * 1024, encoding="utf-8"):
    value = "x" * (size // 2)
    head = (f'<?xml version="1.0" encoding="{encoding}"?>\n<!DOCTYPE rss [\n'
            f'<!ENTITY a "{value}">\n]>\n<rss version="2.0"><channel><title>t</title><item>'
            "<title>")
    tail = "</title><link>http://n.example/a</link></item></channel></rss>"
    refs = "&a;" * -(-(size - len(head) - len(tail)) // 3)
    return (head + refs + tail).encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "shift_jis", "euc-jp", "iso-2022-jp"])
def test_entity_expansion_feed_stays_small(encoding):
    body = entity_bomb(encoding=encoding)
    assert len(body) >= 64 * 1024
    tracemalloc.start()
    started = time.monotonic()
    try:
        entries, _, _ = parse_feed(body, "http://n.example/feed")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 50_000_000, peak  # unguarded: 1.0-1.4 GB
    assert time.monotonic() - started < 10
    assert [e.url for e in entries] == ["http://n.example/a"]
    assert len(entries[0].title) < 300_000


def test_netscape_doctype_and_predefined_entities_still_work():
    body = (b'<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS '
            b'0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91">'
            b"<channel><title>Old</title><item><title>A &amp; B</title>"
            b"<link>http://n.example/a</link></item></channel></rss>")
    entries, problem, _ = parse_feed(body)
    assert problem is None and entries[0].title == "A & B"


def test_bad_link_and_odd_retry_after_fail_alone(tmp_path, server):
    good = [server.add(f"/g{i}", page(f"Vote {i}", story(20 + i))) for i in range(2)]
    busy = server.add("/busy", "busy", content_type="text/plain", status=503,
                   headers={"Retry-After": "²"})
    feed = server.add("/feed.xml", rss([("g0", good[0], None), ("bad", "http://[oops/x", None),
                                     ("busy", busy, None), ("g1", good[1], None)]),
                   content_type="application/rss+xml")
    busy_feed = server.add("/busy-feed.xml", "busy", status=503, headers={"Retry-After": "²"})
    ingestor = make(tmp_path, retries=1)
    report = ingestor.run([busy_feed, feed, "http://[oops/y"]).to_dict()
    assert report["added"] == 2
    failed = {f["url"]: f["reason"] for f in report["failed"]}
    assert "HTTP 503" in failed[busy_feed] and "HTTP 503" in failed[busy]
    assert "not a valid URL" in failed["http://[oops/y"]
    assert any("invalid link" in s["reason"] for s in report["skipped"])


def test_watch_keeps_going_after_a_round_fails(tmp_path, monkeypatch):
    from factcheck.cli import news as commands
    from factcheck.embed import Embedder

    monkeypatch.setattr(Embedder, "from_settings",
                        classmethod(lambda cls, settings: HashEmbedder()))
    monkeypatch.setattr(commands.time, "sleep", lambda s: None)
    calls = []

    def refresh(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise ValueError("Invalid IPv6 URL")
        return {"added": 0, "passages_added": 0, "updated": 0, "unchanged": 0, "syndicated": 0,
                "skipped": [], "failed": []}

    monkeypatch.setattr(commands, "_refresh", refresh)
    code, out, err = invoke("watch", "--every", "1s", "--rounds", "2",
                            "--store", str(tmp_path / "s"))
    assert code == 0, err
    assert len(calls) == 2 and "round 1 failed: unexpected ValueError" in err
    assert "round 2: added 0" in out
