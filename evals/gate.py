"""Run the eval gate subset through the real model, or re-pin its floors.

    python -m evals.gate                       # run and compare with evals/floors.json
    python -m evals.gate --floors evals/floors_ja.json          # the Japanese subset
    python -m evals.gate --update-floors       # raise floors to what this run measures
    python -m evals.gate --update-floors --allow-lower          # also lower them
    python -m evals.gate --update-floors --allow-new-dataset    # the dataset file changed
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from factcheck.config import load_settings
from factcheck.errors import FactcheckError
from factcheck.evalkit.datasets import load_dataset
from factcheck.evalkit.gate import gate_failures, load_floors, updated_floors
from factcheck.evalkit.metrics import compute_metrics
from factcheck.evalkit.replay import Replay

ROOT = Path(__file__).resolve().parent.parent
FLOORS = ROOT / "evals" / "floors.json"
FLOORS_JA = ROOT / "evals" / "floors_ja.json"  # the Japanese development subset


def measure(spec: dict, settings=None, embedder=None, progress=None) -> tuple[str, dict]:
    """(dataset sha256, metrics) of the gate subset. One llama.cpp thread keeps it
    deterministic across machines and fast on a busy one."""
    dataset = load_dataset(ROOT / spec["dataset"])
    subset = dataset.subset(spec["events"])
    settings = (settings or load_settings()).replace(n_threads=1)
    rows = Replay(subset, settings, modes=[spec["mode"]], embedder=embedder,
                  progress=progress).run()
    return dataset.sha256, compute_metrics(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.gate", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--floors", default=str(FLOORS), help="floors file (JSON)")
    parser.add_argument("--update-floors", action="store_true")
    parser.add_argument("--allow-lower", action="store_true")
    parser.add_argument("--allow-new-dataset", action="store_true")
    args = parser.parse_args(argv)
    try:
        spec = load_floors(args.floors)
        sha, metrics = measure(spec, progress=lambda line: print(line, file=sys.stderr))
        if args.update_floors:
            spec = updated_floors(spec, sha, metrics, allow_lower=args.allow_lower,
                                  allow_new_dataset=args.allow_new_dataset)
            Path(args.floors).write_text(json.dumps(spec, indent=2) + "\n", "utf-8")
            print(json.dumps(spec["floors"]))
            return 0
        failures = gate_failures(spec, sha, metrics)
    except FactcheckError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    print(json.dumps({"failures": failures,
                      "metrics": {k: v for k, v in metrics.items() if not isinstance(v, dict)}}))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
