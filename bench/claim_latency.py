"""Claim latency: how long a user waits for the verdict, with the model asked and without.

    make demo   # builds store/demo
    PYTHONPATH=. python bench/claim_latency.py [--store store/demo] [--rounds 2] [--fresh]
        [--web] [--server] [--json]

In one run, over the same claims and store:

- **long-lived Checker**, warm (models loaded, one pass to warm caches): a check that asks the
  model (``explain=True``: what every check did before a model with weight 0 was left out) and
  the default check (a model with weight 0 is not asked);
- **web chat** (``--web``): the page's handler over the app's engine, from submit to the first
  message that shows the badge, and to the model's reading under it;
- **fresh process** (``--fresh``): ``factcheck claim`` with ``--explain`` and without, wall
  clock, imports and loading included;
- **OpenAI-compatible server overhead** (``--server``): the same verdict prompts sent to the
  same GGUF in-process (llama.cpp) and through ``python -m llama_cpp.server`` on loopback
  (the backend's HTTP, JSON and the server's own work), same response format (JSON mode with
  the schema as grammar), alternating.

Medians (p50) in seconds. On a shared machine, run under ``nice`` and compare ratios within
one run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factcheck.check import Checker  # noqa: E402
from factcheck.config import load_settings  # noqa: E402

CLAIMS = [
    "Around 40 people died in a fire at the Le Constellation bar in Crans-Montana during New "
    "Year's celebrations in 2026.",
    "Senegal beat Morocco 1-0 after extra time in the Africa Cup of Nations final in Rabat in "
    "January 2026.",
    "The Federal Reserve cut interest rates at its March 2026 meeting.",
    "Nicolás Maduro was captured by US forces in Maracaibo and flown to Miami to stand trial.",
]


def p50(values: list[float]) -> float:
    return round(statistics.median(values), 2)


def checker_latency(checker: Checker, as_of: str, rounds: int) -> dict:
    for claim in CLAIMS:  # warm: model, embedder, spaCy, caches
        checker.check(claim, as_of, explain=True)
    times: dict[str, list[float]] = {"asked": [], "default": []}
    for _ in range(rounds):
        for claim in CLAIMS:
            for kind in ("asked", "default"):
                started = time.perf_counter()
                checker.check(claim, as_of, explain=kind == "asked")
                times[kind].append(time.perf_counter() - started)
    return {"checker_warm_model_asked_p50_s": p50(times["asked"]),
            "checker_warm_default_p50_s": p50(times["default"]),
            "model_skipped": checker.model_skipped}


def web_latency(store: str, as_of: str, rounds: int) -> dict:
    from factcheck.web.app import Handlers
    from factcheck.web.engine import Engine

    engine = Engine(load_settings(store=store))
    engine.submit(engine.warm).result()
    handlers = Handlers(engine)
    badge, reading = [], []
    for i in range(rounds * len(CLAIMS) + 1):
        claim = CLAIMS[i % len(CLAIMS)]
        started = time.perf_counter()
        shown_badge = None
        for history, _ in handlers.respond(claim, [], as_of, 5):
            if shown_badge is None and "class='fc-badge" in history[-1]["content"]:
                shown_badge = time.perf_counter() - started
        if i:  # the first round warms the page's path
            badge.append(shown_badge)
            reading.append(time.perf_counter() - started)
    engine.close()
    return {"web_submit_to_badge_p50_s": p50(badge),
            "web_submit_to_model_reading_p50_s": p50(reading)}


def fresh_latency(store: str, as_of: str, rounds: int) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    times: dict[str, list[float]] = {"explain": [], "default": []}
    for i in range(rounds):
        for kind in ("explain", "default"):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "factcheck", "claim", CLAIMS[i % len(CLAIMS)],
                            "--store", store, "--as-of", as_of, "--json",
                            *(["--explain"] if kind == "explain" else [])],
                           env=env, check=True, capture_output=True)
            times[kind].append(time.perf_counter() - started)
    return {"fresh_claim_model_asked_p50_s": p50(times["explain"]),
            "fresh_claim_default_p50_s": p50(times["default"])}


def server_overhead(checker: Checker, as_of: str, rounds: int) -> dict:
    """The same prompts, the same GGUF: in-process against through the server."""
    import socket

    import httpx

    from factcheck.llm.llamacpp import default_model_path
    from factcheck.llm.openai_compat import OpenAIBackend
    from factcheck.prompt import verdict_schema

    prompts = []
    for claim in CLAIMS:
        checker.check(claim, as_of, judge="llm")
        prompts.append(checker.last_trace.prompt)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    threads = str(checker.settings.n_threads or os.cpu_count() or 1)
    server = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", default_model_path(), "--host",
         "127.0.0.1", "--port", str(port), "--n_ctx", str(checker.settings.n_ctx),
         "--n_threads", threads], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/v1"
        for _ in range(600):
            try:
                if httpx.get(f"{url}/models", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.5)
        remote = OpenAIBackend(url, "")
        local = checker.backend
        remote.generate_json(prompts[0].messages, verdict_schema(len(prompts[0].passages)),
                             checker.settings.max_tokens)  # settles the response format
        times: dict[str, list[float]] = {"in_process": [], "server": []}
        for _ in range(rounds):
            for prompt in prompts:
                schema = verdict_schema(len(prompt.passages))
                for kind, backend in (("in_process", local), ("server", remote)):
                    started = time.perf_counter()
                    backend.generate_json(prompt.messages, schema, checker.settings.max_tokens)
                    times[kind].append(time.perf_counter() - started)
        local_s, remote_s = p50(times["in_process"]), p50(times["server"])
        return {"in_process_generate_p50_s": local_s, "server_generate_p50_s": remote_s,
                "server_overhead_ratio": round(remote_s / local_s, 3),
                "server_format": remote._format}
    finally:
        server.kill()
        server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", default="store/demo")
    parser.add_argument("--as-of", default="2026-11-28")
    parser.add_argument("--rounds", type=int, default=2, help="passes over the claims")
    parser.add_argument("--fresh", action="store_true", help="also time fresh processes")
    parser.add_argument("--web", action="store_true", help="also time the web chat's handler")
    parser.add_argument("--server", action="store_true",
                        help="also time the same model through llama_cpp.server")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    checker = Checker(load_settings(store=args.store))
    result = {"store": args.store, "claims": len(CLAIMS), "rounds": args.rounds,
              "model": checker.model_info()["name"],
              "model_weight": checker.trust().weight}
    result.update(checker_latency(checker, args.as_of, args.rounds))
    if args.server:
        result.update(server_overhead(checker, args.as_of, args.rounds))
    if args.web:
        result.update(web_latency(args.store, args.as_of, args.rounds))
    if args.fresh:
        result.update(fresh_latency(args.store, args.as_of, args.rounds))
    if args.json:
        print(json.dumps(result, indent=2))
        return
    for key, value in result.items():
        print(f"{key:<36} {value}")


if __name__ == "__main__":
    main()
