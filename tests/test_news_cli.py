"""`factcheck feeds ...`, `factcheck watch` and `factcheck ingest` through the CLI, with the real
embedding model, real Chroma and pages served on loopback."""

import json

import pytest

from factcheck.cli.news import parse_interval
from tests.conftest import invoke
from tests.loopback import LoopbackServer
from tests.test_news_ingest import page, rss, story


@pytest.fixture
def news(monkeypatch, embedder):
    from factcheck.embed import Embedder

    # the real model, loaded once per session
    monkeypatch.setattr(Embedder, "from_settings", classmethod(lambda cls, settings: embedder))
    srv = LoopbackServer()
    urls = [srv.add(f"/p{i}", page(f"Council vote {i}", story(90 + i))) for i in range(3)]
    body = rss([(f"P{i}", u, None) for i, u in enumerate(urls)]).encode()
    srv.route("/feed.xml", lambda h: (
        (304, {"ETag": '"v1"'}, b"") if h.headers.get("If-None-Match") == '"v1"'
        else (200, {"Content-Type": "application/rss+xml", "ETag": '"v1"'}, body)))
    yield srv
    srv.close()


def test_feeds_add_list_refresh_watch_remove(tmp_path, news):
    store = str(tmp_path / "store")
    feed = news.base + "/feed.xml"
    opml = tmp_path / "subs.opml"
    opml.write_text(f'<opml version="2.0"><body><outline xmlUrl="{feed}"/></body></opml>')
    code, out, _ = invoke("feeds", "add", str(opml), "--store", store)
    assert code == 0 and f"added    {feed}" in out
    code, out, _ = invoke("feeds", "add", feed, "--store", store, "--json")
    assert json.loads(out) == {"added": [], "already": [feed]}

    code, out, err = invoke("feeds", "refresh", "--store", store)
    assert code == 1 and "--allow-private" in err  # loopback is refused by default

    code, out, _ = invoke("feeds", "refresh", "--store", store, "--allow-private", "--json")
    report = json.loads(out)
    assert code == 0 and report["added"] == 3 and report["failed"] == []
    assert set(report) >= {"added", "updated", "unchanged", "skipped", "failed", "per_source"}

    code, out, _ = invoke("watch", "--every", "1s", "--rounds", "2", "--allow-private",
                          "--json", "--store", store)
    rounds = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["round"] for r in rounds] == [1, 2]
    assert all(r["added"] == 0 and r["feeds"][0]["status"] == "not modified" for r in rounds)

    code, out, _ = invoke("feeds", "list", "--store", store, "--json")
    [row] = json.loads(out)["feeds"]
    assert row["url"] == feed and row["etag"] == '"v1"' and row["entries"] == 3

    code, out, _ = invoke("feeds", "remove", feed, "--store", store)
    assert code == 0 and "removed" in out
    code, _, err = invoke("feeds", "remove", feed, "--store", store)
    assert code == 1 and "not subscribed" in err


def test_feeds_add_fetches_an_opml_list_under_the_fetch_settings(tmp_path, server, monkeypatch):
    server.add("/list.opml", '<opml version="2.0"><body>'
               '<outline xmlUrl="https://a.example/rss"/></body></opml>', "text/x-opml")
    moved = server.add("/moved.opml", "", status=301, headers={"Location": "/list.opml"})
    store = str(tmp_path / "store")
    monkeypatch.setenv("FACTCHECK_MAX_REDIRECTS", "0")
    code, _, err = invoke("feeds", "add", moved, "--store", store, "--allow-private")
    assert code == 1 and "more than 0 redirects" in err
    monkeypatch.setenv("FACTCHECK_MAX_REDIRECTS", "1")
    code, out, _ = invoke("feeds", "add", moved, "--store", store, "--allow-private")
    assert code == 0 and "added    https://a.example/rss" in out


def test_ingest_progress_bar_and_json_summary(tmp_path, news):
    store = str(tmp_path / "store")
    code, out, err = invoke("ingest", news.base + "/feed.xml", "--store", store,
                            "--allow-private", "--json", "--progress")
    report = json.loads(out)
    assert code == 0 and report["added"] == 3
    assert "[3/3]" in err and "added 3" in err  # the counter on stderr
    code, out, err = invoke("ingest", news.base + "/feed.xml", "--store", store,
                            "--allow-private")
    assert code == 0 and out.startswith("added 0 articles") and "unchanged 3" in out


def test_bad_usage_exits_2(tmp_path):
    code, _, err = invoke("ingest", "--store", str(tmp_path))
    assert code == 2 and "--reextract" in err
    code, _, err = invoke("watch", "--every", "soon", "--store", str(tmp_path))
    assert code == 2 and "30m" in err
    code, _, err = invoke("feeds", "add", "ftp://x/feed", "--store", str(tmp_path))
    assert code == 2


def test_parse_interval():
    assert parse_interval("30m") == 1800 and parse_interval("1h30m") == 5400
    assert parse_interval("90s") == 90
