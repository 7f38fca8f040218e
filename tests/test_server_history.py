"""The check history on both engines: the embedded store and the server store (a throwaway
PostgreSQL cluster and ``chroma run``, tests/servers.py). Saved verdicts, re-checks after an
ingest, the commands, the web chat's history panel, ``factcheck migrate`` with the history, and
two processes saving checks at once. Real model and alignment judge; the scripted model where
the chat asks one."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

from factcheck.check import Checker
from factcheck.config import load_settings
from factcheck.history import History
from factcheck.news.ingest import ingest
from factcheck.probe import CutoffEstimate, load_estimate, save_estimate
from factcheck.recheck import Rechecker
from factcheck.store import Store
from tests.conftest import invoke
from tests.test_history import FIRE, FIRE_PAGE, MADURO, MADURO_PAGE, SHOOTING_PAGE
from tests.test_store_refresh import ROOT


def engine_store(tmp_path, engine: dict, embedder, *pages):
    """Settings of a store on ``engine`` holding ``pages``."""
    settings = load_settings(store=str(tmp_path / "s"), **engine)
    if pages:
        report = ingest([str(p) for p in pages], settings, embedder=embedder)
        assert len(report.added) == len(pages)
    return settings


def estimate(cutoff: str) -> CutoffEstimate:
    return CutoffEstimate(model="m", cutoff=cutoff, accuracy_before=0.9, accuracy_after=0.3,
                          p_value=0.001, items=8, rotations=1, probed_at="2026-01-02T00:00:00")


def server_args(settings) -> list[str]:
    args = ["--store", settings.store]
    if settings.store_url:
        args += ["--store-url", settings.store_url, "--chroma-url", settings.chroma_url]
    return args


def test_history_and_recheck_on_each_engine(tmp_path, engine, embedder):
    settings = engine_store(tmp_path, engine, embedder, FIRE_PAGE, SHOOTING_PAGE)
    checker = Checker(settings, embedder=embedder, record=True)
    assert checker.store.rows.engine == ("postgresql" if engine else "sqlite")
    checker.check(MADURO, "2026-01-31", judge="alignment")
    checker.check(FIRE, judge="alignment")
    history = History(checker.store)
    fire, maduro = history.checks()
    assert (fire.claim, fire.label, maduro.claim, maduro.label) == (
        FIRE, "SUPPORTED", MADURO, "NOT_ENOUGH_EVIDENCE")
    assert maduro.as_of == "2026-01-31" and maduro.verdict["claim"] == MADURO
    assert fire.confidence == fire.verdict["confidence"]  # kept exactly, not as a float32
    assert {c.claim: c.as_of for c in history.claims()} == {MADURO: "2026-01-31", FIRE: None}
    assert history.count() == {"claims": 2, "checks": 2}
    assert [r.claim for r in history.checks(label="SUPPORTED", since="2000-01-01")] == [FIRE]
    assert len(history.vectors(embedder.name)) == 2  # each claim's vector, saved once

    ingest([str(MADURO_PAGE)], settings, store=checker.store, embedder=embedder)
    report = Rechecker(settings, store=checker.store, embedder=embedder).run()
    assert (report.pending_articles, report.candidates, report.touched) == (3, 1, 1)
    [change] = report.changed
    assert (change["claim"], change["from"], change["to"]) == (
        MADURO, "NOT_ENOUGH_EVIDENCE", "SUPPORTED")
    new, old = history.checks(claim_id=history.get(change["check"]).claim_id)
    assert (new.trigger, new.status, old.status) == ("recheck", "current", "superseded")
    assert new.previous["verdict"] == old.verdict and new.change == change["change"]
    again = Rechecker(settings, store=checker.store, embedder=embedder).run()
    assert (again.pending_articles, again.touched) == (0, 0)

    # A probe's cutoff estimate is kept per model, and replaced by the next one.
    for cutoff in ("2024-03", "2024-09"):
        save_estimate(checker.store, estimate(cutoff))
    assert load_estimate(checker.store, "m").cutoff == "2024-09"
    assert load_estimate(checker.store, "other") is None


def test_commands_on_the_server_store(tmp_path, pg_cluster, chroma_server, embedder):
    """claim, ingest (with its re-check), history, recheck and export with --store-url."""
    settings = engine_store(tmp_path, {"store_url": pg_cluster.new_database(),
                                       "chroma_url": chroma_server.new_collection()},
                            embedder, FIRE_PAGE, SHOOTING_PAGE)
    server = server_args(settings)
    for claim in (MADURO, FIRE):
        code, _, err = invoke("claim", claim, "--as-of", "2026-01-31", "--judge", "alignment",
                              *server, "--json")
        assert code == 0, err
    code, out, _ = invoke("history", *server, "--json")
    checks = json.loads(out)["checks"]
    assert [(c["claim"], c["label"]) for c in checks] == [(FIRE, "SUPPORTED"),
                                                           (MADURO, "NOT_ENOUGH_EVIDENCE")]
    code, out, _ = invoke("history", *server, "--show", str(checks[1]["id"]))
    assert code == 0 and f"Claim: {MADURO}" in out

    code, out, err = invoke("ingest", str(MADURO_PAGE), *server, "--json")
    assert code == 0, err
    recheck = json.loads(out)["recheck"]
    assert (recheck["touched"], recheck["rechecked"]) == (1, 1)
    assert recheck["changed"][0]["to"] == "SUPPORTED" and "SUPPORTED since" in err
    code, out, _ = invoke("recheck", *server, "--json")
    assert code == 0 and json.loads(out)["pending_articles"] == 0

    code, out, _ = invoke("export", *server)
    reviews = json.loads(out)
    assert [(r["claimReviewed"], r["reviewRating"]["alternateName"]) for r in reviews] == [
        (MADURO, "SUPPORTED"), (FIRE, "SUPPORTED")]
    code, out, _ = invoke("export", *server, "--format", "csv", "--all-checks")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["trigger"] for r in rows] == ["recheck", "check", "check"]
    assert rows[0]["change"].startswith("NOT_ENOUGH_EVIDENCE on ")


def test_the_chat_history_panel_on_the_server_store(tmp_path, pg_cluster, chroma_server,
                                                    embedder, fake_llm):
    from factcheck.web.app import Handlers
    from factcheck.web.engine import Engine
    from tests.test_app_api import supports_first

    settings = engine_store(tmp_path, {"store_url": pg_cluster.new_database(),
                                       "chroma_url": chroma_server.new_collection()},
                            embedder, FIRE_PAGE, MADURO_PAGE)
    fake_llm.script = supports_first
    engine = Engine(settings.replace(backend="fake"), embedder=embedder)
    try:
        handlers = Handlers(engine)
        handlers.check(MADURO, "2026-01-31")
        panel, update = handlers.history_view()
        assert MADURO in panel and "fc-label-SUPPORTED" in panel
        [(_, check_id)] = update["choices"]
        shown = handlers.reopen(check_id, [])[-1]["content"]
        assert f"Check #{check_id} of " in shown
        rows = list(csv.DictReader(open(handlers.export("CSV"), encoding="utf-8")))
        assert [(r["claim"], r["label"]) for r in rows] == [(MADURO, "SUPPORTED")]
    finally:
        engine.close()


def _history_of(store: Store) -> list[dict]:
    return [r.to_dict() for r in History(store).checks()]


def test_migrate_copies_the_history_both_ways(tmp_path, pg_cluster, chroma_server, embedder):
    local = engine_store(tmp_path, {}, embedder, FIRE_PAGE, SHOOTING_PAGE)
    checker = Checker(local, embedder=embedder, record=True)
    checker.check(MADURO, "2026-01-31", judge="alignment")
    checker.check(FIRE, "2026-01-31", judge="alignment")
    checker.check(MADURO, "2026-01-31", judge="alignment")
    # News that arrived since: the copies must still re-check MADURO, and only for it.
    ingest([str(MADURO_PAGE)], local, store=checker.store, embedder=embedder)
    save_estimate(checker.store, estimate("2024-09"))
    before = _history_of(checker.store)
    queue = checker.store.rows.recheck_queue()
    checker.store.close()

    urls = {"store_url": pg_cluster.new_database(), "chroma_url": chroma_server.new_collection()}
    server = ["--store-url", urls["store_url"], "--chroma-url", urls["chroma_url"]]
    code, out, err = invoke("migrate", "--store", local.store, *server, "--json")
    assert code == 0, err
    counts = json.loads(out)
    assert counts["target"]["claims"] == counts["source"]["claims"] == 2
    assert counts["target"]["checks"] == counts["source"]["checks"] == 3
    remote = Store.from_settings(load_settings(store=local.store, **urls))
    assert _history_of(remote) == before  # ids, verdicts, status and changes alike
    assert remote.rows.recheck_queue() == queue
    assert load_estimate(remote, "m").cutoff == "2024-09"
    assert History(remote).vectors(embedder.name).keys() == {1, 2}

    back = tmp_path / "back"
    code, out, err = invoke("migrate", "--to", "embedded", "--store", str(back), *server,
                            "--json")
    assert code == 0, err
    assert json.loads(out)["target"]["checks"] == 3
    copy = Store(back)
    assert _history_of(copy) == before and copy.rows.recheck_queue() == queue

    # The server store goes on from the copied ids, and re-checks what the source would.
    report = Rechecker(load_settings(store=local.store, **urls), store=remote,
                       embedder=embedder).run()
    assert report.touched == 1 and report.changed[0]["claim"] == MADURO
    assert report.changed[0]["check"] == max(r["id"] for r in before) + 1
    code, _, err = invoke("migrate", "--to", "embedded", "--store", str(back), *server)
    assert code == 1 and "already holds" in err


WRITER = """
import json, sys
from factcheck.config import Settings
from factcheck.history import History
from factcheck.store import Store
store, store_url, chroma_url, name, n = sys.argv[1:]
history = History(Store.from_settings(Settings(store=store, store_url=store_url,
                                               chroma_url=chroma_url)))
for i in range(int(n)):
    # Every other claim is one both writers check; the rest are this writer's own.
    claim = f"Shared claim {i // 2}." if i % 2 == 0 else f"Claim {i} of {name}."
    verdict = {"claim": claim, "label": "SUPPORTED", "confidence": 0.75, "citations": [],
               "temporal": {"as_of": "2026-01-31"}, "model": {"name": name}}
    history.record(verdict, judge="alignment", as_of="2026-01-31", top_k=5)
"""


def test_two_processes_saving_checks_at_once_lose_nothing(tmp_path, engine):
    n = 60
    settings = load_settings(store=str(tmp_path / "s"), **engine)
    Store.from_settings(settings).close()  # created (and migrated) before the race
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, settings.store,
                                 settings.store_url, settings.chroma_url, name, str(n)],
                                cwd=ROOT, stderr=subprocess.PIPE, text=True)
               for name in ("a", "b")]
    for w in writers:
        _, err = w.communicate(timeout=300)
        assert w.returncode == 0, err
    history = History(Store.from_settings(settings))
    records = history.checks()
    assert history.count() == {"claims": n // 2 + n, "checks": 2 * n}
    assert len({r.id for r in records}) == 2 * n
    by_claim: dict[str, list[str]] = {}
    for r in records:
        by_claim.setdefault(r.claim, []).append(r.model)
    shared = {c: m for c, m in by_claim.items() if c.startswith("Shared")}
    assert len(shared) == n // 2 and all(sorted(m) == ["a", "b"] for m in shared.values())
    for name in ("a", "b"):
        own = [c for c, m in by_claim.items() if m == [name]]
        assert len(own) == n // 2
    # Each shared claim has one current check; the other writer's is superseded.
    assert sum(r.status == "current" for r in records) == n // 2 + n


def test_a_store_from_before_the_history_is_migrated(tmp_path, pg_cluster):
    """A server store made before the history had its tables gets them on open, with its
    articles kept, and its new articles are queued for re-checks."""
    import psycopg

    from factcheck.store_postgres import MIGRATIONS
    from tests.test_server_store import record

    url = pg_cluster.new_database()
    store = Store(tmp_path / "s", store_url=url)
    with store.writer():
        store.save_articles([record("old", 2, ["An article from before."])])
    store.close()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TABLE checks, claims, recheck_pending, cutoff_estimates, "
                     "term_frequency")
        conn.execute("DROP TRIGGER articles_recheck ON articles")
        conn.execute("DROP FUNCTION factcheck_queue_recheck")
        conn.execute("ALTER TABLE passages DROP COLUMN ja_words")
        conn.execute("DELETE FROM schema_migrations WHERE version >= 2")
    store = Store(tmp_path / "s", store_url=url)
    assert store.rows.version == MIGRATIONS[-1][0]
    assert store.stats()["articles"] == 1
    assert store.rows.history_counts() == {"claims": 0, "checks": 0}
    assert store.rows.recheck_queue() == (0, [])
    with store.writer():
        store.save_articles([record("new", 3, ["An article from after."])])
    assert store.rows.recheck_queue()[1] == ["new"]
