"""Neighbourhood boundaries (import, validation, versions) and offline maps; registered by create_app."""
from flask import Blueprint, Flask

bp = Blueprint("maps", __name__, url_prefix="/maps")


def init_app(app: Flask) -> None:
    """Register the package's blueprints, commands and registries."""
    from maps import models  # noqa: F401  (db.metadata must know the tables)

    app.register_blueprint(bp)
