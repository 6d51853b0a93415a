"""The Alembic revisions build exactly the schema the models describe, on both engines."""
from __future__ import annotations

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text

from partnership import create_app
from partnership.extensions import db

ENGINES = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_POSTGRES_URL") else [])


@pytest.fixture(params=ENGINES)
def migration_url(request, tmp_path):
    if request.param == "sqlite":
        return "sqlite:///" + str(tmp_path / "migrations.sqlite")
    url = os.environ["TEST_POSTGRES_URL"]
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


def _differences(app) -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True}
        )
        return compare_metadata(context, db.metadata)


def test_upgrade_builds_the_models_schema_and_downgrade_undoes_it(migration_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": migration_url, "SECRET_KEY": "test"})
    with app.app_context():
        upgrade()
        assert "security_group" in inspect(db.engine).get_table_names()
        differences = _differences(app)
        assert differences == [], f"models and migrations differ: {differences}"

        downgrade(revision="base")
        remaining = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert remaining == set()

        upgrade()  # a second upgrade after a full downgrade must work too
        assert _differences(app) == []
        db.engine.dispose()


def test_demo_loads_twice_without_duplicates(migration_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": migration_url, "SECRET_KEY": "test"})
    runner = app.test_cli_runner()
    with app.app_context():
        upgrade()
        first = runner.invoke(args=["seed-demo"])
        assert first.exit_code == 0, first.output
        counts = {t.name: db.session.execute(t.select()).all().__len__() for t in db.metadata.sorted_tables}
        second = runner.invoke(args=["seed-demo"])
        assert second.exit_code == 0, second.output
        again = {t.name: db.session.execute(t.select()).all().__len__() for t in db.metadata.sorted_tables}
        assert "planner@demo.example" in first.output
        assert counts["user"] >= 4 and counts["security_group"] >= 2
        # Audit events may be added by sign-ins, never by seeding; nothing else may grow.
        assert {k: v for k, v in again.items()} == counts
        db.session.remove()
        db.engine.dispose()
