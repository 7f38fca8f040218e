"""The Gradio Blocks page: a claim chat, an ingest panel, the index's stats and settings.

Thin: handlers parse input, hand the work to the :class:`Engine` thread, and render HTML.
"""

from __future__ import annotations

import html
import logging
import os
from collections.abc import Iterator
from typing import Any

# Before gradio is imported: no analytics or version pings (this app runs offline).
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import gradio as gr  # noqa: E402

from ..check import validate_claim  # noqa: E402
from ..config import Settings  # noqa: E402
from ..dates import parse_day  # noqa: E402
from ..errors import FactcheckError, InputError  # noqa: E402
from ..llm.options import describe_settings  # noqa: E402
from .engine import Engine  # noqa: E402
from .options import check_port, parse_auth  # noqa: E402
from .render import (  # noqa: E402
    render_error,
    render_history,
    render_ingest,
    render_past,
    render_reading,
    render_stats,
    render_status,
    render_verdict,
)

__all__ = ["Handlers", "build_app", "launch", "serve"]

log = logging.getLogger(__name__)

ENGINE = "engine"  # the one concurrency group: everything that touches store or model
CSS = ".fc-verdict p{margin:6px 0} .fc-timeline{display:block;margin:6px 0}"
EXAMPLE = "US forces captured Nicolás Maduro in Caracas on 3 January 2026."
MAX_TOP_K = 20
MAX_SOURCES = 50
EXPORTS = {"ClaimReview JSON-LD": "claimreview", "JSON Lines": "jsonl", "CSV": "csv"}


def _unexpected(exc: Exception) -> str:
    log.exception("unexpected error in the web app")
    return (f"unexpected {type(exc).__name__}: {exc}. The app is still running; "
            "the server log has the details.")


def _msg(role: str, content: str) -> dict:
    return {"role": role, "content": content}


class Handlers:
    """The page's event handlers and the ``check`` API endpoint, all over one engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def respond(self, message: str, history: list, as_of: str, top_k: float) -> Iterator[tuple]:
        # Every argument comes from the browser, or from anyone who calls the queue API
        # directly: check types and ranges here, not only in the page's widgets.
        history = list(history) if isinstance(history, list) else []
        shown = " ".join(message.split()) if isinstance(message, str) else ""
        history.append(_msg("user", html.escape(shown) or "(empty)"))
        try:
            if not shown:
                raise InputError("the claim is empty; type a claim to check, e.g. " + EXAMPLE)
            text = validate_claim(message)
            day = _as_of(as_of)
            k = _top_k(top_k)
        except FactcheckError as exc:
            history.append(_msg("assistant", render_error(str(exc))))
            yield history, message if isinstance(message, str) else ""  # keep it to fix it
            return
        lines = ["Waiting for the index…"]
        history.append(_msg("assistant", render_status(lines)))
        yield history, ""
        try:
            for kind, value in self.engine.stream(self.engine.check, text, day, k):
                if kind == "status":
                    lines.append(value)
                    history[-1] = _msg("assistant", render_status(lines))
                else:
                    verdict = render_verdict(value)
                    history[-1] = _msg("assistant", verdict)
                yield history, ""
        except FactcheckError as exc:
            history[-1] = _msg("assistant", render_error(str(exc)))
            yield history, ""
            return
        except Exception as exc:  # the page must survive anything a check throws
            history[-1] = _msg("assistant", render_error(_unexpected(exc)))
            yield history, ""
            return
        if self.engine.model_skipped:
            yield from self._reading(history, verdict)

    def _reading(self, history: list, verdict: str) -> Iterator[tuple]:
        """The verdict stands as shown; the model's own reading, which has no weight in it,
        streams in under it."""
        try:
            for kind, value in self.engine.stream(self.engine.model_reading):
                if kind == "status":
                    history[-1] = _msg("assistant", verdict + render_status([value]))
                else:
                    history[-1] = _msg("assistant", verdict + render_reading(value))
                yield history, ""
        except FactcheckError as exc:
            history[-1] = _msg("assistant", verdict + render_error(
                str(exc), "The model's reading failed (the verdict above stands)."))
            yield history, ""
        except Exception as exc:
            history[-1] = _msg("assistant", verdict + render_error(
                _unexpected(exc), "The model's reading failed (the verdict above stands)."))
            yield history, ""

    def check(self, claim: str, as_of: str | None = None) -> dict:
        """Check one claim against the news index; as_of is YYYY-MM-DD (default today).
        Returns the verdict JSON (label, confidence, rationale, citations, temporal, ...)."""
        try:
            text = validate_claim(claim)
            day = _as_of(as_of)
            return self.engine.submit(self.engine.check, text, day, None).result()
        except FactcheckError as exc:
            raise gr.Error(str(exc)) from None
        except Exception as exc:
            raise gr.Error(_unexpected(exc)) from None

    def snapshot(self) -> str:
        def job() -> tuple[dict, dict | None, str | None]:
            stats = self.engine.stats()
            try:
                return stats, self.engine.model_info(), None
            except FactcheckError as exc:
                return stats, None, str(exc)

        try:
            return render_stats(*self.engine.submit(job).result())
        except FactcheckError as exc:
            return render_error(str(exc), "Cannot read the index.")
        except Exception as exc:
            return render_error(_unexpected(exc), "Cannot read the index.")

    def add_news(self, sources_text: str) -> Iterator[tuple[str, str, Any]]:
        """Fetch feeds and articles by URL. Whether private addresses may be fetched is the
        server's setting (--allow-private), never the visitor's."""
        sources = sources_text.split() if isinstance(sources_text, str) else []
        try:
            if not sources:
                raise InputError("paste a feed or article URL first, e.g. "
                                 "https://example.org/rss.xml")
            if len(sources) > MAX_SOURCES:
                raise InputError(f"{len(sources)} sources at once, over {MAX_SOURCES}; add "
                                 "fewer at a time (many feeds: factcheck feeds add FILE.opml)")
            for src in sources:
                if not src.lower().startswith(("http://", "https://")):
                    raise InputError(f"{src[:200]!r} is not an http:// or https:// URL; the web "
                                     "app adds feeds and articles by URL (files: factcheck "
                                     "ingest)")
        except InputError as exc:
            yield "", render_error(str(exc), "Nothing added."), gr.skip()
            return
        lines: list[str] = []
        yield render_status(["Waiting for the index…"]), "", gr.skip()
        try:
            for kind, value in self.engine.stream(self.engine.ingest, sources):
                if kind == "status":
                    lines.append(value)
                    yield render_status(lines[-8:]), "", gr.skip()
                else:
                    summary = render_ingest(value)
                    if any("allow-private" in f["reason"] for f in value["failed"]):
                        summary += render_error(
                            "This server does not fetch from loopback, LAN or link-local "
                            "addresses. Whoever runs it can allow that with --allow-private "
                            "(or allow_private in the settings file).",
                            "Private address refused.")
                    yield (render_status(lines[-8:] + [f"Done in {value['seconds']} s."]),
                           summary, self.snapshot())
        except FactcheckError as exc:
            yield render_status(lines[-8:]), render_error(str(exc), "Nothing added."), gr.skip()
        except Exception as exc:
            yield (render_status(lines[-8:]), render_error(_unexpected(exc), "Nothing added."),
                   gr.skip())


    # -- history ---------------------------------------------------------------------------
    def history_view(self) -> tuple[str, Any]:
        """The history panel and the list of past checks to reopen."""
        try:
            rows = self.engine.submit(self.engine.history).result()
        except FactcheckError as exc:
            return render_error(str(exc), "Cannot read the history."), gr.skip()
        except Exception as exc:
            return render_error(_unexpected(exc), "Cannot read the history."), gr.skip()
        choices = [(f"#{r['id']} {r['checked_at'][:10]} {r['label']}: {r['claim'][:80]}",
                    r["id"]) for r in rows]
        return (render_history(rows, self.engine.settings.stale_after_days),
                gr.update(choices=choices, value=None))

    def reopen(self, check_id: object, history: list) -> list:
        """Show a past verdict in the chat again, as it was given, with what it changed from."""
        history = list(history) if isinstance(history, list) else []
        try:
            if isinstance(check_id, str) and check_id.strip().isdigit():
                check_id = int(check_id)
            if isinstance(check_id, bool) or not isinstance(check_id, int):
                raise InputError("pick a past check in the history list first")
            record = self.engine.submit(self.engine.reopen, check_id).result()
        except FactcheckError as exc:
            return history + [_msg("assistant", render_error(str(exc), "Cannot reopen it."))]
        except Exception as exc:
            return history + [_msg("assistant", render_error(_unexpected(exc),
                                                             "Cannot reopen it."))]
        return history + [_msg("user", html.escape(record["claim"])),
                          _msg("assistant", render_past(record))]

    def export(self, choice: object) -> str:
        """The whole history as a file to download: ClaimReview JSON-LD, JSON Lines or CSV."""
        import tempfile

        fmt = EXPORTS.get(choice) if isinstance(choice, str) else None
        if fmt is None:
            raise gr.Error(f"pick an export format: {', '.join(EXPORTS)}")
        try:
            return self.engine.submit(self.engine.export, fmt, tempfile.mkdtemp()).result()
        except FactcheckError as exc:
            raise gr.Error(str(exc)) from None
        except Exception as exc:
            raise gr.Error(_unexpected(exc)) from None


def _as_of(value: object) -> str | None:
    """The as-of day from a request: YYYY-MM-DD text or empty (today)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"the as-of date must be text (YYYY-MM-DD), not "
                         f"{type(value).__name__}, e.g. 2026-01-31")
    day = value.strip() or None
    if day is not None:
        if len(day) > 32:
            raise InputError("the as-of date is not a date; use YYYY-MM-DD, e.g. 2026-01-31")
        parse_day(day, what="the as-of date")
    return day


def _top_k(value: object) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise InputError(f"top-k must be a number from 1 to {MAX_TOP_K}")
    if not 1 <= value <= MAX_TOP_K:
        raise InputError(f"top-k {value} is out of range; use 1 to {MAX_TOP_K}")
    return int(value)


def _server_settings(settings: Settings) -> str:
    """The server's own settings, shown read-only: only the command line and the settings file
    change them."""
    rows = [
        *describe_settings(settings),
        ("Private addresses", "fetched (--allow-private)" if settings.allow_private
         else "refused"),
        ("Evidence passages per claim", str(settings.top_k)),
    ]
    body = "".join(f"<tr><th style='text-align:left;padding-right:8px'>{html.escape(k)}</th>"
                   f"<td>{html.escape(v)}</td></tr>" for k, v in rows)
    return (f"<table class='fc-settings'>{body}</table><div style='font-size:0.85em;"
            "opacity:0.8'>Set by whoever runs this app (command line or settings file).</div>")


def build_app(engine: Engine) -> gr.Blocks:
    """The page: chat, ingest panel, stats, settings, and the ``check`` API endpoint."""
    h = Handlers(engine)
    settings = engine.settings
    with gr.Blocks(title="factcheck") as app:
        gr.Markdown("## factcheck\nCheck a claim about recent news against your own news index. "
                    "The local model is told its knowledge cutoff and judges from dated "
                    "evidence only.")
        with gr.Row():
            with gr.Column(scale=3):
                chat = gr.Chatbot(label="Claims and verdicts", elem_id="fc-chat", height=600,
                                  feedback_options=None, group_consecutive_messages=False)
                with gr.Row():
                    claim = gr.Textbox(label="Claim", placeholder=EXAMPLE, scale=4,
                                       elem_id="fc-claim", autofocus=True)
                    as_of = gr.Textbox(label="As of (YYYY-MM-DD, empty: today)", scale=1,
                                       elem_id="fc-asof", placeholder="today")
                with gr.Row():
                    send = gr.Button("Check", variant="primary", elem_id="fc-send")
                    clear = gr.Button("Clear chat")
            with gr.Column(scale=2):
                with gr.Accordion("Add news", open=True):
                    source = gr.Textbox(label="Feed or article URL (several: one per line)",
                                        lines=2, elem_id="fc-source")
                    add = gr.Button("Add to the index", elem_id="fc-add")
                    progress = gr.HTML(elem_id="fc-progress")
                    summary = gr.HTML(elem_id="fc-summary")
                with gr.Accordion("History", open=False):
                    past = gr.HTML(elem_id="fc-history")
                    with gr.Row():
                        pick = gr.Dropdown(label="Past check", choices=[], scale=3,
                                           elem_id="fc-history-pick")
                        reopen = gr.Button("Reopen", scale=1, elem_id="fc-reopen")
                    with gr.Row():
                        fmt = gr.Radio(list(EXPORTS), value="ClaimReview JSON-LD",
                                       label="Export the history", elem_id="fc-export-format")
                        export = gr.Button("Export", size="sm", elem_id="fc-export")
                    download = gr.File(label="Download", interactive=False,
                                       elem_id="fc-download")
                with gr.Accordion("Index and model", open=True):
                    stats = gr.HTML(elem_id="fc-stats")
                    refresh = gr.Button("Refresh", size="sm")
                with gr.Accordion("Settings", open=False):
                    top_k = gr.Slider(1, MAX_TOP_K, value=min(settings.top_k, MAX_TOP_K), step=1,
                                      label="Evidence passages for your checks (top-k)",
                                      elem_id="fc-topk")
                    gr.HTML(_server_settings(settings), elem_id="fc-server-settings")

        run = dict(concurrency_id=ENGINE, concurrency_limit=1)
        private = dict(api_visibility="private", **run)
        for trigger in (claim.submit, send.click):
            trigger(h.respond, [claim, chat, as_of, top_k], [chat, claim], **private).then(
                h.history_view, None, [past, pick], **private)
        clear.click(lambda: [], None, chat, api_visibility="private")
        add.click(h.add_news, [source], [progress, summary, stats], **private).then(
            h.history_view, None, [past, pick], **private)
        reopen.click(h.reopen, [pick, chat], chat, **private)
        export.click(h.export, [fmt], download, **private)
        app.load(h.history_view, None, [past, pick], **private)
        refresh.click(h.snapshot, None, stats, api_visibility="private", **run)
        app.load(h.snapshot, None, stats, api_visibility="private", **run)
        gr.api(h.check, api_name="check", **run)
    app.queue(default_concurrency_limit=1)
    return app


def launch(app: gr.Blocks, host: str = "127.0.0.1", port: int = 7860,
           auth: tuple[str, str] | None = None, *, block: bool = True) -> str:
    """Serve ``app``; never through a public share link. Returns the local URL."""
    _, url, _ = app.launch(
        server_name=host, server_port=port, share=False, auth=auth, inbrowser=False,
        prevent_thread_lock=not block, show_error=True, quiet=not block, ssr_mode=False,
        mcp_server=False, footer_links=["api"], css=CSS,
        # The page takes no files, and nothing leaves this machine: no uploads beyond a token
        # size, no run history (its page offers to save runs to a Hugging Face bucket).
        max_file_size="64kb", run_history=False,
    )
    return url


def serve(settings: Settings, host: str, port: int, auth: str | None) -> None:
    """Build, warm up and serve the app until interrupted (the ``factcheck app`` command)."""
    credentials = parse_auth(auth)
    check_port(host, port)
    engine = Engine(settings)
    warm = engine.submit(engine.warm)
    warm.add_done_callback(lambda f: f.exception() and log.warning(
        "model not ready: %s", f.exception()))
    try:
        launch(build_app(engine), host, port, credentials, block=True)
    finally:
        engine.close()
