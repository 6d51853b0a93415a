"""Safety walks (assessments.walks): planned walks, rated stops with a client idempotency key, private photos

Revision ID: 0012_walks
Revises: 0008_cycles
"""
from alembic import op
import sqlalchemy as sa

revision = "0012_walks"
down_revision = "0008_cycles"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('safety_walk',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('route_name', sa.String(length=160), nullable=False),
    sa.Column('walk_on', sa.Date(), nullable=False),
    sa.Column('starts_at', sa.String(length=5), nullable=False),
    sa.Column('period', sa.String(length=8), nullable=False),
    sa.Column('route', sa.JSON(), nullable=False),
    sa.Column('organisation_ids', sa.JSON(), nullable=False),
    sa.Column('extra_items', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_safety_walk_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['group_id'], ['security_group.id'], name=op.f('fk_safety_walk_group_id_security_group'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_safety_walk'))
    )
    with op.batch_alter_table('safety_walk', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_safety_walk_group_id'), ['group_id'], unique=False)

    op.create_table('safety_walk_stop',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('walk_id', sa.Integer(), nullable=False),
    sa.Column('client_key', sa.String(length=64), nullable=False),
    sa.Column('label', sa.String(length=160), nullable=False),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lng', sa.Float(), nullable=True),
    sa.Column('neighbourhood_id', sa.Integer(), nullable=True),
    sa.Column('ratings', sa.JSON(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('recommendation', sa.Text(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('need_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['need_id'], ['need.id'], name=op.f('fk_safety_walk_stop_need_id_need'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['neighbourhood_id'], ['neighbourhood.id'], name=op.f('fk_safety_walk_stop_neighbourhood_id_neighbourhood'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_safety_walk_stop_recorded_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['walk_id'], ['safety_walk.id'], name=op.f('fk_safety_walk_stop_walk_id_safety_walk'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_safety_walk_stop')),
    sa.UniqueConstraint('client_key', name=op.f('uq_safety_walk_stop_client_key'))
    )
    with op.batch_alter_table('safety_walk_stop', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_safety_walk_stop_walk_id'), ['walk_id'], unique=False)

    op.create_table('safety_walk_photo',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('stop_id', sa.Integer(), nullable=False),
    sa.Column('stored_name', sa.String(length=80), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['stop_id'], ['safety_walk_stop.id'], name=op.f('fk_safety_walk_photo_stop_id_safety_walk_stop'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_safety_walk_photo'))
    )
    with op.batch_alter_table('safety_walk_photo', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_safety_walk_photo_stop_id'), ['stop_id'], unique=False)



def downgrade():
    with op.batch_alter_table('safety_walk_photo', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_safety_walk_photo_stop_id'))

    op.drop_table('safety_walk_photo')
    with op.batch_alter_table('safety_walk_stop', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_safety_walk_stop_walk_id'))

    op.drop_table('safety_walk_stop')
    with op.batch_alter_table('safety_walk', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_safety_walk_group_id'))

    op.drop_table('safety_walk')
