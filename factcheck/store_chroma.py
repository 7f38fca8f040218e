"""The vector index: one Chroma collection of passage vectors (cosine), embedded on disk or on a
Chroma server.

Both hold the same thing, keyed by passage id: the passage's vector, its text, and its
``article_id``, ``published_ts`` and ``idx`` as metadata (``published_ts`` is what the as_of
filter reads). Vectors are always passed in: no collection is ever given Chroma's default
embedding function, which would fetch an ONNX model from the internet.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from urllib.parse import urlsplit

from .errors import StoreError

__all__ = ["ChromaIndex", "parse_chroma_url"]

log = logging.getLogger(__name__)

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

COLLECTION = "passages"


def parse_chroma_url(url: str) -> tuple[str, int, bool, str]:
    """(host, port, ssl, collection) from ``http[s]://HOST[:PORT][/COLLECTION]``. The path names
    the collection, so several stores can share one server."""
    parts = urlsplit(url)
    fix = "give --chroma-url as http://HOST:PORT or http://HOST:PORT/COLLECTION"
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise StoreError(f"--chroma-url {url!r} is not an http(s) URL; {fix}")
    if parts.username or parts.password:
        raise StoreError("--chroma-url must not carry credentials; set FACTCHECK_CHROMA_TOKEN "
                         "in the environment instead")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 8000)
    except ValueError:
        raise StoreError(f"--chroma-url {url!r} has a bad port; {fix}") from None
    name = parts.path.strip("/") or COLLECTION
    if "/" in name or not 3 <= len(name) <= 63:
        raise StoreError(f"--chroma-url collection {name!r} must be one path segment of 3 to 63 "
                         f"characters; {fix}")
    return parts.hostname, port, parts.scheme == "https", name


class ChromaIndex:
    """``path``: an embedded index in that directory (one process writes at a time, see
    ``Store.writer``). ``url``: a Chroma server, which any number of processes may share;
    ``token`` is sent as a bearer token when the server wants one."""

    def __init__(self, *, path: str | Path | None = None, url: str | None = None,
                 token: str | None = None) -> None:
        if (path is None) == (url is None):
            raise ValueError("give a path or a url")
        self.path = Path(path) if path is not None else None
        self.url = url
        self.token = token
        self.local = path is not None
        self.name = parse_chroma_url(url)[3] if url else COLLECTION
        self._client = None
        self._collection = None

    def __str__(self) -> str:
        return str(self.path) if self.local else str(self.url)

    @property
    def collection(self):
        if self._collection is None:
            import chromadb

            settings = chromadb.Settings(anonymized_telemetry=False, allow_reset=False)
            if self.local:
                self._client = chromadb.PersistentClient(path=str(self.path), settings=settings)
            else:
                host, port, ssl, _ = parse_chroma_url(self.url)
                headers = {"Authorization": f"Bearer {self.token}"} if self.token else None
                try:
                    self._client = chromadb.HttpClient(host=host, port=port, ssl=ssl,
                                                       headers=headers, settings=settings)
                except Exception as exc:  # chromadb raises plain ValueError/ConnectionError
                    raise StoreError(f"cannot reach the Chroma server at {self.url}: {exc}; "
                                     "start it (chroma run) or fix --chroma-url") from None
            # embedding_function=None: we always pass our own vectors.
            self._collection = self._client.get_or_create_collection(
                self.name, embedding_function=None, metadata={"hnsw:space": "cosine"}
            )
        return self._collection

    def upsert(self, ids: list[str], vectors: list, documents: list[str],
               metadatas: list[dict]) -> None:
        self.collection.upsert(ids=ids, embeddings=vectors, documents=documents,
                               metadatas=metadatas)

    def delete(self, ids: list[str]) -> None:
        if ids:
            self.collection.delete(ids=ids)

    def query(self, vector: list[float], n: int, max_ts: int | None = None
              ) -> tuple[list[str], list[float]]:
        """The ``n`` nearest passage ids and their cosine distances; given ``max_ts``, only
        passages published up to it (Chroma's metadata filter)."""
        where = None if max_ts is None else {"published_ts": {"$lte": max_ts}}
        result = self.collection.query(query_embeddings=[vector], n_results=n, where=where,
                                       include=["distances"])
        return result["ids"][0], result["distances"][0]

    def count(self) -> int:
        return self.collection.count()

    def vectors(self, ids: list[str]) -> dict[str, list[float]]:
        """The vectors held for ``ids`` (ids without one are left out)."""
        got = self.collection.get(ids=ids, include=["embeddings"])
        return {pid: [float(x) for x in vec]
                for pid, vec in zip(got["ids"], got["embeddings"], strict=True)}

    def reopen(self) -> None:
        """Drop the client so the next use loads the index again. Chroma shares one in-memory
        system per path in a process; closing the last client stops it, so the next client
        reads from disk what other processes wrote."""
        client, self._client, self._collection = self._client, None, None
        if client is not None and self.local:
            client.close()

    def close(self) -> None:
        self.reopen()
