"""Import pages: upload (with progress), preview with the validation report, save as a draft."""
from __future__ import annotations

import json

from flask import abort, current_app, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user

from maps import bp, preview_cache, staging
from maps.cleaning import DEFAULT_GAP_WIDTH_M, MAX_AREA_CHANGE
from maps.forms import ImportOptionsForm, RepairForm, UploadForm
from maps.importing import DEFAULT_TOLERANCE_M2, FORMAT_LABELS, ImportOptions
from maps.permissions import can_manage_boundaries
from maps.rendering import preview_map
from maps.review import check_against_municipality, missing_areas
from maps.versions import BoundaryActionError, active_version, create_draft
from partnership import access
from partnership.auth.roles import Role
from partnership.confirm import confirmation_page, confirmed
from partnership.extensions import db
from partnership.neighbourhoods.models import Municipality


def _manage_municipality(kwargs) -> None:
    municipality = db.session.get(Municipality, kwargs["municipality_id"])
    if municipality is None:
        abort(404)
    if not can_manage_boundaries(current_user, municipality.id):
        abort(403)
    g.municipality = municipality


def _own_upload(kwargs) -> None:
    upload = staging.load(kwargs["token"])
    if upload is None:
        abort(404)
    if upload.meta["user_id"] != current_user.id or not can_manage_boundaries(current_user, upload.meta["municipality_id"]):
        abort(404)  # someone else's upload answers like a missing one
    g.upload = upload
    g.municipality = db.session.get(Municipality, upload.meta["municipality_id"])


def _wants_json() -> bool:
    return request.headers.get("X-Requested-With") == "XMLHttpRequest"


@bp.route("/municipalities/<int:municipality_id>/import", methods=["GET", "POST"])
@access.custom("reviewers of the municipality", _manage_municipality, allowed=(Role.REVIEWER,))
def upload(municipality_id: int):
    form = UploadForm()
    if form.validate_on_submit():
        file = form.file.data
        try:
            staged = staging.stage(file.stream, file.filename or "upload", user_id=current_user.id,
                                   municipality_id=municipality_id, attribution=form.attribution.data or "",
                                   note=form.note.data or "")
        except staging.UploadStorageError as error:
            # A server-side fault, not the reviewer's file: 503 so clients know to retry later.
            if _wants_json():
                return jsonify(errors=[str(error)]), 503
            form.file.errors = [*form.file.errors, str(error)]
            limit_mb = current_app.config.get("MAX_CONTENT_LENGTH", 0) // (1024 * 1024)
            return render_template("maps/upload.html", form=form, municipality=g.municipality, limit_mb=limit_mb), 503
        target = url_for("maps.preview", token=staged.token)
        return jsonify(redirect=target) if _wants_json() else redirect(target)
    if form.errors and _wants_json():
        return jsonify(errors=[str(e) for errors in form.errors.values() for e in errors]), 400
    limit_mb = current_app.config.get("MAX_CONTENT_LENGTH", 0) // (1024 * 1024)
    return render_template("maps/upload.html", form=form, municipality=g.municipality, limit_mb=limit_mb), (400 if form.errors else 200)


@bp.errorhandler(staging.UploadStorageError)
def upload_folder_unwritable(error: staging.UploadStorageError):
    """Saving the reviewer's answers on a staged upload failed; the earlier answers are intact."""
    return render_template("errors/error.html", code=503, title=_("Please try again later"), text=str(error)), 503


def _options(meta: dict) -> ImportOptions:
    saved = meta.get("options") or {}
    return ImportOptions(
        layer=saved.get("layer") or None, name_field=saved.get("name_field") or None,
        code_field=saved.get("code_field") or None, crs=saved.get("crs") or None,
        tolerance_m2=float(saved.get("tolerance_m2") or DEFAULT_TOLERANCE_M2),
        repair_gap_m=float(saved["repair_gap_m"]) if saved.get("repair_gap_m") is not None else None,
    )


def _fill_choices(form: ImportOptionsForm, result, options: ImportOptions) -> None:
    form.layer.choices = [(layer, layer) for layer in result.layers]
    form.name_field.choices = [(f, f) for f in result.fields]
    form.code_field.choices = [("", _("None: make codes from the names"))] + [(f, f) for f in result.fields]
    form.crs.choices = [("", _("As declared in the file"))] + [
        (s["code"], f"{s['code']} · {s['label']}" + (" · " + _("likely") if s["likely"] else ""))
        for s in result.crs_suggestions
    ]
    if request.method == "GET":
        form.layer.data = result.layer or ""
        form.name_field.data = result.name_field or ""
        form.code_field.data = result.code_field or ""
        known = {s["code"] for s in result.crs_suggestions}
        form.crs.data = options.crs if options.crs in known else ""
        form.crs_other.data = options.crs if options.crs and options.crs not in known else ""
        form.tolerance_m2.data = options.tolerance_m2
        form.removals_confirmed.data = bool((g.upload.meta.get("options") or {}).get("removals_confirmed"))


def _preview_map(upload, result, key: str):
    """The preview map, rendered once per result, language and tile server (its text and tiles differ)."""
    variant = json.dumps([str(get_locale()), current_app.config.get("MAP_TILE_URL"),
                          current_app.config.get("MAP_TILE_ATTRIBUTION")])
    return preview_cache.cached_map(upload, key, variant, lambda: preview_map(result))


@bp.route("/imports/<token>", methods=["GET", "POST"])
@access.custom("the reviewer who uploaded the file", _own_upload, allowed=(Role.REVIEWER,))
def preview(token: str):
    upload = g.upload
    if request.method == "POST" and request.form.get("action") == "cancel":
        if not confirmed():
            return confirmation_page(
                question=_("Discard the upload of %(file)s?", file=upload.meta.get("filename") or _("this file")),
                consequences=[_("Nothing of it is saved; to check it again, upload the file again.")],
                confirm_label=_("Yes, discard the upload"), cancel_url=url_for("maps.preview", token=token),
                hidden={"action": "cancel"})
        staging.discard(upload)
        flash(_("The upload was discarded; nothing was saved."), "info")
        return redirect(url_for("maps.municipality", municipality_id=g.municipality.id))
    form = ImportOptionsForm()
    repair_form = RepairForm()
    action = request.form.get("action") if request.method == "POST" else None
    if action == "repair" and repair_form.validate():
        # Opt-in and reversible: only the answer is kept; the repair is redone when the answer changes.
        upload.meta.setdefault("options", {})["repair_gap_m"] = repair_form.repair_gap_m.data
        upload.save_meta()
        return redirect(url_for("maps.preview", token=token, _anchor="coverage-repair"))
    if action == "unrepair":
        upload.meta.setdefault("options", {})["repair_gap_m"] = None
        upload.save_meta()
        flash(_("The repair was undone: the areas are as in the file."), "info")
        return redirect(url_for("maps.preview", token=token))
    if action == "check" and form.validate():
        upload.meta["options"] = {
            "layer": form.layer.data or None, "name_field": form.name_field.data or None,
            "code_field": form.code_field.data or None,
            "crs": (form.crs_other.data or "").strip() or form.crs.data or None,
            "tolerance_m2": form.tolerance_m2.data if form.tolerance_m2.data is not None else DEFAULT_TOLERANCE_M2,
            "repair_gap_m": (upload.meta.get("options") or {}).get("repair_gap_m"),
            "removals_confirmed": bool(form.removals_confirmed.data),
        }
        upload.save_meta()
        return redirect(url_for("maps.preview", token=token))
    options = _options(upload.meta)
    # Read, checked and repaired once per set of answers; repeat views and the save use that same result.
    result, key = preview_cache.preview_result(upload, options)
    # Against what the municipality has: missing areas and large overlaps must be resolved before saving.
    check_against_municipality(result, g.municipality.id,
                               removals_confirmed=bool((upload.meta.get("options") or {}).get("removals_confirmed")))
    if action == "save":
        try:
            version = create_draft(result, g.municipality, current_user, attribution=upload.meta.get("attribution", ""),
                                   note=upload.meta.get("note", ""))
        except BoundaryActionError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            staging.discard(upload)
            flash(_("Saved as draft version %(number)d. A reviewer can now approve it or ask for changes.",
                    number=version.number), "success")
            return redirect(url_for("maps.version", version_id=version.id))
    _fill_choices(form, result, options)
    if action != "repair":  # a refused width stays in the box, with its message, to be corrected
        repair_form.repair_gap_m.data = options.repair_gap_m or DEFAULT_GAP_WIDTH_M
    status = 400 if repair_form.errors else 200
    return render_template(
        "maps/preview.html", upload=upload, result=result, form=form, municipality=g.municipality,
        repair_form=repair_form, repair_requested=options.repair_gap_m is not None,
        max_change_percent=f"{100 * MAX_AREA_CHANGE:g}",
        fragment=_preview_map(upload, result, key) if result.areas is not None else None,
        format_label=FORMAT_LABELS.get(result.file_format or "", "?"),
        active=active_version(g.municipality.id), asks_removals=missing_areas(result),
    ), status
