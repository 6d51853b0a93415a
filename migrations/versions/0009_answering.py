"""Answering: one-time tokens of paper-entry forms (a form saved twice is refused)

Revision ID: 0009_answering
Revises: 0007_teams
"""
from alembic import op
import sqlalchemy as sa

revision = "0009_answering"
down_revision = "0007_teams"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('paper_entry_form',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_paper_entry_form_survey_id_survey'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('token_hash', name=op.f('pk_paper_entry_form'))
    )
    with op.batch_alter_table('paper_entry_form', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_paper_entry_form_issued_on'), ['issued_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_paper_entry_form_survey_id'), ['survey_id'], unique=False)


def downgrade():
    with op.batch_alter_table('paper_entry_form', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_paper_entry_form_survey_id'))
        batch_op.drop_index(batch_op.f('ix_paper_entry_form_issued_on'))
    op.drop_table('paper_entry_form')
