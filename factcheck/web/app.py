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
from .engine import Engine  # noqa: E402
from .options import check_port, parse_auth  # noqa: E402
from .render import (  # noqa: E402
    render_error,
    render_ingest,
    render_stats,
    render_status,
    render_verdict,
)

__all__ = ["Handlers", "build_app", "launch", "serve"]

log = logging.getLogger(__name__)

ENGINE = "engine"  # the one concurrency group: everything that touches store or model
CSS = ".fc-verdict p{margin:6px 0} .fc-timeline{display:block;margin:6px 0}"
EXAMPLE = "US forces captured Nicolás Maduro in Caracas on 3 January 2026."


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
        history = list(history or [])
        text = " ".join((message or "").split())
        history.append(_msg("user", html.escape(text) or "(empty)"))
        try:
            if not text:
                raise InputError("the claim is empty; type a claim to check, e.g. " + EXAMPLE)
            validate_claim(text)
            parse_day((as_of or "").strip() or None, what="the as-of date")
        except FactcheckError as exc:
            history.append(_msg("assistant", render_error(str(exc))))
            yield history, message  # keep the input so the user can fix it
            return
        lines = ["Waiting for the model…"]
        history.append(_msg("assistant", render_status(lines)))
        yield history, ""
        try:
            day, k = (as_of or "").strip() or None, int(top_k) if top_k else None
            for kind, value in self.engine.stream(self.engine.check, text, day, k):
                if kind == "status":
                    lines.append(value)
                    history[-1] = _msg("assistant", render_status(lines))
                else:
                    history[-1] = _msg("assistant", render_verdict(value))
                yield history, ""
        except FactcheckError as exc:
            history[-1] = _msg("assistant", render_error(str(exc)))
            yield history, ""
        except Exception as exc:  # the page must survive anything a check throws
            history[-1] = _msg("assistant", render_error(_unexpected(exc)))
            yield history, ""

    def check(self, claim: str, as_of: str | None = None) -> dict:
        """Check one claim against the news index; as_of is YYYY-MM-DD (default today).
        Returns the verdict JSON (label, confidence, rationale, citations, temporal, ...)."""
        try:
            text = validate_claim(claim)
            day = (as_of or "").strip() or None
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

    def add_news(self, sources_text: str, allow_private: bool) -> Iterator[tuple[str, str, Any]]:
        sources = (sources_text or "").split()
        try:
            if not sources:
                raise InputError("paste a feed or article URL first, e.g. "
                                 "https://example.org/rss.xml")
            for src in sources:
                if not src.lower().startswith(("http://", "https://")):
                    raise InputError(f"{src!r} is not an http:// or https:// URL; the web app "
                                     "adds feeds and articles by URL (files: factcheck ingest)")
        except InputError as exc:
            yield "", render_error(str(exc), "Nothing added."), gr.skip()
            return
        lines: list[str] = []
        yield render_status(["Waiting for the index…"]), "", gr.skip()
        try:
            for kind, value in self.engine.stream(self.engine.ingest, sources, bool(allow_private)):
                if kind == "status":
                    lines.append(value)
                    yield render_status(lines[-8:]), "", gr.skip()
                else:
                    summary = render_ingest(value)
                    if not allow_private and any("allow-private" in f["reason"]
                                                 for f in value["failed"]):
                        summary += render_error(
                            "To fetch from this machine or your LAN, tick 'Allow private "
                            "addresses' and add again.", "Private address refused.")
                    yield (render_status(lines[-8:] + [f"Done in {value['seconds']} s."]),
                           summary, self.snapshot())
        except FactcheckError as exc:
            yield render_status(lines[-8:]), render_error(str(exc), "Nothing added."), gr.skip()
        except Exception as exc:
            yield (render_status(lines[-8:]), render_error(_unexpected(exc), "Nothing added."),
                   gr.skip())

    def apply_settings(self, model: str, cutoff: str) -> tuple[str, str]:
        try:
            job = self.engine.submit(self.engine.configure, (model or "").strip(),
                                     (cutoff or "").strip())
            info = job.result()
        except FactcheckError as exc:
            return render_error(str(exc), "Settings not changed."), gr.skip()
        except Exception as exc:
            return render_error(_unexpected(exc), "Settings not changed."), gr.skip()
        note = (f"<div class='fc-ok'>Now using {html.escape(info['name'])}, cutoff "
                f"{html.escape(info['cutoff'] or 'unknown')} ({html.escape(info['cutoff_source'])})"
                ". This applies to everyone using this app.</div>")
        return note, self.snapshot()


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
                    allow_private = gr.Checkbox(
                        label="Allow private addresses (loopback, LAN): only for sources you "
                              "trust", value=settings.allow_private, elem_id="fc-private")
                    add = gr.Button("Add to the index", elem_id="fc-add")
                    progress = gr.HTML(elem_id="fc-progress")
                    summary = gr.HTML(elem_id="fc-summary")
                with gr.Accordion("Index and model", open=True):
                    stats = gr.HTML(elem_id="fc-stats")
                    refresh = gr.Button("Refresh", size="sm")
                with gr.Accordion("Settings", open=False):
                    model_path = gr.Textbox(label="Model (.gguf path; empty: embedded default)",
                                            value=settings.model, elem_id="fc-model")
                    cutoff = gr.Textbox(label="Knowledge cutoff (YYYY-MM; empty: known table)",
                                        value=settings.cutoff, elem_id="fc-cutoff")
                    top_k = gr.Slider(1, 20, value=settings.top_k, step=1,
                                      label="Evidence passages per claim (top-k)")
                    apply = gr.Button("Apply model and cutoff", elem_id="fc-apply")
                    settings_msg = gr.HTML(elem_id="fc-settings-msg")

        run = dict(concurrency_id=ENGINE, concurrency_limit=1)
        for trigger in (claim.submit, send.click):
            trigger(h.respond, [claim, chat, as_of, top_k], [chat, claim],
                    api_visibility="private", **run)
        clear.click(lambda: [], None, chat, api_visibility="private")
        add.click(h.add_news, [source, allow_private], [progress, summary, stats],
                  api_visibility="private", **run)
        refresh.click(h.snapshot, None, stats, api_visibility="private", **run)
        apply.click(h.apply_settings, [model_path, cutoff], [settings_msg, stats],
                    api_visibility="private", **run)
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
