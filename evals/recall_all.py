"""Recall@5 in one crowded index: every development article of both languages in one store,
and every development claim retrieved from it as of its event's day.

    python evals/recall_all.py [--store DIR] [--misses FILE.json]

A replay indexes one file's events (a few dozen stories), where nearly every claim reaches its
story; a newsroom's index holds thousands, most from a few outlets. This measures the second
case on the development replays of evals/fit_judge.py (the locked test replays are not read).
A claim counts as found when its event's own article is among the articles of the five
passages retrieved. ``--store`` keeps the index for the next run (it is built when missing);
``--misses`` writes the claims not found, with the titles retrieved instead.

``--without-words`` measures retrieval as it is without the word index of Japanese passages
(the keyword leg searches a Japanese claim's trigrams and Latin words only), for comparison.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from evals.fit_judge import DEV  # noqa: E402
from factcheck.config import Settings  # noqa: E402
from factcheck.embed import Embedder  # noqa: E402
from factcheck.evalkit.render import render_article  # noqa: E402
from factcheck.news.ingest import ingest  # noqa: E402
from factcheck.nlp_ja import is_japanese  # noqa: E402
from factcheck.retrieve import retrieve  # noqa: E402
from factcheck.store import Store  # noqa: E402


def measure(root: Path, misses: Path | None, words: bool = True) -> dict:
    events = [json.loads(line) for name in DEV
              for line in (HERE / "data" / name).read_text("utf-8").splitlines()
              if line.strip()]
    embedder = Embedder()
    settings = Settings(store=str(root / "store"))
    if not (root / "store").exists():
        pages = root / "pages"
        pages.mkdir(parents=True, exist_ok=True)
        for e in events:
            (pages / f"{e['id']}.html").write_text(render_article(e), "utf-8")
        ingest([str(pages)], settings, embedder=embedder)
    store = Store.from_settings(settings)
    if not words:
        # Searches only: a store this run builds or opens keeps its words for the next run.
        import factcheck.store_sqlite

        factcheck.store_sqlite.japanese_words = lambda text: []
    own = {title: article_id
           for title, article_id in store.db.execute("SELECT title, id FROM articles")}
    counts = {"en": [0, 0], "ja": [0, 0]}
    missed = []
    for e in events:
        day = dt.date.fromisoformat(e["date"])
        for i, claim in enumerate(e["claims"]):
            hits = retrieve(store, embedder, claim["text"], day, k=5)
            found = own.get(e["headline"]) in {h.article_id for h in hits}
            lang = "ja" if is_japanese(claim["text"]) else "en"
            counts[lang][0] += found
            counts[lang][1] += 1
            if not found:
                missed.append({"id": f"{e['id']}#{i}", "claim": claim["text"],
                               "retrieved": [h.title for h in hits]})
    if misses:
        misses.write_text(json.dumps(missed, ensure_ascii=False, indent=1), "utf-8")
    articles = store.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    return {"articles": articles, "events": len(events),
            **{lang: {"claims": n, "found": f, "recall_at_5": round(f / n, 3) if n else None}
               for lang, (f, n) in counts.items()}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, help="keep the index here (built when missing)")
    parser.add_argument("--misses", type=Path, help="write the claims not found to this file")
    parser.add_argument("--without-words", action="store_true",
                        help="do not search the word index of Japanese passages (comparison)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.store or Path(tmp)
        print(json.dumps(measure(root, args.misses, words=not args.without_words)))


if __name__ == "__main__":
    main()
