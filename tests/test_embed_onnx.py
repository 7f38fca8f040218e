"""The embedder's ONNX path: sentence-transformers' vectors, exported once, run without torch."""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from factcheck import embed_onnx
from factcheck.embed import Embedder
from factcheck.errors import ModelError
from tests.conftest import ROOT

DATA = ROOT / "evals" / "data"
DEV = ("news2026_dev.jsonl", "news2026_dev_more.jsonl", "news2026_dev_extra.jsonl")


@pytest.fixture(scope="module")
def onnx_cache(tmp_path_factory):
    """A cache directory the packaged model is exported into by this module, from scratch."""
    return tmp_path_factory.mktemp("onnx-cache")


@pytest.fixture(scope="module")
def onnx_embedder(onnx_cache):
    embedder = Embedder(cache_dir=str(onnx_cache), runtime="onnx")
    assert embedder.backend == "onnx"
    return embedder


@pytest.fixture(scope="module")
def torch_embedder():
    embedder = Embedder(runtime="torch")
    assert embedder.backend == "sentence-transformers"
    return embedder


def news_texts() -> list[str]:
    """Real news text of the development replay as ingestion and checks embed it: headlines,
    claims, single sentences, whole articles, and pairs of articles (past the model's
    256-token window, so truncation is compared too)."""
    events = [json.loads(line) for name in DEV for line in
              (DATA / name).read_text("utf-8").splitlines() if line.strip()]
    texts = []
    for event in events:
        texts += [event["headline"], event["article"]]
        texts += [c["text"] for c in event["claims"]]
        texts += re.split(r"(?<=[.!?])\s+", event["article"])
    texts += [a["article"] + " " + b["article"] for a, b in zip(events[:20], events[1:21],
                                                               strict=True)]
    return list(dict.fromkeys(t for t in texts if t.strip()))


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    import os

    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **env})


def test_onnx_vectors_are_sentence_transformers_vectors(onnx_embedder, torch_embedder):
    texts = news_texts()
    assert len(texts) > 600
    got = np.array(onnx_embedder.encode(texts))
    want = np.array(torch_embedder.encode(texts))
    cosine = (got * want).sum(axis=1)
    worst = int(cosine.argmin())
    assert cosine.min() >= embed_onnx.EQUIVALENT_COSINE, (cosine.min(), texts[worst][:100])
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    # Equivalent vectors keep the name, so a store's vectors stay valid whichever ran.
    assert onnx_embedder.name == torch_embedder.name == "all-MiniLM-L6-v2"
    assert onnx_embedder.dim == torch_embedder.dim == 384


def test_batching_does_not_change_a_vector(onnx_embedder):
    texts = news_texts()[:40]
    batched = np.array(onnx_embedder.encode(texts, batch_size=16))
    alone = np.array([onnx_embedder.encode([t])[0] for t in texts])
    assert (batched * alone).sum(axis=1).min() >= 0.99999


def test_export_is_kept_and_later_processes_do_not_import_torch(onnx_embedder, onnx_cache):
    files = sorted(p.name for p in onnx_cache.iterdir())
    assert len(files) == 1 and files[0].startswith("all-MiniLM-L6-v2-")
    assert files[0].endswith(".onnx")  # no temporary file left behind
    before = (onnx_cache / files[0]).stat().st_mtime_ns
    out = run_python(f"""
        import sys
        from factcheck.embed import Embedder
        e = Embedder(cache_dir={str(onnx_cache)!r})
        vector = e.encode(["Senegal won the 2025 Africa Cup of Nations final."])[0]
        print(e.backend, len(vector), "torch" in sys.modules,
              "sentence_transformers" in sys.modules)
    """)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["onnx", "384", "False", "False"]
    assert (onnx_cache / files[0]).stat().st_mtime_ns == before  # not exported again


def test_two_processes_exporting_at_once_leave_one_whole_file(tmp_path):
    code = f"""
        from factcheck.embed import Embedder
        e = Embedder(cache_dir={str(tmp_path)!r}, runtime="onnx")
        print(e.backend)
    """
    import os

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    results = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    assert [r[0].strip() for r in results] == ["onnx", "onnx"]
    files = list(tmp_path.iterdir())
    assert len(files) == 1 and files[0].suffix == ".onnx", files
    assert Embedder(cache_dir=str(tmp_path), runtime="onnx").encode(["x"])


def test_an_export_that_differs_is_not_written(tmp_path, torch_embedder):
    class Shuffled:
        """A reference whose vectors are another text's: the export cannot match it."""

        def encode(self, texts, **kwargs):
            vectors = torch_embedder._sentence_transformer.encode(texts, **kwargs)
            return vectors[::-1]

    spec = embed_onnx.onnx_spec(torch_embedder.path)
    target = tmp_path / "model.onnx"
    cosine = embed_onnx.export_onnx(spec, target, Shuffled())
    assert cosine < embed_onnx.EQUIVALENT_COSINE
    assert list(tmp_path.iterdir()) == []


def test_a_refused_or_damaged_export_falls_back_to_sentence_transformers(
        tmp_path, torch_embedder, caplog):
    spec = embed_onnx.onnx_spec(torch_embedder.path)
    stem = f"all-MiniLM-L6-v2-{spec.key()}"
    text = ["Around 40 people died in a fire at a Crans-Montana bar."]
    want = torch_embedder.encode(text)[0]

    refused = tmp_path / "refused"
    refused.mkdir()
    (refused / f"{stem}.not-equivalent").write_text("min cosine 0.5\n")
    damaged = tmp_path / "damaged"
    damaged.mkdir()
    (damaged / f"{stem}.onnx").write_bytes(b"not an onnx graph")
    for cache, why in ((refused, "gave other vectors"), (damaged, "delete it")):
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="factcheck.embed"):
            embedder = Embedder(cache_dir=str(cache))
            got = embedder.encode(text)[0]
        assert embedder.backend == "sentence-transformers"
        assert float(np.dot(got, want)) > 0.99999
        assert why in caplog.text
        with pytest.raises(ModelError, match="cannot run with onnxruntime"):
            Embedder(cache_dir=str(cache), runtime="onnx").encode(text)


def _model_dir(path, modules, pooling=None):
    path.mkdir()
    (path / "tokenizer.json").write_text("{}")
    (path / "modules.json").write_text(json.dumps(modules))
    (path / "1_Pooling").mkdir()
    (path / "1_Pooling" / "config.json").write_text(json.dumps(
        pooling or {"word_embedding_dimension": 8, "pooling_mode_mean_tokens": True}))
    (path / "sentence_bert_config.json").write_text('{"max_seq_length": 16}')
    return path


TRANSFORMER = {"idx": 0, "name": "0", "path": "",
               "type": "sentence_transformers.models.Transformer"}
POOLING = {"idx": 1, "name": "1", "path": "1_Pooling",
           "type": "sentence_transformers.models.Pooling"}
DENSE = {"idx": 2, "name": "2", "path": "2_Dense", "type": "sentence_transformers.models.Dense"}


def test_only_the_layout_the_export_reproduces_is_exported(tmp_path):
    plain = embed_onnx.onnx_spec(_model_dir(tmp_path / "plain", [TRANSFORMER, POOLING]))
    assert (plain.pooling, plain.max_seq_length, plain.dim) == ("mean", 16, 8)
    with pytest.raises(embed_onnx.UnsupportedModel, match="Dense"):
        embed_onnx.onnx_spec(_model_dir(tmp_path / "dense", [TRANSFORMER, POOLING, DENSE]))
    with pytest.raises(embed_onnx.UnsupportedModel, match="pooling"):
        embed_onnx.onnx_spec(_model_dir(tmp_path / "max", [TRANSFORMER, POOLING],
                                        {"pooling_mode_max_tokens": True}))
    with pytest.raises(ModelError, match="cannot run with onnxruntime.*Dense"):
        Embedder(str(tmp_path / "dense"), cache_dir=str(tmp_path), runtime="onnx").encode(["x"])


def test_the_export_key_follows_the_model_files_not_their_place(tmp_path):
    import shutil

    spec = embed_onnx.onnx_spec(_model_dir(tmp_path / "m", [TRANSFORMER, POOLING]))
    key = spec.key()
    shutil.copytree(tmp_path / "m", tmp_path / "elsewhere")
    assert embed_onnx.onnx_spec(tmp_path / "elsewhere").key() == key  # installed twice
    (tmp_path / "m" / "tokenizer.json").write_text('{"changed": true}')
    assert spec.key() != key
    weights = tmp_path / "elsewhere" / "model.safetensors"
    weights.write_bytes(bytes(3 << 20))  # larger than the two ends the key reads
    key = embed_onnx.onnx_spec(tmp_path / "elsewhere").key()
    with open(weights, "r+b") as handle:
        handle.seek(-1, 2)
        handle.write(b"\x01")
    assert embed_onnx.onnx_spec(tmp_path / "elsewhere").key() != key
