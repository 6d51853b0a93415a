"""XLSForm interchange with ODK / KoboToolbox, read and checked by pyxform both ways.

Import (`import_xlsform`): the file's size is bounded, pyxform reads it (`.xls` or
`.xlsx`, any spelling pyxform accepts) and decides whether it is a valid form; its
normalised form is mapped onto a draft survey, and every element that is dropped
or changed is reported with its row. Export (`export_xlsform`): survey, choices and
settings sheets, compiled by pyxform before they are returned. The CLI and the
upload page both call these two functions.
"""
from __future__ import annotations

from pathlib import PurePath

from flask import current_app
from flask_babel import gettext as _

from assessments import builder
from assessments.models import Question
from assessments.question_types import get_type
from assessments.xlsform import conditions, reading
from assessments.xlsform.exporting import export_rows, export_xlsform
from assessments.xlsform.importing import Mapper
from assessments.xlsform.languages import resolve, survey_languages
from assessments.xlsform.reading import MAX_EXPANDED_BYTES, MAX_FILE_BYTES, XLSFormError
from assessments.xlsform.report import Finding, ImportReport
from partnership.extensions import db

__all__ = ["MAX_EXPANDED_BYTES", "MAX_FILE_BYTES", "Finding", "ImportReport", "XLSFormError", "export_rows",
           "export_xlsform", "import_xlsform", "read_form"]


def read_form(data: bytes, *, filename: str | None = None) -> tuple[Mapper, ImportReport]:
    """Read and map a form without storing anything: XLSFormError when pyxform refuses it."""
    read = reading.read(data)
    report = ImportReport()
    mapper = Mapper(read, report)
    try:
        mapper.walk(read.form.get("children") or [])
    except Exception as error:  # noqa: BLE001 — a form pyxform accepts but this mapping did not foresee
        current_app.logger.exception("XLSForm mapping failed")
        raise XLSFormError(_("pyxform accepts this form, but this service could not map it (the error has been "
                             "logged for the developers). Please send them the file.")) from error
    return mapper, report


def _settings(mapper: Mapper) -> dict:
    rows = mapper.read.definition.settings or [{}]
    return {str(k).strip().lower(): str(v).strip() for k, v in (rows[0] or {}).items()}


def import_xlsform(data: bytes, group, *, user=None, filename: str | None = None) -> ImportReport:
    """Create a draft survey for `group` from an XLSForm file; what is not kept is listed in the report."""
    mapper, report = read_form(data, filename=filename)
    settings = _settings(mapper)
    mapping, default, languages = survey_languages(mapper.language_names, settings.get("default_language")
                                                   or mapper.read.form.get("default_language"), report)
    title = settings.get("form_title") or (PurePath(filename).stem if filename else "") or _("Imported survey")
    survey = builder.create_survey(group, title={default: title[:200]}, languages=languages, default_language=default,
                                   user=user, commit=False)
    created: dict[str, str] = {}  # question code -> type, of the questions stored so far
    for position, item in enumerate(mapper.items, start=1):
        label, hint = resolve(item["label"], mapping), resolve(item["hint"], mapping)
        config = item["config"]
        for key in ("options", "rows", "places"):
            for entry in config.get(key) or []:
                entry["label"] = resolve(entry.get("label") or {}, mapping)
        problems = get_type(item["type"]).check_config(config)
        if problems:
            report.note(item["row"], " ".join(problems) + " " + _("The question “%(name)s” was not imported.",
                                                                  name=item["code"]), dropped=True)
            report.kept_questions -= 1
            continue
        show_if_code, show_if_values = _show_if(mapper, item, created, report)
        created[item["code"]] = item["type"]
        db.session.add(Question(survey=survey, position=position, code=item["code"], type=item["type"], label=label,
                                hint=hint, required=item["required"], config=config, show_if_code=show_if_code,
                                show_if_values=show_if_values, new_page=item["new_page"]))
    db.session.commit()
    report.findings.sort(key=lambda f: (f.row is not None, f.row or 0))
    if not created:
        # A valid form is always imported, but say plainly when none of it could become a question.
        report.findings.insert(0, Finding(None, _("None of this form's questions could be imported, so the draft "
                                                  "survey is empty. The rows below say why; add questions in the "
                                                  "builder, or change the form and import it again.")))
    report.survey = survey
    return report


def _show_if(mapper: Mapper, item: dict, created: dict[str, str], report: ImportReport):
    """The question's skip rule from its own condition and its groups'; what cannot be held is reported."""
    conds = [c for c in item["conds"] if c[0]]
    if not conds:
        return None, None
    if len(conds) > 1:
        report.note(item["row"], _("the question has conditions of its own and of its group (“%(c)s”), which cannot be "
                                   "combined; it is always shown.", c=" and ".join(c[0] for c in conds)))
        return None, None
    expression, row = conds[0]
    parsed = conditions.show_if(expression)
    code = mapper.codes.get(parsed[0]) if parsed else None
    if parsed is None or code not in created:
        report.note(item["row"] or row, _("the condition “%(c)s” is not supported (only “question = answer” on an "
                                          "earlier question); the question is always shown.", c=expression))
        return None, None
    options = mapper.option_codes.get(code, {})
    return code, [options.get(v, v) for v in parsed[1]]
