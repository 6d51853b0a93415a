"""The audit log page."""
from flask import render_template, request
from sqlalchemy import and_, func, not_, or_, select

from partnership import access
from partnership.audit import bp, describe
from partnership.audit.models import AuditEvent
from partnership.auth.roles import Role
from partnership.extensions import db

PAGE_SIZE = 50


@bp.route("/")
@access.roles(Role.ADMIN)
def event_list():
    page = max(request.args.get("page", 1, type=int), 1)
    action = request.args.get("action", "").strip()
    kind = request.args.get("kind", describe.DEFAULT_KIND)
    stmt = select(AuditEvent)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
        kind = "all"
    else:
        stmt = stmt.where(_kind_condition(kind))
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    events = db.session.scalars(
        stmt.order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc()).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    ).all()
    actions = db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)).all()
    return render_template("audit/events.html", events=events, page=page, total=total,
                           page_size=PAGE_SIZE, action=action, actions=actions, kind=kind,
                           kinds=describe.kind_choices(), describe=describe)


def _kind_condition(kind: str):
    """Events of one kind; codes ending in a dot match every action under them."""
    found = describe.kind_prefixes(kind)
    if found is None:
        return and_(True)
    codes, exclude = found
    matches = or_(*[AuditEvent.action.startswith(c) if c.endswith(".") else AuditEvent.action == c for c in codes])
    return not_(matches) if exclude else matches
