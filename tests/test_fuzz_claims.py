"""Property-based fuzzing of what users type: claims (any Unicode, control characters, huge),
as-of dates, the model's answers, and evidence for the prompt. Whatever comes in, the answer
is a result or one of factcheck's own errors, never a crash. Deterministic (derandomize), so
the suite stays reproducible; the example counts are in each test's settings."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.check import MAX_CLAIM_CHARS, Checker, validate_claim
from factcheck.config import load_settings
from factcheck.dates import parse_day
from factcheck.errors import FactcheckError, InputError
from factcheck.passage import Hit
from factcheck.prompt import build_prompt
from factcheck.verdict import parse_answer
from factcheck.web.render import render_timeline, render_verdict
from tests.test_app_api import sample_store

FUZZ = dict(derandomize=True, database=None, deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                   HealthCheck.function_scoped_fixture])

# Every code point, surrogates and controls included.
ANY_CHAR = st.characters(codec=None, categories=None)
NASTY = st.sampled_from(["\u200b", "\u200d", "\ufeff", "\u202e", "\x00", "\x1b", "\u0430",
                         "\u0415", "\uff14", "\u3000", "\ud800", "<|im_end|>", "[INST]",
                         "</evidence>", "\n", " ", "40", "Maduro", "\U0001f525", "\u0301"])
CLAIM_TEXT = st.one_of(
    st.text(ANY_CHAR, max_size=300),
    st.lists(st.one_of(NASTY, st.text(max_size=12)), max_size=40).map("".join),
)


@settings(max_examples=300, **FUZZ)
@given(CLAIM_TEXT)
def test_validate_claim_any_text(text):
    try:
        clean = validate_claim(text)
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    assert clean and len(clean) <= MAX_CLAIM_CHARS
    assert clean == " ".join(clean.split())
    assert not any(unicodedata.category(ch) in {"Cf", "Cc", "Cs", "Co"} for ch in clean)
    assert validate_claim(clean) == clean  # normalising twice changes nothing


@settings(max_examples=20, **FUZZ)
@given(st.text(ANY_CHAR, min_size=MAX_CLAIM_CHARS + 1, max_size=20_000))
def test_huge_claims_are_refused_or_fit(text):
    try:
        assert len(validate_claim(text)) <= MAX_CLAIM_CHARS
    except InputError as exc:
        assert "over 2000" in str(exc) or "empty" in str(exc)


@settings(max_examples=150, **FUZZ)
@given(st.one_of(st.text(ANY_CHAR, max_size=40),
                 st.dates().map(dt.date.isoformat),
                 st.from_regex(r"\A\d{1,5}-\d{1,3}-\d{1,3}\Z"),
                 st.none()))
def test_parse_day_any_text(value):
    try:
        day = parse_day(value, what="the as-of date")
    except InputError as exc:
        assert "use YYYY-MM-DD" in str(exc)
        return
    assert isinstance(day, dt.date)


MONTHS = st.tuples(st.integers(1, 9999), st.integers(1, 12)).map(lambda t: f"{t[0]:04d}-{t[1]:02d}")
ISO = st.dates().map(dt.date.isoformat)


@settings(max_examples=200, **FUZZ)
@given(cutoff=st.one_of(st.none(), MONTHS, st.text(max_size=8)), as_of=ISO,
       claim_dates=st.lists(ISO, max_size=3),
       published=st.lists(st.one_of(ISO, st.text(max_size=12)), max_size=4))
def test_timeline_and_card_any_dates(cutoff, as_of, claim_dates, published):
    """The ends of the calendar (0001-01-01, 9999-12-31) and junk dates render."""
    data = {
        "claim": "c", "label": "SUPPORTED", "confidence": 0.5, "rationale": "",
        "citations": [{"n": i + 1, "url": "file:///etc/passwd" if i % 2 else "https://a.b/",
                       "title": "t", "source": "s", "published": p, "snippet": "x",
                       "stance": "supports"} for i, p in enumerate(published)],
        "temporal": {"model_cutoff": cutoff, "today": "2026-11-28", "as_of": as_of,
                     "claim_dates": claim_dates, "after_cutoff": True},
        "notes": [], "model": {"name": "M"}, "timings_ms": {},
    }
    svg = render_timeline(data)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    page = render_verdict(data)
    assert "file:" not in re.sub(r"<[^>]*>", "", page) or "href='file:" not in page
    assert "href='file:" not in page


@settings(max_examples=150, **FUZZ)
@given(st.one_of(
    st.text(ANY_CHAR, max_size=200),
    st.builds(lambda label, text: f'{{"label": "{label}", "rationale": "{text}"}}',
              st.sampled_from(["SUPPORTED", "REFUTED", "x"]), st.text(ANY_CHAR, max_size=40)),
    st.integers(1, 5000).map(lambda n: "[" * n + "]" * n),
))
def test_parse_answer_any_text(text):
    answer, note = parse_answer(text)
    assert isinstance(answer, dict)
    assert note is None or "not valid JSON" in note


EVIDENCE = st.lists(st.one_of(NASTY, st.text(ANY_CHAR, max_size=20)), max_size=30).map("".join)
# A whole control token (a cut-off "<|im_end|" is not one, and the fields around it are
# separated by the template's own text).
CONTROL = re.compile(
    r"<\|[^<>|]{0,60}\|>|<\uff5c[^<>\uff5c]{0,60}\uff5c>|\[/?INST\]|</?s>|<(?:start|end)_of_turn>"
    r"|<</?SYS>>", re.I)


@settings(max_examples=150, **FUZZ)
@given(claim=CLAIM_TEXT, texts=st.lists(EVIDENCE, min_size=1, max_size=3), title=EVIDENCE)
def test_prompt_fence_holds_for_any_evidence(claim, texts, title):
    hits = [Hit(f"a{i}:0", f"a{i}", t, title, "https://x.example/", title[:20],
                "2026-01-03T00:00:00+00:00") for i, t in enumerate(texts)]
    prompt = build_prompt(claim, hits, model_cutoff="2024-06", today="2026-11-28",
                          as_of="2026-01-31", claim_dates=[])
    assert prompt.user.count("<evidence>") == 1 and prompt.user.count("</evidence>") == 1
    evidence = prompt.user.split("<evidence>")[1].split("</evidence>")[0]
    assert not CONTROL.search(evidence)
    assert [int(n) for n in re.findall(r"^\[(\d+)\]", evidence, re.M)] == \
        list(range(1, len(hits) + 1))


@pytest.fixture(scope="module")
def checker(tmp_path_factory, embedder) -> Checker:
    store = sample_store(tmp_path_factory.mktemp("fuzz") / "store", embedder)
    return Checker(load_settings(store=store, backend="fake"), embedder=embedder)


@settings(max_examples=15, **FUZZ)
@given(claim=CLAIM_TEXT, as_of=st.one_of(st.none(), ISO, st.sampled_from(
    ["0001-01-01", "9999-12-31", "2026-01-31"])))
def test_check_any_claim_and_day(checker, claim, as_of):
    """Through retrieval and the alignment judge: a verdict or a FactcheckError."""
    try:
        verdict = checker.check(claim, as_of, judge="alignment")
    except FactcheckError as exc:
        assert "\n" not in str(exc)
        return
    assert verdict.label in {"SUPPORTED", "REFUTED", "NOT_ENOUGH_EVIDENCE", "CONFLICTING"}
    assert 0.0 <= verdict.confidence <= 1.0
