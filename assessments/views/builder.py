"""Survey builder pages: list, compose from the bank and custom questions, preview, open/close."""
from __future__ import annotations

from flask import Response as HttpResponse
from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from assessments import bank, bp, builder, xlsform
from assessments.answering import pages
from assessments.builder import BuilderError
from assessments.forms import (
    ImportForm,
    options_text,
    places_text,
    question_config,
    rows_text,
    translations,
)
from assessments.models import Question, Survey, SurveyStatus
from assessments.question_types import TYPES, get_type
from assessments.views import group_survey, ui_lang
from partnership import access
from partnership.auth.roles import Role
from partnership.extensions import db
from partnership.groups.permissions import can_plan_group, can_work_in_group, is_planner_of

STAFF = (Role.PLANNER, Role.REVIEWER, Role.PARTNER)


@bp.route("/groups/<int:group_id>/surveys")
@access.group(*STAFF)
def survey_list(group_id: int):
    surveys = db.session.scalars(select(Survey).where(Survey.group_id == group_id).order_by(Survey.id.desc())).all()
    counts = {s.id: builder.response_count(s) for s in surveys}
    from assessments.models import NeedsList

    lists = db.session.scalars(select(NeedsList).where(NeedsList.group_id == group_id).order_by(NeedsList.id.desc())).all()
    return render_template("assessments/surveys.html", group=g.group, surveys=surveys, counts=counts, lists=lists,
                           modules=bank.modules(), lang=ui_lang(), can_plan=can_plan_group(current_user, g.group),
                           can_work=can_work_in_group(current_user, g.group), import_form=ImportForm())


@bp.route("/groups/<int:group_id>/surveys/new", methods=["POST"])
@access.group(Role.PLANNER, check=can_plan_group, description="the group's planners")
def survey_create(group_id: int):
    languages = [lang for lang in ("en", "pt", "es") if request.form.get(f"lang_{lang}") == "y"]
    title = translations(request.form, "title", languages)
    try:
        survey = builder.create_survey(g.group, title=title, languages=languages,
                                       default_language=request.form.get("default_language"),
                                       intro=translations(request.form, "intro", languages),
                                       modules=request.form.getlist("modules"), user=current_user)
    except BuilderError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("assessments.survey_list", group_id=group_id))
    flash(_("Survey created. Add questions from the bank or your own, then preview and open it."), "success")
    return redirect(url_for("assessments.survey_edit", group_id=group_id, survey_id=survey.id))


@bp.route("/groups/<int:group_id>/surveys/<int:survey_id>")
@access.group(Role.PLANNER, check=can_plan_group, description="the group's planners")
def survey_edit(group_id: int, survey_id: int):
    survey = group_survey(survey_id)
    return render_template("assessments/builder.html", group=g.group, survey=survey, lang=ui_lang(survey),
                           modules=bank.modules(), types=TYPES, answered=builder.has_answers(survey),
                           responses=builder.response_count(survey), pages=pages(survey))


@bp.route("/groups/<int:group_id>/surveys/<int:survey_id>/settings", methods=["POST"])
@access.group(Role.PLANNER, check=can_plan_group, description="the group's planners")
def survey_settings(group_id: int, survey_id: int):
    survey = group_survey(survey_id)
    title = translations(request.form, "title", survey.languages)
    if not title:
        flash(_("Give the survey a title."), "error")
    else:
        survey.title = title
        survey.intro = translations(request.form, "intro", survey.languages)
        if not builder.has_answers(survey):
            survey.ask_neighbourhood = request.form.get("ask_neighbourhood") == "y"
        db.session.commit()
        flash(_("Survey settings saved."), "success")
    return redirect(url_for("assessments.survey_edit", group_id=group_id, survey_id=survey_id))


@bp.route("/groups/<int:group_id>/surveys/<int:survey_id>/modules", methods=["POST"])
@access.group(Role.PLANNER, check=can_plan_group, description="the group's planners")
def survey_add_module(group_id: int, survey_id: int):
    survey = group_survey(survey_id)
    try:
        added = builder.add_module(survey, request.form.get("module", ""))
    except BuilderError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        flash(_("%(count)d questions added from the bank.", count=len(added)), "success")
    return redirect(url_for("assessments.survey_edit", group_id=group_id, survey_id=survey_id) + "#questions")


def _question_form_values(survey: Survey, question: Question | None, qtype) -> dict:
    config = question.config if question else {}
    return {
        "options": options_text(qtype.options(question) if question and qtype.has_options else config.get("options", []),
                                survey.languages, with_score=qtype.name in {"likert", "likert_grid"}),
        "rows": rows_text(config.get("rows", []), survey.languages),
        "places": places_text(config.get("places", []), survey.languages),
    }


def _save_question(survey: Survey, question: Question | None, qtype):
    form = request.form
    languages = survey.languages
    show_if_code = form.get("show_if_code") or None
    show_if_values = [v.strip() for v in form.get("show_if_values", "").split(",") if v.strip()] or None
    config = question_config(form, qtype, languages, question.config if question else None)
    fields = dict(label=translations(form, "label", languages), hint=translations(form, "hint", languages),
                  config=config, required=form.get("required") == "y", show_if_code=show_if_code,
                  show_if_values=show_if_values, new_page=form.get("new_page") == "y")
    if question is None:
        return builder.add_question(survey, code=form.get("code", "").strip(), type=qtype.name, **fields)
    builder.update_question(question, code=form.get("code", "").strip() or question.code, **fields)
    return question


@bp.route("/groups/<int:group_id>/surveys/<int:survey_id>/questions/new", methods=["GET", "POST"])
@access.group(Role.PLANNER, check=can_plan_group, description="the group's planners")
def question_new(group_id: int, survey_id: int):
    survey = group_survey(survey_id)
    type_name = request.values.get("type", "single")
    if type_name not in TYPES:
        type_name = "single"
    return _question_form(survey, None, get_type(type_name), saved=_("Question added."), anchor="questions")


def _question_form(survey: Survey, question: Question | None, qtype, *, saved: str, anchor: str):
    """Show the question form; on a valid POST save it and go back to the builder at `anchor`."""
    error = None
    if request.method == "POST":
        try:
            _save_question(survey, question, qtype)
        except BuilderError as exc:
            db.session.rollback()
            error = str(exc)
        else:
            flash(saved, "success")
            return redirect(url_for("assessments.survey_edit", group_id=survey.group_id, survey_id=survey.id) + "#" + anchor)
    return render_template("assessments/question_form.html", group=g.group, survey=survey, question=question, qtype=qtype,
                           types=TYPES, error=error, values=request.form if request.method == "POST" else None,
                           defaults=_question_form_values(survey, question, qtype), lang=ui_lang(survey),
                           answered=question is not None and builder.has_answers(survey)), (400 if error else 200)


def _question(survey: Survey, question_id: int) -> Question:
    question = db.session.get(Question, question_id)
    if question is None or question.survey_id != survey.id:
        abort(404)
    return question


@bp.route("/groups/<int:group_id>/surveys/<int:survey_id>/questions/<int:question_id>", methods=["GET", "POST"])
@access.group(Role.PLANNER, check=can_plan_group, description="the group's planners")
def question_edit(group_id: int, survey_id: int, question_id: int):
    survey = group_survey(survey_id)
    question = _question(survey, question_id)
    return _question_form(survey, question, get_type(question.type), saved=_("Question saved."), anchor=f"q-{question.id}")


@bp.route("/groups/<int:group_id>/surveys/<int:survey_id>/questions/<int:question_id>/move", methods=["POST"])
@access.group(Role.PLANNER, check=can_plan_group, description="the group's planners")
def question_move(group_id: int, survey_id: int, question_id: int):
    survey = group_survey(survey_id)
    question = _question(survey, question_id)
    try:
        builder.move_question(question, -1 if request.form.get("direction") == "up" else 1)
    except BuilderError as error:
        db.session.rollback()
        flash(str(error), "error")
    return redirect(url_for("assessments.survey_edit", group_id=group_id, survey_id=survey_id) + f"#q-{question.id}")


@bp.route("/groups/<int:group_id>/surveys/<int:survey_id>/questions/<int:question_id>/delete", methods=["POST"])
@access.group(Role.PLANNER, check=can_plan_group, description="the group's planners")
def question_delete(group_id: int, survey_id: int, question_id: int):
    survey = group_survey(survey_id)
    question = _question(survey, question_id)
    try:
        builder.delete_question(question)
    except BuilderError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        flash(_("Question removed."), "success")
    return redirect(url_for("assessments.survey_edit", group_id=group_id, survey_id=survey_id) + "#questions")


@bp.route("/groups/<int:group_id>/surveys/<int:survey_id>/status", methods=["POST"])
@access.group(Role.PLANNER, check=can_plan_group, description="the group's planners")
def survey_status(group_id: int, survey_id: int):
    survey = group_survey(survey_id)
    status = request.form.get("status", "")
    try:
        builder.set_status(survey, status)
    except BuilderError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        flash(_("The survey is open for answers.") if status == SurveyStatus.OPEN else _("The survey is closed."), "success")
    return redirect(url_for("assessments.survey_edit", group_id=group_id, survey_id=survey_id))


@bp.route("/groups/<int:group_id>/surveys/<int:survey_id>/version", methods=["POST"])
@access.group(Role.PLANNER, check=can_plan_group, description="the group's planners")
def survey_new_version(group_id: int, survey_id: int):
    survey = group_survey(survey_id)
    copy_ = builder.new_version(survey, current_user)
    flash(_("Version %(n)d created as a draft; the earlier version and its answers are unchanged.", n=copy_.version), "success")
    return redirect(url_for("assessments.survey_edit", group_id=group_id, survey_id=copy_.id))


@bp.route("/groups/<int:group_id>/surveys/<int:survey_id>/preview")
@access.group(*STAFF)
def survey_preview(group_id: int, survey_id: int):
    survey = group_survey(survey_id)
    lang = request.args.get("lang") if request.args.get("lang") in survey.languages else ui_lang(survey)
    size = "phone" if request.args.get("size") == "phone" else "desktop"
    return render_template("assessments/preview.html", group=g.group, survey=survey, lang=lang, size=size,
                           pages=pages(survey), types=TYPES, is_planner=is_planner_of(current_user, g.group))


@bp.route("/groups/<int:group_id>/surveys/<int:survey_id>/xlsform.xlsx")
@access.group(Role.PLANNER, check=can_plan_group, description="the group's planners")
def xlsform_export(group_id: int, survey_id: int):
    survey = group_survey(survey_id)
    try:
        data = xlsform.export_xlsform(survey)
    except xlsform.XLSFormError as error:
        flash(str(error), "error")
        return redirect(url_for("assessments.survey_edit", group_id=group_id, survey_id=survey_id))
    return HttpResponse(data, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": f'attachment; filename="survey-{survey.id}-v{survey.version}.xlsx"'})


@bp.route("/groups/<int:group_id>/surveys/import", methods=["POST"])
@access.group(Role.PLANNER, check=can_plan_group, description="the group's planners")
def xlsform_import(group_id: int):
    form = ImportForm()
    if not form.validate_on_submit():
        flash(_("Choose an XLSForm file (.xlsx or .xls) to import."), "error")
        return redirect(url_for("assessments.survey_list", group_id=group_id) + "#import")
    try:
        # Read no further than the largest file an XLSForm may be: the import refuses anything bigger.
        data = form.file.data.read(xlsform.MAX_FILE_BYTES + 1)
        report = xlsform.import_xlsform(data, g.group, user=current_user, filename=form.file.data.filename)
    except (xlsform.XLSFormError, BuilderError) as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("assessments.survey_list", group_id=group_id) + "#import")
    return render_template("assessments/import_report.html", group=g.group, report=report)
