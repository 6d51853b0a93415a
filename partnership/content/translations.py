"""Reading and writing translations of group content; the registry of translatable kinds."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from flask import current_app, has_app_context
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import delete, select

from partnership.audit import log_event
from partnership.content.models import ContentOriginal, ContentTranslation
from partnership.extensions import db

TEXT_MAX = 20000


class TranslationError(ValueError):
    """A refused translation, with the reason for the user."""


@dataclass(frozen=True)
class ContentKind:
    """A kind of record whose text fields members may translate."""

    kind: str
    model: type
    fields: dict[str, object]  # field name -> its label (lazy gettext)
    group_id_of: Callable[[object], int]
    back_url: Callable[[object], str]
    title_of: Callable[[object], str]


_kinds: dict[str, ContentKind] = {}


def register_kind(kind: ContentKind) -> None:
    """Declare a translatable kind (called from a package's init_app)."""
    _kinds[kind.kind] = kind


def get_kind(name: str) -> ContentKind | None:
    return _kinds.get(name)


def languages() -> list[str]:
    return list(current_app.config["LANGUAGES"]) if has_app_context() else ["pt", "en", "es"]


def default_language() -> str:
    return current_app.config.get("BABEL_DEFAULT_LOCALE", "pt") if has_app_context() else "pt"


def reader_language() -> str:
    return str(get_locale() or default_language()).split("_")[0]


def original_language(kind: str, object_id: int) -> str:
    row = db.session.get(ContentOriginal, (kind, object_id))
    return row.language if row is not None else default_language()


def set_original_language(kind: str, object_id: int, language: str) -> None:
    """Remember the language a record was written in (the caller commits)."""
    row = db.session.get(ContentOriginal, (kind, object_id))
    if row is None:
        db.session.add(ContentOriginal(kind=kind, object_id=object_id, language=language))
    else:
        row.language = language


def translations_of(kind: str, object_id: int) -> dict[tuple[str, str], str]:
    """{(field, language): text} for one record."""
    rows = db.session.scalars(select(ContentTranslation).where(ContentTranslation.kind == kind,
                                                               ContentTranslation.object_id == object_id))
    return {(r.field, r.language): r.text for r in rows}


@dataclass(frozen=True)
class Shown:
    """What a page shows for one field: the text, its language, and whether it is the original."""

    text: str
    language: str
    original: bool
    wanted: str  # the reader's language


def shown(kind: str, record, field: str, language: str | None = None) -> Shown:
    """The field in the reader's language when someone translated it, else the original."""
    wanted = language or reader_language()
    source = original_language(kind, record.id)
    text = getattr(record, field) or ""
    if wanted != source:
        translated = db.session.scalar(select(ContentTranslation.text).where(
            ContentTranslation.kind == kind, ContentTranslation.object_id == record.id,
            ContentTranslation.field == field, ContentTranslation.language == wanted))
        if translated:
            return Shown(translated, wanted, False, wanted)
    return Shown(text, source, True, wanted)


def save_translations(kind: ContentKind, record, texts: dict[tuple[str, str], str], *, user,
                      original: str | None = None) -> int:
    """Store the translations typed for a record (empty ones are removed); returns how many are stored."""
    allowed = set(languages())
    if original is not None:
        if original not in allowed:
            raise TranslationError(_("Choose one of the service's languages."))
        set_original_language(kind.kind, record.id, original)
    source = original or original_language(kind.kind, record.id)
    for (field, language), text in texts.items():
        if field not in kind.fields or language not in allowed:
            continue
        if len(text or "") > TEXT_MAX:
            raise TranslationError(_("Keep each translation under %(max)d characters.", max=TEXT_MAX))
    existing = {(r.field, r.language): r for r in db.session.scalars(select(ContentTranslation).where(
        ContentTranslation.kind == kind.kind, ContentTranslation.object_id == record.id))}
    stored = 0
    for (field, language), text in texts.items():
        if field not in kind.fields or language not in allowed or language == source:
            continue
        text = (text or "").strip()
        row = existing.get((field, language))
        if not text:
            if row is not None:
                db.session.delete(row)
            continue
        if row is None:
            db.session.add(ContentTranslation(kind=kind.kind, object_id=record.id, field=field, language=language,
                                              text=text, updated_by_id=getattr(user, "id", None)))
        else:
            row.text, row.updated_by_id = text, getattr(user, "id", None)
        stored += 1
    # A translation into the original's own language would never be shown: drop it.
    db.session.execute(delete(ContentTranslation).where(ContentTranslation.kind == kind.kind,
                                                        ContentTranslation.object_id == record.id,
                                                        ContentTranslation.language == source))
    log_event("content.translated", actor=user, target=f"{kind.kind}:{record.id}",
              details={"translations": stored, "original": source})
    db.session.commit()
    return stored
