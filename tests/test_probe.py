"""The knowledge-cutoff probe: the bundled probe set, the estimate from answers, a scripted
model that knows the news up to a month, the estimate saved per model and used (marked as
estimated) in the prompt and the notes; and the embedded model through llama.cpp."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from factcheck.check import Checker
from factcheck.config import load_settings
from factcheck.errors import InputError
from factcheck.llm import Generation, register_backend
from factcheck.probe import (
    CHANCE,
    LETTERS,
    _options,
    estimate_cutoff,
    load_estimate,
    load_probe,
    model_key,
    run_probe,
    save_estimate,
)
from factcheck.store import Store

ITEMS = load_probe()


def test_the_probe_set_is_dated_month_by_month_with_sources():
    months = Counter(item["month"] for item in ITEMS)
    assert min(months) <= "2023-01" and max(months) >= "2025-06"
    # every month in between has questions
    first, last = min(months), max(months)
    year, month = map(int, first.split("-"))
    while f"{year:04d}-{month:02d}" <= last:
        assert months[f"{year:04d}-{month:02d}"] >= 2, f"{year}-{month}"
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    for item in ITEMS:
        assert item["source"].startswith("https://"), item["id"]
        assert len(item["distractors"]) == 3 and item["answer"] not in item["distractors"]
    assert len({item["id"] for item in ITEMS}) == len(ITEMS)


def test_rotations_put_the_answer_under_every_letter():
    item = ITEMS[0]
    places = {_options(item, r)[1] for r in range(len(LETTERS))}
    assert places == set(range(len(LETTERS)))
    assert _options(item, 0) == _options(item, 0)  # the same order on every run


def results(known_until: str, right_after: int = 1) -> list[tuple[str, int, int]]:
    return [(item["month"], 4 if item["month"] <= known_until else right_after, 4)
            for item in ITEMS]


def test_estimate_is_the_month_knowledge_ends():
    estimate = estimate_cutoff(results("2024-03"), "m", len(ITEMS), 4)
    assert estimate.cutoff == "2024-03"
    assert estimate.accuracy_before == 1.0 and estimate.accuracy_after == 0.25
    assert estimate.p_value < 1e-6
    assert estimate.months["2024-03"] == 1.0 and estimate.months["2024-04"] == 0.25


def test_no_estimate_from_answers_at_chance():
    estimate = estimate_cutoff([(item["month"], 1, 4) for item in ITEMS], "m", len(ITEMS), 4)
    assert estimate.cutoff is None and estimate.accuracy_before == CHANCE
    assert "no sign of knowledge" in estimate.reason


def test_no_estimate_when_accuracy_hardly_falls():
    flat = [(item["month"], 6 if item["month"] <= "2024-03" else 5, 8) for item in ITEMS]
    estimate = estimate_cutoff(flat, "m", len(ITEMS), 4)
    assert estimate.cutoff is None and "no clear end" in estimate.reason


class Knows:
    """A scripted model that knows the news up to ``until`` and always answers "A" after."""

    backend = "knows"
    name = "Mystery-7B"
    metadata = {"general.name": "Mystery-7B"}
    n_ctx = 4096
    path = "mystery-7b.Q4.gguf"

    def __init__(self, until: str) -> None:
        self.until = until
        self.questions = {item["question"]: item for item in ITEMS}
        self.calls = 0
        self.verdict_prompts: list[list[dict]] = []

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def generate_json(self, messages, schema, max_tokens):
        self.calls += 1
        user = messages[-1]["content"]
        match = re.match(r"Question: (.*)\n", user)
        if match is None:  # a verdict prompt
            self.verdict_prompts.append(messages)
            return Generation(json.dumps({"label": "NOT_ENOUGH_EVIDENCE", "confidence": 0.5,
                                          "rationale": "", "citations": []}))
        item = self.questions[match.group(1)]
        letter = "A"
        if item["month"] <= self.until:
            letter = re.search(rf"^([A-D])\) {re.escape(item['answer'])}$", user, re.M).group(1)
        return Generation(json.dumps({"answer": letter}))


MYSTERY = Knows("2024-09")
register_backend("knows", lambda settings: MYSTERY)


def test_probe_finds_a_scripted_models_cutoff_and_checks_use_it(tmp_path):
    MYSTERY.__init__(MYSTERY.until)  # other tests ask it too
    estimate = run_probe(MYSTERY, model_key(MYSTERY.name, MYSTERY.path))
    assert MYSTERY.calls == 4 * len(ITEMS)
    assert estimate.cutoff == "2024-09" and estimate.items == len(ITEMS)
    assert estimate.accuracy_before == 1.0 and estimate.accuracy_after == CHANCE
    store = Store(tmp_path / "s")
    save_estimate(store, estimate)
    assert load_estimate(store, "Mystery-7B (mystery-7b.Q4.gguf)").cutoff == "2024-09"

    # A model in no table: its checks use the estimate and say it is one.
    checker = Checker(load_settings(store=str(tmp_path / "s"), backend="knows"), store=store)
    info = checker.model_info()
    assert info["cutoff"] == "2024-09" and info["estimated"] is True
    assert info["cutoff_source"].startswith("estimated by factcheck probe-cutoff")
    verdict = checker.check("A bridge collapsed in Baltimore.", "2026-01-10", judge="llm")
    assert verdict.temporal["model_cutoff"] == "2024-09"
    system = MYSTERY.verdict_prompts[-1][0]["content"]
    assert "2024-09 (estimated)" in system
    assert any("2024-09, is estimated by factcheck probe-cutoff" in n for n in verdict.notes)

    # The cutoff setting still wins, and says nothing of estimates.
    set_by_hand = Checker(load_settings(store=str(tmp_path / "s"), backend="knows",
                                        cutoff="2023-10"), store=store)
    assert set_by_hand.model_info()["estimated"] is False
    assert set_by_hand.model_info()["cutoff"] == "2023-10"


def test_bad_probe_options_name_the_range():
    with pytest.raises(InputError, match="use 1 to 4"):
        run_probe(MYSTERY, "m", rotations=5)
    with pytest.raises(InputError, match="at least 1"):
        run_probe(MYSTERY, "m", limit=0)


@pytest.mark.e2e
def test_the_embedded_model_answers_the_probe(tmp_path):
    """llama.cpp with the embedded SmolLM2: every question gets a letter (the schema holds)."""
    from factcheck.llm import load_backend

    backend = load_backend(load_settings(store=str(tmp_path / "s")))
    answers = []
    original = backend.generate_json

    def spy(messages, schema, max_tokens):
        generation = original(messages, schema, max_tokens)
        answers.append(json.loads(generation.text)["answer"])
        return generation

    backend.generate_json = spy
    try:
        estimate = run_probe(backend, "SmolLM2", rotations=1, limit=8)
    finally:
        del backend.generate_json
    assert len(answers) == estimate.items == 8 and set(answers) <= set(LETTERS)
    assert sum(estimate.months.values()) >= 0 and len(estimate.months) == 8
