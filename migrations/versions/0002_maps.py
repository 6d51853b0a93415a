"""Neighbourhood boundaries (maps package): versions, areas, review comments

Revision ID: 0002_maps
Revises: 0001_core
"""
from alembic import op
import sqlalchemy as sa

revision = "0002_maps"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "boundary_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("source_filename", sa.String(length=255), nullable=False),
        sa.Column("source_format", sa.String(length=20), nullable=False),
        sa.Column("source_layer", sa.String(length=255), nullable=True),
        sa.Column("source_crs", sa.String(length=255), nullable=False),
        sa.Column("name_field", sa.String(length=120), nullable=False),
        sa.Column("code_field", sa.String(length=120), nullable=True),
        sa.Column("attribution", sa.String(length=300), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.Column("area_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("approved_by_id", sa.Integer(), nullable=True),
        sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["approved_by_id"], ["user.id"], name=op.f("fk_boundary_version_approved_by_id_user"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["created_by_id"], ["user.id"], name=op.f("fk_boundary_version_created_by_id_user"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipality.id"], name=op.f("fk_boundary_version_municipality_id_municipality")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_boundary_version")),
        sa.UniqueConstraint("municipality_id", "number", name=op.f("uq_boundary_version_municipality_id_number")),
    )
    with op.batch_alter_table("boundary_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_boundary_version_municipality_id"), ["municipality_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_boundary_version_status"), ["status"], unique=False)

    op.create_table(
        "boundary_area",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("neighbourhood_id", sa.Integer(), nullable=True),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("area_m2", sa.Float(), nullable=False),
        sa.Column("geometry", sa.Text(), nullable=False),
        sa.Column("display_geometry", sa.Text(), nullable=False),
        sa.Column("min_lng", sa.Float(), nullable=False),
        sa.Column("min_lat", sa.Float(), nullable=False),
        sa.Column("max_lng", sa.Float(), nullable=False),
        sa.Column("max_lat", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["neighbourhood_id"], ["neighbourhood.id"], name=op.f("fk_boundary_area_neighbourhood_id_neighbourhood")),
        sa.ForeignKeyConstraint(["version_id"], ["boundary_version.id"], name=op.f("fk_boundary_area_version_id_boundary_version"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_boundary_area")),
        sa.UniqueConstraint("version_id", "code", name=op.f("uq_boundary_area_version_id_code")),
    )
    with op.batch_alter_table("boundary_area", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_boundary_area_neighbourhood_id"), ["neighbourhood_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_boundary_area_version_id"), ["version_id"], unique=False)

    op.create_table(
        "boundary_comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["user.id"], name=op.f("fk_boundary_comment_author_id_user"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["version_id"], ["boundary_version.id"], name=op.f("fk_boundary_comment_version_id_boundary_version"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_boundary_comment")),
    )
    with op.batch_alter_table("boundary_comment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_boundary_comment_version_id"), ["version_id"], unique=False)

    op.create_table(
        "group_boundary_version",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["security_group.id"], name=op.f("fk_group_boundary_version_group_id_security_group"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["version_id"], ["boundary_version.id"], name=op.f("fk_group_boundary_version_version_id_boundary_version")),
        sa.PrimaryKeyConstraint("group_id", name=op.f("pk_group_boundary_version")),
    )
    with op.batch_alter_table("group_boundary_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_group_boundary_version_version_id"), ["version_id"], unique=False)


def downgrade():
    with op.batch_alter_table("group_boundary_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_group_boundary_version_version_id"))
    op.drop_table("group_boundary_version")
    with op.batch_alter_table("boundary_comment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_boundary_comment_version_id"))
    op.drop_table("boundary_comment")
    with op.batch_alter_table("boundary_area", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_boundary_area_version_id"))
        batch_op.drop_index(batch_op.f("ix_boundary_area_neighbourhood_id"))
    op.drop_table("boundary_area")
    with op.batch_alter_table("boundary_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_boundary_version_status"))
        batch_op.drop_index(batch_op.f("ix_boundary_version_municipality_id"))
    op.drop_table("boundary_version")
