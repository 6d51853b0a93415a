"""URL samples for the access matrix: one survey, question, needs list and need in the world's group."""
from __future__ import annotations


def _objects(world) -> dict:
    if "assessments" not in world.extra:
        from assessments import builder, needs
        from assessments.models import Need

        survey = builder.create_survey(world.group, title={"en": "Matrix survey"}, languages=["en"], modules=["safety"])
        builder.set_status(survey, "open")
        needs_list = needs.draft_list(world.group, survey, "en")
        need = needs.add_need(needs_list, title="A need")
        world.extra["assessments"] = {"survey": survey, "question": survey.questions[0], "list": needs_list,
                                      "need": need}
        assert isinstance(need, Need)
    return world.extra["assessments"]


ASSESSMENT_URL_SAMPLES = {
    "survey_id": lambda w: _objects(w)["survey"].id,
    "question_id": lambda w: _objects(w)["question"].id,
    "list_id": lambda w: _objects(w)["list"].id,
    "need_id": lambda w: _objects(w)["need"].id,
    "slug": lambda w: _objects(w)["survey"].slug,
    "page": lambda w: 1,
    "fileformat": lambda w: "csv",
    "job_id": lambda w: _export_job(w).id,
}


def _export_job(world):
    """A queued export job of the matrix survey (never started: the matrix only reads its pages)."""
    if "export_job" not in world.extra:
        from assessments.exporting.models import ExportJob
        from partnership.extensions import db

        job = ExportJob(survey_id=_objects(world)["survey"].id, kind="csv", requested_by_id=world.users["planner"].id)
        db.session.add(job)
        db.session.commit()
        world.extra["export_job"] = job
    return world.extra["export_job"]
