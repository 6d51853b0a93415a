"""Command-line interface: accounts, demo data and retention."""
from __future__ import annotations

import os
from datetime import timedelta
from typing import Callable

import click
from flask import Flask, current_app
from sqlalchemy import delete, select

from partnership.extensions import db

# Packages add their own retention rules: each returns how many records it removed.
_purgers: list[tuple[str, Callable[[], int]]] = []


def register_purger(name: str, purge: Callable[[], int]) -> None:
    """Add a retention rule run by `flask purge`."""
    _purgers.append((name, purge))


def purge_audit_log() -> int:
    """Delete audit events older than RETENTION_DAYS_AUDIT."""
    from partnership.audit.models import AuditEvent
    from partnership.dbtypes import utcnow

    cutoff = utcnow() - timedelta(days=current_app.config["RETENTION_DAYS_AUDIT"])
    result = db.session.execute(delete(AuditEvent).where(AuditEvent.occurred_at < cutoff))
    return result.rowcount or 0


def register(app: Flask) -> None:
    @app.cli.command("create-user")
    @click.argument("email")
    @click.option("--role", required=True, type=click.Choice(["admin", "planner", "reviewer", "partner"]))
    @click.option("--name", default="", help="Full name shown to other users.")
    @click.option("--municipality", "municipality_code", default=None, help="Municipality code (reviewers).")
    def create_user_command(email: str, role: str, name: str, municipality_code: str | None) -> None:
        """Create an account; the password comes from NEW_USER_PASSWORD or a prompt."""
        from partnership.auth.accounts import AccountError, create_user
        from partnership.neighbourhoods.models import Municipality

        password = os.environ.get("NEW_USER_PASSWORD") or click.prompt(
            "Password", hide_input=True, confirmation_prompt=True
        )
        from partnership.auth.passwords import problem

        reason = problem(password, email=email, name=name)
        if reason:
            raise click.ClickException(reason)
        municipality_id = None
        if municipality_code:
            municipality = db.session.scalar(select(Municipality).where(Municipality.code == municipality_code))
            if municipality is None:
                raise click.ClickException(f"No municipality with code {municipality_code}.")
            municipality_id = municipality.id
        try:
            user = create_user(email, role=role, name=name, password=password, municipality_id=municipality_id)
            db.session.commit()
        except AccountError as error:
            db.session.rollback()
            raise click.ClickException(str(error)) from error
        click.echo(f"Created {user.email} ({user.role}).")

    @app.cli.command("seed-demo")
    def seed_demo_command() -> None:
        """Load the demo (idempotent) and print the demo sign-ins."""
        from partnership.demo import DEMO_PASSWORD, seed_demo

        context = seed_demo()
        click.echo("Demo data loaded. Sign in with any of these accounts:")
        for role, user in context.accounts().items():
            click.echo(f"  {role:<28} {user.email:<34} password: {DEMO_PASSWORD}")

    @app.cli.command("purge")
    def purge_command() -> None:
        """Delete data past its retention period (see RETENTION_DAYS_* settings)."""
        total = 0
        from partnership.auth.sessions import purge_idle
        from partnership.auth.throttle import purge_old_failures

        core = [("audit log", purge_audit_log), ("idle sign-in sessions", purge_idle),
                ("failed sign-in records", purge_old_failures)]
        for name, purge in [*core, *_purgers]:
            removed = purge()
            total += removed
            click.echo(f"{name}: {removed} removed")
        db.session.commit()
        click.echo(f"Done: {total} records removed.")

    from partnership.backup import register as register_backup_commands

    register_backup_commands(app)
