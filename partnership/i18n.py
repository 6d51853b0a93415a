"""Language selection: explicit choice, then the browser's preference."""
from __future__ import annotations

from flask import current_app, has_request_context, request, session

LANGUAGE_NAMES = {"en": "English", "pt": "Português", "es": "Español"}


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI commands speak the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = request.args.get("lang") or session.get("lang")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def translation_directories() -> str:
    """Each feature package keeps its own catalogue; Flask-Babel merges them."""
    import os

    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    folders = ("partnership", os.path.join("partnership", "groups"), "assessments", "maps",
               os.path.join("partnership", "cycles"))
    return ";".join(os.path.join(root, folder, "translations") for folder in folders)
