"""Query latency (not a test): p50/p95 of the hybrid retriever next to a bare Chroma query, in one
run, on the same vectors and the same query set.

    PYTHONPATH=. nice -n 10 python bench/query_latency.py                  # 10k and 100k passages
    PYTHONPATH=. python bench/query_latency.py --passages 2000 --queries 30 --json

For each size it builds, in a temporary directory, the real store (factcheck.store.Store: Chroma
on disk + SQLite FTS5, written with ``Store.save_articles`` as ingestion writes) and, beside it,
a bare ``chromadb.PersistentClient`` collection (cosine, embedding_function=None) holding the
same ids, vectors, documents and metadata. Then, per query (warm-up queries excluded):

    bare            collection.query(query_embeddings=[v], n_results=k), v precomputed
    bare_filtered   the same plus where={"published_ts": {"$lte": as_of end of day}}
    bare_with_embed embed + bare: what a bare Chroma caller starting from the claim's text pays
    hybrid          factcheck.retrieve.retrieve(store, embedder, query, as_of, k), embedding in
    hybrid_no_embed the same with the query vector precomputed (embedding counted separately)
    embed           the query embedding alone
    dense_leg       Store.search_dense alone, as retrieve() calls it (n = max(20, 4k))
    keyword_leg     Store.search_keywords alone, likewise

Goal (issue 5): hybrid at most 2x bare dense. Ratios are reported against bare (vector given
on both sides: hybrid_no_embed / bare), bare_filtered, and bare_with_embed (text in on both
sides: hybrid / bare_with_embed).

Passages are synthetic but news-like: each is 60-120 words recombined (seeded) from sentences of
the news2026_dev.jsonl articles and the AVeriTeC dev claims, questions, answers and
justifications, under a real headline or claim as title, dated over 2025-2026, from 40 outlets,
one to three passages per article. Vectors: the first ``--pool`` passages (default 2,000) are
embedded with the real model (all-MiniLM-L6-v2, text as ingestion embeds it: "title (date).
passage"); every further passage re-uses pooled vector i % pool plus seeded Gaussian noise
(sigma ``--noise`` per dimension), re-normalised. The output says how many vectors are real.
Query latency depends on the index size and the vectors' spread, not on whether a vector came
from the model; the noise keeps derived vectors distinct so the HNSW graph is not degenerate.
The default pool is small because this 2-core box embeds only ~9-30 passages/s under load;
``--pool-cache FILE.npy`` keeps the pool between runs (reused only when its shape matches).
Queries: claims of news2026_dev.jsonl and AVeriTeC, as_of dates spread over 2025-01..2026-12 so
the filter keeps between ~0% and 100% of the passages.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
NEWS = ROOT / "evals" / "data" / "news2026_dev.jsonl"
AVERITEC = ROOT / "evals" / "data" / "averitec_dev.json"
START = dt.date(2025, 1, 1)
DAYS = 730  # 2025-01-01 .. 2026-12-31
VARIANTS = ("bare", "bare_filtered", "bare_with_embed", "hybrid", "hybrid_no_embed", "embed",
            "dense_leg", "keyword_leg")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text or "") if len(s.split()) >= 5]


def source_text() -> tuple[list[str], list[str], list[str]]:
    """(sentences, titles, claims) from the two datasets."""
    events = [json.loads(line) for line in NEWS.read_text("utf-8").splitlines() if line.strip()]
    averitec = json.loads(AVERITEC.read_text("utf-8"))
    sentences, titles, claims = [], [], []
    for event in events:
        sentences += _sentences(event["article"])
        titles.append(event["headline"])
        claims += [c["text"] for c in event["claims"]]
    for row in averitec:
        claims.append(row["claim"])
        titles.append(row["claim"][:90])
        sentences += _sentences(row["claim"]) + _sentences(row.get("justification", ""))
        for q in row.get("questions") or []:
            sentences += _sentences(q["question"].rstrip("?") + ".")
            for a in q.get("answers") or []:
                sentences += _sentences(a.get("answer", ""))
    return sorted(set(sentences)), titles, claims


def make_corpus(n: int, seed: int = 7) -> list[dict]:
    """Articles (Store.save_articles records without vectors) holding exactly ``n`` passages."""
    sentences, titles, _ = source_text()
    rng = random.Random(seed)
    sites = [f"outlet{i:02d}.example" for i in range(40)]
    articles, total, i = [], 0, 0
    while total < n:
        count = min(rng.randint(1, 3), n - total)
        passages = []
        for _ in range(count):
            words: list[str] = []
            target = rng.randint(60, 120)
            while len(words) < target:
                words += rng.choice(sentences).split()
            passages.append(" ".join(words[: target + 15]))
        day = START + dt.timedelta(days=rng.randrange(DAYS))
        when = dt.datetime.combine(day, dt.time(rng.randrange(24), rng.randrange(60)),
                                   tzinfo=dt.UTC)
        site = rng.choice(sites)
        aid = f"a{i:07d}"
        url = f"https://{site}/{day.isoformat()}/{aid}"
        articles.append({
            "article_id": aid, "url": url, "canonical_url": url, "content_hash": aid,
            "title": rng.choice(titles), "site": site, "published": when.isoformat(),
            "published_ts": int(when.timestamp()), "date_source": "page", "language": "en",
            "passages": passages,
        })
        total += count
        i += 1
    return articles


def make_queries(count: int, seed: int = 11) -> list[tuple[str, dt.date]]:
    """(claim, as_of) pairs; the as_of dates are spread over the corpus's two years."""
    _, _, claims = source_text()
    rng = random.Random(seed)
    picked = rng.sample(claims, min(count, len(claims)))
    return [(claim, START + dt.timedelta(days=rng.randrange(30, DAYS))) for claim in picked]


def passage_texts(articles: list[dict]) -> list[str]:
    """The text of each passage as ingestion embeds it."""
    return [f"{a['title']} ({a['published'][:10]}). {p}" for a in articles for p in a["passages"]]


def embed_pool(embedder, texts: list[str]) -> np.ndarray:
    vectors = np.empty((len(texts), embedder.dim), dtype=np.float32)
    for start in range(0, len(texts), 1024):
        stop = min(len(texts), start + 1024)
        vectors[start:stop] = np.asarray(embedder.encode(texts[start:stop], batch_size=64),
                                         dtype=np.float32)
    return vectors


def derive_vectors(pool: np.ndarray, n: int, noise: float, seed: int = 3) -> np.ndarray:
    """``n`` vectors: the pool itself, then pool[i % len(pool)] plus seeded Gaussian noise,
    re-normalised."""
    real = min(n, len(pool))
    vectors = np.empty((n, pool.shape[1]), dtype=np.float32)
    vectors[:real] = pool[:real]
    rng = np.random.default_rng(seed)
    for start in range(real, n, 8192):
        stop = min(n, start + 8192)
        derived = pool[np.arange(start, stop) % real] + rng.normal(
            0.0, noise, (stop - start, pool.shape[1])).astype(np.float32)
        vectors[start:stop] = derived / np.linalg.norm(derived, axis=1, keepdims=True)
    return vectors


def build(path: Path, articles: list[dict], vectors: np.ndarray, embedder, batch: int = 1000):
    """The real store and the bare collection, same data. Returns (store, collection, timings)."""
    import chromadb

    from factcheck.store import Store

    store = Store(path / "store")
    store.check_embedder(embedder.name, embedder.dim)
    # Bench only: no fsync per article transaction while building (reads are unaffected).
    store.db.execute("PRAGMA synchronous=OFF")
    client = chromadb.PersistentClient(
        path=str(path / "bare"), settings=chromadb.Settings(anonymized_telemetry=False))
    bare = client.get_or_create_collection(
        "bare", embedding_function=None, metadata={"hnsw:space": "cosine"})
    t_store = t_bare = 0.0
    offset = 0
    for start in range(0, len(articles), batch):
        chunk = articles[start : start + batch]
        records, ids, docs, meta = [], [], [], []
        first = offset
        for a in chunk:
            n = len(a["passages"])
            records.append({**a, "vectors": list(vectors[offset : offset + n])})
            for i, text in enumerate(a["passages"]):
                ids.append(f"{a['article_id']}:{i}")
                docs.append(text)
                meta.append({"article_id": a["article_id"], "published_ts": a["published_ts"],
                             "idx": i})
            offset += n
        started = time.perf_counter()
        with store.writer():
            store.save_articles(records)
        t_store += time.perf_counter() - started
        started = time.perf_counter()
        bare.upsert(ids=ids, embeddings=vectors[first:offset], documents=docs, metadatas=meta)
        t_bare += time.perf_counter() - started
    store.db.execute("PRAGMA synchronous=FULL")
    return store, bare, {"store_build_s": round(t_store, 1), "bare_build_s": round(t_bare, 1)}


class _Precomputed:
    """An embedder that answers from a table of vectors computed beforehand."""

    def __init__(self, embedder, table: dict[str, list[float]]) -> None:
        self.name, self.dim, self.table = embedder.name, embedder.dim, table

    def encode(self, texts: list[str], batch_size: int = 32) -> list[list[float]]:
        return [self.table[t] for t in texts]


def measure(store, bare, embedder, queries: list[tuple[str, dt.date]], k: int = 5,
            warmup: int = 5) -> tuple[dict[str, list[float]], list[dict]]:
    """Milliseconds per variant per query (warm-up queries dropped) and each query's top ids."""
    from factcheck.dates import _dateparser_parse, day_end_ts
    from factcheck.retrieve import retrieve

    times: dict[str, list[float]] = {v: [] for v in VARIANTS}
    tops: list[dict] = []
    table: dict[str, list[float]] = {}
    fast = _Precomputed(embedder, table)
    for n, (query, as_of) in enumerate(list(queries[:warmup]) + list(queries)):
        lap: dict[str, float] = {}
        started = time.perf_counter()
        vector = embedder.encode([query])[0]
        lap["embed"] = time.perf_counter() - started
        table[query] = vector
        where = {"published_ts": {"$lte": day_end_ts(as_of)}}
        started = time.perf_counter()
        plain = bare.query(query_embeddings=[vector], n_results=k, include=["distances"])
        lap["bare"] = time.perf_counter() - started
        started = time.perf_counter()
        filtered = bare.query(query_embeddings=[vector], n_results=k, where=where,
                              include=["distances"])
        lap["bare_filtered"] = time.perf_counter() - started
        lap["bare_with_embed"] = lap["embed"] + lap["bare"]
        _dateparser_parse.cache_clear()  # a new claim's dates are not cached: both pay
        started = time.perf_counter()
        hybrid = retrieve(store, embedder, query, as_of, k=k)
        lap["hybrid"] = time.perf_counter() - started
        _dateparser_parse.cache_clear()
        started = time.perf_counter()
        no_embed = retrieve(store, fast, query, as_of, k=k)
        lap["hybrid_no_embed"] = time.perf_counter() - started
        pool = max(20, k * 4)
        started = time.perf_counter()
        store.search_dense(vector, day_end_ts(as_of), pool)
        lap["dense_leg"] = time.perf_counter() - started
        started = time.perf_counter()
        store.search_keywords(query, day_end_ts(as_of), pool)
        lap["keyword_leg"] = time.perf_counter() - started
        if n < warmup:
            continue
        for variant, seconds in lap.items():
            times[variant].append(seconds * 1000)
        tops.append({
            "query": query, "as_of": as_of.isoformat(),
            "bare": plain["ids"][0], "bare_filtered": filtered["ids"][0],
            "hybrid": [h.passage_id for h in hybrid],
            "hybrid_no_embed": [h.passage_id for h in no_embed],
            "hybrid_published": [h.published for h in hybrid],
        })
    return times, tops


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


def summarise(times: dict[str, list[float]]) -> dict:
    out = {v: {"p50_ms": round(percentile(t, 50), 2), "p95_ms": round(percentile(t, 95), 2),
               "mean_ms": round(statistics.fmean(t), 2) if t else None}
           for v, t in times.items()}
    for variant in ("hybrid", "hybrid_no_embed"):
        for base in ("bare", "bare_filtered", "bare_with_embed"):
            out[f"ratio_{variant}_to_{base}"] = {
                q: round(out[variant][q] / out[base][q], 2) for q in ("p50_ms", "p95_ms")
            }
    return out


def open_built(path: Path, n: int):
    """(store, collection) from an earlier run's --workdir, or None if it holds another build."""
    import chromadb

    from factcheck.store import Store

    if not (path / "built.json").exists() or json.loads(
            (path / "built.json").read_text())["passages"] != n:
        return None
    client = chromadb.PersistentClient(
        path=str(path / "bare"), settings=chromadb.Settings(anonymized_telemetry=False))
    return Store(path / "store"), client.get_collection("bare", embedding_function=None)


def run_size(n: int, queries, embedder, pool: np.ndarray, pool_info: dict, noise: float,
             k: int, warmup: int, workdir: Path | None = None) -> dict:
    articles = make_corpus(n)
    real = min(n, len(pool))
    with tempfile.TemporaryDirectory(prefix="qbench-") as tmp:
        path = workdir / str(n) if workdir else Path(tmp)
        opened = open_built(path, n) if workdir else None
        if opened:
            store, bare = opened
            build_times = json.loads((path / "built.json").read_text())["build"]
            log(f"[{n}] reusing the build in {path}")
        else:
            log(f"[{n}] building")
            vectors = derive_vectors(pool, n, noise)
            store, bare, build_times = build(path, articles, vectors, embedder)
            (path / "built.json").write_text(json.dumps({"passages": n, "build": build_times}))
            log(f"[{n}] built: {build_times}")
        times, _ = measure(store, bare, embedder, queries, k=k, warmup=warmup)
        store.close()
    return {
        "passages": n, "articles": len(articles), "real_vectors": real,
        "derived_vectors": n - real, "noise_sigma": noise, **pool_info, **build_times,
        "queries": len(queries), "warmup": warmup, "k": k, **summarise(times),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=80)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--pool", type=int, default=2000,
                        help="passages embedded with the real model; the rest are derived")
    parser.add_argument("--noise", type=float, default=0.02,
                        help="per-dimension sigma of the noise on derived vectors")
    parser.add_argument("--pool-cache", type=Path, help=".npy file to keep the pool vectors in")
    parser.add_argument("--workdir", type=Path,
                        help="build under WORKDIR/N and keep it; a later run reuses it")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from factcheck.embed import Embedder

    embedder = Embedder()
    embedder.encode(["warm up the model"])
    queries = make_queries(args.queries)
    # Same seed: every size's corpus starts with the same passages, so one pool serves all.
    texts = passage_texts(make_corpus(min(args.pool, max(args.passages))))
    started = time.perf_counter()
    cache = args.pool_cache
    if cache and cache.exists() and np.load(cache).shape == (len(texts), embedder.dim):
        pool = np.load(cache)
        log(f"pool vectors from {cache}")
        pool_info: dict = {"pool_from": str(cache)}
    else:
        pool = embed_pool(embedder, texts)
        if cache:
            np.save(cache, pool)
        seconds = time.perf_counter() - started
        log(f"embedded {len(texts)} pool passages in {seconds:.0f} s "
            f"({len(texts) / seconds:.1f}/s)")
        pool_info = {"pool_embed_s": round(seconds, 1),
                     "embed_passages_per_s": round(len(texts) / seconds, 1)}
    results = [run_size(n, queries, embedder, pool, pool_info, args.noise, args.k, args.warmup,
                        args.workdir) for n in args.passages]
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for r in results:
        print(f"{r['passages']} passages ({r['articles']} articles; {r['real_vectors']} real "
              f"vectors, {r['derived_vectors']} derived, noise sigma {r['noise_sigma']}); "
              f"build: store {r['store_build_s']} s, bare Chroma {r['bare_build_s']} s")
        print(f"  {'variant':18} {'p50 ms':>8} {'p95 ms':>8}")
        for v in VARIANTS:
            print(f"  {v:18} {r[v]['p50_ms']:8.2f} {r[v]['p95_ms']:8.2f}")
        for key in (k for k in r if k.startswith("ratio_")):
            print(f"  {key:38} p50 {r[key]['p50_ms']:5.2f}x  p95 {r[key]['p95_ms']:5.2f}x")


if __name__ == "__main__":
    main()
