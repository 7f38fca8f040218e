"""Server store against embedded store (not a test): ingest time and hybrid query latency at one
index size, the same articles and vectors written into both.

    PYTHONPATH=. nice -n 10 python bench/server_store.py --passages 100000
    PYTHONPATH=. python bench/server_store.py --passages 5000 --queries 30 --json
    PYTHONPATH=. python bench/server_store.py --store-url postgresql://... --chroma-url http://...

Stores: the embedded store (SQLite + embedded Chroma in a temporary directory) and the server
store (PostgreSQL + a Chroma server). Without --store-url/--chroma-url the servers are started
here as the tests start them (tests/servers.py: initdb/pg_ctl on 127.0.0.1, with fsync on as
SQLite has it, and ``chroma run``), on this machine's loopback; given URLs must name an empty
database and collection.

Corpus: bench/query_latency.py's synthetic news-like passages (recombined sentences of the
dev sets under real headlines, 40 outlets, dated over 2025-2026). Vectors: seeded random unit
vectors (384 dimensions, as all-MiniLM-L6-v2), nothing is embedded: this 2-core machine embeds
~10-30 passages a second, and neither store's speed depends on where a vector came from beyond
the spread that random vectors over-state (HNSW has the hardest time with them, on both
stores alike). Query vectors are random unit vectors too; the keyword leg gets real claims.

Ingest: ``Store.save_articles`` inside ``writer()`` in batches of --batch articles, as the
ingest pipeline writes (fetching, extraction and embedding excluded: they are the same for both
stores). Query: ``retrieve()`` with the query vector precomputed, k=5, as_of dates spread over
the corpus, warm-up queries dropped; the dense and keyword legs are also timed alone. The
machine is shared and its load drifts over a run, so the two stores take turns: batch by batch
while writing, query by query while reading (each going first every other time), both built
before either is queried; ``paired_hybrid_ratio_p50`` is the median over queries of the server
store's ``retrieve()`` time over the embedded store's for the same query.

Goals: server hybrid p50 <= 3x embedded; server ingest <= 1.3x embedded.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import query_latency as qbench  # noqa: E402

DIM = 384


class _Vectors:
    """An embedder that answers each query with its precomputed vector."""

    name, dim = "random-unit-vectors", DIM

    def __init__(self, table: dict[str, list[float]]) -> None:
        self.table = table

    def encode(self, texts: list[str], batch_size: int = 32) -> list[list[float]]:
        return [self.table[t] for t in texts]


def unit_vectors(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    out = rng.normal(size=(n, DIM)).astype(np.float32)
    return out / np.linalg.norm(out, axis=1, keepdims=True)


def batches(articles: list[dict], vectors: np.ndarray, batch: int) -> list[list[dict]]:
    out, offset = [], 0
    for start in range(0, len(articles), batch):
        records = []
        for a in articles[start:start + batch]:
            n = len(a["passages"])
            records.append({**a, "vectors": vectors[offset:offset + n].tolist()})
            offset += n
        out.append(records)
    return out


def ingest(stores: dict, articles: list[dict], vectors: np.ndarray, batch: int
           ) -> dict[str, float]:
    """Seconds each store spent writing, the stores taking turns batch by batch (the first
    one first every other batch), so that the machine's load falls on both alike."""
    for store in stores.values():
        store.check_embedder(_Vectors.name, DIM)
    seconds = dict.fromkeys(stores, 0.0)
    done = 0
    for n, records in enumerate(batches(articles, vectors, batch)):
        for name in list(stores)[:: 1 if n % 2 == 0 else -1]:
            started = time.perf_counter()
            with stores[name].writer():
                stores[name].save_articles(records)
            seconds[name] += time.perf_counter() - started
        done += len(records)
        if n % 20 == 0:
            qbench.log(f"  {done} / {len(articles)} articles in each store")
    return seconds


def query(stores: dict, queries, table, k: int, warmup: int) -> dict[str, dict[str, list]]:
    """Per store, per call, the milliseconds of each query: ``retrieve()`` and then each leg
    alone, the stores taking turns query by query (the first one first every other query), so
    that a change in the machine's load falls on both alike."""
    from factcheck.dates import _dateparser_parse, day_end_ts
    from factcheck.retrieve import retrieve

    embedder = _Vectors(table)
    times = {name: {"hybrid": [], "dense_leg": [], "keyword_leg": []} for name in stores}
    for n, (text, as_of) in enumerate(list(queries[:warmup]) + list(queries)):
        for name in list(stores)[:: 1 if n % 2 == 0 else -1]:
            store, lap = stores[name], {}
            _dateparser_parse.cache_clear()
            started = time.perf_counter()
            retrieve(store, embedder, text, as_of, k=k)
            lap["hybrid"] = time.perf_counter() - started
            started = time.perf_counter()
            store.search_dense(table[text], day_end_ts(as_of), max(20, 4 * k))
            lap["dense_leg"] = time.perf_counter() - started
            started = time.perf_counter()
            store.search_keywords(text, day_end_ts(as_of), max(20, 4 * k))
            lap["keyword_leg"] = time.perf_counter() - started
            if n >= warmup:
                for leg, seconds in lap.items():
                    times[name][leg].append(seconds * 1000)
    return times


def summary(times: dict[str, list[float]]) -> dict:
    return {name: {"p50_ms": round(float(np.percentile(t, 50)), 2),
                   "p95_ms": round(float(np.percentile(t, 95)), 2),
                   "mean_ms": round(statistics.fmean(t), 2)} for name, t in times.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--batch", type=int, default=200, help="articles per write")
    parser.add_argument("--store-url", default="")
    parser.add_argument("--chroma-url", default="")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    # A terminated run still stops the servers it started (the finally below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    from factcheck.store import Store

    articles = qbench.make_corpus(args.passages)
    total = sum(len(a["passages"]) for a in articles)
    vectors = unit_vectors(total, seed=3)
    queries = qbench.make_queries(args.queries, seed=11)
    table = dict(zip([q for q, _ in queries],
                     unit_vectors(len(queries), seed=5).tolist(), strict=True))
    started_servers = []
    with tempfile.TemporaryDirectory(prefix="server-bench-") as tmp:
        tmp_path = Path(tmp)
        store_url, chroma_url = args.store_url, args.chroma_url
        if not store_url:
            from tests.servers import PostgresCluster

            cluster = PostgresCluster(tmp_path / "pg", fsync=True)
            started_servers.append(cluster)
            store_url = cluster.new_database()
        if not chroma_url:
            from tests.servers import ChromaServer

            (tmp_path / "chroma").mkdir()
            chroma = ChromaServer(tmp_path / "chroma")
            started_servers.append(chroma)
            chroma_url = chroma.new_collection()
        try:
            stores = {
                "embedded": Store(tmp_path / "embedded"),
                "server": Store(tmp_path / "server-raw", store_url=store_url,
                                chroma_url=chroma_url),
            }
            # The machine is shared: the load beside the run says how far to trust it.
            report: dict = {"passages": total, "articles": len(articles),
                            "queries": len(queries), "batch_articles": args.batch,
                            "load_average_start": [round(x, 2) for x in os.getloadavg()]}
            qbench.log(f"ingesting {total} passages into each store")
            seconds = ingest(stores, articles, vectors, args.batch)
            report["load_average_queries_start"] = [round(x, 2) for x in os.getloadavg()]
            qbench.log("querying")
            times = query(stores, queries, table, 5, args.warmup)
            for name, store in stores.items():
                report[name] = {"ingest_s": round(seconds[name], 1), **summary(times[name])}
                store.close()
            # The same query on both stores, back to back: the ratio of each pair.
            pairs = [s / e for s, e in zip(times["server"]["hybrid"], times["embedded"]["hybrid"],
                                           strict=True)]
            report["paired_hybrid_ratio_p50"] = round(float(np.percentile(pairs, 50)), 2)
        finally:
            for server in started_servers:
                server.stop()
    report["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    report["ratio_server_to_embedded"] = {
        "ingest": round(report["server"]["ingest_s"] / report["embedded"]["ingest_s"], 2),
        **{f"{leg}_p50": round(report["server"][leg]["p50_ms"]
                               / report["embedded"][leg]["p50_ms"], 2)
           for leg in ("hybrid", "dense_leg", "keyword_leg")},
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        for name in ("embedded", "server"):
            r = report[name]
            print(f"{name:9} ingest {r['ingest_s']:7.1f} s   hybrid p50 "
                  f"{r['hybrid']['p50_ms']:7.2f} ms  p95 {r['hybrid']['p95_ms']:7.2f} ms  "
                  f" dense p50 "
                  f"{r['dense_leg']['p50_ms']:6.2f}  keyword p50 {r['keyword_leg']['p50_ms']:6.2f}")
        print("server / embedded:", json.dumps(report["ratio_server_to_embedded"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
