"""Per-model trust: the fit that chooses a model's weight, `factcheck calibrate` over the dev
replays (the scripted fake here; test_openai_server.py and the slow test below run real
models), and checks that use the saved weight or, without one, do not wait for the model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factcheck import trust
from factcheck.calibrate import DEV_REPLAYS, calibrate, fit
from factcheck.check import Checker
from factcheck.config import load_settings
from factcheck.errors import InputError
from factcheck.evalkit.render import render_article
from factcheck.news.ingest import ingest
from factcheck.store import Store
from tests.conftest import FAKE_IDENTITY, ROOT, invoke, trusted

DATA = ROOT / "evals" / "data"
UNSURE = {"SUPPORTED": 0.36, "REFUTED": 0.3, "NOT_ENOUGH_EVIDENCE": 0.34}


def rows(model: str, evidence_knows: bool = False, events: int = 6) -> list[dict]:
    """Claims whose evidence is undecided (or points at the gold label); the model answers
    right every time ("right") or SUPPORTED whatever the claim ("constant", as the embedded
    135M model does)."""
    out = []
    for e in range(events):
        for gold in ("SUPPORTED", "REFUTED", "NOT_ENOUGH_EVIDENCE"):
            alignment = ({k: 0.8 if k == gold else 0.1 for k in UNSURE} if evidence_knows
                         else UNSURE)
            said = gold if model == "right" else "SUPPORTED"
            out.append({"event": f"e{e}", "gold": gold, "alignment": alignment,
                        "llm": {"label": said, "confidence": 0.9}})
    return out


def test_a_model_that_adds_nothing_gets_weight_0_and_one_that_helps_more():
    helpful = fit(rows("right"))
    assert helpful["weight"] > 0
    assert helpful["cv"]["with_model"]["macro_f1"] > helpful["cv"]["evidence_only"]["macro_f1"]
    assert helpful["model_alone"]["macro_f1"] == 1.0
    useless = fit(rows("constant", evidence_knows=True))
    assert useless["weight"] == 0.0 and useless["temperature"] == 1.0
    assert useless["decision"].startswith("weight 0: cross-validated macro-F1")
    assert useless["cv"]["evidence_only"]["macro_f1"] == 1.0
    single = fit(rows("right", events=1))
    assert single["weight"] == 0.0 and "two events or more" in single["decision"]


def test_temper_sharpens_and_flattens_without_reordering():
    probs = {"SUPPORTED": 0.6, "REFUTED": 0.3, "NOT_ENOUGH_EVIDENCE": 0.1}
    sharp, flat = trust.temper(probs, 0.5), trust.temper(probs, 4.0)
    assert sharp["SUPPORTED"] > 0.6 > flat["SUPPORTED"] > 1 / 3
    assert sorted(sharp, key=sharp.get) == sorted(flat, key=flat.get) == sorted(probs,
                                                                                key=probs.get)
    assert sum(flat.values()) == pytest.approx(1.0)


@pytest.fixture
def replay_store(tmp_path, embedder, events) -> str:
    """A store holding the first dev replay event's article."""
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "e.html").write_text(render_article(events[0]), "utf-8")
    settings = load_settings(store=str(tmp_path / "store"))
    ingest([str(pages)], settings, embedder=embedder)
    return settings.store


def test_an_uncalibrated_model_is_not_asked_and_the_note_says_how_to_calibrate(
        replay_store, embedder, events, fake_llm):
    checker = Checker(load_settings(store=replay_store, backend="fake"), embedder=embedder)
    claim = events[0]["claims"][0]["text"]
    verdict = checker.check(claim, events[0]["date"])
    assert fake_llm.calls == [] and "llm" not in verdict.judges
    assert checker.model_skipped
    note = next(n for n in verdict.notes if "not calibrated" in n)
    assert f"factcheck calibrate --backend fake --store {replay_store}" in note
    # The model's reading, asked afterwards, is the same prompt over the same passages.
    fake_llm.script = lambda m: {"label": "REFUTED", "confidence": 0.7, "rationale": "no",
                                 "citations": [{"n": 1, "stance": "refutes"}]}
    reading = checker.model_reading()
    assert (reading["label"], reading["weight"], reading["model"]) == ("REFUTED", 0.0,
                                                                       "FakeModel")
    assert reading["citations"][0]["n"] == 1 and reading["citations"][0]["url"]
    assert len(fake_llm.calls) == 1 and claim in fake_llm.calls[0][-1]["content"]
    explained = checker.check(claim, events[0]["date"], explain=True)
    assert explained.judges["llm"]["label"] == "REFUTED"
    assert any("its answer (under judges) is not part of the verdict" in n
               for n in explained.notes)
    assert explained.judges["combination"]["weights"]["llm"] == 0.0
    assert explained.label == verdict.label  # asked, but no say


def test_a_calibrated_weight_and_temperature_are_used_by_checks(replay_store, embedder, events,
                                                                fake_llm):
    checker = Checker(load_settings(store=replay_store, backend="fake"), embedder=embedder)
    claim, day = events[0]["claims"][0]["text"], events[0]["date"]
    fake_llm.script = lambda m: {"label": "REFUTED", "confidence": 0.9, "rationale": "",
                                 "citations": []}
    alone = checker.check(claim, day).judges["combination"]["probs"]
    with trusted(replay_store, 0.5, temperature=2.0):
        verdict = checker.check(claim, day)
    assert not checker.model_skipped and len(fake_llm.calls) == 1
    assert verdict.judges["combination"]["weights"] == {"alignment": 0.5, "llm": 0.5}
    assert not any("calibrat" in n for n in verdict.notes)
    # The model's REFUTED, read at temperature 2, pulls the pooled distribution its way.
    assert verdict.judges["combination"]["probs"]["REFUTED"] > alone["REFUTED"]
    with trusted(replay_store, 0.0):
        verdict = checker.check(claim, day)
    assert checker.model_skipped and len(fake_llm.calls) == 1
    assert any("did not make verdicts better, so its weight is 0 and it was not asked" in n
               for n in verdict.notes)


def test_calibrate_replays_dev_claims_and_saves_the_weight_by_identity(tmp_path, embedder,
                                                                       fake_llm):
    def knows_the_answer(messages):  # the fake reads the claim and answers right
        return {"label": "SUPPORTED", "confidence": 0.8, "rationale": "", "citations": []}

    fake_llm.script = knows_the_answer
    store = str(tmp_path / "user-store")
    progress: list[str] = []
    record = calibrate(load_settings(store=store, backend="fake"), limit=4,
                       embedder=embedder, progress=progress.append)
    assert record["identity"] == FAKE_IDENTITY and record["claims"] == 4
    assert record["events"] == 2 and record["limit"] == 4
    assert record["datasets"] == list(DEV_REPLAYS)
    assert len(fake_llm.calls) == 4  # every claim asked, though the fake has no weight yet
    assert any(line.startswith("[4/4]") for line in progress)
    saved = trust.lookup(Store(store), FAKE_IDENTITY)
    assert saved.source == "store" and saved.weight == record["weight"]
    assert saved.record["cv"]["scheme"] == "leave-one-event-out"


@pytest.mark.parametrize("locked", ["news2026_heldout_test.jsonl",
                                    "news2026_ja_heldout_test.jsonl",
                                    "news2026_heldout2_test.jsonl",
                                    "news2026_ja_heldout2_test.jsonl",
                                    "news2026_heldout3_test.jsonl",
                                    "news2026_ja_heldout3_test.jsonl"])
def test_calibrate_refuses_the_locked_test_replay(tmp_path, locked):
    code, out, err = invoke("calibrate", "--dataset", str(DATA / locked),
                            "--store", str(tmp_path / "s"))
    assert code == 1 and out == ""
    assert f"{locked} is the locked test replay" in err
    with pytest.raises(InputError, match="is not a replay event"):
        bad = tmp_path / "x.jsonl"
        bad.write_text(json.dumps({"id": "x"}) + "\n")
        calibrate(load_settings(store=str(tmp_path / "s"), backend="fake"), [bad])


@pytest.mark.parametrize("name", ["news2026_calib.jsonl", "news2026_ja_calib.jsonl"])
def test_calibrate_refuses_the_calibration_replays(tmp_path, name):
    """They fit the verdict's confidence curves only."""
    code, out, err = invoke("calibrate", "--dataset", str(DATA / name),
                            "--store", str(tmp_path / "s"))
    assert code == 1 and out == "" and "fits only the verdict's confidence curves" in err


def test_calibrate_cli_prints_json_and_dry_run_saves_nothing(tmp_path, monkeypatch, fake_llm):
    monkeypatch.setenv("FACTCHECK_BACKEND", "fake")
    store = tmp_path / "s"
    code, out, err = invoke("calibrate", "--limit", "2", "--dry-run", "--json", "--store",
                            str(store))
    assert code == 0, err
    record = json.loads(out)
    assert record["claims"] == 2 and "saved_in" not in record
    assert "[2/2]" in err  # progress on stderr
    assert trust.lookup(Store(store), FAKE_IDENTITY).source == ""


def test_the_bundled_calibrations_name_real_models():
    bundled = json.loads((ROOT / "factcheck" / "model_trust.json").read_text())["models"]
    for record in bundled:
        assert record["identity"].startswith("gguf:sha256:")
        assert 0.0 <= record["weight"] <= 1.0 and record["claims"] > 0
        assert not any("test" in name for name in record["datasets"])


@pytest.mark.slow
def test_calibrate_the_embedded_model_for_real(tmp_path):
    """The embedded SmolLM2 through llama.cpp, a few dev claims (minutes on 2 cores)."""
    code, out, err = invoke("calibrate", "--limit", "3", "--json", "--store",
                            str(tmp_path / "s"), "--threads", "1")
    assert code == 0, err
    record = json.loads(out)
    assert record["identity"].startswith("gguf:sha256:") and record["backend"] == "llama.cpp"
    assert Path(record["saved_in"]) == tmp_path / "s"


def test_a_calibration_is_kept_replaced_and_dropped_on_each_store_engine(tmp_path, engine):
    from factcheck.config import Settings

    store = Store.from_settings(Settings(store=str(tmp_path / "store"), **engine))
    identity = "openai:http://127.0.0.1:11434/v1|gemma3:4b"
    assert trust.lookup(store, identity) == trust.Trust(identity)  # nobody calibrated it
    trust.save(store, {"identity": identity, "weight": 0.3, "temperature": 2.0})
    trust.save(store, {"identity": identity, "weight": 0.2, "temperature": 0.5})
    kept = trust.lookup(store, identity)
    assert (kept.weight, kept.temperature, kept.source) == (0.2, 0.5, "store")
    assert kept.record["fitted_at"]
    assert trust.forget(store, identity) and not trust.forget(store, identity)
    assert not trust.lookup(store, identity).calibrated
    store.close()
