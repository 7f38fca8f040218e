"""Raw fetched bodies kept gzip-compressed beside the store (STORE/raw/<sha256>.gz), so an
article can be extracted again without fetching it again."""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
from pathlib import Path

__all__ = ["save_raw", "load_raw"]


def save_raw(directory: Path, body: bytes) -> str:
    """Store ``body`` once under its SHA-256; safe from several threads at once."""
    sha = hashlib.sha256(body).hexdigest()
    path = directory / f"{sha}.gz"
    if path.exists():
        return sha
    directory.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=".gz")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(gzip.compress(body, compresslevel=6, mtime=0))
        os.replace(tmp, path)  # whole file or none: an interrupted write leaves no half body
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return sha


def load_raw(directory: Path, sha: str) -> bytes:
    return gzip.decompress((directory / f"{sha}.gz").read_bytes())
