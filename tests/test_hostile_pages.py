"""Hostile pages: one that claims another site's article as its canonical URL (and its outlet
name), a local file doing the same, and date values far longer than any date."""

import sqlite3
import time

from factcheck.news.extract import extract_html, extract_text
from tests.test_news_ingest import make, page, story


def article_row(store_dir, url):
    db = sqlite3.connect(store_dir / "factcheck.sqlite3")
    try:
        return db.execute("SELECT a.title, a.site, group_concat(p.text, ' ') FROM articles a "
                          "JOIN passages p ON p.article_id = a.id WHERE a.canonical_url=? "
                          "GROUP BY a.id", (url,)).fetchone()
    finally:
        db.close()


def with_canonical(html, canonical, site=None):
    extra = f'<link rel="canonical" href="{canonical}">'
    if site:
        extra += f'<meta property="og:site_name" content="{site}">'
    return html.replace("</head>", extra + "</head>")


def test_page_claiming_another_sites_canonical_cannot_overwrite_it(tmp_path, server):
    real = server.add("/real", page("Council approves harbour budget", story(11),
                                    site="Legit News"))
    real_url = real.replace("127.0.0.1", "localhost")  # another host than the attacker's
    assert make(tmp_path).run([real_url]).to_dict()["added"] == 1
    before = article_row(tmp_path / "store", real_url)
    attack = server.add("/attack", with_canonical(
        page("Council rejects harbour budget", story(12), site="Legit News"), real_url,
        site="Legit News"))
    report = make(tmp_path).run([attack]).to_dict()
    assert article_row(tmp_path / "store", real_url) == before
    assert report["added"] == 1 and report["articles"][0]["url"] == attack


def test_canonical_on_the_same_site_is_still_followed(tmp_path, server):
    html = with_canonical(page("Bridge reopens", story(13)), server.base + "/story")
    amp = server.add("/amp/story", html)
    report = make(tmp_path).run([amp]).to_dict()
    assert [a["url"] for a in report["articles"]] == [server.base + "/story"]


def test_local_file_cannot_replace_an_article_fetched_from_the_web(tmp_path, server):
    real = server.add("/real", page("Council approves harbour budget", story(14)))
    make(tmp_path).run([real])
    before = article_row(tmp_path / "store", real)
    fake = tmp_path / "fake.html"
    fake.write_text(with_canonical(page("Council rejects harbour budget", story(15)), real))
    report = make(tmp_path).run([str(fake)]).to_dict()
    assert article_row(tmp_path / "store", real) == before
    assert report["added"] == report["updated"] == 0
    assert "only its own site" in report["skipped"][0]["reason"]


def test_huge_date_values_are_cut_before_parsing():
    value = "2026-03-02 " + "Monday " * 15_000  # about 100 KB
    html = page("Harbour", story(40), date=value)
    extract_html(page("Harbour", story(40), date=value[:200]), "http://n.example/warm")
    started = time.monotonic()  # dateparser compiles its locales once, on the first odd value
    extract_html(html, "http://n.example/a")
    extract_text(f"Harbour\nDate: {value}\n\n{story(41)}", "http://n.example/b")
    assert time.monotonic() - started < 1.5
