"""The ``general.*`` metadata of a GGUF file, read from its header without llama.cpp.

Describing the configured model (its name, for the knowledge cutoff and the verdict) happens on
every check, also when the model is not asked; loading llama.cpp's vocabulary for it would
import llama-cpp-python and read the whole tokenizer. The header is a short, documented
key-value list (GGUF versions 2 and 3, little-endian) at the start of the file.
"""

from __future__ import annotations

import struct
from typing import BinaryIO

__all__ = ["GGUFError", "read_general_metadata"]

# Value types of the GGUF key-value section: struct format of each scalar.
_SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?",
            10: "<Q", 11: "<q", 12: "<d"}
_STRING, _ARRAY = 8, 9
# Far above any real header; a corrupt length must not make us read gigabytes.
_MAX_STRING = 1 << 24
_MAX_KEYS = 1 << 16


class GGUFError(ValueError):
    """The file is not a readable GGUF version 2 or 3 header."""


def _read(handle: BinaryIO, size: int) -> bytes:
    data = handle.read(size)
    if len(data) != size:
        raise GGUFError("the header is truncated")
    return data


def _unpack(handle: BinaryIO, fmt: str):
    return struct.unpack(fmt, _read(handle, struct.calcsize(fmt)))[0]


def _string(handle: BinaryIO) -> bytes:
    length = _unpack(handle, "<Q")
    if length > _MAX_STRING:
        raise GGUFError(f"a string of {length} bytes")
    return _read(handle, length)


def _value(handle: BinaryIO, kind: int, keep: bool):
    """The value of type ``kind`` as llama.cpp's metadata shows it (a string), or None for an
    array or when not ``keep`` (skipped, read past)."""
    if kind in _SCALARS:
        value = _unpack(handle, _SCALARS[kind])
        return str(value).lower() if kind == 7 else str(value)
    if kind == _STRING:
        if not keep:
            length = _unpack(handle, "<Q")
            if length > _MAX_STRING:
                raise GGUFError(f"a string of {length} bytes")
            handle.seek(length, 1)
            return None
        return _string(handle).decode("utf-8", "replace")
    if kind == _ARRAY:
        inner, count = _unpack(handle, "<I"), _unpack(handle, "<Q")
        if inner in _SCALARS:
            handle.seek(struct.calcsize(_SCALARS[inner]) * count, 1)
        elif inner in (_STRING, _ARRAY):
            for _ in range(count):
                _value(handle, inner, keep=False)
        else:
            raise GGUFError(f"unknown array type {inner}")
        return None
    raise GGUFError(f"unknown value type {kind}")


def read_general_metadata(path: str) -> dict[str, str]:
    """The file's ``general.*`` keys with their scalar values as strings (arrays left out),
    as llama.cpp's ``Llama.metadata`` gives them. Raises ``GGUFError``."""
    with open(path, "rb") as handle:
        if _read(handle, 4) != b"GGUF":
            raise GGUFError("no GGUF magic")
        version = _unpack(handle, "<I")
        if version not in (2, 3):
            raise GGUFError(f"GGUF version {version} is not read here")
        _unpack(handle, "<Q")  # tensor count
        keys = _unpack(handle, "<Q")
        if keys > _MAX_KEYS:
            raise GGUFError(f"{keys} metadata keys")
        out = {}
        for _ in range(keys):
            key = _string(handle).decode("utf-8", "replace")
            keep = key.startswith("general.")
            value = _value(handle, _unpack(handle, "<I"), keep)
            if keep and value is not None:
                out[key] = value
        return out
