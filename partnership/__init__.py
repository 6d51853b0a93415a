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

    register_url_converters(app)
    register_proxy_fix(app)
    register_extensions(app)
    register_blueprints(app)
    register_error_handlers(app)
    register_template_helpers(app)
    register_commands(app)
    return app


def register_url_converters(app: Flask) -> None:
    # Before any blueprint adds its routes: every `<int:...>` in the app gets the bounded converter.
    from partnership.converters import install

    install(app)


def register_proxy_fix(app: Flask) -> None:
    """Believe X-Forwarded-For/-Proto only from the configured number of reverse proxies in front.

    With none (the default) a client cannot pick its own address by sending the header; behind
    one proxy, every user would otherwise share the proxy's address and one rate limit.
    """
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]


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
    from partnership import compression

    compression.init_app(app)

    @app.before_request
    def fresh_request_state():
        # Tests (and CLI-driven requests) may reuse one app context across requests;
        # the locale and CSP nonce must still be decided per request.
        from flask import g
        from flask_babel import refresh

        g.pop("csp_nonce", None)
        g.pop("_login_user", None)  # Flask-Login caches the user on g
        refresh()

    # Importing the account models here, before the blueprints, keeps the import order that
    # avoids the auth <-> access import cycle (see issue 13, "every module must import on its own").
    from partnership.auth.models import User  # noqa: F401

    @login_manager.user_loader
    def load_user(user_id: str):
        # A signed cookie is not enough: its session must still be live on the server.
        from partnership.auth import sessions

        return sessions.load(user_id)


def register_blueprints(app: Flask) -> None:
    import assessments
    import maps
    # Routes register on their blueprint when the views modules are imported; the packages
    # themselves do not import their views, so models and helpers import on their own.
    from partnership.admin import views as _admin_views  # noqa: F401
    from partnership.api import views as _api_views  # noqa: F401
    from partnership.audit import views as _audit_views  # noqa: F401
    from partnership.auth import views as _auth_views  # noqa: F401
    from partnership.groups import views as _groups_views  # noqa: F401
    from partnership.admin import bp as admin_bp
    from partnership.api import bp as api_bp
    from partnership.audit import bp as audit_bp
    from partnership.auth import bp as auth_bp
    from partnership.groups import bp as groups_bp
    from partnership.main import bp as main_bp

    for blueprint in (main_bp, auth_bp, admin_bp, audit_bp, groups_bp, api_bp):
        app.register_blueprint(blueprint)
    from partnership.content import setup as content_setup

    content_setup.init_app(app)
    maps.init_app(app)
    assessments.init_app(app)
    from partnership import profiles

    profiles.init_app(app)
    from partnership import teams

    teams.init_app(app)

    from partnership import cycles

    cycles.init_app(app)


def register_error_handlers(app: Flask) -> None:
    from partnership.errors import register_error_handlers as register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from flask_babel import get_locale

    from partnership.dates import register_date_filters
    from partnership.i18n import LANGUAGE_NAMES

    register_date_filters(app)

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
