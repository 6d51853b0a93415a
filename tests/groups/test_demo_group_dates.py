"""The demo tells a consistent story: meetings on the charter's rhythm, a charter dated like its adoption,
and a group too young to judge says so instead of "0 meetings held in the last 1 days"."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import select

from partnership.demo import DEMO_PASSWORD, charter_meetings, first_tuesday, seed_demo
from partnership.groups.commitments import meeting_rhythm
from partnership.groups.models import Decision, SecurityGroup
from tests.conftest import login

LISBON = ZoneInfo("Europe/Lisbon")


def test_first_tuesday_is_18_30_in_lisbon_in_summer_and_winter():
    december = first_tuesday(2026, 12).astimezone(LISBON)
    july = first_tuesday(2026, 7)
    assert (december.day, december.weekday(), december.hour, december.minute) == (1, 1, 18, 30)
    assert july.astimezone(LISBON).hour == 18 and july.hour == 17  # summer time: 17:30 UTC


def test_meetings_follow_the_rhythm_around_today():
    now = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)
    constitutive, last, upcoming = charter_meetings(now)
    assert [d.astimezone(LISBON).date().isoformat() for d in (constitutive, last, upcoming)] == [
        "2026-10-06", "2026-11-03", "2026-12-01"]


def test_demo_group_dates_agree(app, db, client):
    seed_demo()
    marvila = db.session.scalar(select(SecurityGroup).where(SecurityGroup.name == "Grupo de Segurança de Marvila"))
    upcoming = meeting_rhythm(marvila).next_planned.starts_at.astimezone(LISBON)
    assert (upcoming.weekday(), upcoming.hour, upcoming.minute, upcoming.day <= 7) == (1, 18, 30, True)
    charter = marvila.current_charter
    adoption = db.session.scalar(select(Decision).where(Decision.group_id == marvila.id,
                                                        Decision.title.like("Aprovar a carta%")))
    assert charter.created_at == adoption.decided_at
    from partnership.content.translations import original_language

    assert original_language("decision", adoption.id) == "pt"  # English readers see it marked as the original

    arroios = db.session.scalar(select(SecurityGroup).where(SecurityGroup.name == "Grupo de Segurança de Arroios"))
    assert meeting_rhythm(arroios).young
    planner = arroios.planners[0]
    login(client, planner, password=DEMO_PASSWORD)
    html = client.get(f"/groups/{arroios.id}").get_data(as_text=True)
    assert "too early to compare its meetings with the rhythm" in html
    assert "held in the last 1 days" not in html and "in the last 0 days" not in html
