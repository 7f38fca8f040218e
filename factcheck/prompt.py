"""The cutoff-aware prompt builder. Templates are files in ``prompts/``.

Modes: ``full`` (cutoff, today and dated evidence), ``naive-rag`` (evidence, no dates),
``closed-book`` (the claim alone). Evidence is fenced; text that could close or reopen the
fence is neutralised so an article cannot step outside it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from string import Template

from .passage import Hit, split_sentences

__all__ = ["INSTRUCTION_REMOVED", "MODES", "Prompt", "build_prompt", "load_template",
           "verdict_schema"]

MODES = ("full", "naive-rag", "closed-book")

_CHECKOUT_PROMPTS = Path(__file__).resolve().parent.parent / "prompts"

_TEMPLATES = {
    "full": ("full_system.txt", "full_user.txt"),
    "naive-rag": ("naive_system.txt", "full_user.txt"),
    "closed-book": ("closed_system.txt", "closed_user.txt"),
}


@cache
def load_template(name: str) -> Template:
    """A template from the checkout's ``prompts/`` if present, else from the installed wheel."""
    path = _CHECKOUT_PROMPTS / name
    if path.is_file():
        return Template(path.read_text("utf-8"))
    return Template(resources.files("factcheck.prompts").joinpath(name).read_text("utf-8"))


@dataclass
class Prompt:
    system: str
    user: str
    passages: list[Hit]  # passage [n] is passages[n-1]

    @property
    def messages(self) -> list[dict[str, str]]:
        return [{"role": "system", "content": self.system}, {"role": "user", "content": self.user}]


# Text from articles (and the claim) must stay data. Three ways out of the fence are closed:
# the fence's own tags; chat-template and control tokens of common model families, which a
# tokenizer reading special tokens would turn into real turn boundaries ("<|im_end|>" then a
# fake system turn); and a line that starts like another numbered passage ("[2] ..."), which
# would put words under a number the model then cites. The backend also removes its own
# model's control tokens from every message (llm/llamacpp.py); this list covers the families
# whatever model runs.
_FENCE = re.compile(r"<\s*/?\s*evidence\b[^<>]{0,80}>", re.I)
_CONTROL = re.compile(
    r"<\|[^<>|\n]{0,60}\|>"  # ChatML, Llama 3, Phi: <|im_end|>, <|eot_id|>, <|endoftext|>
    r"|<\uff5c[^<>\uff5c\n]{0,60}\uff5c>"  # DeepSeek's full-width bars
    r"|\[/?(?:INST|SYSTEM_PROMPT|AVAILABLE_TOOLS|TOOL_CALLS|TOOL_RESULTS)\]"  # Mistral
    r"|<</?SYS>>"  # Llama 2
    r"|<\s*/?\s*s\s*>|<(?:bos|eos|pad|unk|mask|sep|cls)>"  # sentence and padding tokens
    r"|<(?:start|end)_of_(?:turn|text|image)>"  # Gemma
    r"|<\|?(?:user|assistant|system|im_start|im_end)\|?>",  # bare role tags
    re.I,
)
_PASSAGE_NUMBER = re.compile(r"\[(\d{1,4})\]")
# A sentence in an article that speaks to the judge rather than about the news: the verdict
# labels in capitals as this prompt writes them, "ignore the previous instructions", a fake
# role line. A small model follows such a sentence even inside the fence, so it is replaced
# by a marker; news about the world never needs one.
_TO_THE_MODEL = re.compile(
    r"\b(?:SUPPORTED|REFUTED|NOT[_ ]ENOUGH[_ ]EVIDENCE|CONFLICTING)\b"
    r"|(?i:\b(?:ignore|disregard|forget|override)\b[^.!?]{0,40}\b(?:instructions?|prompts?"
    r"|rules|evidence|context|passages?)\b)"
    r"|(?i:\b(?:system prompt|new instructions?|you are now|as an ai|note to the "
    r"(?:fact-?checker|model|assistant|ai))\b)"
    r"|(?i:^\W*(?:(?:system|assistant)\b[\w ]{0,20}|user|model)\s*:)"
)
_SEGMENT = re.compile(r"(?<=[.!?])\s+|\n+")
INSTRUCTION_REMOVED = "[instruction to the model removed]"


def _fence_safe(text: str) -> str:
    """``text`` as one line of data: fence tags and control tokens replaced by a visible
    marker, sentences addressed to the model replaced by another, passage-style numbers "[2]"
    written "(2)", line breaks made spaces."""
    text = _FENCE.sub("[evidence-tag removed]", text)
    text = _CONTROL.sub("[control token removed]", text)
    text = " ".join(INSTRUCTION_REMOVED if _TO_THE_MODEL.search(part) else part
                    for part in _SEGMENT.split(text))
    text = _PASSAGE_NUMBER.sub(r"(\1)", text)
    return " ".join(text.split())


def build_prompt(
    claim: str,
    passages: list[Hit],
    *,
    model_cutoff: str | None,
    today: str,
    as_of: str,
    claim_dates: list[str],
    mode: str = "full",
    count_tokens: Callable[[str], int] | None = None,
    budget: int | None = None,
) -> Prompt:
    """The prompt for one claim. With ``count_tokens`` and ``budget`` (tokens left for the
    prompt), passages are kept most relevant first while they fit; the last one that does not
    fit whole is cut back sentence by sentence, never mid-sentence."""
    if mode == "closed-book":
        passages = []
    passages = list(passages)
    prompt = _render(claim, passages, model_cutoff, today, as_of, claim_dates, mode)
    if count_tokens is None or budget is None:
        return prompt
    while passages and count_tokens(prompt.system + prompt.user) > budget:
        last = passages[-1]
        sentences = split_sentences(last.text)
        if len(sentences) > 1:
            passages[-1] = dataclasses.replace(last, text=" ".join(sentences[:-1]))
        else:
            passages.pop()
        prompt = _render(claim, passages, model_cutoff, today, as_of, claim_dates, mode)
    return prompt


def _render(
    claim: str,
    passages: list[Hit],
    model_cutoff: str | None,
    today: str,
    as_of: str,
    claim_dates: list[str],
    mode: str,
) -> Prompt:
    system_name, user_name = _TEMPLATES[mode]
    items = [
        load_template("evidence_item.txt").substitute(
            n=n,
            title=_fence_safe(hit.title),
            source=_fence_safe(hit.site),
            published=hit.published[:10] if mode == "full" else "(date withheld)",
            text=_fence_safe(hit.text),
        ).strip()
        for n, hit in enumerate(passages, start=1)
    ]
    evidence = "\n\n".join(items) or load_template("no_evidence.txt").template.strip()
    values = {
        "model_cutoff": model_cutoff or "an unknown date",
        "today": today,
        "as_of": as_of,
        "claim": _fence_safe(claim),
        "claim_dates": ", ".join(claim_dates) if mode == "full" and claim_dates else "none",
        "evidence": evidence,
    }
    return Prompt(
        system=load_template(system_name).substitute(values).strip(),
        user=load_template(user_name).substitute(values).strip(),
        passages=passages,
    )


def verdict_schema(n_passages: int) -> dict:
    """JSON Schema for the model's answer; citation numbers limited to passages in the prompt."""
    citation_numbers = list(range(1, n_passages + 1))
    citations: dict = {"type": "array", "maxItems": max(0, min(n_passages, 3))}
    if citation_numbers:
        citations["items"] = {
            "type": "object",
            "properties": {
                "n": {"type": "integer", "enum": citation_numbers},
                "stance": {"type": "string", "enum": ["supports", "refutes", "neutral"]},
            },
            "required": ["n", "stance"],
        }
    return {
        "type": "object",
        "properties": {
            "label": {
                "type": "string",
                "enum": ["SUPPORTED", "REFUTED", "NOT_ENOUGH_EVIDENCE", "CONFLICTING"],
            },
            "confidence": {"type": "number"},
            "rationale": {"type": "string", "maxLength": 160},
            "citations": citations,
        },
        "required": ["label", "confidence", "rationale", "citations"],
    }
