"""A survey with one question of every type (the map question in both modes), in three languages, for the resident journeys."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

# Survey content (not interface strings): written here in each language, as a planner would.
T = {
    "title": {"en": "Living in Marvila", "pt": "Viver em Marvila", "es": "Vivir en Marvila"},
    "safe": {"en": "How safe do you feel walking alone after dark?",
             "pt": "Quão seguro se sente a andar sozinho depois de escurecer?",
             "es": "¿Qué tan seguro se siente caminando solo de noche?"},
    "victim": {"en": "In the last 12 months, was anything stolen from you?",
               "pt": "Nos últimos 12 meses, roubaram-lhe alguma coisa?",
               "es": "En los últimos 12 meses, ¿le robaron algo?"},
    "trust": {"en": "I trust the local police.", "pt": "Confio na polícia local.", "es": "Confío en la policía local."},
    "problems": {"en": "Which of these are problems in your street?", "pt": "Quais destes são problemas na sua rua?",
                 "es": "¿Cuáles de estos son problemas en su calle?"},
    "grid": {"en": "How big a problem is each of these?", "pt": "Que dimensão tem cada um destes problemas?",
             "es": "¿Qué tan grande es cada uno de estos problemas?"},
    "rank": {"en": "Which should the police tackle first?", "pt": "O que deve a polícia resolver primeiro?",
             "es": "¿Qué debería abordar primero la policía?"},
    "years": {"en": "How many years have you lived here?", "pt": "Há quantos anos vive aqui?",
              "es": "¿Cuántos años lleva viviendo aquí?"},
    "when": {"en": "When did you last see the community police?", "pt": "Quando viu a polícia de proximidade pela última vez?",
             "es": "¿Cuándo vio a la policía de proximidad por última vez?"},
    "street": {"en": "Which street do you live in?", "pt": "Em que rua vive?", "es": "¿En qué calle vive?"},
    "more": {"en": "Anything else the group should know?", "pt": "Mais alguma coisa que o grupo deva saber?",
             "es": "¿Algo más que el grupo deba saber?"},
    "where": {"en": "Where do you feel least safe?", "pt": "Onde se sente menos seguro?",
              "es": "¿Dónde se siente menos seguro?"},
    "note": {"en": "The next questions are about your street.", "pt": "As perguntas seguintes são sobre a sua rua.",
             "es": "Las siguientes preguntas son sobre su calle."},
    "patrol": {"en": "Which area should the police patrol more?", "pt": "Que zona deve a polícia patrulhar mais?",
               "es": "¿Qué zona debería patrullar más la policía?"},
}


def _o(value: str, en: str, pt: str, es: str, **extra) -> dict:
    return {"value": value, "label": {"en": en, "pt": pt, "es": es}, **extra}


SAFE_OPTIONS = [_o("very_safe", "Very safe", "Muito seguro", "Muy seguro"),
                _o("fairly_safe", "Fairly safe", "Razoavelmente seguro", "Bastante seguro"),
                _o("unsafe", "Unsafe", "Inseguro", "Inseguro")]
AGREE = [_o("agree", "Agree", "Concordo", "De acuerdo", score=3), _o("neutral", "Neither", "Nem concordo nem discordo", "Ni de acuerdo ni en desacuerdo", score=2),
         _o("disagree", "Disagree", "Discordo", "En desacuerdo", score=1), _o("dont_know", "Don't know", "Não sei", "No sé")]
PROBLEMS = [_o("lighting", "Poor street lighting", "Má iluminação", "Mala iluminación"),
            _o("drugs", "Drug dealing", "Tráfico de droga", "Tráfico de drogas"),
            _o("noise", "Noise at night", "Ruído à noite", "Ruido de noche"),
            _o("none", "None of these", "Nenhum destes", "Ninguno de estos", exclusive=True)]
SIZE = [_o("big", "Big problem", "Grande problema", "Gran problema", score=2),
        _o("small", "Small problem", "Pequeno problema", "Pequeño problema", score=1),
        _o("no", "No problem", "Não é problema", "No es problema", score=0)]
GRID_ROWS = [_o("vandalism", "Vandalism", "Vandalismo", "Vandalismo"),
             _o("burglary", "Burglary", "Assaltos a casas", "Robos en casas")]
RANK = [_o("drugs", "Drug dealing", "Tráfico de droga", "Tráfico de drogas"),
        _o("lighting", "Street lighting", "Iluminação pública", "Alumbrado público"),
        _o("speeding", "Speeding cars", "Excesso de velocidade", "Exceso de velocidad")]
PLACES = [{"value": "chelas_station", "lat": 38.7555, "lng": -9.1133,
           "label": {"en": "Chelas station", "pt": "Estação de Chelas", "es": "Estación de Chelas"}},
          {"value": "bela_vista", "lat": 38.7512, "lng": -9.1131,
           "label": {"en": "Bela Vista park", "pt": "Parque da Bela Vista", "es": "Parque de Bela Vista"}}]

# The area question's list alternative: a named place in Marvila, with its own area (a small square around it).
AREA_PLACES = [{"value": "marvila_library", "lat": 38.7436, "lng": -9.1016,
                "area": {"type": "Polygon", "coordinates": [[[-9.1030, 38.7426], [-9.1002, 38.7426], [-9.1002, 38.7446],
                                                             [-9.1030, 38.7446], [-9.1030, 38.7426]]]},
                "label": {"en": "Marvila library", "pt": "Biblioteca de Marvila", "es": "Biblioteca de Marvila"}}]

# code, type, label key, config, required, starts a new page
QUESTIONS = [
    ("safe", "single", "safe", {"options": SAFE_OPTIONS}, True, True),
    ("victim", "yes_no", "victim", {}, True, False),
    ("trust", "likert", "trust", {"options": AGREE}, False, False),
    ("street_note", "note", "note", {}, False, True),  # text between questions: asks and stores nothing
    ("problems", "multiple", "problems", {"options": PROBLEMS}, False, False),
    ("grid", "likert_grid", "grid", {"options": SIZE, "rows": GRID_ROWS}, False, False),
    ("rank", "ranking", "rank", {"options": RANK, "max_ranked": 2}, False, False),
    ("years", "numeric", "years", {"min": 0, "max": 100, "integer": True}, False, True),
    ("when", "date", "when", {"min": "2020-01-01"}, False, False),
    ("street", "text", "street", {}, False, False),
    ("more", "long_text", "more", {}, False, False),
    # On the page with typed answers, so a refused area shows that nothing typed is lost.
    ("patrol", "map", "patrol", {"mode": "area", "places": AREA_PLACES}, False, False),
    ("where", "map", "where", {"places": PLACES}, False, True),
]


@dataclass(frozen=True)
class SurveyInfo:
    id: int
    slug: str
    types: frozenset[str]


def create_every_type_survey(live_server) -> SurveyInfo:
    """Build and open the survey through the assessments package, on the database the server uses."""
    from assessments import builder
    from assessments.question_types import TYPES
    from partnership.extensions import db
    from partnership.groups.models import SecurityGroup

    with live_server.app_context():
        group = db.session.scalar(select(SecurityGroup).where(SecurityGroup.name == "Grupo de Segurança de Marvila"))
        survey = builder.create_survey(group, title=T["title"], languages=["en", "pt", "es"], default_language="en")
        for code, qtype, key, config, required, new_page in QUESTIONS:
            builder.add_question(survey, code=code, type=qtype, label=T[key], config=config, required=required,
                                 new_page=new_page)
        builder.set_status(survey, "open")
        types = frozenset(q.type for q in survey.questions)
        # The journey claims to cover every question type: keep that true as types are added.
        assert types == set(TYPES), f"the journey survey misses question types {set(TYPES) - types}"
        modes = {TYPES["map"].mode(q) for q in survey.questions if q.type == "map"}
        assert modes == {"point", "area"}, f"the journey survey asks for a map {modes} only"
        return SurveyInfo(survey.id, survey.slug, types)


def stored_answers(live_server, survey_id: int, street: str) -> list[dict]:
    """Every stored response of the survey whose street answer is `street`, with its answers by question code."""
    from assessments.models import Answer, Question, Response
    from partnership.extensions import db

    with live_server.app_context():
        codes = {q.id: q.code for q in db.session.scalars(select(Question).where(Question.survey_id == survey_id))}
        street_id = next(qid for qid, code in codes.items() if code == "street")
        responses = db.session.scalars(
            select(Response).join(Answer, Answer.response_id == Response.id)
            .where(Response.survey_id == survey_id, Answer.question_id == street_id, Answer.text == street)
        ).all()
        result = []
        for response in responses:
            answers: dict[str, list[dict]] = {}
            for answer in db.session.scalars(select(Answer).where(Answer.response_id == response.id)):
                answers.setdefault(codes[answer.question_id], []).append(
                    {"row": answer.row, "option": answer.option, "number": answer.number, "text": answer.text,
                     "lat": answer.lat, "lng": answer.lng})
            result.append({"language": response.language, "neighbourhood_id": response.neighbourhood_id,
                           "channel": response.channel, "answers": answers})
        return result
