"""Safety-walk pages: plan, record at the spot (also offline), results, exports, photos, stop to need.

Walk records are the group's: its planners and active partners see them; anyone
else gets 404, as if the walk did not exist. Planners plan walks and add items;
members record stops and turn stops into needs.
"""
from __future__ import annotations

from flask import abort, flash, g, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from assessments.walks import bp, exports, recording, results
from assessments.walks.checks import stop_rules
from assessments.walks.forms import ItemForm, NeedFromStopForm, PlanForm, RecordForm
from assessments.walks.models import Walk, WalkPhoto, WalkStop
from assessments.walks.recording import WalkError
from assessments.walks.routes import route_draw_texts
from assessments.walks.scoring import items_of
from partnership import access
from partnership.auth.roles import Role
from partnership.extensions import db
from partnership.groups.models import SecurityGroup
from partnership.groups.permissions import can_plan_group, can_work_in_group
from sqlalchemy import select

MEMBERS = (Role.PLANNER, Role.PARTNER)


def _members_only(kwargs, *, plan: bool = False) -> None:
    group = db.session.get(SecurityGroup, kwargs["group_id"])
    if group is None or not can_work_in_group(current_user, group):
        abort(404)
    if plan and not can_plan_group(current_user, group):
        abort(403)
    g.group = group


def _planners_only(kwargs) -> None:
    _members_only(kwargs, plan=True)


members = access.custom("the group's planners and active partners (others: 404)", _members_only, allowed=MEMBERS)
planners = access.custom("the group's planners (other members 403, others 404)", _planners_only,
                         allowed=(Role.PLANNER,))


def _walk(walk_id: int) -> Walk:
    return access.in_group_or_404(Walk, walk_id)


def _stop(walk: Walk, stop_id: int) -> WalkStop:
    stop = db.session.get(WalkStop, stop_id)
    if stop is None or stop.walk_id != walk.id:
        abort(404)
    return stop


@bp.route("/groups/<int:group_id>/walks")
@members
def walk_list(group_id: int):
    walks = db.session.scalars(select(Walk).where(Walk.group_id == group_id)
                               .order_by(Walk.walk_on.desc(), Walk.id.desc())).all()
    return render_template("assessments/walks/index.html", group=g.group, walks=walks,
                           can_plan=can_plan_group(current_user, g.group))


@bp.route("/groups/<int:group_id>/walks/plan", methods=["GET", "POST"])
@planners
def walk_plan(group_id: int):
    form = PlanForm()
    form.organisation_ids.choices = [(o.id, o.name) for o in g.group.active_organisations]
    route_error = None
    if form.validate_on_submit():
        try:
            walk = recording.plan_walk(g.group, route_name=form.route_name.data, walk_on=form.walk_on.data,
                                       starts_at=form.starts_at.data, period=form.period.data,
                                       route_text=form.route.data, organisation_ids=form.organisation_ids.data or [],
                                       user=current_user, route_line=form.route_line.data)
        except WalkError as error:
            db.session.rollback()
            form.route.errors = [*form.route.errors, str(error)]
            route_error = str(error)
        else:
            flash(_("The walk is planned. Open “Record stops” on the walk, on a phone, to rate each stop."), "success")
            return redirect(url_for("walks.walk_detail", group_id=group_id, walk_id=walk.id))
    if form.route_line.errors:
        route_error = _("The route drawn on the map is too long to send; draw it with fewer points.")
    return render_template("assessments/walks/plan.html", group=g.group, form=form, route_error=route_error,
                           fragment=_route_map(), draw_texts=route_draw_texts())


@bp.route("/groups/<int:group_id>/walks/<int:walk_id>")
@members
def walk_detail(group_id: int, walk_id: int):
    walk = _walk(walk_id)
    organisations = [o for o in g.group.organisations if o.id in set(walk.organisation_ids or [])]
    return render_template("assessments/walks/walk.html", group=g.group, walk=walk, summary=results.summary(walk),
                           fragment=results.walk_map(walk, g.group), organisations=organisations,
                           item_form=ItemForm(formdata=None), can_plan=can_plan_group(current_user, g.group),
                           need_form=NeedFromStopForm(formdata=None))


@bp.route("/groups/<int:group_id>/walks/<int:walk_id>/items", methods=["POST"])
@planners
def walk_add_item(group_id: int, walk_id: int):
    walk = _walk(walk_id)
    form = ItemForm()
    if form.validate_on_submit():
        recording.add_item(walk, form.label.data)
        flash(_("The item was added to this walk's checklist."), "success")
    else:
        flash(_("Name the item to add to the checklist (up to 120 characters)."), "error")
    return redirect(url_for("walks.walk_detail", group_id=group_id, walk_id=walk_id) + "#checklist")


def _record_form(walk: Walk) -> RecordForm:
    form = RecordForm()
    form.place.choices = ([("", _("Another place (name it below)"))]
                          + [(f"route:{i}", _("Planned stop: %(label)s", label=s["label"])) for i, s in enumerate(walk.route or [])]
                          + [(f"area:{n.id}", _("Neighbourhood: %(name)s", name=n.name)) for n in g.group.neighbourhoods])
    return form


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


@bp.route("/groups/<int:group_id>/walks/<int:walk_id>/record", methods=["GET", "POST"])
@members
def walk_record(group_id: int, walk_id: int):
    """The page walkers keep open on their phone; its script saves each stop on the phone first, then sends it."""
    walk = _walk(walk_id)
    form = _record_form(walk)
    if request.method == "POST":
        if not form.validate_on_submit():
            message = " ".join(e for errors in form.errors.values() for e in errors)
            if _wants_json():
                return jsonify({"ok": False, "error": message}), 400
            flash(message, "error")
        else:
            try:
                stop, created = recording.record_stop(walk, request.form, user=current_user,
                                                      photo=request.files.get("photo"))
            except WalkError as error:
                db.session.rollback()
                if _wants_json():
                    return jsonify({"ok": False, "error": str(error)}), 400
                flash(str(error), "error")
            else:
                if _wants_json():
                    return jsonify({"ok": True, "created": created, "stop_id": stop.id,
                                    "client_key": stop.client_key}), 201 if created else 200
                flash(_("Stop “%(label)s” recorded.", label=stop.label) if created
                      else _("This stop had already arrived; it was not stored twice."), "success")
                return redirect(url_for("walks.walk_record", group_id=group_id, walk_id=walk_id))
    return render_template("assessments/walks/record.html", group=g.group, walk=walk, form=form,
                           items=items_of(walk), picker=_picker(walk), rules=stop_rules(walk, form))


def _route_map():
    """The group's neighbourhoods to draw a route on; None without boundaries (the list of stops remains)."""
    from maps.rendering import boundary_map

    ids = [n.id for n in g.group.neighbourhoods]
    return boundary_map(ids) if ids else None


def _picker(walk: Walk):
    from maps.rendering import point_picker

    ids = [n.id for n in g.group.neighbourhoods]
    return point_picker(ids, lat_input_id="lat", lng_input_id="lng") if ids else None


@bp.route("/groups/<int:group_id>/walks/<int:walk_id>/stops/<int:stop_id>/need", methods=["POST"])
@members
def stop_need(group_id: int, walk_id: int, stop_id: int):
    walk = _walk(walk_id)
    stop = _stop(walk, stop_id)
    form = NeedFromStopForm()
    if not form.validate_on_submit():
        flash(_("Give the need a title (up to 200 characters)."), "error")
        return redirect(url_for("walks.walk_detail", group_id=group_id, walk_id=walk_id))
    try:
        need = recording.stop_to_need(stop, g.group, title=form.title.data)
    except (WalkError, ValueError) as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("walks.walk_detail", group_id=group_id, walk_id=walk_id))
    flash(_("The stop is now a need in the group's draft needs list."), "success")
    return redirect(url_for("assessments.needs_list", group_id=group_id, list_id=need.needs_list_id)
                    + f"#need-{need.id}")


@bp.route("/groups/<int:group_id>/walks/<int:walk_id>/photos/<int:photo_id>")
@members
def walk_photo(group_id: int, walk_id: int, photo_id: int):
    """A photo for the group's members only: private, never cached by shared caches, never published."""
    walk = _walk(walk_id)
    photo = db.session.get(WalkPhoto, photo_id)
    if photo is None or photo.stop.walk_id != walk.id:
        abort(404)
    try:
        response = send_file(recording.photo_path(photo), mimetype="image/jpeg", max_age=0)
    except FileNotFoundError:
        abort(404)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/groups/<int:group_id>/walks/<int:walk_id>/export/<fmt>")
@members
def walk_export(group_id: int, walk_id: int, fmt: str):
    walk = _walk(walk_id)
    if fmt not in exports.FORMATS:
        abort(404)
    data = exports.export_walk(walk, fmt)
    response = current_response(data, exports.FORMATS[fmt][0], exports.file_name(walk, fmt))
    return response


def current_response(data: bytes, mimetype: str, name: str):
    from flask import Response

    return Response(data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'})
