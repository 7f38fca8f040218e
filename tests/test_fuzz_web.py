"""Property-based fuzzing of the web app's entry points with whatever a client can send: the
`check` API (in process and over HTTP), the chat handler and the ingest panel. Every answer is
a verdict or a clear message; "unexpected" (the app's last-resort wrapper) never reaches the
visitor, and nothing is fetched from the network (sources are junk or private IP literals,
which the address guard refuses before any connection)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import gradio as gr
import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.dates import parse_day
from factcheck.web.app import Handlers
from factcheck.web.engine import Engine
from tests.test_app_api import MADURO, running_app, sample_store
from tests.test_fuzz_claims import CLAIM_TEXT, FUZZ, ISO

JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
              st.text(max_size=30)),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=8,
)
CLAIM = st.one_of(CLAIM_TEXT, st.just(MADURO), JSON)
AS_OF = st.one_of(st.none(), ISO, st.sampled_from(["", " ", "0001-01-01", "9999-12-31",
                                                   "2026-01-31", "31/01/2026"]), JSON)
LABELS = {"SUPPORTED", "REFUTED", "NOT_ENOUGH_EVIDENCE", "CONFLICTING"}


def quick_check(claim: str, as_of: str | None, top_k: int | None) -> dict:
    """The engine's check without retrieval and judging (fuzzed on their own in
    test_fuzz_claims): the day is parsed as the real one parses it, the verdict is canned."""
    day = parse_day(as_of or None, what="the as-of date").isoformat()
    assert isinstance(claim, str) and (top_k is None or 1 <= top_k <= 20)
    return {"claim": claim, "label": "NOT_ENOUGH_EVIDENCE", "confidence": 0.5, "rationale": "",
            "citations": [], "notes": [], "model": {"name": "FakeModel", "backend": "fake"},
            "temporal": {"model_cutoff": "2024-06", "today": "2026-11-28", "as_of": day,
                         "claim_dates": [], "after_cutoff": True},
            "timings_ms": {}, "parts": [], "judges": {}}


@pytest.fixture(scope="module")
def served(tmp_path_factory, embedder) -> Iterator[tuple[str, Engine]]:
    store = sample_store(tmp_path_factory.mktemp("fuzzweb") / "store", embedder)
    with running_app(store, embedder, backend="fake") as (url, engine):
        engine.check = quick_check
        yield url.rstrip("/"), engine


@settings(max_examples=150, **FUZZ)
@given(claim=CLAIM, as_of=AS_OF)
def test_check_endpoint_any_payload(served, fake_llm, claim, as_of):
    try:
        data = Handlers(served[1]).check(claim, as_of)
    except gr.Error as exc:
        assert not str(exc.message).startswith("unexpected"), exc.message
        return
    assert data["label"] in LABELS


@settings(max_examples=100, **FUZZ)
@given(message=CLAIM, history=st.one_of(st.none(), JSON), as_of=AS_OF,
       top_k=st.one_of(st.none(), st.integers(-5, 30), st.floats(), st.text(max_size=4), JSON))
def test_chat_any_payload(served, fake_llm, message, history, as_of, top_k):
    for history_out, kept in Handlers(served[1]).respond(message, history, as_of, top_k):
        assert isinstance(history_out, list) and isinstance(kept, str)
        assert "unexpected" not in history_out[-1]["content"], history_out[-1]["content"]


PRIVATE = st.sampled_from(["http://127.0.0.1:9/feed.xml", "http://[::1]:9/x",
                           "http://10.0.0.1/a", "http://169.254.169.254/latest/meta-data",
                           "https://192.168.1.1/rss", "http://0.0.0.0:9/"])
SOURCES = st.one_of(
    st.lists(st.one_of(PRIVATE, st.text(max_size=20), st.sampled_from(
        ["file:///etc/passwd", "javascript:alert(1)", "ftp://x/y", "/etc/passwd"])),
        max_size=4).map("\n".join),
    JSON,
)


@settings(max_examples=60, **FUZZ)
@given(SOURCES)
def test_ingest_panel_any_payload(served, sources):
    before = served[1].submit(served[1].stats).result()["articles"]
    for progress, summary, _ in Handlers(served[1]).add_news(sources):
        assert "unexpected" not in progress + summary
    assert served[1].submit(served[1].stats).result()["articles"] == before


@settings(max_examples=30, **FUZZ)
@given(body=st.one_of(
    st.builds(lambda a, b: {"data": [a, b]}, CLAIM, AS_OF),
    st.builds(lambda d: {"data": d}, JSON),
    JSON,
))
def test_check_over_http_any_body(served, fake_llm, body):
    """Raw HTTP: a malformed body is a 4xx; a call is a verdict or a clear error event."""
    base = served[0]
    posted = httpx.post(base + "/gradio_api/call/check", content=json.dumps(body),
                        headers={"Content-Type": "application/json"}, timeout=30)
    assert posted.status_code < 500, posted.text
    if posted.status_code != 200:
        return
    event_id = posted.json()["event_id"]
    event = None
    with httpx.stream("GET", f"{base}/gradio_api/call/check/{event_id}", timeout=60) as resp:
        for line in resp.iter_lines():
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line.startswith("data:") and event in ("complete", "error"):
                payload = line[5:].strip()
                assert "unexpected" not in payload, payload
                if event == "complete":
                    assert json.loads(payload)[0]["label"] in LABELS
                return
