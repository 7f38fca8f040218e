"""The Gradio Blocks page: a claim chat, an ingest panel, the index's stats and settings.

Thin: handlers parse input, hand the work to the :class:`Engine` thread, and render HTML in
the request's language (the ``ui_language`` setting, else the browser's; i18n.py).
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
from .i18n import (  # noqa: E402
    EXAMPLE,
    gradio_i18n,
    label_name,
    page_text,
    request_language,
    status_text,
    text,
    translate_message,
)
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
MAX_TOP_K = 20
MAX_SOURCES = 50
EXPORTS = {"ClaimReview JSON-LD": "claimreview", "JSON Lines": "jsonl", "CSV": "csv"}


def _unexpected(exc: Exception, lang: str = "en") -> str:
    log.exception("unexpected error in the web app")
    return text("error_unexpected", lang, kind=type(exc).__name__, detail=exc)


def _msg(role: str, content: str) -> dict:
    return {"role": role, "content": content}


class Handlers:
    """The page's event handlers and the ``check`` API endpoint, all over one engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def language(self, request: gr.Request | None) -> str:
        """The language to answer ``request`` in: the server's setting, else the browser's."""
        return request_language(self.engine.settings.ui_language, request)

    def respond(self, message: str, history: list, as_of: str, top_k: float,
                request: gr.Request = None) -> Iterator[tuple]:
        # Every argument comes from the browser, or from anyone who calls the queue API
        # directly: check types and ranges here, not only in the page's widgets.
        lang = self.language(request)
        history = list(history) if isinstance(history, list) else []
        shown = " ".join(message.split()) if isinstance(message, str) else ""
        history.append(_msg("user", html.escape(shown) or text("empty", lang)))
        try:
            if not shown:
                raise InputError(text("error_empty_claim", lang, example=EXAMPLE[lang]))
            claim = validate_claim(message)
            day = _as_of(as_of)
            k = _top_k(top_k)
        except FactcheckError as exc:
            history.append(_msg("assistant", render_error(str(exc), lang=lang)))
            yield history, message if isinstance(message, str) else ""  # keep it to fix it
            return
        lines = [text("waiting", lang)]
        history.append(_msg("assistant", render_status(lines)))
        yield history, ""
        try:
            for kind, value in self.engine.stream(self.engine.check, claim, day, k):
                if kind == "status":
                    lines.append(status_text(value, lang))
                    history[-1] = _msg("assistant", render_status(lines))
                else:
                    verdict = render_verdict(value, lang)
                    history[-1] = _msg("assistant", verdict)
                yield history, ""
        except FactcheckError as exc:
            history[-1] = _msg("assistant", render_error(str(exc), lang=lang))
            yield history, ""
            return
        except Exception as exc:  # the page must survive anything a check throws
            history[-1] = _msg("assistant", render_error(_unexpected(exc, lang), lang=lang))
            yield history, ""
            return
        if self.engine.model_skipped:
            yield from self._reading(history, verdict, lang)

    def _reading(self, history: list, verdict: str, lang: str) -> Iterator[tuple]:
        """The verdict stands as shown; the model's own reading, which has no weight in it,
        streams in under it."""
        failed = text("error_reading", lang)
        try:
            for kind, value in self.engine.stream(self.engine.model_reading):
                if kind == "status":
                    history[-1] = _msg("assistant", verdict + render_status(
                        [status_text(value, lang)]))
                else:
                    history[-1] = _msg("assistant", verdict + render_reading(value, lang))
                yield history, ""
        except FactcheckError as exc:
            history[-1] = _msg("assistant", verdict + render_error(str(exc), failed, lang))
            yield history, ""
        except Exception as exc:
            history[-1] = _msg("assistant", verdict + render_error(
                _unexpected(exc, lang), failed, lang))
            yield history, ""

    def check(self, claim: str, as_of: str | None = None,
              request: gr.Request = None) -> dict:
        """Check one claim against the news index; as_of is YYYY-MM-DD (default today).
        Returns the verdict JSON (label, confidence, rationale, citations, temporal, ...)."""
        lang = self.language(request)
        try:
            checked = validate_claim(claim)
            day = _as_of(as_of)
            return self.engine.submit(self.engine.check, checked, day, None).result()
        except FactcheckError as exc:
            raise gr.Error(translate_message(str(exc), lang)) from None
        except Exception as exc:
            raise gr.Error(_unexpected(exc, lang)) from None

    def snapshot(self, request: gr.Request = None) -> str:
        return self.stats_html(self.language(request))

    def stats_html(self, lang: str) -> str:
        def job() -> tuple[dict, dict | None, str | None]:
            stats = self.engine.stats()
            try:
                return stats, self.engine.model_info(), None
            except FactcheckError as exc:
                return stats, None, str(exc)

        failed = text("error_index", lang)
        try:
            return render_stats(*self.engine.submit(job).result(), lang=lang)
        except FactcheckError as exc:
            return render_error(str(exc), failed, lang)
        except Exception as exc:
            return render_error(_unexpected(exc, lang), failed, lang)

    def add_news(self, sources_text: str,
                 request: gr.Request = None) -> Iterator[tuple[str, str, Any]]:
        """Fetch feeds and articles by URL. Whether private addresses may be fetched is the
        server's setting (--allow-private), never the visitor's."""
        lang = self.language(request)
        nothing = text("error_nothing_added", lang)
        sources = sources_text.split() if isinstance(sources_text, str) else []
        try:
            if not sources:
                raise InputError(text("error_no_source", lang))
            if len(sources) > MAX_SOURCES:
                raise InputError(text("error_many_sources", lang, n=len(sources),
                                      max=MAX_SOURCES))
            for src in sources:
                if not src.lower().startswith(("http://", "https://")):
                    raise InputError(text("error_not_url", lang, source=repr(src[:200])))
        except InputError as exc:
            yield "", render_error(str(exc), nothing, lang), gr.skip()
            return
        lines: list[str] = []
        yield render_status([text("waiting", lang)]), "", gr.skip()
        try:
            for kind, value in self.engine.stream(self.engine.ingest, sources):
                if kind == "status":
                    lines.append(status_text(value, lang))
                    yield render_status(lines[-8:]), "", gr.skip()
                else:
                    summary = render_ingest(value, lang)
                    if any("allow-private" in f["reason"] for f in value["failed"]):
                        summary += render_error(text("error_private", lang),
                                                text("error_private_title", lang), lang)
                    done = text("done_in", lang, seconds=value["seconds"])
                    yield (render_status(lines[-8:] + [done]), summary,
                           self.stats_html(lang))
        except FactcheckError as exc:
            yield render_status(lines[-8:]), render_error(str(exc), nothing, lang), gr.skip()
        except Exception as exc:
            yield (render_status(lines[-8:]),
                   render_error(_unexpected(exc, lang), nothing, lang), gr.skip())

    def server_settings(self, request: gr.Request = None) -> str:
        return _server_settings(self.engine.settings, self.language(request))

    # -- history ---------------------------------------------------------------------------
    def history_view(self, request: gr.Request = None) -> tuple[str, Any]:
        """The history panel and the list of past checks to reopen."""
        lang = self.language(request)
        failed = text("error_history", lang)
        try:
            rows = self.engine.submit(self.engine.history).result()
        except FactcheckError as exc:
            return render_error(str(exc), failed, lang), gr.skip()
        except Exception as exc:
            return render_error(_unexpected(exc, lang), failed, lang), gr.skip()
        choices = [(f"#{r['id']} {r['checked_at'][:10]} {label_name(r['label'], lang)}: "
                    f"{r['claim'][:80]}", r["id"]) for r in rows]
        return (render_history(rows, self.engine.settings.stale_after_days, lang),
                gr.update(choices=choices, value=None))

    def reopen(self, check_id: object, history: list, request: gr.Request = None) -> list:
        """Show a past verdict in the chat again, as it was given, with what it changed from."""
        lang = self.language(request)
        failed = text("error_reopen", lang)
        history = list(history) if isinstance(history, list) else []
        try:
            if isinstance(check_id, str) and check_id.strip().isdigit():
                check_id = int(check_id)
            if isinstance(check_id, bool) or not isinstance(check_id, int):
                raise InputError(text("error_pick_past", lang))
            record = self.engine.submit(self.engine.reopen, check_id).result()
        except FactcheckError as exc:
            return history + [_msg("assistant", render_error(str(exc), failed, lang))]
        except Exception as exc:
            return history + [_msg("assistant", render_error(_unexpected(exc, lang), failed,
                                                             lang))]
        return history + [_msg("user", html.escape(record["claim"])),
                          _msg("assistant", render_past(record, lang))]

    def export(self, choice: object, request: gr.Request = None) -> str:
        """The whole history as a file to download: ClaimReview JSON-LD, JSON Lines or CSV."""
        import tempfile

        lang = self.language(request)
        fmt = EXPORTS.get(choice) if isinstance(choice, str) else None
        if fmt is None:
            raise gr.Error(text("error_export_format", lang, formats=", ".join(EXPORTS)))
        try:
            return self.engine.submit(self.engine.export, fmt, tempfile.mkdtemp()).result()
        except FactcheckError as exc:
            raise gr.Error(translate_message(str(exc), lang)) from None
        except Exception as exc:
            raise gr.Error(_unexpected(exc, lang)) from None


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


def _server_settings(settings: Settings, lang: str = "en") -> str:
    """The server's own settings, shown read-only: only the command line and the settings file
    change them."""
    rows = [
        *describe_settings(settings),
        (text("private_addresses", lang), text("private_fetched" if settings.allow_private
                                               else "private_refused", lang)),
        (text("passages_per_claim", lang), str(settings.top_k)),
    ]
    body = "".join(f"<tr><th style='text-align:left;padding-right:8px'>{html.escape(k)}</th>"
                   f"<td>{html.escape(v)}</td></tr>" for k, v in rows)
    return (f"<table class='fc-settings'>{body}</table><div style='font-size:0.85em;"
            f"opacity:0.8'>{html.escape(text('set_by_server', lang))}</div>")


def build_app(engine: Engine) -> gr.Blocks:
    """The page: chat, ingest panel, stats, settings, and the ``check`` API endpoint. Its own
    text is in the ``ui_language`` setting's language, else translated in the browser (launch
    passes the table to Gradio)."""
    h = Handlers(engine)
    settings = engine.settings

    def t(key: str):
        return page_text(key, settings.ui_language)

    with gr.Blocks(title="factcheck") as app:
        gr.Markdown(t("intro"), elem_id="fc-intro")
        with gr.Row():
            with gr.Column(scale=3):
                chat = gr.Chatbot(label=t("chat"), elem_id="fc-chat", height=600,
                                  feedback_options=None, group_consecutive_messages=False)
                with gr.Row():
                    claim = gr.Textbox(label=t("claim"), placeholder=t("claim_example"),
                                       scale=4, elem_id="fc-claim", autofocus=True)
                    as_of = gr.Textbox(label=t("as_of"), scale=1, elem_id="fc-asof",
                                       placeholder=t("today"))
                with gr.Row():
                    send = gr.Button(t("check"), variant="primary", elem_id="fc-send")
                    clear = gr.Button(t("clear"))
            with gr.Column(scale=2):
                with gr.Accordion(t("add_news"), open=True):
                    source = gr.Textbox(label=t("source"), lines=2, elem_id="fc-source")
                    add = gr.Button(t("add"), elem_id="fc-add")
                    progress = gr.HTML(elem_id="fc-progress")
                    summary = gr.HTML(elem_id="fc-summary")
                with gr.Accordion(t("history"), open=False):
                    past = gr.HTML(elem_id="fc-history")
                    with gr.Row():
                        pick = gr.Dropdown(label=t("past_check"), choices=[], scale=3,
                                           elem_id="fc-history-pick")
                        reopen = gr.Button(t("reopen"), scale=1, elem_id="fc-reopen")
                    with gr.Row():
                        fmt = gr.Radio(list(EXPORTS), value="ClaimReview JSON-LD",
                                       label=t("export_history"), elem_id="fc-export-format")
                        export = gr.Button(t("export"), size="sm", elem_id="fc-export")
                    download = gr.File(label=t("download"), interactive=False,
                                       elem_id="fc-download")
                with gr.Accordion(t("index_model"), open=True):
                    stats = gr.HTML(elem_id="fc-stats")
                    refresh = gr.Button(t("refresh"), size="sm")
                with gr.Accordion(t("settings"), open=False):
                    top_k = gr.Slider(1, MAX_TOP_K, value=min(settings.top_k, MAX_TOP_K), step=1,
                                      label=t("top_k"), elem_id="fc-topk")
                    # In the setting's language (else English) until the page has loaded in
                    # the browser's.
                    first = settings.ui_language if settings.ui_language != "auto" else "en"
                    server = gr.HTML(_server_settings(settings, first),
                                     elem_id="fc-server-settings")

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
        app.load(h.server_settings, None, server, api_visibility="private")
        gr.api(h.check, api_name="check", **run)
    app.queue(default_concurrency_limit=1)
    return app


def launch(app: gr.Blocks, host: str = "127.0.0.1", port: int = 7860,
           auth: tuple[str, str] | None = None, *, block: bool = True) -> str:
    """Serve ``app``; never through a public share link. Returns the local URL."""
    _, url, _ = app.launch(
        server_name=host, server_port=port, share=False, auth=auth, inbrowser=False,
        prevent_thread_lock=not block, show_error=True, quiet=not block, ssr_mode=False,
        mcp_server=False, footer_links=["api"], css=CSS, i18n=gradio_i18n(),
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
