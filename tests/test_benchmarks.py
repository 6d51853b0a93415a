"""The benchmark command still runs: every benchmark at quick sizes gives its rows, each with a ratio.

Ratios at quick sizes say nothing about the goals (the README's table is the full run); this
only proves that `python bench/run.py` works from a checkout, so a change that breaks a
benchmark fails here and not months later when someone wants the figures.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# One prefix per row the benchmarks of this repository print; modules added later (exports,
# load) are covered by "no crash and a numeric ratio on every row".
EXPECTED = [
    "results figures (overall)",
    "results by neighbourhood",
    "results by age band",
    "results page over HTTP",
    "demo results page",
    "questionnaires per second through the public flow",
    "server CPU per stored questionnaire",
    "process start: create_app()",
    "boundary import",
    "import preview",
    "hexagon aggregation",
    "results map",
    "cells published, synthetic city",
]


@pytest.mark.bench
@pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")),
                    reason="the quick run uses its own SQLite files; once per test command is enough")
def test_benchmark_command_prints_every_row_with_a_ratio(tmp_path):
    done = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "run.py"), "--quick", "--markdown"], cwd=ROOT,
                          capture_output=True, text=True, timeout=1200, env={**os.environ, "TMPDIR": str(tmp_path)})
    assert done.returncode == 0, done.stderr[-4000:]
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ") and not line.startswith("| figure")]
    cells = [[c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]] for line in rows]
    assert all(len(c) == 7 for c in cells), rows
    figures = [c[0] for c in cells]
    for prefix in EXPECTED:
        assert any(f.startswith(prefix) for f in figures), f"no row for {prefix!r} in:\n{done.stdout}"
    for figure, database, _ours, _baseline, ratio, _goal, met in cells:
        assert "CRASHED" not in figure
        assert database == "sqlite"
        assert re.fullmatch(r"\d+(\.\d+)?x", ratio), (figure, ratio)
        assert met in {"yes", "no", "n/a"}
    # Every temporary file went away with its benchmark (the old results benchmark left 743 MB behind).
    assert not [p for p in os.listdir(tmp_path) if p.startswith("sn-")], os.listdir(tmp_path)
