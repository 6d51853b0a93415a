"""Evaluation cycles: train, integrate into the community (offline and online), address needs, start again."""
from flask import Blueprint, Flask

bp = Blueprint("cycles", __name__)
api_bp = Blueprint("cycles_api", __name__, url_prefix="/api/v1")


def init_app(app: Flask) -> None:
    """Register the blueprints, demo seeder and API paths of evaluation cycles."""
    from partnership.cycles import models  # noqa: F401  (db.metadata must know the tables)
    from partnership.cycles import api, views  # noqa: F401  (routes register on import)
    from partnership.api.openapi import add_paths
    from partnership.demo import register_seeder

    from partnership.cycles.lifecycle import need_note

    app.add_template_global(need_note, "cycle_need_note")
    app.register_blueprint(bp)
    app.register_blueprint(api_bp, name="cycles_api")
    from partnership.cycles.demo import seed

    # After Steps 3 and 4 (their seeders run before 90), so the demo team's training plans exist.
    register_seeder("cycles", seed, order=90)
    add_paths(*api.openapi_paths())
