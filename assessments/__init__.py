"""Step 2, the local security needs assessment: bank, surveys, answering, results, needs lists."""
from flask import Blueprint, Flask

bp = Blueprint("assessments", __name__)
api_bp = Blueprint("assessments_api", __name__, url_prefix="/api/v1")


def init_app(app: Flask) -> None:
    """Register the package's blueprints, step provider, demo seeder, CLI group and API paths."""
    from assessments import models  # noqa: F401  (db.metadata must know the tables)
    from assessments import api, cli, progress, views  # noqa: F401  (routes register on import)
    from partnership.api.openapi import add_paths
    from partnership.demo import register_seeder
    from partnership.groups.progress import register_step

    app.register_blueprint(bp)
    app.register_blueprint(api_bp, name="assessments_api")
    from assessments.needs import register_translatable_needs

    register_translatable_needs()
    register_step(2, progress.step_two)
    from assessments.demo import seed

    register_seeder("assessments", seed, order=60)
    app.cli.add_command(cli.group)
    add_paths(*api.openapi_paths())
    from assessments.answering import purge_drafts
    from partnership.cli import register_purger

    register_purger("unfinished survey answers", purge_drafts)
    from assessments.retention import purge_expired_responses

    register_purger("survey answers past retention", purge_expired_responses)
    from assessments.builder import pin_unpinned_surveys
    from maps.versions import register_approval_hook

    register_approval_hook(pin_unpinned_surveys)
    from assessments import walks; walks.init_app(app)  # noqa: E702  (safety walks: own blueprint, models, seeder)
    from assessments import exporting; exporting.init_app(app)  # noqa: E702  (raw answer exports as jobs)
