"""Pages of the maps package: municipalities, versions, review, diff, export, neighbourhoods."""
from __future__ import annotations

from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from maps import bp, exporting, rendering, review, versions
from maps.forms import CommentForm, DecisionForm, ReviewRuleForm
from maps.models import BoundaryArea, BoundaryVersion
from maps.permissions import READ_ROLES, can_manage_boundaries
from maps.report import Issue
from partnership import access
from partnership.auth.roles import Role
from partnership.confirm import confirmation_page
from partnership.extensions import db
from partnership.neighbourhoods.models import Municipality, Neighbourhood


def _version_or_404(version_id: int) -> BoundaryVersion:
    version = db.session.get(BoundaryVersion, version_id)
    if version is None:
        abort(404)
    return version


def _manage_version(kwargs) -> None:
    version = _version_or_404(kwargs["version_id"])
    if not can_manage_boundaries(current_user, version.municipality_id):
        abort(403)
    g.version = version


@bp.route("/")
@access.roles(*READ_ROLES)
def index():
    municipalities = db.session.scalars(select(Municipality).order_by(Municipality.name)).all()
    rows = [(m, versions.active_version(m.id), can_manage_boundaries(current_user, m.id)) for m in municipalities]
    return render_template("maps/index.html", rows=rows)


@bp.route("/municipalities/<int:municipality_id>")
@access.roles(*READ_ROLES)
def municipality(municipality_id: int):
    place = db.session.get(Municipality, municipality_id) or abort(404)
    active = versions.active_version(place.id)
    return render_template(
        "maps/municipality.html", municipality=place, active=active, history=versions.history(place.id),
        fragment=rendering.boundary_map(municipality_id=place.id) if active else None,
        can_manage=can_manage_boundaries(current_user, place.id),
        rule_form=ReviewRuleForm(second_reviewer=review.second_reviewer_required(place.id)),
    )


def _manage_municipality(kwargs) -> None:
    place = db.session.get(Municipality, kwargs["municipality_id"])
    if place is None:
        abort(404)
    if not can_manage_boundaries(current_user, place.id):
        abort(403)
    g.municipality = place


@bp.route("/municipalities/<int:municipality_id>/review-rule", methods=["POST"])
@access.custom("reviewers of the municipality", _manage_municipality, allowed=(Role.REVIEWER,))
def review_rule(municipality_id: int):
    form = ReviewRuleForm()
    if form.validate_on_submit():
        review.set_second_reviewer(g.municipality.id, bool(form.second_reviewer.data), current_user)
        flash(_("From now on a second reviewer approves %(place)s's boundaries: whoever imported a draft cannot "
                "approve it.", place=g.municipality.name) if form.second_reviewer.data else
              _("Any reviewer of %(place)s may now approve a draft, including whoever imported it.",
                place=g.municipality.name), "success")
    return redirect(url_for("maps.municipality", municipality_id=g.municipality.id) + "#review-rule")


@bp.route("/versions/<int:version_id>")
@access.roles(*READ_ROLES)
def version(version_id: int):
    item = _version_or_404(version_id)
    previous = versions.previous_version(item)
    return render_template(
        "maps/version.html", version=item, previous=previous,
        issues=[Issue.from_dict(r) for r in item.report],
        fragment=rendering.boundary_map(version_id=item.id),
        can_manage=can_manage_boundaries(current_user, item.municipality_id),
        may_approve=review.may_approve(current_user, item),
        second_reviewer=review.second_reviewer_required(item.municipality_id),
        comment_form=CommentForm(), decision_form=DecisionForm(),
        others=[v for v in versions.history(item.municipality_id) if v.id != item.id],
    )


def _act(action, success: str):
    try:
        action()
    except versions.BoundaryActionError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        flash(success, "success")
    return redirect(url_for("maps.version", version_id=g.version.id))


@bp.route("/versions/<int:version_id>/comments", methods=["POST"])
@access.custom("reviewers of the municipality", _manage_version, allowed=(Role.REVIEWER,))
def comment(version_id: int):
    form = CommentForm()
    body = form.body.data if form.validate_on_submit() else ""
    return _act(lambda: versions.add_comment(g.version, current_user, body), _("Comment added."))


@bp.route("/versions/<int:version_id>/request-changes", methods=["POST"])
@access.custom("reviewers of the municipality", _manage_version, allowed=(Role.REVIEWER,))
def request_changes(version_id: int):
    form = DecisionForm()
    body = form.body.data if form.validate_on_submit() else ""
    return _act(lambda: versions.request_changes(g.version, current_user, body),
                _("Changes requested. Import a corrected file as a new version."))


@bp.route("/versions/<int:version_id>/approve", methods=["GET", "POST"])
@access.custom("reviewers of the municipality", _manage_version, allowed=(Role.REVIEWER,))
def approve(version_id: int):
    form = DecisionForm()
    if request.method == "GET":
        if not review.may_approve(current_user, g.version):
            flash(_("You imported this draft, and %(place)s asks for a second reviewer: another reviewer of the "
                    "municipality approves it.", place=g.version.municipality.name), "error")
            return redirect(url_for("maps.version", version_id=g.version.id))
        return _approval_confirmation(g.version, form)
    body = form.body.data if form.validate_on_submit() else ""
    return _act(lambda: versions.approve(g.version, current_user, body),
                _("Version approved: it is now the active boundary set."))


def _approval_confirmation(item: BoundaryVersion, form: DecisionForm):
    active = versions.active_version(item.municipality_id)
    consequences = [
        _("Version %(number)d (%(count)d areas) becomes the active boundary set of %(place)s: new groups, surveys "
          "and maps use it from now on.", number=item.number, count=len(item.areas), place=item.municipality.name),
        _("Version %(number)d is kept in the history; groups and surveys made with it keep it until their planners "
          "update them.", number=active.number) if active else "",
        _("An approval cannot be withdrawn: to correct it, import a new file and approve that version."),
    ]
    return confirmation_page(
        question=_("Approve version %(number)d and make it active?", number=item.number),
        consequences=consequences, confirm_label=_("Yes, approve and make active"),
        cancel_url=url_for("maps.version", version_id=item.id), form=form, fields=("body",), danger=False)


@bp.route("/versions/<int:version_id>/compare")
@access.roles(*READ_ROLES)
def compare(version_id: int):
    new = _version_or_404(version_id)
    other_id = request.args.get("with", type=int)
    old = db.session.get(BoundaryVersion, other_id) if other_id else versions.previous_version(new)
    if old is None or old.municipality_id != new.municipality_id or old.id == new.id:
        flash(_("Choose another version of the same municipality to compare with."), "error")
        return redirect(url_for("maps.version", version_id=new.id))
    result = versions.diff(old, new)
    changes = {c.code: c.change for c in result.changes}
    return render_template("maps/compare.html", diff=result,
                           fragment=rendering.diff_map(old.id, new.id, changes),
                           others=[v for v in versions.history(new.municipality_id) if v.id != new.id])


@bp.route("/versions/<int:version_id>/export.<fmt>")
@access.roles(*READ_ROLES)
def export(version_id: int, fmt: str):
    item = _version_or_404(version_id)
    if fmt not in exporting.FORMATS:
        abort(404)
    mimetype, _ext = exporting.FORMATS[fmt]
    return Response(exporting.export_version(item, fmt), mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{exporting.file_name(item, fmt)}"'})


@bp.route("/neighbourhoods/<int:neighbourhood_id>")
@access.roles(*READ_ROLES)
def neighbourhood(neighbourhood_id: int):
    place = db.session.get(Neighbourhood, neighbourhood_id) or abort(404)
    shapes = db.session.scalars(
        select(BoundaryArea).join(BoundaryVersion).where(BoundaryArea.neighbourhood_id == place.id)
        .order_by(BoundaryVersion.number.desc())
    ).all()
    current = next((a for a in shapes if a.version.status == "active"), None)
    fragment = rendering.boundary_map(municipality_id=place.municipality_id, highlight_ids=[place.id]) if current else None
    return render_template("maps/neighbourhood.html", neighbourhood=place, shapes=shapes, current=current, fragment=fragment)
