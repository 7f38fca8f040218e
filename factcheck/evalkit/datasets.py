"""Evaluation datasets: the replay JSON Lines format (docs/datasets.md) and AVeriTeC JSON, detected
from the file's content, both turned into one shape: dated documents and dated claims."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..verdict import LABELS

__all__ = ["Claim", "Dataset", "Event", "load_dataset", "file_sha256"]

log = logging.getLogger(__name__)


@dataclass
class Claim:
    id: str
    text: str
    label: str
    event_id: str
    date: dt.date


@dataclass
class Event:
    """One day's news item: the documents it publishes and the claims judged against them.

    ``docs`` are replay events (docs/datasets.md: id, date, headline, article, urls) so the same
    renderer serves news articles and AVeriTeC evidence alike.
    """

    id: str
    date: dt.date
    docs: list[dict]
    claims: list[Claim] = field(default_factory=list)


@dataclass
class Dataset:
    path: str
    format: str  # "replay" | "averitec"
    sha256: str
    events: list[Event]

    @property
    def claims(self) -> list[Claim]:
        return [c for e in self.events for c in e.claims]

    def limit(self, n: int | None) -> Dataset:
        """The first ``n`` claims in file order, with the events they belong to."""
        if n is None:
            return self
        if n < 1:
            raise InputError(f"--limit {n} must be at least 1")
        kept: list[Event] = []
        left = n
        for event in self.events:
            if left <= 0:
                break
            claims = event.claims[:left]
            left -= len(claims)
            kept.append(Event(event.id, event.date, event.docs, claims))
        return Dataset(self.path, self.format, self.sha256, kept)

    def subset(self, event_ids: list[str]) -> Dataset:
        """Only the named events, in file order; every id must exist."""
        known = {e.id for e in self.events}
        missing = [i for i in event_ids if i not in known]
        if missing:
            raise InputError(f"{self.path}: no event with id {', '.join(missing)}")
        kept = [e for e in self.events if e.id in set(event_ids)]
        return Dataset(self.path, self.format, self.sha256, kept)


def file_sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _bad(path: str, why: str) -> InputError:
    return InputError(
        f"{path}: {why}; give a replay JSONL file (docs/datasets.md) or an AVeriTeC JSON file"
    )


def _day(value: object, path: str, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise _bad(path, f"{where}: date {value!r} is not YYYY-MM-DD") from None


def _replay(lines: list[str], path: str) -> list[Event]:
    events: list[Event] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"line {number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise _bad(path, f"{where} is not JSON ({exc.msg})") from None
        if not isinstance(item, dict):
            raise _bad(path, f"{where} is not a JSON object")
        for key in ("id", "date", "headline", "article"):
            if not item.get(key):
                raise _bad(path, f"{where} has no {key!r}")
        # An event with an empty claims list is news only: a distractor in the index.
        if not isinstance(item.get("claims"), list):
            raise _bad(path, f"{where} has no 'claims' list (use [] for news without claims)")
        event_id = str(item["id"])
        if event_id in seen:
            raise _bad(path, f"{where}: event id {event_id!r} appears twice")
        seen.add(event_id)
        day = _day(item["date"], path, where)
        claims = []
        for i, claim in enumerate(item["claims"]):
            label = str(claim.get("label", "")).upper() if isinstance(claim, dict) else ""
            if label not in LABELS or not str(claim.get("text", "")).strip():
                raise _bad(path, f"{where}: claim {i + 1} needs text and a label in {LABELS}")
            claims.append(Claim(f"{event_id}#{i}", claim["text"], label, event_id, day))
        events.append(Event(event_id, day, [item], claims))
    if not any(e.claims for e in events):
        raise _bad(path, "the file holds no claims")
    return events


def load_dataset(path: str | Path) -> Dataset:
    """Read a replay JSONL or AVeriTeC JSON file; raise InputError with one line if neither."""
    from .averitec import parse_averitec

    name = str(path)
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{name}: no such file; give a replay JSONL or an AVeriTeC JSON file")
    try:
        raw = p.read_bytes()
        text = raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise _bad(name, f"cannot be read as UTF-8 text ({exc})") from None
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise _bad(name, f"not valid JSON ({exc.msg} at line {exc.lineno})") from None
        events = parse_averitec(data, name)
        fmt = "averitec"
    elif stripped.startswith("{"):
        events = _replay(text.splitlines(), name)
        fmt = "replay"
    else:
        raise _bad(name, "neither a JSON array nor JSON Lines")
    log.info("%s: %s format, %d events", name, fmt, len(events))
    return Dataset(name, fmt, hashlib.sha256(raw).hexdigest(), events)
