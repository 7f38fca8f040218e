"""Prompts and data files are found from a checkout and from an installed wheel."""

import importlib.util
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from factcheck import prompt

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = sorted(p.name for p in (ROOT / "prompts").glob("*.txt"))


def test_templates_come_from_the_checkout():
    assert prompt._CHECKOUT_PROMPTS == ROOT / "prompts"
    assert "full_system.txt" in TEMPLATES


@pytest.mark.skipif(importlib.util.find_spec("setuptools") is None,
                    reason="setuptools is not installed in this environment")
def test_wheel_carries_prompts_and_data(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
         "-w", str(tmp_path), str(ROOT)], check=True, capture_output=True, timeout=300)
    wheel = next(tmp_path.glob("factcheck-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in TEMPLATES:
        assert f"factcheck/prompts/{template}" in names
    for data in ("defaults.toml", "models.json", "judge_weights.json", "cutoff_probe.jsonl",
                 "schemaorg-context.jsonld"):
        assert f"factcheck/{data}" in names
    # Installed elsewhere, with no checkout around, the templates still load.
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    code = ("from factcheck.prompt import load_template, _CHECKOUT_PROMPTS;"
            "assert not _CHECKOUT_PROMPTS.is_dir(), _CHECKOUT_PROMPTS;"
            "print(load_template('full_system.txt').template[:30])")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                         text=True, env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("You are a careful fact-checker")
