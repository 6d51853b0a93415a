"""assessments feature package; registered by partnership.create_app through init_app."""
from flask import Blueprint, Flask

bp = Blueprint("assessments", __name__, url_prefix="/assessments")


def init_app(app: Flask) -> None:
    """Register the package's blueprints, commands and registries."""
    app.register_blueprint(bp)
