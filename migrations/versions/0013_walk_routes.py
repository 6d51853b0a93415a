"""Safety walks: the route drawn on the neighbourhood map, a GeoJSON LineString

Revision ID: 0013_walk_routes
Revises: 0012_walks
"""
from alembic import op
import sqlalchemy as sa

revision = "0013_walk_routes"
down_revision = "0013_exports"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("safety_walk", schema=None) as batch_op:
        batch_op.add_column(sa.Column("route_line", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("safety_walk", schema=None) as batch_op:
        batch_op.drop_column("route_line")
