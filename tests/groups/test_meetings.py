"""Meetings: scheduling, attendance, minutes, and the commitments the group page shows."""
from __future__ import annotations

from datetime import timedelta

import pytest

from partnership.dbtypes import utcnow
from partnership.groups import meetings
from partnership.groups.commitments import attendance_rates, commitments, meeting_rhythm, rhythm_interval_days
from partnership.groups.errors import GroupError
from partnership.groups.models import Meeting, MeetingAttendance
from tests import factories
from tests.groups.builders import audit_count, count, meeting

# Next year, so the date is always within the two years ahead a meeting may be planned.
YEAR = utcnow().year + 1
FORM = {"title": "Monthly meeting", "starts_at": f"{YEAR}-03-04T18:30", "place": "Junta de Freguesia",
        "online_link": "", "agenda": "1. Survey\n2. Next steps"}


def schedule(p, **changes):
    values = {"title": "Monthly meeting", "starts_at": utcnow() + timedelta(days=7), "place": "Parish hall", **changes}
    return meetings.schedule(p.group, scheduled_by=p.users["planner"], **values)


@pytest.mark.parametrize("changes,field", [
    ({"title": " "}, "title"),
    ({"starts_at": None}, "starts_at"),
    ({"place": "", "online_link": ""}, "place"),
    ({"online_link": "javascript:alert(1)"}, "online_link"),
    ({"online_link": "meet.example.org/abc"}, "online_link"),
    ({"starts_at": utcnow() + timedelta(days=3 * 366)}, "starts_at"),
])
def test_schedule_refuses_bad_input_and_stores_nothing(partnership, changes, field):
    with pytest.raises(GroupError) as refused:
        schedule(partnership, **changes)
    assert refused.value.field == field
    assert count(Meeting) == 0 and audit_count("meeting.scheduled") == 0


def test_an_online_meeting_needs_no_place(partnership):
    m = schedule(partnership, place="", online_link="https://meet.example.org/marvila")
    assert m.online_link == "https://meet.example.org/marvila"
    assert audit_count("meeting.scheduled") == 1


def test_attendance_and_minutes_wait_for_the_meeting(partnership):
    m = schedule(partnership)
    with pytest.raises(GroupError, match="once the meeting has started"):
        meetings.record_attendance(m, [partnership.police.id], recorded_by=partnership.users["planner"])
    with pytest.raises(GroupError, match="once the meeting has started"):
        meetings.record_minutes(m, "Notes", recorded_by=partnership.users["planner"])
    assert count(MeetingAttendance) == 0 and m.minutes == ""


def test_attendance_marks_every_active_organisation_present_or_absent(partnership):
    p = partnership
    m = meeting(p.group, days_ago=1)
    meetings.record_attendance(m, [p.police.id, p.school.id], recorded_by=p.users["planner"])
    assert meetings.attendance_by_organisation(m) == {p.police.id: True, p.school.id: True,
                                                      p.municipality.id: False, p.residents.id: False}
    meetings.record_attendance(m, [p.residents.id], recorded_by=p.users["partner"])  # corrected later
    assert meetings.attendance_by_organisation(m)[p.residents.id] is True
    assert meetings.attendance_by_organisation(m)[p.police.id] is False
    assert count(MeetingAttendance) == 4


def test_attendance_refuses_organisations_of_other_groups(partnership, municipality):
    p = partnership
    other = factories.security_group(municipality, partner=factories.user())
    m = meeting(p.group, days_ago=1)
    with pytest.raises(GroupError, match="active members"):
        meetings.record_attendance(m, [p.police.id, other.organisations[0].id], recorded_by=p.users["planner"])
    assert count(MeetingAttendance) == 0


def test_a_meeting_with_minutes_cannot_move_to_the_future(partnership):
    p = partnership
    m = meeting(p.group, days_ago=2, minutes="We met.")
    with pytest.raises(GroupError, match="cannot move to the future"):
        meetings.update(m, title=m.title, starts_at=utcnow() + timedelta(days=2), place=m.place, updated_by=p.users["planner"])


# --- commitments ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text,days", [
    ("Monthly, on the first Tuesday", 31), ("Mensal, na primeira terça-feira de cada mês", 31),
    ("Mensual", 31), ("Quinzenal", 14), ("every two weeks", 14), ("Bimonthly", 61), ("Trimestral", 92),
    ("every 3 weeks", 21), ("a cada 2 meses", 62), ("semanal", 7), ("when needed", None), ("", None),
])
def test_rhythm_is_read_from_the_charter_in_three_languages(text, days):
    assert rhythm_interval_days(text) == days


def test_rhythm_is_overdue_when_the_last_meeting_is_too_long_ago(partnership):
    p = partnership
    p.group.created_at = utcnow() - timedelta(days=200)
    factories.charter(p.group)  # "Monthly"
    meeting(p.group, days_ago=50)
    rhythm = meeting_rhythm(p.group)
    assert rhythm.interval_days == 31 and rhythm.recognised
    assert rhythm.days_since_last == 50 and rhythm.overdue
    assert rhythm.held_in_period == 1 and rhythm.expected_in_period == 7  # 200 days, monthly
    meeting(p.group, days_ago=10)
    assert not meeting_rhythm(p.group).overdue


def test_attendance_rates_count_only_recorded_meetings(partnership):
    p = partnership
    meeting(p.group, days_ago=60, present=[p.police, p.residents], absent=[p.school, p.municipality])
    meeting(p.group, days_ago=30, present=[p.police, p.municipality], absent=[p.school, p.residents])
    meeting(p.group, days_ago=5)  # attendance not recorded: counts for nobody
    rates = {r.organisation.id: r for r in attendance_rates(p.group)}
    assert (rates[p.police.id].present, rates[p.police.id].recorded) == (2, 2)
    assert rates[p.residents.id].rate == 0.5
    assert rates[p.school.id].low and not rates[p.residents.id].low
    assert [r.organisation for r in commitments(p.group).low_attendance] == [p.school]


def test_commitments_list_missing_minutes_and_unsigned_organisations(partnership):
    p = partnership
    old = meeting(p.group, days_ago=30)
    meeting(p.group, days_ago=20, minutes="Done")
    meeting(p.group, days_ago=2)  # minutes not due yet
    factories.charter(p.group, signed_by=[p.police])
    state = commitments(p.group)
    assert state.minutes_missing == [old]
    assert set(state.unsigned) == {p.municipality, p.residents, p.school}


# --- through the pages ---------------------------------------------------------------------------

def test_partner_schedules_a_meeting_in_local_time(client, login_as, partnership):
    login_as(partnership.users["partner"])
    response = client.post(f"/groups/{partnership.group.id}/meetings/new", data=FORM)
    assert response.status_code == 302
    m = partnership.group.meetings[0]
    # Europe/Lisbon is UTC+0 in March (summer time starts at the end of the month).
    assert (m.starts_at.year, m.starts_at.month, m.starts_at.hour, m.starts_at.minute) == (YEAR, 3, 18, 30)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Attendance can be recorded once the meeting has started." in page


def test_summer_time_is_converted_to_utc(client, login_as, partnership):
    login_as(partnership.users["planner"])
    client.post(f"/groups/{partnership.group.id}/meetings/new", data={**FORM, "starts_at": f"{YEAR}-07-01T18:30"})
    assert partnership.group.meetings[0].starts_at.hour == 17


@pytest.mark.parametrize("changes,message", [
    ({"title": ""}, "Give the meeting a title."),
    ({"starts_at": "next tuesday"}, "Not a valid datetime value."),
    ({"place": "", "online_link": ""}, "Enter a place, an online link, or both."),
    ({"online_link": "javascript:alert(1)"}, "Enter a full web address starting with https://."),
])
def test_meeting_form_bad_input_keeps_typed_values_and_stores_nothing(client, login_as, partnership, changes, message):
    login_as(partnership.users["planner"])
    typed = {**FORM, **changes}
    response = client.post(f"/groups/{partnership.group.id}/meetings/new", data=typed)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html and "error-summary" in html
    assert "1. Survey\n2. Next steps" in html
    if typed["title"]:
        assert f'value="{typed["title"]}"' in html
    assert count(Meeting) == 0


def test_attendance_and_minutes_through_the_meeting_page(client, login_as, partnership):
    p = partnership
    m = meeting(p.group, days_ago=1)
    login_as(p.users["partner"])
    response = client.post(f"/groups/{p.group.id}/meetings/{m.id}/attendance",
                           data={"present": [str(p.police.id), str(p.residents.id)]})
    assert response.status_code == 302
    assert meetings.attendance_by_organisation(m)[p.residents.id] is True
    response = client.post(f"/groups/{p.group.id}/meetings/{m.id}/minutes", data={"minutes": "We agreed a survey."})
    assert response.status_code == 302 and m.minutes == "We agreed a survey."
    page = client.get(f"/groups/{p.group.id}/meetings/{m.id}").get_data(as_text=True)
    assert f'value="{p.residents.id}" id="present-{p.residents.id}" checked' in page


def test_attendance_form_refuses_foreign_ids_and_keeps_the_ticks(client, login_as, partnership):
    p = partnership
    m = meeting(p.group, days_ago=1)
    login_as(p.users["planner"])
    response = client.post(f"/groups/{p.group.id}/meetings/{m.id}/attendance",
                           data={"present": [str(p.school.id), "999999"]})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Tick only organisations" in html
    assert f'value="{p.school.id}" id="present-{p.school.id}" checked' in html
    assert count(MeetingAttendance) == 0


def test_empty_minutes_are_refused_on_the_page(client, login_as, partnership):
    p = partnership
    m = meeting(p.group, days_ago=1, minutes="First draft")
    login_as(p.users["planner"])
    response = client.post(f"/groups/{p.group.id}/meetings/{m.id}/minutes", data={"minutes": "  "})
    assert response.status_code == 400 and "Write the minutes before saving them." in response.get_data(as_text=True)
    assert m.minutes == "First draft"


def test_reviewer_reads_meetings_but_cannot_record(client, login_as, partnership, reviewer):
    p = partnership
    m = meeting(p.group, days_ago=1)
    login_as(reviewer)
    assert client.get(f"/groups/{p.group.id}/meetings/{m.id}").status_code == 200
    assert client.post(f"/groups/{p.group.id}/meetings/{m.id}/minutes", data={"minutes": "x"}).status_code == 403
    assert client.post(f"/groups/{p.group.id}/meetings/new", data=FORM).status_code == 403
    assert m.minutes == "" and count(Meeting) == 1


def test_group_page_shows_rhythm_attendance_and_whats_next(client, login_as, partnership):
    p = partnership
    factories.charter(p.group)
    meeting(p.group, days_ago=45, present=[p.police], absent=[p.school, p.residents, p.municipality])
    meeting(p.group, days_ago=40, present=[p.police], absent=[p.school, p.residents, p.municipality])
    login_as(p.users["partner"])
    html = client.get(f"/groups/{p.group.id}").get_data(as_text=True)
    assert "A meeting is overdue." in html
    assert "Often absent" in html
    assert f"Read and sign charter version 1 for {p.residents.name}" in html
    assert "Last meeting 40 days ago" in html


@pytest.mark.parametrize("ticked, message", [(1, "1 organisation present."), (2, "2 organisations present.")])
def test_attendance_confirmation_counts_in_the_singular_and_plural(client, login_as, partnership, ticked, message):
    p = partnership
    m = meeting(p.group, days_ago=1)
    login_as(p.users["planner"])
    present = [str(p.police.id), str(p.residents.id)][:ticked]
    response = client.post(f"/groups/{p.group.id}/meetings/{m.id}/attendance", data={"present": present},
                           follow_redirects=True)
    assert f"Attendance is saved: {message}" in response.get_data(as_text=True)
