"""XLSForm import of forms as people write them: .xls and .xlsx, spellings, languages, notes, repeats, metadata."""
from __future__ import annotations

import io
import secrets

import pytest
import xlwt
from openpyxl import Workbook
from sqlalchemy import func, select

from assessments import builder, results, xlsform
from assessments.answering import pages, store_response
from assessments.models import Answer, Survey
from tests.conftest import login

CHOICES = [["list name", "name", "label::English", "label::Portuguese (pt)"],
           ["feel", "safe", "Safe", "Seguro"], ["feel", "unsafe", "Unsafe", "Inseguro"],
           ["yn", "yes", "Yes", "Sim"], ["yn", "no", "No", "Não"]]
# Upper-case headers, `select one from X`, a blank spacer row, a note, a skip rule and a constraint.
SURVEY = [["TYPE", "NAME", "LABEL::English", "label::Portuguese (pt)", "relevant", "constraint", "required"],
          ["note", "welcome", "Thank you for taking part.", "Obrigado por participar.", "", "", ""],
          ["select one from feel", "feel", "How safe do you feel?", "Sente-se seguro?", "", "", "yes"],
          [None, None, None, None, None, None, None],
          ["select all that apply from yn", "seen", "What have you seen?", "O que viu?", "${feel} = 'unsafe'", "", ""],
          ["integer", "years", "Years in the area", "Anos no bairro", "", ". >= 0 and . <= 120", ""]]
SETTINGS = [["form_title", "default_language"], ["Neighbourhood safety", "English"]]


def xlsx(survey_rows, choices_rows=CHOICES, settings_rows=SETTINGS) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in (("survey", survey_rows), ("choices", choices_rows), ("settings", settings_rows)):
        if rows:
            sheet = workbook.create_sheet(title)
            for row in rows:
                sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xls(survey_rows, choices_rows=CHOICES, settings_rows=SETTINGS) -> bytes:
    """The same sheets as an Excel 97-2003 (.xls, OLE) workbook, the format most published forms use."""
    book = xlwt.Workbook()
    for title, rows in (("survey", survey_rows), ("choices", choices_rows), ("settings", settings_rows)):
        if rows:
            sheet = book.add_sheet(title)
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    if value is not None:
                        sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Survey))


@pytest.mark.parametrize("make", [xlsx, xls], ids=["xlsx", "xls"])
def test_forms_as_people_write_them_are_imported_whole(app, db, group, make):
    report = xlsform.import_xlsform(make(SURVEY), group)
    survey = report.survey
    assert [(q.code, q.type) for q in survey.questions] == [
        ("welcome", "note"), ("feel", "single"), ("seen", "multiple"), ("years", "numeric")]
    assert survey.languages == ["en", "pt"] and survey.default_language == "en"
    assert survey.title == {"en": "Neighbourhood safety"}
    feel, seen, years = survey.questions[1:]
    assert feel.required and feel.label == {"en": "How safe do you feel?", "pt": "Sente-se seguro?"}
    assert feel.config["options"][1] == {"value": "unsafe", "label": {"en": "Unsafe", "pt": "Inseguro"}}
    assert (seen.show_if_code, seen.show_if_values) == ("feel", ["unsafe"])
    assert (years.config["min"], years.config["max"]) == (0, 120)
    assert report.kept_questions == report.form_questions == 4 and not report.dropped, report.problems
    assert not report.problems  # the blank row and the spellings are nothing to report


def test_named_language_columns_map_to_the_survey_languages(app, db, group):
    rows = [["type", "name", "label:English", "label::Português", "label::Spanish (es)", "label::Swahili (sw)"],
            ["text", "street", "Your street", "A sua rua", "Su calle", "Mtaa wako"]]
    report = xlsform.import_xlsform(xlsx(rows, None, None), group)
    survey = report.survey
    assert survey.languages == ["en", "pt", "es"]
    assert survey.questions[0].label == {"en": "Your street", "pt": "A sua rua", "es": "Su calle"}
    assert any("Swahili (sw)" in p and "not imported" in p for p in report.problems)


def test_a_form_in_another_language_only_keeps_its_texts_and_says_so(app, db, group):
    rows = [["type", "name", "label::Français (fr)"], ["text", "rue", "Votre rue"]]
    report = xlsform.import_xlsform(xlsx(rows, None, None), group)
    assert report.survey.questions[0].label == {"en": "Votre rue"}
    assert any("Français (fr)" in p and "Translate them" in p for p in report.problems)


def test_notes_are_shown_but_never_answered_or_counted(app, db, group):
    survey = xlsform.import_xlsform(xlsx(SURVEY), group).survey
    builder.set_status(survey, "open")
    assert pages(survey)[0][0].code == "welcome"
    outcome = store_response(survey, {"welcome": "typed anyway", "feel": "safe", "years": 3},
                             submission_key=secrets.token_urlsafe(16))
    assert not outcome.errors
    note = survey.questions[0]
    assert not db.session.scalar(select(func.count()).select_from(Answer).where(Answer.question_id == note.id))
    assert "welcome" not in {r.question.code for r in results.overall(survey, "en")}


def test_repeats_metadata_and_photos_are_reported_by_row(app, db, group):
    rows = [["type", "name", "label"],
            ["start", "start", ""],
            ["deviceid", "device", ""],
            ["begin repeat", "people", "People in the household"],
            ["text", "first_name_initial", "Initial"],
            ["integer", "age", "Age"],
            ["end repeat", "", ""],
            ["image", "photo", "A photo of the problem"],
            ["calculate", "double", ""]]
    rows[-1] += ["${age} * 2"]
    rows[0] += ["calculation"]
    report = xlsform.import_xlsform(xlsx(rows, None, None), group)
    by_row = {f.row: str(f) for f in report.findings}
    assert "recorded anyway" in by_row[2] and "anonymous" in by_row[3]
    assert "repeat “people” was imported as its questions asked once" in by_row[4]
    assert "a resident's photo is personal data" in by_row[8]
    assert "“calculate” is not supported" in by_row[9]
    assert [q.code for q in report.survey.questions] == ["first_name_initial", "age"]
    assert [f.row for f in report.dropped] == [8]  # metadata and calculations are no questions
    assert (report.kept_questions, report.form_questions) == (2, 3)


@pytest.mark.parametrize(("survey_rows", "choices_rows", "expected"), [
    ([["type", "name", "label"], ["text", "a", "A"], ["select_one missing", "q", "Q"]],
     [["list_name", "name", "label"], ["other", "x", "X"]],
     "Row 3 of the survey sheet: the list “missing” is not on the choices sheet"),
    ([["type", "name", "label"], ["text", "a", "A"], ["text", "b", "B ${nowhere}"]], None,
     "Row 3 of the survey sheet: a formula refers to ${nowhere}, but no question is named “nowhere”"),
    ([["type", "name", "label"], ["text", "", "A"]], None, "Row 2 of the survey sheet: this question or group has no name"),
    ([["type", "name", "label"], ["set form title", "t", "T"]], None, "“set form title” is not a question type"),
    ([["type", "name", "label", "label"], ["text", "a", "A", "B"]], None, "two columns called “label”"),
    ([["type", "name", "label"], ["include", "other_form", ""]], None, "includes another form (“other_form”)"),
])
def test_invalid_forms_are_refused_with_the_row_and_what_to_fix(app, db, group, survey_rows, choices_rows, expected):
    before = _count(db)
    with pytest.raises(xlsform.XLSFormError) as error:
        xlsform.import_xlsform(xlsx(survey_rows, choices_rows, None), group)
    assert expected in str(error.value)
    assert "dict_keys" not in str(error.value) and "('" not in str(error.value)
    assert _count(db) == before


def test_files_that_are_no_workbook_are_refused(app, db, group):
    with pytest.raises(xlsform.XLSFormError, match="not an Excel workbook"):
        xlsform.import_xlsform(b"type,name,label\ntext,a,A\n", group)
    with pytest.raises(xlsform.XLSFormError, match="damaged"):
        xlsform.import_xlsform(b"PK\x03\x04 broken", group)


def test_round_trip_keeps_notes_languages_skip_logic_and_constraints(app, db, group):
    first = xlsform.import_xlsform(xls(SURVEY), group).survey
    again = xlsform.import_xlsform(xlsform.export_xlsform(first), group).survey

    def shape(survey):
        return [(q.code, q.type, q.label, q.config, q.show_if_code, q.show_if_values, q.required) for q in survey.questions]

    assert shape(again) == shape(first) and again.languages == first.languages


def test_web_upload_and_cli_take_xls_through_the_same_import(app, db, client, runner, planner, group, tmp_path):
    login(client, planner)
    response = client.post(f"/groups/{group.id}/surveys/import", data={"file": (io.BytesIO(xls(SURVEY)), "safety.xls")},
                           content_type="multipart/form-data")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "4 of the form’s 4 questions and notes" in page
    path = tmp_path / "safety.xls"
    path.write_bytes(xls(SURVEY))
    result = runner.invoke(args=["assessments", "import-xlsform", str(path), "--group", str(group.id)])
    assert result.exit_code == 0 and "4 of the form's 4 questions and notes" in result.output
    response = client.post(f"/groups/{group.id}/surveys/import",
                           data={"file": (io.BytesIO(xlsx([["type", "name", "label"], ["select_one nope", "q", "Q"]], None, None)),
                                          "bad.xlsx")}, content_type="multipart/form-data", follow_redirects=True)
    assert response.status_code == 200 and "This is not a valid XLSForm" in response.get_data(as_text=True)


def test_notes_are_made_in_the_builder_shown_in_preview_and_left_out_of_results(app, db, client, planner, group):
    survey = xlsform.import_xlsform(xlsx(SURVEY), group).survey
    login(client, planner)
    response = client.post(f"/groups/{group.id}/surveys/{survey.id}/questions/new?type=note",
                           data={"type": "note", "code": "thanks", "label_en": "Thank you, that was all.",
                                 "label_pt": "Obrigado, é tudo."})
    assert response.status_code == 302
    assert survey.questions[-1].type == "note" and survey.questions[-1].label["pt"] == "Obrigado, é tudo."
    page = client.get(f"/groups/{group.id}/surveys/{survey.id}/preview").get_data(as_text=True)
    assert "Thank you for taking part." in page and "Thank you, that was all." in page
    builder.set_status(survey, "open")
    store_response(survey, {"feel": "safe"}, submission_key=secrets.token_urlsafe(16))
    response = client.get(f"/groups/{group.id}/surveys/{survey.id}/results")
    assert response.status_code == 200 and "Thank you for taking part." not in response.get_data(as_text=True)
