"""Wiring of the content package: its blueprint, template helpers and the groups' translatable kinds."""
from __future__ import annotations

from flask import Flask, url_for
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    from partnership.content import bp, views  # noqa: F401  (routes register on import)
    from partnership.content import models  # noqa: F401  (db.metadata must know the tables)
    from partnership.content.translations import ContentKind, register_kind, shown
    from partnership.groups.models import Decision, Meeting
    from partnership.i18n import LANGUAGE_NAMES

    app.register_blueprint(bp)
    app.jinja_env.globals.update(content_shown=shown, LANGUAGE_NAMES_ALL=LANGUAGE_NAMES)
    register_kind(ContentKind(
        "decision", Decision, {"title": _l("What was decided"), "text": _l("Details")},
        group_id_of=lambda d: d.group_id, title_of=lambda d: d.title,
        back_url=lambda d: url_for("groups.decisions", group_id=d.group_id) + f"#decision-{d.id}"))
    register_kind(ContentKind(
        "meeting", Meeting, {"title": _l("Title"), "agenda": _l("Agenda"), "minutes": _l("Minutes")},
        group_id_of=lambda m: m.group_id, title_of=lambda m: m.title,
        back_url=lambda m: url_for("groups.meeting", group_id=m.group_id, meeting_id=m.id)))
