"""Writing a survey as an XLSForm (.xlsx): survey, choices and settings sheets, checked by pyxform.

Texts are written cell by cell through `partnership.spreadsheets.text_cell`, so a
title, hint or label that looks like a formula stays literal text in every
spreadsheet program, and reads back exactly as typed.
"""
from __future__ import annotations

import io

from flask_babel import gettext as _

from assessments.models import Question, Survey
from assessments.question_types import get_type
from assessments.xlsform.conditions import relevant
from assessments.xlsform.languages import column_name
from assessments.xlsform.reading import XLSFormError
from partnership.lazy import lazy_module
from partnership.spreadsheets import write_text_rows

openpyxl = lazy_module("openpyxl")
errors = lazy_module("pyxform.errors")
xls2xform = lazy_module("pyxform.xls2xform")

PLACE_SUFFIX = "__place"
GRID_HEADER = "__header"


def _col(kind: str, lang: str) -> str:
    return f"{kind}::{column_name(lang)}"


def _texts(values: dict, languages: list[str], kind: str) -> dict:
    return {_col(kind, lang): (values or {}).get(lang, "") for lang in languages}


def _relevant(survey: Survey, question: Question) -> str:
    source = next((q for q in survey.questions if q.code == question.show_if_code), None)
    multi = source is not None and get_type(source.type).aggregation == "multi"
    return relevant(question.show_if_code, question.show_if_values, multi)


def export_rows(survey: Survey) -> tuple[list[dict], list[dict], dict]:
    """The survey, choices and settings sheets as lists of dicts."""
    langs = list(survey.languages)
    rows: list[dict] = []
    choices: list[dict] = []
    page = 0
    open_page = False
    for question in survey.questions:
        qtype = get_type(question.type)
        if question.new_page or not open_page:
            if open_page:
                rows.append({"type": "end_group"})
            page += 1
            rows.append({"type": "begin_group", "name": f"page_{page}", "appearance": "field-list"})
            open_page = True
        base = {"name": question.code, **_texts(question.label, langs, "label"), **_texts(question.hint, langs, "hint"),
                "required": "yes" if question.required else "", "relevant": _relevant(survey, question)}
        list_name = f"list_{question.code}"
        options = qtype.options(question)
        if qtype.name == "yes_no":
            list_name = "yes_no"
            if not any(c["list_name"] == "yes_no" for c in choices):
                choices += [{"list_name": "yes_no", "name": o["value"], **_texts(o["label"], langs, "label")} for o in options]
        elif options:
            choices += [{"list_name": list_name, "name": o["value"], **_texts(o.get("label"), langs, "label"),
                         "sn_score": "" if o.get("score") is None else o["score"]} for o in options]
        if qtype.name == "likert_grid":
            rows.append({"type": "begin_group", "name": question.code, **_texts(question.label, langs, "label"),
                         "appearance": "field-list", "relevant": base["relevant"]})
            rows.append({"type": f"select_one {list_name}", "name": question.code + GRID_HEADER, "appearance": "label"})
            for row in qtype.rows(question):
                rows.append({"type": f"select_one {list_name}", "name": f"{question.code}__{row['value']}",
                             **_texts(row.get("label"), langs, "label"), "appearance": "list-nolabel",
                             "required": base["required"]})
            rows.append({"type": "end_group"})
            continue
        if qtype.name in {"single", "likert", "yes_no"}:
            row = {**base, "type": f"select_one {list_name}", "appearance": qtype.xls_appearance}
        elif qtype.name == "multiple":
            row = {**base, "type": f"select_multiple {list_name}"}
        elif qtype.name == "ranking":
            row = {**base, "type": f"rank {list_name}", "sn_max_ranked": (question.config or {}).get("max_ranked") or ""}
        elif qtype.name == "numeric":
            config = question.config or {}
            limits = [f". >= {config['min']}"] if config.get("min") is not None else []
            limits += [f". <= {config['max']}"] if config.get("max") is not None else []
            row = {**base, "type": "integer" if config.get("integer", True) else "decimal", "constraint": " and ".join(limits)}
        elif qtype.name == "note":
            row = {**base, "type": "note", "required": ""}
        elif qtype.name in {"text", "long_text"}:
            row = {**base, "type": "text", "appearance": qtype.xls_appearance}
        elif qtype.name == "date":
            row = {**base, "type": "date"}
        else:  # map: a geopoint or a geoshape (area mode), and the accessible list of places as its companion
            row = {**base, "type": "geoshape" if qtype.mode(question) == "area" else "geopoint"}
            places = qtype.places(question)
            rows.append(row)
            if places:
                place_list = f"places_{question.code}"
                choices += [{"list_name": place_list, "name": p["value"], **_texts(p.get("label"), langs, "label"),
                             "lat": p["lat"], "lng": p["lng"]} for p in places]
                rows.append({"type": f"select_one {place_list}", "name": question.code + PLACE_SUFFIX,
                             **{_col("label", lang): {"en": "Or choose a place from the list", "pt": "Ou escolha um local da lista",
                                                      "es": "O elija un lugar de la lista"}.get(lang, "") for lang in langs},
                             "relevant": base["relevant"]})
            continue
        rows.append(row)
    if open_page:
        rows.append({"type": "end_group"})
    settings = {"form_title": survey.text("title"), "form_id": f"sn_survey_{survey.id}", "version": str(survey.version),
                "default_language": column_name(survey.default_language)}
    return rows, choices, settings


def _sheet(workbook: openpyxl.Workbook, title: str, rows: list[dict], first: list[str]) -> None:
    sheet = workbook.create_sheet(title)
    columns = list(first)
    for row in rows:
        for key in row:
            if key not in columns:
                columns.append(key)
    write_text_rows(sheet, [columns] + [[row.get(c, "") for c in columns] for row in rows])


def export_xlsform(survey: Survey) -> bytes:
    """The survey as an .xlsx XLSForm, compiled by pyxform as a check."""
    rows, choices, settings = export_rows(survey)
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    _sheet(workbook, "survey", rows, ["type", "name"])
    _sheet(workbook, "choices", choices, ["list_name", "name"])
    _sheet(workbook, "settings", [settings], ["form_title", "form_id"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    try:
        xls2xform.convert(io.BytesIO(data), file_type=".xlsx")  # what ODK and KoboToolbox will check
    except errors.PyXFormError as error:  # a bug here, not the user's: say so plainly
        raise XLSFormError(_("The exported form did not pass the XLSForm check: %(error)s", error=str(error))) from error
    return data
