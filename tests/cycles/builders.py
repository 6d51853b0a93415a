"""Test data for evaluation cycles: an adopted needs list, answered survey rounds, a past meeting."""
from __future__ import annotations

import secrets
from datetime import date, timedelta

from assessments import builder, needs
from assessments.answering import store_response
from assessments.models import Need, NeedsList
from partnership.dbtypes import utcnow
from partnership.extensions import db
from partnership.groups.models import Meeting

CONFIDENCE = "police_confidence"


def baseline_survey(group, planner, modules=("police", "problems")):
    survey = builder.create_survey(group, title={"en": "Baseline", "pt": "Inicial"}, languages=["en", "pt"],
                                   modules=list(modules), user=planner)
    builder.set_status(survey, "open")
    return survey


def adopt_needs(group, planner, survey, keys=(("drug_dealing", "Drug dealing"), ("lighting", "Poor street lighting"),
                                              ("groups", "Groups hanging around"), ("noise", "Noise"))):
    needs_list = NeedsList(group_id=group.id, survey_id=survey.id)
    db.session.add(needs_list)
    for rank, (key, title) in enumerate(keys, start=1):
        needs_list.needs.append(Need(rank=rank, key=key, title=title, score=1.0 / rank, evidence=[]))
    db.session.commit()
    needs.adopt(needs_list, method="consensus", user=planner)
    return needs_list


def answer(survey, answers: dict, neighbourhood_id=None):
    outcome = store_response(survey, answers, submission_key=secrets.token_urlsafe(16),
                             neighbourhood_id=neighbourhood_id)
    assert not outcome.errors, outcome.errors
    return outcome.response_id


def answer_confidence(survey, agree: int, disagree: int, neighbourhood_id=None) -> None:
    """`agree` answers of "agree" and `disagree` of "disagree" to the confidence item."""
    for _ in range(agree):
        answer(survey, {CONFIDENCE: "agree"}, neighbourhood_id)
    for _ in range(disagree):
        answer(survey, {CONFIDENCE: "disagree"}, neighbourhood_id)


def past_meeting(group, days_ago: int = 2) -> Meeting:
    meeting = Meeting(group=group, title="Monthly meeting", starts_at=utcnow() - timedelta(days=days_ago), place="Hall")
    db.session.add(meeting)
    db.session.commit()
    return meeting


def open_cycle(group, planner, *, months: int = 12, starts_on: date | None = None):
    from partnership.cycles import lifecycle

    return lifecycle.open_cycle(group, starts_on=starts_on or date.today() - timedelta(days=60), months=months,
                                user=planner)
