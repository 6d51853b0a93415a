"""Team profiles (Step 3, partnership.profiles): competence library editions, local competences, versioned profiles, roles, requirements with evidence, comments, suggestions

Revision ID: 0006_profiles
Revises: 0004_disclosure
"""
from alembic import op
import sqlalchemy as sa

revision = "0006_profiles"
down_revision = "0004_disclosure"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('competence_library_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competence_library_version')),
    sa.UniqueConstraint('number', name=op.f('uq_competence_library_version_number'))
    )
    op.create_table('competence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('library_version_id', sa.Integer(), nullable=True),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('code', sa.String(length=80), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('domain', sa.String(length=20), nullable=False),
    sa.Column('family', sa.String(length=40), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('name', sa.JSON(), nullable=False),
    sa.Column('description', sa.JSON(), nullable=False),
    sa.Column('behaviours', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_competence_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['group_id'], ['security_group.id'], name=op.f('fk_competence_group_id_security_group'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['library_version_id'], ['competence_library_version.id'], name=op.f('fk_competence_library_version_id_competence_library_version'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competence')),
    sa.UniqueConstraint('library_version_id', 'code', name=op.f('uq_competence_library_version_id_code'))
    )
    with op.batch_alter_table('competence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competence_code'), ['code'], unique=False)
        batch_op.create_index(batch_op.f('ix_competence_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_competence_library_version_id'), ['library_version_id'], unique=False)

    op.create_table('team_profile',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('team_model', sa.String(length=40), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('needs_list_id', sa.Integer(), nullable=True),
    sa.Column('library_version_id', sa.Integer(), nullable=True),
    sa.Column('previous_id', sa.Integer(), nullable=True),
    sa.Column('decision_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('adopted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_team_profile_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['decision_id'], ['decision.id'], name=op.f('fk_team_profile_decision_id_decision'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['group_id'], ['security_group.id'], name=op.f('fk_team_profile_group_id_security_group'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['library_version_id'], ['competence_library_version.id'], name=op.f('fk_team_profile_library_version_id_competence_library_version'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['needs_list_id'], ['needs_list.id'], name=op.f('fk_team_profile_needs_list_id_needs_list'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['previous_id'], ['team_profile.id'], name=op.f('fk_team_profile_previous_id_team_profile'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_team_profile')),
    sa.UniqueConstraint('group_id', 'version', name=op.f('uq_team_profile_group_id_version'))
    )
    with op.batch_alter_table('team_profile', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_team_profile_group_id'), ['group_id'], unique=False)

    op.create_table('profile_role',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=160), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('responsibilities', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['profile_id'], ['team_profile.id'], name=op.f('fk_profile_role_profile_id_team_profile'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_profile_role'))
    )
    with op.batch_alter_table('profile_role', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_profile_role_profile_id'), ['profile_id'], unique=False)

    op.create_table('profile_requirement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('role_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('value', sa.String(length=200), nullable=False),
    sa.Column('level', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('need_ids', sa.JSON(), nullable=False),
    sa.Column('citations', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['role_id'], ['profile_role.id'], name=op.f('fk_profile_requirement_role_id_profile_role'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_profile_requirement'))
    )
    with op.batch_alter_table('profile_requirement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_profile_requirement_role_id'), ['role_id'], unique=False)

    op.create_table('profile_requirement_comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('requirement_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('organisation_name', sa.String(length=160), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_profile_requirement_comment_author_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['requirement_id'], ['profile_requirement.id'], name=op.f('fk_profile_requirement_comment_requirement_id_profile_requirement'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_profile_requirement_comment'))
    )
    with op.batch_alter_table('profile_requirement_comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_profile_requirement_comment_requirement_id'), ['requirement_id'], unique=False)

    op.create_table('profile_suggestion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('value', sa.String(length=200), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('need_ids', sa.JSON(), nullable=False),
    sa.Column('citations', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('requirement_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_profile_suggestion_decided_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['profile_id'], ['team_profile.id'], name=op.f('fk_profile_suggestion_profile_id_team_profile'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requirement_id'], ['profile_requirement.id'], name=op.f('fk_profile_suggestion_requirement_id_profile_requirement'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_profile_suggestion'))
    )
    with op.batch_alter_table('profile_suggestion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_profile_suggestion_profile_id'), ['profile_id'], unique=False)



def downgrade():
    with op.batch_alter_table('profile_suggestion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_profile_suggestion_profile_id'))

    op.drop_table('profile_suggestion')
    with op.batch_alter_table('profile_requirement_comment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_profile_requirement_comment_requirement_id'))

    op.drop_table('profile_requirement_comment')
    with op.batch_alter_table('profile_requirement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_profile_requirement_role_id'))

    op.drop_table('profile_requirement')
    with op.batch_alter_table('profile_role', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_profile_role_profile_id'))

    op.drop_table('profile_role')
    with op.batch_alter_table('team_profile', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_team_profile_group_id'))

    op.drop_table('team_profile')
    with op.batch_alter_table('competence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competence_library_version_id'))
        batch_op.drop_index(batch_op.f('ix_competence_group_id'))
        batch_op.drop_index(batch_op.f('ix_competence_code'))

    op.drop_table('competence')
    op.drop_table('competence_library_version')
