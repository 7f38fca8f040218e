"""Ingestion benchmark (not a test): articles per second end to end from a loopback feed,
next to trafilatura alone on the same pages and the embedding model alone on the same passages,
all in one run.

    PYTHONPATH=. python bench/ingest_bench.py                # 500 articles of ~600 words
    PYTHONPATH=. python bench/ingest_bench.py --articles 100 --json

Goal (issue 4): end-to-end ingestion costs at most 1.3x the embedding alone.
"""

from __future__ import annotations

import argparse
import html
import http.server
import json
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def vocabulary() -> list[str]:
    text = " ".join(json.loads(line)["article"] for line in
                    (ROOT / "evals" / "data" / "news2026_dev.jsonl").read_text("utf-8").splitlines()
                    if line.strip())
    return sorted({w.strip(".,;:\"'()").lower() for w in text.split() if w.isalpha()})


def make_pages(n: int, words: int, seed: int = 1) -> list[tuple[str, str]]:
    """(title, html) pairs: distinct news-length pages built from the dataset's vocabulary."""
    vocab = vocabulary()
    rng = random.Random(seed)
    pages = []
    for i in range(n):
        paras, count = [], 0
        while count < words:
            sentences = [
                " ".join(rng.choice(vocab) for _ in range(rng.randint(10, 22))).capitalize() + "."
                for _ in range(rng.randint(2, 4))
            ]
            paras.append(" ".join(sentences))
            count += sum(len(s.split()) for s in sentences)
        title = f"Report {i}: " + " ".join(rng.choice(vocab) for _ in range(6))
        day = f"2026-{1 + i % 10:02d}-{1 + i % 28:02d}T09:00:00+00:00"
        body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paras)
        pages.append((title, f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{html.escape(title)}</title><meta property="og:site_name" content="bench.example">
<meta property="article:published_time" content="{day}"></head><body>
<header><nav><a href="/">Home</a></nav></header><main><article><h1>{html.escape(title)}</h1>
{body}</article></main><footer>(c) bench</footer></body></html>"""))
    return pages


def serve(routes: dict[str, tuple[str, bytes]]) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802
            ctype, body = routes.get(self.path, ("text/plain", b"missing"))
            self.send_response(200 if self.path in routes else 404)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--words", type=int, default=600, help="words per article")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from factcheck.config import Settings
    from factcheck.embed import Embedder
    from factcheck.news.chunk import chunk_text
    from factcheck.news.extract import extract_html
    from factcheck.news.fetch import Fetcher
    from factcheck.news.ingest import Ingestor

    pages = make_pages(args.articles, args.words)
    routes = {f"/a/{i}.html": ("text/html; charset=utf-8", page.encode("utf-8"))
              for i, (_, page) in enumerate(pages)}
    httpd, base = serve(routes)
    items = "".join(f"<item><title>{html.escape(t)}</title><link>{base}/a/{i}.html</link></item>"
                    for i, (t, _) in enumerate(pages))
    routes["/feed.xml"] = ("application/rss+xml", (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>bench</title>'
        f"<link>{base}/</link><description>bench</description>{items}</channel></rss>"
    ).encode())

    embedder = Embedder()
    embedder.encode(["warm up the model"] * 8)

    started = time.perf_counter()
    articles = [extract_html(body, f"{base}/a/{i}.html") for i, (_, body) in
                enumerate(routes[f"/a/{i}.html"] for i in range(len(pages)))]
    t_extract = time.perf_counter() - started

    texts = [f"{a.title} ({a.published[:10]}). {p}" for a in articles for p in chunk_text(a.text)]
    started = time.perf_counter()
    embedder.encode(texts, batch_size=64)
    t_embed = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(store=str(Path(tmp) / "store"), allow_private=True)
        fetcher = Fetcher(allow_private=True)
        ingestor = Ingestor(settings, embedder=embedder, fetcher=fetcher, workers=args.workers)
        started = time.perf_counter()
        report = ingestor.run([base + "/feed.xml"]).to_dict()
        t_ingest = time.perf_counter() - started
        fetcher.close()
    httpd.shutdown()

    result = {
        "articles": args.articles,
        "words_per_article": args.words,
        "passages": len(texts),
        "added": report["added"],
        "failed": len(report["failed"]) + len(report["skipped"]),
        "trafilatura_alone_s": round(t_extract, 2),
        "embedding_alone_s": round(t_embed, 2),
        "ingest_end_to_end_s": round(t_ingest, 2),
        "ingest_articles_per_s": round(report["added"] / t_ingest, 1),
        "ratio_ingest_to_embedding": round(t_ingest / t_embed, 2),
        "goal_ratio": 1.3,
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for key, value in result.items():
            print(f"{key:28} {value}")
    if report["added"] != args.articles:
        print(f"warning: {report['added']} of {args.articles} articles went in", file=sys.stderr)


if __name__ == "__main__":
    main()
