"""Pages of Step 1: thin views that parse the request, call a use case and render."""
from __future__ import annotations

from datetime import datetime, timezone

from flask_babel import to_user_timezone, to_utc
from flask_wtf import FlaskForm

from partnership.access import in_group_or_404
from partnership.extensions import db
from partnership.groups.errors import GroupError
from partnership.groups.models import Meeting, MemberOrganisation


def organisation_or_404(organisation_id: int) -> MemberOrganisation:
    """A member organisation of the group in `g.group`."""
    return in_group_or_404(MemberOrganisation, organisation_id)


def meeting_or_404(meeting_id: int) -> Meeting:
    """A meeting of the group in `g.group`."""
    return in_group_or_404(Meeting, meeting_id)


def show_error(form: FlaskForm, error: GroupError) -> None:
    """Put a use case's message next to the field it concerns, or at the top of the form."""
    db.session.rollback()
    field = form._fields.get(error.field) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message] if isinstance(field.errors, list) else [error.message]
    else:
        form.form_errors.append(error.message)


def local_to_utc(value: datetime | None) -> datetime | None:
    """A naive date-time typed in the user's time zone, as an aware UTC value."""
    return None if value is None else to_utc(value).replace(tzinfo=timezone.utc)


def utc_to_local(value: datetime) -> datetime:
    """An aware UTC value as the naive local date-time a datetime-local input shows."""
    return to_user_timezone(value).replace(tzinfo=None)


from partnership.groups.views import charter, decisions, meetings, members, overview  # noqa: E402,F401
