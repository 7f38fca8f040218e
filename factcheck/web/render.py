"""HTML for the web chat: verdict cards, the evidence timeline (inline SVG), stats, ingest
summaries and error messages. Pure functions of the verdict JSON; every text is escaped here.

The chat's sanitizer keeps classes and inline styles but drops data-* attributes and viewBox,
so anything a test or script needs to find is a class (``fc-label-SUPPORTED``). Each function
takes ``lang`` ("en" or "ja", i18n.py); labels stay canonical in classes, only what is read is
translated."""

from __future__ import annotations

import datetime as dt
import html

from .i18n import label_name, text, translate_message

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


def _text(value: str) -> str:
    """Escaped for a text node (an apostrophe stays as it is)."""
    return html.escape(value, quote=False)


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


def render_timeline(data: dict, width: int = 560, lang: str = "en") -> str:
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
        f"<title>{_text(text('timeline', lang))}</title>",
    ]
    if cutoff:
        cx = x(cutoff)
        parts.append(f"<rect x='{cx}' y='16' width='{round(right - cx, 1)}' height='52' "
                     "fill='#fff8c5' opacity='0.6'/>")
        parts.append(f"<line class='fc-cutoff' data-day='{cutoff}' x1='{cx}' x2='{cx}' y1='14' "
                     "y2='70' stroke='#6e7781' stroke-dasharray='4 3'/>")
        cutoff_text = text("timeline_cutoff", lang, cutoff=temporal["model_cutoff"])
        parts.append(f"<text x='{cx + 3}' y='12' fill='#57606a'>{_text(cutoff_text)}</text>")
    if as_of:
        ax = x(as_of)
        parts.append(f"<line class='fc-asof' data-day='{as_of}' x1='{ax}' x2='{ax}' y1='26' "
                     "y2='70' stroke='#0969da' stroke-width='2'/>")
        parts.append(f"<text x='{ax - 3}' y='84' text-anchor='end' fill='#0969da'>"
                     f"{_text(text('timeline_as_of', lang, day=as_of))}</text>")
    parts.append(f"<line x1='{left}' x2='{right}' y1='{axis_y}' y2='{axis_y}' stroke='#24292f'/>")
    parts.append(f"<text x='{left}' y='84' fill='#57606a'>{lo.isoformat()}</text>")
    for day in claim_days:
        cx = x(day)
        parts.append(f"<path class='fc-claimday' data-day='{day}' d='M{cx} {axis_y - 6} "
                     f"l5 6 l-5 6 l-5 -6 z' fill='#8250df'><title>"
                     f"{_esc(text('timeline_claim_day', lang, day=day))}</title></path>")
    for i, (n, day, stance) in enumerate(points):
        cx = x(day)
        colour = _STANCE_COLOURS.get(stance, "#8c959f")
        label_y = axis_y - 12 - 11 * (i % 3)  # staggered so same-day labels stay readable
        parts.append(
            f"<g class='fc-evidence' data-n='{n}' data-day='{day}'>"
            f"<circle cx='{cx}' cy='{axis_y}' r='5' fill='{colour}'/>"
            f"<text x='{cx}' y='{label_y}' text-anchor='middle' fill='{colour}'>[{n}]</text>"
            f"<title>[{n}] {day} ({_esc(_stance(stance, lang))})</title></g>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _stance(stance: str, lang: str) -> str:
    key = f"stance.{stance}"
    return text(key, lang) if key in _STANCE_KEYS else stance


_STANCE_KEYS = {f"stance.{s}" for s in _STANCE_COLOURS}


def _card(c: dict, lang: str) -> str:
    colour = _STANCE_COLOURS.get(c["stance"], "#8c959f")
    href = safe_href(c["url"])
    title = _esc(c["title"] or c["url"])
    link = (f"<a class='fc-link' href='{href}' target='_blank' rel='noopener noreferrer'>"
            f"{title}</a>") if href else title
    return (
        f"<div class='fc-card' data-n='{c['n']}' style='border-left:4px solid {colour};"
        "padding:4px 8px;margin:6px 0;background:rgba(127,127,127,0.06)'>"
        f"<div>[{c['n']}] {link} <span class='fc-stance' style='color:{colour};"
        f"font-weight:600'>{_esc(_stance(c['stance'], lang))}</span></div>"
        f"<div style='font-size:0.85em;opacity:0.8'>{_esc(c['source'])} · "
        f"{_esc(c['published'][:10])}</div>"
        f"<div style='font-size:0.9em'>{_esc(c['snippet'])}</div></div>"
    )


def render_verdict(data: dict, lang: str = "en") -> str:
    """One chat answer: badge, confidence, rationale, timeline, evidence cards, notes. In a
    language other than English the badge's name is translated and the canonical label is
    shown beside it."""
    label = data["label"]
    colour = COLOURS.get(label, "#57606a")
    conf = float(data["confidence"])
    t = data["temporal"]
    cards = "".join(_card(c, lang) for c in data["citations"]) or (
        f"<div class='fc-noevidence'>{_text(text('no_evidence', lang))}</div>")
    notes = "".join(f"<li>{_esc(translate_message(n, lang))}</li>" for n in data["notes"])
    timings = data.get("timings_ms") or {}
    code = (f" <span class='fc-label-code' style='font-size:0.8em;opacity:0.7'>{_esc(label)}"
            "</span>" if lang != "en" else "")
    footer = text("footer", lang, as_of=t["as_of"], today=t["today"],
                  model=data["model"].get("name", "?"),
                  cutoff=t["model_cutoff"] or text("unknown", lang),
                  retrieve=timings.get("retrieve", "?"), llm=timings.get("llm", "?"))
    return (
        f"<div class='fc-verdict' data-label='{_esc(label)}'>"
        f"<span class='fc-badge fc-label-{_esc(label)}' style='background:{colour};"
        "color:#fff;padding:2px 10px;border-radius:10px;font-weight:700'>"
        f"{_esc(label_name(label, lang))}</span>{code} "
        f"<span class='fc-confidence'>{_text(text('confidence', lang, value=f'{conf:.2f}'))}"
        "</span> "
        f"<meter min='0' max='1' value='{conf:.2f}' style='width:80px'></meter>"
        + (f"<p class='fc-rationale'>{_esc(translate_message(data['rationale'], lang))}</p>"
           if data["rationale"] else "")
        + render_timeline(data, lang=lang)
        + f"<div class='fc-evidence-list'>{cards}</div>"
        + (f"<ul class='fc-notes' style='font-size:0.85em'>{notes}</ul>" if notes else "")
        + f"<div class='fc-footer' style='font-size:0.8em;opacity:0.75'>{_text(footer)}"
        "</div></div>"
    )


def render_reading(reading: dict, lang: str = "en") -> str:
    """The model's own reading of a claim, asked after the verdict: labelled as the model's,
    set apart from the verdict, with the weight it has there (0: none)."""
    label = str(reading.get("label") or "?")
    colour = COLOURS.get(label, "#57606a")
    cited = "".join(
        f"<li>[{_esc(str(c['n']))}] {_esc(c.get('title') or c.get('url') or '')} "
        f"({_esc(_stance(str(c.get('stance', '')), lang))})</li>"
        for c in reading.get("citations") or [])
    notes = "".join(f"<li>{_esc(translate_message(n, lang))}</li>"
                    for n in reading.get("notes") or [])
    weight = float(reading.get("weight") or 0.0)
    say = (text("reading_no_weight", lang) if weight <= 0
           else text("reading_weight", lang, weight=f"{weight:.2f}"))
    head = text("reading", lang, model=str(reading.get("model", "?")), weight=say)
    confidence = text("confidence", lang, value=f"{float(reading.get('confidence') or 0):.2f}")
    return (
        "<div class='fc-reading' style='margin-top:8px;padding:4px 8px;border:1px dashed "
        "#8c959f;border-radius:6px'>"
        f"<div style='font-size:0.85em;opacity:0.8'>{_text(head)}</div>"
        f"<span class='fc-reading-label' style='color:{colour};font-weight:600'>"
        f"{_esc(label_name(label, lang))}</span> "
        "<span style='font-size:0.85em'>"
        f"{_text(confidence)}"
        f" · {reading.get('timings_ms', {}).get('llm', '?')} ms</span>"
        + (f"<p style='margin:4px 0'>{_esc(str(reading['rationale']))}</p>"
           if reading.get("rationale") else "")
        + (f"<ul style='font-size:0.85em;margin:2px 0'>{cited}</ul>" if cited else "")
        + (f"<ul style='font-size:0.8em;opacity:0.8'>{notes}</ul>" if notes else "")
        + "</div>"
    )


def render_error(message: str, title: str | None = None, lang: str = "en") -> str:
    """An error: its title (default: the claim could not be checked) and the message, in
    ``lang`` when it is a message i18n.py knows."""
    title = text("error_check", lang) if title is None else title
    return (f"<div class='fc-error' role='alert' style='color:#cf222e'><b>{_esc(title)}</b> "
            f"{_esc(translate_message(message, lang))}</div>")


def render_status(lines: list[str]) -> str:
    items = "".join(f"<div>{_text(line)}</div>" for line in lines)
    return f"<div class='fc-status' style='opacity:0.8'>{items}</div>"


def render_stats(stats: dict, model: dict | None, model_error: str | None = None,
                 lang: str = "en") -> str:
    first, last = stats.get("date_range") or [None, None]
    sources = stats.get("sources") or {}
    top = ", ".join(f"{s} ({n})" for s, n in list(sources.items())[:6])
    rows = [
        (text("articles", lang), stats.get("articles", 0)),
        (text("passages", lang), stats.get("passages", 0)),
        (text("dates", lang), f"{first or '-'} .. {last or '-'}"),
        (text("sources", lang), f"{len(sources)}" + (f": {top}" if top else "")),
    ]
    if model:
        rows.append((text("model", lang), f"{model['name']} ({model['backend']})"))
        rows.append((text("cutoff", lang), f"{model['cutoff'] or text('unknown', lang)} "
                     f"({model['cutoff_source']})"))
    body = "".join(f"<tr><th style='text-align:left;padding-right:8px'>{_esc(k)}</th>"
                   f"<td>{_esc(str(v))}</td></tr>" for k, v in rows)
    error = render_error(model_error, text("error_model", lang), lang) if model_error else ""
    return f"<table class='fc-stats'>{body}</table>{error}"


def render_ingest(report: dict, lang: str = "en") -> str:
    head = text("ingest_head", lang, added=report["added"], passages=report["passages_added"],
                unchanged=report["unchanged"], skipped=len(report["skipped"]),
                failed=len(report["failed"]))
    added = (text("ingest_added", lang, title=a["title"], day=a["published"][:10],
                  site=a["site"]) for a in report["articles"])
    items = [f"<li>{_text(line)}</li>" for line in added]
    items += [f"<li>{_esc(text('ingest_skipped', lang, url=s['url'], reason=s['reason']))}</li>"
              for s in report["skipped"]]
    items += [f"<li style='color:#cf222e'>{_esc(text('ingest_failed', lang, reason=f['reason']))}"
              "</li>" for f in report["failed"]]
    recheck = report.get("recheck")
    if recheck and recheck["touched"]:
        changed = "".join(f"<li class='fc-change'>{_esc(c['claim'])}: "
                          f"{_esc(translate_message(c['change'], lang))}</li>"
                          for c in recheck["changed"])
        said = text("ingest_recheck", lang, n=recheck["rechecked"],
                    changed=len(recheck["changed"]))
        items.append(f"<li class='fc-recheck'>{_text(said)}"
                     + (f"<ul>{changed}</ul>" if changed else "") + "</li>")
    return (f"<div class='fc-ingest'><b>{_text(head)}</b>"
            + (f"<ul>{''.join(items)}</ul>" if items else "") + "</div>")


def _badge(label: str, lang: str) -> str:
    colour = COLOURS.get(label, "#57606a")
    return (f"<span class='fc-minibadge fc-label-{_esc(label)}' style='background:{colour};"
            "color:#fff;padding:0 6px;border-radius:8px;font-size:0.8em'>"
            f"{_esc(label_name(label, lang))}</span>")


def render_history(rows: list[dict], stale_days: float, lang: str = "en") -> str:
    """The history panel: each check with its day, label, claim, and whether it changed or is
    stale."""
    if not rows:
        return f"<div class='fc-history-empty'>{_text(text('no_checks', lang))}</div>"
    items = []
    for r in rows:
        marks = ""
        if r["status"] == "stale":
            older = text("older_than", lang, days=f"{stale_days:g}")
            marks += (f" <span class='fc-stale' title='{_esc(older)}'>"
                      f"{_esc(text('stale', lang))}</span>")
        if r.get("change"):
            marks += (f"<div class='fc-change' style='font-size:0.85em'>"
                      f"{_esc(translate_message(r['change'], lang))}</div>")
        items.append(
            f"<li class='fc-history-item fc-{_esc(r['status'])}'>#{r['id']} "
            f"{_esc(r['checked_at'][:10])} {_badge(r['label'], lang)} {_esc(r['claim'])} "
            f"<span style='opacity:0.7'>({_esc(text('timeline_as_of', lang, day=r['as_of']))})"
            f"</span>{marks}</li>")
    return f"<ul class='fc-history' style='padding-left:16px'>{''.join(items)}</ul>"


def render_past(record: dict, lang: str = "en") -> str:
    """A reopened check: when it was given, whether it is stale or replaced, what it
    changed from, then the verdict card as it was."""
    status = {"stale": "past_stale", "superseded": "past_superseded"}
    when = record["checked_at"][:16].replace("T", " ")
    said = text("past_head", lang, id=record["id"], when=when, trigger=record["trigger"])
    if record["status"] in status:
        said += text(status[record["status"]], lang)
    head = f"<div class='fc-past' style='font-size:0.85em;opacity:0.8'>{_text(said)}</div>"
    if record.get("change"):
        head += (f"<div class='fc-change'><b>{_text(text('changed', lang))}</b> "
                 f"{_esc(translate_message(record['change'], lang))}</div>")
    return head + render_verdict(record["verdict"], lang)
