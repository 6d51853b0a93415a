"""`flask assessments ...`: XLSForm import/export and draft clean-up."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from partnership.extensions import db

group = AppGroup("assessments", help="Needs-assessment surveys (Step 2).")


@group.command("import-xlsform")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--group", "group_id", type=int, required=True, help="Id of the security group that will own the survey.")
def import_command(file: Path, group_id: int) -> None:
    """Create a draft survey from an XLSForm (.xlsx or .xls); what is not kept is listed by row."""
    from assessments.xlsform import XLSFormError, import_xlsform
    from partnership.groups.models import SecurityGroup

    security_group = db.session.get(SecurityGroup, group_id)
    if security_group is None:
        raise click.ClickException(f"There is no security group with id {group_id}.")
    try:
        report = import_xlsform(file.read_bytes(), security_group, filename=file.name)
    except XLSFormError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    click.echo(f"Imported survey {report.survey.id} with {len(report.survey.questions)} questions "
               f"({report.kept_questions} of the form's {report.form_questions} questions and notes).")
    for finding in report.findings:
        click.echo(f"  {'not imported' if finding.dropped else 'note'}: {finding}")


@group.command("export-xlsform")
@click.argument("survey_id", type=int)
@click.argument("out", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def export_command(survey_id: int, out: Path) -> None:
    """Write a survey as an XLSForm (.xlsx), checked with pyxform."""
    from assessments.models import Survey
    from assessments.xlsform import XLSFormError, export_xlsform

    survey = db.session.get(Survey, survey_id)
    if survey is None:
        raise click.ClickException(f"There is no survey with id {survey_id}.")
    try:
        out.write_bytes(export_xlsform(survey))
    except XLSFormError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Wrote {out}")


@group.command("purge-drafts")
@click.option("--days", default=7, show_default=True, help="Delete unfinished answer drafts older than this.")
def purge_drafts_command(days: int) -> None:
    """Delete abandoned, unfinished answers."""
    from assessments.answering import purge_drafts

    click.echo(f"Deleted {purge_drafts(days)} unfinished drafts.")
