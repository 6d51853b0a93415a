"""Online signals describe trends, never people: the form refuses identifiers it can detect and says why."""
from __future__ import annotations

from datetime import date

import pytest

from partnership.cycles.models import OnlineSignal
from partnership.cycles.signals import find_identifiers
from tests.conftest import login

REFUSED = [
    ("Posts by @joao_marvila stir up hostility", "handle"),
    ("Contact the admin at admin.grupo@gmail.com", "email"),
    ("Dealer advertises on 912 345 678", "phone"),
    ("Number +351 21 123 4567 in the posts", "phone"),
    ("See https://www.instagram.com/ze.marvila for the videos", "profile"),
    ("tiktok.com/@someone posts fights", "profile"),
    ("facebook.com/profile.php?id=100012345", "profile"),
    ("The car AA-12-BC is used for deals", "plate"),
    ("The scooter 45-67-XY (1992-2005 format)", "plate"),
    ("Old plate AB-12-34 seen", "plate"),
    ("New plate 12-AB-34 seen", "plate"),
    ("plate aa-12-bc in lower case", "plate"),
    ("Spanish car 1234 BCD", "plate"),
]
ALLOWED = [
    "Rising hostile content about newcomers in a local neighbourhood group",
    "Fights arranged in a public group, facebook.com/groups/marvila-vizinhos, on Friday nights",
    "Ocorreu em 12 de maio, cerca de 30 publicações",
    "Between 10 and 12 posts a day since 2026-11-02",
    "Scam offers for fake rentals, 1200 euros deposit",
]


@pytest.mark.parametrize("text, kind", REFUSED)
def test_identifiers_are_found(text, kind):
    assert kind in {f.kind for f in find_identifiers(text)}


@pytest.mark.parametrize("text", ALLOWED)
def test_trends_pass(text):
    assert find_identifiers(text) == []


def _post(client, group, cycle, description, **extra):
    data = {"observed_on": date.today().isoformat(), "platform": "facebook", "theme": "hostility",
            "description": description, "neighbourhood_id": "0", "referred_to": "referral_unit",
            "referred_detail": "", "outcome": "", **extra}
    return client.post(f"/groups/{group.id}/cycles/{cycle.id}/signals", data=data)


def test_form_refuses_a_handle_says_why_and_keeps_nothing(client, db, group, planner, cycle):
    login(client, planner)
    response = _post(client, group, cycle, "Rising hostility driven by @joao_marvila")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "a user name (@handle)" in page and "@joao_marvila" in page
    assert "never a person" in page
    assert db.session.query(OnlineSignal).count() == 0
    # What was typed stays in the form to be corrected.
    assert "Rising hostility driven by" in page


def test_form_refuses_identifiers_in_the_outcome_too(client, db, group, planner, cycle):
    login(client, planner)
    response = _post(client, group, cycle, "Scam offers in a local buy-and-sell group", outcome="Call 912345678")
    assert response.status_code == 400
    assert "a phone number" in response.get_data(as_text=True)
    assert db.session.query(OnlineSignal).count() == 0


def test_a_trend_is_recorded_and_listed(client, db, group, partner, cycle):
    login(client, partner)
    response = _post(client, group, cycle, "Rising hostile content about newcomers in a local group",
                     referred_detail="Internet referral unit, Lisbon", outcome="Content reported and removed")
    assert response.status_code == 302
    signal = db.session.query(OnlineSignal).one()
    assert signal.referred_to == "referral_unit"
    page = client.get(f"/groups/{group.id}/cycles/{cycle.id}/signals").get_data(as_text=True)
    assert "Rising hostile content about newcomers" in page and "Internet referral unit" in page


def test_reviewers_do_not_see_signals(client, group, reviewer, cycle):
    login(client, reviewer)
    assert client.get(f"/groups/{group.id}/cycles/{cycle.id}/signals").status_code == 403
