"""The demo installation: Lisbon parishes, two security groups, one account per role.

Packages add their own demo data with `register_seeder`; every seeder must be
idempotent, so running `seed-demo` twice never duplicates anything.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo
from typing import Callable

from sqlalchemy import select

from partnership.auth.accounts import find_user
from partnership.auth.models import User
from partnership.dbtypes import utcnow
from partnership.extensions import db
from partnership.groups.models import (
    CharterSignOff,
    CharterVersion,
    Decision,
    Meeting,
    MeetingAttendance,
    MemberOrganisation,
    MembershipStatus,
    SecurityGroup,
    StakeholderType,
)
from partnership.neighbourhoods.models import Municipality, Neighbourhood

DEMO_PASSWORD = "demo-password-2026"

# The 24 parishes of Lisboa (DICOFRE codes); maps/demo.py draws an illustrative neighbourhood for each.
LISBON_PARISHES = [
    ("110601", "Ajuda"), ("110602", "Alcântara"), ("110607", "Beato"), ("110608", "Benfica"),
    ("110610", "Campolide"), ("110611", "Carnide"), ("110618", "Lumiar"), ("110621", "Marvila"),
    ("110633", "Olivais"), ("110639", "São Domingos de Benfica"), ("110654", "Alvalade"),
    ("110655", "Areeiro"), ("110656", "Arroios"), ("110657", "Avenidas Novas"), ("110658", "Belém"),
    ("110659", "Campo de Ourique"), ("110660", "Estrela"), ("110661", "Misericórdia"),
    ("110662", "Parque das Nações"), ("110663", "Penha de França"), ("110664", "Santa Clara"),
    ("110665", "Santa Maria Maior"), ("110666", "Santo António"), ("110667", "São Vicente"),
]


@dataclass
class DemoContext:
    municipality: Municipality
    neighbourhoods: dict[str, Neighbourhood]
    users: dict[str, User]
    groups: dict[str, SecurityGroup] = field(default_factory=dict)

    def accounts(self) -> dict[str, User]:
        labels = {
            "admin": "Administrator", "planner": "Police planner", "reviewer": "Municipality reviewer",
            "partner": "Partner (residents' assoc.)", "partner_school": "Partner (school)",
            "partner_municipality": "Partner (municipality service)",
        }
        return {labels[key]: user for key, user in self.users.items() if key in labels}


_seeders: list[tuple[int, str, Callable[[DemoContext], None]]] = []


def register_seeder(name: str, seed: Callable[[DemoContext], None], order: int = 50) -> None:
    """Add a package's demo data; seeders run in `order` after the core demo."""
    if not any(existing == name for _, existing, _ in _seeders):
        _seeders.append((order, name, seed))


def _user(email: str, name: str, role: str, **extra) -> User:
    user = find_user(email)
    if user is None:
        user = User(email=email, name=name, role=role, **extra)
        user.set_password(DEMO_PASSWORD)
        db.session.add(user)
    return user


def _organisation(group: SecurityGroup, name: str, kind: StakeholderType, representative: User, mandate: str,
                  status: str = MembershipStatus.ACTIVE) -> MemberOrganisation:
    for org in group.organisations:
        if org.name == name:
            return org
    org = MemberOrganisation(group=group, name=name, stakeholder_type=kind, representative=representative,
                             mandate=mandate, status=status,
                             joined_at=utcnow() if status == MembershipStatus.ACTIVE else None)
    db.session.add(org)
    return org


def _seed_core() -> DemoContext:
    lisboa = db.session.scalar(select(Municipality).where(Municipality.code == "1106"))
    if lisboa is None:
        lisboa = Municipality(name="Lisboa", code="1106")
        db.session.add(lisboa)
        db.session.flush()
    existing = {n.code: n for n in db.session.scalars(select(Neighbourhood).where(Neighbourhood.municipality_id == lisboa.id))}
    for code, name in LISBON_PARISHES:
        if code not in existing:
            existing[code] = Neighbourhood(municipality=lisboa, name=name, code=code)
            db.session.add(existing[code])
    users = {
        "admin": _user("admin@demo.example", "Ana Admin", "admin"),
        "planner": _user("planner@demo.example", "Paulo Planeamento (PSP)", "planner", organisation_name="PSP — Comando Metropolitano de Lisboa"),
        "reviewer": _user("reviewer@demo.example", "Rita Revisora (CML)", "reviewer", municipality=lisboa, organisation_name="Câmara Municipal de Lisboa"),
        "partner": _user("partner@demo.example", "Marta Moradores", "partner", organisation_name="Associação de Moradores do Bairro do Condado"),
        "partner_school": _user("school@demo.example", "Sérgio Escola", "partner", organisation_name="Agrupamento de Escolas de Marvila"),
        "partner_municipality": _user("municipality@demo.example", "Maria Município", "partner", organisation_name="CML — Departamento de Segurança"),
    }
    db.session.flush()
    context = DemoContext(lisboa, existing, users)
    context.groups["marvila"] = _seed_marvila(context)
    context.groups["arroios"] = _seed_arroios(context)
    return context


def _group(name: str, context: DemoContext, codes: list[str], description: str) -> SecurityGroup:
    group = db.session.scalar(select(SecurityGroup).where(SecurityGroup.name == name))
    if group is None:
        group = SecurityGroup(name=name, municipality=context.municipality, description=description,
                              created_by_id=context.users["planner"].id)
        group.neighbourhoods = [context.neighbourhoods[c] for c in codes]
        group.planners = [context.users["planner"]]
        db.session.add(group)
        db.session.flush()
    return group


LISBON = ZoneInfo("Europe/Lisbon")


def first_tuesday(year: int, month: int) -> datetime:
    """18:30 Lisbon time on the first Tuesday of a month, in UTC: the rhythm Marvila's charter promises."""
    day = date(year, month, 1)
    day += timedelta(days=(1 - day.weekday()) % 7)
    return datetime.combine(day, time(18, 30), tzinfo=LISBON).astimezone(timezone.utc)


def charter_meetings(now: datetime) -> tuple[datetime, datetime, datetime]:
    """The constitutive meeting (two rhythm dates back), the last monthly meeting, and the next one."""
    months = [(now.year + (now.month - 1 + k) // 12, (now.month - 1 + k) % 12 + 1) for k in range(-3, 2)]
    dates = [first_tuesday(y, m) for y, m in months]
    # The last one held is at least a day old (its minutes are written); the next is still to come.
    past = [d for d in dates if d <= now - timedelta(days=1)]
    upcoming = [d for d in dates if d > now]
    return past[-2], past[-1], upcoming[0]


def _seed_marvila(context: DemoContext) -> SecurityGroup:
    """A group whose Step 1 is complete: members joined, charter signed, meetings held."""
    u = context.users
    group = _group("Grupo de Segurança de Marvila", context, ["110621", "110607"],
                   "Parceria local de segurança de Marvila e Beato, formada em 2026.")
    orgs = [
        _organisation(group, "PSP — 32.ª Esquadra", StakeholderType.LOCAL_POLICE, u["planner"], "Comandante da esquadra delega no planeamento."),
        _organisation(group, "CML — Departamento de Segurança", StakeholderType.MUNICIPALITY_SERVICE, u["partner_municipality"], "Representa a Câmara no grupo."),
        _organisation(group, "Associação de Moradores do Bairro do Condado", StakeholderType.RESIDENTS_ASSOCIATION, u["partner"], "Mandato da assembleia geral de março."),
        _organisation(group, "Agrupamento de Escolas de Marvila", StakeholderType.SCHOOL, u["partner_school"], "Direção do agrupamento."),
    ]
    db.session.flush()
    constitutive, last_monthly, next_monthly = charter_meetings(utcnow())
    if not group.charter_versions:
        # Adopted at the constitutive meeting: the charter's date and the adoption decision's date agree.
        charter = CharterVersion(
            group=group, number=1, created_by_id=u["planner"].id, created_at=constitutive,
            purpose="Planear em conjunto o policiamento comunitário de Marvila e Beato.",
            territory="Freguesias de Marvila e do Beato.",
            decision_making="Por consenso; sem consenso, por maioria simples das organizações presentes.",
            meeting_rhythm="Mensal, na primeira terça-feira de cada mês.",
            data_protection="Os dados pessoais são tratados só para os fins do grupo; os resultados dos inquéritos são publicados apenas agregados.",
        )
        db.session.add(charter)
        db.session.flush()
        for org in orgs:
            db.session.add(CharterSignOff(charter_version=charter, organisation=org, signed_by_id=org.representative_id,
                                          signed_at=constitutive))
    if not group.meetings:
        meeting = Meeting(group=group, title="Reunião constitutiva", starts_at=constitutive,
                          place="Junta de Freguesia de Marvila", agenda="1. Apresentação dos parceiros\n2. Carta do grupo\n3. Calendário",
                          minutes="Os parceiros aprovaram a carta e o calendário mensal.")
        db.session.add(meeting)
        db.session.flush()
        for org in orgs:
            db.session.add(MeetingAttendance(meeting=meeting, organisation=org, present=True))
        db.session.add(Decision(group=group, meeting=meeting, title="Aprovar a carta do grupo (versão 1)",
                                text="A carta foi aprovada por todas as organizações presentes.", method="consensus",
                                decided_at=meeting.starts_at, recorded_by_id=u["planner"].id))
        db.session.add(Meeting(group=group, title="Reunião mensal", starts_at=next_monthly,
                               place="Escola Básica de Marvila", agenda="1. Inquérito de necessidades\n2. Próximos passos"))
    _seed_marvila_monthly(group, orgs, u["planner"], constitutive, last_monthly)
    return group


def _seed_marvila_monthly(group: SecurityGroup, orgs: list[MemberOrganisation], planner: User,
                          constitutive: datetime, held_at: datetime) -> None:
    """A hybrid monthly meeting with one organisation absent and a decision taken by a vote."""
    title = "Reunião mensal de acompanhamento"
    if any(m.title == title for m in group.meetings):
        return
    police, municipality, residents, school = orgs
    for org in orgs:  # they joined at the constitutive meeting, not when the demo was loaded
        if org.joined_at is None or org.joined_at > constitutive:
            org.joined_at = constitutive - timedelta(hours=1)
    meeting = Meeting(group=group, title=title, starts_at=held_at,
                      place="Junta de Freguesia de Marvila", online_link="https://reunioes.example.org/marvila",
                      agenda="1. Ponto de situação da carta\n2. Calendário do inquérito local de segurança\n3. Iluminação do Vale Fundão",
                      minutes="A PSP apresentou o calendário do inquérito. A Junta levantará os pontos sem iluminação "
                              "no Vale Fundão. A escola justificou a ausência.")
    db.session.add(meeting)
    db.session.flush()
    for org in orgs:
        db.session.add(MeetingAttendance(meeting=meeting, organisation=org, present=org is not school))
    db.session.add(Decision(group=group, meeting=meeting, title="Realizar o inquérito local de segurança em maio",
                            text="O inquérito decorre durante quatro semanas, em papel e online.", method="vote",
                            votes_for=3, votes_against=0, votes_abstain=0, decided_at=meeting.starts_at,
                            recorded_by_id=planner.id))


def _seed_arroios(context: DemoContext) -> SecurityGroup:
    """A group just formed: members invited, no charter yet."""
    u = context.users
    group = _group("Grupo de Segurança de Arroios", context, ["110656"], "Parceria em formação para Arroios.")
    _organisation(group, "PSP — 6.ª Divisão", StakeholderType.LOCAL_POLICE, u["planner"], "Planeamento da divisão.")
    _organisation(group, "Centro de Dia de Arroios", StakeholderType.SOCIAL_SERVICES, u["partner"], "", status=MembershipStatus.INVITED)
    return group


def _mark_portuguese(group: SecurityGroup) -> None:
    """The demo's records are written in Portuguese: readers in English or Spanish see them marked as originals.

    Runs after every seeder (later steps record decisions too) and leaves a language already recorded alone,
    so a second `seed-demo` changes nothing.
    """
    from partnership.content.models import ContentOriginal
    from partnership.content.translations import set_original_language

    for kind, records in (("decision", group.decisions), ("meeting", group.meetings)):
        for record in records:
            if db.session.get(ContentOriginal, (kind, record.id)) is None:
                set_original_language(kind, record.id, "pt")


def seed_demo() -> DemoContext:
    """Load the whole demo; safe to run again."""
    context = _seed_core()
    db.session.commit()
    for _, _, seed in sorted(_seeders, key=lambda item: (item[0], item[1])):
        seed(context)
        db.session.commit()
    for group in context.groups.values():
        db.session.refresh(group)
        _mark_portuguese(group)
    db.session.commit()
    return context
