"""What the static system prefix saves: the same verdict prompts with llama.cpp's KV cache kept
between calls (the default: each call reuses the tokens it shares with the previous prompt)
and with the cache cleared before every call. The prompts are the real ones of
``factcheck claim`` for a few claims over the demo store. ``claim_latency.py --prefix`` runs
the same measurement beside the other latencies.

    make demo   # builds store/demo
    .venv/bin/python bench/kv_cache.py [--store store/demo] [--rounds 2]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.claim_latency import prefix_reuse, verdict_prompts  # noqa: E402
from factcheck.check import Checker  # noqa: E402
from factcheck.config import load_settings  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", default="store/demo")
    parser.add_argument("--as-of", default="2026-11-28")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    checker = Checker(load_settings(store=args.store))
    prompts = verdict_prompts(checker, args.as_of)
    print(json.dumps({"prompts": len(prompts), **prefix_reuse(checker, prompts, args.rounds)},
                     indent=2))


if __name__ == "__main__":
    main()
