"""XLSForm interchange with ODK / KoboToolbox, checked by pyxform both ways.

Export writes survey/choices/settings sheets; every exported file is compiled
with pyxform before it is returned. Import first lets pyxform check the file,
then maps what this service supports and lists everything else in the report
(row by row), so nothing is dropped silently.
"""
from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass, field

from flask_babel import gettext as _
from openpyxl import Workbook
from pyxform.errors import PyXFormError
from pyxform.xls2json_backends import get_xlsform
from pyxform.xls2xform import convert

from assessments import builder
from assessments.models import Question, Survey
from assessments.question_types import CODE_RE, get_type
from partnership.extensions import db

LANGUAGE_NAMES = {"en": "English", "pt": "Português", "es": "Español"}
LANG_RE = re.compile(r"\((?P<code>[a-z]{2,3})\)\s*$")
REL_EQ = re.compile(r"^\$\{(?P<src>\w+)\}\s*=\s*'(?P<value>[^']*)'$")
REL_SEL = re.compile(r"^selected\(\s*\$\{(?P<src>\w+)\}\s*,\s*'(?P<value>[^']*)'\s*\)$")
CONSTRAINT = re.compile(r"^\.\s*(?P<op>>=|<=)\s*(?P<n>-?\d+(?:\.\d+)?)$")
PLACE_SUFFIX = "__place"
GRID_HEADER = "__header"
SUPPORTED_SURVEY_COLUMNS = {"type", "name", "label", "hint", "required", "relevant", "appearance", "constraint",
                            "constraint_message", "sn_max_ranked"}


class XLSFormError(ValueError):
    """The file is not a usable XLSForm; the message says why."""


def _col(kind: str, lang: str) -> str:
    return f"{kind}::{LANGUAGE_NAMES.get(lang, lang)} ({lang})"


def _texts(values: dict, languages: list[str], kind: str) -> dict:
    return {_col(kind, lang): (values or {}).get(lang, "") for lang in languages}


def _relevant(survey: Survey, question: Question) -> str:
    if not question.show_if_code:
        return ""
    source = next((q for q in survey.questions if q.code == question.show_if_code), None)
    multi = source is not None and get_type(source.type).aggregation == "multi"
    parts = [f"selected(${{{question.show_if_code}}}, '{v}')" if multi else f"${{{question.show_if_code}}} = '{v}'"
             for v in question.show_if_values or []]
    return " or ".join(parts)


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
                "default_language": f"{LANGUAGE_NAMES.get(survey.default_language, survey.default_language)} ({survey.default_language})"}
    return rows, choices, settings


def _sheet(workbook: Workbook, title: str, rows: list[dict], first: list[str]) -> None:
    sheet = workbook.create_sheet(title)
    columns = list(first)
    for row in rows:
        for key in row:
            if key not in columns:
                columns.append(key)
    sheet.append(columns)
    for row in rows:
        sheet.append([row.get(c, "") for c in columns])


def export_xlsform(survey: Survey) -> bytes:
    """The survey as an .xlsx XLSForm, compiled by pyxform as a check."""
    rows, choices, settings = export_rows(survey)
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(workbook, "survey", rows, ["type", "name"])
    _sheet(workbook, "choices", choices, ["list_name", "name"])
    _sheet(workbook, "settings", [settings], ["form_title", "form_id"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    try:
        convert(io.BytesIO(data), file_type=".xlsx")
    except PyXFormError as error:  # a bug here, not the user's: say so plainly
        raise XLSFormError(_("The exported form did not pass the XLSForm check: %(error)s", error=str(error))) from error
    return data


# -- import ------------------------------------------------------------------

@dataclass
class ImportReport:
    survey: Survey | None = None
    problems: list[str] = field(default_factory=list)  # unsupported features, each with its row

    def note(self, row: int | None, message: str) -> None:
        self.problems.append(_("Row %(row)d: %(message)s", row=row, message=message) if row else message)


def _lang_of(column: str, default: str) -> str | None:
    """'label::English (en)' -> 'en'; a bare 'label' -> the default language."""
    if "::" not in column:
        return default
    match = LANG_RE.search(column.split("::", 1)[1])
    return match.group("code") if match else None


def _translated(row: dict, kind: str, default: str, report: ImportReport, number: int, seen: set) -> dict:
    values = {}
    for column, value in row.items():
        if column == kind or column.startswith(kind + "::"):
            lang = _lang_of(column, default)
            if lang is None:
                if column not in seen:
                    seen.add(column)
                    report.note(number, _("column “%(column)s” has no language code like “(pt)”; it was not imported.",
                                          column=column))
                continue
            if str(value).strip():
                values[lang] = str(value).strip()
    return values


def _number(raw, column: str, row: int, report: ImportReport) -> int | float | None:
    """A number from a choices cell; a cell that is no finite number is reported and left out."""
    text = str(raw if raw is not None else "").strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        report.note(None, _("Choices sheet, row %(row)d: “%(value)s” in the column %(column)s is not a number; "
                            "it was left out.", row=row, value=text, column=column))
        return None
    return int(value) if "." not in text and value.is_integer() else value


def import_xlsform(data: bytes, group, *, user=None) -> ImportReport:
    """Create a draft survey for `group` from an XLSForm file; unsupported parts are listed in the report."""
    try:
        convert(io.BytesIO(data), file_type=".xlsx")
        workbook = get_xlsform(io.BytesIO(data), file_type=".xlsx")
    except PyXFormError as error:
        raise XLSFormError(_("This is not a valid XLSForm: %(error)s", error=str(error))) from error
    except Exception as error:  # noqa: BLE001 — corrupt files raise many kinds of errors
        raise XLSFormError(_("The file could not be read as an .xlsx XLSForm (%(error)s).", error=type(error).__name__)) from error
    report = ImportReport()
    settings = (workbook.settings or [{}])[0]
    default = _lang_of("x::" + settings.get("default_language", ""), "en") or "en"
    choices: dict[str, list[dict]] = {}
    seen_columns: set = set()
    for number, row in enumerate(workbook.choices or [], start=2):
        list_name = row.get("list_name")
        option = {"value": str(row.get("name", "")), "label": _translated(row, "label", default, report, 0, seen_columns)}
        for key, column in (("score", "sn_score"), ("lat", "lat"), ("lng", "lng")):
            value = _number(row.get(column), column, number, report)
            if value is not None:
                option[key] = value
        choices.setdefault(list_name, []).append(option)
    languages: set[str] = set()
    items: list[dict] = []
    rows = [(number, row) for number, row in enumerate(workbook.survey or [], start=2)]  # row 1 is the header
    index = 0
    new_page = True
    while index < len(rows):
        number, row = rows[index]
        index += 1
        kind = str(row.get("type", "")).strip()
        name = str(row.get("name", "")).strip()
        for column in row:
            base = column.split("::", 1)[0]
            if base not in SUPPORTED_SURVEY_COLUMNS and column not in seen_columns:
                seen_columns.add(column)
                report.note(number, _("column “%(column)s” is not supported and was ignored.", column=column))
        label = _translated(row, "label", default, report, number, seen_columns)
        hint = _translated(row, "hint", default, report, number, seen_columns)
        languages |= set(label)
        item = {"code": name, "label": label, "hint": hint, "required": str(row.get("required", "")).lower() in {"yes", "true", "1"},
                "new_page": new_page, "row": number, "relevant": str(row.get("relevant", "")).strip(),
                "appearance": str(row.get("appearance", "")).strip(), "constraint": str(row.get("constraint", "")).strip(),
                "sn_max_ranked": str(row.get("sn_max_ranked", "")).strip()}
        if kind == "begin_group" or kind == "begin group":
            group_rows = []
            depth = 1
            while index < len(rows) and depth:
                t = str(rows[index][1].get("type", "")).strip()
                depth += t in {"begin_group", "begin group"}
                depth -= t in {"end_group", "end group"}
                if depth:
                    group_rows.append(rows[index])
                index += 1
            grid = _grid(name, label, [r for _n, r in group_rows], choices, default, report, number, seen_columns)
            if grid is not None:
                grid.update(new_page=new_page, relevant=item["relevant"], row=number)
                items.append(grid)
                new_page = False
            else:
                # A page: its questions follow; nested groups are flattened.
                rows[index:index] = group_rows
                new_page = True
                if item["relevant"]:
                    report.note(number, _("a condition on a whole group is not supported; its questions are always shown."))
            continue
        if kind in {"end_group", "end group"}:
            new_page = True
            continue
        mapped = _question_from_row(kind, item, choices, report, number)
        if mapped is None:
            continue
        if mapped["type"] == "map_place":
            target = next((i for i in reversed(items) if i["code"] + PLACE_SUFFIX == name and i["type"] == "map"), None)
            if target is None:
                report.note(number, _("a list of places without its map question was imported as a single choice."))
                mapped["type"] = "single"
            else:
                target["config"]["places"] = [p for p in mapped["config"]["options"] if "lat" in p and "lng" in p]
                continue
        items.append(mapped)
        new_page = False
    return _create(group, workbook, settings, items, languages or {default}, default, report, user)


def _grid(name, label, group_rows, choices, default, report, number, seen) -> dict | None:
    """The canonical XLSForm grid: a header select with appearance 'label', then 'list-nolabel' rows."""
    if len(group_rows) < 2 or str(group_rows[0].get("appearance", "")).strip() != "label":
        return None
    header_type = str(group_rows[0].get("type", ""))
    if not header_type.startswith("select_one ") or any(
            str(r.get("type", "")) != header_type or str(r.get("appearance", "")).strip() != "list-nolabel" for r in group_rows[1:]):
        return None
    options = choices.get(header_type.split(" ", 1)[1].strip(), [])
    grid_rows = []
    for r in group_rows[1:]:
        row_name = str(r.get("name", ""))
        value = row_name[len(name) + 2:] if row_name.startswith(name + "__") else row_name
        grid_rows.append({"value": value, "label": _translated(r, "label", default, report, number, seen)})
    if not any(isinstance(o.get("score"), (int, float)) for o in options):
        for position, option in enumerate(reversed(options), start=1):
            option["score"] = position
        report.note(number, _("the grid's options had no scores; they were numbered from the last (1) up."))
    required = any(str(r.get("required", "")).lower() in {"yes", "true", "1"} for r in group_rows[1:])
    return {"code": name, "type": "likert_grid", "label": label, "hint": {}, "required": required,
            "config": {"options": options, "rows": grid_rows}}


def _question_from_row(kind: str, item: dict, choices: dict, report: ImportReport, number: int) -> dict | None:
    parts = kind.split()
    base = parts[0] if parts else ""
    list_name = parts[1] if len(parts) > 1 else ""
    if "or_other" in parts:
        report.note(number, _("“or_other” is not supported; the “other” text box was left out."))
    appearance = item.pop("appearance")
    mapped: dict | None = None
    if base in {"select_one", "select1"}:
        options = [dict(o) for o in choices.get(list_name, [])]
        if list_name.startswith("places_"):
            mapped = {"type": "map_place", "config": {"options": options}}
        elif {o["value"] for o in options} == {"yes", "no"} and list_name == "yes_no":
            mapped = {"type": "yes_no", "config": {}}
        elif appearance.startswith("likert") or any(isinstance(o.get("score"), (int, float)) for o in options):
            if not any(isinstance(o.get("score"), (int, float)) for o in options):
                for position, option in enumerate(reversed(options), start=1):
                    option["score"] = position
            mapped = {"type": "likert", "config": {"options": options}}
        else:
            mapped = {"type": "single", "config": {"options": options}}
    elif base == "select_multiple":
        mapped = {"type": "multiple", "config": {"options": [dict(o) for o in choices.get(list_name, [])]}}
    elif base == "rank":
        config = {"options": [dict(o) for o in choices.get(list_name, [])]}
        max_ranked = str(item.get("sn_max_ranked", "") or "").strip()
        mapped = {"type": "ranking", "config": config}
        if max_ranked.isdigit():
            config["max_ranked"] = int(max_ranked)
    elif base in {"integer", "decimal"}:
        mapped = {"type": "numeric", "config": {"integer": base == "integer"}}
    elif base == "text":
        mapped = {"type": "long_text" if "multiline" in appearance else "text", "config": {}}
    elif base == "date":
        mapped = {"type": "date", "config": {}}
    elif base in {"geopoint", "geoshape", "geotrace"}:
        if base == "geotrace":
            report.note(number, _("“%(type)s” was imported as a point question (lines are not supported).", type=base))
        mapped = {"type": "map", "config": {"places": [], **({"mode": "area"} if base == "geoshape" else {})}}
    if mapped is None:
        report.note(number, _("question type “%(type)s” is not supported; the question “%(name)s” was not imported.",
                              type=kind or "?", name=item["code"] or "?"))
        return None
    if base in {"integer", "decimal"}:
        _constraint(mapped["config"], item, report, number)
    elif item.get("constraint"):
        report.note(number, _("the constraint “%(c)s” is not supported and was left out.", c=item["constraint"]))
    return {**item, **mapped}


def _constraint(config: dict, item: dict, report: ImportReport, number: int) -> None:
    raw = str(item.get("constraint", "") or "").strip()
    if not raw:
        return
    for part in re.split(r"\s+and\s+", raw):
        match = CONSTRAINT.match(part.strip())
        if match is None:
            report.note(number, _("the constraint “%(c)s” is not supported and was left out.", c=raw))
            config.pop("min", None), config.pop("max", None)
            return
        value = float(match.group("n")) if "." in match.group("n") else int(match.group("n"))
        config["min" if match.group("op") == ">=" else "max"] = value


def _create(group, workbook, settings, items, languages, default, report, user) -> ImportReport:
    langs = [lang for lang in ("en", "pt", "es") if lang in languages] + sorted(languages - {"en", "pt", "es"})
    title_value = settings.get("form_title") or workbook.fallback_form_name or _("Imported survey")
    survey = builder.create_survey(group, title={default if default in langs else langs[0]: str(title_value)},
                                   languages=langs, default_language=default, user=user, commit=False)
    codes = set()
    for position, item in enumerate(items, start=1):
        code = item["code"]
        number = item.pop("row")
        if not CODE_RE.match(code or "") or code in codes:
            report.note(number, _("the name “%(name)s” is not usable as a question code; the question was not imported.", name=code))
            continue
        problems = get_type(item["type"]).check_config(item["config"])
        if problems:
            report.note(number, " ".join(problems) + " " + _("The question “%(name)s” was not imported.", name=code))
            continue
        show_if_code, show_if_values = _parse_relevant(item.get("relevant", ""), codes, report, number)
        codes.add(code)
        db.session.add(Question(survey=survey, position=position, code=code, type=item["type"], label=item["label"],
                                hint=item.get("hint") or {}, required=item.get("required", False), config=item["config"],
                                show_if_code=show_if_code, show_if_values=show_if_values, new_page=item.get("new_page", False)))
    db.session.commit()
    report.survey = survey
    return report


def _parse_relevant(relevant: str, known: set[str], report: ImportReport, number: int):
    """`${a} = 'x' or ${a} = 'y'` / `selected(${a}, 'x')` become a skip rule; anything else is reported."""
    if not relevant:
        return None, None
    source, values = None, []
    for part in re.split(r"\s+or\s+", relevant.strip()):
        match = REL_EQ.match(part.strip()) or REL_SEL.match(part.strip())
        if match is None or (source and match.group("src") != source) or match.group("src") not in known:
            report.note(number, _("the condition “%(c)s” is not supported (only “question = answer” on an earlier "
                                  "question); the question is always shown.", c=relevant))
            return None, None
        source = match.group("src")
        values.append(match.group("value"))
    return source, values
