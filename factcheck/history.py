"""Check history: every verdict given, kept in the store, with the changes between them.

A claim is saved once, by its normalised text (table ``claims``); each check of it is a row of
``checks`` with the as-of day, the whole verdict JSON, the model, the judge, the version of the
judge weights and the time. A claim remembers what its checks track: a fixed as-of day, or
today (``as_of`` NULL), with the judge and top-k of its last check by a user, so a re-check
judges it the same way. The rows live in the store's row store, on either engine (the
``RowStore`` history methods of store_sqlite.py and store_postgres.py, whose migrations create
the tables).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from .dates import parse_day
from .errors import InputError
from .labels import LABELS, NEE

if TYPE_CHECKING:
    from .embed import Embedder
    from .store import Store
    from .verdict import Verdict

__all__ = ["CheckRecord", "History", "SavedClaim", "change_sentence", "now_stamp",
           "weights_version"]

log = logging.getLogger(__name__)

# What a re-check of the claim does: "today" re-judges as of the day it runs.
TODAY = "today"


def now_stamp() -> str:
    """UTC time in the form SQLite's strftime('%Y-%m-%dT%H:%M:%f') writes, so the times of
    checks and of newly written articles compare as text."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3]


def stamp_time(stamp: str) -> dt.datetime:
    return dt.datetime.fromisoformat(stamp).replace(tzinfo=dt.UTC)


@lru_cache(maxsize=1)
def weights_version() -> str:
    """The judge weights a verdict was reached with: a digest of judge_weights.json, so two
    checks with the same weights share it and a refit shows as another version."""
    data = resources.files("factcheck").joinpath("judge_weights.json").read_bytes()
    return "sha256:" + hashlib.sha256(data).hexdigest()[:12]


@dataclass
class SavedClaim:
    id: int
    claim: str
    as_of: str | None  # None: the claim is judged as of the day it is checked
    judge: str
    top_k: int
    first_checked: str
    last_checked: str
    label: str
    last_check: int


@dataclass
class CheckRecord:
    id: int
    claim_id: int
    claim: str
    as_of: str
    label: str
    confidence: float
    model: str
    judge: str
    weights: str
    trigger: str
    checked_at: str
    verdict: dict = field(repr=False)
    status: str = "current"  # current | stale | superseded
    previous: dict | None = None  # the claim's check before this one, when its label differed
    change: str | None = None  # "NOT_ENOUGH_EVIDENCE on 3 January, SUPPORTED since ..."
    first_checked: str = ""  # when the claim was first checked

    def to_dict(self, verdict: bool = True) -> dict:
        data = asdict(self)
        if not verdict:
            data.pop("verdict")
        return data


def _day(stamp: str) -> dt.date:
    return dt.date.fromisoformat(stamp[:10])


def _spoken(day: dt.date, year: bool) -> str:
    return f"{day.day} {day.strftime('%B')}" + (f" {day.year}" if year else "")


def change_sentence(old_label: str, old_at: str, new_label: str, new_at: str,
                    verdict: dict, old_verdict: dict | None = None) -> str:
    """How a claim's verdict changed, and which evidence changed it: "NOT_ENOUGH_EVIDENCE on
    3 January, SUPPORTED since 4 January, because [2] Title (Site, 2026-01-04)". The reason is
    the new verdict's citation that takes its side (supports for SUPPORTED, refutes for
    REFUTED), preferring one the old verdict did not cite."""
    old_day, new_day = _day(old_at), _day(new_at)
    year = old_day.year != new_day.year
    head = (f"{old_label} on {_spoken(old_day, year)}, "
            f"{new_label} since {_spoken(new_day, year)}")
    wanted = {"SUPPORTED": {"supports"}, "REFUTED": {"refutes"},
              "CONFLICTING": {"supports", "refutes"}}.get(new_label, set())
    before = {c.get("url") for c in (old_verdict or {}).get("citations") or []}
    citations = [c for c in verdict.get("citations") or [] if c.get("stance") in wanted]
    citations.sort(key=lambda c: c.get("url") in before)  # new evidence first
    if citations:
        c = citations[0]
        return (f"{head}, because [{c['n']}] {c.get('title', '')} "
                f"({c.get('source', '')}, {c.get('published', '')})")
    if new_label == NEE:
        return f"{head}, because no passage in the index settles it now"
    return head


def _label(value: str | None) -> str | None:
    if value is None:
        return None
    label = value.strip().upper().replace(" ", "_").replace("-", "_")
    if label not in LABELS:
        raise InputError(f"--label {value!r} is not a label; use one of {', '.join(LABELS)}")
    return label


def _since(value: str | dt.date | None) -> str | None:
    if value is None or value == "":
        return None
    return parse_day(value, what="--since").isoformat()


class History:
    """The store's check history, on whichever row store it has."""

    def __init__(self, store: Store, stale_after_days: float = 7.0) -> None:
        self.store = store
        self.rows = store.rows
        self.stale_after = dt.timedelta(days=stale_after_days)

    # -- writing ----------------------------------------------------------------------------
    def record(self, verdict: Verdict | dict, *, judge: str, as_of: str | None, top_k: int,
               trigger: str = "check", started_at: str | None = None,
               embedder: Embedder | None = None) -> CheckRecord:
        """Save one check. ``as_of``: the day the user asked for, None when the check was as
        of today (re-checks then judge as of their own day). ``started_at``: when the check
        began; news written after it can change the verdict, so re-checks compare against it.
        A check by a user (``trigger`` "check") also sets what re-checks of the claim do; a
        re-check leaves that alone."""
        data = verdict if isinstance(verdict, dict) else verdict.to_dict()
        claim = data["claim"]
        stamp = started_at or now_stamp()
        check_id, claim_id, known_embedder = self.rows.record_check(
            {"claim": claim, "as_of": as_of, "judge": judge, "top_k": top_k,
             "first_checked": stamp},
            {"as_of": data["temporal"]["as_of"], "label": data["label"],
             "confidence": float(data["confidence"]),
             "verdict": json.dumps(data, ensure_ascii=False),
             "model": (data.get("model") or {}).get("name", ""), "judge": judge,
             "weights": weights_version(), "trigger": trigger, "checked_at": stamp},
            update=trigger == "check")
        if embedder is not None and known_embedder != embedder.name:
            self.save_vectors({claim_id: claim}, embedder)
        return self.get(check_id)

    def save_vectors(self, claims: dict[int, str], embedder: Embedder) -> dict[int, bytes]:
        """Embed claims (id -> text) the way retrieval embeds a query and keep the vectors,
        so the news that touches a claim is found without embedding it again."""
        import numpy as np

        ids = list(claims)
        vectors = np.asarray(embedder.encode([claims[i] for i in ids]), dtype=np.float32)
        blobs = {i: v.tobytes() for i, v in zip(ids, vectors, strict=True)}
        self.rows.save_claim_vectors([(embedder.name, blobs[i], i) for i in ids])
        return blobs

    def vectors(self, embedder_name: str) -> dict[int, bytes]:
        """The saved claims' vectors that ``embedder_name`` made, by claim id."""
        return {i: v for i, name, v in self.rows.claim_vectors()
                if name == embedder_name and v is not None}

    # -- reading ----------------------------------------------------------------------------
    def _record(self, row: tuple, now: dt.datetime) -> CheckRecord:
        (cid, claim_id, claim, as_of, label, confidence, model, judge, weights, trigger,
         checked_at, verdict, latest, p_label, p_at, p_verdict, first) = row
        data = json.loads(verdict)
        if cid != latest:
            status = "superseded"
        elif now - stamp_time(checked_at) > self.stale_after:
            status = "stale"
        else:
            status = "current"
        previous = change = None
        if p_label is not None and p_label != label:
            old = json.loads(p_verdict)
            previous = {"label": p_label, "checked_at": p_at, "as_of": old["temporal"]["as_of"],
                        "confidence": old["confidence"], "verdict": old}
            change = change_sentence(p_label, p_at, label, checked_at, data, old)
        return CheckRecord(cid, claim_id, claim, as_of, label, confidence, model, judge, weights,
                           trigger, checked_at, data, status, previous, change, first)

    def checks(self, *, label: str | None = None, since: str | dt.date | None = None,
               claim_id: int | None = None, latest: bool = False,
               limit: int | None = None) -> list[CheckRecord]:
        """Checks, newest first. ``latest``: only each claim's newest check. ``label`` and
        ``since`` (YYYY-MM-DD: checked on or after that day, UTC) filter them."""
        rows = self.rows.check_rows(label=_label(label), since=_since(since),
                                    claim_id=claim_id, latest=latest, limit=limit)
        now = dt.datetime.now(dt.UTC)
        return [self._record(row, now) for row in rows]

    def get(self, check_id: int) -> CheckRecord:
        rows = self.rows.check_rows(check_id=check_id)
        if not rows:
            raise InputError(f"no check #{check_id} in the history of {self.store.location}; "
                             "list them with: factcheck history")
        return self._record(rows[0], dt.datetime.now(dt.UTC))

    def claims(self, ids: list[int] | None = None) -> list[SavedClaim]:
        """Saved claims with their newest check, oldest claim first."""
        return [SavedClaim(*row) for row in self.rows.saved_claims(ids)]

    def is_stale(self, claim: SavedClaim, now: dt.datetime | None = None) -> bool:
        now = now or dt.datetime.now(dt.UTC)
        return now - stamp_time(claim.last_checked) > self.stale_after

    def count(self) -> dict:
        return self.rows.history_counts()
