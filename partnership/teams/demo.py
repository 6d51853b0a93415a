"""Demo data for Step 4: the training catalogue, and Marvila's team recruited and part trained.

Idempotent: the catalogue is matched by course title, Marvila's recruitment runs only once.
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from partnership.auth.accounts import find_user
from partnership.auth.models import User
from partnership.extensions import db
from partnership.teams import profile_source
from partnership.teams.models import Course, Vacancy

DEMO_PASSWORD = "demo-password-2026"

# Offers named in DOMAIN.md, with the competences of Step 3's library each develops and to which level.
CATALOGUE = [
    ("Community policing and the prevention of radicalisation", "European police training network", 3.0,
     "classroom", "English", "Three days on community policing, radicalisation awareness, intercultural "
     "sensitivity and human rights, and multi-agency cooperation. Officers, partners and residents attend together.",
     {"rad.community_policing": 2, "rad.intercultural_rights": 2, "rad.multi_agency": 2, "rad.referral": 2}),
    ("Online module: radicalisation, current events and platforms", "European police training network", 1.0,
     "online", "English", "The online module of the three-day course, updated with current events and the "
     "platforms where they play out.", {"dco.platforms": 2, "rad.referral": 2, "dig.disinformation": 1}),
    ("Digital competences for law enforcement", "EU law-enforcement training agency", 5.0, "online", "English",
     "Digital skills for frontline officers: platforms and new technologies, answering people online, "
     "signalling and referring, disinformation.",
     {"dig.new_technologies": 2, "dco.webcare": 2, "dco.signal_refer": 2, "dig.disinformation": 2,
      "dig.investigation_basics": 1}),
    ("Cybersecurity and profile safety before online work", "EU law-enforcement training agency", 2.0, "online",
     "English", "Keeping one's own accounts and devices safe before any online police presence: a prerequisite.",
     {"dco.profile_safety": 3, "dco.cyber_awareness": 2}),
    ("Open-source information basics", "National police academy", 2.0, "blended", "Português",
     "Searching open sources without interacting, recording what was found, and when to refer.",
     {"dco.osint": 2, "dco.signal_refer": 1}),
    ("Current platforms and online language, with local NGOs and young people", "Local NGOs and youth organisations",
     1.0, "classroom", "Português", "Young people and NGO workers show the platforms they use now and the "
     "language spoken there.", {"dco.platforms": 2, "dco.tone": 2}),
    ("Extremism awareness for proximity police", "National counter-extremism programme", 2.0, "blended", "Português",
     "Recognising extremist signals online and on the street, and referring them.",
     {"rad.referral": 2, "rad.community_policing": 1}),
]


def seed_catalogue() -> None:
    existing = {c.title: c for c in db.session.scalars(select(Course))}
    for title, provider, days, mode, language, description, competences in CATALOGUE:
        if title not in existing:
            db.session.add(Course(title=title, provider=provider, days=days, mode=mode, language=language,
                                  description=description, competences=competences))
    db.session.flush()


def _second_planner(group) -> User:
    user = find_user("planner2@demo.example")
    if user is None:
        user = User(email="planner2@demo.example", name="Inês Seleção (PSP)", role="planner",
                    organisation_name="PSP — Comando Metropolitano de Lisboa")
        user.set_password(DEMO_PASSWORD)
        db.session.add(user)
        db.session.flush()
    if user not in group.planners:
        group.planners.append(user)
    return user


CANDIDATES = [
    ("Agente Joana Duarte", "PSP — 32.ª Esquadra (Marvila)", ["pt", "en", "crioulo"], ["Instagram", "WhatsApp", "TikTok"],
     "Patrulho Marvila há seis anos e conheço as associações do Condado.",
     "Quero estar onde os jovens estão: muitas conversas começam online e acabam na rua.", (3, 3)),
    ("Agente Rui Matos", "PSP — Divisão de Investigação Criminal", ["pt", "en", "es"], ["Discord", "Telegram", "X"],
     "Trabalho com fontes abertas e quero aproximar esse saber do bairro.",
     "Já acompanho fóruns e canais públicos; quero fazê-lo com uma cara conhecida.", (4, 4)),
    ("Agente Carla Sousa", "PSP — 1.ª Divisão", ["pt"], ["Facebook"],
     "Gosto do contacto com comerciantes e moradores.",
     "Estou disponível para aprender o trabalho online, embora o use pouco.", (2, 4)),
]


def seed(context) -> None:
    seed_catalogue()
    group = context.groups.get("marvila")
    if group is None or profile_source.adopted_profile(group) is None:
        return
    if db.session.scalar(select(Vacancy.id).where(Vacancy.group_id == group.id).limit(1)) is not None:
        return
    from partnership.teams import appointment, recruitment, training

    planner, second = context.users["planner"], _second_planner(group)
    db.session.commit()
    vacancy = recruitment.create_vacancy(group, by=planner)
    recruitment.set_weights(vacancy, {code: (2 if i == 0 else 1) for i, code in enumerate(vacancy.competence_codes)},
                            by=planner)
    candidates = []
    for name, unit, languages, platforms, motivation, online, (base_one, base_two) in CANDIDATES:
        candidate = recruitment.add_candidate(vacancy, name=name, unit=unit, languages=languages, platforms=platforms,
                                              motivation=motivation, online_motivation=online, by=planner)
        for rater, base in ((planner, base_one), (second, base_two)):
            scores = {code: (max(1, min(5, base + (1 if i % 3 == 0 else 0) - (1 if i % 4 == 3 else 0))),
                             "Entrevista estruturada e exemplos dados pelo candidato.")
                      for i, code in enumerate(vacancy.competence_codes)}
            recruitment.submit_sheet(candidate, rater, scores)
        candidates.append(candidate)
    # The online-minded candidate to the online role (when the profile has one), the next to the street.
    seats = sorted(appointment.open_seats(vacancy), key=lambda rs: ("digital" not in rs[0]["key"], rs[0]["key"], rs[1]))[:2]
    holdings = appointment.appoint(
        vacancy, [(role["key"], seat, candidate.id) for (role, seat), candidate in zip(seats, candidates[:2])],
        method="consensus", started_on=date.today() - timedelta(days=60), by=planner)
    # Training part done: the first course of the first plan that has one.
    item = next((i for h in holdings for i in h.plan_items if i.completed_on is None), None)
    if item is not None:
        training.complete(item, completed_on=date.today() - timedelta(days=10), reached=list(item.target_levels),
                          note="Avaliação prática no fim do curso: exercício de patrulha online e relatório.",
                          by=planner)
