"""AVeriTeC in the gold-evidence setting.

Each claim's question-answer pairs become its evidence documents, dated on its claim date
(DD-MM-YYYY), so they are in the index when the claim is checked and absent the day before.
The ``justification`` and ``fact_checking_article`` fields reveal the label and are never used.
Short pairs are packed together because the extractor rejects pages under 80 characters.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from ..errors import InputError
from .datasets import Claim, Event

__all__ = ["LABEL_MAP", "parse_averitec", "qa_documents"]

LABEL_MAP = {
    "Supported": "SUPPORTED",
    "Refuted": "REFUTED",
    "Not Enough Evidence": "NOT_ENOUGH_EVIDENCE",
    "Conflicting Evidence/Cherrypicking": "CONFLICTING",
}

MIN_DOC_CHARS = 160


def _answer_text(answer: dict) -> str:
    text = str(answer.get("answer", "")).strip()
    if answer.get("answer_type") == "Boolean" and answer.get("boolean_explanation"):
        text = f"{text}. {str(answer['boolean_explanation']).strip()}"
    host = urlsplit(str(answer.get("source_url") or "")).hostname or ""
    if "web.archive.org" in host:  # the archived page's own host says more than the archive
        path = urlsplit(str(answer["source_url"])).path
        inner = path.split("/", 3)[-1] if path.count("/") >= 3 else ""
        host = urlsplit(inner).hostname or host
    return f"{text} (source: {host})" if host and text else text


def qa_documents(item: dict, claim_id: str, day: dt.date) -> list[dict]:
    """Replay-format documents built from one claim's questions and answers."""
    pairs: list[tuple[str, str]] = []
    for q in item.get("questions") or []:
        answers = [_answer_text(a) for a in q.get("answers") or [] if isinstance(a, dict)]
        answers = [a for a in answers if a]
        if q.get("question") and answers:
            pairs.append((str(q["question"]).strip(), " ".join(answers)))
    docs: list[dict] = []
    title, body = "", []
    for question, answer in pairs:
        title = title or question
        body.append(f"Question: {question}\nAnswer: {answer}")
        if sum(len(b) for b in body) >= MIN_DOC_CHARS:
            docs.append(_doc(claim_id, len(docs), day, title, body))
            title, body = "", []
    if body:
        if docs and sum(len(b) for b in body) < MIN_DOC_CHARS:
            docs[-1]["article"] += "\n" + "\n".join(body)
        else:
            docs.append(_doc(claim_id, len(docs), day, title, body))
    return docs


def _doc(claim_id: str, n: int, day: dt.date, title: str, body: list[str]) -> dict:
    return {
        "id": f"{claim_id}-q{n}",
        "date": day.isoformat(),
        "headline": title,
        "article": "\n".join(body),
        "urls": [f"https://averitec.example/{claim_id}/evidence-{n}"],
    }


def parse_averitec(data: object, path: str) -> list[Event]:
    if not isinstance(data, list) or not data:
        raise InputError(f"{path}: an AVeriTeC file is a non-empty JSON array of claims")
    events: list[Event] = []
    for i, item in enumerate(data):
        where = f"{path}: claim {i + 1}"
        if not isinstance(item, dict) or not str(item.get("claim", "")).strip():
            raise InputError(f"{where} has no 'claim' text; is this an AVeriTeC file?")
        label = LABEL_MAP.get(str(item.get("label")))
        if label is None:
            raise InputError(
                f"{where}: label {item.get('label')!r} is not one of {list(LABEL_MAP)}"
            )
        try:
            day = dt.datetime.strptime(str(item.get("claim_date")), "%d-%m-%Y").date()
        except ValueError:
            raise InputError(
                f"{where}: claim_date {item.get('claim_date')!r} is not DD-MM-YYYY"
            ) from None
        claim_id = f"averitec-{i:04d}"
        claim = Claim(claim_id, " ".join(str(item["claim"]).split()), label, claim_id, day)
        events.append(Event(claim_id, day, qa_documents(item, claim_id, day), [claim]))
    return events
