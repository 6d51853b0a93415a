"""Answering a survey: pages, skip rules, drafts across pages and the one-time store."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from assessments.disclosure import new_record_key
from assessments.models import (
    Answer,
    AnswerDraft,
    Channel,
    InvitationBatch,
    InvitationToken,
    Question,
    Response,
    Survey,
    SurveyStatus,
)
from assessments.question_types import AnswerError, get_type
from partnership.auth.models import hash_token
from partnership.dbtypes import utcnow
from partnership.extensions import db

NEIGHBOURHOOD_KEY = "_neighbourhood"
EMPTY_ROW = {"row": None, "option": None, "number": None, "text": None, "lat": None, "lng": None}
LANGUAGE_KEY = "_lang"


class SubmitError(ValueError):
    """The answers cannot be stored; the message says what to do."""


@dataclass
class Outcome:
    """What happened to a submission: stored now, or already stored by an earlier click."""

    response_id: int | None
    duplicate: bool = False
    errors: dict[str, str] = field(default_factory=dict)


def is_visible(question: Question, answers: dict) -> bool:
    """The skip rule: show a question only when its source question has one of the given answers."""
    if not question.show_if_code:
        return True
    given = answers.get(question.show_if_code)
    wanted = set(question.show_if_values or [])
    if isinstance(given, list):
        return bool(wanted & set(given))
    if isinstance(given, dict):
        return bool(given) and not wanted
    return given is not None and str(given) in wanted


def pages(survey: Survey) -> list[list[Question]]:
    """Questions split into pages at each page break, and before a question whose skip rule looks at this page."""
    result: list[list[Question]] = []
    for question in survey.questions:
        # A skip rule needs its source answered first: without JavaScript that means a later page.
        depends_on_this_page = bool(result) and any(q.code == question.show_if_code for q in result[-1])
        if question.new_page or not result or depends_on_this_page:
            result.append([])
        result[-1].append(question)
    return result


def visible_pages(survey: Survey, answers: dict) -> list[list[Question]]:
    """Pages that still have a question to show, given the answers so far."""
    shown = []
    for page in pages(survey):
        visible = [q for q in page if is_visible(q, answers)]
        if visible:
            shown.append(visible)
    return shown


def parse_page(questions: list[Question], form) -> dict:
    """Raw answers of the questions on one submitted page."""
    return {q.code: get_type(q.type).parse(q, form) for q in questions}


def validate(questions: list[Question], raw: dict, answers_so_far: dict | None = None) -> tuple[dict, dict]:
    """Clean answers and per-question error messages; hidden questions are dropped."""
    context = dict(answers_so_far or {})
    clean, errors = {}, {}
    for question in questions:
        context.update(clean)
        if not is_visible(question, context):
            continue
        try:
            value = get_type(question.type).check(question, raw.get(question.code))
        except AnswerError as error:
            errors[question.code] = str(error)
            continue
        if value is not None:
            clean[question.code] = value
    return clean, errors


# -- drafts ------------------------------------------------------------------

def start_draft(survey: Survey, *, language: str, neighbourhood_id: int | None, token: str | None = None) -> AnswerDraft:
    """A fresh draft; with a token, the token must be valid and unused for this survey."""
    token_hash = None
    if token is not None:
        token_hash = hash_token(normalise_token(token))
        if find_token(survey, token_hash) is None:
            raise SubmitError(_("This invitation code is not valid for this survey, or it has already been used."))
        batch = db.session.scalar(
            select(InvitationBatch).join(InvitationToken).where(InvitationToken.token_hash == token_hash)
        )
        # A batch made for one neighbourhood fixes where the answer counts.
        if batch.neighbourhood_id:
            neighbourhood_id = batch.neighbourhood_id
    data = {LANGUAGE_KEY: language if language in survey.languages else survey.default_language}
    if neighbourhood_id:
        data[NEIGHBOURHOOD_KEY] = int(neighbourhood_id)
    draft = AnswerDraft(key=secrets.token_urlsafe(32), survey_id=survey.id, data=data, token_hash=token_hash)
    db.session.add(draft)
    db.session.commit()
    return draft


def normalise_token(token: str) -> str:
    # Printed codes are read aloud and retyped: ignore case, spaces and dashes.
    return "".join(ch for ch in token.upper() if ch.isalnum())


def find_token(survey: Survey, token_hash: str) -> InvitationToken | None:
    return db.session.scalar(
        select(InvitationToken).join(InvitationBatch)
        .where(InvitationToken.token_hash == token_hash, InvitationBatch.survey_id == survey.id)
    )


def get_draft(survey: Survey, key: str | None) -> AnswerDraft | None:
    if not key:
        return None
    draft = db.session.get(AnswerDraft, key)
    return draft if draft is not None and draft.survey_id == survey.id else None


def save_page(draft: AnswerDraft, questions: list[Question], clean: dict) -> None:
    """Keep the answers of one page; answers of questions left blank are removed."""
    data = dict(draft.data)
    for question in questions:
        data.pop(question.code, None)
    data.update(clean)
    draft.data = data
    draft.updated_at = utcnow()
    db.session.commit()


def answers_of(draft: AnswerDraft) -> dict:
    return {k: v for k, v in (draft.data or {}).items() if not k.startswith("_")}


def purge_drafts(older_than_days: int = 7) -> int:
    """Delete abandoned drafts; returns how many were removed."""
    cutoff = utcnow() - timedelta(days=older_than_days)
    result = db.session.execute(delete(AnswerDraft).where(AnswerDraft.updated_at < cutoff))
    db.session.commit()
    return result.rowcount or 0


# -- storing -----------------------------------------------------------------

def stored_key(submission_key: str) -> str:
    """The form's submission key as kept on the response: keyed with SECRET_KEY.

    The raw key is also the draft's key, and a draft of an invited respondent sits next to
    the invitation's hash until it is submitted; keying it means a database backup taken
    mid-answer cannot join the finished answers to that invitation.
    """
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, submission_key.encode(), hashlib.sha256).hexdigest()


def already_stored(submission_key: str) -> int | None:
    return db.session.scalar(select(Response.id).where(Response.submission_key == stored_key(submission_key)))


def store_response(survey: Survey, raw_answers: dict, *, submission_key: str, channel: str = Channel.LINK,
                   language: str | None = None, neighbourhood_id: int | None = None,
                   token_hash: str | None = None, draft: AnswerDraft | None = None) -> Outcome:
    """Validate every answer and store one anonymous response, exactly once per submission key.

    The response row keeps no token, user, IP or time of day; a used invitation is
    deleted in the same transaction, so a crash keeps both or neither.
    """
    existing = already_stored(submission_key)
    if existing is not None:
        return Outcome(existing, duplicate=True)
    if survey.status == SurveyStatus.DRAFT:
        raise SubmitError(_("This survey is still a draft; open it before entering answers."))
    if not survey.is_open and channel != Channel.PAPER:
        raise SubmitError(_("This survey is closed and no longer takes answers."))
    clean, errors = validate(list(survey.questions), raw_answers)
    if errors:
        return Outcome(None, errors=errors)
    if neighbourhood_id is not None and neighbourhood_id not in {n.id for n in survey.group.neighbourhoods}:
        raise SubmitError(_("Choose one of the neighbourhoods of this security group."))
    try:
        if token_hash is not None:
            # A DELETE that reports its row count: of two racing submits only one can use the token.
            used = db.session.execute(
                delete(InvitationToken).where(
                    InvitationToken.token_hash == token_hash,
                    InvitationToken.batch_id.in_(select(InvitationBatch.id).where(InvitationBatch.survey_id == survey.id)),
                ).execution_options(synchronize_session=False)
            )
            if used.rowcount != 1:
                raise SubmitError(_("This invitation has already been used to answer; thank you."))
        response = Response(
            survey_id=survey.id, neighbourhood_id=neighbourhood_id, channel=channel,
            language=language or survey.default_language, submitted_on=date.today(), submission_key=stored_key(submission_key),
            record_key=new_record_key(),
        )
        db.session.add(response)
        db.session.flush()
        by_code = {q.code: q for q in survey.questions}
        rows = []
        for code, value in clean.items():
            question = by_code[code]
            for row in get_type(question.type).to_rows(question, value):
                # Executemany needs the same keys in every row.
                rows.append({**EMPTY_ROW, **row, "response_id": response.id, "question_id": question.id,
                             "neighbourhood_id": neighbourhood_id, "record_key": response.record_key})
        if rows:
            db.session.execute(Answer.__table__.insert(), rows)
        if draft is not None:
            db.session.execute(delete(AnswerDraft).where(AnswerDraft.key == draft.key))
        db.session.commit()
    except IntegrityError:
        # Two clicks raced past the first check: the other one stored the answers.
        db.session.rollback()
        existing = already_stored(submission_key)
        if existing is None:
            raise
        return Outcome(existing, duplicate=True)
    except SubmitError:
        db.session.rollback()
        existing = already_stored(submission_key)
        if existing is not None:
            return Outcome(existing, duplicate=True)
        raise
    return Outcome(response.id)


def submit_draft(survey: Survey, draft: AnswerDraft, *, channel: str | None = None) -> Outcome:
    """Store a finished draft (the draft key doubles as the submission key)."""
    data = draft.data or {}
    return store_response(
        survey, answers_of(draft), submission_key=draft.key,
        channel=channel or (Channel.INVITATION if draft.token_hash else Channel.LINK),
        language=data.get(LANGUAGE_KEY), neighbourhood_id=data.get(NEIGHBOURHOOD_KEY),
        token_hash=draft.token_hash, draft=draft,
    )
