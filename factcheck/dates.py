"""Dates: parsing user dates, normalising publication dates, finding dates in claims."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import unicodedata
from functools import lru_cache

from .errors import InputError

__all__ = [
    "parse_day", "today", "day_end_ts", "normalise_published", "claim_dates", "claim_date_spans",
    "date_mentions",
    "month_end", "JST", "ERAS", "japanese_datetime", "local_zone",
]
MAX_DATE_TEXT = 200  # a date is short; longer values are cut before any regex runs

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
_JA_YEAR_MONTH = r"\d{4}年\d{1,2}月(?:\d{1,2}日)?"
_JA_MONTH_DAY = r"(?<!\d)\d{1,2}月\d{1,2}日"
_ON_WEEKDAY = re.compile(rf"\b(?:on|last|this\s+past)\s+(?P<d>{_WEEKDAYS})\b", re.I)
_DATE_PATTERNS = [
    re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?,?\s+\d{{4}}\b", re.I),
    re.compile(rf"\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b", re.I),
    re.compile(rf"\b(?:{_MONTHS})\.?\s+\d{{4}}\b", re.I),
    re.compile(_JA_YEAR_MONTH),
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS.title()})\b\.?"),
    # "may 5" in lower case is a verb and a number, so the month must be capitalised here.
    re.compile(rf"\b(?:{_MONTHS.title()})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?![.:,]?\d)"),
    re.compile(_JA_MONTH_DAY),
    re.compile(r"(?<![\d年])\d{1,2}月(?![\d日])"),
    re.compile(rf"\b(?:in|during|since|until|by|throughout)\s+(?:early\s+|late\s+|mid-)?"
               rf"(?P<d>{_MONTHS.title()})\b(?!\s*\d)"),
    _ON_WEEKDAY,
    # Relative dates, resolved against as_of.
    re.compile(r"\b(?:yesterday|today|last\s+(?:week|month)|this\s+(?:week|month)|"
               r"\d+\s+(?:days?|weeks?)\s+ago)\b", re.I),
]
# A run of days in one month: "from 13 to 15 March 2026", "March 13-15".
_DAY_RANGES = [
    re.compile(rf"\b(?P<a>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|–|to)\s*(?P<b>\d{{1,2}})"
               rf"(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTHS})\b\.?(?:,?\s+(?P<y>\d{{4}}))?",
               re.I),
    re.compile(rf"\b(?P<m>{_MONTHS.title()})\.?\s+(?P<a>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|–|to)"
               rf"\s*(?P<b>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>\d{{4}}))?"),
]
# A run of months is one span, its months' first day to its last month's last: "January-March
# 2026" is the first quarter, reported weeks after March (not January and March apart).
_MONTH_RANGE = re.compile(rf"\b(?P<a>{_MONTHS.title()})\.?\s*(?:-|–|—|to|through)\s*"
                          rf"(?P<b>{_MONTHS.title()})\b\.?(?:,?\s+(?P<y>\d{{4}}))?")
# What makes a sentence look forward, for a weekday it names.
_FUTURE = re.compile(r"\b(?:will|shall|is|are)\s+(?:(?:due|set|scheduled|expected|slated)\s+to|"
                     r"to\s+(?:be|play|face|meet|vote|hold|start|begin))\b|\bwill\b|['’]ll\b",
                     re.I)


def _sentence_at(text: str, at: int) -> str:
    start = max(text.rfind(". ", 0, at), text.rfind("\n", 0, at)) + 1
    ends = [i for i in (text.find(". ", at), text.find("\n", at)) if i >= 0]
    return text[start:min(ends) if ends else len(text)]


# "the year to March 2026", "by June": the end of a period or a deadline, not when it happened.
_PERIOD_END = re.compile(r"\b(?:to|until|till|by|through|ending|ended|end of)\s+$", re.I)
_MONTH_ONLY = re.compile(rf"(?:(?:{_MONTHS})\.?(?:\s+\d{{4}})?|(?:\d{{4}}年)?\d{{1,2}}月)", re.I)


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


def normalise_published(value: str | None, zone: dt.tzinfo | None = None, *,
                         guess: bool = True) -> dt.datetime | None:
    """Any publication date string -> aware datetime. A time of day without a zone is read in
    ``zone`` (the publisher's, when known: ``local_zone``), else UTC; a day without a time is
    midnight UTC of that day, so no zone ever moves it to the day before. ``guess=False``
    reads only ISO 8601, RFC 822 and Japanese forms, never dateparser (milliseconds a value:
    too slow for every entry of a long feed)."""
    if not value:
        return None
    value = value.strip()
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        if _JA_DATE.match(unicodedata.normalize("NFKC", value[:MAX_DATE_TEXT])):
            parsed = japanese_datetime(value)  # None for 2026年13月6日: no other reading
        else:
            parsed = _rfc822(value) or (_dateparser_parse(value, None) if guess else None)
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        timed = _TIMED.search(unicodedata.normalize("NFKC", value)) is not None
        parsed = parsed.replace(tzinfo=zone if zone is not None and timed else dt.UTC)
    return parsed


def _rfc822(value: str) -> dt.datetime | None:
    """RSS's dates ("Tue, 06 Jan 2026 05:30:00 GMT"), without dateparser's start-up cost."""
    if not value[:1].isalpha() and not value[:2].strip().isdigit():
        return None
    try:
        return email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


_TIMED = re.compile(r"[:時]|T\d")
JST = dt.timezone(dt.timedelta(hours=9), "JST")
# Japanese era names and the Gregorian year before each era's first year (令和元年 = 2019).
ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925}
_KANA = re.compile(r"[\u3040-\u30ff]")
_JA_DATE = re.compile(
    r"(?:(?P<era>令和|平成|昭和)\s*(?P<eyear>\d{1,2}|元)|(?<!\d)(?P<year>\d{4}))\s*年\s*"
    r"(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日"
    r"|(?<![\d/.])(?P<syear>\d{4})[/.](?P<smonth>\d{1,2})[/.](?P<sday>\d{1,2})(?![\d/.])"
)
# What may follow the day: a weekday in brackets, then a time of day, then a zone.
_JA_TIME = re.compile(
    r"(?:\s*\([月火水木金土日](?:曜日?)?\))?\s*(?P<ampm>午前|午後)?\s*"
    r"(?:(?P<h1>\d{1,2})時(?:(?P<m1>\d{1,2})分(?:(?P<s1>\d{1,2})秒)?)?"
    r"|(?P<h2>\d{1,2}):(?P<m2>\d{2})(?::(?P<s2>\d{2}))?)"
    r"(?:\s*(?P<jst>JST|\(JST\)|日本時間)|\s*(?P<off>[+-]\d{2}:?\d{2})(?!\d))?"
)


def local_zone(language: str | None, text: str = "") -> dt.tzinfo | None:
    """The zone a publisher's times without a zone are in, when the document says enough:
    Japan's for a page or feed in Japanese (its declared language, else kana in ``text``).
    None means unknown (read as UTC)."""
    if language:
        return JST if language.lower().split("-")[0] == "ja" else None
    return JST if _KANA.search(text[:2000]) else None


def japanese_datetime(text: str, *, search: bool = False,
                      zone: dt.tzinfo | None = None) -> dt.datetime | None:
    """A date written the Japanese way: 2026年1月6日, 令和8年1月6日, 2026/01/06, each with an
    optional weekday and time (14時30分, 午後2時30分, 14:30) and zone (JST, +09:00). The whole
    of ``text``, or with ``search`` the first such date in it. An era name means Japan's
    zone; otherwise a time without a zone is naive unless ``zone`` is given. A day without a
    time is midnight UTC."""
    text = unicodedata.normalize("NFKC", text[:2000 if search else MAX_DATE_TEXT])
    m = (_JA_DATE.search if search else _JA_DATE.match)(text)
    if m is None:
        return None
    t = _JA_TIME.match(text, m.end())
    end = t.end() if t and (t["h1"] or t["h2"]) else m.end()
    if not search and any(c.isdigit() for c in text[end:]):  # "14時30分 更新" is still a date
        return None
    try:
        if m["era"]:
            year = ERAS[m["era"]] + (1 if m["eyear"] == "元" else int(m["eyear"]))
        else:
            year = int(m["year"] or m["syear"])
        day = dt.date(year, int(m["month"] or m["smonth"]), int(m["day"] or m["sday"]))
        if not (t and (t["h1"] or t["h2"])):
            return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
        hour = int(t["h1"] or t["h2"])
        if t["ampm"] == "午後" and hour < 12:
            hour += 12
        elif t["ampm"] == "午前" and hour == 12:
            hour = 0
        minute, second = int(t["m1"] or t["m2"] or 0), int(t["s1"] or t["s2"] or 0)
        when = dt.datetime.combine(day, dt.time(hour % 24, minute, second))
        when += dt.timedelta(days=hour // 24)  # "24時" is the next day's midnight
    except (ValueError, OverflowError):
        return None
    if t["off"]:
        digits = t["off"].replace(":", "")
        offset = dt.timedelta(hours=int(digits[1:3]), minutes=int(digits[3:5]))
        return when.replace(tzinfo=dt.timezone(-offset if digits[0] == "-" else offset))
    if t["jst"] or m["era"]:
        return when.replace(tzinfo=JST)
    return when.replace(tzinfo=zone) if zone is not None else when


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
    relative ones resolved against ``as_of``. A date that something is measured from ("the
    highest since May 2023", "1999年2月以来の高さ") is not when the claim's event happened."""
    spans = set()
    for written, span in date_mentions(claim, as_of):
        at = claim.find(written)
        if at >= 0 and (_SINCE_BEFORE.search(claim[:at])
                        or _SINCE_AFTER_JA.match(claim, at + len(written))):
            continue
        spans.add(span)
    return sorted(spans)


_SINCE_BEFORE = re.compile(r"\bsince\s+(?:the\s+)?(?:(?:early|late|mid)-?\s*)?$", re.I)
_SINCE_AFTER_JA = re.compile(r"(?:の)?(?:以来|ぶり)")


def date_mentions(text: str, as_of: dt.date | None = None, *, ahead: bool = False
                  ) -> list[tuple[str, tuple[dt.date, dt.date]]]:
    """The dates a text names, each as written with the (first, last) day it covers, in the
    order they are written; relative ones resolved against ``as_of``. With ``ahead``, "on
    Friday" in a sentence that looks forward ("will play Cape Verde on Friday") is the coming
    Friday, as a story dated ``as_of`` means it, not the last one."""
    found: list[tuple[int, str, tuple[dt.date, dt.date]]] = []
    taken: list[tuple[int, int]] = []
    for span, where in _japanese_spans(text, as_of):
        taken.append(where)
        if span is not None:
            found.append((where[0], text[where[0]:where[1]], span))
    base = as_of.isoformat() if as_of else None
    for pattern in _DAY_RANGES:
        for m in pattern.finditer(text):
            year = f" {m['y']}" if m["y"] else ""
            first = _dateparser_parse(f"{m['a']} {m['m']}{year}", base)
            last = _dateparser_parse(f"{m['b']} {m['m']}{year}", base)
            if first is None or last is None or last < first:
                continue
            taken.append(m.span())
            day = _near_future(m.group(0), first.date(), as_of)
            found.append((m.start(), m.group(0), (day, day + (last - first))))
    runs: list[tuple[int, int]] = []
    for m in _MONTH_RANGE.finditer(text):
        year = f" {m['y']}" if m["y"] else ""
        last = _dateparser_parse(f"1 {m['b']}{year}", base)
        # The first month is of the last one's year, or the year before ("November-February").
        first = last and _dateparser_parse(f"1 {m['a']} {last.year}", base)
        if first is None or last is None:
            continue
        if first > last:
            first = first.replace(year=first.year - 1)
        if not m["y"] and _month_last_day(last.date()) > (as_of or dt.date.today()):
            # A run of months told without its year has ended: "the September-December
            # quarter" read on 3 December is last year's.
            first, last = first.replace(year=first.year - 1), last.replace(year=last.year - 1)
        runs.append(m.span())
        found.append((m.start(), m.group(0), (first.date(), _month_last_day(last.date()))))
    taken += runs
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            if any(s <= m.start() < e for s, e in taken) or any(
                    s < m.end() and m.start() < e for s, e in runs):
                continue
            if _PERIOD_END.search(text[max(0, m.start() - 16):m.start()]) or \
                    _NOT_EVENT_JA.match(text, m.end()):
                continue
            written = (m.groupdict().get("d") or m.group(0)).rstrip(".")
            parsed = _dateparser_parse(written, base)
            if parsed is None:
                continue
            taken.append(m.span())
            day = _near_future(written, parsed.date(), as_of)
            if ahead and as_of is not None and pattern is _ON_WEEKDAY \
                    and m.group(0).lower().startswith("on") and _FUTURE.search(
                        _sentence_at(text, m.start())):
                day = as_of + dt.timedelta(days=(day.weekday() - as_of.weekday()) % 7)
            found.append((m.start(), m.group(0).strip().rstrip("."), _span_of(written, day)))
    return [(written, span) for _, written, span in sorted(found, key=lambda f: f[0])]


# "2026年3月期" is a fiscal year that ends in March, "3月末まで" a deadline.
_NOT_EVENT_JA = re.compile(r"期|末|まで|以降")
_MONTH_WORD = re.compile(rf"\b(?:{_MONTHS})\b|月", re.I)


def _near_future(text: str, day: dt.date, as_of: dt.date | None) -> dt.date:
    """A day or month named without its year is the nearest such one to as_of, the past one
    when they are as near: "on 26 February" checked on 25 February 2026 is tomorrow, not a
    year ago, so nothing published yet can have reported it; "in December" checked in January
    is last month."""
    if as_of is None or re.search(r"\d{4}", text) or not _MONTH_WORD.search(text):
        return day
    try:
        ahead = day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day
    if as_of < ahead and (ahead - as_of) < (as_of - day):
        return ahead
    return day


def claim_dates(claim: str, as_of: dt.date | None = None) -> list[str]:
    """Explicit dates named in a claim, as ISO days (month-only dates give the first day)."""
    return sorted({first.isoformat() for first, _ in claim_date_spans(claim, as_of)})


# Japanese era years (令和8年 = 2026) and relative days, which dateparser does not resolve.
_ERAS = {"令和": 2018, "平成": 1988}
_ERA_DATE = re.compile(r"(令和|平成)(\d{1,2}|元)年(\d{1,2})月(?:(\d{1,2})日)?")
# A relative year or month with the month or day it names: 今年4月, 昨年12月3日, 今月10日.
_JA_RELATIVE_DATE = re.compile(r"(今年|ことし|昨年|去年|来年)(\d{1,2})月(?:(\d{1,2})日)?|"
                               r"(今月|先月|来月)(\d{1,2})日")
_JA_RELATIVE = re.compile(r"一昨日|おととい|昨日|きのう|今日|きょう|明日|あした|あす|"
                          r"先週|今週|来週|先月|今月|来月|昨年|去年|今年|ことし|来年")
# A day of the month alone (6日, 24日夜), as Japanese news dates what happened this week; not a
# count of days (10日間, 3日後, 1日2回, 5日連続, "1日で24％安", "発売から5日で", "発売5日の時点で";
# but "25日で終わる" is the day it ended) nor part of a longer date.
_JA_DAY = re.compile(r"(?<![\d０-９月年度第/.\-])"
                     r"(?<!発売|公開|開幕|発生|就任|開始|上映|設立|創業|誕生)(\d{1,2})日"
                     r"(?!\d|間|目|以内|以上|以下|未満|超|連続|ぶり|前|後|遅れ|程度|ほど|余|弱|強|"
                     r"おき|ごと|当たり|あたり|分|付近|平均|で(?!終|閉|締|打ち切|幕|満了|期限))")
# A day of the month alone is read as ahead of as_of only this close to it.
_DAYS_AHEAD = 10
_YEAR_OFFSET = {"今年": 0, "ことし": 0, "昨年": -1, "去年": -1, "来年": 1}
_MONTH_OFFSET = {"今月": 0, "先月": -1, "来月": 1}


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _nearest_day_of_month(number: int, as_of: dt.date) -> dt.date | None:
    """Day ``number`` of the month nearest to as_of (this month, the last or the next), the
    past one when they are as near."""
    days = []
    for offset in (-1, 0, 1):
        month = _add_months(as_of, offset)
        try:
            days.append(month.replace(day=number))
        except ValueError:
            continue
    if not days:
        return None
    day = min(days, key=lambda d: (abs((d - as_of).days), d > as_of))
    # Far ahead it is more likely a day of an earlier month than a plan (31日 on 5 March).
    return day if (day - as_of).days <= _DAYS_AHEAD else None


def _relative_span(word: str, as_of: dt.date) -> tuple[dt.date, dt.date]:
    if word in ("昨日", "きのう"):
        return (as_of - dt.timedelta(days=1),) * 2
    if word in ("一昨日", "おととい"):
        return (as_of - dt.timedelta(days=2),) * 2
    if word in ("今日", "きょう"):
        return (as_of, as_of)
    if word in ("明日", "あした", "あす"):
        return (as_of + dt.timedelta(days=1),) * 2
    if word in ("先週", "今週", "来週"):
        monday = as_of - dt.timedelta(days=as_of.weekday())
        if word == "今週":
            return (monday, as_of)
        start = monday + dt.timedelta(days=7 if word == "来週" else -7)
        return (start, start + dt.timedelta(days=6))
    if word in _MONTH_OFFSET:
        start = _add_months(as_of, _MONTH_OFFSET[word])
        return (start, as_of) if word == "今月" else (start, _month_last_day(start))
    year = as_of.year + _YEAR_OFFSET[word]
    return (dt.date(year, 1, 1), as_of) if year == as_of.year else (
        dt.date(year, 1, 1), dt.date(year, 12, 31))


# Days with a name: 大みそか is 31 December, 元日 1 January (of the year written before them,
# or the latest one by as_of).
_NAMED_DAYS = {"大みそか": (12, 31), "大晦日": (12, 31), "元日": (1, 1), "元旦": (1, 1)}
_JA_NAMED_DAY = re.compile(r"(?:(\d{4})年の?)?(大みそか|大晦日|元日|元旦)")


def _japanese_spans(claim: str, as_of: dt.date | None
                    ) -> list[tuple[tuple[dt.date, dt.date] | None, tuple[int, int]]]:
    """Japanese dates of a claim with where each stands. The span is None for a date that is
    not when the event happened: the end of a period (3月期, 3月末まで)."""
    out: list[tuple[tuple[dt.date, dt.date] | None, tuple[int, int]]] = []
    taken: list[tuple[int, int]] = []

    def add(span: tuple[dt.date, dt.date] | None, where: tuple[int, int]) -> None:
        if any(s <= where[0] < e for s, e in taken):
            return
        taken.append(where)
        out.append((None if _NOT_EVENT_JA.match(claim, where[1]) else span, where))

    for m in _JA_NAMED_DAY.finditer(claim):
        if m.group(1) or as_of is not None:
            month, day = _NAMED_DAYS[m.group(2)]
            year = int(m.group(1)) if m.group(1) else as_of.year - (
                (month, day) > (as_of.month, as_of.day))
            add((dt.date(year, month, day),) * 2, m.span())
    for m in _ERA_DATE.finditer(claim):
        era, year, month, day = m.groups()
        year = _ERAS[era] + (1 if year == "元" else int(year))
        try:
            first = dt.date(year, int(month), int(day or 1))
        except ValueError:
            continue
        add((first, first if day else _month_last_day(first)), m.span())
    # Full dates are read by the patterns of claim_date_spans; they only need to be kept
    # from being read again here as a day alone.
    for m in re.finditer(f"{_JA_YEAR_MONTH}|{_JA_MONTH_DAY}", claim):
        taken.append(m.span())
    if as_of is None:
        return out
    for m in _JA_RELATIVE_DATE.finditer(claim):
        year_word, month, day, month_word, month_day = m.groups()
        try:
            if year_word:
                first = dt.date(as_of.year + _YEAR_OFFSET[year_word], int(month),
                                int(day or 1))
                span = (first, first if day else _month_last_day(first))
            else:
                first = _add_months(as_of, _MONTH_OFFSET[month_word]).replace(
                    day=int(month_day))
                span = (first, first)
        except ValueError:
            continue
        add(span, m.span())
    for m in _JA_RELATIVE.finditer(claim):
        add(_relative_span(m.group(0), as_of), m.span())
    for m in _JA_DAY.finditer(claim):
        day = _nearest_day_of_month(int(m.group(1)), as_of)
        if day is not None:
            add((day, day), m.span())
    return out
