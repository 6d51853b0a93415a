"""Explicit access rules for every route.

Each view is wrapped by exactly one of the decorators below. The wrapper both
enforces the rule and records it on the view (`view.access_rule`), so the access
matrix test can walk `app.url_map` and fail on any route without a rule.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Callable

from flask import abort, current_app, g, request
from flask_login import current_user

from partnership.auth.roles import Role


@dataclass(frozen=True)
class AccessRule:
    """What a route demands of its visitor."""

    kind: str  # "public", "login", "roles", "group", "custom", "api"
    roles: frozenset[str] = field(default_factory=frozenset)
    description: str = ""
    # For "group" rules: the URL parameter naming the group and who inside it may act.
    group_param: str | None = None
    group_check: Callable | None = None


def _attach(view: Callable, rule: AccessRule, check: Callable[[dict], None]) -> Callable:
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        check(kwargs)
        return view(*args, **kwargs)

    wrapped.access_rule = rule  # type: ignore[attr-defined]
    return wrapped


def _require_login() -> None:
    if not current_user.is_authenticated:
        if request.blueprint and request.blueprint.endswith("api"):
            abort(401)
        # Flask-Login's unauthorised handler redirects to the sign-in page with next=.
        abort(current_app.login_manager.unauthorized())  # type: ignore[attr-defined]


def public(view: Callable) -> Callable:
    """Anyone, signed in or not, may open this route."""
    return _attach(view, AccessRule("public", description="anyone"), lambda kwargs: None)


def login(view: Callable) -> Callable:
    """Any signed-in, active user."""
    return _attach(view, AccessRule("login", description="any signed-in user"), lambda kwargs: _require_login())


def roles(*allowed: Role) -> Callable[[Callable], Callable]:
    """Signed-in users holding one of the given roles."""
    names = frozenset(str(r) for r in allowed)

    def decorator(view: Callable) -> Callable:
        def check(kwargs):
            _require_login()
            if current_user.role not in names:
                abort(403)

        rule = AccessRule("roles", names, description="roles: " + ", ".join(sorted(names)))
        return _attach(view, rule, check)

    return decorator


def group(
    *allowed: Role,
    param: str = "group_id",
    check: Callable | None = None,
    description: str = "",
) -> Callable[[Callable], Callable]:
    """Signed-in users with one of `allowed` roles who can see the security group named by `param`.

    `check(user, group)` decides membership; by default `permissions.can_view_group`. A group
    outside the caller's scope answers 404, like a missing one; 403 only for a visible group.
    The group is loaded once and left in `g.group` for the view.
    """
    names = frozenset(str(r) for r in allowed)

    def decorator(view: Callable) -> Callable:
        def enforce(kwargs):
            from partnership.extensions import db
            from partnership.groups.models import SecurityGroup
            from partnership.groups.permissions import can_view_group

            _require_login()
            if names and current_user.role not in names:
                abort(403)
            security_group = db.session.get(SecurityGroup, kwargs[param])
            if security_group is None:
                abort(404)
            if not (check or can_view_group)(current_user, security_group):
                # A group the caller cannot see answers exactly like a missing one, so ids
                # reveal nothing; a visible group refuses the action with 403.
                abort(403 if can_view_group(current_user, security_group) else 404)
            g.group = security_group

        rule = AccessRule(
            "group",
            names,
            description=description or "members of the group" + (f" with roles {', '.join(sorted(names))}" if names else ""),
            group_param=param,
            group_check=check,
        )
        return _attach(view, rule, enforce)

    return decorator


def custom(description: str, check: Callable[[dict], None], *, allowed: tuple[Role, ...] = ()) -> Callable:
    """A rule that needs its own logic; `check(view_kwargs)` aborts when access is denied.

    `allowed` lists the roles that may pass at all, so the access matrix can
    test that every other role is refused.
    """
    names = frozenset(str(r) for r in allowed)

    def decorator(view: Callable) -> Callable:
        def enforce(kwargs):
            if names:
                _require_login()
                if current_user.role not in names:
                    abort(403)
            check(kwargs)

        return _attach(view, AccessRule("custom", names, description=description), enforce)

    return decorator


def api(*allowed: Role) -> Callable[[Callable], Callable]:
    """Staff calling the JSON API with a bearer token (or a signed-in browser session)."""
    names = frozenset(str(r) for r in allowed)

    def decorator(view: Callable) -> Callable:
        def enforce(kwargs):
            from partnership.api.tokens import user_from_request

            user = user_from_request()
            if user is None:
                abort(401)
            if names and user.role not in names:
                abort(403)
            g.api_user = user

        rule = AccessRule("api", names, description="API token" + (f", roles {', '.join(sorted(names))}" if names else ""))
        return _attach(view, rule, enforce)

    return decorator


def in_group_or_404(model, object_id: int):
    """A record of the security group in `g.group` (set by `group`); another group's id is simply not found."""
    from partnership.extensions import db

    record = db.session.get(model, object_id)
    if record is None or record.group_id != g.group.id:
        abort(404)
    return record


def rule_of(view: Callable) -> AccessRule | None:
    """The access rule recorded on a view function, if any."""
    return getattr(view, "access_rule", None)
