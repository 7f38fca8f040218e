"""The backend seam: the registry (built-in table, entry points), the shared backend options,
and the OpenAI-compatible backend against a scripted server on loopback (formats a server
refuses, retries, keys, one-line failures). test_openai_server.py runs it against a real one."""

from __future__ import annotations

import json
import logging

import pytest

from factcheck.config import load_settings
from factcheck.errors import ConfigError, ModelError
from factcheck.llm import _base, backend_names, describe_model, load_backend
from factcheck.llm.openai_compat import OpenAIBackend, validate
from factcheck.llm.options import describe_settings
from factcheck.prompt import verdict_schema
from tests.conftest import invoke
from tests.loopback import body

ANSWER = {"label": "SUPPORTED", "confidence": 0.7, "rationale": "r",
          "citations": [{"n": 1, "stance": "supports"}]}
MESSAGES = [{"role": "system", "content": "s"}, {"role": "user", "content": "u"}]


def model_server(server, models=("gemma3:latest",), refuse=(), answer=ANSWER, seen=None):
    """Routes of an OpenAI-compatible server: ``refuse`` lists the response_format types it
    rejects the way llama-cpp-python's server does (HTTP 500 naming the field)."""
    server.add("/v1/models", json.dumps({"object": "list", "data": [
        {"id": m, "object": "model"} for m in models]}), "application/json")

    def chat(handler):
        request = json.loads(body(handler))
        if seen is not None:
            seen.append({"request": request, "auth": handler.headers.get("Authorization")})
        kind = (request.get("response_format") or {}).get("type", "text")
        if kind in refuse:
            return 500, {"Content-Type": "application/json"}, json.dumps({"error": {
                "message": f"('body', 'response_format', 'type'): Input should be 'text' or "
                           f"'json_object', got {kind!r}"}}).encode()
        text = answer if isinstance(answer, str) else json.dumps(answer)
        return 200, {"Content-Type": "application/json"}, json.dumps({
            "choices": [{"message": {"role": "assistant", "content": text}}],
            "usage": {"prompt_tokens": 11, "completion_tokens": 7}}).encode()

    server.route("/v1/chat/completions", chat)
    return f"{server.base}/v1"


@pytest.fixture
def no_sleep(monkeypatch):
    """The backoff waits the backend asks for, recorded instead of slept."""
    from factcheck.llm import openai_compat

    waits: list[float] = []
    monkeypatch.setattr(openai_compat.time, "sleep", waits.append)
    return waits


def test_json_schema_first_then_what_the_server_accepts(server):
    seen: list = []
    url = model_server(server, refuse=("json_schema",), seen=seen)
    backend = OpenAIBackend(url, "gemma3")
    assert backend.model == "gemma3:latest"  # Ollama's name for a model pulled as "gemma3"
    schema = verdict_schema(3)
    first = backend.generate_json(MESSAGES, schema, 50)
    second = backend.generate_json(MESSAGES, schema, 50)
    formats = [s["request"].get("response_format", {}).get("type") for s in seen]
    # Refused once, then the JSON mode with the schema is remembered for later calls.
    assert formats == ["json_schema", "json_object", "json_object"]
    assert seen[1]["request"]["response_format"]["schema"] == schema
    assert seen[0]["request"]["temperature"] == 0 and seen[0]["request"]["max_tokens"] == 50
    assert json.loads(first.text) == ANSWER and first.prompt_tokens == 11
    assert second.extra == {"format": "json_object"}


def test_plain_text_answers_are_validated_against_the_schema(server):
    url = model_server(server, refuse=("json_schema", "json_object"),
                       answer='```json\n{"label": "MAYBE", "confidence": 0.4, "rationale": "", '
                              '"citations": []}\n```')
    generation = OpenAIBackend(url, "gemma3:latest").generate_json(MESSAGES, verdict_schema(2),
                                                                   50)
    assert generation.extra["format"] == "text"
    assert json.loads(generation.text)["label"] == "MAYBE"  # the fence is gone
    assert "answer.label is 'MAYBE', not one of" in generation.extra["schema_error"]


def test_validate_names_the_first_problem():
    schema = verdict_schema(2)
    assert validate(ANSWER, schema) is None
    assert validate({**ANSWER, "confidence": "high"}, schema) == (
        "answer.confidence is not of type number")
    assert validate({**ANSWER, "citations": [{"n": 5, "stance": "supports"}]}, schema) == (
        "answer.citations[0].n is 5, not one of [1, 2]")
    assert validate({"label": "SUPPORTED"}, schema) == "answer has no 'confidence'"


def test_the_api_key_comes_from_the_named_variable_and_is_never_shown(server, monkeypatch,
                                                                      caplog):
    seen: list = []
    url = model_server(server, seen=seen)
    monkeypatch.setenv("MY_MODEL_KEY", "sk-test-4242")
    settings = load_settings(backend="openai", base_url=url, model="gemma3",
                             api_key_env="MY_MODEL_KEY")
    with caplog.at_level(logging.DEBUG):
        backend = OpenAIBackend.from_settings(settings)
        backend.generate_json(MESSAGES, verdict_schema(1), 20)
    assert seen[0]["auth"] == "Bearer sk-test-4242"
    shown = [repr(settings), caplog.text, json.dumps(describe_settings(settings)),
             backend.identity]
    assert not any("sk-test-4242" in text for text in shown)
    assert ("API key", "from $MY_MODEL_KEY (set)") in describe_settings(settings)
    monkeypatch.delenv("MY_MODEL_KEY")
    with pytest.raises(ConfigError, match="api_key_env names MY_MODEL_KEY, but MY_MODEL_KEY "
                                          "is not set"):
        OpenAIBackend.from_settings(settings)


def test_no_key_is_sent_unless_a_variable_is_named(server, monkeypatch):
    seen: list = []
    monkeypatch.setenv("OPENAI_API_KEY", "sk-not-for-this-server")
    OpenAIBackend(model_server(server, seen=seen), "gemma3").generate_json(
        MESSAGES, verdict_schema(1), 20)
    assert seen[0]["auth"] is None


def test_busy_server_is_retried_with_backoff(server, no_sleep):
    url = model_server(server)
    calls = []
    answer = server.routes["/v1/chat/completions"]

    def busy_twice(handler):
        calls.append(1)
        if len(calls) <= 2:
            body(handler)
            return 503, {"Retry-After": "3"} if len(calls) == 2 else {}, b"loading model"
        return answer(handler)

    server.route("/v1/chat/completions", busy_twice)
    generation = OpenAIBackend(url, "gemma3", retries=2).generate_json(MESSAGES,
                                                                       verdict_schema(1), 20)
    assert json.loads(generation.text) == ANSWER
    assert no_sleep == [0.5, 3.0]  # exponential backoff, then the server's Retry-After
    calls.clear()
    with pytest.raises(ModelError, match=r"answered HTTP 503: loading model"):
        OpenAIBackend(url, "gemma3", retries=1).generate_json(MESSAGES, verdict_schema(1), 20)


@pytest.mark.parametrize("route, status, message, expected", [
    ("/v1/models", 401, '{"error": {"message": "invalid api key"}}',
     "refused the request (HTTP 401: invalid api key); put the API key in an environment "
     "variable and name it with --api-key-env"),
    ("/v1/chat/completions", 404, '{"error": "model \\"gemma3\\" not found, try pulling it"}',
     "does not know model 'gemma3:latest'"),
    ("/v1/chat/completions", 400, '{"error": {"message": "context length exceeded"}}',
     "answered HTTP 400: context length exceeded"),
])
def test_a_refusal_is_one_line_with_the_fix(server, route, status, message, expected):
    url = model_server(server)
    server.add(route, message, "application/json", status=status)
    with pytest.raises(ModelError) as err:
        OpenAIBackend(url, "gemma3").generate_json(MESSAGES, verdict_schema(1), 20)
    assert expected in str(err.value) and "\n" not in str(err.value)


def test_a_model_the_server_does_not_serve_is_named_with_the_choices(server):
    url = model_server(server, models=("llama3.2:latest", "qwen2.5:7b"))
    with pytest.raises(ModelError, match=r"does not serve model 'gemma3'; it serves: "
                                         r"llama3.2:latest, qwen2.5:7b; pass one of them"):
        OpenAIBackend(url, "gemma3")
    with pytest.raises(ConfigError, match="serves 2 models .*; pick one with --model NAME"):
        OpenAIBackend(url, "")
    assert OpenAIBackend(model_server(server, models=("only",)), "").model == "only"


def test_a_server_that_is_down_is_one_line(no_sleep):
    import socket

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(ModelError) as err:
        OpenAIBackend(f"http://127.0.0.1:{port}/v1", "gemma3", retries=2)
    assert str(err.value) == (
        f"the model server at http://127.0.0.1:{port}/v1 could not be reached (connection "
        "refused); start it (e.g. ollama serve) or fix --base-url (FACTCHECK_BASE_URL)")
    assert len(no_sleep) == 2


def test_a_server_slower_than_the_timeout_is_one_line(server):
    import time

    url = model_server(server)

    def slow(handler):
        body(handler)
        time.sleep(1.5)
        return 200, {}, b"{}"

    server.route("/v1/chat/completions", slow)
    backend = OpenAIBackend(url, "gemma3", timeout=0.3)
    with pytest.raises(ModelError, match=r"did not answer within 0.3 s; raise llm_timeout"):
        backend.generate_json(MESSAGES, verdict_schema(1), 20)


@pytest.mark.parametrize("base_url, expected", [
    ("", "needs the server's address: pass --base-url"),
    ("localhost:11434", "is not an http(s) URL"),
    ("http://bob:hunter2@127.0.0.1:1/v1", "must not contain a user or password"),
])
def test_bad_server_settings_are_refused_before_any_request(base_url, expected):
    with pytest.raises(ConfigError, match=expected.replace("(", r"\(").replace(")", r"\)")):
        load_backend(load_settings(backend="openai", base_url=base_url, model="m"))


def test_describe_needs_no_request_when_the_model_is_named():
    desc = describe_model(load_settings(backend="openai", base_url="http://127.0.0.1:9/v1/",
                                        model="gemma3:4b"))
    assert desc.identity == "openai:http://127.0.0.1:9/v1|gemma3:4b"
    assert (desc.name, desc.backend, desc.filename) == ("gemma3:4b", "openai", "gemma3:4b")


def test_cli_claim_with_a_server_that_is_down_exits_1_with_one_line(tmp_path):
    code, out, err = invoke("claim", "The Eagles won Super Bowl LX.", "--store",
                            str(tmp_path / "store"),
                            "--backend", "openai", "--base-url", "http://127.0.0.1:9/v1",
                            "--model", "gemma3", "--explain")
    assert code == 1 and out == ""
    assert err.strip().splitlines() == [
        "Error: the model server at http://127.0.0.1:9/v1 could not be reached (connection "
        "refused); start it (e.g. ollama serve) or fix --base-url (FACTCHECK_BASE_URL)"]


def test_environment_selects_the_backend(monkeypatch):
    monkeypatch.setenv("FACTCHECK_BACKEND", "openai")
    monkeypatch.setenv("FACTCHECK_BASE_URL", "http://127.0.0.1:11434/v1")
    monkeypatch.setenv("FACTCHECK_API_KEY_ENV", "OLLAMA_KEY")
    settings = load_settings()
    assert (settings.backend, settings.base_url, settings.api_key_env) == (
        "openai", "http://127.0.0.1:11434/v1", "OLLAMA_KEY")
    labels = [label for label, _ in describe_settings(settings)]
    assert labels == ["Backend", "Model", "Server", "API key", "Knowledge cutoff"]
    assert [label for label, _ in describe_settings(load_settings(backend="llama.cpp"))] == [
        "Backend", "Model", "Knowledge cutoff"]


class _Echo:
    """A backend as a third party would ship it: a class with from_settings."""

    backend = "echo"
    name = "Echo 1B"
    metadata = {"general.name": "Echo 1B"}
    n_ctx = 2048

    @classmethod
    def from_settings(cls, settings):
        return cls()

    def count_tokens(self, text):
        return len(text.split())

    def generate_json(self, messages, schema, max_tokens):
        from factcheck.llm import Generation

        return Generation(json.dumps(ANSWER))


def test_a_backend_from_an_entry_point_is_used_by_name(monkeypatch):
    class EntryPoint:
        name, value = "echo", "tests.test_backends:_Echo"

        def load(self):
            return _Echo

    class Shadow(EntryPoint):
        name = "llama.cpp"  # may not replace a built-in

    monkeypatch.setattr(_base, "entry_points", lambda group: [EntryPoint(), Shadow()])
    _base._entry_points.cache_clear()
    try:
        assert backend_names()[:3] == ["llama.cpp", "openai", "echo"]
        backend = load_backend(load_settings(backend="echo", model="e"))
        assert isinstance(backend, _Echo)
        desc = describe_model(load_settings(backend="echo", model="e"))
        assert desc.identity == "echo:Echo 1B" and desc.name == "Echo 1B"
        with pytest.raises(ConfigError, match="unknown backend 'nope'; known: llama.cpp, "
                                              "openai, echo"):
            load_backend(load_settings(backend="nope"))
    finally:
        _base._entry_points.cache_clear()


def test_the_web_settings_panel_shows_the_backend_in_use(monkeypatch):
    from factcheck.web.app import _server_settings

    monkeypatch.setenv("MY_MODEL_KEY", "sk-test-4242")
    served = _server_settings(load_settings(backend="openai", base_url="http://127.0.0.1:8000/v1",
                                            model="qwen2.5:7b", api_key_env="MY_MODEL_KEY"))
    for shown in ("<th style='text-align:left;padding-right:8px'>Server</th><td>"
                  "http://127.0.0.1:8000/v1</td>", "<td>qwen2.5:7b</td>",
                  "<td>from $MY_MODEL_KEY (set)</td>", "<td>openai</td>"):
        assert shown in served
    assert "sk-test-4242" not in served and ".gguf" not in served
    local = _server_settings(load_settings())
    assert "<td>embedded default (SmolLM2-135M-Instruct)</td>" in local
    assert "Server" not in local and "API key" not in local
