"""Language columns of an XLSForm ("English", "Portuguese (pt)", label::English...) to the survey's languages."""
from __future__ import annotations

import re

# The languages a survey is offered in; other languages of a form are reported, not imported.
SURVEY_LANGUAGES = ("en", "pt", "es")
LANGUAGE_NAMES = {"en": "English", "pt": "Português", "es": "Español"}
NAMES = {
    "en": {"en", "eng", "english", "inglês", "ingles", "inglés"},
    "pt": {"pt", "por", "portuguese", "português", "portugues", "portugués"},
    "es": {"es", "spa", "spanish", "español", "espanol", "castellano", "espanhol"},
}
CODE_IN_BRACKETS = re.compile(r"\(\s*(?P<code>[A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{2,8})?\s*\)\s*$")
DEFAULT = "default"  # pyxform's key for texts in columns without a language


def language_code(name: str | None) -> str | None:
    """'English', 'Portuguese (pt)', 'pt-PT', 'EN' -> 'en'/'pt'/'es'; any other language -> None."""
    text = (name or "").strip()
    if not text:
        return None
    match = CODE_IN_BRACKETS.search(text)
    if match:
        code = match.group("code").lower()
        return code if code in SURVEY_LANGUAGES else None
    base = re.split(r"[-_\s]", text.lower(), maxsplit=1)[0]
    for code, names in NAMES.items():
        if text.lower() in names or base in names:
            return code
    return None


def column_name(lang: str) -> str:
    """How the export names a language: 'English (en)', the form ODK and pyxform recommend."""
    return f"{LANGUAGE_NAMES.get(lang, lang)} ({lang})"
