"""Fit the alignment judge's weights on dev data and write factcheck/judge_weights.json.

    python evals/fit_judge.py [DATASET.jsonl ...] [--llm | --llm-from RESULTS.jsonl]

The default datasets are the development replays (news2026_dev*.jsonl, news2026_ja_dev*.jsonl
and news2026_ja.jsonl, with the unlocked former test replays); the locked test replays
(news2026_heldout_test.jsonl, news2026_heldout2_test.jsonl and their Japanese pairs, every
``*_test`` file) are never fitted on.

Every event's article is ingested into a temporary store; for each claim the passages published
up to its event day are retrieved, and each retrieved article's features become one example:
the claim's own article carries the claim's label, other articles NOT_ENOUGH_EVIDENCE (they are
not about it). A multinomial logistic regression is fitted on standardised features.
Leave-one-event-out cross-validation of the whole claim-level decision is reported, so the
figure is not measured on the data the weights saw. With --llm the embedded model's answers are
collected too and the mixing weight ``llm_weight`` is chosen by the same cross-validation.
--llm-from takes the model's answers from an eval report's results.jsonl instead (full mode, on
the event day; the harness records each judge's answer), so a finished replay is reused rather
than run again.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from factcheck.config import Settings  # noqa: E402
from factcheck.dates import claim_date_spans  # noqa: E402
from factcheck.embed import Embedder  # noqa: E402
from factcheck.evalkit.datasets import load_dataset  # noqa: E402
from factcheck.evalkit.metrics import ece, macro_f1  # noqa: E402
from factcheck.evalkit.render import render_article  # noqa: E402
from factcheck.evalkit.replay import load_results  # noqa: E402
from factcheck.evidence import FEATURES, article_evidence  # noqa: E402
from factcheck.judge import (  # noqa: E402
    BASE_LABELS,
    _sentence_sims,
    article_probs,
    claim_distribution,
    combine,
    llm_distribution,
    with_leads,
)
from factcheck.news.ingest import ingest  # noqa: E402
from factcheck.retrieve import leads, retrieve  # noqa: E402
from factcheck.store import Store  # noqa: E402

WEIGHTS = HERE.parent / "factcheck" / "judge_weights.json"


DEV = ("news2026_dev.jsonl", "news2026_dev_more.jsonl", "news2026_dev_extra.jsonl",
       "news2026_dev_unlocked.jsonl", "news2026_fresh_unlocked.jsonl", "news2026_ja_dev.jsonl",
       "news2026_ja.jsonl", "news2026_ja_dev_unlocked.jsonl", "news2026_ja_fresh_unlocked.jsonl",
       "news2026_dev_fresh2.jsonl", "news2026_ja_dev_fresh2.jsonl", "news2026_dev_fresh3.jsonl",
       "news2026_ja_dev_fresh3.jsonl", "news2026_dev_fresh4.jsonl", "news2026_ja_dev_fresh4.jsonl",
       "news2026_dev_fresh5.jsonl", "news2026_ja_dev_fresh5.jsonl", "news2026_dev_fresh6.jsonl",
       "news2026_ja_dev_fresh6.jsonl", "news2026_dev_fresh7.jsonl", "news2026_ja_dev_fresh7.jsonl",
       "news2026_dev_fresh8.jsonl", "news2026_ja_dev_fresh8.jsonl", "news2026_dev_fresh9.jsonl",
       "news2026_ja_dev_fresh9.jsonl", "news2026_dev_fresh10.jsonl",
       "news2026_ja_dev_fresh10.jsonl", "news2026_dev_fresh11.jsonl",
       "news2026_ja_dev_fresh11.jsonl", "news2026_dev_fresh12.jsonl",
       "news2026_ja_dev_fresh12.jsonl", "news2026_dev_fresh13.jsonl",
       "news2026_ja_dev_fresh13.jsonl", "news2026_dev_fresh14.jsonl",
       "news2026_ja_dev_fresh14.jsonl", "news2026_dev_fresh15.jsonl",
       "news2026_ja_dev_fresh15.jsonl", "news2026_dev_fresh16.jsonl",
       "news2026_ja_dev_fresh16.jsonl", "news2026_dev_fresh17.jsonl",
       "news2026_ja_dev_fresh17.jsonl", "news2026_dev_fresh18.jsonl",
       "news2026_ja_dev_fresh18.jsonl")


def collect(datasets: list[Path], with_llm: bool) -> list[dict]:
    events = [json.loads(x) for dataset in datasets
              for x in dataset.read_text("utf-8").splitlines() if x.strip()]
    embedder = Embedder()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        pages = Path(tmp) / "pages"
        pages.mkdir()
        for e in events:
            (pages / f"{e['id']}.html").write_text(render_article(e), "utf-8")
        settings = Settings(store=str(Path(tmp) / "store"))
        ingest([str(pages)], settings, embedder=embedder)
        store = Store.from_settings(settings)
        checker = None
        if with_llm:
            from factcheck.check import Checker

            checker = Checker(settings, store=store, embedder=embedder)
        own = {r[0]: r[1] for r in store.db.execute("SELECT title, id FROM articles")}
        for e in events:
            day = dt.date.fromisoformat(e["date"])
            own_id = own.get(e["headline"])
            for i, claim in enumerate(e["claims"]):
                hits = retrieve(store, embedder, claim["text"], day, k=5)
                spans = claim_date_spans(claim["text"], day)
                start = min((first for first, _ in spans), default=None)
                read, numbers = with_leads(hits, leads(store, hits, day))
                feats = article_evidence(claim["text"], read,
                                         _sentence_sims(claim["text"], read, embedder), start,
                                         day, numbers)
                row = {"event": e["id"], "claim": claim["text"], "gold": claim["label"],
                       "articles": [{"own": f.article_id == own_id, "x": f.vector(),
                                     "background": bool(f.background),
                                     "unnamed": bool(f.unnamed)}
                                    for f in feats]}
                if checker is not None:
                    v = checker.check(claim["text"], day, align=False)
                    row["llm"] = {"label": v.judges["llm"]["label"],
                                  "confidence": v.judges["llm"]["confidence"]}
                print(f"{e['id']}#{i} {claim['label'][:3]} {len(feats)} articles",
                      file=sys.stderr)
                rows.append(row)
    return rows


def attach_llm_answers(rows: list[dict], dataset: Path, results: Path) -> None:
    """Give each row the LLM judge's answer that an eval report recorded for the same claim."""
    ids = {(c.event_id, c.text): c.id for c in load_dataset(dataset).claims}
    answers = {}
    for r in load_results(results):
        llm = (r.get("judges") or {}).get("llm")
        if r["mode"] == "full" and r["kind"] == "on_day" and llm:
            answers[r["claim_id"]] = {"label": llm["label"],
                                      "confidence": llm.get("confidence") or 0.0}
    missing = [row["claim"] for row in rows if ids.get((row["event"], row["claim"])) not in answers]
    if missing:
        raise SystemExit(f"{results} has no full-mode LLM answer for {len(missing)} claims "
                         f"(first: {missing[0]!r}); finish that eval run first")
    for row in rows:
        row["llm"] = answers[ids[(row["event"], row["claim"])]]


def examples(rows: list[dict]) -> tuple[list[list[float]], list[str]]:
    xs, ys = [], []
    for row in rows:
        for art in row["articles"]:
            xs.append(art["x"])
            ys.append(row["gold"] if art["own"] else "NOT_ENOUGH_EVIDENCE")
    return xs, ys


def fit(xs: list[list[float]], ys: list[str], c: float) -> dict:
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    x = np.array(xs, dtype=float)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, max_iter=2000, class_weight="balanced")
    model.fit((x - mean) / scale, ys)
    order = [list(model.classes_).index(label) for label in BASE_LABELS]
    return {"features": list(FEATURES), "labels": list(BASE_LABELS),
            "coef": model.coef_[order].round(5).tolist(),
            "intercept": model.intercept_[order].round(5).tolist(),
            "mean": mean.round(5).tolist(), "scale": scale.round(5).tolist()}


def claim_probs(row: dict, weights: dict) -> dict[str, float]:
    return claim_distribution(
        [article_probs(art["x"], art.get("background", False), weights,
                       art.get("unnamed", False))
         for art in row["articles"]], weights)


def cross_validate(rows: list[dict], c: float, llm_weight: float,
                   calibrations: tuple[tuple[float, float], ...] = ((1.0, 0.0),)
                   ) -> dict[tuple[float, float], dict]:
    """Leave-one-event-out: per held-out event, weights fitted on the others; the claim-level
    decision and its probability are scored for each (temperature, smoothing) pair."""
    folds = []
    for event in sorted({r["event"] for r in rows}):
        train = [r for r in rows if r["event"] != event]
        folds.append((fit(*examples(train), c), [r for r in rows if r["event"] == event]))
    out = {}
    for t, s in calibrations:
        gold, pred, probs_all = [], [], []
        for weights, held_out in folds:
            weights = {**weights, "temperature": t, "smoothing": s}
            for row in held_out:
                llm = row.get("llm")
                dist = llm_distribution(llm["label"], llm["confidence"]) if llm else None
                probs = combine(claim_probs(row, weights), dist, llm_weight)
                gold.append(row["gold"])
                pred.append(max(probs, key=probs.get))
                probs_all.append(probs)
        acc = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)
        nll = -sum(math.log(max(p[g], 1e-6)) for g, p in zip(gold, probs_all, strict=True))
        out[(t, s)] = {"macro_f1": round(macro_f1(gold, pred), 4), "accuracy": round(acc, 4),
                  "ece": ece([max(p.values()) for p in probs_all],
                             [g == p for g, p in zip(gold, pred, strict=True)]),
                  "nll": round(nll / len(gold), 4)}
    return out


def llm_source(args: argparse.Namespace) -> str | None:
    if args.llm_from:
        return f"eval report {args.llm_from.parent.name}/{args.llm_from.name}"
    return "collected (--llm)" if args.llm else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dataset", nargs="*", default=[str(HERE / "data" / d) for d in DEV])
    parser.add_argument("--llm", action="store_true", help="also fit the LLM mixing weight")
    parser.add_argument("--llm-from", type=Path, metavar="RESULTS.jsonl",
                        help="the model's answers from an eval report (full mode, event day)")
    parser.add_argument("--rows", help="cache of collected features (JSON); reused if present")
    args = parser.parse_args()
    datasets = [Path(d) for d in args.dataset]
    if any(d.stem.endswith("_test") for d in datasets):
        raise SystemExit("the *_test.jsonl files are the locked test replays: report on them, "
                         "never fit on them; pass development replays only")
    if any(d.stem.endswith("_calib") for d in datasets):
        raise SystemExit("the *_calib.jsonl files fit only the confidence step "
                         "(evals/fit_reliability.py --curves-from); pass development replays")
    if args.rows and Path(args.rows).exists():
        rows = json.loads(Path(args.rows).read_text())
    else:
        rows = collect(datasets, args.llm)
        if args.rows:
            Path(args.rows).write_text(json.dumps(rows))
    if args.llm_from:
        attach_llm_answers(rows, datasets[0], args.llm_from)
    # Model selection by cross-validated macro-F1, then the temperature and smoothing share
    # with the lowest cross-validated log loss (a proper score, so it calibrates without
    # chasing the ECE bins). Neither changes a decision, so macro-F1 is the same for all.
    best = None
    calibrations = tuple((t / 4, s / 20) for t in range(2, 17) for s in range(0, 7))
    for c in (0.3, 1.0, 3.0, 10.0):
        weights_grid = (0.0, 0.1, 0.2, 0.3, 0.5) if all("llm" in r for r in rows) else (0.0,)
        for w in weights_grid:
            by_ts = cross_validate(rows, c, w, calibrations)
            t, s = min(by_ts, key=lambda k: by_ts[k]["nll"])
            cv = by_ts[(t, s)]
            print(f"C={c} llm_weight={w} temperature={t} smoothing={s}: {cv}",
                  file=sys.stderr)
            if best is None or (cv["macro_f1"], -cv["nll"]) > (best[4]["macro_f1"],
                                                                 -best[4]["nll"]):
                best = (c, w, t, s, cv)
    c, w, t, s, cv = best
    weights = fit(*examples(rows), c)
    weights.update({
        "C": c, "llm_weight": w, "temperature": t, "smoothing": s,
        "fitted_on": {"datasets": [d.name for d in datasets],
                      "sha256": [hashlib.sha256(d.read_bytes()).hexdigest() for d in datasets],
                      "claims": len(rows),
                      # Where the model's answers that chose llm_weight came from.
                      "llm_answers": llm_source(args)},
        "cross_validation": {"scheme": "leave-one-event-out", **cv},
    })
    WEIGHTS.write_text(json.dumps(weights, indent=1) + "\n")
    print("judge_weights.json has no reliability step now: run a dev replay and "
          "evals/fit_reliability.py on it", file=sys.stderr)
    print(json.dumps({"C": c, "llm_weight": w, "temperature": t, "smoothing": s, "cv": cv}))


if __name__ == "__main__":
    main()
