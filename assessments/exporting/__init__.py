"""Raw answer exports as background jobs: requested, written to a private file, downloaded, purged.

Big exports outlive a request (gunicorn's worker timeout cut them off), so a planner's
request becomes an `ExportJob` that a background thread of the app process (or
`flask exports run`) writes to the upload folder's private exports area; a job page
shows its progress and then the download. Small surveys still download at once.
"""
from flask import Blueprint, Flask

bp = Blueprint("exporting", __name__)


def init_app(app: Flask) -> None:
    """Register the exports blueprint, CLI group and purger (called from `assessments.init_app`)."""
    import os

    from assessments.exporting import cli, jobs, models, views  # noqa: F401  (tables and routes register on import)
    from partnership.cli import register_purger

    # Settings from environment variables of the same name (EXPORT_RETENTION_HOURS, ...), unless given.
    for name, default in jobs.DEFAULTS.items():
        app.config.setdefault(name, type(default)(os.environ.get(name, default)))

    app.register_blueprint(bp)
    app.cli.add_command(cli.group)
    register_purger("export files past their time", jobs.purge_expired_exports)
