"""Regenerate evals/data/sample/: the news pages `make demo` ingests.

    python evals/make_sample.py [evals/data/news2026_dev.jsonl]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from factcheck.evalkit.render import render_article

HERE = Path(__file__).resolve().parent


def main(dataset: str = str(HERE / "data" / "news2026_dev.jsonl")) -> None:
    out = HERE / "data" / "sample"
    out.mkdir(parents=True, exist_ok=True)
    for line in Path(dataset).read_text("utf-8").splitlines():
        if line.strip():
            event = json.loads(line)
            (out / f"{event['date']}-{event['id']}.html").write_text(
                render_article(event), "utf-8"
            )


if __name__ == "__main__":
    main(*sys.argv[1:])
