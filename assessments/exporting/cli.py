"""`flask exports run`: run queued export jobs from the command line (e.g. a worker or a cron job)."""
from __future__ import annotations

import click
from flask.cli import AppGroup

group = AppGroup("exports", help="Export jobs of survey answers.")


@group.command("run")
def run_command() -> None:
    """Run every queued export job now, in this process."""
    from assessments.exporting.jobs import run_queued

    finished = run_queued()
    click.echo(f"{finished} export job(s) finished.")
