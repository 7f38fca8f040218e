"""Claim latency: how long a user waits for the verdict, with the model asked and without.

    make demo   # builds store/demo
    PYTHONPATH=. python bench/claim_latency.py [--store store/demo] [--rounds 2] [--fresh]
        [--web] [--server] [--cold] [--prefix] [--json]

In one run, over the same claims and store:

- **long-lived Checker**, warm (models loaded, one pass to warm caches): a check that asks the
  model (``explain=True``: what every check did before a model with weight 0 was left out) and
  the default check (a model with weight 0 is not asked);
- **cold start** (``--cold``): ``factcheck --help`` in a fresh process; the embedding model
  started in a fresh process (import, load, one text) with onnxruntime and with
  sentence-transformers (torch); and both encoding the same news sentences in this process,
  warm, as texts per second;
- **prefix reuse** (``--prefix``): the verdict prompts evaluated by the model (one answer
  token, so the prompt's evaluation is what is timed) with llama.cpp's KV cache kept from
  the previous call, as checks run (each call reuses the tokens it shares with the previous
  prompt: the byte-identical system prefix), against the cache cleared before the call;
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


def verdict_prompts(checker: Checker, as_of: str) -> list:
    """Each claim's verdict prompt, from a check that asks the model (which also warms the
    model, the embedder, spaCy and the caches)."""
    prompts = []
    for claim in CLAIMS:
        checker.check(claim, as_of, explain=True)
        prompts.append(checker.last_trace.prompt)
    return prompts


def unseen_claims(count: int) -> list[str]:
    """Development claims about the demo store's events (evals/data/sample), none of CLAIMS:
    a warm checker has not parsed or embedded them."""
    ids = {page.stem[-7:] for page in (ROOT / "evals" / "data" / "sample").glob("*.html")}
    claims = []
    for name in ("news2026_dev.jsonl", "news2026_dev_more.jsonl", "news2026_dev_extra.jsonl"):
        for line in (ROOT / "evals" / "data" / name).read_text("utf-8").splitlines():
            event = json.loads(line)
            if event["id"] in ids:
                claims += [c["text"] for c in event["claims"] if c["text"] not in CLAIMS]
    return claims[:count]


def checker_latency(checker: Checker, as_of: str, rounds: int) -> dict:
    """A warm checker (``verdict_prompts`` first), with the model asked and by default, on
    CLAIMS again (their passages' sentences parsed and embedded already) and by default on
    claims it has not seen."""
    times: dict[str, list[float]] = {"asked": [], "default": [], "unseen": []}
    for _ in range(rounds):
        for claim in CLAIMS:
            for kind in ("asked", "default"):
                started = time.perf_counter()
                checker.check(claim, as_of, explain=kind == "asked")
                times[kind].append(time.perf_counter() - started)
    for claim in unseen_claims(4 * rounds):
        started = time.perf_counter()
        checker.check(claim, as_of)
        times["unseen"].append(time.perf_counter() - started)
    return {"checker_warm_model_asked_p50_s": p50(times["asked"]),
            "checker_warm_default_p50_s": p50(times["default"]),
            "checker_warm_default_unseen_claims_p50_s": p50(times["unseen"]),
            "unseen_claims": len(times["unseen"]),
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


def prefix_reuse(checker: Checker, prompts: list, rounds: int) -> dict:
    """Prompt evaluation with llama.cpp's KV cache kept between calls against cleared.
    The two alternate from prompt to prompt (and swap every round), so that a change in the
    machine's load falls on both; a kept cache always follows another prompt, so only the
    shared prefix is reused."""
    from factcheck.prompt import verdict_schema

    backend = checker.backend
    llama = backend._llm  # the bench measures llama.cpp itself
    times: dict[str, dict[int, list[float]]] = {"cached": {}, "cleared": {}}
    for r in range(max(rounds, 2)):  # two rounds at least: each prompt timed both ways
        for i, prompt in enumerate(prompts):
            kind = "cached" if (i + r) % 2 else "cleared"
            if kind == "cleared":
                llama.reset()
            started = time.perf_counter()
            backend.generate_json(prompt.messages, verdict_schema(len(prompt.passages)), 1)
            times[kind].setdefault(i, []).append(time.perf_counter() - started)
    # Per prompt, so that long and short prompts weigh the same on both sides.
    mean = {kind: [statistics.mean(by[i]) for i in range(len(prompts))]
            for kind, by in times.items()}
    totals = [backend.count_tokens(p.system) + backend.count_tokens(p.user) for p in prompts]
    return {"prefix_system_tokens": backend.count_tokens(prompts[0].system),
            "prefix_prompt_tokens_p50": statistics.median(totals),
            "prefix_prompt_eval_cleared_p50_s": p50(mean["cleared"]),
            "prefix_prompt_eval_reused_p50_s": p50(mean["cached"]),
            "prefix_reuse_saving": round(1 - sum(mean["cached"]) / sum(mean["cleared"]), 3)}


def fresh_seconds(code: list[str], rounds: int) -> float:
    """p50 wall time of ``python CODE...`` in a fresh process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        subprocess.run([sys.executable, *code], env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return p50(times)


def news_sentences(count: int) -> list[str]:
    import re

    texts = []
    for name in ("news2026_dev.jsonl", "news2026_dev_more.jsonl", "news2026_dev_extra.jsonl"):
        for line in (ROOT / "evals" / "data" / name).read_text("utf-8").splitlines():
            texts += re.split(r"(?<=[.!?])\s+", json.loads(line)["article"])
    return texts[:count]


def cold_start(checker: Checker, rounds: int) -> dict:
    """``factcheck --help``, and the embedding model on onnxruntime against torch."""
    from factcheck.embed import Embedder

    result = {"help_fresh_p50_s": fresh_seconds(["-m", "factcheck", "--help"], max(rounds, 5))}
    start = ("from factcheck.embed import Embedder; "
             "Embedder(runtime={!r}).encode(['Senegal won the final.'])")
    for runtime in ("onnx", "torch"):
        result[f"embedder_fresh_start_{runtime}_p50_s"] = fresh_seconds(
            ["-c", start.format(runtime)], rounds)
    texts = news_sentences(200)
    embedders = {"onnx": checker.embedder, "torch": Embedder(runtime="torch")}
    assert embedders["onnx"].backend == "onnx", "the ONNX export is not in use"
    times: dict[str, list[float]] = {"onnx": [], "torch": []}
    for embedder in embedders.values():
        embedder.encode(texts[:32])  # warm
    for _ in range(rounds):
        for name, embedder in embedders.items():
            started = time.perf_counter()
            embedder.encode(texts)
            times[name].append(time.perf_counter() - started)
    rate = {name: len(texts) / statistics.median(t) for name, t in times.items()}
    result.update({"encode_texts": len(texts),
                   "encode_onnx_texts_per_s": round(rate["onnx"], 1),
                   "encode_torch_texts_per_s": round(rate["torch"], 1),
                   "encode_onnx_over_torch": round(rate["onnx"] / rate["torch"], 2)})
    return result


def server_overhead(checker: Checker, prompts: list, rounds: int) -> dict:
    """The same prompts, the same GGUF: in-process against through the server."""
    import socket

    import httpx

    from factcheck.llm.llamacpp import default_model_path
    from factcheck.llm.openai_compat import OpenAIBackend
    from factcheck.prompt import verdict_schema

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
    parser.add_argument("--cold", action="store_true",
                        help="also time --help and the embedder's start and throughput")
    parser.add_argument("--prefix", action="store_true",
                        help="also time prompt evaluation with the KV prefix reused and not")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    checker = Checker(load_settings(store=args.store))
    result = {"store": args.store, "claims": len(CLAIMS), "rounds": args.rounds,
              "model": checker.model_info()["name"],
              "model_weight": checker.trust().weight,
              "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}
    prompts = verdict_prompts(checker, args.as_of)
    result["embedder_backend"] = checker.embedder.backend
    result.update(checker_latency(checker, args.as_of, args.rounds))
    if args.prefix:
        result.update(prefix_reuse(checker, prompts, args.rounds))
    if args.server:
        result.update(server_overhead(checker, prompts, args.rounds))
    if args.web:
        result.update(web_latency(args.store, args.as_of, args.rounds))
    if args.fresh:
        result.update(fresh_latency(args.store, args.as_of, args.rounds))
    if args.cold:
        result.update(cold_start(checker, args.rounds))
    result["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    if args.json:
        print(json.dumps(result, indent=2))
        return
    for key, value in result.items():
        print(f"{key:<36} {value}")


if __name__ == "__main__":
    main()
