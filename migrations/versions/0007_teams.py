"""Recruitment and training of the team (partnership.teams, Step 4): vacancies, candidates, scores, role holders, catalogue, plans

Revision ID: 0007_teams
Revises: 0005_security
"""
from alembic import op
import sqlalchemy as sa

revision = "0007_teams"
down_revision = "0005_security"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('course',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('provider', sa.String(length=200), nullable=False),
    sa.Column('days', sa.Float(), nullable=False),
    sa.Column('mode', sa.String(length=12), nullable=False),
    sa.Column('language', sa.String(length=40), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('competences', sa.JSON(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_course')),
    sa.UniqueConstraint('title', name=op.f('uq_course_title'))
    )
    op.create_table('team_settings',
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('readiness_target', sa.Float(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['security_group.id'], name=op.f('fk_team_settings_group_id_security_group'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('group_id', name=op.f('pk_team_settings'))
    )
    op.create_table('vacancy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('profile_version', sa.Integer(), nullable=False),
    sa.Column('team_model_name', sa.String(length=200), nullable=False),
    sa.Column('roles', sa.JSON(), nullable=False),
    sa.Column('weights', sa.JSON(), nullable=False),
    sa.Column('weights_locked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('partner_panel', sa.Boolean(), nullable=False),
    sa.Column('partner_panel_decision_id', sa.Integer(), nullable=True),
    sa.Column('replaces_holding_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_vacancy_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['group_id'], ['security_group.id'], name=op.f('fk_vacancy_group_id_security_group'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['partner_panel_decision_id'], ['decision.id'], name=op.f('fk_vacancy_partner_panel_decision_id_decision'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vacancy'))
    )
    with op.batch_alter_table('vacancy', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vacancy_group_id'), ['group_id'], unique=False)

    op.create_table('candidate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vacancy_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('unit', sa.String(length=160), nullable=False),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('platforms', sa.JSON(), nullable=False),
    sa.Column('motivation', sa.Text(), nullable=False),
    sa.Column('online_motivation', sa.Text(), nullable=False),
    sa.Column('pseudonym', sa.String(length=20), nullable=False),
    sa.Column('appointed', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['vacancy_id'], ['vacancy.id'], name=op.f('fk_candidate_vacancy_id_vacancy'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_candidate')),
    sa.UniqueConstraint('vacancy_id', 'pseudonym', name=op.f('uq_candidate_vacancy_id_pseudonym'))
    )
    with op.batch_alter_table('candidate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_candidate_vacancy_id'), ['vacancy_id'], unique=False)

    op.create_table('role_holding',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('vacancy_id', sa.Integer(), nullable=True),
    sa.Column('candidate_id', sa.Integer(), nullable=True),
    sa.Column('decision_id', sa.Integer(), nullable=True),
    sa.Column('role_key', sa.String(length=60), nullable=False),
    sa.Column('role_title', sa.String(length=200), nullable=False),
    sa.Column('seat', sa.Integer(), nullable=False),
    sa.Column('officer_name', sa.String(length=120), nullable=False),
    sa.Column('assessed_levels', sa.JSON(), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('end_reason', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidate.id'], name=op.f('fk_role_holding_candidate_id_candidate'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['decision_id'], ['decision.id'], name=op.f('fk_role_holding_decision_id_decision'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['group_id'], ['security_group.id'], name=op.f('fk_role_holding_group_id_security_group'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['vacancy_id'], ['vacancy.id'], name=op.f('fk_role_holding_vacancy_id_vacancy'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_role_holding'))
    )
    with op.batch_alter_table('role_holding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_role_holding_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_role_holding_vacancy_id'), ['vacancy_id'], unique=False)

    op.create_table('score_sheet',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('rater_id', sa.Integer(), nullable=True),
    sa.Column('anonymised', sa.Boolean(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidate.id'], name=op.f('fk_score_sheet_candidate_id_candidate'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rater_id'], ['user.id'], name=op.f('fk_score_sheet_rater_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_score_sheet')),
    sa.UniqueConstraint('candidate_id', 'rater_id', name=op.f('uq_score_sheet_candidate_id_rater_id'))
    )
    with op.batch_alter_table('score_sheet', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_score_sheet_candidate_id'), ['candidate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_score_sheet_rater_id'), ['rater_id'], unique=False)

    op.create_table('competence_score',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sheet_id', sa.Integer(), nullable=False),
    sa.Column('competence_code', sa.String(length=60), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['sheet_id'], ['score_sheet.id'], name=op.f('fk_competence_score_sheet_id_score_sheet'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competence_score')),
    sa.UniqueConstraint('sheet_id', 'competence_code', name=op.f('uq_competence_score_sheet_id_competence_code'))
    )
    with op.batch_alter_table('competence_score', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competence_score_sheet_id'), ['sheet_id'], unique=False)

    op.create_table('plan_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('holding_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=True),
    sa.Column('course_title', sa.String(length=200), nullable=False),
    sa.Column('days', sa.Float(), nullable=False),
    sa.Column('mode', sa.String(length=12), nullable=False),
    sa.Column('competence_codes', sa.JSON(), nullable=False),
    sa.Column('target_levels', sa.JSON(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('levels_reached', sa.JSON(), nullable=False),
    sa.Column('assessment_note', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_plan_item_course_id_course'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['holding_id'], ['role_holding.id'], name=op.f('fk_plan_item_holding_id_role_holding'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_plan_item_recorded_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_item'))
    )
    with op.batch_alter_table('plan_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_item_holding_id'), ['holding_id'], unique=False)



def downgrade():
    with op.batch_alter_table('plan_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_item_holding_id'))

    op.drop_table('plan_item')
    with op.batch_alter_table('competence_score', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competence_score_sheet_id'))

    op.drop_table('competence_score')
    with op.batch_alter_table('score_sheet', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_score_sheet_rater_id'))
        batch_op.drop_index(batch_op.f('ix_score_sheet_candidate_id'))

    op.drop_table('score_sheet')
    with op.batch_alter_table('role_holding', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_role_holding_vacancy_id'))
        batch_op.drop_index(batch_op.f('ix_role_holding_group_id'))

    op.drop_table('role_holding')
    with op.batch_alter_table('candidate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_candidate_vacancy_id'))

    op.drop_table('candidate')
    with op.batch_alter_table('vacancy', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vacancy_group_id'))

    op.drop_table('vacancy')
    op.drop_table('team_settings')
    op.drop_table('course')
