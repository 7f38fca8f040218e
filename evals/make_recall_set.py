"""Build the retrieval-recall replay set: every news2026_dev event with its claims, the
Japanese events of news2026_ja.jsonl with their Japanese claims, and AVeriTeC fact-check
material as distractor articles (no claims), so recall@5 is measured in a crowded index.

    python evals/make_recall_set.py            # writes evals/data/news2026_recall.jsonl
    factcheck eval evals/data/news2026_recall.jsonl --mode full --judge alignment --report DIR

    python evals/make_recall_set.py --crosslingual  # writes news2026_crosslingual.jsonl

With --crosslingual the Japanese claims are attached to the English story of the same event
(news2026_ja.jsonl's ja-NNN rewrites n26-NNN), and no Japanese article is in the index: the
recall@5 of that replay is how often a Japanese claim reaches the English report.

news2026_ja.jsonl is factcheck's own Japanese rewrite of six news2026_dev stories and twelve
claims about them (a SUPPORTED and a REFUTED one each), dated as the originals. Distractors:
each AVeriTeC dev claim's question-answer pairs become one article dated on its claim date
(2020-2023), titled with the claim, so they sit in the index from the first replay day.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def distractors(path: Path, limit: int) -> list[dict]:
    out = []
    for i, item in enumerate(json.loads(path.read_text("utf-8"))[:limit]):
        day = dt.datetime.strptime(item["claim_date"], "%d-%m-%Y").date()
        answers = [a["answer"].strip() for q in item.get("questions", [])
                   for a in q.get("answers", []) if a.get("answer", "").strip()]
        text = " ".join(a if a.endswith(".") else a + "." for a in answers)
        if len(text) < 200:
            continue
        out.append({"id": f"av-{i:03d}", "date": day.isoformat(), "topic": "distractor",
                    "region": item.get("location_ISO_code") or "", "headline": item["claim"],
                    "article": text, "urls": [f"https://factcheck{i % 25}.example.org/av-{i:03d}"],
                    "claims": []})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--distractors", type=int, default=500,
                        help="AVeriTeC items to turn into distractor articles")
    parser.add_argument("--out", default="")
    parser.add_argument("--crosslingual", action="store_true",
                        help="Japanese claims on the English stories, no Japanese articles")
    args = parser.parse_args()
    out = args.out or str(DATA / ("news2026_crosslingual.jsonl" if args.crosslingual
                                  else "news2026_recall.jsonl"))
    events = [json.loads(line) for name in ("news2026_dev.jsonl", "news2026_ja.jsonl")
              for line in (DATA / name).read_text("utf-8").splitlines() if line.strip()]
    if args.crosslingual:
        japanese = {e["id"].replace("ja-", "n26-"): e for e in events if e.get("lang") == "ja"}
        events = [{**e, "claims": japanese[e["id"]]["claims"] if e["id"] in japanese else []}
                  for e in events if e.get("lang") != "ja"]
    events += distractors(DATA / "averitec_dev.json", args.distractors)
    events.sort(key=lambda e: (e["date"], e["id"]))
    with open(out, "w", encoding="utf-8") as fh:
        for event in events:
            fh.write(json.dumps(event, ensure_ascii=False) + "\n")
    print(f"wrote {len(events)} events to {out}")


if __name__ == "__main__":
    main()
