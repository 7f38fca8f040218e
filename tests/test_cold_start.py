"""What a fresh process imports: the help and stats load no model, and a check that does not ask
the model runs without torch once the embedding model's ONNX export exists. Each case runs in a
new interpreter and reports ``sys.modules``; no timing is asserted (bench/claim_latency.py
measures the time)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import ROOT

MODELS = ("torch", "sentence_transformers", "transformers", "llama_cpp", "gradio", "spacy")


def modules_after(code: str, **env: str) -> dict:
    """Run ``code`` (which may print) in a fresh interpreter, then return its last stdout line:
    the JSON list of the heavy modules it imported, and what it printed before."""
    script = textwrap.dedent(code) + textwrap.dedent(f"""
        import json, sys
        print(json.dumps([m for m in {MODELS + ("chromadb", "onnxruntime")!r}
                          if m in sys.modules]))
    """)
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                         text=True, timeout=300,
                         env={**os.environ, "PYTHONPATH": str(ROOT), **env})
    assert out.returncode == 0, out.stderr
    *printed, last = out.stdout.strip().splitlines()
    return {"modules": set(json.loads(last)), "printed": "\n".join(printed), "err": out.stderr}


RUN_CLI = """
    from factcheck.cli import main
    try:
        main({args!r})
    except SystemExit as exc:
        assert not exc.code, exc.code
"""


def test_help_imports_no_model_and_no_store():
    run = modules_after(RUN_CLI.format(args=["--help"]))
    assert "Usage: factcheck" in run["printed"]
    assert run["modules"] == set(), run["modules"]


def test_the_public_names_load_on_first_use():
    run = modules_after("""
        import sys
        import factcheck
        assert "factcheck.check" not in sys.modules
        from factcheck import Checker, check_claim, ingest
        missing = [name for name in factcheck.__all__ if not hasattr(factcheck, name)]
        assert not missing, missing
        print(Checker.__module__, check_claim.__module__, ingest.__module__)
    """)
    assert run["printed"] == "factcheck.check factcheck.check factcheck.news.ingest"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A small real store, and the ONNX export of the embedding model in its own cache."""
    from factcheck.config import Settings
    from factcheck.embed import Embedder
    from factcheck.news.ingest import ingest
    from tests.conftest import load_events
    from tests.test_ingest_store import write_events

    root = tmp_path_factory.mktemp("cold")
    settings = Settings(store=str(root / "store"), embed_cache=str(root / "onnx"))
    embedder = Embedder.from_settings(settings)
    assert embedder.backend == "onnx"  # exported here, in this process (with torch)
    ingest([str(write_events(root / "pages", load_events()[:3]))], settings, embedder=embedder)
    return settings


def test_stats_loads_no_model(store):
    run = modules_after(RUN_CLI.format(args=["stats", "--store", store.store]))
    assert "articles:  3" in run["printed"]
    assert not run["modules"] & set(MODELS), run["modules"]
    assert "onnxruntime" not in run["modules"]  # not even the embedding model


@pytest.mark.parametrize("judge", ["alignment", "all"])
def test_a_check_without_the_model_does_not_import_torch(store, judge):
    # "all" with the embedded model uncalibrated: its weight is 0, so it is not asked.
    claim = "Nicolás Maduro was captured by US forces in Caracas on 3 January 2026."
    run = modules_after(RUN_CLI.format(args=["claim", claim, "--store", store.store, "--json",
                                             "--judge", judge, "--as-of", "2026-01-10"]),
                        FACTCHECK_EMBED_CACHE=store.embed_cache)
    verdict = json.loads(run["printed"])
    assert verdict["label"] == "SUPPORTED" and verdict["citations"]
    assert "onnxruntime" in run["modules"] and "spacy" in run["modules"]
    assert not run["modules"] & {"torch", "sentence_transformers", "transformers", "llama_cpp",
                                 "gradio"}, run["modules"]
