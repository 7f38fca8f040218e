"""The GGUF header reader gives llama.cpp's own general.* metadata, without llama.cpp."""

from __future__ import annotations

import pytest

from factcheck.llm.gguf import GGUFError, read_general_metadata
from factcheck.llm.llamacpp import default_model_path


def test_metadata_is_what_llama_cpp_reads():
    from llama_cpp import Llama

    path = default_model_path()
    vocab = Llama(model_path=path, vocab_only=True, verbose=False)
    want = {k: v for k, v in vocab.metadata.items() if k.startswith("general.")}
    got = read_general_metadata(path)
    assert got == want
    assert got["general.basename"] == "smollm2"  # what the cutoff table is keyed by


@pytest.mark.parametrize("cut", [4, 24, 200, 5000])
def test_a_truncated_header_is_an_error(tmp_path, cut):
    with open(default_model_path(), "rb") as handle:
        head = handle.read(cut)
    broken = tmp_path / "cut.gguf"
    broken.write_bytes(head)
    with pytest.raises(GGUFError, match="truncated"):
        read_general_metadata(str(broken))


@pytest.mark.parametrize("content, message", [
    (b"GGML\x03\x00\x00\x00", "magic"),
    (b"GGUF\x01\x00\x00\x00" + b"\x00" * 16, "version 1"),
    (b"GGUF\x03\x00\x00\x00" + b"\x00" * 8 + b"\xff" * 8, "metadata keys"),
])
def test_a_malformed_header_is_an_error(tmp_path, content, message):
    broken = tmp_path / "bad.gguf"
    broken.write_bytes(content)
    with pytest.raises(GGUFError, match=message):
        read_general_metadata(str(broken))
