"""Language columns of an XLSForm ("English", "Portuguese (pt)", label::English...) to the survey's languages."""
from __future__ import annotations

import re

from flask_babel import gettext as _

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


def survey_languages(language_names: dict[str, int], default_name: str | None, report) -> tuple[dict[str, str], str, list[str]]:
    """Language column -> survey language, the default language and the survey's languages; the rest is reported."""
    default_code = language_code(default_name) if default_name and default_name != DEFAULT else None
    mapping = {}
    for name in language_names:
        code = language_code(name) if name != DEFAULT else (default_code or "en")
        if code:
            mapping[name] = code
    other = sorted(n for n in language_names if n not in mapping)
    if not mapping and language_names:
        # None of the form's languages is offered: its main language stands in, so nothing is lost.
        main = default_name if default_name in language_names else max(language_names, key=language_names.get)
        mapping[main] = "en"
        report.note(None, _("The form's texts are in %(language)s, which surveys are not offered in; they were "
                            "imported as the English texts. Translate them in the builder.", language=main))
        other = [n for n in other if n != main]
    if other:
        report.note(None, _("Texts in %(languages)s were not imported: surveys are offered in English, "
                            "Portuguese and Spanish.", languages=", ".join(other)))
    languages = [lang for lang in SURVEY_LANGUAGES if lang in mapping.values()] or ["en"]
    default = default_code if default_code in languages else languages[0]
    return mapping, default, languages


def resolve(texts: dict, mapping: dict[str, str]) -> dict:
    """{language column: text} -> {survey language: text}."""
    result: dict[str, str] = {}
    # Texts of a named language column win over the same language's unnamed column.
    for name, text in sorted(texts.items(), key=lambda item: item[0] != DEFAULT):
        if name in mapping:
            result[mapping[name]] = text
    return result
