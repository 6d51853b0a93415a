"""Raw answers past their retention period are deleted by `flask purge`; newer ones stay."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from assessments.models import Answer, Response
from tests.assessments.conftest import answer


def test_purge_deletes_expired_answer_sheets_with_their_answers(app, db, runner, small_survey):
    old = answer(small_survey, {"feel": "safe"})
    recent = answer(small_survey, {"feel": "unsafe"})
    expired_on = date.today() - timedelta(days=app.config["RETENTION_DAYS_RAW_ANSWERS"] + 1)
    db.session.get(Response, old).submitted_on = expired_on
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Answer).where(Answer.response_id == old)) > 0

    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert "survey answers past retention: 1 removed" in result.output
    assert db.session.scalars(select(Response.id)).all() == [recent]
    assert db.session.scalar(select(func.count()).select_from(Answer).where(Answer.response_id == old)) == 0
    assert db.session.scalar(select(func.count()).select_from(Answer).where(Answer.response_id == recent)) > 0


def test_database_enforces_foreign_keys_on_both_engines(db, small_survey):
    """Deleting a survey removes its answers at the database level (SQLite needs the pragma for this)."""
    answer(small_survey, {"feel": "safe"})
    db.session.execute(Response.__table__.delete())  # cascades to answer rows via ON DELETE CASCADE
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 0
