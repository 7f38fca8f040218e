"""``factcheck claim``: check one claim and print the verdict."""

from __future__ import annotations

import json

import click

from ..config import load_settings
from ..judging import ALL, judge_choices
from .options import (
    backend_options,
    emit_json,
    json_option,
    store_options,
    usage_errors,
)

__all__ = ["claim"]


def render_verdict(data: dict) -> str:
    """The verdict JSON as the terminal shows it: label, claim, cited evidence, notes."""
    colours = {"SUPPORTED": "green", "REFUTED": "red", "CONFLICTING": "yellow"}
    lines = [
        click.style(data["label"], fg=colours.get(data["label"], "blue"), bold=True)
        + f"  (confidence {data['confidence']:.2f})",
        f"Claim: {data['claim']}",
    ]
    if data["rationale"]:
        lines.append(f"Rationale: {data['rationale']}")
    if data["citations"]:
        lines.append("Evidence:")
        for c in data["citations"]:
            lines.append(f"  [{c['n']}] {c['title']} — {c['source']}, {c['published']} "
                         f"({c['stance']})")
            lines.append(f"      {c['url']}")
    else:
        lines.append("Evidence: none cited")
    for part in data.get("parts") or []:
        lines.append(f"Part: {part['label']} ({part['confidence']:.2f}) {part['text']}")
    for note in data["notes"]:
        lines.append(f"Note: {note}")
    t = data["temporal"]
    lines.append(
        f"As of {t['as_of']} (today {t['today']}) · model {data['model']['name']} "
        f"(cutoff {t['model_cutoff'] or 'unknown'}) · {data['timings_ms']['total']} ms"
    )
    return "\n".join(lines)


@click.command()
@click.argument("claim_text", metavar="CLAIM")
@click.option("--as-of", metavar="YYYY-MM-DD", help="Judge with news published up to this day "
              "(default: today).")
@click.option("--top-k", type=int, help="Evidence passages given to the model (default 5).")
@json_option("Print the verdict as JSON.")
@click.option("--explain", is_flag=True, help="Also ask the model when its weight in the verdict "
              "is 0, and print the exact prompt, the raw answer and each judge's output "
              "(stderr).")
@click.option("--judge", type=click.Choice(judge_choices()), default=ALL,
              show_default=True, help="Which judges decide: all registered judges combined, or "
              "one alone by name; the alignment judge alone never loads the model.")
@store_options
@backend_options
def claim(claim_text: str, as_of: str | None, top_k: int | None, as_json: bool, explain: bool,
          judge: str, store: str | None, store_url: str | None, chroma_url: str | None,
          embed_model: str | None, model_settings: dict) -> None:
    """Check CLAIM against the news index.

    \b
    Examples:
        factcheck claim "Around 40 people died in the Crans-Montana bar fire."
        factcheck claim "..." --as-of 2026-01-02 --json
        factcheck claim "..." --model ~/models/gemma-3-4b-it-Q4_K_M.gguf --cutoff 2024-08
        factcheck claim "..." --backend openai --base-url http://127.0.0.1:11434/v1 \\
            --model gemma3:4b
    """
    from ..check import Checker, validate_claim

    with usage_errors():
        validate_claim(claim_text)
    settings = load_settings(store=store, store_url=store_url, chroma_url=chroma_url,
                             embed_model=embed_model, top_k=top_k, **model_settings)
    checker = Checker(settings, record=True)
    verdict = checker.check(claim_text, as_of, top_k=top_k, judge=judge, explain=explain)
    data = verdict.to_dict()
    if explain and checker.last_trace:
        trace = checker.last_trace
        click.echo(f"--- system ---\n{trace.prompt.system}\n--- user ---\n{trace.prompt.user}\n"
                   f"--- raw answer ({trace.prompt_tokens} prompt tokens) ---\n"
                   f"{trace.raw_answer or '(no model call)'}\n--- judges ---\n"
                   f"{json.dumps(data['judges'], ensure_ascii=False, indent=2)}\n---", err=True)
    if as_json:
        emit_json(data)
    else:
        click.echo(render_verdict(data))
