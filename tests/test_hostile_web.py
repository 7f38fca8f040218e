"""The web app as a stranger would use it: raw calls to Gradio's HTTP API with whatever payload
they like. What a visitor may change is decided on the server: the ingest panel cannot switch off
the address guard, no endpoint takes a model path or a cutoff, and --auth guards the API as
well as the page."""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Iterator

import httpx
import pytest

from factcheck.config import load_settings
from factcheck.web.app import Handlers, build_app, launch
from factcheck.web.engine import Engine
from tests.conftest import invoke
from tests.test_app_api import MADURO, SAMPLE, free_port, running_app, sample_store

PAGE = (SAMPLE / "2026-01-17-n26-007.html").read_bytes()


@pytest.fixture
def page_url(server) -> str:
    """One news page on 127.0.0.1; ``server.hits`` says how often it was fetched."""
    return server.add("/story.html", PAGE)


@pytest.fixture(scope="module")
def store(tmp_path_factory, embedder) -> str:
    return sample_store(tmp_path_factory.mktemp("hostile") / "store", embedder)


@pytest.fixture(scope="module")
def served(store, embedder) -> Iterator[tuple[str, Engine]]:
    """The app as `factcheck app` serves it by default: private addresses refused."""
    with running_app(store, embedder, backend="fake") as (url, engine):
        yield url.rstrip("/"), engine


def config(base: str, **kwargs) -> dict:
    response = httpx.get(base + "/config", timeout=10, **kwargs)
    response.raise_for_status()
    return response.json()


def components(cfg: dict) -> dict[int, dict]:
    return {c["id"]: c for c in cfg["components"]}


def fn_index(cfg: dict, elem_id: str) -> int:
    """The event a button (by elem_id) triggers, as the browser addresses it."""
    ids = {cid for cid, c in components(cfg).items() if c["props"].get("elem_id") == elem_id}
    for index, dep in enumerate(cfg["dependencies"]):
        if any(target[0] in ids for target in dep["targets"]):
            return dep.get("id", index)
    raise AssertionError(f"no event for {elem_id}")


def queue_call(base: str, fn: int, data: list, timeout: float = 60, **kwargs) -> dict:
    """Gradio's queue API, called as a script would call it: join, then read the event stream
    to the end. Returns the last message (``process_completed``), or the HTTP refusal."""
    session = uuid.uuid4().hex
    joined = httpx.post(base + "/gradio_api/queue/join", timeout=10, json={
        "data": data, "fn_index": fn, "session_hash": session, "trigger_id": None,
        "event_data": None}, **kwargs)
    if joined.status_code != 200:
        return {"msg": "refused", "status": joined.status_code, "detail": joined.text}
    last: dict = {}
    with httpx.stream("GET", base + "/gradio_api/queue/data", params={"session_hash": session},
                      timeout=timeout, **kwargs) as stream:
        for line in stream.iter_lines():
            if line.startswith("data:"):
                last = json.loads(line[5:])
                if last.get("msg") in ("process_completed", "close_stream", "unexpected_error"):
                    break
    return last


def api_call(base: str, data: list, timeout: float = 60, **kwargs) -> tuple[str, object]:
    """The `check` endpoint over plain HTTP: ("complete", verdict) or ("error", message)."""
    posted = httpx.post(base + "/gradio_api/call/check", json={"data": data}, timeout=10,
                        **kwargs)
    if posted.status_code != 200:
        return "refused", posted.status_code
    event_id = posted.json()["event_id"]
    event = None
    with httpx.stream("GET", f"{base}/gradio_api/call/check/{event_id}", timeout=timeout,
                      **kwargs) as stream:
        for line in stream.iter_lines():
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line.startswith("data:") and event in ("complete", "error"):
                payload = json.loads(line[5:])
                return event, payload[0] if event == "complete" and payload else payload
    return "none", None


# -- the address guard is the server's ------------------------------------------------------
def articles(engine: Engine) -> int:
    return engine.submit(engine.stats).result()["articles"]


@pytest.mark.parametrize("data", [
    "url-and-allow",  # what the old page sent with its "allow private addresses" box ticked
    "url-only",
])
def test_raw_queue_call_cannot_fetch_a_private_address(served, server, page_url, data):
    base, engine = served
    payload = [page_url, True] if data == "url-and-allow" else [page_url]
    before = articles(engine)
    outcome = queue_call(base, fn_index(config(base), "fc-add"), payload)
    assert server.hits == {}, outcome
    assert articles(engine) == before
    if data == "url-only":
        shown = json.dumps(outcome)
        assert "Private address refused" in shown and "--allow-private" in shown


def test_server_setting_allows_private_addresses(store, embedder, server, page_url, fake_llm):
    """Only whoever runs the app (--allow-private, the settings file) can allow them."""
    with running_app(store, embedder, backend="fake", allow_private=True) as (url, engine):
        before = articles(engine)
        steps = list(Handlers(engine).add_news(page_url))
        assert "Added 1 articles" in steps[-1][1]
        assert server.hits == {"/story.html": 1} and articles(engine) == before + 1
        shown = config(url.rstrip("/"))
    settings = next(c for c in shown["components"]
                    if c["props"].get("elem_id") == "fc-server-settings")
    assert "fetched (--allow-private)" in settings["props"]["value"]


def test_no_endpoint_takes_a_server_setting(served):
    """Every input any event accepts is the visitor's own: claim, as-of day, per-check top-k,
    the chat history, the URLs to add, a past check to reopen, an export format. No model path,
    cutoff or address switch."""
    cfg = config(served[0])
    comps = components(cfg)
    allowed = {"fc-claim", "fc-asof", "fc-chat", "fc-source", "fc-topk", "fc-history-pick",
               "fc-export-format"}
    for dep in cfg["dependencies"]:
        if dep.get("api_name") == "check":  # gr.api: the claim and the as-of day
            assert len(dep["inputs"]) == 2
            continue
        for cid in dep["inputs"]:
            assert comps[cid]["props"].get("elem_id") in allowed, comps[cid]
    ids = {c["props"].get("elem_id") for c in comps.values()}
    assert not ids & {"fc-model", "fc-cutoff", "fc-private", "fc-apply"}
    assert not any(c["type"] == "checkbox" for c in comps.values())
    shown = next(c for c in comps.values() if c["props"].get("elem_id") == "fc-server-settings")
    assert "Private addresses" in shown["props"]["value"] and "refused" in shown["props"]["value"]
    assert not hasattr(Engine, "configure")


def test_cli_app_takes_allow_private():
    code, help_text, _ = invoke("app", "--help")
    assert code == 0 and "--allow-private" in help_text


# -- --auth guards the API -----------------------------------------------------------------
@contextlib.contextmanager
def app_with_auth(store: str, embedder) -> Iterator[str]:
    engine = Engine(load_settings(store=store, backend="fake"), embedder=embedder)
    app = build_app(engine)
    url = launch(app, "127.0.0.1", free_port(), ("alice", "s3cret"), block=False)
    try:
        yield url.rstrip("/")
    finally:
        app.close()
        engine.close()


def test_auth_guards_the_api_as_well_as_the_page(store, embedder, fake_llm):
    from gradio_client import Client

    with app_with_auth(store, embedder) as base:
        assert api_call(base, [MADURO, "2026-01-31"]) == ("refused", 401)
        refused = queue_call(base, 0, [MADURO, [], "2026-01-31", 5])
        assert refused["msg"] == "refused" and refused["status"] == 401
        for path in ("/config", "/gradio_api/info", "/gradio_api/openapi.json"):
            assert httpx.get(base + path, timeout=10).status_code == 401, path
        with pytest.raises(Exception):  # noqa: B017 (whatever the client raises, it gets nothing)
            Client(base, verbose=False).predict(MADURO, "2026-01-31", api_name="/check")

        data = Client(base, auth=("alice", "s3cret"), verbose=False).predict(
            MADURO, "2026-01-31", api_name="/check")
        assert data["label"] in {"SUPPORTED", "NOT_ENOUGH_EVIDENCE"}
        login = httpx.post(base + "/login", data={"username": "alice", "password": "s3cret"})
        status, verdict = api_call(base, [MADURO, "2026-01-31"], cookies=login.cookies)
        assert status == "complete" and verdict["claim"] == MADURO


# -- wrong types and odd values get a clear message ------------------------------------------
@pytest.mark.parametrize("data, expected", [
    ([123, "2026-01-31"], "the claim must be text, not int"),
    ([["a", "list"], None], "the claim must be text, not list"),
    ([{"claim": MADURO}, None], "the claim must be text, not dict"),
    ([MADURO, 20260131], "the as-of date must be text"),
    ([MADURO, ["2026-01-31"]], "the as-of date must be text"),
    ([MADURO, "2026-02-30"], "is not a date; use YYYY-MM-DD"),
    ([MADURO, "9" * 500], "is not a date; use YYYY-MM-DD"),
    ([None, None], "the claim is empty"),
])
def test_check_api_wrong_types_are_a_clear_error(served, fake_llm, data, expected):
    status, message = api_call(served[0], data)
    assert status == "error", message
    assert expected in str(message) and "unexpected" not in str(message)


@pytest.mark.parametrize("as_of", ["0001-01-01", "9999-12-31"])
def test_chat_survives_the_ends_of_the_calendar(served, fake_llm, as_of):
    history, _ = list(Handlers(served[1]).respond(MADURO, [], as_of, 5))[-1]
    shown = history[-1]["content"]
    assert "class='fc-verdict'" in shown, shown
    assert f"as of {as_of}" in shown and "unexpected" not in shown


@pytest.mark.parametrize("top_k, expected", [
    (0, "out of range"), (500, "out of range"), ("five", "a number"), (float("nan"), "a number"),
])
def test_chat_top_k_is_checked_on_the_server(served, top_k, expected):
    steps = list(Handlers(served[1]).respond(MADURO, [], "2026-01-31", top_k))
    assert len(steps) == 1
    assert expected in steps[0][0][-1]["content"]
