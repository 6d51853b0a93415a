"""Every user-facing string is translated into Portuguese and Spanish, in its own package's catalogue.

The strings are extracted afresh from the code and templates (into a temporary folder, never
into the repository), so a string added without `python scripts/i18n.py update` fails here too.
"""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent


def _load_i18n_script():
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


I18N = _load_i18n_script()
CASES = [(package, lang) for package in I18N.PACKAGES for lang in I18N.LANGUAGES]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> dict[str, Catalog | None]:
    """The current strings of each package, extracted exactly as `scripts/i18n.py update` does."""
    folder = tmp_path_factory.mktemp("pot")
    catalogues: dict[str, Catalog | None] = {}
    for package, (_, sources, skip) in I18N.PACKAGES.items():
        sources = [s for s in sources if (ROOT / s).exists()]
        if not sources:
            catalogues[package] = None
            continue
        pot = folder / f"{package}.pot"
        ignore = [arg for name in skip for arg in ("--ignore-dirs", name)]
        result = subprocess.run(
            [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "lazy_gettext",
             "-k", "_l", "--no-location", *ignore, "-o", str(pot), *sources],
            cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 0, f"extracting {package} failed:\n{result.stderr}"
        with open(pot, "rb") as handle:
            catalogues[package] = read_po(handle)
    return catalogues


def _text(msgid) -> str:
    return msgid if isinstance(msgid, str) else " | ".join(msgid)


def untranslated(template: Catalog, translated: Catalog) -> list[str]:
    """Every msgid of `template` that `translated` lacks, leaves empty, marks fuzzy or breaks."""
    problems = []
    for message in template:
        if not message.id:
            continue  # the header
        found = translated.get(message.id, message.context)
        if found is None:
            problems.append(f"missing: {_text(message.id)!r}")
        elif found.fuzzy:
            problems.append(f"fuzzy: {_text(message.id)!r}")
        elif not found.string or (isinstance(found.string, (tuple, list)) and not all(found.string)):
            problems.append(f"empty: {_text(message.id)!r}")
    for message, errors in translated.check():
        # Placeholders that do not match the English string raise at render time.
        if message.id and not message.fuzzy and message.string:
            problems += [f"broken: {_text(message.id)!r}: {error}" for error in errors]
    return problems


@pytest.mark.parametrize(("package", "lang"), CASES, ids=[f"{p}-{lang}" for p, lang in CASES])
def test_every_string_is_translated(extracted, package, lang):
    template = extracted[package]
    if template is None or not any(m.id for m in template):
        pytest.skip(f"{package} has no user-facing strings yet")
    folder = I18N.PACKAGES[package][0]
    po_path = ROOT / folder / lang / "LC_MESSAGES" / "messages.po"
    assert po_path.exists(), f"{po_path.relative_to(ROOT)} is missing: run `python scripts/i18n.py update {package}`"
    with open(po_path, "rb") as handle:
        translated = read_po(handle, locale=lang)
    problems = untranslated(template, translated)
    assert not problems, (
        f"{len(problems)} string(s) of {package} not translated into {lang} in {po_path.relative_to(ROOT)} "
        f"(run `python scripts/i18n.py update {package}`, fill in msgstr, drop #, fuzzy):\n  "
        + "\n  ".join(problems))


def test_the_check_catches_missing_empty_and_fuzzy_translations():
    template = Catalog()
    for msgid in ("Sign in", "Sign out", "Dashboard", "Hello, %(name)s", "Maps"):
        template.add(msgid)
    translated = Catalog(locale="pt")
    translated.add("Sign in", "Entrar")
    translated.add("Dashboard", "")
    translated.add("Hello, %(name)s", "Olá, %(nome)s", flags=["python-format"])
    translated.add("Maps", "Mapas", flags=["fuzzy"])
    problems = untranslated(template, translated)
    assert problems[:3] == ["missing: 'Sign out'", "empty: 'Dashboard'", "fuzzy: 'Maps'"], problems
    assert len(problems) == 4 and problems[3].startswith("broken: 'Hello, %(name)s'"), problems
