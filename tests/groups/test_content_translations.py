"""Group content in several languages: members translate decisions, meetings and needs; readers see
their language, or the original marked as such with its language."""
from __future__ import annotations

from partnership.content.models import ContentTranslation
from partnership.groups import decisions
from tests.groups.builders import count, meeting


def _decision(p):
    return decisions.record(p.group, title="Realizar o inquérito em maio", text="Durante quatro semanas.",
                            method="consensus", recorded_by=p.users["planner"], language="pt")


def _in(client, language):
    client.post(f"/language/{language}", data={"next": "/"})


def test_a_missing_translation_shows_the_original_marked_with_its_language(client, login_as, partnership):
    p = partnership
    _decision(p)
    login_as(p.users["partner"])
    _in(client, "en")
    html = client.get(f"/groups/{p.group.id}/decisions").get_data(as_text=True)
    assert '<span lang="pt">Realizar o inquérito em maio</span>' in html
    assert "(original, in Português)" in html
    _in(client, "pt")
    html = client.get(f"/groups/{p.group.id}/decisions").get_data(as_text=True)
    assert "Realizar o inquérito em maio" in html and "original, in" not in html and "original, em" not in html


def test_a_member_translates_a_decision_and_readers_see_their_language(client, login_as, partnership):
    p = partnership
    decision = _decision(p)
    login_as(p.users["partner"])
    _in(client, "en")
    url = f"/groups/{p.group.id}/translate/decision/{decision.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Realizar o inquérito em maio" in page and 'name="title-en"' in page and 'name="title-pt"' not in page
    response = client.post(url, data={"original": "pt", "title-en": "Run the survey in May",
                                      "text-en": "For four weeks.", "title-es": "Hacer la encuesta en mayo"})
    assert response.status_code == 302
    assert count(ContentTranslation) == 3
    html = client.get(f"/groups/{p.group.id}/decisions").get_data(as_text=True)
    assert '<span lang="en">Run the survey in May</span>' in html and "For four weeks." in html
    assert "original, in" not in html
    _in(client, "es")
    assert "Hacer la encuesta en mayo" in client.get(f"/groups/{p.group.id}/decisions").get_data(as_text=True)
    # The text has no Spanish translation: the original shows, marked.
    assert "Durante quatro semanas." in client.get(f"/groups/{p.group.id}/decisions").get_data(as_text=True)


def test_meeting_agendas_translate_too_and_outsiders_cannot(client, login_as, partnership, reviewer, outsider_partner):
    p = partnership
    m = meeting(p.group, days_ago=2)
    m.agenda = "1. Inquérito"
    login_as(p.users["planner"])
    client.post(f"/groups/{p.group.id}/translate/meeting/{m.id}", data={"original": "pt", "agenda-en": "1. Survey"})
    _in(client, "en")
    assert "1. Survey" in client.get(f"/groups/{p.group.id}/meetings/{m.id}").get_data(as_text=True)
    client.post("/auth/logout")
    login_as(reviewer)  # reads, but does not write the group's records
    assert client.post(f"/groups/{p.group.id}/translate/meeting/{m.id}", data={"agenda-es": "x"}).status_code == 403
    client.post("/auth/logout")
    login_as(p.users["planner"])
    assert client.get(f"/groups/{p.group.id}/translate/charter/{m.id}").status_code == 404  # not a translatable kind
