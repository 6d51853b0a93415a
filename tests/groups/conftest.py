"""Step 1 fixtures: a group with one organisation per kind the default sign-off rule looks at."""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from partnership.auth.roles import Role
from partnership.groups.models import MemberOrganisation, SecurityGroup, StakeholderType
from tests import factories


@dataclass
class Partnership:
    group: SecurityGroup
    police: MemberOrganisation
    municipality: MemberOrganisation
    residents: MemberOrganisation
    school: MemberOrganisation
    users: dict


@pytest.fixture
def partnership(db, group, planner, partner) -> Partnership:
    """`group` with police (the planner), municipality, residents (`partner`) and a school, all active."""
    residents = group.organisations[0]
    municipal_rep = factories.user(role=Role.PARTNER, email="camara@test.example", name="Maria Municipio")
    school_rep = factories.user(role=Role.PARTNER, email="escola@test.example", name="Sergio Escola")
    police = factories.organisation(group, planner, StakeholderType.LOCAL_POLICE, name="PSP 32")
    municipality = factories.organisation(group, municipal_rep, StakeholderType.MUNICIPALITY_SERVICE, name="CML Seguranca")
    school = factories.organisation(group, school_rep, StakeholderType.SCHOOL, name="Escola Basica")
    db.session.refresh(group)
    return Partnership(group, police, municipality, residents, school,
                       {"planner": planner, "partner": partner, "municipal": municipal_rep, "school": school_rep})

