"""A Gradio page over check_claim(). Thin: parse input, call the library, render."""

from __future__ import annotations

import argparse
import html
import os

from .check import Checker
from .config import load_settings
from .errors import FactcheckError

__all__ = ["build_app", "main", "render_verdict_html"]

_COLOURS = {"SUPPORTED": "#1a7f37", "REFUTED": "#cf222e", "NOT_ENOUGH_EVIDENCE": "#57606a",
            "CONFLICTING": "#9a6700"}


def render_verdict_html(data: dict) -> str:
    esc = html.escape
    colour = _COLOURS.get(data["label"], "#57606a")
    cards = "".join(
        f"<li><a href='{esc(c['url'])}' target='_blank' rel='noopener'>{esc(c['title'])}</a> — "
        f"{esc(c['source'])}, {esc(c['published'])} <em>({esc(c['stance'])})</em>"
        f"<br><small>{esc(c['snippet'])}</small></li>"
        for c in data["citations"]
    )
    notes = "".join(f"<li>{esc(n)}</li>" for n in data["notes"])
    return (
        f"<div class='verdict'><span class='badge' data-label='{data['label']}' "
        f"style='background:{colour};color:white;padding:2px 8px;border-radius:4px'>"
        f"{data['label']}</span> confidence {data['confidence']:.2f}"
        f"<p>{esc(data['rationale'])}</p>"
        f"<ol class='evidence'>{cards}</ol>"
        + (f"<ul class='notes'>{notes}</ul>" if notes else "")
        + f"<small>as of {data['temporal']['as_of']}, model cutoff "
        f"{data['temporal']['model_cutoff'] or 'unknown'}</small></div>"
    )


def build_app(checker: Checker | None = None):
    import gradio as gr

    checker = checker or Checker(load_settings())

    def check(claim: str, as_of: str = "") -> dict:
        try:
            return checker.check(claim, as_of or None).to_dict()
        except FactcheckError as exc:
            raise gr.Error(str(exc)) from None

    def respond(claim: str, as_of: str):
        try:
            return render_verdict_html(checker.check(claim, as_of or None).to_dict())
        except FactcheckError as exc:
            return f"<div class='error'>Error: {html.escape(str(exc))}</div>"

    with gr.Blocks(title="factcheck") as app:
        gr.Markdown("# factcheck\nCheck a claim about recent news against your news index.")
        with gr.Row():
            claim = gr.Textbox(label="Claim", scale=4)
            as_of = gr.Textbox(label="As of (YYYY-MM-DD, empty: today)", scale=1)
        button = gr.Button("Check", variant="primary")
        out = gr.HTML()
        button.click(respond, [claim, as_of], out, api_name=False)
        claim.submit(respond, [claim, as_of], out, api_name=False)
        hidden_json = gr.JSON(visible=False)
        gr.Button(visible=False).click(check, [claim, as_of], hidden_json, api_name="check")
    app.queue(default_concurrency_limit=1)
    return app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default=os.environ.get("FACTCHECK_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("FACTCHECK_PORT", 7860)))
    args = parser.parse_args(argv)
    build_app().launch(server_name=args.host, server_port=args.port, share=False)
