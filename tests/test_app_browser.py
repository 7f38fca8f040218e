"""End to end in a real browser: Debian's Chromium driven by Playwright against the app on a
loopback port. Add a page through the ingest panel, type a claim, wait for the verdict badge."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from tests.test_app_api import MADURO, SAMPLE, running_app, sample_store, supports_first

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
        "--disable-gpu"]

pytestmark = pytest.mark.skipif(
    not os.path.exists(CHROMIUM),
    reason=f"{CHROMIUM} is absent; install Debian's chromium (apt-get install -y chromium)",
)


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield chromium
        chromium.close()


def ask(page, claim: str, timeout_ms: int = 120_000) -> tuple[object, float]:
    """Type a claim, press Enter; the new verdict badge and the seconds it took to appear."""
    badges = page.locator("#fc-chat .fc-badge")
    before = badges.count()
    page.fill("#fc-claim textarea", claim)
    started = time.perf_counter()
    page.press("#fc-claim textarea", "Enter")
    badge = badges.nth(before)
    badge.wait_for(timeout=timeout_ms)
    return badge, time.perf_counter() - started


def offsite_requests(page, base: str) -> list[str]:
    return [u for u in page.evaluate("performance.getEntries().map(e => e.name)")
            if u.startswith("http") and not u.startswith(base)]


def test_browser_ingest_then_check(tmp_path, embedder, browser, fake_llm, server):
    fake_llm.script = supports_first
    store = sample_store(tmp_path / "store", embedder)
    story = server.add("/story.html", (SAMPLE / "2026-01-17-n26-007.html").read_bytes())
    # A loopback URL is refused unless the server allows private addresses; the page
    # has no switch for it.
    with running_app(store, embedder, backend="fake") as (url, _):
        page = browser.new_page(viewport={"width": 1400, "height": 1100})
        page.goto(url, wait_until="load", timeout=60_000)
        page.locator("#fc-stats").get_by_text("FakeModel").wait_for(timeout=60_000)
        assert page.locator("#fc-private").count() == 0
        page.fill("#fc-source textarea", story)
        page.click("#fc-add")
        page.locator("#fc-summary .fc-error").wait_for(timeout=60_000)
        assert "Private address refused" in page.locator("#fc-summary").inner_text()
    with running_app(store, embedder, backend="fake", allow_private=True) as (url, _):
        page = browser.new_page(viewport={"width": 1400, "height": 1100})
        page.goto(url, wait_until="load", timeout=60_000)
        stats = page.locator("#fc-stats")
        stats.get_by_text("FakeModel").wait_for(timeout=60_000)
        assert re.search(r"Articles\s*3", stats.inner_text())
        page.fill("#fc-source textarea", story)
        page.click("#fc-add")
        page.locator("#fc-summary").get_by_text("Added 1 articles").wait_for(timeout=60_000)
        page.locator("#fc-stats").get_by_text(re.compile(r"Articles\s*4")).wait_for()

        # Bad date: a readable message in the chat, the claim stays in the box.
        page.fill("#fc-asof textarea", "31/01/2026")
        page.fill("#fc-claim textarea", MADURO)
        page.press("#fc-claim textarea", "Enter")
        page.locator("#fc-chat .fc-error").wait_for(timeout=30_000)
        assert "use YYYY-MM-DD" in page.locator("#fc-chat .fc-error").inner_text()
        assert page.input_value("#fc-claim textarea") == MADURO

        page.fill("#fc-asof textarea", "2026-01-31")
        badge, seconds = ask(page, MADURO)
        assert badge.inner_text() == "SUPPORTED"
        assert "fc-label-SUPPORTED" in badge.get_attribute("class")
        verdict = page.locator("#fc-chat .fc-verdict").last
        link = verdict.locator("a.fc-link").first
        assert "Maduro" in link.inner_text()
        assert link.get_attribute("href").startswith("https://")  # the page's canonical URL
        assert "maduro" in link.get_attribute("href")
        assert verdict.locator("svg.fc-timeline .fc-evidence").count() >= 1
        assert re.search(r"confidence [01]\.\d\d", verdict.inner_text())
        assert offsite_requests(page, url.rstrip("/")) == []
        shot = tmp_path / "browser-verdict.png"
        page.screenshot(path=str(shot), full_page=True)
        print(f"\nscreenshot: {shot}\nsubmit -> badge (fake model): {seconds:.2f} s")
        assert shot.stat().st_size > 10_000


@pytest.mark.e2e
@pytest.mark.slow  # a measurement, not a check: run with -m slow
def test_browser_real_model_time_to_badge(tmp_path, embedder, browser):
    """The embedded GGUF through llama.cpp; prints the warm time from Enter to the badge."""
    store = sample_store(tmp_path / "store", embedder)
    with running_app(store, embedder) as (url, engine):
        engine.submit(engine.warm).result()
        page = browser.new_page(viewport={"width": 1400, "height": 1100})
        page.goto(url, wait_until="load", timeout=60_000)
        page.fill("#fc-asof textarea", "2026-01-31")
        ask(page, "About 40 people died in a New Year's fire at a bar in Crans-Montana.",
            timeout_ms=600_000)
        badge, warm = ask(page, MADURO, timeout_ms=600_000)
        assert re.search(r"fc-label-(SUPPORTED|REFUTED|NOT_ENOUGH_EVIDENCE|CONFLICTING)\b",
                         badge.get_attribute("class"))
        verdict = page.locator("#fc-chat .fc-verdict").last
        assert "SmolLM2" in verdict.inner_text() or "Smollm2" in verdict.inner_text()
        shot = Path(tmp_path / "browser-real-model.png")
        page.screenshot(path=str(shot), full_page=True)
        inside = re.search(r"retrieve (\d+) ms, model (\d+) ms", verdict.inner_text())
        library = (int(inside.group(1)) + int(inside.group(2))) / 1000
        print(f"\nscreenshot: {shot}\nsubmit -> badge (real model, warm): {warm:.2f} s, of "
              f"which check_claim (retrieve + model) {library:.2f} s, the web path "
              f"{warm - library:.2f} s")


def test_browser_japanese_claim_with_the_japanese_ui(tmp_path, embedder, browser, fake_llm):
    """A browser that asks for Japanese gets the page in Japanese, checks a Japanese claim and
    sees the badge's Japanese name; whichever the label, the canonical one stays its class."""
    from factcheck.labels import LABELS
    from factcheck.web.i18n import label_name
    from tests.test_app_japanese import SAPPORO_CLAIM, japanese_store

    store = japanese_store(tmp_path, embedder)
    names = {label_name(label, "ja") for label in LABELS}
    with running_app(store, embedder, backend="fake") as (url, _):
        page = browser.new_page(locale="ja-JP", viewport={"width": 1400, "height": 1100})
        page.goto(url, wait_until="load", timeout=60_000)
        page.locator("#fc-intro").get_by_text("手元のニュース索引").wait_for(timeout=60_000)
        stats = page.locator("#fc-stats")
        stats.get_by_text("FakeModel").wait_for(timeout=60_000)
        assert re.search(r"記事\s*1", stats.inner_text())  # rendered for the request's language
        assert page.get_by_role("button", name="確かめる").count() == 1
        assert "Claims and verdicts" not in page.locator("body").inner_text()

        page.fill("#fc-asof textarea", "2026-01-31")
        badge, _ = ask(page, SAPPORO_CLAIM)
        assert badge.inner_text() in names
        assert re.search(r"fc-label-(SUPPORTED|REFUTED|NOT_ENOUGH_EVIDENCE|CONFLICTING)\b",
                         badge.get_attribute("class"))
        verdict = page.locator("#fc-chat .fc-verdict").last
        assert "確信度" in verdict.inner_text() and "基準日 2026-01-31" in verdict.inner_text()
        assert SAPPORO_CLAIM in page.locator("#fc-chat").inner_text()
        assert offsite_requests(page, url.rstrip("/")) == []
        shot = tmp_path / "browser-japanese.png"
        page.screenshot(path=str(shot), full_page=True)
        print(f"\nscreenshot: {shot}")

    # The setting speaks Japanese to a browser that asks for English.
    with running_app(store, embedder, backend="fake", ui_language="ja") as (url, _):
        page = browser.new_page(locale="en-US", viewport={"width": 1400, "height": 1100})
        page.goto(url, wait_until="load", timeout=60_000)
        page.locator("#fc-intro").get_by_text("手元のニュース索引").wait_for(timeout=60_000)
        page.locator("#fc-stats").get_by_text("FakeModel").wait_for(timeout=60_000)
        assert re.search(r"記事\s*1", page.locator("#fc-stats").inner_text())
