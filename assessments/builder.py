"""Composing surveys: bank modules, custom questions, order, opening and versions."""
from __future__ import annotations

import copy
import secrets

from flask_babel import gettext as _
from sqlalchemy import exists, func, select, update

from assessments import bank
from assessments.models import Answer, Question, Response, Survey, SurveyStatus
from assessments.question_types import CODE_RE, TYPES, get_type
from partnership.dbtypes import utcnow
from partnership.extensions import db


class BuilderError(ValueError):
    """A change the builder refuses, with a message saying why and what to do."""


def new_slug() -> str:
    # Unguessable enough that closed-group surveys are not found by walking numbers.
    return secrets.token_urlsafe(9).replace("-", "x").replace("_", "y").lower()


def has_answers(survey: Survey) -> bool:
    return bool(db.session.scalar(select(exists().where(Response.survey_id == survey.id))))


def response_count(survey: Survey) -> int:
    return db.session.scalar(select(func.count()).select_from(Response).where(Response.survey_id == survey.id)) or 0


def pin_unpinned_surveys(municipality_id: int, version_id: int) -> int:
    """Approval hook: surveys made before their municipality had boundaries keep the ones first shown."""
    from partnership.groups.models import SecurityGroup

    groups = select(SecurityGroup.id).where(SecurityGroup.municipality_id == municipality_id)
    result = db.session.execute(update(Survey).where(Survey.boundary_version_id.is_(None), Survey.group_id.in_(groups))
                                .values(boundary_version_id=version_id))
    return result.rowcount or 0


def active_boundary_version_id(municipality_id: int) -> int | None:
    """The municipality's active boundary version now, which a new survey keeps (None: no boundaries, or no maps)."""
    try:
        from maps.versions import active_version
    except ImportError:  # maps is an optional package of an installation
        return None
    version = active_version(municipality_id)
    return version.id if version is not None else None


def create_survey(group, *, title: dict, languages: list[str], default_language: str | None = None,
                  intro: dict | None = None, modules: list[str] = (), user=None, commit: bool = True) -> Survey:
    """A draft survey for `group`, optionally filled with bank modules; its maps use today's active boundaries."""
    languages = [lang for lang in languages if lang]
    if not languages:
        raise BuilderError(_("Choose at least one language for the survey."))
    if not any((title or {}).values()):
        raise BuilderError(_("Give the survey a title."))
    survey = Survey(
        group_id=group.id, title=title, intro=intro or {}, languages=languages,
        default_language=default_language if default_language in languages else languages[0],
        slug=new_slug(), created_by_id=getattr(user, "id", None),
        boundary_version_id=active_boundary_version_id(group.municipality_id),
    )
    db.session.add(survey)
    db.session.flush()
    for key in modules:
        add_module(survey, key, commit=False)
    if commit:
        db.session.commit()
    return survey


def _free_code(survey: Survey, code: str) -> str:
    taken = {q.code for q in survey.questions}
    if code not in taken:
        return code
    n = 2
    while f"{code}_{n}" in taken:
        n += 1
    return f"{code}_{n}"


def _refuse_if_answered(survey: Survey, what: str) -> None:
    if has_answers(survey):
        raise BuilderError(
            _("This survey already has answers, so %(what)s would change what stored answers mean. "
              "Make a new version of the survey instead.", what=what)
        )


def add_module(survey: Survey, key: str, *, commit: bool = True) -> list[Question]:
    """Append every item of a bank module, starting a new page; returns the new questions."""
    module = bank.module(key)
    if module is None:
        raise BuilderError(_("There is no bank module called “%(key)s”.", key=key))
    _refuse_if_answered(survey, _("adding questions"))
    renamed: dict[str, str] = {}
    added = []
    position = max((q.position for q in survey.questions), default=0)
    for index, item in enumerate(module["items"]):
        fields = bank.question_fields(item["code"])
        fields["code"] = renamed[item["code"]] = _free_code(survey, fields["code"])
        if fields["show_if_code"]:
            fields["show_if_code"] = renamed.get(fields["show_if_code"], fields["show_if_code"])
        position += 1
        question = Question(survey=survey, position=position, new_page=index == 0, **fields)
        db.session.add(question)
        added.append(question)
    if commit:
        db.session.commit()
    return added


def check_question(survey: Survey, *, code: str, type: str, config: dict, show_if_code: str | None,
                   show_if_values: list | None, exclude: Question | None = None) -> None:
    """Raise BuilderError for a question definition that cannot work."""
    if type not in TYPES:
        raise BuilderError(_("Unknown question type “%(type)s”.", type=type))
    if not CODE_RE.match(code or ""):
        raise BuilderError(_("The question code must start with a letter and use letters, digits and underscores only."))
    if any(q.code == code and q is not exclude for q in survey.questions):
        raise BuilderError(_("Another question already uses the code “%(code)s”.", code=code))
    problems = get_type(type).check_config(config)
    if problems:
        raise BuilderError(" ".join(problems))
    if show_if_code:
        before = [q for q in survey.questions if q is not exclude]
        if exclude is not None:
            before = [q for q in before if q.position < exclude.position]
        source = next((q for q in before if q.code == show_if_code), None)
        if source is None:
            raise BuilderError(_("A question can only depend on a question that comes before it."))
        allowed = set(get_type(source.type).option_values(source)) if source.type != "map" else set()
        if not show_if_values or (allowed and not set(show_if_values) <= allowed):
            raise BuilderError(_("Choose which answers of “%(code)s” show this question.", code=show_if_code))


def add_question(survey: Survey, *, code: str, type: str, label: dict, hint: dict | None = None,
                 config: dict | None = None, required: bool = False, show_if_code: str | None = None,
                 show_if_values: list | None = None, new_page: bool = False) -> Question:
    """Append a custom question after checking it."""
    _refuse_if_answered(survey, _("adding questions"))
    config = config or {}
    check_question(survey, code=code, type=type, config=config, show_if_code=show_if_code, show_if_values=show_if_values)
    if not any((label or {}).values()):
        raise BuilderError(_("Write the question text in at least one language."))
    question = Question(
        survey=survey, position=max((q.position for q in survey.questions), default=0) + 1, code=code, type=type,
        label=label, hint=hint or {}, config=config, required=required, show_if_code=show_if_code or None,
        show_if_values=show_if_values or None, new_page=new_page,
    )
    db.session.add(question)
    db.session.commit()
    return question


def _meaning(question_type: str, config: dict) -> object:
    """The part of a definition stored answers depend on: codes and scores, not wording."""
    config = config or {}
    return (
        question_type,
        [(str(o.get("value")), o.get("score")) for o in config.get("options") or []],
        [str(r.get("value")) for r in config.get("rows") or []],
        [(p.get("value"), p.get("lat"), p.get("lng"), p.get("area")) for p in config.get("places") or []],
        config.get("mode") or "point",
        config.get("min"), config.get("max"), config.get("integer"), config.get("max_ranked"),
    )


def update_question(question: Question, *, label: dict, hint: dict | None, config: dict, required: bool,
                    show_if_code: str | None, show_if_values: list | None, new_page: bool, code: str | None = None) -> None:
    """Change a question; once answered, only wording, translations and layout may change."""
    survey = question.survey
    code = code or question.code
    answered = has_answers(survey)
    if answered:
        if code != question.code:
            raise BuilderError(_("This survey already has answers, so the question code cannot change. "
                                 "Make a new version of the survey instead."))
        if _meaning(question.type, config) != _meaning(question.type, question.config):
            raise BuilderError(_("This survey already has answers, so options, scores, rows, places and limits "
                                 "cannot change (only their wording can). Make a new version of the survey instead."))
        if (show_if_code or None, show_if_values or None) != (question.show_if_code, question.show_if_values) or \
                bool(required) != bool(question.required):
            raise BuilderError(_("This survey already has answers, so the skip rule and whether the question is "
                                 "required cannot change. Make a new version of the survey instead."))
    check_question(survey, code=code, type=question.type, config=config, show_if_code=show_if_code,
                   show_if_values=show_if_values, exclude=question)
    if not any((label or {}).values()):
        raise BuilderError(_("Write the question text in at least one language."))
    question.code, question.label, question.hint = code, label, hint or {}
    question.config, question.required, question.new_page = config, required, new_page
    question.show_if_code, question.show_if_values = show_if_code or None, show_if_values or None
    db.session.commit()


def delete_question(question: Question) -> None:
    survey = question.survey
    _refuse_if_answered(survey, _("removing a question"))
    if any(q.show_if_code == question.code for q in survey.questions if q is not question):
        raise BuilderError(_("Another question depends on this one; change its skip rule first."))
    db.session.delete(question)
    db.session.commit()


def move_question(question: Question, offset: int) -> None:
    """Move a question up (-1) or down (+1); a skip rule must still point backwards."""
    questions = list(question.survey.questions)
    index = questions.index(question)
    target = index + offset
    if not 0 <= target < len(questions):
        return
    other = questions[target]
    if (other.show_if_code == question.code and offset > 0) or (question.show_if_code == other.code and offset < 0):
        raise BuilderError(_("A question must stay after the question its skip rule depends on."))
    question.position, other.position = other.position, question.position
    db.session.commit()


def set_status(survey: Survey, status: str) -> None:
    """Open or close a survey; opening needs at least one question."""
    if status == SurveyStatus.OPEN:
        if not survey.questions:
            raise BuilderError(_("Add at least one question before opening the survey."))
        survey.opened_at = survey.opened_at or utcnow()
        survey.closed_at = None
    elif status == SurveyStatus.CLOSED:
        survey.closed_at = utcnow()
    elif status != SurveyStatus.DRAFT or has_answers(survey):
        raise BuilderError(_("A survey with answers can be opened or closed, not put back to draft."))
    survey.status = status
    db.session.commit()


def new_version(survey: Survey, user=None) -> Survey:
    """A draft copy of `survey` (questions and targets) that can be changed freely; same boundary version."""
    copy_ = Survey(
        group_id=survey.group_id, title=copy.deepcopy(survey.title), intro=copy.deepcopy(survey.intro),
        languages=list(survey.languages), default_language=survey.default_language, slug=new_slug(),
        version=survey.version + 1, previous_id=survey.id, ask_neighbourhood=survey.ask_neighbourhood,
        created_by_id=getattr(user, "id", None), boundary_version_id=survey.boundary_version_id,
    )
    db.session.add(copy_)
    for q in survey.questions:
        db.session.add(Question(
            survey=copy_, position=q.position, code=q.code, type=q.type, label=copy.deepcopy(q.label),
            hint=copy.deepcopy(q.hint), required=q.required, config=copy.deepcopy(q.config),
            show_if_code=q.show_if_code, show_if_values=copy.deepcopy(q.show_if_values), new_page=q.new_page,
            bank_item=q.bank_item, module=q.module,
        ))
    db.session.commit()
    return copy_


def answer_rows_exist(question: Question) -> bool:
    return bool(db.session.scalar(select(exists().where(Answer.question_id == question.id))))


def copy_for_follow_up(survey: Survey, user=None) -> Survey:
    """A follow-up round of `survey`: the same questions, codes, options and scores, as a new draft to open.

    Comparing rounds needs the questions to mean the same thing; `same_meaning` tells whether they still do.
    """
    return new_version(survey, user)


def same_meaning(a: Question, b: Question) -> bool:
    """Whether answers to two questions can be compared: same type, codes, scores, rows and limits."""
    return a.code == b.code and _meaning(a.type, a.config) == _meaning(b.type, b.config)
