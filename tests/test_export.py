"""Exports of the check history: ClaimReview JSON-LD expanded by a JSON-LD processor (pyld)
against the bundled schema.org context, served by a loader that refuses every other URL, so
nothing reaches the network; JSON Lines and CSV read back."""

from __future__ import annotations

import csv
import io
import json

import pytest
from pyld import jsonld

from factcheck.check import Checker
from factcheck.claimreview import CONTEXT_URL, bundled_context, claim_review, export
from factcheck.config import load_settings
from factcheck.errors import InputError
from factcheck.history import History
from tests.test_history import FIRE, FIRE_PAGE, MADURO, MADURO_PAGE, make_store

S = "http://schema.org/"
SCHEMA_URLS = {"https://schema.org", "https://schema.org/", "http://schema.org",
               "http://schema.org/"}


def offline_loader(url, options=None):
    if url.rstrip("/") + "/" not in SCHEMA_URLS:
        raise AssertionError(f"the JSON-LD processor asked for {url}")
    return {"contextUrl": None, "documentUrl": url, "document": bundled_context()}


def expand(document) -> list[dict]:
    return jsonld.expand(document, {"documentLoader": offline_loader})


def properties(node) -> set[str]:
    """Every property name (compact document) or IRI (expanded document) used anywhere."""
    if isinstance(node, list):
        return set().union(*(properties(n) for n in node)) if node else set()
    if isinstance(node, dict):
        own = {k for k in node if not k.startswith("@")}
        return own.union(*(properties(v) for v in node.values()))
    return set()


@pytest.fixture(scope="module")
def history(tmp_path_factory, embedder) -> History:
    path = make_store(tmp_path_factory.mktemp("export") / "s", embedder, FIRE_PAGE, MADURO_PAGE)
    checker = Checker(load_settings(store=path), embedder=embedder, record=True)
    checker.check(MADURO, "2026-01-31", judge="alignment")
    checker.check("Nicolás Maduro was flown to Miami to stand trial.", "2026-01-31",
                  judge="alignment")
    checker.check(FIRE, "2025-12-31", judge="alignment")
    return History(checker.store)


def test_claimreview_expands_against_the_bundled_context(history):
    records = history.checks()
    reviews = json.loads(export(records, "claimreview"))
    assert len(reviews) == 3
    expanded = expand(reviews)
    assert len(expanded) == 3
    # Nothing was dropped: every property the documents use is a schema.org IRI.
    assert {S + k for k in properties(reviews)} == properties(expanded)
    by_claim = {e[S + "claimReviewed"][0]["@value"]: e for e in expanded}
    assert set(by_claim) == {r.claim for r in records}

    review = by_claim[MADURO]
    record = next(r for r in records if r.claim == MADURO)
    assert review["@type"] == [S + "ClaimReview"]
    assert review[S + "datePublished"] == [{"@type": S + "Date",
                                            "@value": record.checked_at[:10]}]
    [rating] = review[S + "reviewRating"]
    assert rating["@type"] == [S + "Rating"]
    assert rating[S + "alternateName"] == [{"@value": "SUPPORTED"}]
    assert rating[S + "ratingValue"] == [{"@value": 3}]
    assert rating[S + "bestRating"] == [{"@value": 3}]
    assert rating[S + "worstRating"] == [{"@value": 1}]
    [author] = review[S + "author"]
    assert author["@type"] == [S + "Organization"]
    assert author[S + "name"] == [{"@value": "factcheck"}]
    [claim] = review[S + "itemReviewed"]
    assert claim["@type"] == [S + "Claim"]
    urls = [c["url"] for c in record.verdict["citations"]]
    stating = [c["url"] for c in record.verdict["citations"] if c["stance"] == "supports"]
    assert stating and [a[S + "url"][0]["@id"] for a in claim[S + "appearance"]] == stating
    assert claim[S + "datePublished"] == [{"@type": S + "Date", "@value": "2026-01-03"}]
    assert [c[S + "url"][0]["@id"] for c in review[S + "citation"]] == urls
    assert review[S + "citation"][0]["@type"] == [S + "NewsArticle"]


def test_a_verdict_without_a_rating_keeps_the_scale_and_the_label(history):
    fire = next(r for r in history.checks() if r.claim == FIRE)
    assert fire.label == "NOT_ENOUGH_EVIDENCE"  # as of the day before the fire
    review = claim_review(fire, author="Example Checks")
    assert review["@context"] == CONTEXT_URL
    [expanded] = expand(review)
    [rating] = expanded[S + "reviewRating"]
    assert S + "ratingValue" not in rating
    assert rating[S + "alternateName"] == [{"@value": "NOT_ENOUGH_EVIDENCE"}]
    assert rating[S + "bestRating"] == [{"@value": 3}]
    assert expanded[S + "author"][0][S + "name"] == [{"@value": "Example Checks"}]
    # No article states the claim: it dates from its first check.
    [claim] = expanded[S + "itemReviewed"]
    assert claim[S + "datePublished"][0]["@value"] == fire.first_checked[:10]
    assert claim[S + "appearance"] == []


def test_a_term_outside_the_context_would_be_caught(history):
    review = claim_review(history.checks()[0])
    review["reviewRatng"] = review.pop("reviewRating")  # a typo the processor drops
    assert {S + k for k in properties(review)} != properties(expand(review))


def test_jsonl_and_csv_carry_every_check(history):
    records = history.checks()
    lines = export(records, "jsonl").splitlines()
    rows = [json.loads(line) for line in lines]
    assert [r["id"] for r in rows] == [r.id for r in records]
    assert rows[0]["verdict"] == records[0].verdict
    table = list(csv.DictReader(io.StringIO(export(records, "csv"))))
    assert [int(r["check"]) for r in table] == [r.id for r in records]
    maduro = next(r for r in table if r["claim"] == MADURO)
    assert maduro["label"] == "SUPPORTED" and maduro["evidence_urls"].startswith("https://")
    assert maduro["as_of"] == "2026-01-31" and maduro["status"] == "current"


def test_csv_cells_cannot_become_formulas(history):
    record = history.checks()[0]
    record.claim = "=HYPERLINK(\"http://evil.example\")"
    [row] = list(csv.DictReader(io.StringIO(export([record], "csv"))))
    assert row["claim"] == "'" + record.claim
    assert json.loads(export([record], "jsonl"))["claim"] == record.claim


def test_unknown_format_names_the_choices(history):
    with pytest.raises(InputError, match="claimreview, jsonl, csv"):
        export(history.checks(), "xml")
