"""HTML for the web chat: verdict cards, the evidence timeline (inline SVG), stats, ingest
summaries and error messages. Pure functions of the verdict JSON; every text is escaped here.

The chat's sanitizer keeps classes and inline styles but drops data-* attributes and viewBox,
so anything a test or script needs to find is a class (``fc-label-SUPPORTED``)."""

from __future__ import annotations

import datetime as dt
import html

__all__ = [
    "COLOURS",
    "render_verdict",
    "render_timeline",
    "render_error",
    "render_reading",
    "render_status",
    "render_stats",
    "render_ingest",
    "render_history",
    "render_past",
    "safe_href",
]

COLOURS = {"SUPPORTED": "#1a7f37", "REFUTED": "#cf222e", "NOT_ENOUGH_EVIDENCE": "#57606a",
           "CONFLICTING": "#9a6700"}
_STANCE_COLOURS = {"supports": "#1a7f37", "refutes": "#cf222e", "neutral": "#8c959f"}
_esc = html.escape


def safe_href(url: str) -> str | None:
    """Only web links: no javascript:, data: or file: (a path on the reader's own machine)
    from a feed or a page."""
    if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
        return _esc(url, quote=True)
    return None


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _cutoff_day(cutoff: str | None) -> dt.date | None:
    """Last day of a YYYY-MM cutoff month: everything after it is news to the model."""
    if not cutoff:
        return None
    try:
        year, month = (int(x) for x in cutoff.split("-")[:2])
        if (year, month) == (dt.MAXYEAR, 12):
            return dt.date.max
        return dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
    except ValueError:
        return None


def _shift(day: dt.date, days: int) -> dt.date:
    """``day`` moved by ``days``, held inside the calendar (as-of 0001-01-01 or 9999-12-31)."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.min if days < 0 else dt.date.max


def render_timeline(data: dict, width: int = 560) -> str:
    """An SVG axis with the model's cutoff, the as-of day, claim dates and each cited passage."""
    temporal = data["temporal"]
    cutoff = _cutoff_day(temporal.get("model_cutoff"))
    as_of = _day(temporal.get("as_of"))
    points = [(c["n"], _day(c["published"]), c["stance"]) for c in data["citations"]]
    points = [(n, d, s) for n, d, s in points if d]
    claim_days = [d for d in (_day(x) for x in temporal.get("claim_dates", [])) if d]
    days = [d for d in [cutoff, as_of, *claim_days, *(d for _, d, _ in points)] if d]
    if not days:
        return ""
    lo, hi = min(days), max(days)
    span = max((hi - lo).days, 1)
    pad = max(span // 20, 1)
    lo, hi = _shift(lo, -pad), _shift(hi, pad)
    left, right, axis_y = 16, width - 16, 58

    def x(day: dt.date) -> float:
        return round(left + (right - left) * (day - lo).days / (hi - lo).days, 1)

    parts = [
        f"<svg class='fc-timeline' role='img' width='{width}' height='96' "
        f"viewBox='0 0 {width} 96' xmlns='http://www.w3.org/2000/svg' "
        "style='max-width:100%;font:11px sans-serif'>",
        "<title>Evidence dates against the model's knowledge cutoff and the as-of day</title>",
    ]
    if cutoff:
        cx = x(cutoff)
        parts.append(f"<rect x='{cx}' y='16' width='{round(right - cx, 1)}' height='52' "
                     "fill='#fff8c5' opacity='0.6'/>")
        parts.append(f"<line class='fc-cutoff' data-day='{cutoff}' x1='{cx}' x2='{cx}' y1='14' "
                     "y2='70' stroke='#6e7781' stroke-dasharray='4 3'/>")
        parts.append(f"<text x='{cx + 3}' y='12' fill='#57606a'>model cutoff "
                     f"{_esc(temporal['model_cutoff'])}</text>")
    if as_of:
        ax = x(as_of)
        parts.append(f"<line class='fc-asof' data-day='{as_of}' x1='{ax}' x2='{ax}' y1='26' "
                     "y2='70' stroke='#0969da' stroke-width='2'/>")
        parts.append(f"<text x='{ax - 3}' y='84' text-anchor='end' fill='#0969da'>as of "
                     f"{as_of}</text>")
    parts.append(f"<line x1='{left}' x2='{right}' y1='{axis_y}' y2='{axis_y}' stroke='#24292f'/>")
    parts.append(f"<text x='{left}' y='84' fill='#57606a'>{lo.isoformat()}</text>")
    for day in claim_days:
        cx = x(day)
        parts.append(f"<path class='fc-claimday' data-day='{day}' d='M{cx} {axis_y - 6} "
                     f"l5 6 l-5 6 l-5 -6 z' fill='#8250df'><title>date in the claim: {day}"
                     "</title></path>")
    for i, (n, day, stance) in enumerate(points):
        cx = x(day)
        colour = _STANCE_COLOURS.get(stance, "#8c959f")
        label_y = axis_y - 12 - 11 * (i % 3)  # staggered so same-day labels stay readable
        parts.append(
            f"<g class='fc-evidence' data-n='{n}' data-day='{day}'>"
            f"<circle cx='{cx}' cy='{axis_y}' r='5' fill='{colour}'/>"
            f"<text x='{cx}' y='{label_y}' text-anchor='middle' fill='{colour}'>[{n}]</text>"
            f"<title>[{n}] {day} ({_esc(stance)})</title></g>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _card(c: dict) -> str:
    colour = _STANCE_COLOURS.get(c["stance"], "#8c959f")
    href = safe_href(c["url"])
    title = _esc(c["title"] or c["url"])
    link = (f"<a class='fc-link' href='{href}' target='_blank' rel='noopener noreferrer'>"
            f"{title}</a>") if href else title
    return (
        f"<div class='fc-card' data-n='{c['n']}' style='border-left:4px solid {colour};"
        "padding:4px 8px;margin:6px 0;background:rgba(127,127,127,0.06)'>"
        f"<div>[{c['n']}] {link} <span class='fc-stance' style='color:{colour};"
        f"font-weight:600'>{_esc(c['stance'])}</span></div>"
        f"<div style='font-size:0.85em;opacity:0.8'>{_esc(c['source'])} · "
        f"{_esc(c['published'][:10])}</div>"
        f"<div style='font-size:0.9em'>{_esc(c['snippet'])}</div></div>"
    )


def render_verdict(data: dict) -> str:
    """One chat answer: badge, confidence, rationale, timeline, evidence cards, notes."""
    label = data["label"]
    colour = COLOURS.get(label, "#57606a")
    conf = float(data["confidence"])
    t = data["temporal"]
    cards = "".join(_card(c) for c in data["citations"]) or (
        "<div class='fc-noevidence'>No evidence cited.</div>")
    notes = "".join(f"<li>{_esc(n)}</li>" for n in data["notes"])
    timings = data.get("timings_ms") or {}
    return (
        f"<div class='fc-verdict' data-label='{_esc(label)}'>"
        f"<span class='fc-badge fc-label-{_esc(label)}' style='background:{colour};"
        "color:#fff;padding:2px 10px;border-radius:10px;font-weight:700'>"
        f"{_esc(label.replace('_', ' '))}</span> "
        f"<span class='fc-confidence'>confidence {conf:.2f}</span> "
        f"<meter min='0' max='1' value='{conf:.2f}' style='width:80px'></meter>"
        + (f"<p class='fc-rationale'>{_esc(data['rationale'])}</p>" if data["rationale"] else "")
        + render_timeline(data)
        + f"<div class='fc-evidence-list'>{cards}</div>"
        + (f"<ul class='fc-notes' style='font-size:0.85em'>{notes}</ul>" if notes else "")
        + "<div class='fc-footer' style='font-size:0.8em;opacity:0.75'>"
        f"as of {_esc(t['as_of'])} (today {_esc(t['today'])}) · model "
        f"{_esc(data['model'].get('name', '?'))}, cutoff {_esc(t['model_cutoff'] or 'unknown')}"
        f" · retrieve {timings.get('retrieve', '?')} ms, model {timings.get('llm', '?')} ms"
        "</div></div>"
    )


def render_reading(reading: dict) -> str:
    """The model's own reading of a claim, asked after the verdict: labelled as the model's,
    set apart from the verdict, with the weight it has there (0: none)."""
    label = str(reading.get("label") or "?")
    colour = COLOURS.get(label, "#57606a")
    cited = "".join(
        f"<li>[{_esc(str(c['n']))}] {_esc(c.get('title') or c.get('url') or '')} "
        f"({_esc(str(c.get('stance', '')))})</li>" for c in reading.get("citations") or [])
    notes = "".join(f"<li>{_esc(n)}</li>" for n in reading.get("notes") or [])
    weight = float(reading.get("weight") or 0.0)
    say = ("it has no weight in the verdict above" if weight <= 0
           else f"weight {weight:.2f} in verdicts")
    return (
        "<div class='fc-reading' style='margin-top:8px;padding:4px 8px;border:1px dashed "
        "#8c959f;border-radius:6px'>"
        f"<div style='font-size:0.85em;opacity:0.8'>The model's reading: "
        f"{_esc(str(reading.get('model', '?')))} ({_esc(say)}; not part of the verdict)</div>"
        f"<span class='fc-reading-label' style='color:{colour};font-weight:600'>"
        f"{_esc(label.replace('_', ' '))}</span> "
        f"<span style='font-size:0.85em'>confidence {float(reading.get('confidence') or 0):.2f}"
        f" · {reading.get('timings_ms', {}).get('llm', '?')} ms</span>"
        + (f"<p style='margin:4px 0'>{_esc(str(reading['rationale']))}</p>"
           if reading.get("rationale") else "")
        + (f"<ul style='font-size:0.85em;margin:2px 0'>{cited}</ul>" if cited else "")
        + (f"<ul style='font-size:0.8em;opacity:0.8'>{notes}</ul>" if notes else "")
        + "</div>"
    )


def render_error(message: str, title: str = "Could not check this claim.") -> str:
    return (f"<div class='fc-error' role='alert' style='color:#cf222e'><b>{_esc(title)}</b> "
            f"{_esc(message)}</div>")


def render_status(lines: list[str]) -> str:
    items = "".join(f"<div>{_esc(line)}</div>" for line in lines)
    return f"<div class='fc-status' style='opacity:0.8'>{items}</div>"


def render_stats(stats: dict, model: dict | None, model_error: str | None = None) -> str:
    first, last = stats.get("date_range") or [None, None]
    sources = stats.get("sources") or {}
    top = ", ".join(f"{s} ({n})" for s, n in list(sources.items())[:6])
    rows = [
        ("Articles", stats.get("articles", 0)),
        ("Passages", stats.get("passages", 0)),
        ("Dates", f"{first or '-'} .. {last or '-'}"),
        ("Sources", f"{len(sources)}" + (f": {top}" if top else "")),
    ]
    if model:
        rows.append(("Model", f"{model['name']} ({model['backend']})"))
        rows.append(("Cutoff", f"{model['cutoff'] or 'unknown'} ({model['cutoff_source']})"))
    body = "".join(f"<tr><th style='text-align:left;padding-right:8px'>{k}</th>"
                   f"<td>{_esc(str(v))}</td></tr>" for k, v in rows)
    error = render_error(model_error, "Model not loaded.") if model_error else ""
    return f"<table class='fc-stats'>{body}</table>{error}"


def render_ingest(report: dict) -> str:
    head = (f"Added {report['added']} articles ({report['passages_added']} passages), "
            f"unchanged {report['unchanged']}, skipped {len(report['skipped'])}, "
            f"failed {len(report['failed'])}.")
    items = [f"<li>added: {_esc(a['title'])} ({_esc(a['published'][:10])}, {_esc(a['site'])})"
             "</li>" for a in report["articles"]]
    items += [f"<li>skipped: {_esc(s['url'])}: {_esc(s['reason'])}</li>"
              for s in report["skipped"]]
    items += [f"<li style='color:#cf222e'>failed: {_esc(f['reason'])}</li>"
              for f in report["failed"]]
    recheck = report.get("recheck")
    if recheck and recheck["touched"]:
        changed = "".join(f"<li class='fc-change'>{_esc(c['claim'])}: {_esc(c['change'])}</li>"
                          for c in recheck["changed"])
        items.append(f"<li class='fc-recheck'>re-checked {recheck['rechecked']} saved claim(s) "
                     f"the new articles touch; {len(recheck['changed'])} changed"
                     + (f"<ul>{changed}</ul>" if changed else "") + "</li>")
    return (f"<div class='fc-ingest'><b>{_esc(head)}</b>"
            + (f"<ul>{''.join(items)}</ul>" if items else "") + "</div>")


def _badge(label: str) -> str:
    colour = COLOURS.get(label, "#57606a")
    return (f"<span class='fc-minibadge fc-label-{_esc(label)}' style='background:{colour};"
            "color:#fff;padding:0 6px;border-radius:8px;font-size:0.8em'>"
            f"{_esc(label.replace('_', ' '))}</span>")


def render_history(rows: list[dict], stale_days: float) -> str:
    """The history panel: each check with its day, label, claim, and whether it changed or is
    stale."""
    if not rows:
        return "<div class='fc-history-empty'>No checks yet.</div>"
    items = []
    for r in rows:
        marks = ""
        if r["status"] == "stale":
            marks += (f" <span class='fc-stale' title='older than {stale_days:g} days'>"
                      "stale</span>")
        if r.get("change"):
            marks += f"<div class='fc-change' style='font-size:0.85em'>{_esc(r['change'])}</div>"
        items.append(
            f"<li class='fc-history-item fc-{_esc(r['status'])}'>#{r['id']} "
            f"{_esc(r['checked_at'][:10])} {_badge(r['label'])} {_esc(r['claim'])} "
            f"<span style='opacity:0.7'>(as of {_esc(r['as_of'])})</span>{marks}</li>")
    return f"<ul class='fc-history' style='padding-left:16px'>{''.join(items)}</ul>"


def render_past(record: dict) -> str:
    """A reopened check: when it was given, whether it is stale or replaced, what it
    changed from, then the verdict card as it was."""
    status = {"stale": " · stale: re-check it", "superseded": " · a later check replaced it"}
    when = record["checked_at"][:16].replace("T", " ")
    head = (f"<div class='fc-past' style='font-size:0.85em;opacity:0.8'>Check #{record['id']} "
            f"of {_esc(when)} UTC ({_esc(record['trigger'])})"
            f"{status.get(record['status'], '')}</div>")
    if record.get("change"):
        head += f"<div class='fc-change'><b>Changed:</b> {_esc(record['change'])}</div>"
    return head + render_verdict(record["verdict"])
