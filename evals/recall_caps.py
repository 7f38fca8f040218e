"""Retrieval recall with the keyword leg's caps forced on, whatever the index size.

    python evals/recall_caps.py REPORT_DIR [--min-passages 0] [--budget 10]

The common-word cut and the postings budget (factcheck/store.py) only act on large indexes, so
the recall set (under 2,000 passages) never exercises them. This runs the recall set's full-mode
replay with them on from the first passage and a far smaller budget than shipped, to show the
caps do not cost the claims' own articles their place in the top 5.
"""

from __future__ import annotations

import argparse

import factcheck.store as store
from factcheck.cli import main as factcheck_main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", help="report directory (resumes if it exists)")
    parser.add_argument("--min-passages", type=int, default=0)
    parser.add_argument("--budget", type=int, default=10)
    args = parser.parse_args()
    store._COMMON_MIN_PASSAGES = args.min_passages
    store._POSTINGS_BUDGET = args.budget
    factcheck_main(["eval", "evals/data/news2026_recall.jsonl", "--mode", "full", "--judge",
                    "alignment", "--report", args.report, "--json"])


if __name__ == "__main__":
    main()
