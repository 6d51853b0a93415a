"""Every module imports on its own in a fresh interpreter, without an application made first.

A module that only imports after another one (a circular import hidden by the order
`create_app` happens to import things in) breaks scripts, workers and the next
developer's REPL. One child interpreter imports each module after clearing every
module of the project from `sys.modules`, so each import starts from nothing.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("partnership", "assessments", "maps")

CHILD = r"""
import importlib, json, sys, traceback
ours = {names}
baseline = set(sys.modules)
failures = {{}}
for name in json.loads(sys.argv[1]):
    for loaded in [m for m in sys.modules if m.split(".")[0] in ours and m not in baseline]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception:
        failures[name] = traceback.format_exc(limit=-3)
print(json.dumps(failures))
"""


def project_modules() -> list[str]:
    modules = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            modules.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return modules


def test_the_walk_finds_the_modules():
    modules = project_modules()
    assert {"partnership.access", "partnership.audit", "partnership.groups.models", "maps.importing",
            "assessments.needs"} <= set(modules)


def test_every_module_imports_on_its_own_in_a_fresh_interpreter():
    modules = project_modules()
    result = subprocess.run([sys.executable, "-c", CHILD.format(names=repr(set(PACKAGES))), json.dumps(modules)],
                            cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr
    failures = json.loads(result.stdout.strip().splitlines()[-1])
    assert not failures, "modules that do not import on their own:\n" + "\n".join(
        f"{name}:\n{trace}" for name, trace in failures.items())


def test_developer_docs_stay_inside_the_repository():
    """The docs a new developer reads link only to files of this repository, and those files exist."""
    import re

    for doc in ("docs/CONTRIBUTING.md", "docs/ARCHITECTURE.md"):
        text = (ROOT / doc).read_text(encoding="utf-8")
        assert "../shared" not in text, f"{doc} sends readers outside the repository"
        for target in re.findall(r"\]\(([^)#]+)\)", text):
            if target.startswith(("http://", "https://")):
                continue
            resolved = ((ROOT / doc).parent / target).resolve()
            assert resolved.is_relative_to(ROOT), f"{doc} links outside the repository: {target}"
            # PRIVACY.md is written on another branch; every other link must resolve today.
            assert resolved.exists() or target == "PRIVACY.md", f"{doc} links to a missing file: {target}"
