"""Small builders of test data with sensible defaults."""
from __future__ import annotations

import itertools

from partnership.auth.models import User
from partnership.auth.roles import Role
from partnership.dbtypes import utcnow
from partnership.extensions import db
from partnership.groups.models import (
    CharterSignOff,
    CharterVersion,
    MemberOrganisation,
    MembershipStatus,
    SecurityGroup,
    StakeholderType,
)
from partnership.neighbourhoods.models import Municipality, Neighbourhood

PASSWORD = "correct horse battery"
_seq = itertools.count(1)


def municipality(name: str | None = None, code: str | None = None, neighbourhoods: int = 3) -> Municipality:
    n = next(_seq)
    m = Municipality(name=name or f"Municipality {n}", code=code or f"M{n}")
    db.session.add(m)
    for i in range(neighbourhoods):
        db.session.add(Neighbourhood(municipality=m, name=f"Bairro {n}-{i + 1}", code=f"{n}-{i + 1}"))
    db.session.commit()
    return m


def user(role: Role | str = Role.PARTNER, email: str | None = None, password: str = PASSWORD, **extra) -> User:
    n = next(_seq)
    u = User(email=email or f"user{n}@test.example", name=extra.pop("name", f"User {n}"), role=str(role), **extra)
    u.set_password(password)
    db.session.add(u)
    db.session.commit()
    return u


def organisation(group: SecurityGroup, representative: User | None, kind: StakeholderType = StakeholderType.RESIDENTS_ASSOCIATION,
                 status: str = MembershipStatus.ACTIVE, name: str | None = None) -> MemberOrganisation:
    org = MemberOrganisation(group=group, name=name or f"Organisation {next(_seq)}", stakeholder_type=kind,
                             representative=representative, status=status,
                             joined_at=utcnow() if status == MembershipStatus.ACTIVE else None)
    db.session.add(org)
    db.session.commit()
    return org


def security_group(municipality: Municipality, planners: list[User] = (), partner: User | None = None,
                   name: str | None = None) -> SecurityGroup:
    g = SecurityGroup(name=name or f"Security group {next(_seq)}", municipality=municipality)
    g.neighbourhoods = list(municipality.neighbourhoods[:2])
    g.planners = list(planners)
    db.session.add(g)
    db.session.commit()
    if partner is not None:
        organisation(g, partner)
    return g


def charter(group: SecurityGroup, *, rule: str = "default", signed_by: list[MemberOrganisation] = ()) -> CharterVersion:
    number = len(group.charter_versions) + 1
    version = CharterVersion(group=group, number=number, purpose="Plan together", territory="The area",
                             decision_making="Consensus", meeting_rhythm="Monthly",
                             data_protection="Aggregates only", sign_off_rule=rule)
    db.session.add(version)
    db.session.flush()
    for org in signed_by:
        db.session.add(CharterSignOff(charter_version=version, organisation=org, signed_by_id=org.representative_id))
    db.session.commit()
    return version
