"""Step 3: the ideal profile of the community-police team, traced to what residents said."""
import os

from flask import Blueprint, Flask

bp = Blueprint("profiles", __name__)
api_bp = Blueprint("profiles_api", __name__, url_prefix="/api/v1")


def init_app(app: Flask) -> None:
    """Register the blueprints, the Step 3 provider, the demo seeder, the API paths and the catalogue."""
    from partnership.profiles import models  # noqa: F401  (db.metadata must know the tables)
    from partnership.profiles import api, demo, progress, views  # noqa: F401  (routes register on import)
    from partnership.api.openapi import add_paths
    from partnership.demo import register_seeder
    from partnership.groups.progress import register_step

    app.register_blueprint(bp)
    app.register_blueprint(api_bp, name="profiles_api")
    register_step(3, progress.step_three)
    # After the assessments seeder (60): Marvila's needs list is adopted by then.
    register_seeder("profiles", demo.seed, order=70)
    add_paths(*api.openapi_paths())
    # This package keeps its own catalogue; Flask-Babel merges every directory it is given.
    folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "translations")
    directories = app.extensions["babel"].translation_directories
    if folder not in directories:
        directories.append(folder)
