"""Results page speed (issue 14): the index of several-rows bases carries the record key

Revision ID: 0013_results_speed
Revises: 0012_walks
"""
from alembic import op

revision = "0013_results_speed"
down_revision = "0013_walk_routes"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.create_index("ix_answer_question_respondent",
                              ["question_id", "response_id", "neighbourhood_id", "record_key"], unique=False)
        batch_op.drop_index("ix_answer_question_response")


def downgrade():
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.create_index("ix_answer_question_response", ["question_id", "response_id", "neighbourhood_id"],
                              unique=False)
        batch_op.drop_index("ix_answer_question_respondent")
