"""The report: one JSON object, a Markdown table for people, and two PNG charts."""

from __future__ import annotations

import json
from pathlib import Path

from ..verdict import LABELS
from .metrics import compute_metrics, reliability_bins

__all__ = ["build_report", "write_report", "markdown", "judge_rows"]

RATE_KEYS = ("accuracy", "macro_f1", "false_fabrication_rate", "nee_rate",
             "retrieval_recall_at_5", "ece", "day_before_nee_rate")
SCALAR_KEYS = RATE_KEYS + ("leakage", "latency_ms_p50", "latency_ms_p95", "prompt_tokens_mean",
                           "n_claims")
SHORT = {"SUPPORTED": "SUP", "REFUTED": "REF", "NOT_ENOUGH_EVIDENCE": "NEE",
         "CONFLICTING": "CON"}


def build_report(dataset: str, model: str | None, rows_by_mode: dict[str, list[dict]]) -> dict:
    return {
        "dataset": dataset,
        "model": model,
        "modes": {mode: compute_metrics(rows) for mode, rows in rows_by_mode.items()},
    }


def _fmt(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}" if value < 10 else f"{value:.0f}"
    return str(value)


def markdown(report: dict) -> str:
    modes = list(report["modes"])
    lines = [f"# Evaluation: {report['dataset']}", "", f"Model: {report['model']}", "",
             "| metric | " + " | ".join(modes) + " |", "|---" * (len(modes) + 1) + "|"]
    for key in SCALAR_KEYS:
        cells = [_fmt(report["modes"][m].get(key)) for m in modes]
        lines.append(f"| {key} | " + " | ".join(cells) + " |")
    lines += ["", "Required metrics are over the on-the-day checks; leakage counts all checks; "
              "day_before_nee_rate is the share of day-before checks answered "
              "NOT_ENOUGH_EVIDENCE.", "",
              "![metrics by mode](metrics_by_mode.png) ![reliability](reliability.png)", ""]
    for mode in modes:
        m = report["modes"][mode]
        lines += [f"## {mode}", "", "| label | precision | recall | F1 | support |",
                  "|---|---|---|---|---|"]
        for label in LABELS:
            p = m["per_label"][label]
            lines.append(f"| {label} | {p['precision']:.3f} | {p['recall']:.3f} | "
                         f"{p['f1']:.3f} | {p['support']} |")
        lines += ["", "Confusion matrix (rows: gold, columns: predicted)", "",
                  "| gold \\ pred | " + " | ".join(SHORT[x] for x in LABELS) + " |",
                  "|---" * (len(LABELS) + 1) + "|"]
        for gold in LABELS:
            row = m["confusion_matrix"][gold]
            lines.append(f"| {SHORT[gold]} | " + " | ".join(str(row[p]) for p in LABELS) + " |")
        lines.append("")
    return "\n".join(lines)


def _charts(report: dict, rows_by_mode: dict[str, list[dict]], out: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")  # files only, no display
    import matplotlib.pyplot as plt

    modes = list(report["modes"])
    fig, ax = plt.subplots(figsize=(10, 4.5))
    width = 0.8 / max(1, len(modes))
    for i, mode in enumerate(modes):
        values = [report["modes"][mode].get(k) or 0.0 for k in RATE_KEYS]
        ax.bar([x + i * width for x in range(len(RATE_KEYS))], values, width, label=mode)
    ax.set_xticks([x + width * (len(modes) - 1) / 2 for x in range(len(RATE_KEYS))])
    ax.set_xticklabels(RATE_KEYS, rotation=20, ha="right", fontsize=8)
    ax.set_ylim(0, 1)
    ax.set_title(f"Metrics by mode — {Path(report['dataset']).name}")
    ax.legend()
    fig.tight_layout()
    bars = out / "metrics_by_mode.png"
    fig.savefig(bars, dpi=110)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(5, 5))
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfect calibration")
    for mode in modes:
        day = [r for r in rows_by_mode[mode] if r["kind"] == "on_day"]
        bins = reliability_bins([float(r["confidence"]) for r in day],
                                [r["gold"] == r["label"] for r in day])
        pts = [(b["confidence"], b["accuracy"]) for b in bins if b["count"]]
        if pts:
            ax.plot(*zip(*pts, strict=True), marker="o",
                    label=f"{mode} (ECE {_fmt(report['modes'][mode]['ece'])})")
    ax.set_xlabel("confidence")
    ax.set_ylabel("accuracy")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_title("Reliability diagram (10 bins)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    diagram = out / "reliability.png"
    fig.savefig(diagram, dpi=110)
    plt.close(fig)
    return [bars, diagram]


def judge_rows(rows: list[dict], judge: str) -> list[dict]:
    """Full-mode rows relabelled with what one judge said on its own (before the guards)."""
    out = []
    for row in rows:
        said = (row.get("judges") or {}).get(judge)
        if not said or not said.get("label"):
            return []
        label = str(said["label"]).upper()
        confidence = said.get("confidence")
        if confidence is None:
            confidence = (said.get("probs") or {}).get(label, 0.0)
        out.append({**row, "label": label, "confidence": float(confidence or 0.0)})
    return out


def judges_markdown(rows: list[dict]) -> str:
    """A table of the full mode's verdict next to each judge alone, where rows record them."""
    columns = {"combined": rows}
    for judge in ("alignment", "llm"):
        relabelled = judge_rows(rows, judge)
        if relabelled:
            columns[f"{judge} alone"] = relabelled
    if len(columns) < 2:
        return ""
    metrics = {name: compute_metrics(r) for name, r in columns.items()}
    lines = ["## full mode: each judge alone", "",
             "The label each judge gave before the guards of verdict.py, on the same checks.", "",
             "| metric | " + " | ".join(metrics) + " |", "|---" * (len(metrics) + 1) + "|"]
    for key in ("accuracy", "macro_f1", "false_fabrication_rate", "nee_rate", "ece",
                "day_before_nee_rate"):
        lines.append(f"| {key} | " + " | ".join(_fmt(m[key]) for m in metrics.values()) + " |")
    return "\n".join(lines) + "\n"


def write_report(report: dict, rows_by_mode: dict[str, list[dict]], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    md = markdown(report) + "\n"
    if rows_by_mode.get("full"):
        md += judges_markdown(rows_by_mode["full"])
    (out / "report.md").write_text(md, "utf-8")
    return [out / "report.json", out / "report.md", *_charts(report, rows_by_mode, out)]
