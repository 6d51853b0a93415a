"""Extract, update and compile the translation catalogue of each package.

    python scripts/i18n.py update    # extract strings and merge them into pt/es catalogues
    python scripts/i18n.py compile   # build the .mo files the app loads

Each package owns its catalogue (<package>/translations); its strings come from
its own code and from templates/<package>/ (partnership also owns the shared templates;
Step 1, partnership/groups, keeps a catalogue of its own).
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("pt", "es")
# catalogue name -> (catalogue folder, sources, folder names to skip)
PACKAGES = {
    "partnership": ("partnership/translations",
                    ["partnership", "templates/base.html", "templates/_macros.html", "templates/errors",
                     "templates/main", "templates/auth", "templates/admin", "templates/audit",
                     "templates/confirm.html", "templates/content"],
                    ["groups", "profiles", "teams", "cycles"]),
    "groups": ("partnership/groups/translations", ["partnership/groups", "templates/groups"], []),
    "profiles": ("partnership/profiles/translations", ["partnership/profiles", "templates/profiles"], []),
    "teams": ("partnership/teams/translations", ["partnership/teams", "templates/teams"], []),
    "assessments": ("assessments/translations", ["assessments", "templates/assessments"], []),
    "maps": ("maps/translations", ["maps", "templates/maps"], []),
    "cycles": ("partnership/cycles/translations", ["partnership/cycles", "templates/cycles"], []),
}


def pybabel(*args: str) -> None:
    """Run a pybabel command; its chatter is shown only when it fails."""
    done = subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], cwd=ROOT,
                          capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"pybabel {args[0]} failed")


def update(package: str) -> None:
    folder, sources, skip = PACKAGES[package]
    sources = [s for s in sources if (ROOT / s).exists()]
    if not sources:
        return
    translations = ROOT / folder
    translations.mkdir(parents=True, exist_ok=True)
    pot = translations / "messages.pot"
    ignore = [arg for name in skip for arg in ("--ignore-dirs", name)]
    pybabel("extract", "-F", "babel.cfg", "-k", "lazy_gettext", "-k", "_l", "--no-location",
            "--sort-output", *ignore, "-o", str(pot), *sources)
    for lang in LANGUAGES:
        po = translations / lang / "LC_MESSAGES" / "messages.po"
        if po.exists():
            pybabel("update", "-i", str(pot), "-d", str(translations), "-l", lang, "--no-fuzzy-matching")
        else:
            pybabel("init", "-i", str(pot), "-d", str(translations), "-l", lang)


def compile_all() -> None:
    for folder, _, _ in PACKAGES.values():
        translations = ROOT / folder
        if any(translations.glob("*/LC_MESSAGES/messages.po")):
            pybabel("compile", "-d", str(translations))


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "compile"
    if command == "update":
        for name in (sys.argv[2:] or PACKAGES):
            update(name)
    elif command == "compile":
        compile_all()
    else:
        sys.exit(__doc__)
