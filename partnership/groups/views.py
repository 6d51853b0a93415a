"""Pages of Step 1."""
from __future__ import annotations

from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from partnership import access
from partnership.auth.roles import Role
from partnership.extensions import db
from partnership.groups import bp, formation
from partnership.groups.forms import SecurityGroupForm
from partnership.groups.permissions import visible_groups_query
from partnership.groups.progress import group_steps
from partnership.neighbourhoods.models import Municipality, Neighbourhood


@bp.route("/")
@access.roles(Role.PLANNER, Role.REVIEWER, Role.PARTNER)
def group_list():
    groups = db.session.scalars(visible_groups_query(current_user)).all()
    return render_template("groups/list.html", groups=[(grp, group_steps(grp)) for grp in groups])


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
        except formation.GroupError as error:
            db.session.rollback()
            form.neighbourhood_ids.errors.append(_(str(error)))
        else:
            flash(_("The security group %(name)s is formed. Next, invite its member organisations.", name=group.name), "success")
            return redirect(url_for("groups.detail", group_id=group.id))
    return render_template("groups/form.html", form=form), (400 if form.errors else 200)


@bp.route("/<int:group_id>")
@access.group(Role.PLANNER, Role.REVIEWER, Role.PARTNER)
def detail(group_id: int):
    return render_template("groups/detail.html", group=g.group, steps=group_steps(g.group))
