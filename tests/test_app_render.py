"""The web chat's HTML: badge, evidence cards, timeline placement, escaping."""

from __future__ import annotations

import re

import pytest

from factcheck.errors import InputError
from factcheck.web.options import parse_auth
from factcheck.web.render import render_error, render_stats, render_timeline, render_verdict


def verdict(**changes) -> dict:
    data = {
        "claim": "c", "label": "REFUTED", "confidence": 0.7, "rationale": "Miami <b>not</b> NY.",
        "citations": [
            {"n": 1, "url": "https://a.example/1", "title": "A & B", "source": "a.example",
             "published": "2026-01-03T10:00:00+00:00", "snippet": "s1", "stance": "refutes"},
            {"n": 2, "url": "javascript:alert(1)", "title": "Evil", "source": "b.example",
             "published": "2025-12-01T00:00:00+00:00", "snippet": "<script>x</script>",
             "stance": "neutral"},
        ],
        "temporal": {"model_cutoff": "2024-06", "today": "2026-11-28", "as_of": "2026-01-31",
                     "claim_dates": ["2026-01-03"], "after_cutoff": True},
        "notes": ["a note"], "model": {"name": "M", "backend": "llama.cpp"},
        "timings_ms": {"retrieve": 5, "llm": 9, "total": 14},
    }
    data.update(changes)
    return data


def test_badge_cards_and_escaping():
    html = render_verdict(verdict())
    assert "class='fc-badge fc-label-REFUTED'" in html and "#cf222e" in html
    assert ">REFUTED</span>" in html and "confidence 0.70" in html
    assert "Miami &lt;b&gt;not&lt;/b&gt; NY." in html
    assert "<a class='fc-link' href='https://a.example/1'" in html and "A &amp; B" in html
    assert "javascript:" not in html and "<script>" not in html  # shown, never linked or run
    assert "a.example · 2026-01-03" in html and ">refutes</span>" in html
    assert "<li>a note</li>" in html


def test_timeline_orders_cutoff_evidence_and_as_of():
    svg = render_timeline(verdict())
    cutoff = float(re.search(r"class='fc-cutoff'[^>]*x1='([\d.]+)'", svg).group(1))
    as_of = float(re.search(r"class='fc-asof'[^>]*x1='([\d.]+)'", svg).group(1))
    ev = {int(n): float(x) for n, x in
          re.findall(r"data-n='(\d+)'[^>]*><circle cx='([\d.]+)'", svg)}
    assert cutoff < ev[2] < ev[1] < as_of  # 2024-06 < 2025-12-01 < 2026-01-03 < 2026-01-31
    assert "model cutoff 2024-06" in svg and "as of 2026-01-31" in svg
    assert "class='fc-claimday'" in svg


def test_timeline_without_evidence_or_cutoff():
    svg = render_timeline(verdict(citations=[], temporal={
        "model_cutoff": None, "today": "2026-11-28", "as_of": "2026-01-31", "claim_dates": [],
        "after_cutoff": True}))
    assert "fc-asof" in svg and "fc-cutoff" not in svg and "fc-evidence" not in svg
    html = render_verdict(verdict(citations=[], label="NOT_ENOUGH_EVIDENCE"))
    assert "No evidence cited." in html and ">NOT ENOUGH EVIDENCE</span>" in html


def test_error_and_stats_are_escaped():
    assert "&lt;img&gt;" in render_error("<img>")
    stats = {"articles": 2, "passages": 3, "date_range": ["2026-01-01", "2026-01-03"],
             "sources": {"<x>": 2}}
    html = render_stats(stats, None, "model file m.gguf not found")
    assert "&lt;x&gt; (2)" in html and "Model not loaded." in html


def test_parse_auth():
    assert parse_auth("alice:s3:cret") == ("alice", "s3:cret")
    assert parse_auth(None) is None
    for bad in ("alice", ":pw", "alice:"):
        with pytest.raises(InputError, match="USER:PASSWORD"):
            parse_auth(bad)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "FILE:///home/me/notes.txt",
                                 "javascript:alert(1)", "data:text/html,<b>x</b>", "ftp://a/b",
                                 "//evil.example/x"])
def test_only_web_urls_become_links(url):
    card = dict(verdict()["citations"][0], url=url, title="T")
    html = render_verdict(verdict(citations=[card]))
    assert "href=" not in html and "<a " not in html
    assert ">T <span" in html.replace("[1] ", "")  # the title is still shown, unlinked


@pytest.mark.parametrize("as_of, cutoff", [("0001-01-01", "2024-06"), ("9999-12-31", "2024-06"),
                                           ("9999-12-31", "9999-12"), ("0001-01-01", "0001-01")])
def test_timeline_at_the_ends_of_the_calendar(as_of, cutoff):
    temporal = {"model_cutoff": cutoff, "today": "2026-11-28", "as_of": as_of,
                "claim_dates": [as_of], "after_cutoff": True}
    svg = render_timeline(verdict(temporal=temporal))
    assert f"as of {as_of}" in svg and "fc-cutoff" in svg
