"""What the keyword leg searches for, the same for every engine: a query's words without stop
words and lone letters, the informative ones of a large index, the overlapping trigrams of
Chinese and Japanese clauses, and the words of Japanese text (SudachiPy)."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from functools import lru_cache

from .news.chunk import CJK
from .nlp_ja import is_japanese
from .passage import Hit

__all__ = ["MAX_TRIGRAMS", "common_cap", "informative", "japanese_words", "needs_frequencies",
           "query_words", "summed", "trigrams"]

_STOPWORDS = frozenset(
    "a an and are as at be by for from has have in is it its of on or that the to was were "
    "will with not no this these those he she they his her their who which what when".split()
)

MAX_TRIGRAMS = 64
_COMMON_SHARE = 0.05  # a word in more than this share of passages is left out of the query
_COMMON_MIN_PASSAGES = 2000  # below this size every word is kept (shares are noise)
_KEEP_RAREST = 3
_POSTINGS_BUDGET = 2000  # passages a keyword query may score, beyond the three rarest words


def query_words(query: str) -> list[str]:
    """The query's distinct lower-case words. A repeated term would count twice in the
    ranking; a lone letter ("s", "t" of "Trump's", "didn't") matches most passages, so it
    costs a long scan and adds nothing."""
    words = re.findall(r"\w+", query.lower())
    # Latin names and figures inside Chinese or Japanese ("JAXAによると", "29対13") are words
    # of their own too, so that they also find English reports; a year is not.
    words += [run for w in words if not w.isascii()
              for run in re.findall(r"[a-z][a-z0-9]+|\d{2,}", w)
              if not re.fullmatch(r"(?:19|20)\d\d", run)]
    return [w for w in dict.fromkeys(words)
            if w not in _STOPWORDS and not (len(w) == 1 and w.isalpha())]


def trigrams(word: str) -> list[str]:
    """Chinese and Japanese run whole clauses together without spaces, so a "word" here is a
    clause that no passage repeats verbatim: search its overlapping trigrams instead, and let
    the ranking prefer the passages that share most of them. Other words are searched whole."""
    if not CJK.search(word) or len(word) <= 3:
        return [word]
    return [word[i:i + 3] for i in range(len(word) - 2)]


_HIRAGANA = re.compile(r"[\u3040-\u309f]+")
# Parts of speech that carry what a passage is about; 非自立可能 marks the light words among
# them (する, なる, こと, もの), which every passage holds.
_CONTENT_POS = frozenset("名詞 動詞 形容詞 形状詞 接頭辞".split())


@lru_cache(maxsize=1)
def _dictionary():
    # GiNZA brings SudachiPy and its core dictionary; the dictionary is memory-mapped, so one
    # of its own costs this process little beside GiNZA's.
    from sudachipy import Dictionary

    return Dictionary(dict="core")


_local = threading.local()
_PIECE = 10_000  # characters: at most 4 bytes each in UTF-8, under Sudachi's input limit


def _sudachi():
    # A tokenizer may not be shared by threads (the keyword leg runs in a worker thread).
    if not hasattr(_local, "tokenizer"):
        from sudachipy import SplitMode

        _local.tokenizer = _dictionary().create(SplitMode.A)
    return _local.tokenizer


def _pieces(text: str) -> list[str]:
    """Sudachi refuses an input of more than 49,149 bytes, and a page may hold a passage that
    long (a sentence is never cut): it is read in pieces of at most ``_PIECE`` characters, each
    cut after a mark or a space where one falls in it, so that no word is cut in two."""
    pieces = []
    while len(text) > _PIECE:
        cut = max(text.rfind(mark, 0, _PIECE) for mark in "。、！？\n ") + 1 or _PIECE
        pieces.append(text[:cut])
        text = text[cut:]
    return [*pieces, text]


def japanese_words(text: str) -> list[str]:
    """The distinct content words of a Japanese text, in Sudachi's normalised form (its
    shortest units: 追浜工場 is 追浜 and 工場), for the word index of Japanese passages; [] for
    text without kana (Chinese, and every language written with spaces). Trigrams cannot match
    a two-kanji word written between other characters (漁船を拿捕 against 拿捕された漁船);
    words do. Latin words and figures are left to the other word index, and counts to the
    figures' own comparison."""
    if not is_japanese(text):
        return []
    words, after_figure = [], False
    for m in (m for piece in _pieces(text) for m in _sudachi().tokenize(piece)):
        pos = m.part_of_speech()
        # A counter after a figure (2026年, 3人, 5億円) is the figure's: every passage holds
        # 年 or 人, and figures are compared by the judge, not searched.
        counter, after_figure = after_figure, pos[1] == "数詞"
        if pos[0] not in _CONTENT_POS or pos[1] in ("数詞", "非自立可能") or counter:
            continue
        word = m.normalized_form().lower()
        # A verb or adjective in kana alone is mostly grammar (によると's よる, について's
        # つく); a name may be kana alone (みちびき).
        if CJK.search(word) and not (len(word) == 1 and is_japanese(word)) and not (
                pos[0] != "名詞" and _HIRAGANA.fullmatch(word)):
            words.append(word)
    return list(dict.fromkeys(words))


def summed(legs: list[list[tuple[Hit, float]]], n: int) -> list[Hit]:
    """The keyword leg's ``n`` best hits from its indexes' hits (each index's list best first,
    with its scores, higher better). A passage several indexes find scores the sum of its
    scores, each index's scaled to its best passage's: the indexes search different terms (a
    Japanese claim's Latin names, its trigrams, its words) on different scales, so the sum
    ranks a passage that holds the terms of several over one that holds those of one only;
    unscaled, the sixty-odd trigrams of a Japanese claim outweighed its few words."""
    hits: dict[str, Hit] = {}
    scores: dict[str, float] = {}
    for leg in legs:
        best = leg[0][1] if leg and leg[0][1] else 1.0
        for hit, score in leg:
            hits.setdefault(hit.passage_id, hit)
            scores[hit.passage_id] = scores.get(hit.passage_id, 0.0) + score / best
    ranked = sorted(hits.values(), key=lambda h: -scores[h.passage_id])[:n]
    for rank, hit in enumerate(ranked, start=1):
        hit.score, hit.bm25_rank = scores[hit.passage_id], rank
    return ranked


def informative(terms: list[str], total: int, frequency: Callable[[str], int]) -> list[str]:
    """The words worth searching in an index of ``total`` passages, where ``frequency(term)``
    counts the passages holding a term. Scoring every passage that holds a word is most of a
    keyword search's time, and common words carry little weight: words found in more than 5%
    of the passages are left out, and the rest are taken rarest first while the passages they
    hold add up to at most ``_POSTINGS_BUDGET``, so a query costs about the same at any index
    size. The three rarest always stay."""
    if total < _COMMON_MIN_PASSAGES or len(terms) <= _KEEP_RAREST:
        return terms
    df = {t: frequency(t) for t in terms}
    kept, postings = set(), 0
    for rank, term in enumerate(sorted(terms, key=df.get)):
        if rank >= _KEEP_RAREST and (df[term] > _COMMON_SHARE * total
                                     or postings + df[term] > _POSTINGS_BUDGET):
            break
        kept.add(term)
        postings += df[term]
    return [t for t in terms if t in kept]


def needs_frequencies(terms: list[str], total: int) -> bool:
    """Whether ``informative`` will ask for the terms' passage counts."""
    return total >= _COMMON_MIN_PASSAGES and len(terms) > _KEEP_RAREST


def common_cap(total: int) -> int:
    """Counting a term's passages past this many changes nothing in ``informative``."""
    return int(_COMMON_SHARE * total) + 1
