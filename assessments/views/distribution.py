"""Distribution pages: public link and QR code, invitation batches, sample targets."""
from __future__ import annotations

from flask import Response as HttpResponse
from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from assessments import bp, distribution
from assessments.distribution import DistributionError
from assessments.forms import BatchForm
from assessments.views import group_survey, ui_lang
from partnership import access
from partnership.audit import log_event
from partnership.auth.roles import Role
from partnership.extensions import db
from partnership.groups.permissions import can_plan_group, can_work_in_group

STAFF = (Role.PLANNER, Role.REVIEWER, Role.PARTNER)


def _batch_form(survey) -> BatchForm:
    form = BatchForm()
    form.neighbourhood_id.choices = [(0, _("Any (respondents choose)"))] + [(n.id, n.name) for n in survey.group.neighbourhoods]
    return form


def _age_bands(survey, lang):
    question = next((q for q in survey.questions if q.code == distribution.AGE_QUESTION), None)
    if question is None:
        return []
    from assessments.question_types import get_type, tr

    return [(o["value"], tr(o.get("label"), lang)) for o in get_type(question.type).options(question)
            if o["value"] != "prefer_not"]


@bp.route("/groups/<int:group_id>/surveys/<int:survey_id>/distribute")
@access.group(Role.PLANNER, Role.PARTNER, check=can_work_in_group, description="the group's planners and partners")
def survey_distribute(group_id: int, survey_id: int):
    survey = group_survey(survey_id)
    lang = ui_lang(survey)
    k = current_app.config["SMALL_CELL_MIN"]
    return render_template(
        "assessments/distribute.html", group=g.group, survey=survey, lang=lang, form=_batch_form(survey),
        public_url=url_for("assessments.answer_start", slug=survey.slug, _external=True),
        token_url=url_for("assessments.answer_token", slug=survey.slug, _external=True),
        batches=distribution.batch_usage(survey, k), progress=distribution.target_progress(survey, k), k=k,
        bands=_age_bands(survey, lang), can_plan=can_plan_group(current_user, g.group),
    )


@bp.route("/groups/<int:group_id>/surveys/<int:survey_id>/qr.svg")
@access.group(*STAFF)
def survey_qr(group_id: int, survey_id: int):
    survey = group_survey(survey_id)
    url = url_for("assessments.answer_start", slug=survey.slug, _external=True)
    return HttpResponse(distribution.qr_svg(url), mimetype="image/svg+xml",
                        headers={"Content-Disposition": f'inline; filename="survey-{survey.id}-qr.svg"'})


@bp.route("/groups/<int:group_id>/surveys/<int:survey_id>/batches", methods=["POST"])
@access.group(Role.PLANNER, check=can_plan_group, description="the group's planners")
def batch_create(group_id: int, survey_id: int):
    """Make invitations and show them once for printing: only their hashes are stored."""
    survey = group_survey(survey_id)
    form = _batch_form(survey)
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return redirect(url_for("assessments.survey_distribute", group_id=group_id, survey_id=survey_id))
    try:
        batch, tokens = distribution.create_batch(survey, label=form.label.data, size=form.size.data,
                                                  neighbourhood_id=form.neighbourhood_id.data or None)
    except DistributionError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("assessments.survey_distribute", group_id=group_id, survey_id=survey_id))
    log_event("survey.invitations_created", target=f"survey:{survey.id}", details={"batch_id": batch.id, "size": len(tokens)})
    db.session.commit()
    token_url = url_for("assessments.answer_token", slug=survey.slug, _external=True)
    return render_template("assessments/tokens_print.html", group=g.group, survey=survey, batch=batch, tokens=tokens,
                           token_url=token_url, lang=ui_lang(survey))


@bp.route("/groups/<int:group_id>/surveys/<int:survey_id>/targets", methods=["POST"])
@access.group(Role.PLANNER, check=can_plan_group, description="the group's planners")
def targets_save(group_id: int, survey_id: int):
    survey = group_survey(survey_id)
    targets = {}
    bands = [""] + [b for b, _l in _age_bands(survey, ui_lang(survey))]
    try:
        for neighbourhood in survey.group.neighbourhoods:
            for band in bands:
                raw = request.form.get(f"target_{neighbourhood.id}_{band or 'all'}", "").strip()
                if raw:
                    if not raw.isdigit():
                        raise DistributionError(_("Targets must be whole numbers."))
                    targets[(neighbourhood.id, band)] = int(raw)
        distribution.set_targets(survey, targets)
    except DistributionError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        flash(_("Sample targets saved."), "success")
    return redirect(url_for("assessments.survey_distribute", group_id=group_id, survey_id=survey_id) + "#targets")

