"""Claim latency: the first check in a process (cold: imports, model and index loads) and the
following ones (warm), with the split between retrieval and the model.

    make demo   # builds store/demo
    .venv/bin/python bench/claim_latency.py [--store store/demo] [--judge alignment]
"""

from __future__ import annotations

import argparse
import time

from factcheck.check import Checker
from factcheck.config import load_settings
from factcheck.judging import ALL, judge_choices

CLAIMS = [
    "Around 40 people died in a fire at the Le Constellation bar in Crans-Montana during New "
    "Year's celebrations in 2026.",
    "Senegal beat Morocco 1-0 after extra time in the Africa Cup of Nations final in Rabat in "
    "January 2026.",
    "The Federal Reserve cut interest rates at its March 2026 meeting.",
    "Nicolás Maduro was captured by US forces in Maracaibo and flown to Miami to stand trial.",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", default="store/demo")
    parser.add_argument("--as-of", default="2026-11-28")
    parser.add_argument("--judge", default=ALL, choices=judge_choices())
    parser.add_argument("--rounds", type=int, default=1, help="warm passes over the claims")
    args = parser.parse_args()
    checker = Checker(load_settings(store=args.store))
    warm = []
    for i, claim in enumerate([CLAIMS[0]] + CLAIMS * args.rounds):
        started = time.perf_counter()
        verdict = checker.check(claim, args.as_of, judge=args.judge)
        if i:
            warm.append(time.perf_counter() - started)
        kind = "cold" if i == 0 else "warm"
        print(f"{kind}: {time.perf_counter() - started:5.1f} s  {verdict.label:<20} "
              f"{verdict.timings_ms}")
    warm.sort()
    print(f"warm p50 {warm[len(warm) // 2]:.2f} s over {len(warm)} checks (judge: {args.judge})")


if __name__ == "__main__":
    main()
