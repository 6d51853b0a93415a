"""The installation's training catalogue, and the training-needs roll-up across teams."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from partnership import access
from partnership.auth.roles import Role
from partnership.extensions import db
from partnership.groups.models import SecurityGroup
from partnership.neighbourhoods.models import Municipality
from partnership.teams import bp, profile_source
from partnership.teams import training as cases
from partnership.teams.errors import TeamError
from partnership.teams.forms import MODE_LABELS, CourseForm
from partnership.teams.models import Course
from partnership.teams.views import show_error


@bp.route("/training/courses")
@access.roles(Role.PLANNER, Role.ADMIN)
def courses():
    names = dict(profile_source.competence_choices())
    return render_template("teams/courses.html", courses=db.session.scalars(select(Course).order_by(Course.title)).all(),
                           names=names, modes=MODE_LABELS, level_name=profile_source.level_name)


def _levels_from_request() -> dict[str, int]:
    return {code: request.form.get(f"level-{code}", type=int) or 0 for code, _name in profile_source.competence_choices()}


def _course_form(course: Course | None):
    form = CourseForm(obj=course)
    levels = _levels_from_request() if request.method == "POST" else dict(course.competences if course else {})
    if form.validate_on_submit():
        try:
            saved = cases.save_course(course, title=form.title.data, provider=form.provider.data, days=form.days.data,
                                      mode=form.mode.data, language=form.language.data,
                                      description=form.description.data, competences=levels,
                                      active=form.active.data, by=current_user)
        except TeamError as error:
            show_error(form, error)
        else:
            flash(_("“%(title)s” is saved in the catalogue.", title=saved.title), "success")
            return redirect(url_for("teams.courses"))
    return render_template("teams/course_form.html", form=form, course=course, levels=levels,
                           competences=profile_source.competence_choices(), level_name=profile_source.level_name), \
        (400 if form.errors else 200)


@bp.route("/training/courses/new", methods=["GET", "POST"])
@access.roles(Role.PLANNER, Role.ADMIN)
def course_new():
    return _course_form(None)


@bp.route("/training/courses/<int:course_id>", methods=["GET", "POST"])
@access.roles(Role.PLANNER, Role.ADMIN)
def course_edit(course_id: int):
    course = db.session.get(Course, course_id)
    if course is None:
        abort(404)
    return _course_form(course)


def _needs_page(groups, title: str):
    # Reviewers follow their own municipality only: no link to what they may not open.
    everywhere = current_user.role != Role.REVIEWER
    municipalities = select(Municipality).order_by(Municipality.name)
    if not everywhere:
        municipalities = municipalities.where(Municipality.id == current_user.municipality_id)
    return render_template("teams/needs.html", rollup=cases.rollup(groups), title=title, everywhere=everywhere,
                           names=dict(profile_source.competence_choices()),
                           municipalities=db.session.scalars(municipalities).all())


@bp.route("/training/needs")
@access.roles(Role.PLANNER, Role.ADMIN)
def needs():
    """Every team of the installation: aggregated gaps only, no names."""
    return _needs_page(db.session.scalars(select(SecurityGroup).order_by(SecurityGroup.name)).all(),
                       _("Training needs of every team"))


def _municipality_staff(kwargs) -> None:
    municipality = db.session.get(Municipality, kwargs["municipality_id"])
    if municipality is None:
        abort(404)
    if current_user.role == Role.REVIEWER and current_user.municipality_id != municipality.id:
        abort(404)


@bp.route("/training/needs/<int:municipality_id>")
@access.custom("planners, admins, and the municipality's own reviewers", _municipality_staff,
               allowed=(Role.PLANNER, Role.ADMIN, Role.REVIEWER))
def municipality_needs(municipality_id: int):
    municipality = db.session.get(Municipality, municipality_id)
    groups = db.session.scalars(select(SecurityGroup).where(SecurityGroup.municipality_id == municipality.id)
                                .order_by(SecurityGroup.name)).all()
    return _needs_page(groups, _("Training needs of the teams in %(name)s", name=municipality.name))
