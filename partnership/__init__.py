"""Safer Neighbourhoods: the community-partnership planning service."""
from __future__ import annotations

import os

from flask import Flask

from partnership import config as config_module
from partnership.extensions import babel, csrf, db, limiter, login_manager, migrate


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application. Only wiring happens here: no writes, no network."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=os.path.join(root, "templates"),
        static_folder=os.path.join(root, "static"),
    )
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(config_module.from_environment(app.instance_path))
    if test_config:
        app.config.from_mapping(test_config)
    app.config["SQLALCHEMY_DATABASE_URI"] = config_module.database_url(
        app.config["SQLALCHEMY_DATABASE_URI"], app.instance_path
    )

    register_extensions(app)
    register_blueprints(app)
    register_error_handlers(app)
    register_template_helpers(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    from partnership import i18n
    from partnership.security import register_security_headers

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", i18n.translation_directories())
    babel.init_app(app, locale_selector=i18n.select_locale)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    from flask_babel import lazy_gettext

    login_manager.login_message = lazy_gettext("Please sign in to see this page.")
    register_security_headers(app)

    @app.before_request
    def fresh_request_state():
        # Tests (and CLI-driven requests) may reuse one app context across requests;
        # the locale and CSP nonce must still be decided per request.
        from flask import g
        from flask_babel import refresh

        g.pop("csp_nonce", None)
        g.pop("_login_user", None)  # Flask-Login caches the user on g
        refresh()

    from partnership.auth.models import User

    @login_manager.user_loader
    def load_user(user_id: str):
        return db.session.get(User, int(user_id))


def register_blueprints(app: Flask) -> None:
    import assessments
    import maps
    from partnership.admin import bp as admin_bp
    from partnership.api import bp as api_bp
    from partnership.audit import bp as audit_bp
    from partnership.auth import bp as auth_bp
    from partnership.groups import bp as groups_bp
    from partnership.main import bp as main_bp

    for blueprint in (main_bp, auth_bp, admin_bp, audit_bp, groups_bp, api_bp):
        app.register_blueprint(blueprint)
    maps.init_app(app)
    assessments.init_app(app)
    from partnership import profiles

    profiles.init_app(app)
    from partnership import cycles

    cycles.init_app(app)


def register_error_handlers(app: Flask) -> None:
    from partnership.errors import register_error_handlers as register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from flask_babel import get_locale

    from partnership.i18n import LANGUAGE_NAMES

    @app.context_processor
    def inject_globals():
        return {
            "LANGUAGE_NAMES": {code: LANGUAGE_NAMES.get(code, code) for code in app.config["LANGUAGES"]},
            "current_locale": str(get_locale()),
            "nav_endpoints": app.view_functions,
        }


def register_commands(app: Flask) -> None:
    from partnership.cli import register

    register(app)
