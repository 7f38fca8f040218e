"""The replay harness with the fake model and the real embedder, store, ingest and HTTP:
calendar order, no leakage, resume after an interrupt, and the `factcheck eval` front end."""

import json
import subprocess
import sys

import pytest

from factcheck.config import load_settings
from factcheck.errors import InputError
from factcheck.evalkit.datasets import load_dataset
from factcheck.evalkit.metrics import EXTRA_KEYS, METRIC_KEYS
from factcheck.evalkit.replay import load_results
from factcheck.evalkit.run import run_eval
from tests.conftest import DATASET, ROOT, invoke


def cite_first_passage(messages):
    """Says SUPPORTED citing [1] whenever the prompt holds evidence, else NOT_ENOUGH_EVIDENCE."""
    if "[1]" in messages[-1]["content"]:
        return {"label": "SUPPORTED", "confidence": 0.9, "rationale": "",
                "citations": [{"n": 1, "stance": "supports"}]}
    return {"label": "NOT_ENOUGH_EVIDENCE", "confidence": 0.3, "rationale": "", "citations": []}


@pytest.fixture
def scripted(fake_llm):
    fake_llm.script = cite_first_passage
    return fake_llm


def settings():
    return load_settings(backend="fake")


def test_replay_walks_the_calendar_without_leaking(scripted, embedder, tmp_path):
    events = load_dataset(DATASET).events[:2]  # dated 2026-01-03 and 2026-01-01
    report = run_eval(str(DATASET), ("full", "closed-book"), limit=6, settings=settings(),
                      embedder=embedder, report_dir=str(tmp_path / "r"))
    rows = load_results(tmp_path / "r" / "results.jsonl")
    assert len(rows) == 6 * 2 * 2
    full = report["modes"]["full"]
    assert full["leakage"] == 0 and full["n_claims"] == 6
    assert full["retrieval_recall_at_5"] == 1.0  # each event's own page is found that day
    # Before its day, an event's article is not in any prompt; on its day it is.
    later = max(events, key=lambda e: e.date)  # n26-001, on 2026-01-03
    prompts = ["\n".join(m["content"] for m in call) for call in scripted.calls]
    claim = later.claims[0].text
    before = [p for p in prompts if claim in p and "2026-01-02" in p]
    on_day = [p for p in prompts if claim in p and "2026-01-03" in p]
    assert before and on_day
    assert all(later.docs[0]["headline"] not in p for p in before)
    assert any(later.docs[0]["headline"] in p for p in on_day)
    closed = report["modes"]["closed-book"]
    assert closed["nee_rate"] == 1.0 and closed["retrieval_recall_at_5"] is None
    for name in ("report.json", "report.md", "metrics_by_mode.png", "reliability.png"):
        assert (tmp_path / "r" / name).stat().st_size > 0


def test_interrupted_run_resumes_where_it_stopped(scripted, embedder, tmp_path):
    out = tmp_path / "r"
    seen = []

    def stop_after_five(line):
        seen.append(line)
        if line.startswith("[5/"):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_eval(str(DATASET), ("full",), limit=6, settings=settings(), embedder=embedder,
                 report_dir=str(out), progress=stop_after_five)
    assert len(load_results(out / "results.jsonl")) == 5
    calls_before = len(scripted.calls)
    lines = []
    run_eval(str(DATASET), ("full",), limit=6, settings=settings(), embedder=embedder,
             report_dir=str(out), progress=lines.append)
    assert len(scripted.calls) - calls_before == 12 - 5  # only the missing checks ran
    assert any("resuming: 5 of 12" in line for line in lines)
    rows = load_results(out / "results.jsonl")
    keys = {(r["mode"], r["claim_id"], r["as_of"]) for r in rows}
    assert len(rows) == len(keys) == 12


def test_report_only_counts_the_claims_finished_in_every_mode(scripted, embedder, tmp_path):
    out = tmp_path / "r"

    def stop_after_five(line):
        if line.startswith("[5/"):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_eval(str(DATASET), ("full",), limit=6, settings=settings(), embedder=embedder,
                 report_dir=str(out), progress=stop_after_five)
    calls = len(scripted.calls)
    # Day one: 3 claims as of the day before, then 2 of them on the day -> 2 claims finished.
    report = run_eval(str(DATASET), ("full",), limit=6, settings=settings(), embedder=embedder,
                      report_dir=str(out), report_only=True)
    assert report["modes"]["full"]["n_claims"] == 2
    assert len(scripted.calls) == calls  # nothing ran
    with pytest.raises(InputError, match="every mode"):
        run_eval(str(DATASET), ("full", "naive-rag"), limit=6, settings=settings(),
                 embedder=embedder, report_dir=str(out), report_only=True)


def test_rerun_with_llm_cache_skips_the_model(scripted, embedder, tmp_path):
    cache = tmp_path / "answers.sqlite3"
    first = run_eval(str(DATASET), ("full", "naive-rag"), limit=3, settings=settings(),
                     embedder=embedder, report_dir=str(tmp_path / "a"), llm_cache=str(cache))
    calls = len(scripted.calls)
    assert calls == 3 * 2 * 2
    rows = load_results(tmp_path / "a" / "results.jsonl")
    assert not any(r["cached"] for r in rows)
    # Each full-mode row records what each judge said on its own.
    full = [r for r in rows if r["mode"] == "full"]
    assert all(set(r["judges"]) == {"llm", "alignment", "pooled"} for r in full)
    assert all(set(r["judges"]["pooled"]["probs"])
               == {"SUPPORTED", "REFUTED", "NOT_ENOUGH_EVIDENCE"} for r in full)
    # Mode by mode within a day's batch (one event, two batches): system prompts come in
    # 2 x 2 runs, not alternating claim by claim, so the KV cache keeps the shared prefix.
    systems = [call[0]["content"] for call in scripted.calls]
    runs = 1 + sum(a != b for a, b in zip(systems, systems[1:], strict=False))
    assert len(set(systems)) == 2 and runs == 4
    second = run_eval(str(DATASET), ("full", "naive-rag"), limit=3, settings=settings(),
                      embedder=embedder, report_dir=str(tmp_path / "b"), llm_cache=str(cache))
    assert len(scripted.calls) == calls  # every answer came from the cache
    assert all(r["cached"] for r in load_results(tmp_path / "b" / "results.jsonl"))
    for mode in ("full", "naive-rag"):
        assert second["modes"][mode]["accuracy"] == first["modes"][mode]["accuracy"]
    md = (tmp_path / "a" / "report.md").read_text("utf-8")
    assert "| metric | combined | alignment alone | llm alone |" in md


def test_report_dir_of_another_dataset_is_refused(scripted, embedder, tmp_path):
    out = tmp_path / "r"
    run_eval(str(DATASET), ("closed-book",), limit=1, settings=settings(), embedder=embedder,
             report_dir=str(out))
    other = tmp_path / "other.jsonl"
    other.write_text(DATASET.read_text("utf-8").splitlines()[0] + "\n", "utf-8")
    code, _, err = invoke("eval", str(other), "--report", str(out))
    assert code == 1
    assert "another dataset" in err and len(err.strip().splitlines()) == 1


def test_cli_json_all_modes(scripted, tmp_path, monkeypatch):
    monkeypatch.setenv("FACTCHECK_BACKEND", "fake")
    code, out, err = invoke("eval", str(DATASET), "--limit", "3", "--json", "--report",
                            str(tmp_path / "r"))
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"dataset", "model", "modes"}
    assert data["model"] == "FakeModel"
    assert list(data["modes"]) == ["full", "naive-rag", "closed-book"]
    for metrics in data["modes"].values():
        assert set(METRIC_KEYS) <= set(metrics)
        assert set(metrics) - set(METRIC_KEYS) == set(EXTRA_KEYS)
    assert "[18/18]" in err  # progress on stderr
    saved = json.loads((tmp_path / "r" / "report.json").read_text("utf-8"))
    assert saved == data
    md = (tmp_path / "r" / "report.md").read_text("utf-8")
    assert "| accuracy |" in md and "naive-rag" in md


def test_cli_bad_file_one_line(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("not a dataset", "utf-8")
    code, _, err = invoke("eval", str(bad))
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "replay JSONL" in err


def test_python_m_evals_is_the_same_command(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{}\n", "utf-8")
    proc = subprocess.run([sys.executable, "-m", "evals", str(bad)], capture_output=True,
                          text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 1
    assert "no 'id'" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    usage = subprocess.run([sys.executable, "-m", "evals", "--help"], capture_output=True,
                           text=True, cwd=ROOT, timeout=120)
    assert usage.returncode == 0 and "AVeriTeC" in usage.stdout
