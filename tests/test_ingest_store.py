import datetime as dt
import os
import threading
import time

import pytest

from factcheck.config import Settings
from factcheck.errors import StoreError, StoreLockedError
from factcheck.evalkit.render import render_article
from factcheck.news.chunk import chunk_text, split_sentences
from factcheck.news.extract import extract_html
from factcheck.news.ingest import canonical_url, ingest
from factcheck.retrieve import retrieve
from factcheck.store import Store


def write_events(directory, events):
    directory.mkdir(parents=True, exist_ok=True)
    for e in events:
        (directory / f"{e['id']}.html").write_text(render_article(e), "utf-8")
    return directory


def test_extract_rendered_page_keeps_title_date_site_and_canonical(events):
    event = events[0]
    article = extract_html(render_article(event), "file:///tmp/x.html")
    assert article.title == event["headline"]
    assert article.published.startswith(event["date"])
    assert article.date_source == "page"
    assert article.url == event["urls"][0]
    assert "Maduro" in article.text and "Home" not in article.text


def test_chunks_never_cut_sentences():
    text = " ".join(f"Sentence number {i} says something about the budget." for i in range(60))
    chunks = chunk_text(text, max_words=40)
    assert len(chunks) > 3
    sentences = set(split_sentences(text))
    for chunk in chunks:
        assert all(s in sentences for s in split_sentences(chunk))


def test_japanese_text_is_chunked_by_characters():
    # No spaces: counted as whitespace words, a long Japanese story would be one passage.
    text = "".join(f"東京都議会は第{i}回の会合で交通予算を議論し、長い議論の末に承認した。"
                   for i in range(40))
    chunks = chunk_text(text, max_words=60)
    assert len(chunks) > 5
    assert all(c.endswith("。") for c in chunks)


def test_canonical_url_drops_tracking():
    assert canonical_url("https://news.example/a?utm_source=x&id=3#top") == (
        "https://news.example/a?id=3"
    )


def test_ingest_directory_then_reingest_adds_nothing(tmp_path, events, embedder):
    pages = write_events(tmp_path / "pages", events[:4])
    settings = Settings(store=str(tmp_path / "store"))
    first = ingest([str(pages)], settings, embedder=embedder).to_dict()
    assert first["added"] == 4 and first["failed"] == []
    again = ingest([str(pages)], settings, embedder=embedder).to_dict()
    assert again["added"] == 0 and again["unchanged"] == 4
    stats = Store(settings.store).stats()
    assert stats["articles"] == 4 and stats["passages"] == first["passages_added"]


def test_bad_sources_are_reported_and_the_rest_go_in(tmp_path, events, embedder):
    pages = write_events(tmp_path / "pages", events[:2])
    (pages / "empty.html").write_text("<html><body><p>Too short.</p></body></html>")
    unreadable = pages / "locked.txt"
    unreadable.write_text("too short to be an article")
    os.chmod(unreadable, 0)
    settings = Settings(store=str(tmp_path / "store"))
    report = ingest([str(pages), str(tmp_path / "missing.html")], settings,
                    embedder=embedder).to_dict()
    os.chmod(unreadable, 0o644)
    assert report["added"] == 2
    reasons = " ".join(f["reason"] for f in report["failed"])
    assert "no such file" in reasons
    if os.geteuid() != 0:  # root reads anything
        assert "cannot read" in reasons
    assert any("no article text" in s["reason"] for s in report["skipped"])


def test_as_of_filter_hides_later_news(tmp_path, events, embedder):
    pages = write_events(tmp_path / "pages", events[:6])
    settings = Settings(store=str(tmp_path / "store"))
    ingest([str(pages)], settings, embedder=embedder)
    store = Store(settings.store)
    event = events[0]
    day = dt.date.fromisoformat(event["date"])
    found = retrieve(store, embedder, event["claims"][0]["text"], day, k=5)
    assert found and found[0].url == event["urls"][0]
    before = retrieve(store, embedder, event["claims"][0]["text"], day - dt.timedelta(days=1))
    assert all(h.published[:10] < event["date"] for h in before)
    assert event["urls"][0] not in {h.url for h in before}


def test_store_refuses_a_second_embedding_model(tmp_path):
    store = Store(tmp_path / "s")
    store.check_embedder("all-MiniLM-L6-v2", 384)
    with pytest.raises(StoreError, match="FACTCHECK_EMBED_MODEL"):
        store.check_embedder("bge-small", 384)


def test_one_writer_at_a_time(tmp_path):
    first = Store(tmp_path / "s", lock_timeout=5)
    second = Store.from_settings(Settings(store=str(tmp_path / "s"), lock_timeout=0.5))
    entered = threading.Event()
    release = threading.Event()

    def hold():
        with first.writer():
            entered.set()
            release.wait(5)

    t = threading.Thread(target=hold)
    t.start()
    entered.wait(5)
    started = time.monotonic()
    with pytest.raises(StoreLockedError, match="another factcheck process"):
        with second.writer():
            pass
    assert time.monotonic() - started >= 0.4  # it waited before giving up
    release.set()
    t.join()
    with second.writer():
        pass


@pytest.mark.parametrize("a, b", [
    ("https://www.jiji.example/jc/article?k=2026012000123&g=pol",
     "https://www.jiji.example/jc/article?k=2026012000124&g=pol"),
    ("https://wire.example/headlines.php?src=eco%2F2026021200952.xml",
     "https://wire.example/headlines.php?src=eco%2F2026021200317.xml"),
    ("https://paper.example/article?story_id=99&utm_source=rss",
     "https://paper.example/article?story_id=100&utm_source=rss"),
])
def test_articles_named_by_a_query_parameter_keep_their_own_keys(a, b):
    assert canonical_url(a) != canonical_url(b)
    assert "utm_" not in canonical_url(a) and "#" not in canonical_url(a + "#top")


def test_articles_named_by_a_query_parameter_are_all_stored(tmp_path, embedder):
    """Two stories of one site whose addresses differ only in the query string are two
    articles, not one story replacing the other."""
    pages = tmp_path / "pages"
    pages.mkdir()
    for n, (k, title, body) in enumerate([
            ("2026012000123", "Harbour council approves ferry budget",
             "The harbour council approved a ferry budget of 12 million on Tuesday."),
            ("2026012000124", "Mountain rail line reopens after landslide",
             "The mountain rail line reopened on Tuesday, three weeks after a landslide.")]):
        event = {"id": f"q{n}", "date": "2026-01-20", "headline": title, "article": body,
                 "urls": [f"https://wire.example/jc/article?k={k}"], "claims": []}
        (pages / f"q{n}.html").write_text(render_article(event), "utf-8")
    settings = Settings(store=str(tmp_path / "store"))
    ingest([str(pages)], settings, embedder=embedder)
    titles = {r[0] for r in Store.from_settings(settings).db.execute(
        "SELECT title FROM articles")}
    assert titles == {"Harbour council approves ferry budget",
                      "Mountain rail line reopens after landslide"}
