"""Unicode normalisation of user text, so that what a reader sees is what gets checked."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalise_claim"]

# Cyrillic and Greek letters that look like Latin ones. Inside a word that is otherwise Latin
# they are a disguise ("Маduro" with a Cyrillic M), which would hide the word from retrieval and
# the judge; a word written wholly in Cyrillic or Greek is left alone.
_CONFUSABLES = str.maketrans(
    "аеорсухіјѕԁһӏԛԝАВЕКМНОРСТХІЈЅҮ" "αοικνρτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aeopcyxijsdhlqwABEKMHOPCTXIJSY" "aoikvptuxABEZHIKMNOPTYX",
)
_LOOKALIKES = frozenset("аеорсухіјѕԁһӏԛԝАВЕКМНОРСТХІЈЅҮαοικνρτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ")
_WORD = re.compile(r"[^\W\d_]+")
# Invisible characters: format (Cf: zero-width space and joiners, bidi marks, soft hyphen),
# controls other than whitespace (Cc), lone surrogates (Cs) and private use (Co).
_INVISIBLE = frozenset({"Cf", "Cc", "Cs", "Co"})


def _is_latin(ch: str) -> bool:
    return ch.isascii() or unicodedata.name(ch, "").startswith("LATIN")


def _unmask_word(match: re.Match) -> str:
    word = match.group(0)
    if word.isascii() or not any(ch in _LOOKALIKES for ch in word):
        return word
    if any(_is_latin(ch) for ch in word) and all(
        _is_latin(ch) or ch in _LOOKALIKES for ch in word
    ):
        return word.translate(_CONFUSABLES)
    return word


def normalise_claim(text: str) -> str:
    """The claim as retrieval and the judges should read it: NFKC (full-width digits and
    letters become ASCII), invisible characters removed (a zero-width joiner inside "40"),
    lookalike Cyrillic/Greek letters inside Latin words made Latin, whitespace collapsed."""
    # Invisible characters go first: one between a letter and its accent would keep them
    # from composing. NFKC again after unmasking: a Latin letter may now take its accent.
    text = "".join(
        " " if ch.isspace() else ch
        for ch in text
        if ch.isspace() or unicodedata.category(ch) not in _INVISIBLE
    )
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        text = unicodedata.normalize("NFKC", _WORD.sub(_unmask_word, text))
    return " ".join(text.split())
