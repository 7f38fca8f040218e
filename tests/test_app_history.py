"""The web chat's history panel, reopening a past verdict, re-checks after news is added, and
the downloads: the handlers over a real engine and store, then the page in a real browser."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import gradio as gr
import pytest

from factcheck.config import load_settings
from factcheck.news.ingest import ingest
from factcheck.web.app import Handlers
from factcheck.web.engine import Engine
from factcheck.web.render import render_ingest
from tests.test_app_api import MADURO, SAMPLE, running_app, sample_store, supports_first

SHOOTING = SAMPLE / "2026-01-07-n26-005.html"
FIRE = SAMPLE / "2026-01-01-n26-003.html"
MADURO_PAGE = SAMPLE / "2026-01-03-n26-001.html"


@pytest.fixture
def handlers(tmp_path, embedder, fake_llm):
    fake_llm.script = supports_first
    engine = Engine(load_settings(store=sample_store(tmp_path / "s", embedder), backend="fake"),
                    embedder=embedder)
    yield Handlers(engine)
    engine.close()


def test_checks_show_in_the_history_and_reopen(handlers):
    verdict = handlers.check(MADURO, "2026-01-31")
    panel, update = handlers.history_view()
    assert MADURO in panel and "fc-label-SUPPORTED" in panel and "as of 2026-01-31" in panel
    [(text, check_id)] = update["choices"]
    assert text.startswith(f"#{check_id} ") and "SUPPORTED" in text
    chat = handlers.reopen(check_id, [{"role": "user", "content": "earlier"}])
    assert chat[0]["content"] == "earlier" and chat[1]["content"] == MADURO
    shown = chat[2]["content"]
    assert f"Check #{check_id} of " in shown and "fc-badge fc-label-SUPPORTED" in shown
    assert verdict["citations"][0]["url"] in shown


@pytest.mark.parametrize("pick", [None, "", "abc", True, 3.5, [1]])
def test_reopen_without_a_pick_says_what_to_do(handlers, pick):
    chat = handlers.reopen(pick, [])
    assert len(chat) == 1 and "pick a past check" in chat[0]["content"]


def test_reopen_of_a_check_that_does_not_exist(handlers):
    assert "no check #42" in handlers.reopen(42, [])[-1]["content"]


def test_the_history_downloads(handlers):
    handlers.check(MADURO, "2026-01-31")
    rows = list(csv.DictReader(open(handlers.export("CSV"), encoding="utf-8")))
    assert [r["claim"] for r in rows] == [MADURO] and rows[0]["label"] == "SUPPORTED"
    path = handlers.export("ClaimReview JSON-LD")
    assert path.endswith(".jsonld")
    [review] = json.loads(Path(path).read_text("utf-8"))
    assert review["@type"] == "ClaimReview" and review["claimReviewed"] == MADURO
    assert review["reviewRating"]["alternateName"] == "SUPPORTED"
    line = Path(handlers.export("JSON Lines")).read_text("utf-8")
    assert json.loads(line)["verdict"]["label"] == "SUPPORTED"
    with pytest.raises(gr.Error, match="pick an export format"):
        handlers.export("XML")


def test_news_added_through_the_app_rechecks_touched_claims(tmp_path, embedder, fake_llm):
    settings = load_settings(store=str(tmp_path / "s"), backend="fake")
    ingest([str(FIRE), str(SHOOTING)], settings, embedder=embedder)
    engine = Engine(settings, embedder=embedder)
    try:
        engine.submit(engine.check, MADURO, "2026-01-31", None).result()
        assert engine.submit(engine.history).result()[0]["label"] == "NOT_ENOUGH_EVIDENCE"
        fake_llm.script = supports_first
        # What the ingest job does after fetching: the new article, then the re-check.
        engine.submit(lambda: ingest([str(MADURO_PAGE)], settings, store=engine.store,
                                     embedder=engine.embedder)).result()
        recheck = engine.submit(engine.recheck).result()
        assert recheck["touched"] == 1 and recheck["changed"][0]["to"] == "SUPPORTED"
        rows = engine.submit(engine.history).result()
        assert [r["label"] for r in rows] == ["SUPPORTED", "NOT_ENOUGH_EVIDENCE"]
        assert rows[0]["change"].startswith("NOT_ENOUGH_EVIDENCE on ")
        assert [r["status"] for r in rows] == ["current", "superseded"]
    finally:
        engine.close()
    summary = render_ingest({"added": 1, "passages_added": 2, "unchanged": 0, "skipped": [],
                             "failed": [], "articles": [], "recheck": recheck})
    assert "re-checked 1 saved claim(s)" in summary and "1 changed" in summary
    assert "SUPPORTED since" in summary


@pytest.mark.skipif(not os.path.exists("/usr/bin/chromium"), reason="no /usr/bin/chromium")
def test_browser_reopens_a_past_verdict_and_downloads(tmp_path, embedder, fake_llm):
    from playwright.sync_api import sync_playwright

    from tests.test_app_browser import ARGS, CHROMIUM, ask

    fake_llm.script = supports_first
    store = sample_store(tmp_path / "store", embedder)
    with running_app(store, embedder, backend="fake") as (url, _), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1400})
        page.goto(url, wait_until="load", timeout=60_000)
        page.locator("#fc-stats").get_by_text("FakeModel").wait_for(timeout=60_000)
        page.fill("#fc-asof textarea", "2026-01-31")
        ask(page, MADURO)
        page.get_by_text("History", exact=True).click()
        page.locator("#fc-history").get_by_text(MADURO).wait_for(timeout=30_000)
        page.locator("#fc-history-pick input").click()
        page.get_by_role("option").first.click()
        page.click("#fc-reopen")
        page.locator("#fc-chat .fc-badge").nth(1).wait_for(timeout=30_000)
        assert page.locator("#fc-chat .fc-past").count() == 1
        page.get_by_label("CSV").check()
        page.click("#fc-export")
        link = page.locator("#fc-download a").first
        link.wait_for(timeout=30_000)
        assert "factcheck-history.csv" in (link.get_attribute("href") or "")
        browser.close()
