"""Split article text into passages of a few sentences, each carrying its title and date."""

from __future__ import annotations

import re

__all__ = ["CJK", "split_sentences", "chunk_text"]

# Sentence ends: . ! ? and their CJK forms, followed by space or a CJK character. A CJK end
# followed by more end marks or a closing bracket is not an end yet: 「楽しみだ。」と話した。 is
# one sentence, and so is 本当か？！; a closing bracket after the end mark ends it (。」 then
# space, or 。」 at the end of a line).
_CLOSERS = "」』）)】〉》”’"
_SENT_END = re.compile(rf"(?<=[.!?。！？])\s+|(?<=[。！？][{_CLOSERS}])\s+"
                       rf"|(?<=[。！？])(?![。！？!?{_CLOSERS}])")
# Where two sentences are joined back into a passage: no space after a CJK sentence.
_CJK_END = re.compile(rf"[。！？][{_CLOSERS}]?$")
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


def _join(sentences: list[str]) -> str:
    out = sentences[0]
    for sentence in sentences[1:]:
        out += sentence if _CJK_END.search(out) else " " + sentence
    return out


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
            chunks.append(_join(current))
            current = current[-overlap:] if overlap else []
            words = sum(_size(s) for s in current)
        current.append(sentence)
        words += n
    if current:
        chunk = _join(current)
        if not chunks or chunk not in chunks[-1]:
            chunks.append(chunk)
    return chunks
