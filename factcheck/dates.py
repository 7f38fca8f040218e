"""Dates: parsing user dates, normalising publication dates, finding dates in claims."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from .errors import InputError

__all__ = [
    "parse_day", "today", "day_end_ts", "normalise_published", "claim_dates", "claim_date_spans",
    "month_end",
]

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
# Dates named in a claim. Bare years are left out: "the 2026 season" is not a date of the
# event. A date without a year ("on 3 January", "in March", "1月3日", "on Tuesday") is the
# latest such day on or before as_of; the group "d" is what gets parsed when the match also
# holds a lead-in word. Patterns are tried in order and a later match inside an earlier one is
# skipped, so "3 January 2026" is never also read as "3 January".
_DATE_PATTERNS = [
    re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?,?\s+\d{{4}}\b", re.I),
    re.compile(rf"\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b", re.I),
    re.compile(rf"\b(?:{_MONTHS})\.?\s+\d{{4}}\b", re.I),
    re.compile(r"\d{4}年\d{1,2}月(?:\d{1,2}日)?"),
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS.title()})\b\.?"),
    # "may 5" in lower case is a verb and a number, so the month must be capitalised here.
    re.compile(rf"\b(?:{_MONTHS.title()})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?![.:,]?\d)"),
    re.compile(r"(?<!\d)\d{1,2}月\d{1,2}日"),
    re.compile(rf"\b(?:in|during|since|until|by|throughout)\s+(?:early\s+|late\s+|mid-)?"
               rf"(?P<d>{_MONTHS.title()})\b(?!\s*\d)"),
    re.compile(rf"\b(?:on|last|this\s+past)\s+(?P<d>{_WEEKDAYS})\b", re.I),
    # Relative dates, resolved against as_of.
    re.compile(r"\b(?:yesterday|today|last\s+(?:week|month)|this\s+(?:week|month)|"
               r"\d+\s+(?:days?|weeks?)\s+ago)\b", re.I),
]
# "the year to March 2026", "by June": the end of a period or a deadline, not when it happened.
_PERIOD_END = re.compile(r"\b(?:to|until|till|by|through|ending|ended|end of)\s+$", re.I)
_MONTH_ONLY = re.compile(rf"(?:(?:{_MONTHS})\.?(?:\s+\d{{4}})?|\d{{4}}年\d{{1,2}}月)", re.I)


def today() -> dt.date:
    return dt.date.today()


def parse_day(value: str | dt.date | None, what: str = "--as-of") -> dt.date:
    """A user-given day, YYYY-MM-DD. ``None`` means today."""
    if value is None or value == "":
        return today()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(
            f"{what} {value!r} is not a date; use YYYY-MM-DD, e.g. 2026-01-31"
        ) from None


def day_end_ts(day: dt.date) -> int:
    """Unix seconds at the last second of ``day`` (UTC): the as-of filter bound."""
    end = dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=dt.UTC)
    return int(end.timestamp())


@lru_cache(maxsize=4096)
def _dateparser_parse(text: str, base: str | None) -> dt.datetime | None:
    import dateparser  # slow import; only when a date needs parsing

    # A date without a year is the latest one on or before the base ("3 December" read on
    # 1 February 2026 is 3 December 2025): claims are about what has happened.
    settings = {"RETURN_AS_TIMEZONE_AWARE": True, "PREFER_DAY_OF_MONTH": "first",
                "PREFER_DATES_FROM": "past"}
    if base:
        settings["RELATIVE_BASE"] = dt.datetime.fromisoformat(base)
    return dateparser.parse(text, settings=settings)


def normalise_published(value: str | None) -> dt.datetime | None:
    """Any publication date string -> aware datetime (UTC when no zone is given)."""
    if not value:
        return None
    value = value.strip()
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        parsed = _dateparser_parse(value, None)
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed


def month_end(month: str) -> dt.date:
    """The last day of a YYYY-MM month."""
    year, mon = (int(x) for x in month.split("-"))
    return _month_last_day(dt.date(year, mon, 1))


def _month_last_day(day: dt.date) -> dt.date:
    following = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _span_of(text: str, first: dt.date) -> tuple[dt.date, dt.date]:
    """The days a matched date expression covers: a month name without a day means the whole
    month, "last/this week" seven days, "last/this month" a calendar month; else one day."""
    lower = text.lower()
    if _MONTH_ONLY.fullmatch(text.strip()):
        return first, _month_last_day(first)
    if lower.endswith("week"):
        if lower.startswith("this"):
            return first - dt.timedelta(days=6), first
        return first, first + dt.timedelta(days=6)
    if lower.endswith("month"):
        start = first.replace(day=1)
        return start, _month_last_day(start)
    return first, first


def claim_date_spans(claim: str, as_of: dt.date | None = None) -> list[tuple[dt.date, dt.date]]:
    """Explicit and relative dates named in a claim, each as the (first, last) day it covers,
    relative ones resolved against ``as_of``."""
    found: list[tuple[dt.date, dt.date]] = []
    taken: list[tuple[int, int]] = []
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(claim):
            if any(s <= m.start() < e for s, e in taken):
                continue
            if _PERIOD_END.search(claim[max(0, m.start() - 16):m.start()]):
                continue
            text = (m.groupdict().get("d") or m.group(0)).rstrip(".")
            base = as_of.isoformat() if as_of else None
            parsed = _dateparser_parse(text, base)
            if parsed is None:
                continue
            taken.append(m.span())
            span = _span_of(text, parsed.date())
            if span not in found:
                found.append(span)
    return sorted(found)


def claim_dates(claim: str, as_of: dt.date | None = None) -> list[str]:
    """Explicit dates named in a claim, as ISO days (month-only dates give the first day)."""
    return sorted({first.isoformat() for first, _ in claim_date_spans(claim, as_of)})
