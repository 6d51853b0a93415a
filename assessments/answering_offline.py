"""Answers a resident typed with no signal: the one-page offline form of a survey, stored exactly once.

The form is checked on the phone first (`offline_rules`), waits in the phone's outbox,
and arrives here when the connection returns, perhaps more than once (a lost answer,
a second tab). Its submission key is made on the phone, or is the key of the draft the
resident began online, so either way `store_response` stores it once: a draft's
answers, invitation and neighbourhood come from the draft, which is then deleted.
"""
from __future__ import annotations

import re

from flask_babel import gettext as _

from assessments import answering
from assessments.answering import NEIGHBOURHOOD_KEY, Outcome, SubmitError
from assessments.models import Channel, Survey
from assessments.question_types.base import tr

KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def store_offline(survey: Survey, form, *, language: str) -> Outcome:
    """Store one offline form (a MultiDict) once per submission key; SubmitError says why it cannot be."""
    key = (form.get("submission_key") or "").strip()
    if not KEY_PATTERN.match(key):
        raise SubmitError(_("These answers have no valid key; open the survey again and answer it once more."))
    raw = answering.parse_page(list(survey.questions), form)
    draft = answering.get_draft(survey, key)
    if draft is not None:
        data = draft.data or {}
        return answering.store_response(
            survey, raw, submission_key=key, channel=Channel.INVITATION if draft.token_hash else Channel.LINK,
            language=language, neighbourhood_id=data.get(NEIGHBOURHOOD_KEY), token_hash=draft.token_hash, draft=draft)
    neighbourhood_id = form.get("neighbourhood_id", type=int)
    return answering.store_response(survey, raw, submission_key=key, channel=Channel.LINK, language=language,
                                    neighbourhood_id=neighbourhood_id)


def refusal_reason(survey: Survey, errors: dict, lang: str) -> str:
    """The server's per-question errors as one line the waiting list can show: "question: what to change"."""
    labels = {q.code: tr(q.label, lang) or q.code for q in survey.questions}
    return "; ".join(f"{labels.get(code, code)}: {message}" for code, message in errors.items())
