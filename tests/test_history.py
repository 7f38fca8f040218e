"""Check history and re-checks over a real store (SQLite + Chroma), the real embedding model and
the alignment judge (no LLM): saved verdicts, the numbered migrations, which claims new news
touches, changed verdicts with both versions, stale marking."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from factcheck.check import Checker
from factcheck.config import load_settings
from factcheck.errors import InputError
from factcheck.history import History, change_sentence, weights_version
from factcheck.migrations import MIGRATIONS, schema_version
from factcheck.news.ingest import ingest
from factcheck.recheck import Rechecker, touched_claims
from factcheck.store import Store
from tests.test_app_api import SAMPLE

FIRE_PAGE = SAMPLE / "2026-01-01-n26-003.html"
MADURO_PAGE = SAMPLE / "2026-01-03-n26-001.html"
SHOOTING_PAGE = SAMPLE / "2026-01-07-n26-005.html"
MADURO = "US special forces seized Nicolás Maduro in a raid on Caracas."
FIRE = "About 40 people died in a New Year's fire at a bar in Crans-Montana."
LATEST = len(MIGRATIONS)


def make_store(path, embedder, *pages) -> str:
    settings = load_settings(store=str(path))
    report = ingest([str(p) for p in pages], settings, embedder=embedder)
    assert len(report.added) == len(pages)
    return str(path)


def test_a_new_store_has_every_migration(tmp_path):
    store = Store(tmp_path / "s")
    assert schema_version(store.db) == LATEST
    tables = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master")}
    assert {"claims", "checks", "recheck_pending", "cutoff_estimates", "passages_ja"} <= tables


def test_an_old_store_is_migrated_on_open_and_keeps_its_articles(tmp_path, embedder):
    path = make_store(tmp_path / "s", embedder, FIRE_PAGE)
    db = sqlite3.connect(f"{path}/factcheck.sqlite3")
    # Back to the store as it was before the history existed.
    for table in ("checks", "claims", "recheck_pending", "cutoff_estimates"):
        db.execute(f"DROP TABLE {table}")
    db.execute("DROP TRIGGER articles_recheck")
    db.execute("DROP TABLE passages_ja")
    db.execute("PRAGMA user_version = 0")
    db.commit()
    db.close()
    store = Store(path)
    assert schema_version(store.db) == LATEST
    assert store.stats()["articles"] == 1
    assert store.db.execute("SELECT COUNT(*) FROM recheck_pending").fetchone()[0] == 0
    store.close()
    assert schema_version(Store(path).db) == LATEST  # a second open applies nothing


@pytest.fixture
def checked(tmp_path, embedder):
    """A store without the Maduro story, and two claims checked against it."""
    path = make_store(tmp_path / "s", embedder, FIRE_PAGE, SHOOTING_PAGE)
    settings = load_settings(store=path)
    checker = Checker(settings, embedder=embedder, record=True)
    maduro = checker.check(MADURO, "2026-01-31", judge="alignment")
    fire = checker.check(FIRE, judge="alignment")
    assert (maduro.label, fire.label) == ("NOT_ENOUGH_EVIDENCE", "SUPPORTED")
    return settings, checker


def test_every_check_is_saved_with_its_verdict(checked):
    settings, checker = checked
    history = History(checker.store)
    records = history.checks()
    assert [r.claim for r in records] == [FIRE, MADURO]  # newest first
    fire, maduro = records
    assert maduro.as_of == "2026-01-31" and fire.as_of == dt.date.today().isoformat()
    assert maduro.verdict["label"] == maduro.label == "NOT_ENOUGH_EVIDENCE"
    assert fire.verdict["citations"][0]["url"].startswith("https://")
    assert fire.judge == "alignment" and fire.weights == weights_version()
    assert fire.weights.startswith("sha256:") and fire.model
    assert fire.trigger == "check" and fire.status == "current"
    # The claim remembers what re-checks track: a fixed day, or today.
    claims = {c.claim: c for c in history.claims()}
    assert claims[MADURO].as_of == "2026-01-31" and claims[FIRE].as_of is None
    assert [r.claim for r in history.checks(label="supported")] == [FIRE]
    assert history.checks(since="2999-01-01") == []
    assert len(history.checks(since=dt.date.today().isoformat())) == 2


def test_bad_filters_name_the_fix(checked):
    history = History(checked[1].store)
    with pytest.raises(InputError, match="use one of SUPPORTED"):
        history.checks(label="TRUE")
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        history.checks(since="last week")
    with pytest.raises(InputError, match="no check #99"):
        history.get(99)


def test_news_that_arrives_rechecks_only_the_claims_it_touches(checked, embedder):
    settings, checker = checked
    ingest([str(MADURO_PAGE)], settings, store=checker.store, embedder=embedder)
    report = Rechecker(settings, store=checker.store, embedder=embedder).run()
    # The two articles there before the checks are queued too; written before the claims
    # were checked, they touch nothing (the fire story would otherwise touch FIRE).
    assert report.saved_claims == 2 and report.pending_articles == 3
    assert report.candidates == report.touched == 1
    assert report.rechecked == 1 and report.unchanged == 0
    [change] = report.changed
    assert (change["claim"], change["from"], change["to"]) == (
        MADURO, "NOT_ENOUGH_EVIDENCE", "SUPPORTED")
    day = dt.date.today()
    spoken = f"{day.day} {day.strftime('%B')}"
    assert change["change"].startswith(
        f"NOT_ENOUGH_EVIDENCE on {spoken}, SUPPORTED since {spoken}, because [1] ")
    assert "Maduro" in change["change"] and "(news.sky.com, 2026-01-03)" in change["change"]

    # Both versions are kept; the new one says what it replaced.
    history = History(checker.store)
    new, old = history.checks(claim_id=history.get(change["check"]).claim_id)
    assert (new.label, new.trigger, new.status) == ("SUPPORTED", "recheck", "current")
    assert new.as_of == "2026-01-31"  # the claim's own day, not the re-check's
    assert (old.label, old.status, old.change) == ("NOT_ENOUGH_EVIDENCE", "superseded", None)
    assert new.previous["label"] == "NOT_ENOUGH_EVIDENCE"
    assert new.previous["verdict"] == old.verdict

    # The queue is consumed: nothing new, nothing to re-check.
    again = Rechecker(settings, store=checker.store, embedder=embedder).run()
    assert (again.pending_articles, again.touched, again.rechecked) == (0, 0, 0)


def test_news_published_after_a_claims_as_of_day_does_not_touch_it(tmp_path, embedder):
    path = make_store(tmp_path / "s", embedder, FIRE_PAGE)
    settings = load_settings(store=path)
    checker = Checker(settings, embedder=embedder, record=True)
    checker.check(MADURO, "2026-01-02", judge="alignment")  # the raid was on 3 January
    later = "Nicolás Maduro was captured by US forces in Caracas."
    checker.check(later, "2026-01-31", judge="alignment")
    ingest([str(MADURO_PAGE)], settings, store=checker.store, embedder=embedder)
    report = Rechecker(settings, store=checker.store, embedder=embedder).run()
    assert (report.pending_articles, report.touched, report.rechecked) == (2, 1, 1)
    assert [c["claim"] for c in report.changed] == [later]


def test_recheck_all_and_stale(checked, embedder):
    settings, checker = checked
    everything = Rechecker(settings, store=checker.store, embedder=embedder).run(every=True)
    assert everything.touched == everything.rechecked == everything.unchanged == 2
    # Nothing is older than a week; with an age of 0 days, every verdict is stale.
    assert Rechecker(settings, store=checker.store, embedder=embedder).run(stale=True).touched == 0
    hasty = settings.replace(stale_after_days=0.0)
    assert {r.status for r in History(checker.store, 0.0).checks(latest=True)} == {"stale"}
    stale = Rechecker(hasty, store=checker.store, embedder=embedder).run(stale=True)
    assert stale.touched == 2 and stale.changed == []


def test_touched_by_shared_words_when_the_vectors_disagree(checked, embedder):
    """The word test stands on its own: a claim whose stored vector points elsewhere is still
    touched by a passage that holds most of its words."""
    import numpy as np

    settings, checker = checked
    history = History(checker.store)
    claims = history.claims()
    ingest([str(MADURO_PAGE)], settings, store=checker.store, embedder=embedder)
    new = [r[0] for r in checker.store.db.execute("SELECT article_id FROM recheck_pending")]
    away = np.zeros(embedder.dim, dtype=np.float32)
    away[0] = 1.0  # a unit vector no passage is near
    vectors = {c.id: away.tobytes() for c in claims}
    maduro = next(c for c in claims if c.claim == MADURO)
    touched = touched_claims(checker.store, claims, vectors, new)
    assert list(touched) == [maduro.id]  # by its words alone: FIRE shares none
    maduro.claim = "The Venezuelan leader was detained by American troops."  # no shared words
    assert touched_claims(checker.store, claims, vectors, new) == {}
    real = Rechecker(settings, store=checker.store, embedder=embedder)._vectors(claims)
    # The vector saved with the claim (of its first wording) touches it by meaning.
    assert list(touched_claims(checker.store, claims, real, new)) == [maduro.id]


@pytest.mark.parametrize("new_label, citations, reason", [
    ("SUPPORTED", [{"n": 1, "stance": "neutral", "url": "u1", "title": "T1", "source": "s",
                    "published": "2026-01-03"},
                   {"n": 2, "stance": "supports", "url": "u2", "title": "T2", "source": "s",
                    "published": "2026-01-04"}], "because [2] T2 (s, 2026-01-04)"),
    ("REFUTED", [{"n": 3, "stance": "refutes", "url": "old", "title": "Old", "source": "s",
                  "published": "2026-01-02"},
                 {"n": 1, "stance": "refutes", "url": "u1", "title": "New", "source": "s",
                  "published": "2026-01-04"}], "because [1] New (s, 2026-01-04)"),
    ("NOT_ENOUGH_EVIDENCE", [], "because no passage in the index settles it now"),
])
def test_change_sentence_names_the_evidence_that_changed_it(new_label, citations, reason):
    old = {"citations": [{"url": "old"}]}
    sentence = change_sentence("CONFLICTING", "2026-01-03T10:00:00.000", new_label,
                               "2026-01-04T08:00:00.000", {"citations": citations}, old)
    assert sentence == f"CONFLICTING on 3 January, {new_label} since 4 January, {reason}"
    across = change_sentence("SUPPORTED", "2025-12-31T10:00:00.000", "REFUTED",
                             "2026-01-01T10:00:00.000", {"citations": []})
    assert across == "SUPPORTED on 31 December 2025, REFUTED since 1 January 2026"


def test_evidence_prepared_in_one_batch_is_what_the_judge_reads(tmp_path, embedder):
    """prepare_alignment embeds every text the evidence judge reads for a batch of claims in
    one call, and the verdicts are those reached without it."""
    from factcheck.embed import Embedder
    from factcheck.judge import judge_alignment, prepare_alignment
    from factcheck.retrieve import retrieve

    store = Store(make_store(tmp_path / "s", embedder, FIRE_PAGE, MADURO_PAGE, SHOOTING_PAGE))
    day = dt.date(2026, 1, 31)
    items = [(claim, retrieve(store, embedder, claim, day, k=5)) for claim in (MADURO, FIRE)]
    prepared, plain = Embedder(), Embedder()  # empty caches
    calls: list[int] = []
    encode = prepared.encode
    prepared.encode = lambda texts, batch_size=32: calls.append(len(texts)) or encode(texts)
    n = prepare_alignment(items, prepared)
    assert calls == [n] and n > 2 * len(items)
    for claim, hits in items:
        got = judge_alignment(claim, hits, prepared, day)
        want = judge_alignment(claim, hits, plain, day)
        assert calls == [n]  # nothing left to embed
        assert got.label == want.label
        assert got.probs == pytest.approx(want.probs, abs=1e-5)
