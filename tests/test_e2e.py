"""End to end through the real stack: the embedded GGUF model (llama.cpp), real Chroma on disk,
real sentence-transformers, and a feed with its article pages served over HTTP on 127.0.0.1."""

import json
import os
import subprocess
import sys

import pytest

from factcheck.evalkit.render import render_article, render_feed
from tests.conftest import ENGINES, engine_settings

pytestmark = pytest.mark.e2e

LABELS = {"SUPPORTED", "REFUTED", "NOT_ENOUGH_EVIDENCE", "CONFLICTING"}


def factcheck(*args, check=True):
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACTCHECK_")}
    env["HF_HUB_OFFLINE"] = "1"
    proc = subprocess.run([sys.executable, "-m", "factcheck", *args], capture_output=True,
                          text=True, env=env, timeout=600)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture(scope="module", params=ENGINES)
def news(request, tmp_path_factory, events):
    """Serve four events as a feed and pages on loopback; ingest them through the CLI, into the
    embedded store and into the server store."""
    from tests.loopback import LoopbackServer

    srv = LoopbackServer()
    chosen = events[:4]
    items = []
    for e in chosen:
        url = srv.add(f"/news/{e['id']}.html", render_article(e))
        items.append((e, url))
    feed = srv.add("/feed.xml", render_feed("Loopback News", srv.base, items),
                   content_type="application/rss+xml")
    store = ["--store", str(tmp_path_factory.mktemp("e2e") / "store")]
    for name, url in engine_settings(request, request.param).items():
        store += [f"--{name.replace('_', '-')}", url]
    refused = factcheck("ingest", feed, *store, check=False)
    ingested = factcheck("ingest", feed, *store, "--allow-private", "--json")
    again = factcheck("ingest", feed, *store, "--allow-private", "--json")
    yield {"store": store, "events": chosen, "refused": refused,
           "report": json.loads(ingested.stdout), "again": json.loads(again.stdout)}
    srv.close()


@pytest.fixture(scope="module")
def events():
    from tests.conftest import load_events

    return load_events()


def test_loopback_feed_refused_without_allow_private(news):
    assert news["refused"].returncode == 1
    assert "--allow-private" in news["refused"].stderr
    assert len(news["refused"].stderr.strip().splitlines()) <= 3


def test_feed_ingested_once(news):
    assert news["report"]["added"] == 4 and news["report"]["failed"] == []
    assert news["again"]["added"] == 0 and news["again"]["unchanged"] == 4


def check(news, claim, as_of):
    proc = factcheck("claim", claim, *news["store"], "--as-of", as_of, "--json")
    return json.loads(proc.stdout)


def assert_contract_and_rules(verdict, as_of):
    assert verdict["label"] in LABELS
    assert 0.0 <= verdict["confidence"] <= 1.0
    assert verdict["confidence"] == round(verdict["confidence"], 3)  # 3 decimals, as documented
    assert verdict["model"]["backend"] == "llama.cpp"
    assert "smollm2" in verdict["model"]["name"].lower()
    assert verdict["temporal"]["model_cutoff"] == "2024-06"
    assert verdict["temporal"]["as_of"] == as_of
    for c in verdict["citations"]:
        assert c["published"] <= as_of  # nothing after as_of
        # the page's address: a page on 127.0.0.1 cannot speak for the outlet it names
        assert c["url"].startswith("http://127.0.0.1:") and c["title"] and c["snippet"]
        assert c["stance"] in {"supports", "refutes", "neutral"}
    stances = {c["stance"] for c in verdict["citations"]}
    if verdict["label"] == "REFUTED":
        assert "refutes" in stances
    if verdict["label"] == "SUPPORTED":
        assert "supports" in stances


def test_real_model_verdicts_follow_the_contract_and_the_rules(news):
    event = news["events"][0]
    for claim in event["claims"]:
        verdict = check(news, claim["text"], "2026-11-28")
        assert_contract_and_rules(verdict, "2026-11-28")
        assert verdict["timings_ms"]["llm"] > 0


def test_real_model_before_the_news_cites_nothing(news):
    event = news["events"][0]
    verdict = check(news, event["claims"][0]["text"], "2026-01-02")
    assert_contract_and_rules(verdict, "2026-01-02")
    assert verdict["citations"] == []
    assert verdict["label"] == "NOT_ENOUGH_EVIDENCE"
    assert any("2024-06" in n for n in verdict["notes"])


def test_real_search_and_stats(news):
    event = news["events"][1]
    found = json.loads(factcheck("search", event["headline"], *news["store"],
                                 "--json").stdout)
    assert found["results"][0]["title"] == event["headline"]
    stats = json.loads(factcheck("stats", *news["store"], "--json").stdout)
    assert stats["articles"] == 4 and stats["passages"] >= 4
    assert stats["model_cutoff"] == "2024-06"
