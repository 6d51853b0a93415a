"""Needs assessments (assessments package): surveys, questions, anonymous responses, invitations, needs lists

Revision ID: 0003_assessments
Revises: 0002_maps
"""
from alembic import op
import sqlalchemy as sa

revision = "0003_assessments"
down_revision = "0002_maps"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('survey',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.JSON(), nullable=False),
    sa.Column('intro', sa.JSON(), nullable=False),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('default_language', sa.String(length=8), nullable=False),
    sa.Column('slug', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('previous_id', sa.Integer(), nullable=True),
    sa.Column('boundary_version_id', sa.Integer(), nullable=True),
    sa.Column('ask_neighbourhood', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['boundary_version_id'], ['boundary_version.id'], name=op.f('fk_survey_boundary_version_id_boundary_version')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_survey_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['group_id'], ['security_group.id'], name=op.f('fk_survey_group_id_security_group'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['previous_id'], ['survey.id'], name=op.f('fk_survey_previous_id_survey'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey')),
    sa.UniqueConstraint('slug', name=op.f('uq_survey_slug'))
    )
    with op.batch_alter_table('survey', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_group_id'), ['group_id'], unique=False)

    op.create_table('answer_draft',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_answer_draft_survey_id_survey'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_answer_draft'))
    )
    with op.batch_alter_table('answer_draft', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_draft_survey_id'), ['survey_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_answer_draft_updated_at'), ['updated_at'], unique=False)

    op.create_table('invitation_batch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=120), nullable=False),
    sa.Column('neighbourhood_id', sa.Integer(), nullable=True),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['neighbourhood_id'], ['neighbourhood.id'], name=op.f('fk_invitation_batch_neighbourhood_id_neighbourhood'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_invitation_batch_survey_id_survey'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation_batch'))
    )
    with op.batch_alter_table('invitation_batch', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitation_batch_survey_id'), ['survey_id'], unique=False)

    op.create_table('question',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('label', sa.JSON(), nullable=False),
    sa.Column('hint', sa.JSON(), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('config', sa.JSON(), nullable=False),
    sa.Column('show_if_code', sa.String(length=60), nullable=True),
    sa.Column('show_if_values', sa.JSON(), nullable=True),
    sa.Column('new_page', sa.Boolean(), nullable=False),
    sa.Column('bank_item', sa.String(length=60), nullable=True),
    sa.Column('module', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_question_survey_id_survey'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question')),
    sa.UniqueConstraint('survey_id', 'code', name=op.f('uq_question_survey_id_code'))
    )
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_survey_id'), ['survey_id'], unique=False)

    op.create_table('response',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('neighbourhood_id', sa.Integer(), nullable=True),
    sa.Column('channel', sa.String(length=12), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('submitted_on', sa.Date(), nullable=False),
    sa.Column('submission_key', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['neighbourhood_id'], ['neighbourhood.id'], name=op.f('fk_response_neighbourhood_id_neighbourhood'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_response_survey_id_survey'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_response')),
    sa.UniqueConstraint('submission_key', name=op.f('uq_response_submission_key'))
    )
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_response_neighbourhood_id'), ['neighbourhood_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_response_survey_id'), ['survey_id'], unique=False)

    op.create_table('sample_target',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('neighbourhood_id', sa.Integer(), nullable=False),
    sa.Column('age_band', sa.String(length=30), nullable=False),
    sa.Column('target', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['neighbourhood_id'], ['neighbourhood.id'], name=op.f('fk_sample_target_neighbourhood_id_neighbourhood'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_sample_target_survey_id_survey'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sample_target')),
    sa.UniqueConstraint('survey_id', 'neighbourhood_id', 'age_band', name=op.f('uq_sample_target_survey_id_neighbourhood_id_age_band'))
    )
    with op.batch_alter_table('sample_target', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sample_target_survey_id'), ['survey_id'], unique=False)

    op.create_table('answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('row', sa.String(length=60), nullable=True),
    sa.Column('option', sa.String(length=60), nullable=True),
    sa.Column('number', sa.Float(), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lng', sa.Float(), nullable=True),
    sa.Column('neighbourhood_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['neighbourhood_id'], ['neighbourhood.id'], name=op.f('fk_answer_neighbourhood_id_neighbourhood'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_answer_question_id_question'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['response_id'], ['response.id'], name=op.f('fk_answer_response_id_response'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answer'))
    )
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.create_index('ix_answer_question_neighbourhood', ['question_id', 'neighbourhood_id', 'row', 'option', 'number'], unique=False)
        batch_op.create_index('ix_answer_question_number', ['question_id', 'row', 'number', 'response_id'], unique=False)
        batch_op.create_index('ix_answer_question_option', ['question_id', 'row', 'option', 'response_id'], unique=False)
        batch_op.create_index('ix_answer_question_response', ['question_id', 'response_id', 'neighbourhood_id'], unique=False)
        batch_op.create_index('ix_answer_response_question', ['response_id', 'question_id'], unique=False)

    op.create_table('invitation_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['invitation_batch.id'], name=op.f('fk_invitation_token_batch_id_invitation_batch'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_invitation_token_token_hash'))
    )
    with op.batch_alter_table('invitation_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitation_token_batch_id'), ['batch_id'], unique=False)

    op.create_table('needs_list',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('adopted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['decision_id'], ['decision.id'], name=op.f('fk_needs_list_decision_id_decision'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['group_id'], ['security_group.id'], name=op.f('fk_needs_list_group_id_security_group'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_needs_list_survey_id_survey'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_needs_list'))
    )
    with op.batch_alter_table('needs_list', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_needs_list_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_needs_list_survey_id'), ['survey_id'], unique=False)

    op.create_table('need',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('needs_list_id', sa.Integer(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('evidence', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['needs_list_id'], ['needs_list.id'], name=op.f('fk_need_needs_list_id_needs_list'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_need'))
    )
    with op.batch_alter_table('need', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_need_needs_list_id'), ['needs_list_id'], unique=False)


def downgrade():
    with op.batch_alter_table('need', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_need_needs_list_id'))

    op.drop_table('need')
    with op.batch_alter_table('needs_list', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_needs_list_survey_id'))
        batch_op.drop_index(batch_op.f('ix_needs_list_group_id'))

    op.drop_table('needs_list')
    with op.batch_alter_table('invitation_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitation_token_batch_id'))

    op.drop_table('invitation_token')
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_index('ix_answer_response_question')
        batch_op.drop_index('ix_answer_question_response')
        batch_op.drop_index('ix_answer_question_option')
        batch_op.drop_index('ix_answer_question_number')
        batch_op.drop_index('ix_answer_question_neighbourhood')

    op.drop_table('answer')
    with op.batch_alter_table('sample_target', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sample_target_survey_id'))

    op.drop_table('sample_target')
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_response_survey_id'))
        batch_op.drop_index(batch_op.f('ix_response_neighbourhood_id'))

    op.drop_table('response')
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_survey_id'))

    op.drop_table('question')
    with op.batch_alter_table('invitation_batch', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitation_batch_survey_id'))

    op.drop_table('invitation_batch')
    with op.batch_alter_table('answer_draft', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answer_draft_updated_at'))
        batch_op.drop_index(batch_op.f('ix_answer_draft_survey_id'))

    op.drop_table('answer_draft')
    with op.batch_alter_table('survey', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_group_id'))

    op.drop_table('survey')
