"""Step 4: recruit and train the community-police team against the profile the group adopted."""
from __future__ import annotations

import os

from flask import Blueprint, Flask

bp = Blueprint("teams", __name__)
api_bp = Blueprint("teams_api", __name__, url_prefix="/api/v1")


def init_app(app: Flask) -> None:
    """Register the blueprints, Step 4's provider, the demo seeder, the candidate purge and the API paths."""
    from partnership.teams import models  # noqa: F401  (db.metadata must know the tables)
    from partnership.teams import api, views  # noqa: F401  (routes register on import)
    from partnership.api.openapi import add_paths
    from partnership.cli import register_purger
    from partnership.demo import register_seeder
    from partnership.groups.progress import register_step
    from partnership.teams.appointment import purge_candidates
    from partnership.teams.demo import seed
    from partnership.teams.team import step_four

    # Candidates not appointed are personal data with no further purpose: kept this long after the vacancy closes.
    app.config.setdefault("CANDIDATE_RETENTION_DAYS", int(os.environ.get("CANDIDATE_RETENTION_DAYS", "180")))
    app.config.setdefault("TRAINING_HOURS_PER_DAY", float(os.environ.get("TRAINING_HOURS_PER_DAY", "7")))
    app.register_blueprint(bp)
    app.register_blueprint(api_bp, name="teams_api")
    register_step(4, step_four)
    register_seeder("teams", seed, order=80)
    register_purger("candidates not appointed", purge_candidates)
    from partnership.teams.cli import group as cli_group

    app.cli.add_command(cli_group)
    add_paths(*api.openapi_paths())
    # This package keeps its own catalogue; Flask-Babel merges every directory it is given.
    folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "translations")
    directories = app.extensions["babel"].translation_directories
    if folder not in directories:
        directories.append(folder)
