"""The OpenAI-compatible backend against a real server: llama-cpp-python's own
(``python -m llama_cpp.server``, the ``server`` extra) serving the embedded SmolLM2 GGUF on
127.0.0.1. Claims are checked through it from the command line, and a server killed while it
answers ends the check with one line and exit status 1."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from factcheck.llm.llamacpp import default_model_path
from tests.conftest import ROOT
from tests.test_app_api import MADURO, sample_store

pytestmark = pytest.mark.e2e

LABELS = {"SUPPORTED", "REFUTED", "NOT_ENOUGH_EVIDENCE", "CONFLICTING"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ModelServer:
    """``python -m llama_cpp.server`` on a free loopback port, until ``stop()``."""

    def __init__(self, log: Path) -> None:
        pytest.importorskip("sse_starlette", reason="needs llama-cpp-python[server]")
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        self.model = default_model_path()
        self.log = log.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "llama_cpp.server", "--model", self.model, "--host",
             "127.0.0.1", "--port", str(self.port), "--n_ctx", "4096", "--n_threads", "2"],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, log.read_text(errors="replace")[-2000:]
            try:
                if httpx.get(f"{self.base_url}/models", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.3)
        self.stop()
        pytest.fail("llama_cpp.server did not start within 180 s")

    def cpu_seconds(self) -> float:
        """CPU time the server has used: it rises once a chat request is being answered."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=30)
        self.log.close()


@pytest.fixture(scope="module")
def store(tmp_path_factory, embedder) -> str:
    return sample_store(tmp_path_factory.mktemp("served") / "store", embedder)


@pytest.fixture(scope="module")
def model_server(tmp_path_factory) -> Iterator[ModelServer]:
    server = ModelServer(tmp_path_factory.mktemp("llama-server") / "server.log")
    yield server
    server.stop()


def factcheck(*args: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "factcheck", *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})


def test_a_claim_is_checked_through_the_server(model_server, store):
    proc = factcheck("claim", MADURO, "--as-of", "2026-01-31", "--json", "--explain",
                     "--store", store, "--backend", "openai", "--base-url",
                     model_server.base_url)
    out, err = proc.communicate(timeout=900)
    assert proc.returncode == 0, err
    data = json.loads(out)
    assert data["label"] in LABELS
    assert data["model"] == {"name": Path(model_server.model).name, "backend": "openai"}
    # The server lists the GGUF by its path; the name finds SmolLM2's cutoff in the table.
    assert data["temporal"]["model_cutoff"] == "2024-06"
    llm = data["judges"]["llm"]
    assert llm["label"] in LABELS  # the server's answer, parsed (json_schema refused, JSON mode)
    assert data["judges"]["combination"]["weights"]["llm"] == 0.0  # not calibrated
    assert any("not calibrated" in n and f"--base-url {model_server.base_url}" in n
               for n in data["notes"])
    assert all(c["published"][:10] <= "2026-01-31" for c in data["citations"])
    assert "--- raw answer" in err


def test_a_server_killed_mid_request_ends_the_check_with_one_line(tmp_path, store):
    server = ModelServer(tmp_path / "server.log")
    try:
        idle = server.cpu_seconds()
        proc = factcheck("claim", MADURO, "--as-of", "2026-01-31", "--explain", "--store",
                         store, "--backend", "openai", "--base-url", server.base_url,
                         env={"FACTCHECK_LLM_RETRIES": "1"})
        deadline = time.monotonic() + 600
        # The model list costs the server nothing; evaluating the prompt costs it CPU.
        while server.cpu_seconds() < idle + 0.5:
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the chat request never reached the server"
            time.sleep(0.05)
        server.proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate(timeout=300)
    finally:
        server.stop()
    assert proc.returncode == 1 and out == ""
    lines = err.strip().splitlines()
    assert lines == [f"Error: the model server at {server.base_url} dropped the connection "
                     "mid-request and then could not be reached (connection refused); start "
                     "it (e.g. ollama serve) or fix --base-url (FACTCHECK_BASE_URL)"]
