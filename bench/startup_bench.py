"""Process start: `create_app()` in a fresh interpreter against `import flask, geopandas` in a fresh interpreter.

    python bench/startup_bench.py [--quick]

Best of three cold starts each (one in quick mode), measured in the same run. When the goal
is missed, one more start with `python -X importtime` names the heaviest imports in the note.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import ROOT, row, standalone  # noqa: E402

# No query at start: the database plays no part.
POSTGRES = False

APP = "from partnership import create_app; create_app()"
BASELINE = "import flask, geopandas"
OURS = {"partnership", "assessments", "maps", "site", "encodings"}


def _start(code: str, env: dict, *extra: str) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, *extra, "-c", code], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, check=True)
    return time.perf_counter() - started, done.stderr


def heaviest_imports(env: dict, count: int = 5) -> str:
    """Third-party packages by cumulative import time, from `-X importtime` (what our modules pull in at start)."""
    _took, log = _start(APP, env, "-X", "importtime")
    totals: dict[str, int] = {}
    for line in log.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _self, cumulative, name = line.split(":", 1)[1].split("|")
        cumulative = cumulative.strip()
        name = name.strip()
        # A package's own line (each module is imported once) carries everything it imported.
        if cumulative.isdigit() and "." not in name and name not in OURS:
            totals[name] = int(cumulative)
    top = sorted(totals.items(), key=lambda item: -item[1])[:count]
    return ", ".join(f"{name} {us / 1e6:.2f} s" for name, us in top)


def measure(*, quick: bool, database_url: str | None) -> list[dict]:
    runs = 1 if quick else 3
    with tempfile.TemporaryDirectory(prefix="sn-bench-start-") as folder:
        # An installed service runs from compiled bytecode, like the libraries of the baseline do:
        # the warm-up runs write the project's .pyc files, so neither side compiles source.
        env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        env.update({"SECRET_KEY": "bench", "DATABASE_URL": f"sqlite:///{folder}/start.sqlite"})
        _start(APP, env)  # warm the OS file cache and the .pyc files for both, so neither pays the first read
        _start(BASELINE, env)
        ours = min(_start(APP, env)[0] for _ in range(runs))
        baseline = min(_start(BASELINE, env)[0] for _ in range(runs))
        note = f"best of {runs} fresh interpreters"
        if ours / baseline > 1.3 and not quick:
            note += f"; heaviest imports: {heaviest_imports(env)}"
    return [row("process start: create_app() vs import flask, geopandas", None, ours, baseline, goal_max=1.3, note=note)]


if __name__ == "__main__":
    standalone(measure, __doc__)
