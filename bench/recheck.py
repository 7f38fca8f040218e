"""Re-check benchmark (not a test): 1,000 saved claims, an ingest of 100 new articles, then the
re-check of the claims those articles touch, with the evidence-alignment judge.

    PYTHONPATH=. python bench/recheck.py                  # builds in a temporary folder
    PYTHONPATH=. python bench/recheck.py --workdir DIR --json
    PYTHONPATH=. python bench/recheck.py --store-url postgresql://... --chroma-url http://...

The saved claims: the 204 claims of news2026_dev, news2026_dev_more and news2026_dev_unlocked, whose
articles are the new ones; the 51 of news2026_dev_extra and the 500 AVeriTeC dev claims, about
other news; and questions of the AVeriTeC items as further unrelated claims, up to --claims.
Each is saved with the verdict it would get before its news existed (NOT_ENOUGH_EVIDENCE, no
evidence), as of the day it is checked, judged by the alignment judge: the first checks are
not what is measured. The index starts with --background AVeriTeC fact-check articles (dated
2020-2023); then the 100 new articles go in (68 events and 32 distractors of the three replay
files, rendered as dated news pages) and the re-check runs.

Goal: the re-check finishes in at most 60 s on 2 cores and re-judges only the touched claims.
Printed: candidate and touched claims (those about the new articles' events and the others),
changed verdicts, the time to find the touched claims and the whole re-check's wall and CPU
time, and the load average (the machine is shared: wall time grows with the load).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "evals" / "data"
NEW = ("news2026_dev.jsonl", "news2026_dev_more.jsonl", "news2026_dev_unlocked.jsonl")


def events(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text("utf-8").splitlines()
            if line.strip()]


def claims(limit: int) -> list[tuple[str, bool]]:
    """(claim, about the new articles) pairs, the new articles' claims first."""
    from factcheck.check import validate_claim

    out = [(c["text"], True) for name in NEW for e in events(name) for c in e["claims"]]
    out += [(c["text"], False) for e in events("news2026_dev_extra.jsonl") for c in e["claims"]]
    averitec = json.loads((DATA / "averitec_dev.json").read_text("utf-8"))
    out += [(item["claim"], False) for item in averitec]
    out += [(q["question"], False) for item in averitec for q in item.get("questions", [])]
    seen, unique = set(), []
    for text, related in out:
        text = validate_claim(text[:2000])
        if text not in seen:
            seen.add(text)
            unique.append((text, related))
    return unique[:limit]


def write_pages(folder: Path, items: list[dict]) -> None:
    from factcheck.evalkit.render import render_article

    folder.mkdir(parents=True, exist_ok=True)
    for e in items:
        (folder / f"{e['id']}.html").write_text(render_article(e), "utf-8")


def background(limit: int) -> list[dict]:
    """AVeriTeC items as dated articles: the question-answer pairs of each, titled by its claim
    (as evals/make_recall_set.py builds its distractors)."""
    import datetime as dt

    out = []
    for i, item in enumerate(json.loads((DATA / "averitec_dev.json").read_text("utf-8"))):
        answers = [a["answer"].strip() for q in item.get("questions", [])
                   for a in q.get("answers", []) if a.get("answer", "").strip()]
        text = " ".join(a if a.endswith(".") else a + "." for a in answers)
        if len(text) < 200:
            continue
        day = dt.datetime.strptime(item["claim_date"], "%d-%m-%Y").date()
        out.append({"id": f"av-{i:03d}", "date": day.isoformat(), "headline": item["claim"],
                    "article": text, "urls": [f"https://factcheck{i % 25}.example.org/av-{i}"]})
        if len(out) == limit:
            break
    return out


def first_verdict(claim: str, today: str) -> dict:
    """What a claim is told before its news exists."""
    return {"claim": claim, "label": "NOT_ENOUGH_EVIDENCE", "confidence": 0.9,
            "rationale": "No passage in the news index is about this claim.", "citations": [],
            "temporal": {"model_cutoff": "2024-06", "today": today, "as_of": today,
                         "claim_dates": [], "after_cutoff": True},
            "notes": [], "model": {"name": "bench", "backend": "none"}, "timings_ms": {},
            "parts": [], "judges": {}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--background", type=int, default=200,
                        help="AVeriTeC articles in the index before the new ones")
    parser.add_argument("--workdir", help="keep the store here (default: a temporary folder)")
    parser.add_argument("--store-url", default="",
                        help="an empty PostgreSQL database for the rows (default: SQLite)")
    parser.add_argument("--chroma-url", default="",
                        help="an unused collection on a Chroma server (default: embedded)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from factcheck.config import load_settings
    from factcheck.dates import today
    from factcheck.embed import Embedder
    from factcheck.history import History
    from factcheck.news.ingest import ingest
    from factcheck.recheck import Rechecker
    from factcheck.store import Store

    work = Path(args.workdir or tempfile.mkdtemp(prefix="recheck-bench-"))
    store_dir = work / "store"
    if (store_dir / "factcheck.sqlite3").exists():
        sys.exit(f"{store_dir} exists; give an empty --workdir")
    settings = load_settings(store=str(store_dir), store_url=args.store_url,
                             chroma_url=args.chroma_url)
    embedder = Embedder.from_settings(settings)
    log = (lambda *a: None) if args.json else (lambda *a: print(*a, file=sys.stderr))

    write_pages(work / "background", background(args.background))
    t = time.perf_counter()
    ingest([str(work / "background")], settings, embedder=embedder)
    log(f"index: {args.background} background articles in {time.perf_counter() - t:.0f} s")

    store = Store.from_settings(settings)
    history = History(store)
    chosen = claims(args.claims)
    day = today().isoformat()
    t = time.perf_counter()
    for text, _ in chosen:
        history.record(first_verdict(text, day), judge="alignment", as_of=None, top_k=5)
    ids = {c.claim: c.id for c in history.claims()}
    history.save_vectors({ids[text]: text for text, _ in chosen}, embedder)
    log(f"saved {len(chosen)} claims in {time.perf_counter() - t:.0f} s")
    # The background articles were there before the claims: they are not news to re-check.
    store.rows.clear_recheck_queue()

    new = [e for name in NEW for e in events(name)]
    write_pages(work / "new", new)
    t = time.perf_counter()
    report = ingest([str(work / "new")], settings, store=store, embedder=embedder).to_dict()
    ingest_s = time.perf_counter() - t
    log(f"ingested {report['added']} new articles in {ingest_s:.0f} s")

    t, cpu = time.perf_counter(), time.process_time()
    result = Rechecker(settings, store=store, embedder=embedder).run(judge="alignment")
    total, cpu = time.perf_counter() - t, time.process_time() - cpu
    related = {text for text, about in chosen if about}
    touched = {r.claim for r in history.checks() if r.trigger == "recheck"}
    labels = Counter(r.label for r in history.checks(latest=True) if r.claim in touched)
    out = {
        "saved_claims": len(chosen), "claims_about_new_articles": len(related),
        "new_articles": report["added"], "ingest_seconds": round(ingest_s, 1),
        "candidates": result.candidates, "touched": result.touched,
        "touched_about_new_articles": len(touched & related),
        "touched_others": len(touched - related), "rechecked": result.rechecked,
        "changed": len(result.changed), "failed": len(result.failed),
        "labels_after": dict(labels),
        "find_and_confirm_seconds": result.seconds["find"],
        "recheck_seconds": round(total, 1), "recheck_cpu_seconds": round(cpu, 1),
        "load_average": round(os.getloadavg()[0], 1),
        "seconds_per_rechecked_claim": round(total / max(1, result.rechecked), 2),
        "goal_seconds": 60, "workdir": str(work), "engine": store.stats()["engine"],
    }
    if args.json:
        print(json.dumps(out, indent=2))
        return
    for key, value in out.items():
        print(f"{key:>28}: {value}")


if __name__ == "__main__":
    main()
