"""The partnership's self-assessment: officers and partners rate statements, anonymously, once per cycle.

Three areas (after the community-policing self-assessment tool): community
partnerships, problem solving, organisational support. Only the respondent's role
(officer or partner) is kept with the answers; who answered is kept apart, without
order or time, so a sheet cannot be tied back to a person. A role's mean is shown
only when at least SMALL_CELL_MIN people of that role answered.
"""
from __future__ import annotations

import secrets
from collections import defaultdict
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from partnership.auth.roles import Role
from partnership.cycles.errors import CycleError
from partnership.cycles.models import (
    Cycle,
    SelfAssessmentParticipant,
    SelfAssessmentResponse,
    SelfAssessmentScore,
)
from partnership.extensions import db

AREAS = {
    "partnerships": _l("Community partnerships"),
    "problem_solving": _l("Problem solving"),
    "organisation": _l("Organisational support"),
}
STATEMENTS = [
    ("partnerships", "p_share", _l("Police and partners share information about local problems.")),
    ("partnerships", "p_trust", _l("Residents trust the team enough to tell it what worries them.")),
    ("partnerships", "p_voice", _l("Community partners have a real say in what the team works on.")),
    ("problem_solving", "s_evidence", _l("We look at evidence before choosing a response.")),
    ("problem_solving", "s_assess", _l("We check whether our responses made a difference.")),
    ("problem_solving", "s_root", _l("We work on the causes of problems, not only on incidents.")),
    ("organisation", "o_time", _l("Officers have the time to work with the community.")),
    ("organisation", "o_continuity", _l("The team stays in the neighbourhood long enough to know it.")),
    ("organisation", "o_training", _l("Training prepares us for community and online work.")),
]
ROLES = {"officer": _l("Officers"), "partner": _l("Partners")}
SCALE = [(5, _l("Strongly agree")), (4, _l("Agree")), (3, _l("Neither agree nor disagree")),
         (2, _l("Disagree")), (1, _l("Strongly disagree"))]


def role_of(user) -> str:
    """Planners answer as officers, everyone else in the group as partners."""
    return "officer" if user.role == Role.PLANNER else "partner"


def has_answered(cycle: Cycle, user) -> bool:
    return db.session.get(SelfAssessmentParticipant, (cycle.id, user.id)) is not None


def submit(cycle: Cycle, user, scores: dict[str, int]) -> None:
    """Store one anonymous sheet (every statement rated 1-5) and note, apart, that the user has answered."""
    if not cycle.is_open:
        raise CycleError(_("This cycle is closed."))
    if has_answered(cycle, user):
        raise CycleError(_("You have already answered this cycle's self-assessment. Thank you."))
    missing = [code for _a, code, _t in STATEMENTS if scores.get(code) not in (1, 2, 3, 4, 5)]
    if missing:
        raise CycleError(_("Rate every statement from 1 to 5 (%(n)d missing).", n=len(missing)))
    response = SelfAssessmentResponse(id=secrets.token_hex(16), cycle_id=cycle.id, role=role_of(user),
                                      submitted_on=date.today())
    db.session.add(response)
    for area, code, _text in STATEMENTS:
        response.scores.append(SelfAssessmentScore(area=area, statement=code, score=scores[code]))
    db.session.add(SelfAssessmentParticipant(cycle_id=cycle.id, user_id=user.id))
    db.session.commit()


def _k() -> int:
    return int(current_app.config.get("SMALL_CELL_MIN", 5))


def area_means(cycle: Cycle) -> dict:
    """{(area, role or "all"): (n, mean or None)} for one cycle; a role's mean is None below k answers."""
    k = _k()
    rows = db.session.execute(
        select(SelfAssessmentScore.area, SelfAssessmentResponse.role,
               func.count(func.distinct(SelfAssessmentResponse.id)), func.avg(SelfAssessmentScore.score))
        .join(SelfAssessmentResponse, SelfAssessmentScore.response_id == SelfAssessmentResponse.id)
        .where(SelfAssessmentResponse.cycle_id == cycle.id)
        .group_by(SelfAssessmentScore.area, SelfAssessmentResponse.role)).all()
    sums: dict = defaultdict(lambda: [0, 0.0])
    result: dict = {}
    for area, role, n, mean in rows:
        result[(area, role)] = (n, round(float(mean), 2) if n >= k else None)
        sums[area][0] += n
        sums[area][1] += float(mean) * n
    for area, (n, total) in sums.items():
        # With one role below k, the overall mean minus the other role's would give it away.
        hidden_role = any(result.get((area, r), (0, None))[1] is None and result.get((area, r), (0, None))[0] > 0
                          for r in ROLES)
        result[(area, "all")] = (n, round(total / n, 2) if n >= k and not hidden_role else None)
    return result


def trend(group) -> list[dict]:
    """Per closed or open cycle of the group: the means per area and role (protected), oldest first."""
    from partnership.cycles.lifecycle import group_cycles

    rows = []
    for cycle in reversed(group_cycles(group)):
        means = area_means(cycle)
        respondents = {role: db.session.scalar(select(func.count(SelfAssessmentResponse.id)).where(
            SelfAssessmentResponse.cycle_id == cycle.id, SelfAssessmentResponse.role == role)) or 0 for role in ROLES}
        rows.append({"cycle": cycle, "means": means, "respondents": respondents,
                     "gaps": {area: _gap(means, area) for area in AREAS}})
    return rows


def _gap(means: dict, area: str) -> float | None:
    """Officers' mean minus partners' mean for an area, when both are shown."""
    officer, partner = means.get((area, "officer"), (0, None))[1], means.get((area, "partner"), (0, None))[1]
    return round(officer - partner, 2) if officer is not None and partner is not None else None
