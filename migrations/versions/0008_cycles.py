"""Evaluation cycles (partnership/cycles): cycles, training, engagement log, online signals, priorities, indicators, self-assessment

Revision ID: 0008_cycles
Revises: 0010_usability
"""
from alembic import op
import sqlalchemy as sa


revision = "0008_cycles"
down_revision = "0010_usability"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('cycle_settings',
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('max_active_priorities', sa.Integer(), nullable=False),
    sa.Column('response_target_days', sa.Integer(), nullable=False),
    sa.Column('public_page', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['security_group.id'], name=op.f('fk_cycle_settings_group_id_security_group'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('group_id', name=op.f('pk_cycle_settings'))
    )
    op.create_table('evaluation_cycle',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('months', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('baseline_survey_id', sa.Integer(), nullable=True),
    sa.Column('follow_up_survey_id', sa.Integer(), nullable=True),
    sa.Column('needs', sa.JSON(), nullable=False),
    sa.Column('lessons', sa.Text(), nullable=False),
    sa.Column('report_decision_id', sa.Integer(), nullable=True),
    sa.Column('previous_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['baseline_survey_id'], ['survey.id'], name=op.f('fk_evaluation_cycle_baseline_survey_id_survey'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['follow_up_survey_id'], ['survey.id'], name=op.f('fk_evaluation_cycle_follow_up_survey_id_survey'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['group_id'], ['security_group.id'], name=op.f('fk_evaluation_cycle_group_id_security_group'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['previous_id'], ['evaluation_cycle.id'], name=op.f('fk_evaluation_cycle_previous_id_evaluation_cycle'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['report_decision_id'], ['decision.id'], name=op.f('fk_evaluation_cycle_report_decision_id_decision'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_cycle')),
    sa.UniqueConstraint('group_id', 'number', name=op.f('uq_evaluation_cycle_group_id_number'))
    )
    with op.batch_alter_table('evaluation_cycle', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluation_cycle_group_id'), ['group_id'], unique=False)

    op.create_table('cycle_plan_completion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('plan_item_id', sa.Integer(), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['cycle_id'], ['evaluation_cycle.id'], name=op.f('fk_cycle_plan_completion_cycle_id_evaluation_cycle'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['group_id'], ['security_group.id'], name=op.f('fk_cycle_plan_completion_group_id_security_group'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cycle_plan_completion')),
    sa.UniqueConstraint('group_id', 'plan_item_id', name=op.f('uq_cycle_plan_completion_group_id_plan_item_id'))
    )
    with op.batch_alter_table('cycle_plan_completion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cycle_plan_completion_group_id'), ['group_id'], unique=False)

    op.create_table('cycle_priority',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('need_key', sa.String(length=60), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('neighbourhood_id', sa.Integer(), nullable=True),
    sa.Column('scanning', sa.Text(), nullable=False),
    sa.Column('analysis', sa.Text(), nullable=False),
    sa.Column('impact', sa.String(length=20), nullable=False),
    sa.Column('displacement', sa.String(length=20), nullable=False),
    sa.Column('displacement_notes', sa.Text(), nullable=False),
    sa.Column('closed_decision_id', sa.Integer(), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('carried_from_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['carried_from_id'], ['cycle_priority.id'], name=op.f('fk_cycle_priority_carried_from_id_cycle_priority'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['closed_decision_id'], ['decision.id'], name=op.f('fk_cycle_priority_closed_decision_id_decision'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['cycle_id'], ['evaluation_cycle.id'], name=op.f('fk_cycle_priority_cycle_id_evaluation_cycle'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['group_id'], ['security_group.id'], name=op.f('fk_cycle_priority_group_id_security_group'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['neighbourhood_id'], ['neighbourhood.id'], name=op.f('fk_cycle_priority_neighbourhood_id_neighbourhood'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cycle_priority'))
    )
    with op.batch_alter_table('cycle_priority', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cycle_priority_cycle_id'), ['cycle_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cycle_priority_group_id'), ['group_id'], unique=False)

    op.create_table('cycle_training',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('who', sa.String(length=200), nullable=False),
    sa.Column('days', sa.Float(), nullable=False),
    sa.Column('mode', sa.String(length=20), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['cycle_id'], ['evaluation_cycle.id'], name=op.f('fk_cycle_training_cycle_id_evaluation_cycle'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cycle_training'))
    )
    with op.batch_alter_table('cycle_training', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cycle_training_cycle_id'), ['cycle_id'], unique=False)

    op.create_table('engagement_activity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('platform', sa.String(length=40), nullable=False),
    sa.Column('happened_on', sa.Date(), nullable=False),
    sa.Column('neighbourhood_id', sa.Integer(), nullable=True),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('contacts', sa.Integer(), nullable=False),
    sa.Column('partners', sa.String(length=300), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['cycle_id'], ['evaluation_cycle.id'], name=op.f('fk_engagement_activity_cycle_id_evaluation_cycle'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['neighbourhood_id'], ['neighbourhood.id'], name=op.f('fk_engagement_activity_neighbourhood_id_neighbourhood'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_engagement_activity'))
    )
    with op.batch_alter_table('engagement_activity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_engagement_activity_cycle_id'), ['cycle_id'], unique=False)

    op.create_table('online_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('platform', sa.String(length=40), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('answered_on', sa.Date(), nullable=True),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['cycle_id'], ['evaluation_cycle.id'], name=op.f('fk_online_messages_cycle_id_evaluation_cycle'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_online_messages'))
    )
    with op.batch_alter_table('online_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_online_messages_cycle_id'), ['cycle_id'], unique=False)

    op.create_table('online_signal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('observed_on', sa.Date(), nullable=False),
    sa.Column('platform', sa.String(length=40), nullable=False),
    sa.Column('theme', sa.String(length=40), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('neighbourhood_id', sa.Integer(), nullable=True),
    sa.Column('referred_to', sa.String(length=30), nullable=False),
    sa.Column('referred_detail', sa.String(length=200), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['cycle_id'], ['evaluation_cycle.id'], name=op.f('fk_online_signal_cycle_id_evaluation_cycle'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['neighbourhood_id'], ['neighbourhood.id'], name=op.f('fk_online_signal_neighbourhood_id_neighbourhood'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_online_signal'))
    )
    with op.batch_alter_table('online_signal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_online_signal_cycle_id'), ['cycle_id'], unique=False)

    op.create_table('self_assessment_participant',
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['cycle_id'], ['evaluation_cycle.id'], name=op.f('fk_self_assessment_participant_cycle_id_evaluation_cycle'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_self_assessment_participant_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('cycle_id', 'user_id', name=op.f('pk_self_assessment_participant'))
    )
    op.create_table('self_assessment_response',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=12), nullable=False),
    sa.Column('submitted_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['cycle_id'], ['evaluation_cycle.id'], name=op.f('fk_self_assessment_response_cycle_id_evaluation_cycle'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_self_assessment_response'))
    )
    with op.batch_alter_table('self_assessment_response', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_self_assessment_response_cycle_id'), ['cycle_id'], unique=False)

    op.create_table('cycle_indicator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('priority_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('standard', sa.String(length=40), nullable=True),
    sa.Column('question_code', sa.String(length=60), nullable=True),
    sa.Column('row', sa.String(length=60), nullable=True),
    sa.Column('measure', sa.String(length=10), nullable=False),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('higher_is_better', sa.Boolean(), nullable=False),
    sa.Column('baseline_value', sa.Float(), nullable=True),
    sa.Column('target_value', sa.Float(), nullable=True),
    sa.Column('follow_up_value', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['cycle_id'], ['evaluation_cycle.id'], name=op.f('fk_cycle_indicator_cycle_id_evaluation_cycle'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['priority_id'], ['cycle_priority.id'], name=op.f('fk_cycle_indicator_priority_id_cycle_priority'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cycle_indicator'))
    )
    with op.batch_alter_table('cycle_indicator', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cycle_indicator_cycle_id'), ['cycle_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cycle_indicator_priority_id'), ['priority_id'], unique=False)

    op.create_table('priority_action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('priority_id', sa.Integer(), nullable=False),
    sa.Column('description', sa.String(length=300), nullable=False),
    sa.Column('owner', sa.String(length=160), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['priority_id'], ['cycle_priority.id'], name=op.f('fk_priority_action_priority_id_cycle_priority'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_priority_action'))
    )
    with op.batch_alter_table('priority_action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_priority_action_priority_id'), ['priority_id'], unique=False)

    op.create_table('self_assessment_score',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.String(length=32), nullable=False),
    sa.Column('area', sa.String(length=30), nullable=False),
    sa.Column('statement', sa.String(length=40), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['response_id'], ['self_assessment_response.id'], name=op.f('fk_self_assessment_score_response_id_self_assessment_response'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_self_assessment_score'))
    )
    with op.batch_alter_table('self_assessment_score', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_self_assessment_score_response_id'), ['response_id'], unique=False)


def downgrade():
    with op.batch_alter_table('self_assessment_score', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_self_assessment_score_response_id'))

    op.drop_table('self_assessment_score')
    with op.batch_alter_table('priority_action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_priority_action_priority_id'))

    op.drop_table('priority_action')
    with op.batch_alter_table('cycle_indicator', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cycle_indicator_priority_id'))
        batch_op.drop_index(batch_op.f('ix_cycle_indicator_cycle_id'))

    op.drop_table('cycle_indicator')
    with op.batch_alter_table('self_assessment_response', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_self_assessment_response_cycle_id'))

    op.drop_table('self_assessment_response')
    op.drop_table('self_assessment_participant')
    with op.batch_alter_table('online_signal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_online_signal_cycle_id'))

    op.drop_table('online_signal')
    with op.batch_alter_table('online_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_online_messages_cycle_id'))

    op.drop_table('online_messages')
    with op.batch_alter_table('engagement_activity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_engagement_activity_cycle_id'))

    op.drop_table('engagement_activity')
    with op.batch_alter_table('cycle_training', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cycle_training_cycle_id'))

    op.drop_table('cycle_training')
    with op.batch_alter_table('cycle_priority', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cycle_priority_group_id'))
        batch_op.drop_index(batch_op.f('ix_cycle_priority_cycle_id'))

    op.drop_table('cycle_priority')
    with op.batch_alter_table('cycle_plan_completion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cycle_plan_completion_group_id'))

    op.drop_table('cycle_plan_completion')
    with op.batch_alter_table('evaluation_cycle', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluation_cycle_group_id'))

    op.drop_table('evaluation_cycle')
    op.drop_table('cycle_settings')
