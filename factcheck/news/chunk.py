"""Split article text into passages of a few sentences, each carrying its title and date."""

from __future__ import annotations

import re

__all__ = ["CJK", "split_sentences", "chunk_text"]

# Sentence ends: . ! ? and their CJK forms, followed by space or a CJK character.
_SENT_END = re.compile(r"(?<=[.!?。！？])\s+|(?<=[。！？])")
# Chinese, Japanese and Korean characters: written without spaces, about two make a word.
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _size(sentence: str) -> int:
    return max(1, len(sentence.split()), len(CJK.findall(sentence)) // 2)


def split_sentences(text: str) -> list[str]:
    sentences: list[str] = []
    for para in re.split(r"\n\s*\n|\n", text):
        para = para.strip()
        if para:
            sentences.extend(s.strip() for s in _SENT_END.split(para) if s.strip())
    return sentences


def chunk_text(text: str, max_words: int = 120, overlap: int = 1) -> list[str]:
    """Greedy sentence packing up to ``max_words``; ``overlap`` sentences repeat across chunks
    so a fact split over a boundary is still whole in one passage. Sentences are never cut."""
    sentences = split_sentences(text)
    chunks: list[str] = []
    current: list[str] = []
    words = 0
    for sentence in sentences:
        n = _size(sentence)
        if current and words + n > max_words:
            chunks.append(" ".join(current))
            current = current[-overlap:] if overlap else []
            words = sum(_size(s) for s in current)
        current.append(sentence)
        words += n
    if current:
        chunk = " ".join(current)
        if not chunks or chunk not in chunks[-1]:
            chunks.append(chunk)
    return chunks
