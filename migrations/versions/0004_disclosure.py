"""Disclosure control (cell-key method): a random record key on every answer sheet and its answer rows

Existing sheets get a random key each (backfilled here), and their answer rows a copy of it.
The covering indexes of the answer table carry the key so cell keys come from the same index.

Revision ID: 0004_disclosure
Revises: 0003_assessments
"""
from alembic import op
import sqlalchemy as sa

revision = "0004_disclosure"
down_revision = "0003_assessments"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_answer_question_option": ["question_id", "row", "option", "response_id"],
    "ix_answer_question_number": ["question_id", "row", "number", "response_id"],
    "ix_answer_question_neighbourhood": ["question_id", "neighbourhood_id", "row", "option", "number"],
}


def _random_key() -> str:
    # 0..255, uniform enough for record keys (they need to be unpredictable to readers, who never see them).
    if op.get_bind().dialect.name == "postgresql":
        return "floor(random() * 256)::smallint"
    return "abs(random()) % 256"


def upgrade():
    with op.batch_alter_table("response") as batch:
        batch.add_column(sa.Column("record_key", sa.SmallInteger(), nullable=True))
    with op.batch_alter_table("answer") as batch:
        batch.add_column(sa.Column("record_key", sa.SmallInteger(), nullable=True))
    op.execute(f"UPDATE response SET record_key = {_random_key()}")
    op.execute("UPDATE answer SET record_key = (SELECT response.record_key FROM response "
               "WHERE response.id = answer.response_id)")
    op.execute("UPDATE answer SET record_key = 0 WHERE record_key IS NULL")
    with op.batch_alter_table("response") as batch:
        batch.alter_column("record_key", existing_type=sa.SmallInteger(), nullable=False)
    with op.batch_alter_table("answer") as batch:
        batch.alter_column("record_key", existing_type=sa.SmallInteger(), nullable=False)
        for name, columns in INDEXES.items():
            batch.drop_index(name)
            batch.create_index(name, columns + ["record_key"], unique=False)


def downgrade():
    with op.batch_alter_table("answer") as batch:
        for name, columns in INDEXES.items():
            batch.drop_index(name)
            batch.create_index(name, columns, unique=False)
        batch.drop_column("record_key")
    with op.batch_alter_table("response") as batch:
        batch.drop_column("record_key")
