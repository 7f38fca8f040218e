"""Exports of the check history: schema.org ClaimReview JSON-LD, JSON Lines and CSV.

ClaimReview is the markup fact-checkers publish (schema.org/ClaimReview). One check becomes:

- ``claimReviewed``: the claim; ``datePublished``: the day of the check; ``author``: an
  Organization (``factcheck`` unless given), described by model, judge and weights version;
- ``itemReviewed``: a ``Claim`` whose ``appearance`` lists the news articles that state the
  claim (the citations that support it) and whose ``datePublished`` is the earliest of those
  articles' days, or the day factcheck first checked the claim when none states it;
- ``reviewRating``: a ``Rating`` with ``alternateName`` the label, on a scale of 1 (REFUTED)
  to 3 (SUPPORTED) with CONFLICTING at 2. NOT_ENOUGH_EVIDENCE is no point on a true-false
  scale, so it has the scale and the label but no ``ratingValue``;
- ``citation``: every cited article (NewsArticle with url, headline, datePublished, publisher).

``schemaorg-context.jsonld`` is a copy of the part of the schema.org JSON-LD context these
documents use, for processing them offline (the tests expand every export against it).
"""

from __future__ import annotations

import csv
import io
import json
from importlib import resources

from .errors import InputError
from .history import CheckRecord

__all__ = ["CONTEXT_URL", "FORMATS", "RATING", "bundled_context", "claim_review", "export"]

CONTEXT_URL = "https://schema.org"
FORMATS = ("claimreview", "jsonl", "csv")
RATING = {"REFUTED": 1, "CONFLICTING": 2, "SUPPORTED": 3}
CSV_FIELDS = ["check", "checked_at", "claim", "label", "confidence", "as_of", "status", "change",
              "rationale", "evidence_urls", "model", "judge", "weights", "trigger"]


def bundled_context() -> dict:
    """The bundled schema.org context document (``{"@context": {...}}``)."""
    text = resources.files("factcheck").joinpath("schemaorg-context.jsonld").read_text("utf-8")
    return json.loads(text)


def _article(citation: dict) -> dict:
    return {"@type": "NewsArticle", "url": citation["url"], "headline": citation["title"],
            "datePublished": citation["published"][:10],
            "publisher": {"@type": "Organization", "name": citation["source"]}}


def claim_review(record: CheckRecord, author: str = "factcheck") -> dict:
    """One check as a ClaimReview object (with its own ``@context``)."""
    verdict = record.verdict
    citations = [c for c in verdict.get("citations") or [] if str(c.get("url", "")).strip()]
    stating = [_article(c) for c in citations if c.get("stance") == "supports"]
    claimed = min((a["datePublished"] for a in stating),
                  default=(record.first_checked or record.checked_at)[:10])
    rating = {"@type": "Rating", "alternateName": record.label, "bestRating": 3,
              "worstRating": 1}
    if record.label in RATING:
        rating["ratingValue"] = RATING[record.label]
    if verdict.get("rationale"):
        rating["ratingExplanation"] = verdict["rationale"]
    return {
        "@context": CONTEXT_URL,
        "@type": "ClaimReview",
        "identifier": f"factcheck-check-{record.id}",
        "claimReviewed": record.claim,
        "datePublished": record.checked_at[:10],
        "author": {"@type": "Organization", "name": author,
                   "description": (f"automated check as of {record.as_of}: {record.judge} "
                                   f"judge, weights {record.weights}, model {record.model}")},
        "itemReviewed": {"@type": "Claim", "appearance": stating,
                         "datePublished": claimed},
        "reviewRating": rating,
        "citation": [_article(c) for c in citations],
    }


def _cell(text: str) -> str:
    """Text a spreadsheet would run as a formula (=, +, -, @ first) is quoted with a leading
    apostrophe: claims and rationales come from visitors and from news pages. The JSON Lines
    export keeps the text as it is."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _row(record: CheckRecord) -> dict:
    verdict = record.verdict
    return {"check": record.id, "checked_at": record.checked_at, "claim": _cell(record.claim),
            "label": record.label, "confidence": record.confidence, "as_of": record.as_of,
            "status": record.status, "change": record.change or "",
            "rationale": _cell(verdict.get("rationale", "")),
            "evidence_urls": " ".join(c["url"] for c in verdict.get("citations") or []),
            "model": record.model, "judge": record.judge, "weights": record.weights,
            "trigger": record.trigger}


def export(records: list[CheckRecord], fmt: str, *, author: str = "factcheck") -> str:
    """``records`` in one of ``FORMATS``: a JSON array of ClaimReviews, JSON Lines (one history
    record with its whole verdict per line) or CSV (one row per check)."""
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "claimreview":
        reviews = [claim_review(r, author) for r in records]
        return json.dumps(reviews, ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in records)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for r in records:
        writer.writerow(_row(r))
    return out.getvalue()
