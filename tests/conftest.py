from __future__ import annotations

import http.server
import json
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["ANONYMIZED_TELEMETRY"] = "False"
for key in list(os.environ):
    if key.startswith("FACTCHECK_"):
        del os.environ[key]

from factcheck.llm import Generation, register_backend  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATASET = ROOT / "evals" / "data" / "news2026_dev.jsonl"


def load_events() -> list[dict]:
    return [json.loads(line) for line in DATASET.read_text("utf-8").splitlines() if line.strip()]


class FakeBackend:
    """A scripted model: ``script(messages) -> answer dict or raw string``."""

    backend = "fake"
    name = "FakeModel"
    metadata = {"general.name": "SmolLM2 fake"}
    n_ctx = 4096
    path = "fake-smollm2.gguf"

    def __init__(self) -> None:
        self.script: Callable[[list[dict]], object] = lambda messages: {
            "label": "NOT_ENOUGH_EVIDENCE", "confidence": 0.5, "rationale": "", "citations": []
        }
        self.calls: list[list[dict]] = []

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def generate_json(self, messages, schema, max_tokens):
        self.calls.append(messages)
        answer = self.script(messages)
        text = answer if isinstance(answer, str) else json.dumps(answer)
        return Generation(text=text, prompt_tokens=sum(len(m["content"].split()) for m in messages))


_FAKE = FakeBackend()
register_backend("fake", lambda settings: _FAKE)


@pytest.fixture
def fake_llm() -> Iterator[FakeBackend]:
    """The scripted fake model, selected with Settings(backend="fake") or FACTCHECK_BACKEND=fake."""
    _FAKE.__init__()
    yield _FAKE


@pytest.fixture(scope="session")
def embedder():
    from factcheck.embed import Embedder

    return Embedder()


class LoopbackServer:
    """Serves a dict of path -> (status, headers, body) on 127.0.0.1."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, dict[str, str], bytes]] = {}
        routes = self.routes

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                status, headers, body = routes.get(
                    self.path, (404, {"Content-Type": "text/plain"}, b"not found")
                )
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def add(self, path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8",
            status: int = 200, headers: dict[str, str] | None = None) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = (status, {"Content-Type": content_type, **(headers or {})}, data)
        return self.base + path

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def invoke(*args: str) -> tuple[int, str, str]:
    """``factcheck ARGS`` in this process, through click's test runner: (exit status, stdout,
    stderr). An exception the command lets through is raised here."""
    from click.testing import CliRunner

    from factcheck.cli import cli

    result = CliRunner().invoke(cli, list(args), prog_name="factcheck")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    srv = LoopbackServer()
    yield srv
    srv.close()


@pytest.fixture
def events() -> list[dict]:
    return load_events()
