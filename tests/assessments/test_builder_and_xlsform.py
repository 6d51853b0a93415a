"""Building from the bank in en and pt, the lock once answered, and XLSForm round trips."""
from __future__ import annotations

import io

import pytest
from openpyxl import Workbook
from pyxform.xls2xform import convert

from assessments import builder, xlsform
from assessments.builder import BuilderError
from assessments.question_types import TYPES
from tests.assessments.conftest import answer
from tests.conftest import login


def test_bank_items_cite_sources_and_carry_three_languages(app):
    from assessments.bank import modules

    items = [item for m in modules() for item in m["items"]]
    assert len(items) >= 30 and {m["key"] for m in modules()} >= {"safety", "problems", "victimisation", "efficacy",
                                                                   "police", "online", "priorities", "about"}
    for item in items:
        assert item["source"]
        assert set(item["label"]) == {"en", "pt", "es"} and all(item["label"].values())
        for option in item.get("config", {}).get("options") or []:
            assert set(option["label"]) == {"en", "pt", "es"}
    assert {item["type"] for item in items} >= {"likert", "likert_grid", "yes_no", "multiple", "single", "ranking",
                                                "map", "text", "long_text"}


def test_planner_builds_survey_from_bank_in_pt_and_en(client, db, planner, group):
    login(client, planner)
    response = client.post(f"/groups/{group.id}/surveys/new", data={
        "lang_en": "y", "lang_pt": "y", "default_language": "pt", "title_en": "Safety", "title_pt": "Segurança",
        "modules": ["safety", "priorities"]})
    survey_id = int(response.headers["Location"].rsplit("/", 1)[1])
    survey = db.session.get(builder.Survey, survey_id)
    assert survey.languages == ["en", "pt"] and survey.default_language == "pt"
    assert [q.code for q in survey.questions][:2] == ["safety_dark", "safety_day"]
    client.post(f"/groups/{group.id}/surveys/{survey_id}/questions/new", data={
        "type": "single", "code": "school_route", "label_en": "Is the way to school safe?", "label_pt": "O caminho para a escola é seguro?",
        "options": "yes_safe | Yes | Sim\nnot_safe | No | Não", "new_page": "y"})
    bad = client.post(f"/groups/{group.id}/surveys/{survey_id}/questions/new", data={
        "type": "single", "code": "2bad", "label_en": "x", "options": "a | A\nb | B"})
    assert bad.status_code == 400 and "must start with a letter" in bad.get_data(as_text=True)
    db.session.expire_all()
    assert survey.questions[-1].code == "school_route"
    preview = client.get(f"/groups/{group.id}/surveys/{survey_id}/preview?lang=pt&size=phone").get_data(as_text=True)
    assert "O caminho para a escola é seguro?" in preview and "preview-phone" in preview
    assert "Onde se sente menos" in preview or "Em que sítio do bairro" in preview


def test_edits_that_change_meaning_are_refused_once_answered(app, db, small_survey):
    feel = small_survey.questions[0]
    answer(small_survey, {"feel": "safe"})
    config = dict(feel.config)
    with pytest.raises(BuilderError, match="new version"):
        builder.update_question(feel, label=feel.label, hint={}, config={"options": config["options"][:2]}, required=False,
                                show_if_code=None, show_if_values=None, new_page=False)
    with pytest.raises(BuilderError, match="new version"):
        builder.delete_question(feel)
    with pytest.raises(BuilderError, match="new version"):
        builder.add_module(small_survey, "online")
    # Wording and translations may change.
    builder.update_question(feel, label={"en": "How safe do you feel?", "pt": "Sente-se seguro?"}, hint={}, config=config,
                            required=False, show_if_code=None, show_if_values=None, new_page=False)
    copy = builder.new_version(small_survey)
    assert copy.version == 2 and copy.previous_id == small_survey.id and not builder.has_answers(copy)
    builder.delete_question(copy.questions[0])


def _import(app, data, group):
    return xlsform.import_xlsform(data, group)


def test_xlsform_round_trip_keeps_every_type(app, db, group, survey):
    custom = builder.add_question(survey, code="visits", type="numeric", label={"en": "Visits"}, config={"min": 0, "max": 50, "integer": True})
    builder.add_question(survey, code="when", type="date", label={"en": "When"})
    survey.questions[3].config = {"places": [{"value": "park", "lat": 38.75, "lng": -9.11, "label": {"en": "Park", "pt": "Parque"}}]}
    db.session.commit()
    data = xlsform.export_xlsform(survey)
    convert(io.BytesIO(data), file_type=".xlsx")  # pyxform accepts what we write
    report = _import(app, data, group)
    imported = report.survey
    assert not report.problems, report.problems
    original = {q.code: q for q in survey.questions}
    assert [q.code for q in imported.questions] == list(original)
    for q in imported.questions:
        source = original[q.code]
        assert q.type == source.type, q.code
        assert q.label.get("pt") == source.label.get("pt") and q.label.get("en") == source.label.get("en")
        assert TYPES[q.type].option_values(q) == TYPES[source.type].option_values(source)
        assert (q.show_if_code, q.show_if_values) == (source.show_if_code, source.show_if_values)
        assert bool(q.new_page) == bool(source.new_page) or q.code in {"vict_why_not", "police_contact_ok"}
    grid = next(q for q in imported.questions if q.code == "problems")
    assert [r["value"] for r in grid.config["rows"]] == [r["value"] for r in original["problems"].config["rows"]]
    assert [o.get("score") for o in grid.config["options"]] == [o.get("score") for o in original["problems"].config["options"]]
    assert next(q for q in imported.questions if q.code == "priorities").config["max_ranked"] == 3
    assert next(q for q in imported.questions if q.code == "unsafe_place").config["places"][0]["lat"] == 38.75
    visits = next(q for q in imported.questions if q.code == "visits")
    assert visits.config["min"] == 0 and visits.config["max"] == 50 and custom.id != visits.id
    assert imported.languages == ["en", "pt", "es"]


def _workbook(rows, choices):
    wb = Workbook()
    sheet = wb.active
    sheet.title = "survey"
    for row in rows:
        sheet.append(row)
    c = wb.create_sheet("choices")
    for row in choices:
        c.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_unsupported_xlsform_features_are_reported(app, group):
    data = _workbook(
        [["type", "name", "label::English (en)", "label::Português (pt)", "relevant", "constraint", "media::image", "calculation"],
         ["select_one yn", "likes", "Like it?", "Gosta?", "", "", "likes.png", ""],
         ["calculate", "calc", "", "", "", "", "", "1 + 1"],
         ["text", "why", "Why?", "Porquê?", "${likes} = 'yes' and ${likes} != 'no'", "", "", ""],
         ["integer", "age", "Age", "Idade", "", ". > 3 or . < 100", "", ""],
         ["image", "photo", "Photo", "Foto", "", "", "", ""],
         ["geotrace", "area", "Route", "Percurso", "", "", "", ""]],
        [["list_name", "name", "label::English (en)", "label::Português (pt)"], ["yn", "yes", "Yes", "Sim"], ["yn", "no", "No", "Não"]])
    report = xlsform.import_xlsform(data, group)
    text = "\n".join(report.problems)
    assert "“calculate” is not supported" in text and "Row 3" in text
    assert "Row 6: photo questions are not imported: a resident's photo is personal data" in text
    assert "the condition" in text and "Row 4" in text
    assert "the constraint" in text
    assert "geotrace" in text
    assert "Row 2: images, audio or video in the label" in text
    assert [q.code for q in report.survey.questions] == ["likes", "why", "age", "area"]


def test_broken_xlsform_is_refused_with_a_message(app, group):
    with pytest.raises(xlsform.XLSFormError):
        xlsform.import_xlsform(b"not a spreadsheet", group)
    with pytest.raises(xlsform.XLSFormError, match="valid XLSForm"):
        xlsform.import_xlsform(_workbook([["type", "name", "label"], ["select_one missing", "q", "Q"]], [["list_name", "name", "label"]]), group)


def test_cli_round_trip(app, runner, survey, group, tmp_path):
    out = tmp_path / "form.xlsx"
    result = runner.invoke(args=["assessments", "export-xlsform", str(survey.id), str(out)])
    assert result.exit_code == 0 and out.exists()
    result = runner.invoke(args=["assessments", "import-xlsform", str(out), "--group", str(group.id)])
    assert result.exit_code == 0 and "Imported survey" in result.output
    result = runner.invoke(args=["assessments", "import-xlsform", str(out), "--group", "99999"])
    assert result.exit_code != 0 and "no security group" in result.output


def test_web_import_shows_report(client, planner, group, survey):
    login(client, planner)
    data = xlsform.export_xlsform(survey)
    response = client.post(f"/groups/{group.id}/surveys/import", data={"file": (io.BytesIO(data), "form.xlsx")},
                           content_type="multipart/form-data")
    assert response.status_code == 200 and "Everything in the form was imported." in response.get_data(as_text=True)


def test_demo_seeder_makes_results_with_beato_merged_into_marvila(app, db):
    from assessments import results
    from assessments.models import Survey
    from partnership.demo import seed_demo

    seed_demo()
    from sqlalchemy import select

    survey = db.session.scalar(select(Survey).order_by(Survey.id).limit(1))
    assert abs(results.respondent_count(survey) - 400) <= 2
    names = {n.id: n.name for n in survey.group.neighbourhoods}
    table = next(t for t in results.breakdown(survey, "neighbourhood", "en", 5, names) if t.question.code == "safety_dark")
    beato = next(n.id for n in survey.group.neighbourhoods if n.code == "110607")
    marvila = next(n.id for n in survey.group.neighbourhoods if n.code == "110621")
    # Beato (3 answers) is published with Marvila (387), and their figures show.
    merged = next(g for g, label in table.groups if label == "Beato + Marvila")
    assert table.members[merged] == sorted([beato, marvila]) and table.bases[merged] > 300
    assert all(table.cells[(merged, c)].publishable for c, _l in table.columns)
    # The demo's groups (made before its boundaries) and survey keep the demo's boundary version.
    from maps.group_boundaries import group_version_id
    from maps.versions import active_version
    from partnership.groups.models import SecurityGroup

    active = active_version(survey.group.municipality_id)
    assert survey.boundary_version_id == active.id
    assert {group_version_id(g) for g in db.session.scalars(select(SecurityGroup))} == {active.id}
    first = results.respondent_count(survey)
    seed_demo()  # idempotent: the same answers, so the same published figures
    assert results.respondent_count(survey) == first
