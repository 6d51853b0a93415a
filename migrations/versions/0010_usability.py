"""Usability fixes: translations of group content, illustrative boundary versions, the second-reviewer rule

Revision ID: 0010_usability
Revises: 0009_answering
"""
from alembic import op
import sqlalchemy as sa

revision = "0010_usability"
down_revision = "0009_answering"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('content_original',
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'object_id', name=op.f('pk_content_original'))
    )
    op.create_table('boundary_review_rule',
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('second_reviewer', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], name=op.f('fk_boundary_review_rule_municipality_id_municipality'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_boundary_review_rule_updated_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('municipality_id', name=op.f('pk_boundary_review_rule'))
    )
    op.create_table('content_translation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_content_translation_updated_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_content_translation')),
    sa.UniqueConstraint('kind', 'object_id', 'field', 'language', name=op.f('uq_content_translation_kind_object_id_field_language'))
    )
    with op.batch_alter_table('boundary_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('illustrative', sa.Boolean(), server_default=sa.false(), nullable=False))



def downgrade():
    with op.batch_alter_table('boundary_version', schema=None) as batch_op:
        batch_op.drop_column('illustrative')

    op.drop_table('content_translation')
    op.drop_table('boundary_review_rule')
    op.drop_table('content_original')
