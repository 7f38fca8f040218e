"""What the static system prefix saves: the same verdict prompts with llama.cpp's KV cache kept
between calls (the default: each call reuses the tokens it shares with the previous prompt)
and with the cache cleared before every call. The prompts are the real ones of
``factcheck claim`` for a few claims over the demo store.

    make demo   # builds store/demo
    .venv/bin/python bench/kv_cache.py [--store store/demo] [--rounds 2]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.claim_latency import CLAIMS  # noqa: E402
from factcheck.check import Checker  # noqa: E402
from factcheck.config import load_settings  # noqa: E402
from factcheck.prompt import verdict_schema  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", default="store/demo")
    parser.add_argument("--as-of", default="2026-11-28")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    checker = Checker(load_settings(store=args.store))
    backend = checker.backend
    llama = backend._llm  # the bench measures llama.cpp itself
    prompts = []
    for claim in CLAIMS:
        checker.check(claim, args.as_of, judge="llm")
        prompts.append(checker.last_trace.prompt)
    shared = backend.count_tokens(prompts[0].system)
    totals = [backend.count_tokens(p.system) + backend.count_tokens(p.user) for p in prompts]
    times: dict[str, list[float]] = {"cached": [], "cleared": []}
    for _ in range(args.rounds):
        for kind in ("cleared", "cached"):
            for prompt in prompts:
                if kind == "cleared":
                    llama.reset()
                started = time.perf_counter()
                backend.generate_json(prompt.messages, verdict_schema(len(prompt.passages)), 1)
                times[kind].append(time.perf_counter() - started)
    cached, cleared = statistics.median(times["cached"]), statistics.median(times["cleared"])
    result = {
        "prompts": len(prompts),
        "system_prefix_tokens": shared,
        "prompt_tokens_median": statistics.median(totals),
        "prompt_eval_s_median_cleared": round(cleared, 2),
        "prompt_eval_s_median_cached": round(cached, 2),
        "saving": round(1 - cached / cleared, 3),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
