"""Editing a draft needs list: one form, so moving or removing keeps what was typed; removing asks first."""
from __future__ import annotations

from assessments import needs
from assessments.models import Need, NeedsList
from tests.conftest import login


def _draft(db, group, survey, titles):
    needs_list = NeedsList(group_id=group.id, survey_id=survey.id)
    db.session.add(needs_list)
    for rank, (title, question) in enumerate(titles, start=1):
        evidence = [{"family": "online", "question_id": 1, "code": "q", "question": question, "option": title,
                     "count": 10, "base": 30, "pct": 0.33, "low": 0.2, "high": 0.5}] if question else []
        needs_list.needs.append(Need(rank=rank, key=f"k{rank}", title=title, score=0.5, evidence=evidence))
    db.session.commit()
    return needs_list


def _ordered(db, list_id):
    db.session.expire_all()
    return [(n.title, n.description) for n in sorted(db.session.get(NeedsList, list_id).needs, key=lambda n: n.rank)]


def test_moving_a_need_keeps_unsaved_edits_of_every_need(client, db, group, survey, planner):
    needs_list = _draft(db, group, survey, [("Drug dealing", None), ("Burglary", None), ("Litter", None)])
    first, second, third = needs_list.needs
    login(client, planner)
    url = f"/groups/{group.id}/needs/{needs_list.id}/edit"
    client.post(url, data={f"title-{first.id}": "Drug dealing near the station", f"description-{first.id}": "Evenings",
                           f"title-{second.id}": "Burglary", f"description-{second.id}": "",
                           f"title-{third.id}": "Litter in the park", f"description-{third.id}": "",
                           "move": f"{third.id}:up"})
    assert _ordered(db, needs_list.id) == [("Drug dealing near the station", "Evenings"), ("Litter in the park", ""),
                                           ("Burglary", "")]


def test_a_refused_edit_keeps_what_was_typed_and_names_the_need(client, db, group, survey, planner):
    needs_list = _draft(db, group, survey, [("Drug dealing", None), ("Burglary", None)])
    first, second = needs_list.needs
    login(client, planner)
    response = client.post(f"/groups/{group.id}/needs/{needs_list.id}/edit",
                           data={f"title-{first.id}": "Drug dealing at night", f"description-{first.id}": "",
                                 f"title-{second.id}": "  ", f"description-{second.id}": "Typed notes",
                                 "move": f"{first.id}:down"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Need 2 has no title" in html
    assert 'value="Drug dealing at night"' in html and "Typed notes" in html  # nothing typed is lost
    assert _ordered(db, needs_list.id) == [("Drug dealing", ""), ("Burglary", "")]  # and nothing half-saved


def test_removing_a_need_asks_first_and_saves_the_edits_on_the_way(client, db, group, survey, planner):
    needs_list = _draft(db, group, survey, [("Drug dealing", None), ("Burglary", None)])
    first, second = needs_list.needs
    login(client, planner)
    page = client.get(f"/groups/{group.id}/needs/{needs_list.id}").get_data(as_text=True)
    assert f'name="remove" value="{second.id}" data-confirm="Remove need 2, “Burglary”, from the list?"' in page
    # Without JavaScript: the edits are saved, then the removal asks on its own page.
    response = client.post(f"/groups/{group.id}/needs/{needs_list.id}/edit",
                           data={f"title-{first.id}": "Drug dealing at night", f"title-{second.id}": "Burglary",
                                 "remove": second.id})
    confirm_url = f"/groups/{group.id}/needs/{needs_list.id}/{second.id}/remove"
    assert response.headers["Location"].endswith(confirm_url)
    assert _ordered(db, needs_list.id) == [("Drug dealing at night", ""), ("Burglary", "")]
    assert "Remove need 2, “Burglary”, from the list?" in client.get(confirm_url).get_data(as_text=True)
    client.post(confirm_url)
    assert _ordered(db, needs_list.id) == [("Drug dealing at night", "")]


def test_the_dialog_path_removes_at_once_with_the_edits(client, db, group, survey, planner):
    needs_list = _draft(db, group, survey, [("Drug dealing", None), ("Burglary", None)])
    first, second = needs_list.needs
    login(client, planner)
    client.post(f"/groups/{group.id}/needs/{needs_list.id}/edit",
                data={f"title-{first.id}": "Drug dealing at night", f"title-{second.id}": "Burglary",
                      "remove": second.id, "confirmed": "1"})
    assert _ordered(db, needs_list.id) == [("Drug dealing at night", "")]


def test_needs_with_the_same_title_say_which_question_they_come_from(client, db, group, survey, planner):
    needs_list = _draft(db, group, survey, [
        ("Hate speech against a group", "Which of these have you seen online?"),
        ("Hate speech against a group", "Which of these happened to you or your children?"),
        ("Burglary", "Were you burgled?")])
    notes = needs.source_notes(needs_list)
    first, second, third = needs_list.needs
    assert notes == {first.id: "Which of these have you seen online?",
                     second.id: "Which of these happened to you or your children?"}
    login(client, planner)
    html = client.get(f"/groups/{group.id}/needs/{needs_list.id}").get_data(as_text=True)
    assert "From: Which of these have you seen online?" in html
    assert "From: Which of these happened to you or your children?" in html
    assert "From: Were you burgled?" not in html  # a unique title needs no note
