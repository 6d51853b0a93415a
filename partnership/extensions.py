"""Bare extension instances; `create_app` binds them to an app."""
from flask.cli import with_appcontext
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
import sqlite3

import click
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names keep Alembic revisions identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)


class DeferredMigrate:
    """Flask-Migrate, set up only when a migration command or test first needs it.

    Importing Flask-Migrate imports Alembic (most of a second), and no request ever uses
    either; `flask db ...` and `flask_migrate.upgrade()` find the real configuration through
    `app.extensions["migrate"]` as usual, made on first use.
    """

    def __init__(self, **options):
        self.options = options

    def init_app(self, app, db, directory: str) -> None:
        app.extensions["migrate"] = _DeferredMigrateConfig(app, db, directory, self.options)
        app.cli.add_command(_DeferredCommandGroup(
            "db", help="Perform database migrations (Flask-Migrate).", callback=with_appcontext(_db_group_options),
            params=[click.Option(["-d", "--directory"], default=None,
                                 help='Migration script directory (default is "migrations")'),
                    click.Option(["-x", "--x-arg"], multiple=True,
                                 help="Additional arguments consumed by custom env.py scripts")]))


def _db_group_options(directory, x_arg) -> None:
    # What Flask-Migrate's own `db` group does: its commands read these from g.
    from flask import g

    g.directory = directory
    g.x_arg = x_arg


class _DeferredMigrateConfig:
    def __init__(self, app, db, directory: str, options: dict):
        self._setup = (app, db, directory, options)

    def __getattr__(self, name: str):
        from flask_migrate import Migrate

        app, db, directory, options = self._setup
        Migrate(render_as_batch=options.get("render_as_batch"), compare_type=options.get("compare_type")).init_app(
            app, db, directory=directory)
        return getattr(app.extensions["migrate"], name)


class _DeferredCommandGroup(click.Group):
    """`flask db`: Flask-Migrate's own command group, imported when the command runs or lists its commands."""

    @staticmethod
    def _real() -> click.Group:
        from flask_migrate.cli import db as real

        return real

    def list_commands(self, ctx):
        return self._real().list_commands(ctx)

    def get_command(self, ctx, name):
        return self._real().get_command(ctx, name)


migrate = DeferredMigrate(render_as_batch=True, compare_type=True)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


@event.listens_for(Engine, "connect")
def _enforce_sqlite_foreign_keys(dbapi_connection, connection_record) -> None:
    # SQLite ignores foreign keys (and so ON DELETE CASCADE) unless asked per connection;
    # PostgreSQL always enforces them, and both engines must behave alike.
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
