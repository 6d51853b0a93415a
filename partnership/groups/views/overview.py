"""Group listing, forming a group, and the group page with its four steps and what comes next."""
from __future__ import annotations

from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select

from partnership import access
from partnership.auth.roles import Role
from partnership.extensions import db
from partnership.groups import bp, formation
from partnership.groups.commitments import commitments
from partnership.groups.errors import GroupError
from partnership.groups.forms import SecurityGroupForm
from partnership.groups.membership import pending_invitations
from partnership.groups.models import MembershipStatus
from partnership.groups.permissions import (
    can_plan_group,
    can_view_group,
    can_view_invitation,
    can_work_in_group,
    represented_organisations,
    visible_groups_query,
)
from partnership.groups.progress import group_steps
from partnership.groups.views import show_error
from partnership.neighbourhoods.models import Municipality, Neighbourhood


@bp.route("/")
@access.roles(Role.PLANNER, Role.REVIEWER, Role.PARTNER)
def group_list():
    groups = db.session.scalars(visible_groups_query(current_user)).all()
    return render_template("groups/list.html", groups=[(grp, group_steps(grp)) for grp in groups],
                           invitations=pending_invitations(current_user))


def _fill_territory_choices(form: SecurityGroupForm) -> None:
    form.municipality_id.choices = [
        (m.id, m.name) for m in db.session.scalars(select(Municipality).order_by(Municipality.name))
    ]
    form.neighbourhood_ids.choices = [
        (n.id, f"{n.name} ({n.municipality.name})")
        for n in db.session.scalars(select(Neighbourhood).order_by(Neighbourhood.name))
    ]


@bp.route("/new", methods=["GET", "POST"])
@access.roles(Role.PLANNER)
def create():
    form = SecurityGroupForm()
    _fill_territory_choices(form)
    if form.validate_on_submit():
        try:
            group = formation.create_group(
                name=form.name.data, municipality_id=form.municipality_id.data,
                neighbourhood_ids=form.neighbourhood_ids.data, description=form.description.data,
                created_by=current_user,
            )
        except GroupError as error:
            show_error(form, error)
        else:
            flash(_("The security group %(name)s is formed. Next, invite its member organisations.", name=group.name), "success")
            return redirect(url_for("groups.detail", group_id=group.id))
    return render_template("groups/form.html", form=form), (400 if form.errors else 200)


@bp.route("/<int:group_id>")
@access.group(Role.PLANNER, Role.REVIEWER, Role.PARTNER, check=can_view_invitation)
def detail(group_id: int):
    group = g.group
    if not can_view_group(current_user, group):
        # Invited, not yet a member: the invitation is all this person may see.
        return redirect(url_for("groups.invitation", group_id=group.id))
    state = commitments(group)
    charter = group.current_charter
    signed = {s.organisation_id for s in charter.sign_offs} if charter else set()
    return render_template(
        "groups/detail.html", group=group, steps=group_steps(group), commitments=state,
        next_meeting=state.rhythm.next_planned,
        mine=represented_organisations(current_user, group),
        my_invitations=[o for o in represented_organisations(current_user, group, include_invited=True)
                        if o.status == MembershipStatus.INVITED],
        to_sign=[o for o in represented_organisations(current_user, group) if charter and o.id not in signed],
        can_plan=can_plan_group(current_user, group), can_work=can_work_in_group(current_user, group),
        territory=_territory_map(group), boundaries=_boundaries(group),
    )


def _territory_map(group):
    """The group's neighbourhoods on the boundary version the group uses (not whatever is active now)."""
    from maps.group_boundaries import group_version_id
    from maps.rendering import territory_map

    return territory_map([n.id for n in group.neighbourhoods], municipality_id=group.municipality_id,
                         version_id=group_version_id(group))


def _boundaries(group):
    """The group's boundary version next to the active one (`maps.group_boundaries.GroupBoundaries`)."""
    from maps.group_boundaries import group_boundaries

    return group_boundaries(group)


@bp.route("/<int:group_id>/boundaries", methods=["POST"])
@access.group(Role.PLANNER, check=can_plan_group, description="the group's planning team")
def update_boundaries(group_id: int):
    """Move the group's territory map to the municipality's active boundary version."""
    from maps.group_boundaries import GroupBoundaryError, switch_to_active

    if not FlaskForm().validate_on_submit():
        flash(_("The form expired. Please try again."), "error")
        return redirect(url_for("groups.detail", group_id=g.group.id))
    try:
        version = switch_to_active(g.group, current_user)
    except GroupBoundaryError as error:
        flash(str(error), "error")
    else:
        flash(_("The group now uses boundary version %(number)d.", number=version.number), "success")
    return redirect(url_for("groups.detail", group_id=g.group.id))


@bp.route("/<int:group_id>/invitation")
@access.group(Role.PLANNER, Role.PARTNER, check=can_view_invitation)
def invitation(group_id: int):
    group = g.group
    invited = [o for o in represented_organisations(current_user, group, include_invited=True)
               if o.status == MembershipStatus.INVITED]
    if not invited:
        flash(_("There is no open invitation for you in this group."), "info")
        return redirect(url_for("groups.detail", group_id=group.id))
    return render_template("groups/invitation.html", group=group, invited=invited)

