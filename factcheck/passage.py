"""A retrieved passage, the unit every judge reads, and the sentence splitter they share."""

from __future__ import annotations

from dataclasses import dataclass

from .news.chunk import CJK, split_sentences

__all__ = ["CJK", "Hit", "split_sentences"]


@dataclass
class Hit:
    passage_id: str
    article_id: str
    text: str
    title: str
    url: str
    site: str
    published: str  # ISO 8601
    score: float = 0.0
    dense_rank: int | None = None
    bm25_rank: int | None = None
