"""Results pages and exports: protected figures with CIs, maps, free text for planners."""
from __future__ import annotations

from flask import Response as HttpResponse
from flask import abort, current_app, g, render_template, request
from flask_login import current_user
from sqlalchemy import select

from assessments import areas, bp, distribution, needs, results
from assessments.models import Answer
from assessments.question_types import get_type, tr
from assessments.views import group_survey, ui_lang
from partnership import access
from partnership.auth.roles import Role
from partnership.extensions import db
from partnership.groups.permissions import can_plan_group, is_planner_of
from partnership.lazy import lazy_module

# The exports write spreadsheets through openpyxl (most of a second to import): loaded on the first download.
exports = lazy_module("assessments.exports")

STAFF = (Role.PLANNER, Role.REVIEWER, Role.PARTNER)


def shorten(text: str, limit: int) -> str:
    """Cut a label at a word boundary, with an ellipsis, so it never ends mid-word."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def breakdown_choices(survey, lang) -> list[tuple[str, str]]:
    """Dimensions results can be split by: neighbourhood, and the 'about you' questions."""
    from flask_babel import gettext as _

    choices = [("", _("No breakdown")), ("neighbourhood", _("Neighbourhood"))]
    choices += [(q.code, tr(q.label, lang)) for q in results.breakdown_questions(survey)]
    return choices


def _indicator_choices(overall_results) -> list[tuple[str, str]]:
    choices = []
    for result in overall_results:
        if result.kind in {"choice", "multi"} and result.publishable:
            for option in result.options:
                choices.append((f"{result.question.code}:{option.value}",
                                f"{shorten(tr(result.question.label, ui_lang()), 60)} — {option.label}"))
    return choices


def _maps(figures, choices, indicator: str | None):
    """The choropleth of the chosen indicator, the hexagon maps of map questions and the boundary version they use.

    Every map is drawn on the survey's boundary version (the active one when the survey has none).
    Empty if maps are unavailable.
    """
    try:
        from maps import rendering
        from maps.versions import version_in_use
    except ImportError:  # maps is an optional package of an installation
        return None, [], None
    survey, k = figures.survey, figures.k
    version_id = survey.boundary_version_id
    choropleth = None
    indicator = indicator if indicator in dict(choices) else (choices[0][0] if choices else None)
    neighbourhood_ids = [n.id for n in survey.group.neighbourhoods]
    if indicator:
        code, option = indicator.split(":", 1)
        names = {n.id: n.name for n in survey.group.neighbourhoods}
        # The same published table as the breakdown: the map and the table show the same cells and values.
        table = next((t for t in figures.breakdown("neighbourhood", names)
                      if t.question.code == code and t.measure == "share"), None)
        values = {nid: None for nid in neighbourhood_ids}
        labels = {}
        if table is not None:
            for g_key, g_label in table.groups:
                cell = table.cells.get((g_key, option))
                value = None if cell is None or cell.pct is None else round(100 * cell.pct, 1)
                for nid in table.members.get(g_key, [g_key]):
                    if nid in values:
                        values[nid], labels[nid] = value, g_label
        choropleth = (indicator, dict(choices)[indicator],
                      rendering.choropleth_map(values, legend=dict(choices)[indicator] + " (%)", value_format="{:.0f}%",
                                               version_id=version_id, labels=labels))
    hexagons = []
    for question in survey.questions:
        if question.type == "map":
            # Points, places and drawn areas alike: protected counts per fixed hexagon, never a raw point.
            hexagons.append((question, areas.results_map(question, k=k, neighbourhood_ids=neighbourhood_ids,
                                                         version_id=version_id)))
    boundaries = version_in_use(version_id, survey.group.municipality_id) if choropleth or hexagons else None
    return choropleth, hexagons, boundaries


@bp.route("/groups/<int:group_id>/surveys/<int:survey_id>/results")
@access.group(*STAFF)
def survey_results(group_id: int, survey_id: int):
    survey = group_survey(survey_id)
    lang = ui_lang(survey)
    k = current_app.config["SMALL_CELL_MIN"]
    # One page, one count of each aggregate: the table, the choropleth, the respondents and the needs share them.
    figures = results.SurveyFigures(survey, lang, k)
    overall_results = figures.overall()
    by = request.args.get("by", "")
    choices = breakdown_choices(survey, lang)
    tables = []
    if by and by in dict(choices):
        labels = {n.id: n.name for n in survey.group.neighbourhoods} if by == "neighbourhood" else _band_labels(survey, by, lang)
        tables = figures.breakdown(by, labels)
    indicators = _indicator_choices(overall_results)
    choropleth, hexagons, boundaries = _maps(figures, indicators, request.args.get("indicator"))
    planner = is_planner_of(current_user, g.group)
    texts = _free_texts(survey) if planner else {}
    return render_template(
        "assessments/results.html", group=g.group, survey=survey, lang=lang, k=k, overall=overall_results,
        respondents=figures.respondent_count(), by=by, choices=choices, tables=tables, planner=planner,
        texts=texts, choropleth=choropleth, hexagons=hexagons, boundaries=boundaries,
        signals=distribution.volume_signals(survey, k) if planner else [],
        indicators=indicators,
        candidates=needs.rank(survey, lang, k, overall_results=overall_results), can_plan=can_plan_group(current_user, g.group),
    )


def _band_labels(survey, code, lang) -> dict:
    question = next((q for q in survey.questions if q.code == code), None)
    if question is None:
        return {}
    return {o["value"]: tr(o.get("label"), lang) for o in get_type(question.type).options(question)}


def _free_texts(survey, limit: int = 200) -> dict[int, list[str]]:
    """The latest free-text answers per text question; only ever shown to the group's planners."""
    found: dict[int, list[str]] = {}
    for question in survey.questions:
        if get_type(question.type).aggregation == "text":
            found[question.id] = list(db.session.scalars(
                select(Answer.text).where(Answer.question_id == question.id, Answer.text.is_not(None))
                .order_by(Answer.id.desc()).limit(limit)))
    return found


def _download(rows, name: str, fileformat: str):
    if fileformat == "csv":
        return HttpResponse(exports.csv_stream(rows), mimetype="text/csv",
                            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    path = exports.xlsx_file(rows, name)
    return HttpResponse(exports.file_stream(path),
                        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'})


@bp.route("/groups/<int:group_id>/surveys/<int:survey_id>/export/aggregates.<fileformat>")
@access.group(*STAFF)
def export_aggregates(group_id: int, survey_id: int, fileformat: str):
    if fileformat not in {"csv", "xlsx"}:
        abort(404)
    survey = group_survey(survey_id)
    names = {n.id: n.name for n in survey.group.neighbourhoods}
    # Aggregates are small: computed now, inside the request.
    rows = list(exports.aggregate_rows(survey, ui_lang(survey), neighbourhood_names=names))
    return _download(rows, f"survey-{survey.id}-aggregates", fileformat)
