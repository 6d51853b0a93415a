"""Safety walks: Step 2 evidence gathered on foot, recorded on phones, also with no signal."""
from flask import Blueprint, Flask

bp = Blueprint("walks", __name__)


def init_app(app: Flask) -> None:
    """Register the walks blueprint and its demo seeder (called from `assessments.init_app`)."""
    from assessments.walks import models, offline, views  # noqa: F401  (tables and routes register on import)
    from assessments.walks.demo import seed
    from partnership.demo import register_seeder

    app.register_blueprint(bp)
    register_seeder("walks", seed, order=65)
