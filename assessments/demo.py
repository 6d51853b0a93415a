"""Demo data for Step 2: an open survey of the Marvila group with synthetic answers.

Answers are random but shaped (drug dealing and poor lighting stand out, Beato has
only a handful of answers so results merge it with Marvila), enough for results,
maps and a needs list to show something meaningful.
"""
from __future__ import annotations

import random
import secrets
from datetime import date, timedelta

from sqlalchemy import select

from assessments import builder
from assessments.answering import validate
from assessments.disclosure import new_record_key
from assessments.models import Answer, Channel, Response, Survey
from assessments.question_types import get_type
from partnership.extensions import db

TITLE = {"en": "Safety in Marvila and Beato 2026", "pt": "Segurança em Marvila e no Beato 2026",
         "es": "Seguridad en Marvila y Beato 2026"}
PLACES = [
    ("chelas_station", 38.7555, -9.1133, {"en": "Chelas station", "pt": "Estação de Chelas", "es": "Estación de Chelas"}),
    ("bela_vista", 38.7512, -9.1131, {"en": "Bela Vista park", "pt": "Parque da Bela Vista", "es": "Parque de Bela Vista"}),
    ("condado", 38.7478, -9.1039, {"en": "Condado housing estate", "pt": "Bairro do Condado", "es": "Barrio del Condado"}),
    ("rua_direita", 38.7437, -9.1020, {"en": "Rua Direita de Marvila", "pt": "Rua Direita de Marvila", "es": "Rua Direita de Marvila"}),
    ("poco_bispo", 38.7410, -9.1066, {"en": "Poço do Bispo riverside", "pt": "Zona ribeirinha do Poço do Bispo", "es": "Ribera de Poço do Bispo"}),
]
# Skew towards these answers so the demo needs list has a clear top.
FAVOURED = {"drug_dealing": "very_big", "lighting": "fairly_big", "groups": "fairly_big"}


def _value(question, rng: random.Random):
    qtype = get_type(question.type)
    options = [o["value"] for o in qtype.options(question)]
    if question.type in {"single", "likert"}:
        return rng.choice(options[: max(2, len(options) - 1)]) if rng.random() < 0.93 else options[-1]
    if question.type == "yes_no":
        return "yes" if rng.random() < {"vict_theft": 0.22, "vict_burglary": 0.08}.get(question.code, 0.12) else "no"
    if question.type == "multiple":
        chosen = [o for o in options if rng.random() < 0.3 and o != "none"]
        return chosen or None
    if question.type == "likert_grid":
        answer = {}
        for row in qtype.rows(question):
            if row["value"] in FAVOURED and rng.random() < 0.55:
                answer[row["value"]] = FAVOURED[row["value"]]
            else:
                answer[row["value"]] = rng.choice(options[:-1] if len(options) > 4 else options)
        return answer
    if question.type == "ranking":
        weights = [5 if o in {"drug_dealing", "lighting", "burglary"} else 1 for o in options]
        picked: list[str] = []
        while len(picked) < min(3, len(options)):
            choice = rng.choices(options, weights)[0]
            if choice not in picked:
                picked.append(choice)
        return picked
    if question.type == "map":
        if rng.random() < 0.4:
            return {"place": rng.choice(PLACES)[0]}
        _code, lat, lng, _label = rng.choice(PLACES)
        return {"lat": lat + rng.gauss(0, 0.0012), "lng": lng + rng.gauss(0, 0.0012)}
    return None  # free text, numbers and dates stay empty in the demo


def seed(context) -> None:
    """Create the demo survey once, with about 400 answers."""
    group = context.groups.get("marvila")
    if group is None or db.session.scalar(select(Survey.id).where(Survey.group_id == group.id).limit(1)):
        return
    survey = builder.create_survey(group, title=TITLE, languages=["pt", "en", "es"], default_language="pt",
                                   modules=["safety", "problems", "victimisation", "police", "online", "priorities", "about"],
                                   user=context.users.get("planner"), commit=False)
    db.session.flush()
    map_question = next(q for q in survey.questions if q.type == "map")
    map_question.config = {"places": [{"value": c, "lat": lat, "lng": lng, "label": label} for c, lat, lng, label in PLACES]}
    builder.set_status(survey, "open")
    rng = random.Random(2026)
    neighbourhoods = {n.code: n.id for n in group.neighbourhoods}
    questions = list(survey.questions)
    answer_rows = []
    today = date.today()
    for index in range(400):
        # Beato gets three answers only: results publish it merged with Marvila ("Beato + Marvila").
        neighbourhood = neighbourhoods.get("110607") if index < 3 else (None if index % 37 == 0 else neighbourhoods.get("110621"))
        raw = {q.code: _value(q, rng) for q in questions}
        clean, _errors = validate(questions, raw)
        response = Response(survey_id=survey.id, neighbourhood_id=neighbourhood,
                            channel=Channel.PAPER if index % 9 == 0 else Channel.LINK,
                            language=rng.choice(["pt", "pt", "pt", "en", "es"]),
                            submitted_on=today - timedelta(days=rng.randint(0, 30)), submission_key=secrets.token_urlsafe(32),
                            record_key=new_record_key())
        db.session.add(response)
        db.session.flush()
        for q in questions:
            if q.code in clean:
                for row in get_type(q.type).to_rows(q, clean[q.code]):
                    answer_rows.append({"response_id": response.id, "question_id": q.id,
                                        "neighbourhood_id": neighbourhood, "record_key": response.record_key, **row})
    db.session.execute(Answer.__table__.insert(), [_full(r) for r in answer_rows])
    db.session.commit()


def _full(row: dict) -> dict:
    """Bulk inserts need the same keys in every row."""
    return {"row": None, "option": None, "number": None, "text": None, "lat": None, "lng": None, **row}


def ensure_adopted_needs(group, planner):
    """The group's adopted needs list; drafted from its first survey and adopted if none is.

    The demo leaves Step 2's needs list to the planner, but later steps' demos (the team
    profile, the evaluation cycles) start from an adopted one.
    """
    from assessments import needs
    from assessments.models import NeedsList, NeedsListStatus

    adopted = needs.adopted_list(group)
    if adopted is not None:
        return adopted
    survey = db.session.scalar(select(Survey).where(Survey.group_id == group.id).order_by(Survey.id).limit(1))
    if survey is None:
        return None
    draft = db.session.scalar(select(NeedsList).where(NeedsList.group_id == group.id,
                                                      NeedsList.status == NeedsListStatus.DRAFT).limit(1))
    draft = draft or needs.draft_list(group, survey, "pt")
    if not draft.needs:
        return None
    needs.adopt(draft, method="consensus", user=planner)
    return draft
