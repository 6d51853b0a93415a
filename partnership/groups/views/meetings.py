"""Meetings: the calendar, scheduling, and the meeting page with attendance, minutes and decisions."""
from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm

from partnership import access
from partnership.auth.roles import Role
from partnership.dbtypes import utcnow
from partnership.extensions import db
from partnership.groups import bp
from partnership.groups import decisions as decision_cases
from partnership.groups import meetings as meeting_cases
from partnership.groups.errors import GroupError
from partnership.groups.forms import MeetingForm, MinutesForm
from partnership.groups.permissions import can_work_in_group
from partnership.groups.views import local_to_utc, meeting_or_404, show_error, utc_to_local


@bp.route("/<int:group_id>/meetings")
@access.group(Role.PLANNER, Role.REVIEWER, Role.PARTNER)
def meetings(group_id: int):
    upcoming, past = meeting_cases.upcoming_and_past(g.group)
    return render_template("groups/meetings.html", group=g.group, upcoming=upcoming, past=past,
                           can_work=can_work_in_group(current_user, g.group))


def _meeting_values(form: MeetingForm) -> dict:
    return {"title": form.title.data, "starts_at": local_to_utc(form.starts_at.data), "place": form.place.data,
            "online_link": form.online_link.data, "agenda": form.agenda.data}


@bp.route("/<int:group_id>/meetings/new", methods=["GET", "POST"])
@access.group(Role.PLANNER, Role.PARTNER, check=can_work_in_group)
def meeting_new(group_id: int):
    form = MeetingForm()
    if form.validate_on_submit():
        try:
            meeting = meeting_cases.schedule(g.group, scheduled_by=current_user, **_meeting_values(form))
        except GroupError as error:
            show_error(form, error)
        else:
            flash(_("The meeting “%(title)s” is scheduled.", title=meeting.title), "success")
            return redirect(url_for("groups.meeting", group_id=g.group.id, meeting_id=meeting.id))
    return render_template("groups/meeting_form.html", group=g.group, form=form, meeting=None), (400 if form.errors else 200)


@bp.route("/<int:group_id>/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@access.group(Role.PLANNER, Role.PARTNER, check=can_work_in_group)
def meeting_edit(group_id: int, meeting_id: int):
    meeting = meeting_or_404(meeting_id)
    form = MeetingForm(obj=meeting) if request.method == "GET" else MeetingForm()
    if request.method == "GET":
        form.starts_at.data = utc_to_local(meeting.starts_at)
    if form.validate_on_submit():
        try:
            meeting_cases.update(meeting, updated_by=current_user, **_meeting_values(form))
        except GroupError as error:
            show_error(form, error)
        else:
            flash(_("The meeting is updated."), "success")
            return redirect(url_for("groups.meeting", group_id=g.group.id, meeting_id=meeting.id))
    return render_template("groups/meeting_form.html", group=g.group, form=form, meeting=meeting), (400 if form.errors else 200)


def _meeting_page(meeting, *, minutes_form=None, attendance_error=None, ticked=None, status=200):
    attendance = meeting_cases.attendance_by_organisation(meeting)
    return render_template(
        "groups/meeting.html", group=g.group, meeting=meeting, held=meeting.starts_at <= utcnow(),
        attendance=attendance, ticked=ticked if ticked is not None else {k for k, v in attendance.items() if v},
        former=[a for a in meeting.attendance if a.organisation.status != "active"],
        minutes_form=minutes_form or MinutesForm(minutes=meeting.minutes), attendance_form=FlaskForm(),
        attendance_error=attendance_error, decisions=meeting.decisions, outcome=decision_cases.outcome,
        can_work=can_work_in_group(current_user, g.group),
    ), status


@bp.route("/<int:group_id>/meetings/<int:meeting_id>")
@access.group(Role.PLANNER, Role.REVIEWER, Role.PARTNER)
def meeting(group_id: int, meeting_id: int):
    return _meeting_page(meeting_or_404(meeting_id))


@bp.route("/<int:group_id>/meetings/<int:meeting_id>/attendance", methods=["POST"])
@access.group(Role.PLANNER, Role.PARTNER, check=can_work_in_group)
def meeting_attendance(group_id: int, meeting_id: int):
    meeting = meeting_or_404(meeting_id)
    raw = request.form.getlist("present")
    ticked = set(request.form.getlist("present", type=int))  # bounded: "²" or 20 digits are dropped, not a 500
    error = None
    if len(ticked) != len(raw):
        error = _("Tick only organisations that are active members of the group.")
    elif FlaskForm().validate_on_submit():
        try:
            meeting_cases.record_attendance(meeting, sorted(ticked), recorded_by=current_user)
        except GroupError as exc:
            db.session.rollback()
            error = exc.message
        else:
            flash(ngettext("Attendance is saved: %(num)d organisation present.",
                           "Attendance is saved: %(num)d organisations present.", len(ticked)), "success")
            return redirect(url_for("groups.meeting", group_id=g.group.id, meeting_id=meeting.id) + "#attendance")
    else:
        error = _("The form expired. Please try again.")
    return _meeting_page(meeting, attendance_error=error, ticked=ticked, status=400)


@bp.route("/<int:group_id>/meetings/<int:meeting_id>/minutes", methods=["POST"])
@access.group(Role.PLANNER, Role.PARTNER, check=can_work_in_group)
def meeting_minutes(group_id: int, meeting_id: int):
    meeting = meeting_or_404(meeting_id)
    form = MinutesForm()
    if form.validate_on_submit():
        try:
            meeting_cases.record_minutes(meeting, form.minutes.data, recorded_by=current_user)
        except GroupError as error:
            show_error(form, error)
        else:
            flash(_("The minutes are saved."), "success")
            return redirect(url_for("groups.meeting", group_id=g.group.id, meeting_id=meeting.id) + "#minutes")
    return _meeting_page(meeting, minutes_form=form, status=400)
