"""A sentence-transformers model run by onnxruntime and tokenizers, without torch.

Importing torch and transformers takes seconds; a query needs one forward pass of a small
encoder. So the encoder of a sentence-transformers directory is exported once to ONNX (with
torch, which sentence-transformers brings), checked against sentence-transformers' own vectors,
and kept in a cache directory under a name that changes with the model's files. Later processes
tokenize with ``tokenizers`` and run the ONNX graph with ``onnxruntime``, then pool and
normalise as sentence-transformers does.

Only the plain layout is exported: a Transformer module, mean or CLS pooling, an optional
Normalize, and a ``tokenizer.json``. Any other directory stays with sentence-transformers.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "EQUIVALENT_COSINE",
    "ExportFailed",
    "OnnxEncoder",
    "OnnxSpec",
    "UnsupportedModel",
    "default_cache_dir",
    "export_onnx",
    "onnx_spec",
]

log = logging.getLogger(__name__)

# Vectors of the exported graph must be this close to sentence-transformers' own, text by
# text, or the export is not used: a store's vectors are keyed by the embedder's name alone.
EQUIVALENT_COSINE = 0.999

# Bumped when the export or the files it writes change, so old exports are not reused.
_FORMAT = 1
# How much of each end of a large model file the export's key reads.
_EDGE = 1 << 20

# sentence-transformers modules by the last part of their class path (modules.json names them
# by the path of the version that saved the model).
_MODULES = {"Transformer": "transformer", "Pooling": "pooling", "Normalize": "normalize"}

# Texts the export is checked on: short and long (past the 256-token window), padded together
# in one batch, with accents, digits and edge whitespace, so that truncation, padding and
# normalisation are all exercised.
_CHECK_TEXTS = [
    "Around 40 people died in a fire at a Crans-Montana bar on 1 January 2026.",
    "  US forces captured Nicolás Maduro in Caracas.  ",
    "Inflation: 2.4% in March, the ECB said; markets rose 1.2bn.",
    "Ok",
    " ".join(["The council met on Tuesday and voted on the budget for the coming year,"
              " which includes new spending on schools, roads and hospitals."] * 12),
]


class UnsupportedModel(Exception):
    """The directory is not one the ONNX path reproduces; sentence-transformers runs it."""


class ExportFailed(UnsupportedModel):
    """The directory has the layout, but its export failed, gave other vectors or would not
    load; sentence-transformers runs it."""


@dataclass(frozen=True)
class OnnxSpec:
    """What sentence-transformers does around the encoder, read from the model directory."""

    path: Path
    max_seq_length: int
    do_lower_case: bool
    pooling: str  # "mean" or "cls"
    dim: int

    def key(self) -> str:
        """A digest of everything the exported graph and its use depend on: the format, the
        pre- and post-processing, and the model directory's files by name, size and content
        (a large file by its first and last megabyte: hashing 90 MB of weights on every start
        would cost more than the import this saves). The same model installed twice shares
        one export; a changed file gets a new one."""
        h = hashlib.sha256(f"{_FORMAT}|{self.max_seq_length}|{self.do_lower_case}|"
                           f"{self.pooling}|{self.dim}".encode())
        for file in sorted(p for p in self.path.iterdir() if p.is_file()):
            size = file.stat().st_size
            h.update(f"|{file.name}:{size}:".encode())
            with open(file, "rb") as handle:
                if size <= 2 * _EDGE:
                    h.update(handle.read())
                else:
                    h.update(handle.read(_EDGE))
                    handle.seek(-_EDGE, os.SEEK_END)
                    h.update(handle.read(_EDGE))
        return h.hexdigest()[:16]


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/factcheck/embed``, else ``~/.cache/factcheck/embed``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(base) / "factcheck" / "embed"


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise UnsupportedModel(f"cannot read {path.name}: {exc}") from None


def onnx_spec(path: str | Path) -> OnnxSpec:
    """The spec of a sentence-transformers directory, or ``UnsupportedModel`` saying why the
    ONNX path cannot reproduce it."""
    path = Path(path)
    if not (path / "modules.json").is_file():
        raise UnsupportedModel("no modules.json")
    if not (path / "tokenizer.json").is_file():
        raise UnsupportedModel("no tokenizer.json (a fast tokenizer is needed)")
    kinds = []
    pooling_dir = None
    for module in _read_json(path / "modules.json"):
        kind_path = module.get("type", "")
        kind = (_MODULES.get(kind_path.rsplit(".", 1)[-1])
                if kind_path.startswith("sentence_transformers.") else None)
        if kind is None:
            raise UnsupportedModel(f"module {module.get('type')} is not reproduced")
        if kind == "pooling":
            pooling_dir = path / module.get("path", "")
        kinds.append(kind)
    if kinds[:2] != ["transformer", "pooling"] or kinds[2:] not in ([], ["normalize"]):
        raise UnsupportedModel(f"modules {kinds} are not transformer, pooling[, normalize]")
    pooling = _read_json(pooling_dir / "config.json")
    modes = [k for k, v in pooling.items() if k.startswith("pooling_mode_") and v]
    if modes == ["pooling_mode_mean_tokens"]:
        mode = "mean"
    elif modes == ["pooling_mode_cls_token"]:
        mode = "cls"
    else:
        raise UnsupportedModel(f"pooling {modes} is not mean or CLS alone")
    config = _read_json(path / "config.json") if (path / "config.json").is_file() else {}
    st_config = (_read_json(path / "sentence_bert_config.json")
                 if (path / "sentence_bert_config.json").is_file() else {})
    max_len = st_config.get("max_seq_length") or config.get("max_position_embeddings")
    if not max_len:
        raise UnsupportedModel("no max_seq_length")
    dim = pooling.get("word_embedding_dimension") or config.get("hidden_size")
    return OnnxSpec(path=path, max_seq_length=int(max_len),
                    do_lower_case=bool(st_config.get("do_lower_case", False)),
                    pooling=mode, dim=int(dim))


class OnnxEncoder:
    """Unit sentence vectors from an exported graph: tokenize, run, pool, normalise."""

    def __init__(self, onnx_path: Path, spec: OnnxSpec) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.spec = spec
        self.dim = spec.dim
        tokenizer = Tokenizer.from_file(str(spec.path / "tokenizer.json"))
        # sentence-transformers truncates at max_seq_length and pads to the longest text of the
        # batch; the file's own settings (128 tokens, fixed padding for MiniLM) are not what it
        # uses.
        tokenizer.enable_truncation(spec.max_seq_length)
        pad_id = tokenizer.padding["pad_id"] if tokenizer.padding else 0
        pad_token = tokenizer.padding["pad_token"] if tokenizer.padding else "[PAD]"
        tokenizer.enable_padding(pad_id=pad_id, pad_token=pad_token)
        self._tokenizer = tokenizer
        options = ort.SessionOptions()
        options.log_severity_level = 3  # its warnings about unused initialisers are noise here
        self._session = ort.InferenceSession(str(onnx_path), options,
                                             providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self._session.get_inputs()}

    def encode(self, texts: list[str], batch_size: int = 32):
        """float32 array of shape (len(texts), dim), rows of unit length."""
        import numpy as np

        if self.spec.do_lower_case:
            texts = [t.lower() for t in texts]
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        # Like sentence-transformers: longest first, so each batch pads to similar lengths.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        for start in range(0, len(order), batch_size):
            idx = order[start:start + batch_size]
            encodings = self._tokenizer.encode_batch([texts[i] for i in idx])
            feed = {
                "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
            }
            feed = {k: v for k, v in feed.items() if k in self._inputs}
            hidden = self._session.run(None, feed)[0]
            if self.spec.pooling == "cls":
                pooled = hidden[:, 0]
            else:
                mask = feed["attention_mask"][:, :, None].astype(np.float32)
                pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[idx] = pooled / np.clip(norms, 1e-12, None)
        return out


def export_onnx(spec: OnnxSpec, target: Path, reference) -> float:
    """Export the encoder of ``spec.path`` to ``target`` and return the smallest cosine between
    its vectors and ``reference.encode``'s (a loaded SentenceTransformer) on the check texts.
    ``target`` is written only when that cosine is at least ``EQUIVALENT_COSINE``, atomically
    (a temporary file in the same directory, then a rename), so that processes exporting at the
    same time never leave a partial file."""
    import numpy as np
    import torch
    from transformers import AutoModel

    # Eager attention traces to plain matrix operations with the padding mask applied; the
    # fused kernels may drop the mask when the example batch has no padding.
    model = AutoModel.from_pretrained(str(spec.path), attn_implementation="eager").eval()

    class Encoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.model(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    example = (torch.ones(2, 8, dtype=torch.long), torch.tensor([[1] * 8, [1] * 4 + [0] * 4]),
               torch.zeros(2, 8, dtype=torch.long))
    names = ["input_ids", "attention_mask", "token_type_ids"]
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        import warnings

        with warnings.catch_warnings(), torch.no_grad():
            # The tracer warns about Python conditions on shapes; the graph is checked below.
            warnings.simplefilter("ignore")
            torch.onnx.export(
                Encoder(), example, tmp, input_names=names, output_names=["last_hidden_state"],
                dynamic_axes={n: {0: "batch", 1: "tokens"}
                              for n in [*names, "last_hidden_state"]},
                opset_version=17, dynamo=False)
        got = OnnxEncoder(Path(tmp), spec).encode(_CHECK_TEXTS)
        want = np.asarray(reference.encode(_CHECK_TEXTS, normalize_embeddings=True,
                                           show_progress_bar=False), dtype=np.float32)
        cosine = float((got * want).sum(axis=1).min())
        if cosine >= EQUIVALENT_COSINE:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o644 & ~umask)  # mkstemp's 0600 would hide a shared cache's file
            os.replace(tmp, target)
        return cosine
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
