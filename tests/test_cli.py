"""The CLI with the scripted fake model (fast); test_e2e.py runs the real stack."""

import json

import pytest

from factcheck.evalkit.render import render_article
from tests.conftest import invoke


@pytest.fixture(scope="module")
def built_store(tmp_path_factory):
    from factcheck.config import Settings
    from factcheck.embed import Embedder
    from factcheck.news.ingest import ingest
    from tests.conftest import load_events

    root = tmp_path_factory.mktemp("cli")
    pages = root / "pages"
    pages.mkdir()
    for e in load_events()[:5]:
        (pages / f"{e['id']}.html").write_text(render_article(e), "utf-8")
    path = str(root / "store")
    report = ingest([str(pages)], Settings(store=path), embedder=Embedder())
    assert report.to_dict()["added"] == 5
    return path


@pytest.fixture
def store(built_store, monkeypatch, fake_llm):
    monkeypatch.setenv("FACTCHECK_BACKEND", "fake")
    return built_store


def test_claim_json_is_the_contract(store, fake_llm, events):
    fake_llm.script = lambda m: {"label": "SUPPORTED", "confidence": 0.9, "rationale": "r",
                                 "citations": [{"n": 1, "stance": "supports"}]}
    claim = events[0]["claims"][0]["text"]
    code, out, err = invoke("claim", claim, "--store", store, "--json", "--as-of",
                            "2026-11-28", "--explain")
    assert code == 0, (out, err)
    data = json.loads(out)
    assert set(data) == {"claim", "label", "confidence", "rationale", "citations", "temporal",
                         "notes", "model", "timings_ms", "parts", "judges"}
    assert set(data["citations"][0]) == {"n", "url", "title", "source", "published", "snippet",
                                         "stance"}
    assert set(data["temporal"]) == {"model_cutoff", "today", "as_of", "claim_dates",
                                     "after_cutoff"}
    assert set(data["timings_ms"]) == {"retrieve", "llm", "total"}
    assert data["label"] == "SUPPORTED"
    assert data["judges"]["llm"]["label"] == "SUPPORTED"
    assert data["judges"]["alignment"]["label"] == "SUPPORTED"
    assert data["temporal"]["model_cutoff"] == "2024-06"  # fake carries SmolLM2 metadata
    assert data["temporal"]["claim_dates"] == ["2026-01-03"]
    assert data["temporal"]["after_cutoff"] is True
    assert data["model"] == {"name": "FakeModel", "backend": "fake"}


def test_claim_text_output_shows_citations(store, fake_llm, events):
    fake_llm.script = lambda m: {"label": "REFUTED", "confidence": 0.8, "rationale": "Caracas.",
                                 "citations": [{"n": 1, "stance": "refutes"}]}
    code, out, _ = invoke("claim", events[0]["claims"][1]["text"], "--store", store,
                          "--judge", "llm")
    assert code == 0
    assert out.startswith("REFUTED")
    assert "https://" in out and "(refutes)" in out


def test_prompt_carries_cutoff_today_and_as_of(store, fake_llm, events):
    invoke("claim", events[0]["claims"][0]["text"], "--store", store, "--as-of",
           "2026-02-01", "--cutoff", "2023-12", "--explain")
    system, user = (m["content"] for m in fake_llm.calls[-1])
    assert "2023-12" in system and "2026-02-01" in user


def test_as_of_before_the_news_cites_nothing(store, fake_llm, events):
    event = events[0]
    fake_llm.script = lambda m: {"label": "SUPPORTED", "confidence": 0.9, "rationale": "",
                                 "citations": [{"n": 1, "stance": "supports"}]}
    code, out, _ = invoke("claim", event["claims"][0]["text"], "--store", store, "--json",
                          "--as-of", "2025-12-31")
    data = json.loads(out)
    assert data["citations"] == [] and data["label"] == "NOT_ENOUGH_EVIDENCE"
    assert any("cutoff" in n for n in data["notes"])


@pytest.mark.parametrize("claim", ["", "   \t "])
def test_empty_claim_is_a_usage_error(claim):
    code, out, err = invoke("claim", claim)
    assert code == 2 and out == ""
    assert "claim is empty" in err


def test_bad_as_of_names_the_format(store):
    code, _, err = invoke("claim", "x", "--store", store, "--as-of", "yesterday")
    assert code == 1 and "YYYY-MM-DD" in err


def test_bad_cutoff_names_the_format(store):
    code, _, err = invoke("claim", "x", "--store", store, "--cutoff", "2024")
    assert code == 1 and "YYYY-MM" in err


@pytest.mark.parametrize("content", [None, b"not a model at all", b"GGUF\x03\x00garbage"])
def test_missing_or_corrupt_model_is_one_line(tmp_path, monkeypatch, content):
    monkeypatch.delenv("FACTCHECK_BACKEND", raising=False)
    model = tmp_path / "model.gguf"
    if content is not None:
        model.write_bytes(content)
    code, out, err = invoke("claim", "Something happened.", "--model", str(model),
                            "--store", str(tmp_path / "s"))
    assert code == 1 and out == ""
    lines = [ln for ln in err.splitlines() if ln.strip() and not ln.startswith("llama")]
    assert len(lines) <= 3, err
    assert "Traceback" not in err
    assert "model" in err.lower() and ".gguf" in err


def test_ingest_missing_file_fails_and_leaves_store(tmp_path, store):
    store_copy = tmp_path / "copy"
    import shutil

    shutil.copytree(store, store_copy)
    store = str(store_copy)
    before = invoke("stats", "--store", store, "--json")[1]
    code, _, err = invoke("ingest", "/no/such/file.html", "--store", store)
    assert code == 1 and "no such file" in err
    after = invoke("stats", "--store", store, "--json")[1]
    assert json.loads(before)["passages"] == json.loads(after)["passages"]


def test_search_json_has_results(store, events):
    code, out, _ = invoke("search", "Maduro Caracas raid", "--store", store, "--json")
    data = json.loads(out)
    assert code == 0 and data["results"]
    assert data["results"][0]["url"] == events[0]["urls"][0]
    assert {"dense_rank", "bm25_rank", "score", "published", "title", "url", "text"} <= set(
        data["results"][0]
    )


def test_stats_json(store):
    code, out, _ = invoke("stats", "--store", store, "--json")
    data = json.loads(out)
    assert data["articles"] == 5 and data["passages"] >= 5
    assert data["model_cutoff"] == "2024-06" and data["date_range"][0].startswith("2026-")


def test_llm_refuting_from_memory_becomes_nee(store, fake_llm):
    # A larger model answering from memory: REFUTED, citing nothing.
    fake_llm.script = lambda m: {"label": "REFUTED", "confidence": 0.95,
                                 "rationale": "I have no record of this.", "citations": []}
    claim = "Senegal beat Morocco 1-0 after extra time in the AFCON final on 18 January 2026."
    for judge in ("llm", "all"):
        code, out, _ = invoke("claim", claim, "--store", store, "--json", "--judge", judge)
        data = json.loads(out)
        assert data["label"] != "REFUTED", judge
        if judge == "llm":
            assert data["label"] == "NOT_ENOUGH_EVIDENCE"
            assert any("absence of evidence is not refutation" in n for n in data["notes"])


def test_explain_prints_prompt_and_judges(store, events):
    code, out, err = invoke("claim", events[1]["claims"][0]["text"], "--store", store,
                            "--explain")
    assert code == 0
    assert "--- system ---" in err and "<evidence>" in err and '"alignment"' in err


def test_alignment_judge_needs_no_model_call(store, fake_llm, events):
    code, out, _ = invoke("claim", events[1]["claims"][0]["text"], "--store", store,
                          "--json", "--judge", "alignment")
    data = json.loads(out)
    assert fake_llm.calls == [] and "llm" not in data["judges"]
    assert data["label"] == "SUPPORTED" and data["citations"][0]["stance"] == "supports"
