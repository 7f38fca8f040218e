"""`factcheck history | recheck | export | probe-cutoff`, and the re-check that follows
`factcheck ingest`, through the real command line, store and embedding model (alignment judge;
the scripted models of conftest and test_probe where a model is asked)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.conftest import invoke
from tests.test_history import FIRE, FIRE_PAGE, MADURO, MADURO_PAGE, SHOOTING_PAGE, make_store
from tests.test_probe import ITEMS


@pytest.fixture
def store(tmp_path, embedder):
    path = make_store(tmp_path / "s", embedder, FIRE_PAGE, SHOOTING_PAGE)
    for claim, as_of in ((MADURO, "2026-01-31"), (FIRE, "2026-01-31")):
        code, out, err = invoke("claim", claim, "--as-of", as_of, "--judge", "alignment",
                             "--store", path, "--json")
        assert code == 0, err
    return path


def test_history_lists_filters_and_reopens(store):
    code, out, _ = invoke("history", "--store", store, "--json")
    checks = json.loads(out)["checks"]
    assert code == 0 and [c["claim"] for c in checks] == [FIRE, MADURO]
    assert checks[0]["verdict"]["label"] == checks[0]["label"] == "SUPPORTED"
    assert checks[1]["judge"] == "alignment" and checks[1]["as_of"] == "2026-01-31"
    code, out, _ = invoke("history", "--store", store, "--label", "not_enough_evidence",
                       "--json")
    assert [c["claim"] for c in json.loads(out)["checks"]] == [MADURO]
    code, out, _ = invoke("history", "--store", store)
    assert code == 0 and out.count("\n") == 2 and "SUPPORTED" in out.splitlines()[0]
    first = checks[1]["id"]
    code, out, _ = invoke("history", "--store", store, "--show", str(first))
    assert code == 0 and out.startswith(f"Check #{first} of ")
    assert "NOT_ENOUGH_EVIDENCE" in out and f"Claim: {MADURO}" in out
    code, out, _ = invoke("history", "--store", store, "--show", str(first), "--json")
    assert json.loads(out)["verdict"]["claim"] == MADURO


@pytest.mark.parametrize("args, message", [
    (["--label", "TRUE"], "use one of SUPPORTED"),
    (["--since", "yesterday"], "YYYY-MM-DD"),
    (["--show", "99"], "no check #99"),
])
def test_history_bad_input_is_one_line(store, args, message):
    code, out, err = invoke("history", "--store", store, *args)
    assert code == 1 and out == "" and message in err and len(err.strip().splitlines()) == 1


def test_history_of_a_missing_store_says_so(tmp_path):
    code, _, err = invoke("history", "--store", str(tmp_path / "none"))
    assert code == 1 and "no store at" in err and not (tmp_path / "none").exists()


def test_ingest_rechecks_the_claims_its_articles_touch(store):
    code, out, err = invoke("ingest", str(MADURO_PAGE), "--store", store, "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["added"] == 1
    assert report["recheck"]["touched"] == 1 and report["recheck"]["rechecked"] == 1
    [change] = report["recheck"]["changed"]
    assert change["claim"] == MADURO and change["to"] == "SUPPORTED"
    assert "changed  " + MADURO in err and "SUPPORTED since" in err
    code, out, _ = invoke("history", "--store", store, "--latest")
    assert "changed: NOT_ENOUGH_EVIDENCE on " in out
    code, out, _ = invoke("recheck", "--store", store, "--json")  # nothing new since
    assert code == 0 and json.loads(out)["touched"] == 0


def test_ingest_without_recheck_leaves_it_for_later(store):
    code, out, _ = invoke("ingest", str(MADURO_PAGE), "--store", store, "--json",
                       "--no-recheck")
    assert code == 0 and "recheck" not in json.loads(out)
    code, out, err = invoke("recheck", "--store", store)
    assert code == 0 and "re-checked 1 of 2 saved claims" in out
    assert "NOT_ENOUGH_EVIDENCE on" in out and "[1/1]" in err  # progress on stderr


def test_recheck_all_with_another_judge(store, fake_llm, monkeypatch):
    monkeypatch.setenv("FACTCHECK_BACKEND", "fake")
    code, out, _ = invoke("recheck", "--all", "--judge", "llm", "--store", store, "--json")
    data = json.loads(out)
    assert code == 0 and data["rechecked"] == 2 and len(fake_llm.calls) == 2
    # The scripted model answers NOT_ENOUGH_EVIDENCE: the fire claim changed.
    assert [c["claim"] for c in data["changed"]] == [FIRE]
    code, out, _ = invoke("history", "--store", store, "--json", "--latest")
    assert {c["judge"] for c in json.loads(out)["checks"]} == {"llm"}


def test_export_formats(store, tmp_path):
    code, out, _ = invoke("export", "--store", store)
    reviews = json.loads(out)
    assert code == 0 and [r["claimReviewed"] for r in reviews] == [FIRE, MADURO]
    assert reviews[0]["reviewRating"]["alternateName"] == "SUPPORTED"
    code, out, _ = invoke("export", "--store", store, "--format", "csv", "--label",
                       "SUPPORTED")
    assert [r["claim"] for r in csv.DictReader(io.StringIO(out))] == [FIRE]
    target = tmp_path / "checks.jsonl"
    code, out, _ = invoke("export", "--store", store, "--format", "jsonl", "-o",
                       str(target), "--json", "--since", "2000-01-01")
    assert json.loads(out) == {"path": str(target), "format": "jsonl", "checks": 2}
    assert len(target.read_text("utf-8").splitlines()) == 2
    code, _, err = invoke("export", "--store", store, "--json")
    assert code == 2 and "--output" in err


def test_probe_cutoff_saves_an_estimate_that_stats_and_claims_use(tmp_path, monkeypatch):
    from tests.test_probe import MYSTERY

    monkeypatch.setenv("FACTCHECK_BACKEND", "knows")
    path = str(tmp_path / "s")
    MYSTERY.calls = 0
    code, out, err = invoke("probe-cutoff", "--store", path, "--json", "--rotations", "2")
    data = json.loads(out)
    assert code == 0 and MYSTERY.calls == 2 * len(ITEMS)
    assert data["cutoff"] == "2024-09" and data["saved"] is True and data["table_cutoff"] is None
    assert "[1/" in err  # progress on stderr
    code, out, _ = invoke("stats", "--store", path, "--json")
    stats = json.loads(out)
    assert stats["model_cutoff"] == "2024-09"
    assert stats["cutoff_source"].startswith("estimated by factcheck probe-cutoff")
    code, out, _ = invoke("probe-cutoff", "--store", path, "--limit", "6", "--no-save")
    lines = out.splitlines()  # six months, one question each, then the estimate
    assert code == 0 and len(lines) == 7 and lines[-1].startswith("estimate: ")
    assert json.loads(invoke("stats", "--store", path, "--json")[1])["model_cutoff"] \
        == "2024-09"  # --no-save kept the earlier estimate


def test_probe_cutoff_bad_options(tmp_path):
    code, _, err = invoke("probe-cutoff", "--rotations", "5", "--store", str(tmp_path))
    assert code == 2 and "5 is not in the range 1<=x<=4" in err
