"""The perturbation check: variants written from a story's sentences, and what they say."""

import random
import re

from evals.perturb import make_pairs, other_figure, story_swaps, tally, variants, variants_ja
from factcheck.nlp import pipeline
from factcheck.nlp_ja import pipeline as pipeline_ja

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


STORY_JA = ("トヨタ自動車は2月6日、2026年3月期の純利益が3兆5700億円になる見通しだと発表した。"
            "従来予想を上方修正した。愛知県で会見した社長は販売が増加したと説明した。"
            "株価は東京株式市場で一時上昇し、取引を終えた。")


def test_japanese_variants_change_one_thing_of_the_sentence():
    sentences = list(pipeline_ja()(STORY_JA).sents)
    kinds = dict(variants_ja(sentences[0], {"Company": ["ホンダ"]}, random.Random(1)))
    assert kinds["ent"].startswith("ホンダは2月6日")
    assert "2月6日" not in kinds["date"] and "2月" in kinds["date"]
    assert "3兆5700億円" not in kinds["num"] and "億円" in kinds["num"]
    assert kinds["neg"].endswith("発表しなかった。")
    opposite = dict(variants_ja(sentences[1], {}, random.Random(1)))["opp"]
    assert opposite == "従来予想を下方修正した。"
    pairs = make_pairs([{"id": "ja-1", "article": STORY_JA}], japanese=True)
    assert {"same", "removed"} <= {p["kind"] for p in pairs}
    assert all(p["kind"] != "head" for p in pairs)



def test_a_story_swap_takes_its_value_from_the_same_story():
    story = ("France won 18 gold medals at the Games. Germany won 12 gold medals, "
             "and Italy won 9 gold medals.")
    doc = pipeline()(story)
    first = list(doc.sents)[0]
    kinds = dict(story_swaps(first, doc, random.Random(1), japanese=False))
    assert kinds["ent_story"] in (first.text.replace("France", "Germany"),
                                  first.text.replace("France", "Italy"))
    assert kinds["num_story"] in (first.text.replace("18", "12"), first.text.replace("18", "9"))
