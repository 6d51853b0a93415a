"""The roles of DESIGN.md section 2."""
from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Role(StrEnum):
    ADMIN = "admin"
    PLANNER = "planner"
    REVIEWER = "reviewer"
    PARTNER = "partner"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.PLANNER: _l("Police planner"),
    Role.REVIEWER: _l("Municipality reviewer"),
    Role.PARTNER: _l("Partner"),
}
