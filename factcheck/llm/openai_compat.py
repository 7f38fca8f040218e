"""Models behind an OpenAI-compatible HTTP API: Ollama, llama.cpp's llama-server,
llama-cpp-python's server, vLLM, LM Studio.

Plain httpx (already a dependency; the ``openai`` package would add a slow import and read
``OPENAI_API_KEY`` on its own). One request per verdict to ``POST {base_url}/chat/completions``,
greedy (temperature 0, seed 0). The answer's shape is asked for in the strongest form the
server accepts, remembered per backend:

1. ``response_format: {"type": "json_schema", ...}`` (OpenAI, vLLM, Ollama, LM Studio);
2. ``{"type": "json_object", "schema": ...}``: JSON mode; llama.cpp's servers read ``schema``
   as a grammar, others ignore it;
3. no ``response_format``: the prompt's own "reply with JSON only".

Whatever the form, the answer is validated against the schema; a mismatch is reported in
``Generation.extra["schema_error"]`` and the check says so in its notes.

Failures end in one ``ModelError`` line: the server cannot be reached, dropped the connection,
timed out, refused the key, or does not serve the model. Connection failures and 429/502/503/504
are retried ``llm_retries`` times with exponential backoff (honouring Retry-After).
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpx

from ..errors import ConfigError, ModelError
from ._base import Generation, ModelDescription

if TYPE_CHECKING:
    from ..config import Settings

__all__ = ["OpenAIBackend", "server_identity", "validate"]

log = logging.getLogger(__name__)

FORMATS = ("json_schema", "json_object", "text")
_RETRY_STATUS = {429, 502, 503, 504}
_BACKOFF_S = 0.5  # first retry's wait; doubled each time
_MAX_WAIT_S = 10.0  # cap on a server's Retry-After
# A server that does not know a response_format says so in its error body (llama-cpp-python's
# server answers 500 "Input should be 'text' or 'json_object'").
_FORMAT_REFUSED = re.compile(r"response_format|json_schema|json_object|schema", re.I)


def _check_url(base_url: str) -> str:
    url = base_url.strip().rstrip("/")
    if not url:
        raise ConfigError("the openai backend needs the server's address: pass --base-url "
                          "http://HOST:PORT/v1 (or base_url in the settings file, "
                          "FACTCHECK_BASE_URL)")
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ConfigError(f"--base-url {base_url!r} is not an http(s) URL; give e.g. "
                          "http://127.0.0.1:11434/v1")
    if parts.username or parts.password:
        # Settings files and logs would then hold a secret.
        raise ConfigError("--base-url must not contain a user or password; put the API key in "
                          "an environment variable and name it with --api-key-env")
    return url


def server_identity(base_url: str, model: str) -> str:
    """What a served model's trust is saved under: the server's API root and the model id."""
    return f"openai:{_check_url(base_url)}|{model}"


def _api_key(name: str) -> str | None:
    if not name:
        return None
    value = os.environ.get(name, "")
    if not value:
        raise ConfigError(f"api_key_env names {name}, but {name} is not set; export {name}=... "
                          "or clear api_key_env (FACTCHECK_API_KEY_ENV)")
    return value


def _message(response: httpx.Response) -> str:
    """The first line of a server's error, however it shapes it."""
    try:
        body = response.json()
        error = body.get("error", body) if isinstance(body, dict) else body
        text = error.get("message", error) if isinstance(error, dict) else error
    except ValueError:
        text = response.text
    text = " ".join(str(text).split())
    return text[:200] or response.reason_phrase


def _strip_fences(text: str) -> str:
    match = re.fullmatch(r"\s*```(?:json)?\s*(.*?)\s*```\s*", text, re.S)
    return match.group(1) if match else text


_TYPES = {"object": dict, "array": list, "string": str, "integer": int, "number": (int, float),
          "boolean": bool}


def validate(value: Any, schema: dict, where: str = "answer") -> str | None:
    """The first way ``value`` breaks ``schema`` (the subset verdict schemas use: type, enum,
    required, properties, items, maxItems, maxLength), or None."""
    kind = schema.get("type")
    if kind in _TYPES and (not isinstance(value, _TYPES[kind])
                           or (kind in {"integer", "number"} and isinstance(value, bool))):
        return f"{where} is not of type {kind}"
    if "enum" in schema and value not in schema["enum"]:
        return f"{where} is {value!r}, not one of {schema['enum']}"
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                return f"{where} has no {key!r}"
        for key, sub in schema.get("properties", {}).items():
            if key in value and (problem := validate(value[key], sub, f"{where}.{key}")):
                return problem
    if isinstance(value, list):
        if len(value) > schema.get("maxItems", math.inf):
            return f"{where} has more than {schema['maxItems']} items"
        for i, item in enumerate(value):
            if "items" in schema and (problem := validate(item, schema["items"],
                                                          f"{where}[{i}]")):
                return problem
    if isinstance(value, str) and len(value) > schema.get("maxLength", math.inf):
        # Servers that ignore the schema write longer rationales; not worth a note.
        return None
    return None


class OpenAIBackend:
    """A model on a server with the OpenAI chat completions API."""

    backend = "openai"

    def __init__(self, base_url: str, model: str = "", *, api_key_env: str = "",
                 timeout: float = 300.0, retries: int = 2, n_ctx: int = 4096,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.base_url = _check_url(base_url)
        if timeout <= 0:
            raise ConfigError(f"llm_timeout {timeout} must be above 0 seconds")
        headers = {"Content-Type": "application/json"}
        key = _api_key(api_key_env)
        if key is not None:
            headers["Authorization"] = f"Bearer {key}"
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(10.0, timeout)), headers=headers,
            transport=transport, follow_redirects=False, trust_env=False)
        self.timeout = timeout
        self.retries = max(0, retries)
        self.n_ctx = n_ctx
        self._format = 0  # index into FORMATS: the strongest the server has not refused
        served = self._served_models()
        self.model = self._pick_model(model, served)
        self.name = self.model.rsplit("/", 1)[-1]  # llama.cpp's servers list the file's path
        self.path = self.name  # the name the cutoff table is searched by
        self.metadata = {"general.name": self.name}
        self.identity = server_identity(self.base_url, self.model)

    @classmethod
    def from_settings(cls, settings: Settings) -> OpenAIBackend:
        return cls(settings.base_url, settings.model, api_key_env=settings.api_key_env,
                   timeout=settings.llm_timeout, retries=settings.llm_retries,
                   n_ctx=settings.n_ctx)

    @staticmethod
    def describe(settings: Settings) -> ModelDescription:
        """Without a request when the model is named; else the server says which it serves."""
        if not settings.model:
            backend = OpenAIBackend.from_settings(settings)
            return ModelDescription(backend.name, backend.backend, backend.metadata,
                                    backend.path, backend.identity)
        name = settings.model.rsplit("/", 1)[-1]
        return ModelDescription(name, "openai", {"general.name": name}, name,
                                server_identity(settings.base_url, settings.model))

    # -- requests ---------------------------------------------------------------------------
    def _request(self, method: str, path: str, body: dict | None = None) -> httpx.Response:
        """One request, retried on connection failures and 429/502/503/504; any other
        failure is a ModelError line."""
        url = f"{self.base_url}{path}"
        dropped = False
        for attempt in range(self.retries + 1):
            wait = _BACKOFF_S * 2 ** attempt
            try:
                response = self._client.request(method, url, json=body)
            except httpx.TimeoutException as exc:
                if isinstance(exc, httpx.ConnectTimeout) and attempt < self.retries:
                    time.sleep(wait)
                    continue
                raise ModelError(
                    f"the model server at {self.base_url} did not answer within "
                    f"{self.timeout:g} s; raise llm_timeout (FACTCHECK_LLM_TIMEOUT) or use a "
                    "smaller model") from None
            except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
                dropped = True
                if attempt < self.retries:
                    log.info("model server dropped the connection (%s); retrying", exc)
                    time.sleep(wait)
                    continue
                raise ModelError(
                    f"the model server at {self.base_url} dropped the connection mid-request "
                    f"({self.retries} retries failed); is it still running? Check its log"
                ) from None
            except httpx.TransportError as exc:
                if attempt < self.retries:
                    log.info("model server unreachable (%s); retrying in %.1f s", exc, wait)
                    time.sleep(wait)
                    continue
                lead = ("dropped the connection mid-request and then could not be reached"
                        if dropped else "could not be reached")
                raise ModelError(
                    f"the model server at {self.base_url} {lead} ({_reason(exc)}); start it "
                    "(e.g. ollama serve) or fix --base-url (FACTCHECK_BASE_URL)") from None
            if response.status_code in _RETRY_STATUS and attempt < self.retries:
                wait = _retry_after(response, wait)
                log.info("model server answered %d; retrying in %.1f s",
                            response.status_code, wait)
                time.sleep(wait)
                continue
            return response
        raise AssertionError("unreachable")  # the loop returns or raises

    def _fail(self, response: httpx.Response) -> ModelError:
        status, text = response.status_code, _message(response)
        if status in {401, 403}:
            return ModelError(
                f"the model server at {self.base_url} refused the request (HTTP {status}: "
                f"{text}); put the API key in an environment variable and name it with "
                "--api-key-env (FACTCHECK_API_KEY_ENV)")
        if status == 404 and "model" in text.lower():
            return ModelError(f"the model server at {self.base_url} does not know model "
                              f"{self.model!r} ({text}); pass one it serves with --model")
        if status == 404:
            return ModelError(f"{self.base_url} has no OpenAI chat completions API (HTTP 404); "
                              "--base-url should be the API root, e.g. http://HOST:PORT/v1")
        return ModelError(f"the model server at {self.base_url} answered HTTP {status}: {text}")

    def _served_models(self) -> list[str] | None:
        """The model ids ``GET /models`` lists; None where the server has no such list."""
        response = self._request("GET", "/models")
        if response.status_code == 404:
            log.info("%s lists no models (HTTP 404); the model name is not checked",
                     self.base_url)
            return None
        if response.status_code != 200:
            raise self._fail(response)
        try:
            return [str(m["id"]) for m in response.json().get("data", [])]
        except (ValueError, KeyError, TypeError, AttributeError):
            raise ModelError(f"{self.base_url}/models is not an OpenAI model list; --base-url "
                             "should be the API root, e.g. http://HOST:PORT/v1") from None

    def _pick_model(self, model: str, served: list[str] | None) -> str:
        listing = ", ".join(served[:8]) if served else ""
        if not model:
            if served and len(served) == 1:
                return served[0]
            if not served:
                raise ConfigError(f"name the model to use on {self.base_url} with --model NAME")
            raise ConfigError(f"{self.base_url} serves {len(served)} models ({listing}); pick "
                              "one with --model NAME")
        if served is None or model in served:
            return model
        # Ollama lists "gemma3:latest" for a model pulled as "gemma3".
        for candidate in served:
            if candidate == f"{model}:latest" or candidate.rsplit("/", 1)[-1] == model:
                return candidate
        raise ModelError(f"the model server at {self.base_url} does not serve model "
                         f"{model!r}; it serves: {listing or 'nothing'}; pass one of them "
                         "with --model (Ollama: ollama pull NAME first)")

    # -- the Backend protocol ---------------------------------------------------------------
    def count_tokens(self, text: str) -> int:
        """An estimate: the API has no tokenizer. One token per 3 bytes overcounts English
        (about 4 characters a token), so passages are cut early rather than overflow."""
        return len(text.encode("utf-8")) // 3 + 1

    def _response_format(self, schema: dict) -> dict | None:
        kind = FORMATS[self._format]
        if kind == "json_schema":
            return {"type": "json_schema",
                    "json_schema": {"name": "verdict", "schema": schema, "strict": False}}
        if kind == "json_object":
            return {"type": "json_object", "schema": schema}
        return None

    def generate_json(
        self, messages: list[dict[str, str]], schema: dict, max_tokens: int
    ) -> Generation:
        while True:
            body: dict[str, Any] = {"model": self.model, "messages": messages,
                                    "temperature": 0.0, "seed": 0, "max_tokens": max_tokens}
            response_format = self._response_format(schema)
            if response_format is not None:
                body["response_format"] = response_format
            response = self._request("POST", "/chat/completions", body)
            if (response.status_code in {400, 422, 500} and response_format is not None
                    and _FORMAT_REFUSED.search(_message(response))):
                log.info("%s refused response_format %s (%s); trying %s", self.base_url,
                         FORMATS[self._format], _message(response), FORMATS[self._format + 1])
                self._format += 1
                continue
            if response.status_code != 200:
                raise self._fail(response)
            return self._generation(response, schema)

    def _generation(self, response: httpx.Response, schema: dict) -> Generation:
        try:
            data = response.json()
            text = data["choices"][0]["message"].get("content") or ""
        except (ValueError, KeyError, IndexError, TypeError, AttributeError):
            raise ModelError(f"the model server at {self.base_url} answered 200 without a chat "
                             "completion; is --base-url an OpenAI-compatible API root?") from None
        text = _strip_fences(text)
        extra: dict[str, Any] = {"format": FORMATS[self._format]}
        try:
            problem = validate(json.loads(text, strict=False), schema)
        except ValueError:
            problem = "answer is not JSON"
        if problem:
            log.info("%s's answer does not follow the verdict schema: %s", self.name, problem)
            extra["schema_error"] = problem
        usage = data.get("usage") or {}
        return Generation(text=text, prompt_tokens=int(usage.get("prompt_tokens") or 0),
                          completion_tokens=int(usage.get("completion_tokens") or 0),
                          extra=extra)

    def close(self) -> None:
        self._client.close()


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    if "refused" in text.lower():
        return "connection refused"
    return " ".join(text.split())[:120]


def _retry_after(response: httpx.Response, default: float) -> float:
    try:
        return min(_MAX_WAIT_S, max(0.0, float(response.headers.get("Retry-After", ""))))
    except ValueError:
        return default
