"""What each part of the alignment judge adds: leave-one-event-out cross-validation on the dev
replays with one feature group (or the background rule) taken out at a time.

    python evals/fit_judge.py --rows ROWS.json     # collects the features once
    python evals/ablation.py ROWS.json

A feature group is taken out by fixing its columns at 0 before fitting, so the regression
cannot use them; REFUTED still needs a contradiction, so without the contradiction features
nothing is REFUTED. The background rule is taken out by reading every article as current.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from fit_judge import cross_validate  # noqa: E402

from factcheck.evidence import FEATURES  # noqa: E402

GROUPS = {
    "similarity": ("sim_max", "sim_max_ja"),
    "word coverage": ("cover_words", "sentence_cover", "novel_words"),
    "names": ("cover_names", "missing_names"),
    "numbers": ("cover_numbers", "unmatched_numbers"),
    "preview sentence": ("preview",),
    "contradictions": ("conflict_value", "conflict_polarity"),
}


# What a dropped feature reads as: nothing to say. A claim's figures count as all found, so
# that the rule "no support for a figure the article does not give" is dropped with them.
NEUTRAL = {FEATURES.index("cover_numbers"): 1.0}


def without(rows: list[dict], columns: tuple[str, ...], background: bool = True) -> list[dict]:
    drop = [FEATURES.index(c) for c in columns]
    out = []
    for row in rows:
        arts = [{**a, "x": [NEUTRAL.get(i, 0.0) if i in drop else v
                            for i, v in enumerate(a["x"])],
                 "background": a.get("background", False) and background}
                for a in row["articles"]]
        out.append({**row, "articles": arts})
    return out


def main() -> None:
    rows = json.loads(Path(sys.argv[1]).read_text())
    weights = json.loads((HERE.parent / "factcheck" / "judge_weights.json").read_text())
    c, calibration = weights["C"], ((weights["temperature"], weights["smoothing"]),)
    runs = {"all parts": rows, **{f"without {g}": without(rows, cols)
                                  for g, cols in GROUPS.items()},
            "without the background rule": without(rows, (), background=False)}
    report = {}
    for name, data in runs.items():
        (cv,) = cross_validate(data, c, 0.0, calibration).values()
        report[name] = cv
        print(f"{name:32} macro-F1 {cv['macro_f1']:.3f}  accuracy {cv['accuracy']:.3f}  "
              f"ECE {cv['ece']:.3f}", file=sys.stderr)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
