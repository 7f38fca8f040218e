"""Recall@5 in one crowded index: every development article of both languages in one store,
and every development claim retrieved from it as of its event's day.

    python evals/recall_all.py [--store DIR] [--misses FILE.json]

A replay indexes one file's events (a few dozen stories), where nearly every claim reaches its
story; a newsroom's index holds thousands, most from a few outlets. This measures the second
case on the development replays of evals/fit_judge.py (the locked test replays are not read).
A claim counts as found when its event's own article is among the articles of the five
passages retrieved. ``--store`` keeps the index for the next run (it is built when missing);
``--misses`` writes the claims not found, with the titles retrieved instead.

``--words`` also compares, for the Japanese claims, the keyword leg alone against a word index
that factcheck does not have: Sudachi's shortest units in normalised form (content words, no
numerals) in an FTS5 table built in a copy of the store's database. It counts the claims whose
story is among the five best articles of the trigram index, of the word index, and of both
summed.
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


def measure(root: Path, misses: Path | None) -> dict:
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


def compare_words(root: Path) -> dict:
    import shutil
    import sqlite3

    from sudachipy import Dictionary, SplitMode

    from factcheck.dates import day_end_ts
    from factcheck.keywords import MAX_TRIGRAMS, query_words, trigrams

    tokenizer = Dictionary(dict="core").create()

    def words(text: str) -> list[str]:
        out = []
        for m in tokenizer.tokenize(text, SplitMode.A):
            pos = m.part_of_speech()
            if pos[0] in ("名詞", "動詞", "形容詞", "形状詞", "接頭辞") and pos[1] != "数詞":
                word = m.normalized_form().lower()
                if any(ch.isalnum() for ch in word):
                    out.append(word)
        return out

    copy = root / "words.sqlite3"
    shutil.copy(root / "store" / "factcheck.sqlite3", copy)
    db = sqlite3.connect(copy)
    db.execute("DROP TABLE IF EXISTS ja_words")
    db.execute("CREATE VIRTUAL TABLE ja_words USING fts5(w, tokenize='unicode61')")
    rows = db.execute("SELECT p.rowid, a.title || char(10) || p.text FROM passages p "
                      "JOIN articles a ON a.id = p.article_id").fetchall()
    db.executemany("INSERT INTO ja_words(rowid, w) VALUES (?, ?)",
                   [(rowid, " ".join(words(text))) for rowid, text in rows])
    own = {title: article_id for title, article_id in db.execute("SELECT title, id FROM articles")}

    def leg(table: str, terms: list[str], ts: int) -> dict[str, float]:
        if not terms:
            return {}
        match = " OR ".join('"' + t.replace('"', "") + '"' for t in terms)
        found: dict[str, float] = {}
        for article, score in db.execute(
                f"SELECT p.article_id, -bm25({table}) FROM {table} JOIN passages p ON p.rowid = "
                f"{table}.rowid WHERE {table} MATCH ? AND p.published_ts <= ? "
                f"ORDER BY bm25({table}) LIMIT 20", (match, ts)):
            found[article] = max(found.get(article, 0.0), score)
        return found

    def top(scores: dict[str, float]) -> list[str]:
        return sorted(scores, key=lambda a: -scores[a])[:5]

    counts = {"claims": 0, "trigrams": 0, "words": 0, "both": 0}
    for name in DEV:
        for line in (HERE / "data" / name).read_text("utf-8").splitlines():
            if not line.strip():
                continue
            e = json.loads(line)
            ts = day_end_ts(dt.date.fromisoformat(e["date"]))
            for claim in e["claims"]:
                if not is_japanese(claim["text"]):
                    continue
                grams = list(dict.fromkeys(g for w in query_words(claim["text"])
                                           if not w.isascii() and len(w) >= 3
                                           for g in trigrams(w)))[:MAX_TRIGRAMS]
                tri = leg("passages_tri", grams, ts)
                wds = leg("ja_words", list(dict.fromkeys(words(claim["text"]))), ts)
                both = {a: tri.get(a, 0.0) + wds.get(a, 0.0) for a in set(tri) | set(wds)}
                story = own.get(e["headline"])
                counts["claims"] += 1
                counts["trigrams"] += story in top(tri)
                counts["words"] += story in top(wds)
                counts["both"] += story in top(both)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, help="keep the index here (built when missing)")
    parser.add_argument("--misses", type=Path, help="write the claims not found to this file")
    parser.add_argument("--words", action="store_true",
                        help="also compare the keyword leg with a Sudachi word index (Japanese)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.store or Path(tmp)
        print(json.dumps(measure(root, args.misses)))
        if args.words:
            print(json.dumps({"japanese_keyword_leg_top5": compare_words(root)}))


if __name__ == "__main__":
    main()
