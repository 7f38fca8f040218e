"""Read the evidence judge against made-up variants of real news sentences.

    python evals/perturb.py [DATASET.jsonl ...] [--json] [--out PAIRS.json]

Each sentence of each development article (never a locked ``*_test`` replay) becomes claims
checked against its own article, as in FactCC (Kryscinski et al., 2020):

- ``same`` (the sentence) and ``head`` (its first clause): the story states them; SUPPORTED is
  right and REFUTED is the failure this project exists to prevent;
- ``num``, ``wordnum``, ``ent``, ``date``, ``opp``, ``neg``: one figure, number word, name,
  date or verb changed, or the main verb negated; REFUTED is right (a changed date or name may
  still be true of the story, so these counts are a floor on what is caught, not a score);
- ``order``: the two sides of "X finished ahead of Y", "X beat Y" (or behind, clear of,
  defeated) swapped; REFUTED is right;
- ``superlative``: the first "the highest", "the most", "the largest" ... turned to its
  opposite ("the lowest"); REFUTED is right;
- ``ent_story``, ``num_story``: a name or a figure replaced by another of the same kind from
  the same story, the value a reader could misplace; REFUTED is right, and SUPPORTED is the
  failure to watch (a swap may still be true of the story, so these too are a floor);
- ``removed``: the sentence against its article without it (and without sentences sharing
  most of its words), and ``other``: a sentence of another article; NOT_ENOUGH_EVIDENCE is
  right.

The variants are written from the articles' text alone: no claim of a replay is read, so the
counts say what the judge catches in general rather than on the claims it was tuned on. The
label counts per kind go to stdout (``--json`` for JSON); ``--out`` keeps every pair with the
judge's label and contradictions.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

DEV = ("news2026_dev.jsonl", "news2026_dev_more.jsonl", "news2026_dev_extra.jsonl",
       "news2026_dev_unlocked.jsonl")
DEV_JA = ("news2026_ja_dev.jsonl", "news2026_ja_dev_unlocked.jsonl",
          "news2026_ja_fresh_unlocked.jsonl")

# Verbs and words and what turns each into its opposite.
OPPOSITES = [("won", "lost"), ("rose", "fell"), ("increased", "decreased"),
             ("approved", "rejected"), ("raised", "cut"), ("higher", "lower"),
             ("more", "fewer"), ("upheld", "struck down"), ("accepted", "rejected"),
             ("gained", "lost"), ("passed", "failed"), ("launched", "cancelled"),
             ("opened", "closed"), ("rises", "falls"), ("beat", "lost to"),
             ("acquired", "sold"), ("before", "after"), ("above", "below")]
# Words that put one side over another: swapping the sides around them reverses the order.
ORDER_CUE = re.compile(r"\b(?:ahead of|behind|clear of|beat|beating|defeated|defeating)\b")
NEXT_WORD = {"one": "two", "two": "three", "three": "four", "four": "five", "five": "six",
             "six": "seven", "seven": "eight", "eight": "nine", "nine": "ten",
             "ten": "twelve", "dozens": "hundreds", "hundreds": "thousands",
             "first": "second", "second": "third", "third": "fourth"}
MONTHS = ("January February March April May June July August September October November "
          "December").split()
NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT"}
FIGURE_LABELS = {"CARDINAL", "MONEY", "PERCENT", "QUANTITY"}
AUXILIARIES = {"has", "have", "had", "will", "would", "is", "are", "was", "were", "can",
               "could"}
# Japanese: words and their opposites as written, names by GiNZA's labels, figures with their
# counters, negations of a sentence's last verb.
OPPOSITES_JA = [("上昇", "下落"), ("増加", "減少"), ("引き上げ", "引き下げ"), ("可決", "否決"),
                ("上回", "下回"), ("黒字", "赤字"), ("増益", "減益"), ("増収", "減収"),
                ("拡大", "縮小"), ("上方修正", "下方修正"), ("有罪", "無罪"), ("当選", "落選"),
                ("成功", "失敗"), ("賛成", "反対"), ("勝利", "敗北"), ("増え", "減っ")]
NAME_LABELS_JA = {"Person", "Company", "Country", "Province", "City", "Political_Party",
                  "Sports_Team", "Organization_Other", "Corporation_Other", "GOE_Other",
                  "International_Organization", "Government", "Sports_Organization"}
FIGURE_JA = re.compile(r"\d[\d,.]*(?:万|億|兆)?(?:人|件|円|ドル|%|％|議席|票|個|台|回|位|点|倍|"
                       r"キロ|メートル|ヘクタール|歳|社|校|機)")
DATE_JA = re.compile(r"(?<!\d)(\d{1,2})月(\d{1,2})日")
NEGATE_JA = [("ました。", "ませんでした。"), ("した。", "しなかった。"), ("れた。", "れなかった。"),
             ("だった。", "ではなかった。"), ("である。", "ではない。")]
EXPECTED = {"same": "SUPPORTED", "head": "SUPPORTED", "removed": "NOT_ENOUGH_EVIDENCE",
            "other": "NOT_ENOUGH_EVIDENCE"}


def other_figure(text: str, rng: random.Random) -> str | None:
    """The text with its first figure changed to a plausible other one."""
    m = re.search(r"\d[\d,]*(?:\.\d+)?", text)
    if not m:
        return None
    digits = m.group(0)
    value = float(digits.replace(",", ""))
    for _ in range(10):
        if "." in digits:
            places = len(digits.split(".")[1])
            new = f"{value * rng.choice([0.5, 0.7, 1.3, 1.6, 2.0]) + 0.2:.{places}f}"
        elif value < 20:
            new = str(int(value + rng.choice([-3, -2, -1, 1, 2, 3, 5])))
        elif 1900 <= value <= 2100 and "," not in digits:
            new = str(int(value + rng.choice([-2, -1, 1])))
        else:
            changed = int(value * rng.choice([0.5, 0.6, 0.75, 1.25, 1.5, 2.0]))
            new = f"{changed:,}" if "," in digits else str(changed)
        if new != digits and not new.startswith("-") and new != "0":
            return text[:m.start()] + new + text[m.end():]
    return None


def _swap(sentence, start: int, end: int, new: str) -> str:
    text, base = sentence.text, sentence.start_char
    return text[:start - base] + new + text[end - base:]


def variants(sentence, names: dict[str, list[str]], rng: random.Random
             ) -> list[tuple[str, str]]:
    """(kind, claim) pairs that the sentence's own story contradicts."""
    out = []
    ents = list(sentence.ents)
    figures = [e for e in ents if e.label_ in FIGURE_LABELS and re.search(r"\d", e.text)]
    if figures:
        e = rng.choice(figures)
        new = other_figure(e.text, rng)
        if new:
            out.append(("num", _swap(sentence, e.start_char, e.end_char, new)))
    words = [t for t in sentence if t.lower_ in NEXT_WORD]
    if words:
        t = rng.choice(words)
        new = NEXT_WORD[t.lower_]
        new = new.capitalize() if t.text[0].isupper() else new
        out.append(("wordnum", _swap(sentence, t.idx, t.idx + len(t.text), new)))
    named = [e for e in ents if e.label_ in NAME_LABELS]
    if named:
        e = rng.choice(named)
        others = [n for n in names.get(e.label_, [])
                  if n not in sentence.text and e.text not in n]
        if others:
            out.append(("ent", _swap(sentence, e.start_char, e.end_char, rng.choice(others))))
    dates = [e for e in ents if e.label_ == "DATE"
             and (re.search(r"\d", e.text) or any(m in e.text for m in MONTHS))]
    if dates:
        e = rng.choice(dates)
        month = next((m for m in MONTHS if m in e.text), None)
        new = (e.text.replace(month, rng.choice([m for m in MONTHS if m != month])) if month
               else other_figure(e.text, rng))
        if new and new != e.text:
            out.append(("date", _swap(sentence, e.start_char, e.end_char, new)))
    padded = f" {sentence.text} "
    for a, b in OPPOSITES:
        hit = next(((x, y) for x, y in ((a, b), (b, a)) if f" {x} " in padded), None)
        if hit:
            out.append(("opp", padded.replace(f" {hit[0]} ", f" {hit[1]} ", 1).strip()))
            break
    root = sentence.root
    if root.pos_ in ("VERB", "AUX"):
        negation = [c for c in root.children if c.dep_ == "neg"]
        aux = [c for c in root.children
               if c.dep_ in ("aux", "auxpass") and c.lower_ in AUXILIARIES]
        if negation:
            t = negation[0]
            out.append(("neg", _swap(sentence, t.idx, t.idx + len(t.text), "").replace(
                "  ", " ")))
        elif aux:
            end = aux[0].idx + len(aux[0].text)
            out.append(("neg", _swap(sentence, end, end, " not")))
        elif root.tag_ == "VBD":
            out.append(("neg", _swap(sentence, root.idx, root.idx + len(root.text),
                                     f"did not {root.lemma_}")))
    return out


def variants_ja(sentence, names: dict[str, list[str]], rng: random.Random
                ) -> list[tuple[str, str]]:
    """(kind, claim) pairs that a Japanese sentence's own story contradicts."""
    out = []
    text = sentence.text
    figures = [m for m in FIGURE_JA.finditer(text)
               if not DATE_JA.match(text, m.start()) and not text.startswith("年", m.end())]
    if figures:
        m = rng.choice(figures)
        new = other_figure(m.group(), rng)
        if new:
            out.append(("num", text[:m.start()] + new + text[m.end():]))
    named = [e for e in sentence.ents if e.label_ in NAME_LABELS_JA]
    if named:
        e = rng.choice(named)
        others = [n for n in names.get(e.label_, []) if n not in text and e.text not in n]
        if others:
            out.append(("ent", _swap(sentence, e.start_char, e.end_char, rng.choice(others))))
    dates = list(DATE_JA.finditer(text))
    if dates:
        m = rng.choice(dates)
        day = int(m.group(2))
        new_day = day + rng.choice([-5, -3, -2, 2, 3, 5])
        new_day = new_day if 1 <= new_day <= 28 else (day % 20) + 3
        out.append(("date", text[:m.start(2)] + str(new_day) + text[m.end(2):]))
    for a, b in OPPOSITES_JA:
        hit = next(((x, y) for x, y in ((a, b), (b, a)) if x in text), None)
        if hit:
            out.append(("opp", text.replace(hit[0], hit[1], 1)))
            break
    for ending, negated in NEGATE_JA:
        if text.endswith(ending):
            out.append(("neg", text[:-len(ending)] + negated))
            break
    return out


def order_swap(sentence) -> list[tuple[str, str]]:
    """The two sides of "X finished ahead of Y", "X beat Y" swapped (``order``): the nearest
    names around the first such word."""
    order = ORDER_CUE.search(sentence.text)
    if not order:
        return []
    named = [e for e in sentence.ents if e.label_ in NAME_LABELS]
    at, end = sentence.start_char + order.start(), sentence.start_char + order.end()
    before = [e for e in named if e.end_char <= at]
    after = [e for e in named if e.start_char >= end and e.start_char - end <= 60]
    if not before or not after or before[-1].text == after[0].text:
        return []
    a, b = before[-1], after[0]
    base, text = sentence.start_char, sentence.text
    return [("order", text[:a.start_char - base] + b.text
             + text[a.end_char - base:b.start_char - base] + a.text + text[b.end_char - base:])]


# Superlatives and their opposites, after "the": "the highest rate" -> "the lowest rate".
SUPERLATIVES = {a: b for x, y in (
    ("highest", "lowest"), ("largest", "smallest"), ("biggest", "smallest"), ("most", "fewest"),
    ("best", "worst"), ("longest", "shortest"), ("oldest", "youngest"), ("fastest", "slowest"),
    ("strongest", "weakest"), ("richest", "poorest"), ("hottest", "coldest"))
    for a, b in ((x, y), (y, x))}
SUPERLATIVE = re.compile(rf"\bthe ({'|'.join(SUPERLATIVES)})\b")


def superlative_swap(sentence) -> list[tuple[str, str]]:
    """The first superlative after "the" turned to its opposite (``superlative``)."""
    found = SUPERLATIVE.search(sentence.text)
    if not found:
        return []
    text = sentence.text
    return [("superlative", text[:found.start(1)] + SUPERLATIVES[found.group(1)]
             + text[found.end(1):])]


def _unit_ja(figure: str) -> str:
    return re.sub(r"^[\d,.]+(?:万|億|兆)?", "", figure)


def story_swaps(sentence, doc, rng: random.Random, japanese: bool) -> list[tuple[str, str]]:
    """A name or a figure of the sentence replaced by another of the same kind from the same
    story (``ent_story``, ``num_story``): the value a reader could misplace, as in a claim that
    gives one item's figure to another."""
    out = []
    text = sentence.text
    labels = NAME_LABELS_JA if japanese else NAME_LABELS
    named = [e for e in sentence.ents if e.label_ in labels]
    if named:
        e = rng.choice(named)
        others = sorted({o.text for o in doc.ents if o.label_ == e.label_ and o.text not in text
                         and e.text not in o.text and o.text not in e.text})
        if others:
            out.append(("ent_story", _swap(sentence, e.start_char, e.end_char,
                                           rng.choice(others))))
    if japanese:
        figures = [m for m in FIGURE_JA.finditer(text)
                   if not DATE_JA.match(text, m.start()) and not text.startswith("年", m.end())]
        if figures:
            m = rng.choice(figures)
            others = sorted({o.group() for o in FIGURE_JA.finditer(doc.text)
                             if _unit_ja(o.group()) == _unit_ja(m.group())
                             and o.group() not in text})
            if others:
                out.append(("num_story", text[:m.start()] + rng.choice(others) + text[m.end():]))
        return out
    figures = [e for e in sentence.ents if e.label_ in FIGURE_LABELS and re.search(r"\d", e.text)]
    if figures:
        e = rng.choice(figures)
        others = sorted({o.text for o in doc.ents if o.label_ == e.label_ and o.text not in text
                         and re.search(r"\d", o.text) and e.text not in o.text})
        if others:
            out.append(("num_story", _swap(sentence, e.start_char, e.end_char,
                                           rng.choice(others))))
    return out


def _content_ja(sentence) -> set[str]:
    return {t.lemma_ for t in sentence if t.pos_ in ("NOUN", "PROPN", "VERB")
            and len(t.lemma_) > 1}


def make_pairs(articles: list[dict], seed: int = 7, japanese: bool = False) -> list[dict]:
    from factcheck import nlp, nlp_ja

    rng = random.Random(seed)
    # The in-story swaps draw from their own generator: the other kinds stay as they were.
    story_rng = random.Random(seed + 1)
    pipeline = nlp_ja.pipeline() if japanese else nlp.pipeline()
    docs = list(pipeline.pipe([a["article"] for a in articles]))
    names: dict[str, set[str]] = defaultdict(set)
    for doc in docs:
        for e in doc.ents:
            names[e.label_].add(e.text)
    sorted_names = {k: sorted(v) for k, v in names.items()}
    lengths = (10, 120) if japanese else (6, 70)  # tokens: GiNZA's are shorter
    by_article = {i: [s for s in doc.sents if lengths[0] <= len(s) <= lengths[1]]
                  for i, doc in enumerate(docs)}
    everything = [(i, s) for i, sents in by_article.items() for s in sents]
    pairs = []
    for i, sentence in everything:
        article = articles[i]["article"]
        base = {"event": articles[i]["id"], "evidence": article}
        pairs.append({**base, "kind": "same", "claim": sentence.text})
        head = sentence.text.split(", ")[0]
        if not japanese and head != sentence.text and len(head.split()) >= 6:
            pairs.append({**base, "kind": "head", "claim": head.rstrip(".") + "."})
        changed = (variants_ja if japanese else variants)(sentence, sorted_names, rng)
        for kind, claim in rng.sample(changed, min(3, len(changed))):
            pairs.append({**base, "kind": kind, "claim": claim})
        for kind, claim in story_swaps(sentence, docs[i], story_rng, japanese) + (
                [] if japanese else order_swap(sentence) + superlative_swap(sentence)):
            pairs.append({**base, "kind": kind, "claim": claim})
        if japanese:
            words = _content_ja(sentence)
            rest = [o.text for o in by_article[i] if o.start != sentence.start
                    and len(words & _content_ja(o)) < 0.5 * len(words)]
        else:
            words = {t.lower_ for t in sentence if t.is_alpha and not t.is_stop}
            rest = [o.text for o in by_article[i] if o.start != sentence.start and len(
                words & {t.lower_ for t in o if t.is_alpha and not t.is_stop})
                < 0.5 * len(words)]
        if len(rest) >= 2:
            pairs.append({**base, "evidence": ("" if japanese else " ").join(rest),
                          "kind": "removed", "claim": sentence.text})
        j, other = rng.choice(everything)
        if j != i:
            pairs.append({**base, "kind": "other", "claim": other.text})
    return pairs


def judge_pairs(pairs: list[dict]) -> list[dict]:
    from factcheck.embed import Embedder
    from factcheck.judge import judge_alignment
    from factcheck.passage import Hit

    embedder = Embedder()
    out = []
    for pair in pairs:
        passage = Hit("p1", "a1", pair["evidence"], "News", "https://news.example/1",
                      "news.example", "2026-06-01")
        result = judge_alignment(pair["claim"], [passage], embedder)
        out.append({**pair, "label": result.label,
                    "contradictions": [c.describe() for ev, _ in result.articles
                                       for c in ev.conflicts]})
    return out


def tally(judged: list[dict]) -> dict[str, dict[str, int]]:
    counts: dict[str, Counter] = defaultdict(Counter)
    for row in judged:
        counts[row["kind"]][row["label"]] += 1
    return {kind: dict(sorted(c.items())) for kind, c in sorted(counts.items())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dataset", nargs="*",
                        help="development replays (default: the English ones, or with --lang "
                             "ja the Japanese ones)")
    parser.add_argument("--lang", choices=("en", "ja"), default="en",
                        help="the language of the articles to read (default en)")
    parser.add_argument("--json", action="store_true", help="the counts as JSON")
    parser.add_argument("--out", type=Path, help="write every judged pair here")
    args = parser.parse_args()
    japanese = args.lang == "ja"
    args.dataset = args.dataset or [str(HERE / "data" / d) for d in (DEV_JA if japanese else DEV)]
    if any(Path(d).stem.endswith(("_test", "_calib")) for d in args.dataset):
        raise SystemExit("the locked test replays (*_test.jsonl) are for reporting only and "
                         "the calibration replays (*_calib.jsonl) for the confidence step; "
                         "pass development replays")
    articles = [json.loads(line) for d in args.dataset
                for line in Path(d).read_text("utf-8").splitlines() if line.strip()]
    articles = [a for a in articles if a.get("lang", "en") == args.lang and a.get("article")]
    if not articles:
        raise SystemExit(f"no {args.lang} articles in {', '.join(args.dataset)}; pass replays "
                         f"in that language or another --lang")
    judged = judge_pairs(make_pairs(articles, japanese=japanese))
    if args.out:
        args.out.write_text(json.dumps(judged, ensure_ascii=False, indent=1), "utf-8")
    counts = tally(judged)
    if args.json:
        print(json.dumps(counts, indent=1))
        return
    for kind, c in counts.items():
        right = EXPECTED.get(kind, "REFUTED")
        total = sum(c.values())
        print(f"{kind:8s} {total:5d}  " + "  ".join(f"{k[:3]} {v:4d}" for k, v in c.items())
              + f"   right ({right[:3]}): {c.get(right, 0) / total:.2f}")


if __name__ == "__main__":
    main()
