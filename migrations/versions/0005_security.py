"""Security: server-side sessions, failed sign-ins counted in the database, password reset tokens

Revision ID: 0005_security
Revises: 0006_profiles
Create Date: 2026-11-30 01:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_security'
down_revision = '0006_profiles'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('auth_failure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('account_hash', sa.String(length=64), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_auth_failure'))
    )
    with op.batch_alter_table('auth_failure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_auth_failure_account_hash'), ['account_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_auth_failure_address'), ['address'], unique=False)
        batch_op.create_index(batch_op.f('ix_auth_failure_occurred_at'), ['occurred_at'], unique=False)

    op.create_table('user_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_agent', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_user_session_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_session')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_user_session_token_hash'))
    )
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_session_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reset_token_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('reset_requested_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_user_reset_token_hash'), ['reset_token_hash'], unique=False)


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_reset_token_hash'))
        batch_op.drop_column('reset_requested_at')
        batch_op.drop_column('reset_token_hash')

    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_session_user_id'))

    op.drop_table('user_session')
    with op.batch_alter_table('auth_failure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_auth_failure_occurred_at'))
        batch_op.drop_index(batch_op.f('ix_auth_failure_address'))
        batch_op.drop_index(batch_op.f('ix_auth_failure_account_hash'))

    op.drop_table('auth_failure')
