"""`flask teams ...`: load the training catalogue on an installation that has no demo data."""
from __future__ import annotations

import click
from flask.cli import AppGroup

group = AppGroup("teams", help="Step 4: recruitment and training of community-police teams.")


@group.command("seed-catalogue")
def seed_catalogue_command() -> None:
    """Add the standard training offers (DOMAIN.md) to the catalogue; existing titles are left alone."""
    from sqlalchemy import func, select

    from partnership.extensions import db
    from partnership.teams.demo import seed_catalogue
    from partnership.teams.models import Course

    before = db.session.scalar(select(func.count(Course.id)))
    seed_catalogue()
    db.session.commit()
    after = db.session.scalar(select(func.count(Course.id)))
    click.echo(f"Training catalogue: {after - before} courses added, {after} in all.")
