"""Recruitment: the vacancy from the adopted profile, criteria first, candidates, independent scoring.

Values-based recruitment sets the criteria before any candidate is seen: weights are
fixed before the first score and locked by it. Each panel member submits one sheet
per candidate, once; nobody sees the panel's scores of a candidate before submitting
their own.
"""
from __future__ import annotations

import string

from flask_babel import gettext as _
from sqlalchemy import select

from partnership.audit import log_event
from partnership.dbtypes import utcnow
from partnership.extensions import db
from partnership.groups.models import Decision
from partnership.groups.permissions import is_partner_of, is_planner_of
from partnership.teams import profile_source, scoring
from partnership.teams.errors import TeamError
from partnership.teams.models import (
    Candidate,
    CompetenceScore,
    RoleHolding,
    ScoreSheet,
    Vacancy,
    VacancyStatus,
)
from partnership.teams.team import current_holdings, open_vacancies

NAME_MAX, UNIT_MAX, TEXT_MAX, EVIDENCE_MAX, LIST_MAX = 120, 160, 5000, 2000, 20


def role_snapshot(role, seats: list[int]) -> dict:
    """A Step 3 `RoleRequirement` as the vacancy keeps it, with the seats it is recruiting for."""
    return {
        "key": role.key, "title": role.title, "seats": seats, "purpose": role.purpose,
        "responsibilities": role.responsibilities,
        "competences": [{"code": c.code, "name": c.name, "domain": c.domain, "level": c.level} for c in role.competences],
        "languages": list(role.languages), "platforms": list(role.platforms), "online_share": role.online_share,
        "hours": role.hours, "conditions": list(role.conditions),
    }


def create_vacancy(group, *, by, replaces: RoleHolding | None = None) -> Vacancy:
    """A vacancy for every seat of the adopted profile that nobody holds."""
    profile = profile_source.adopted_profile(group)
    if profile is None:
        raise TeamError(_("The group has not adopted a team profile yet (Step 3)."))
    if open_vacancies(group):
        raise TeamError(_("A vacancy is already open for this team: appoint from it or close it first."))
    held = {(h.role_key, h.seat) for h in current_holdings(group)}
    roles = []
    for role in profile.roles:
        seats = [n for n in range(1, role.count + 1) if (role.key, n) not in held]
        if seats:
            roles.append(role_snapshot(role, seats))
    if not roles:
        raise TeamError(_("Every role of the profile is filled: there is nothing to recruit for."))
    vacancy = Vacancy(group_id=group.id, profile_id=profile.profile_id, profile_version=profile.version,
                      team_model_name=profile.team_model_name, roles=roles, weights={}, created_by_id=by.id,
                      replaces_holding_id=replaces.id if replaces is not None else None)
    db.session.add(vacancy)
    db.session.flush()
    log_event("vacancy.created", actor=by, target=f"vacancy:{vacancy.id}",
              details={"group_id": group.id, "profile_id": profile.profile_id, "version": profile.version,
                       "replaces_holding_id": vacancy.replaces_holding_id})
    db.session.commit()
    return vacancy


def has_scores(vacancy: Vacancy) -> bool:
    return db.session.scalar(select(ScoreSheet.id).join(Candidate).where(Candidate.vacancy_id == vacancy.id)
                             .limit(1)) is not None


def _require_open(vacancy: Vacancy) -> None:
    if vacancy.status != VacancyStatus.OPEN:
        raise TeamError(_("This vacancy is closed."))


def set_weights(vacancy: Vacancy, weights: dict[str, int], *, by) -> None:
    """Fix how much each competence counts; refused once anyone has scored."""
    _require_open(vacancy)
    if vacancy.weights_locked_at is not None or has_scores(vacancy):
        raise TeamError(_("The weights are locked: the panel has started scoring."))
    problem = scoring.check_weights(vacancy.competence_codes, weights)
    if problem == "__all_zero__":
        raise TeamError(_("At least one competence must count (a weight above 0)."))
    if problem is not None:
        raise TeamError(_("Give every competence a weight from %(low)d to %(high)d.", low=scoring.WEIGHT_MIN,
                          high=scoring.WEIGHT_MAX), field=f"weight-{problem}")
    vacancy.weights = {code: int(weights[code]) for code in vacancy.competence_codes}
    log_event("vacancy.weights", actor=by, target=f"vacancy:{vacancy.id}", details=vacancy.weights)
    db.session.commit()


def set_partner_panel(vacancy: Vacancy, *, enabled: bool, decision_id: int | None, by) -> None:
    """Let the group's partners score anonymised answers, as the group decided (a recorded decision)."""
    _require_open(vacancy)
    if has_scores(vacancy):
        raise TeamError(_("The panel is fixed: scoring has started."))
    decision = None
    if enabled:
        decision = db.session.get(Decision, decision_id) if decision_id else None
        if decision is None or decision.group_id != vacancy.group_id:
            raise TeamError(_("Choose the group's decision to put partners on the panel."), field="decision_id")
    vacancy.partner_panel = enabled
    vacancy.partner_panel_decision_id = decision.id if decision else None
    log_event("vacancy.partner_panel", actor=by, target=f"vacancy:{vacancy.id}",
              details={"enabled": enabled, "decision_id": vacancy.partner_panel_decision_id})
    db.session.commit()


def pseudonym_for(index: int) -> str:
    """A, B, ..., Z, AA, AB, ... in order of application."""
    letters = string.ascii_uppercase
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = letters[rest] + name
    return name


def _clean_list(values) -> list[str]:
    return [v.strip()[:60] for v in values if v and v.strip()][:LIST_MAX]


def add_candidate(vacancy: Vacancy, *, name: str, unit: str, languages, platforms, motivation: str,
                  online_motivation: str, by) -> Candidate:
    """Record an internal applicant with only what the selection needs."""
    _require_open(vacancy)
    name, unit = (name or "").strip(), (unit or "").strip()
    if not name:
        raise TeamError(_("Enter the candidate's name."), field="name")
    if len(name) > NAME_MAX:
        raise TeamError(_("Keep the name under %(max)d characters.", max=NAME_MAX), field="name")
    if not unit:
        raise TeamError(_("Enter the candidate's current unit."), field="unit")
    if len(unit) > UNIT_MAX:
        raise TeamError(_("Keep the unit under %(max)d characters.", max=UNIT_MAX), field="unit")
    for field, text in (("motivation", motivation), ("online_motivation", online_motivation)):
        if not (text or "").strip():
            raise TeamError(_("The statement of motivation is part of the selection: enter it."), field=field)
        if len(text) > TEXT_MAX:
            raise TeamError(_("Keep the statement under %(max)d characters.", max=TEXT_MAX), field=field)
    used = {c.pseudonym for c in vacancy.candidates}
    index = len(vacancy.candidates)
    while pseudonym_for(index) in used:
        index += 1
    candidate = Candidate(vacancy=vacancy, name=name, unit=unit, languages=_clean_list(languages),
                          platforms=_clean_list(platforms), motivation=motivation.strip(),
                          online_motivation=online_motivation.strip(), pseudonym=pseudonym_for(index))
    db.session.add(candidate)
    db.session.flush()
    log_event("candidate.added", actor=by, target=f"candidate:{candidate.id}", details={"vacancy_id": vacancy.id})
    db.session.commit()
    return candidate


def may_rate(user, vacancy: Vacancy) -> bool:
    """The panel: the group's planners, and its partners when the group put them on it."""
    group = vacancy.group
    return is_planner_of(user, group) or (vacancy.partner_panel and is_partner_of(user, group))


def sheet_of(candidate: Candidate, user) -> ScoreSheet | None:
    return next((s for s in candidate.sheets if s.rater_id == user.id), None)


def submit_sheet(candidate: Candidate, rater, scores: dict[str, tuple[int | None, str]]) -> ScoreSheet:
    """One rater's scores of one candidate, every competence 1-5 with its evidence; once only."""
    vacancy = candidate.vacancy
    _require_open(vacancy)
    if not may_rate(rater, vacancy):
        raise TeamError(_("Only members of the panel can score."))
    if not vacancy.weights:
        raise TeamError(_("Fix the weights of the competences before anyone scores."))
    if sheet_of(candidate, rater) is not None:
        raise TeamError(_("You have already scored this candidate; scores cannot be changed afterwards."))
    for code in vacancy.competence_codes:
        value, evidence = scores.get(code, (None, ""))
        if value is None or not scoring.SCORE_MIN <= value <= scoring.SCORE_MAX:
            raise TeamError(_("Score every competence from 1 to 5."), field=f"score-{code}")
        if not (evidence or "").strip():
            raise TeamError(_("Note the evidence behind each score."), field=f"evidence-{code}")
        if len(evidence) > EVIDENCE_MAX:
            raise TeamError(_("Keep each evidence note under %(max)d characters.", max=EVIDENCE_MAX),
                            field=f"evidence-{code}")
    sheet = ScoreSheet(candidate=candidate, rater_id=rater.id, anonymised=not is_planner_of(rater, vacancy.group))
    for code in vacancy.competence_codes:
        value, evidence = scores[code]
        sheet.scores.append(CompetenceScore(competence_code=code, score=int(value), evidence=evidence.strip()))
    db.session.add(sheet)
    if vacancy.weights_locked_at is None:
        vacancy.weights_locked_at = utcnow()
    db.session.flush()
    log_event("candidate.scored", actor=rater, target=f"candidate:{candidate.id}",
              details={"vacancy_id": vacancy.id, "anonymised": sheet.anonymised})
    db.session.commit()
    return sheet


def sheets_as_dicts(candidate: Candidate) -> list[dict[str, int]]:
    return [{s.competence_code: s.score for s in sheet.scores} for sheet in candidate.sheets]


def role_results(vacancy: Vacancy, role: dict) -> list[scoring.CandidateResult]:
    """Every candidate against one role of the vacancy, ranked."""
    required = {c["code"]: c["level"] for c in role["competences"]}
    return scoring.rank([scoring.candidate_result(c.id, sheets_as_dicts(c), required, vacancy.weights)
                         for c in vacancy.candidates])


def assessed_levels(candidate: Candidate) -> dict[str, int]:
    """The panel's mean score per competence, as a Step 3 level."""
    by_code: dict[str, list[int]] = {}
    for sheet in sheets_as_dicts(candidate):
        for code, value in sheet.items():
            by_code.setdefault(code, []).append(value)
    return {code: scoring.score_to_level(sum(v) / len(v)) for code, v in by_code.items()}
