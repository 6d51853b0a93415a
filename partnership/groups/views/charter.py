"""The charter: current version with its sign-offs, new versions, history with changes, print."""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from partnership import access
from partnership.auth.roles import Role
from partnership.groups import bp
from partnership.groups import charter as charters
from partnership.groups.errors import GroupError
from partnership.groups.forms import CharterForm
from partnership.groups.models import CharterVersion
from partnership.groups.permissions import can_plan_group, can_work_in_group, represented_organisations
from partnership.groups.progress import charter_is_binding, charter_sign_off_checklist
from partnership.groups.views import organisation_or_404, show_error


def _version_or_404(number: int) -> CharterVersion:
    for version in g.group.charter_versions:
        if version.number == number:
            return version
    abort(404)


def _version_context(version: CharterVersion) -> dict:
    group = g.group
    signed = {s.organisation_id for s in version.sign_offs}
    is_current = version.id == group.current_charter.id
    previous = charters.previous_of(version)
    return {
        "group": group, "version": version, "is_current": is_current, "previous": previous,
        "changes": charters.changes(previous, version),
        "rule_label": charters.SIGN_OFF_RULE_LABELS[version.sign_off_rule],
        "previous_rule_label": charters.SIGN_OFF_RULE_LABELS[previous.sign_off_rule] if previous else None,
        "checklist": charter_sign_off_checklist(version), "binding": charter_is_binding(version),
        "rows": charters.sign_off_table(version),
        "can_sign": [o for o in represented_organisations(current_user, group) if o.id not in signed] if is_current else [],
        "can_plan": can_plan_group(current_user, group), "sign_form": FlaskForm(),
    }


@bp.route("/<int:group_id>/charter")
@access.group(Role.PLANNER, Role.REVIEWER, Role.PARTNER)
def charter(group_id: int):
    group = g.group
    if group.current_charter is None:
        return render_template("groups/charter_none.html", group=group, can_plan=can_plan_group(current_user, group))
    return render_template("groups/charter.html", history=list(reversed(group.charter_versions)),
                           **_version_context(group.current_charter))


@bp.route("/<int:group_id>/charter/new", methods=["GET", "POST"])
@access.group(Role.PLANNER, check=can_plan_group, description="the group's planning team")
def charter_new(group_id: int):
    group = g.group
    # A new version starts as a copy of the current text, so the team edits rather than retypes.
    form = CharterForm(data=charters.draft_values(group)) if request.method == "GET" else CharterForm()
    if form.validate_on_submit():
        try:
            version = charters.new_version(
                group, sections={name: form[name].data for name in charters.SECTIONS},
                sign_off_rule=form.sign_off_rule.data, created_by=current_user)
        except GroupError as error:
            show_error(form, error)
        else:
            flash(_("Charter version %(number)d is saved. Each member organisation now needs to sign it.",
                    number=version.number), "success")
            return redirect(url_for("groups.charter", group_id=group.id))
    return render_template("groups/charter_form.html", group=group, form=form, current=group.current_charter,
                           sections=charters.SECTIONS), (400 if form.errors else 200)


@bp.route("/<int:group_id>/charter/<int:number>")
@access.group(Role.PLANNER, Role.REVIEWER, Role.PARTNER)
def charter_version(group_id: int, number: int):
    return render_template("groups/charter_version.html", **_version_context(_version_or_404(number)))


@bp.route("/<int:group_id>/charter/<int:number>/print")
@access.group(Role.PLANNER, Role.REVIEWER, Role.PARTNER)
def charter_print(group_id: int, number: int):
    return render_template("groups/charter_print.html", **_version_context(_version_or_404(number)))


@bp.route("/<int:group_id>/charter/<int:number>/sign", methods=["POST"])
@access.group(Role.PLANNER, Role.PARTNER, check=can_work_in_group)
def charter_sign(group_id: int, number: int):
    version = _version_or_404(number)
    form = FlaskForm()
    organisation_id = request.form.get("organisation_id", type=int)  # bounded to database integers
    if organisation_id is None:
        abort(400)
    org = organisation_or_404(organisation_id)
    if form.validate_on_submit():
        try:
            charters.sign(version, org, current_user)
        except GroupError as error:
            flash(error.message, "error")
        else:
            flash(_("%(name)s has signed charter version %(number)d.", name=org.name, number=version.number), "success")
    return redirect(url_for("groups.charter", group_id=g.group.id))
