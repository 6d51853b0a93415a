"""Neighbourhood boundaries (import, validation, versions) and offline maps; registered by create_app."""
from flask import Blueprint, Flask

bp = Blueprint("maps", __name__, url_prefix="/maps")


def init_app(app: Flask) -> None:
    """Register the blueprints, the CLI group, the API paths and the demo seeder."""
    from maps import models  # noqa: F401  (db.metadata must know the tables)
    from maps import views, views_import  # noqa: F401  (routes register on import)
    from maps.api import api_bp
    from maps.cli import maps_cli
    from maps.demo import seed_lisbon_boundaries
    from maps.group_boundaries import link_new_group
    from partnership.demo import register_seeder
    from partnership.groups.formation import register_formation_hook

    from maps.versions import describe_version
    from partnership.audit.describe import register_target

    register_target("boundary_version", describe_version)
    app.register_blueprint(bp)
    app.register_blueprint(api_bp)
    app.cli.add_command(maps_cli)
    # After the core demo (which creates Lisboa and its parishes), before assessments' surveys.
    register_seeder("maps", seed_lisbon_boundaries, order=20)
    # A new group keeps the boundary version active when it was formed.
    register_formation_hook(link_new_group)
