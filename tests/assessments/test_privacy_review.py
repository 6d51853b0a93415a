"""Privacy review of Step 2: figures behind needs are the published (protected) ones, nothing more exact."""
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


def test_needs_evidence_uses_only_the_published_figures(app, survey):
    _burglary_survey(survey)
    published = _published(survey, "vict_burglary")
    shares = {o.value: o.share for o in published.options}
    assert shares["no"].count in {0, 5, 6, 7}  # 3 "no": never published as 3
    evidence = [e for n in needs.rank(survey, "en", 5) for e in n["evidence"] if e["code"] == "vict_burglary"]
    # 17 of 20 exactly would give away the 3 who said no: the evidence is the published count over the published base.
    assert evidence and all((e["count"], e["base"]) == (shares["yes"].count, published.base) for e in evidence)


def test_needs_evidence_of_a_grid_row_is_the_sum_of_its_published_cells(app, survey):
    # drug_dealing: 10 very big, 8 fairly big, 2 not very big; "big problem" = 18 of 20 exactly would give the 2 back.
    for i in range(20):
        level = "very_big" if i < 10 else ("fairly_big" if i < 18 else "not_very_big")
        answer(survey, {"problems": {"drug_dealing": level, "litter": "very_big" if i % 2 else "not_a_problem"}})
    row = next(r for r in _published(survey, "problems").rows if r.value == "drug_dealing")
    cells = {o.value: o.share for o in row.options}
    assert cells["not_very_big"].count in {0, 5, 6, 7}
    evidence = [e for n in needs.rank(survey, "en", 5) for e in n["evidence"]
                if e["code"] == "problems" and "drug" in e["option"].lower()]
    assert evidence and evidence[0]["count"] == cells["very_big"].count + cells["fairly_big"].count
    assert evidence[0]["base"] == cells["very_big"].base


def test_needs_list_page_shows_partners_the_published_figures(client, survey, planner, partner, group):
    _burglary_survey(survey)
    published = _published(survey, "vict_burglary")
    yes = next(o.share for o in published.options if o.value == "yes")
    login(client, planner)
    response = client.post(f"/groups/{group.id}/surveys/{survey.id}/needs")
    list_url = response.headers["Location"]
    client.post("/auth/logout")
    login(client, partner)
    page = client.get(list_url).get_data(as_text=True)
    results_page = client.get(f"/groups/{group.id}/surveys/{survey.id}/results").get_data(as_text=True)
    shown = f"{100 * min(yes.count, published.base) / published.base:.0f}%"
    assert shown in page and shown in results_page


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
