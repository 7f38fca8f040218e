"""Claims are read as a person reads them: invisible characters, full-width forms and
lookalike letters from other scripts must not change what is checked."""

from __future__ import annotations

import pytest

from factcheck.check import Checker, validate_claim
from factcheck.config import load_settings
from factcheck.errors import InputError
from tests.test_app_api import sample_store

FIRE = "Around 40 people died in a fire at a Crans-Montana bar on 1 January 2026."


@pytest.mark.parametrize("raw, clean", [
    ("About 4\u200d0 people", "About 40 people"),  # zero-width joiner inside a number
    ("About \uff14\uff10 people", "About 40 people"),  # full-width digits
    ("Crans\u200b-Montana", "Crans-Montana"),  # zero-width space
    ("\ufeffMaduro\u00ad was \u2066seized\u2069", "Maduro was seized"),  # BOM, soft hyphen, bidi
    ("N\u0456col\u00e1s \u041c\u0430duro in \u0421aracas", "Nicolás Maduro in Caracas"),
    ("\u0391\u0392C News", "ABC News"),  # Greek capitals inside a Latin word
    ("\uff34\uff52\uff55\uff4d\uff50 said", "Trump said"),
    ("a\x00b\x07c", "abc"),
    ("  two\t\nlines \r\n", "two lines"),
])
def test_claim_text_is_normalised(raw, clean):
    assert validate_claim(raw) == clean


@pytest.mark.parametrize("text", [
    "Путин выступил в Москве",  # Cyrillic words stay Cyrillic
    "Η Αθήνα φιλοξένησε τη σύνοδο",
    "Zürich and São Paulo",
    "東京で40人が死亡した",
])
def test_other_scripts_are_left_alone(text):
    assert validate_claim(text) == text


@pytest.mark.parametrize("value, expected", [
    (None, "the claim is empty"),
    ("\u200b\u200d\ufeff", "the claim is empty"),
    (42, "the claim must be text, not int"),
    (b"bytes", "the claim must be text, not bytes"),
    ("x" * 2001, "over 2000"),
])
def test_bad_claims_are_input_errors(value, expected):
    with pytest.raises(InputError, match=expected):
        validate_claim(value)


@pytest.fixture(scope="module")
def checker(tmp_path_factory, embedder) -> Checker:
    store = sample_store(tmp_path_factory.mktemp("norm") / "store", embedder)
    return Checker(load_settings(store=store, backend="fake"), embedder=embedder)


@pytest.fixture(scope="module")
def clean(checker):
    return checker.check(FIRE, "2026-01-31", judge="alignment")


@pytest.mark.parametrize("disguised", [
    FIRE.replace("40", "4\u200d0"),  # these two were judged REFUTED
    FIRE.replace("40", "\uff14\uff10"),
    FIRE.replace("fire", "fi\u200bre"),  # these two lowered the confidence
    FIRE.replace("Crans", "\u0421r\u0430ns"),  # Cyrillic Es and A
])
def test_disguised_claim_gets_the_clean_verdict(checker, clean, disguised):
    got = checker.check(disguised, "2026-01-31", judge="alignment")
    assert got.claim == FIRE
    assert (got.label, got.confidence) == (clean.label, clean.confidence)
