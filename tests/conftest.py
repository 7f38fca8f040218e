from __future__ import annotations

import contextlib
import json
import os
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
from tests.loopback import LoopbackServer  # noqa: E402

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
FAKE_IDENTITY = "fake:FakeModel"  # what the fake's calibration is saved under (no identity)


@contextlib.contextmanager
def trusted(store: str, weight: float, temperature: float = 1.0) -> Iterator[None]:
    """The fake model calibrated in ``store`` with ``weight`` while the block runs."""
    from factcheck import trust
    from factcheck.store import Store

    db = Store(store)
    trust.save(db, {"identity": FAKE_IDENTITY, "model": "FakeModel", "weight": weight,
                    "temperature": temperature})
    try:
        yield
    finally:
        trust.forget(db, FAKE_IDENTITY)
        db.close()


@pytest.fixture
def fake_llm() -> Iterator[FakeBackend]:
    """The scripted fake model, selected with Settings(backend="fake") or FACTCHECK_BACKEND=fake."""
    _FAKE.__init__()
    yield _FAKE


@pytest.fixture(scope="session")
def embedder():
    from factcheck.embed import Embedder

    return Embedder()


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
    """A loopback HTTP server for this test (tests/loopback.py)."""
    srv = LoopbackServer()
    yield srv
    srv.close()


@pytest.fixture
def events() -> list[dict]:
    return load_events()


@pytest.fixture(scope="session")
def pg_cluster(tmp_path_factory):
    """A throwaway PostgreSQL cluster on 127.0.0.1 for the session (tests/servers.py)."""
    from tests.servers import PostgresCluster, pg_bin

    if not (pg_bin("initdb") and pg_bin("pg_ctl")):
        pytest.skip("PostgreSQL's initdb and pg_ctl are not installed; install Debian's "
                    "postgresql package (.ci/run does)")
    cluster = PostgresCluster(tmp_path_factory.mktemp("postgres"))
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory):
    """``chroma run`` on 127.0.0.1 for the session (tests/servers.py)."""
    from tests.servers import ChromaServer, chroma_bin

    if chroma_bin() is None:
        pytest.skip("the chroma command (from the chromadb package) is not installed")
    srv = ChromaServer(tmp_path_factory.mktemp("chroma"))
    yield srv
    srv.stop()


ENGINES = ["embedded", "server"]


def engine_settings(request, engine: str) -> dict[str, str]:
    """Settings overrides for a store on ``engine``: nothing for the embedded store; a new
    database on the test cluster and a new collection on the test Chroma server for the server
    store."""
    if engine == "embedded":
        return {}
    return {"store_url": request.getfixturevalue("pg_cluster").new_database(),
            "chroma_url": request.getfixturevalue("chroma_server").new_collection()}


@pytest.fixture(params=ENGINES)
def engine(request) -> dict[str, str]:
    """Each test using it runs on the embedded store and on the server store."""
    return engine_settings(request, request.param)
