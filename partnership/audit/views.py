"""The audit log page."""
from flask import render_template, request
from sqlalchemy import func, select

from partnership import access
from partnership.audit import bp
from partnership.audit.models import AuditEvent
from partnership.auth.roles import Role
from partnership.extensions import db

PAGE_SIZE = 50


@bp.route("/")
@access.roles(Role.ADMIN)
def event_list():
    page = max(request.args.get("page", 1, type=int), 1)
    action = request.args.get("action", "").strip()
    stmt = select(AuditEvent)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    events = db.session.scalars(
        stmt.order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc()).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    ).all()
    actions = db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)).all()
    return render_template("audit/events.html", events=events, page=page, total=total,
                           page_size=PAGE_SIZE, action=action, actions=actions)
