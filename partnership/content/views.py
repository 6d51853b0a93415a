"""The translation page of one record: the original beside a box per language."""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from partnership import access
from partnership.auth.roles import Role
from partnership.content import bp
from partnership.content.translations import (TranslationError, get_kind, languages, original_language,
                                              save_translations, translations_of)
from partnership.extensions import db
from partnership.groups.permissions import can_work_in_group


@bp.route("/<int:group_id>/translate/<kind>/<int:object_id>", methods=["GET", "POST"])
@access.group(Role.PLANNER, Role.PARTNER, check=can_work_in_group, description="the group's planners and partners")
def translate(group_id: int, kind: str, object_id: int):
    spec = get_kind(kind)
    record = db.session.get(spec.model, object_id) if spec is not None else None
    if record is None or spec.group_id_of(record) != g.group.id:
        abort(404)
    typed, error = None, None
    if request.method == "POST":
        typed = {(field, language): request.form.get(f"{field}-{language}", "")
                 for field in spec.fields for language in languages()}
        try:
            stored = save_translations(spec, record, typed, user=current_user, original=request.form.get("original"))
        except TranslationError as refused:
            db.session.rollback()
            error = str(refused)
        else:
            flash(_("Translations saved (%(num)d).", num=stored), "success")
            return redirect(spec.back_url(record))
    source = request.form.get("original") if typed is not None else original_language(kind, record.id)
    return render_template("content/translate.html", group=g.group, spec=spec, record=record, source=source,
                           languages=languages(), saved=translations_of(kind, record.id), typed=typed or {},
                           error=error), (400 if error else 200)
