"""Recording audit events."""
from __future__ import annotations

from flask import has_request_context, request
from flask_login import current_user

from partnership.audit.models import AuditEvent
from partnership.extensions import db


def log_event(action: str, *, actor=None, target: str | None = None, details: dict | None = None) -> AuditEvent:
    """Add an audit event to the session; the caller's transaction commits it.

    Adding (not committing) keeps the event atomic with the action it records.
    """
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user._get_current_object()
    event = AuditEvent(
        action=action,
        actor_id=getattr(actor, "id", None),
        actor_email=getattr(actor, "email", None),
        target=target,
        details=details or {},
        ip_address=request.remote_addr if has_request_context() else None,
    )
    db.session.add(event)
    return event
