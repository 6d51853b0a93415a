"""Home, dashboard and language switch."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user

from partnership import access
from partnership.extensions import db

bp = Blueprint("main", __name__)


def safe_next(target: str | None, fallback: str) -> str:
    """Only follow a `next` that stays on this site (no open redirects)."""
    if not target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    return target


@bp.route("/")
@access.public
def index():
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    return render_template("main/index.html")


@bp.route("/dashboard")
@access.login
def dashboard():
    from partnership.groups.membership import pending_invitations
    from partnership.groups.permissions import visible_groups_query
    from partnership.groups.progress import group_steps

    invitations = pending_invitations(current_user)
    invited_group_ids = {org.group_id for org in invitations}
    groups = [g for g in db.session.scalars(visible_groups_query(current_user)) if g.id not in invited_group_ids]
    return render_template(
        "main/dashboard.html", groups=[(g, group_steps(g)) for g in groups], invitations=invitations
    )


@bp.route("/language/<code>", methods=["POST"])
@access.public
def set_language(code: str):
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    return redirect(safe_next(request.form.get("next"), url_for("main.index")))


@bp.route("/healthz")
@access.public
def healthz():
    db.session.execute(db.text("SELECT 1"))
    return {"status": "ok"}
