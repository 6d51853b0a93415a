"""Error pages in the site layout, or JSON for API clients."""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

from partnership.extensions import db


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (_("Bad request"), _("The request could not be understood. Please go back and try again.")),
        401: (_("Sign-in required"), _("Please sign in to continue.")),
        403: (_("Not allowed"), _("You do not have access to this page. If you think you should, ask the group's planning team.")),
        404: (_("Page not found"), _("We could not find that page. It may have been moved or removed.")),
        405: (_("Not allowed"), _("That action is not available here.")),
        413: (_("File too large"), _("The file you sent is larger than this service accepts. Try a smaller or compressed file.")),
        429: (_("Too many attempts"), _("You have tried this too many times. Please wait a few minutes and try again.")),
        503: (_("Please try again in a moment"), _("The service cannot reach its database just now. Nothing you saved before is lost; please try again in a minute.")),
        500: (_("Something went wrong"), _("An unexpected error happened on our side. Nothing you entered was saved twice; please try again.")),
    }


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def register_error_handlers(app: Flask) -> None:
    def handle(error: HTTPException):
        code = error.code or 500
        if code == 500:
            db.session.rollback()
        if error.response is not None:  # e.g. a redirect to the sign-in page
            return error.response
        title, text = _messages().get(code, (error.name, error.description or ""))
        if code == 400 and getattr(error, "description", None) and "CSRF" in str(error.description):
            text = _("The form expired or was sent twice. Please reload the page and try again; nothing was saved.")
        if wants_json():
            return jsonify(error=title, message=text, status=code), code
        return render_template("errors/error.html", code=code, title=title, text=text), code

    for code in (400, 401, 403, 404, 405, 413, 429):
        app.register_error_handler(code, handle)

    @app.errorhandler(500)
    def internal(error):
        db.session.rollback()
        title, text = _messages()[500]
        if wants_json():
            return jsonify(error=title, message=text, status=500), 500
        return render_template("errors/error.html", code=500, title=title, text=text), 500

    @app.errorhandler(OperationalError)
    @app.errorhandler(DisconnectionError)
    @app.errorhandler(InterfaceError)
    def database_unavailable(error):
        # A lost database is temporary: say so (503 + Retry-After), never a 500.
        app.logger.warning("database unavailable: %s", error)
        try:
            db.session.rollback()
        except Exception:  # the connection is gone; the pool discards it
            db.session.remove()
        title, text = _messages()[503]
        headers = {"Retry-After": "30"}
        if wants_json():
            return jsonify(error=title, message=text, status=503), 503, headers
        try:
            body = render_template("errors/error.html", code=503, title=title, text=text)
        except Exception:  # the layout itself may need the database (signed-in user)
            body = f"<!doctype html><title>{title}</title><h1>{title}</h1><p>{text}</p>"
        return body, 503, headers
