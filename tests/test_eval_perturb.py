"""The perturbation check: variants written from a story's sentences, and what they say."""

import random
import re

from evals.perturb import make_pairs, other_figure, tally, variants
from factcheck.nlp import pipeline

STORY = ("The Arvel Central Court found former president Dovan Kest guilty on 19 February "
         "2026. Prosecutors had asked for a sentence of 12 years, and the court handed down "
         "seven years. Kest's lawyers said they would appeal the ruling within two weeks. "
         "Supporters gathered outside the court in Varna.")


def test_each_variant_changes_one_thing_of_the_sentence():
    doc = pipeline()(STORY)
    sentence = list(doc.sents)[1]
    kinds = dict(variants(sentence, {"GPE": ["Tarn"], "PERSON": ["Mira Solt"]},
                          random.Random(1)))
    assert kinds["neg"] == ("Prosecutors had not asked for a sentence of 12 years, and the "
                            "court handed down seven years.")
    assert kinds["wordnum"].endswith("handed down eight years.")
    # spaCy reads "12 years" as a date: its figure is changed as a date's.
    assert "12 years" not in kinds["date"] and kinds["date"].endswith("seven years.")


def test_a_figure_is_changed_to_another_value_in_its_own_style():
    rng = random.Random(3)
    for text in ("1,250 people", "2.4%", "7 seats"):
        changed = other_figure(text, rng)
        assert changed and changed != text
        assert re.sub(r"[\d.,]", "", changed) == re.sub(r"[\d.,]", "", text)


def test_pairs_carry_the_label_a_reader_would_give_and_are_counted_by_kind():
    pairs = make_pairs([{"id": "a-1", "article": STORY}])
    kinds = {p["kind"] for p in pairs}
    assert {"same", "removed"} <= kinds and kinds & {"neg", "num", "wordnum", "ent", "date"}
    removed = next(p for p in pairs if p["kind"] == "removed")
    assert removed["claim"] not in removed["evidence"]
    counts = tally([{**p, "label": "SUPPORTED"} for p in pairs])
    assert counts["same"] == {"SUPPORTED": sum(p["kind"] == "same" for p in pairs)}
