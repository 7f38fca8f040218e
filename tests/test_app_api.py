"""The web app over a real Gradio server on loopback: the `check` API endpoint through
gradio_client, the chat's streamed status lines, and the page's answers to bad input.
The scripted fake model serves most tests; test_check_endpoint_real_model runs llama.cpp."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from factcheck.config import load_settings
from factcheck.news.ingest import ingest
from factcheck.web.app import Handlers, build_app, launch
from factcheck.web.engine import Engine
from tests.conftest import trusted

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "evals" / "data" / "sample"
ARTICLES = ["2026-01-01-n26-003.html", "2026-01-03-n26-001.html", "2026-01-07-n26-005.html"]
MADURO = "US special forces seized Nicolás Maduro in a raid on Caracas."
LABELS = {"SUPPORTED", "REFUTED", "NOT_ENOUGH_EVIDENCE", "CONFLICTING"}
CONTRACT = {"claim", "label", "confidence", "rationale", "citations", "temporal", "notes",
            "model", "timings_ms", "parts", "judges"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def listening_addresses(port: int) -> set[str]:
    """Local IPv4 addresses (hex, as /proc/net/tcp writes them) listening on ``port``."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        addr, hex_port = local.split(":")
        if state == "0A" and int(hex_port, 16) == port:
            found.add(addr)
    return found


def sample_store(path: Path, embedder) -> str:
    """A store holding three sample articles (Crans-Montana, Maduro, Minneapolis)."""
    settings = load_settings(store=str(path))
    report = ingest([str(SAMPLE / name) for name in ARTICLES], settings, embedder=embedder)
    assert len(report.added) == 3, report.to_dict()
    return str(path)


@contextlib.contextmanager
def running_app(store: str, embedder, **settings) -> Iterator[tuple[str, Engine]]:
    """The app served by a real Gradio server on a free loopback port, in this process."""
    engine = Engine(load_settings(store=store, **settings), embedder=embedder)
    app = build_app(engine)
    url = launch(app, "127.0.0.1", free_port(), block=False)
    try:
        yield url, engine
    finally:
        app.close()
        engine.close()


def supports_first(messages) -> dict:
    return {"label": "SUPPORTED", "confidence": 0.8, "rationale": "The raid is reported.",
            "citations": [{"n": 1, "stance": "supports"}]}


@pytest.fixture(scope="module")
def store(tmp_path_factory, embedder) -> str:
    return sample_store(tmp_path_factory.mktemp("app") / "store", embedder)


@pytest.fixture(scope="module")
def fake_app(store, embedder) -> Iterator[tuple[str, Engine]]:
    with running_app(store, embedder, backend="fake") as served:
        yield served


@pytest.fixture(scope="module")
def client(fake_app):
    from gradio_client import Client

    return Client(fake_app[0], verbose=False)


def test_check_endpoint_returns_the_verdict_contract(client, fake_llm, store):
    fake_llm.script = supports_first
    with trusted(store, 0.3):  # a model with a say in the verdict is asked
        data = client.predict(MADURO, "2026-01-31", api_name="/check")
    assert set(data) == CONTRACT
    assert data["label"] == "SUPPORTED" and 0.5 < data["confidence"] <= 1.0
    assert data["judges"]["llm"] == {"label": "SUPPORTED", "confidence": 0.8,
                                     "rationale": "The raid is reported.",
                                     "citations": [{"n": 1, "stance": "supports"}]}
    assert data["judges"]["combination"]["weights"] == {"alignment": 0.7, "llm": 0.3}
    assert data["temporal"]["as_of"] == "2026-01-31"
    assert "Maduro" in data["citations"][0]["title"]
    assert data["citations"][0]["published"].startswith("2026-01-03")
    assert data["citations"][0]["stance"] == "supports"
    assert len(fake_llm.calls) == 1


def test_check_endpoint_does_not_wait_for_an_uncalibrated_model(client, fake_llm):
    fake_llm.script = supports_first
    data = client.predict(MADURO, "2026-01-31", api_name="/check")
    assert data["label"] == "SUPPORTED"  # the evidence decides
    assert "llm" not in data["judges"] and fake_llm.calls == []
    assert any("not calibrated" in n and "factcheck calibrate" in n for n in data["notes"])


def test_check_endpoint_as_of_hides_later_news(client, fake_llm):
    fake_llm.script = supports_first
    data = client.predict(MADURO, "2026-01-02", api_name="/check")
    assert data["temporal"]["as_of"] == "2026-01-02"
    assert all(c["published"][:10] <= "2026-01-02" for c in data["citations"])
    assert not any("Maduro" in c["title"] for c in data["citations"])


def test_check_endpoint_as_of_is_optional(client, fake_llm):
    data = client.predict(MADURO, api_name="/check")
    assert data["temporal"]["as_of"] == data["temporal"]["today"]


@pytest.mark.parametrize("claim, as_of, expected", [
    ("   ", "", "empty"),
    (MADURO, "31/01/2026", "YYYY-MM-DD"),
    ("x" * 2500, "", "over 2000"),
])
def test_check_endpoint_bad_input_is_a_readable_error(client, fake_llm, claim, as_of, expected):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError) as err:
        client.predict(claim, as_of, api_name="/check")
    assert expected in str(err.value)
    assert client.predict(MADURO, "2026-01-31", api_name="/check")["label"]  # still serving


def test_requests_queue_one_at_a_time(fake_app, client, fake_llm, store):
    """Several clients at once: the model never runs two generations together."""
    import threading

    running, overlaps = [0], []
    lock = threading.Lock()

    def slow(messages):
        with lock:
            running[0] += 1
            overlaps.append(running[0])
        time.sleep(0.3)
        with lock:
            running[0] -= 1
        return supports_first(messages)

    fake_llm.script = slow
    with trusted(store, 0.3):
        jobs = [client.submit(MADURO, "2026-01-31", api_name="/check") for _ in range(4)]
        labels = [job.result(timeout=60)["label"] for job in jobs]
    assert labels == ["SUPPORTED"] * 4
    assert max(overlaps) == 1 and len(overlaps) == 4


# -- the page's handlers: what a user sees --------------------------------------------------
def test_chat_shows_the_badge_before_the_models_reading(fake_app, fake_llm):
    """An uncalibrated model has no say: the badge and evidence come first, with no model
    call behind them; the model's reading streams in after, labelled as the model's."""
    answers_at = []

    def refutes(messages):
        answers_at.append(len(shown))
        return {"label": "REFUTED", "confidence": 0.6, "rationale": "Another city.",
                "citations": [{"n": 1, "stance": "refutes"}]}

    fake_llm.script = refutes
    steps = Handlers(fake_app[1]).respond(MADURO, [], "2026-01-31", 3)
    shown, history = [], []
    for history, _ in steps:  # each step as the page receives it
        shown.append(history[-1]["content"])
    assert "Waiting for the index" in shown[0]
    assert any("Searching the news index" in s for s in shown)
    first_badge = next(i for i, s in enumerate(shown) if "class='fc-badge" in s)
    assert "class='fc-reading'" not in shown[first_badge]
    assert answers_at and answers_at[0] > first_badge  # the model ran after the badge showed
    assert any("is reading the evidence" in s for s in shown[first_badge:])
    final = shown[-1]
    assert "class='fc-badge fc-label-SUPPORTED'" in final  # the verdict did not follow it
    assert "class='fc-timeline'" in final and "class='fc-evidence'" in final
    reading = final[final.index("class='fc-reading'"):]
    assert "The model's reading: FakeModel" in reading and "not part of the verdict" in reading
    assert "REFUTED" in reading and "Another city." in reading
    assert history[0] == {"role": "user", "content": MADURO}


def test_chat_a_weighted_model_judges_before_the_badge(fake_app, fake_llm, store):
    fake_llm.script = supports_first
    with trusted(store, 0.3):
        shown = [h[-1]["content"] for h, _ in
                 Handlers(fake_app[1]).respond(MADURO, [], "2026-01-31", 3)]
    judging = next(i for i, s in enumerate(shown) if "is judging the claim" in s)
    assert judging < next(i for i, s in enumerate(shown) if "class='fc-badge" in s)
    assert "class='fc-reading'" not in shown[-1] and len(fake_llm.calls) == 1


@pytest.mark.parametrize("claim, as_of, expected", [
    ("", "", "the claim is empty; type a claim"),
    (MADURO, "next tuesday", "the as-of date 'next tuesday' is not a date; use YYYY-MM-DD"),
])
def test_chat_bad_input_shows_an_error_and_keeps_the_text(fake_app, claim, as_of, expected):
    steps = list(Handlers(fake_app[1]).respond(claim, [], as_of, 5))
    history, kept = steps[-1]
    assert len(steps) == 1 and kept == claim
    assert "class='fc-error'" in history[-1]["content"]
    assert expected in history[-1]["content"].replace("&#x27;", "'")


def test_chat_model_failure_is_shown_not_raised(fake_app, fake_llm):
    def boom(messages):
        raise RuntimeError("llama_decode returned -1")

    fake_llm.script = boom
    history, _ = list(Handlers(fake_app[1]).respond(MADURO, [], "2026-01-31", 5))[-1]
    shown = history[-1]["content"]
    assert "unexpected RuntimeError: llama_decode returned -1" in shown
    # The model failed after the verdict, which stands.
    assert "class='fc-badge fc-label-SUPPORTED'" in shown
    assert "The model&#x27;s reading failed (the verdict above stands)." in shown


@pytest.mark.parametrize("source, expected", [
    ("", "paste a feed or article URL first"),
    ("/etc/passwd", "is not an http:// or https:// URL"),
    ("ftp://example.org/feed", "is not an http:// or https:// URL"),
])
def test_ingest_panel_rejects_bad_sources(fake_app, source, expected):
    steps = list(Handlers(fake_app[1]).add_news(source))
    assert len(steps) == 1
    assert expected in steps[0][1] and "Nothing added." in steps[0][1]


def test_ingest_panel_refuses_private_address_unless_the_server_allows(fake_app, server,
                                                                       store, embedder):
    page = (SAMPLE / "2026-01-17-n26-007.html").read_bytes()
    url = server.add("/story.html", page)
    refused = list(Handlers(fake_app[1]).add_news(url))[-1][1]
    assert "Added 0 articles" in refused and "failed 1." in refused
    assert "a loopback address" in refused
    assert "Private address refused.</b> This server does not fetch" in refused
    assert "--allow-private" in refused
    with running_app(store, embedder, backend="fake", allow_private=True) as (_, engine):
        steps = list(Handlers(engine).add_news(url))
    progress, summary, stats = steps[-1]
    assert "Added 1 articles" in summary and "failed 0" in summary
    assert "added:" in progress  # the streamed progress lines
    assert "<th style='text-align:left;padding-right:8px'>Articles</th><td>4</td>" in stats


@pytest.mark.e2e
def test_check_endpoint_real_model(store, embedder):
    """gradio_client -> Gradio -> engine -> the embedded SmolLM2 GGUF through llama.cpp."""
    from gradio_client import Client

    with running_app(store, embedder) as (url, engine):
        data = Client(url, verbose=False).predict(MADURO, "2026-01-31", api_name="/check")
    assert set(data) == CONTRACT and data["label"] in LABELS
    assert data["model"]["backend"] == "llama.cpp"
    assert data["temporal"]["model_cutoff"] == "2024-06" and data["temporal"]["after_cutoff"]
    assert all(c["published"][:10] <= "2026-01-31" for c in data["citations"])


def test_cli_refuses_bad_auth():
    proc = subprocess.run([sys.executable, "app.py", "--auth", "alice"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "--auth must be USER:PASSWORD" in proc.stderr


def test_cli_refuses_a_busy_port():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = subprocess.run([sys.executable, "app.py", "--port", str(port)], cwd=ROOT,
                              capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_app_py_serves_on_loopback_with_auth(store, tmp_path):
    """`python app.py` binds 127.0.0.1 on FACTCHECK_PORT and asks for the login."""
    import httpx

    port = free_port()
    env = {**os.environ, "FACTCHECK_PORT": str(port), "FACTCHECK_STORE": store,
           "PYTHONPATH": str(ROOT)}
    log = (tmp_path / "app.log").open("w")
    proc = subprocess.Popen([sys.executable, "app.py", "--auth", "alice:s3cret"], cwd=ROOT,
                            env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(240):
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(base + "/config", timeout=2).status_code in (200, 401):
                    break
            assert proc.poll() is None, (tmp_path / "app.log").read_text()
            time.sleep(0.5)
        assert httpx.get(base + "/config", timeout=5).status_code == 401
        login = httpx.post(base + "/login", data={"username": "alice", "password": "s3cret"})
        assert login.status_code == 200
        assert httpx.post(base + "/login", data={"username": "alice", "password": "x"}
                          ).status_code == 400
        assert listening_addresses(port) == {"0100007F"}  # 127.0.0.1 only
    finally:
        proc.terminate()
        proc.wait(timeout=30)
