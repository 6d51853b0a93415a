"""Privacy review of Step 2: figures behind needs never undo the results' suppression."""
from __future__ import annotations

from assessments import needs, results
from tests.assessments.conftest import answer
from tests.conftest import login


def _burglary_survey(survey):
    """20 people: 17 victims of burglary, 3 not (a small cell the results hide, with its complement)."""
    for i in range(20):
        answer(survey, {"vict_burglary": "yes" if i < 17 else "no"})


def _published(survey, code):
    return next(r for r in results.overall(survey, "en", 5) if r.question.code == code)


def test_needs_evidence_does_not_publish_a_figure_the_results_hide(app, survey):
    _burglary_survey(survey)
    shares = {o.value: o.share for o in _published(survey, "vict_burglary").options}
    assert shares["yes"].suppressed and shares["no"].suppressed  # 3 "no": hidden, and "yes" with it
    evidence = [e for n in needs.rank(survey, "en", 5) for e in n["evidence"] if e["code"] == "vict_burglary"]
    # 17 of 20 would give away the 3 who said no.
    assert evidence == []


def test_needs_evidence_of_a_grid_row_does_not_reveal_a_hidden_cell(app, survey):
    # drug_dealing: 10 very big, 8 fairly big, 2 not very big. The results hide the 2 and, as its
    # complement, the 8; "big problem" = 18 of 20 would give the 2 back by subtraction.
    for i in range(20):
        level = "very_big" if i < 10 else ("fairly_big" if i < 18 else "not_very_big")
        answer(survey, {"problems": {"drug_dealing": level, "litter": "very_big" if i % 2 else "not_a_problem"}})
    row = next(r for r in _published(survey, "problems").rows if r.value == "drug_dealing")
    assert {o.value for o in row.options if o.share.suppressed} == {"fairly_big", "not_very_big"}
    evidence = {(e["code"], e["option"]) for n in needs.rank(survey, "en", 5) for e in n["evidence"]}
    assert not any(code == "problems" and "drug" in option.lower() for code, option in evidence)
    # A row whose hidden cells are all on one side stays usable: litter is 10 / 10, nothing hidden.
    assert any(code == "problems" and "litter" in option.lower() for code, option in evidence)


def test_needs_list_page_shows_partners_no_figure_the_results_hide(client, survey, planner, partner, group):
    _burglary_survey(survey)
    login(client, planner)
    response = client.post(f"/groups/{group.id}/surveys/{survey.id}/needs")
    list_url = response.headers["Location"]
    client.post("/auth/logout")
    login(client, partner)
    page = client.get(list_url).get_data(as_text=True)
    assert "85%" not in page
    results_page = client.get(f"/groups/{group.id}/surveys/{survey.id}/results").get_data(as_text=True)
    assert "85%" not in results_page


def test_api_breakdown_only_by_neighbourhood_or_an_about_you_question(client, survey, partner, group):
    """A grid question as the breakdown counts one person once per grid row: one victim showed as 10."""
    rows = ["litter", "vandalism", "drug_dealing", "drug_use", "groups", "drunkenness", "noise", "vehicles", "traffic",
            "lighting"]
    answer(survey, {"problems": {r: "very_big" for r in rows}, "vict_burglary": "yes"})
    for _ in range(12):
        answer(survey, {"problems": {r: "not_a_problem" for r in rows}, "vict_burglary": "no"})
    login(client, partner)
    response = client.get(f"/api/v1/surveys/{survey.id}/results?by=problems")
    assert response.status_code == 400
    body = client.get(f"/api/v1/surveys/{survey.id}/results?by=age_band").get_json()
    assert body["breakdown"]["by"] == "age_band"
    assert client.get(f"/api/v1/surveys/{survey.id}/results?by=neighbourhood").status_code == 200
