"""Needs assessments (assessments package)

Revision ID: 0003_assessments
Revises: 0002_maps
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = "0003_assessments"
down_revision = "0002_maps"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
