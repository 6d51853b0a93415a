"""Pages of the evaluation cycles: thin views that parse the request, call a use case and render."""
from __future__ import annotations

from flask import flash
from flask_wtf import FlaskForm

from partnership.access import in_group_or_404
from partnership.cycles.errors import CycleError
from partnership.cycles.models import Cycle, Priority
from partnership.extensions import db


def cycle_or_404(cycle_id: int) -> Cycle:
    """A cycle of the group in `g.group`; another group's cycle is not found."""
    return in_group_or_404(Cycle, cycle_id)


def priority_or_404(cycle: Cycle, priority_id: int) -> Priority:
    priority = in_group_or_404(Priority, priority_id)
    if priority.cycle_id != cycle.id:
        from flask import abort

        abort(404)
    return priority


def int_or_zero(value) -> int:
    """A posted id as an int; anything else (tampered or empty) is 0, which matches nothing."""
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def show_error(form: FlaskForm | None, error: CycleError) -> None:
    """Put a use case's message next to its field, or flash it when there is no form field for it."""
    db.session.rollback()
    field = form._fields.get(error.field) if (form is not None and error.field) else None
    if field is not None:
        field.errors = [*field.errors, error.message] if isinstance(field.errors, list) else [error.message]
    elif form is not None:
        form.form_errors.append(error.message)
    else:
        flash(error.message, "error")


from partnership.cycles.views import cycle, public, work  # noqa: E402,F401
