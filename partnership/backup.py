"""Backup and restore of the database and the upload folder (`flask backup`, `flask restore`).

A backup is one directory: the database (SQLite online-backup copy, or a pg_dump custom-format
archive), a tar of the upload folder and `manifest.json` with the row count of every table, so
a restore can prove that nothing is missing.
"""
from __future__ import annotations

import glob
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from datetime import datetime, timezone

import click
from flask import Flask, current_app
from sqlalchemy import func, inspect, select, table
from sqlalchemy.engine import make_url

from partnership.extensions import db

MANIFEST = "manifest.json"
UPLOADS_TAR = "uploads.tar.gz"
SQLITE_FILE = "database.sqlite"
PG_DUMP_FILE = "database.dump"


class BackupError(Exception):
    """A backup or restore could not be done; the message says why and what to do."""


def table_counts() -> dict[str, int]:
    names = sorted(inspect(db.engine).get_table_names())
    with db.engine.connect() as connection:
        return {name: connection.scalar(select(func.count()).select_from(table(name))) for name in names}


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    # Debian installs the client tools outside PATH; take the newest version.
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                        key=lambda path: int(path.split("/")[4]) if path.split("/")[4].isdigit() else 0)
    if candidates:
        return candidates[-1]
    raise BackupError(f"{name} was not found. Install the PostgreSQL client tools (Debian: postgresql-client) "
                      "matching the server version, then run this again.")


def _pg_env() -> dict[str, str]:
    """Connection settings for pg_dump/pg_restore through libpq variables, so no password is on the command line."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    env = dict(os.environ)
    for variable, value in (("PGHOST", url.host), ("PGPORT", url.port), ("PGUSER", url.username),
                            ("PGPASSWORD", url.password), ("PGDATABASE", url.database)):
        if value is not None:
            env[variable] = str(value)
    return env


def _sqlite_path() -> str:
    path = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"]).database
    if not path or path == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up.")
    return path


def _run(command: list[str]) -> None:
    result = subprocess.run(command, env=_pg_env(), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{os.path.basename(command[0])} failed: {result.stderr.strip()[:2000]}")


def backup(out_dir: str) -> str:
    """Write a complete backup under out_dir; returns the new backup directory."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    target = os.path.join(out_dir, f"backup-{stamp}")
    os.makedirs(target, exist_ok=False)
    try:
        dialect = db.engine.dialect.name
        counts = table_counts()
        if dialect == "sqlite":
            source = sqlite3.connect(_sqlite_path())
            copy = sqlite3.connect(os.path.join(target, SQLITE_FILE))
            try:
                source.backup(copy)  # consistent even while the service is writing
            finally:
                copy.close()
                source.close()
            database_file = SQLITE_FILE
        elif dialect == "postgresql":
            _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", os.path.join(target, PG_DUMP_FILE)])
            database_file = PG_DUMP_FILE
        else:
            raise BackupError(f"Backups of {dialect} databases are not supported.")
        uploads = current_app.config["UPLOAD_FOLDER"]
        files = []
        with tarfile.open(os.path.join(target, UPLOADS_TAR), "w:gz") as archive:
            if os.path.isdir(uploads):
                for root, _, names in os.walk(uploads):
                    for name in sorted(names):
                        full = os.path.join(root, name)
                        relative = os.path.relpath(full, uploads)
                        archive.add(full, arcname=relative)
                        files.append(relative)
        manifest = {"created_at": stamp, "dialect": dialect, "database_file": database_file,
                    "tables": counts, "upload_files": sorted(files)}
        with open(os.path.join(target, MANIFEST), "w", encoding="utf-8") as handle:
            json.dump(manifest, handle, indent=2, sort_keys=True)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)  # never leave a backup that looks complete but is not
        raise
    return target


def read_manifest(backup_dir: str) -> dict:
    path = os.path.join(backup_dir, MANIFEST)
    if not os.path.isfile(path):
        raise BackupError(f"{backup_dir} is not a backup: {MANIFEST} is missing.")
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def _restore_uploads(backup_dir: str) -> None:
    uploads = current_app.config["UPLOAD_FOLDER"]
    staging = uploads.rstrip("/") + ".restoring"
    shutil.rmtree(staging, ignore_errors=True)
    os.makedirs(staging)
    with tarfile.open(os.path.join(backup_dir, UPLOADS_TAR), "r:gz") as archive:
        archive.extractall(staging, filter="data")  # refuses absolute paths and ../ escapes
    if os.path.exists(uploads):
        # Keep what was there rather than deleting it: the operator removes it once satisfied.
        os.replace(uploads, uploads.rstrip("/") + ".before-restore-" + datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ"))
    os.replace(staging, uploads)


def restore(backup_dir: str) -> dict[str, tuple[int, int]]:
    """Replace the database and upload folder with the backup; returns tables whose counts differ."""
    manifest = read_manifest(backup_dir)
    dialect = db.engine.dialect.name
    if manifest["dialect"] != dialect:
        raise BackupError(f"This backup is of a {manifest['dialect']} database; this service uses {dialect}.")
    db.session.remove()
    db.engine.dispose()  # nothing of ours may hold the database while it is replaced
    if dialect == "sqlite":
        source = sqlite3.connect(os.path.join(backup_dir, manifest["database_file"]))
        destination = sqlite3.connect(_sqlite_path())
        try:
            source.backup(destination)
        finally:
            destination.close()
            source.close()
    else:
        _run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
              "--dbname", _pg_env().get("PGDATABASE", ""), os.path.join(backup_dir, manifest["database_file"])])
    _restore_uploads(backup_dir)
    counts = table_counts()
    return {name: (expected, counts.get(name, 0)) for name, expected in manifest["tables"].items()
            if counts.get(name, 0) != expected}


def register(app: Flask) -> None:
    @app.cli.command("backup")
    @click.argument("out_dir", type=click.Path(file_okay=False))
    def backup_command(out_dir: str) -> None:
        """Back up the database and the upload folder into a new directory under OUT_DIR."""
        try:
            target = backup(out_dir)
        except (BackupError, OSError) as error:
            raise click.ClickException(str(error)) from error
        manifest = read_manifest(target)
        click.echo(f"Backup written to {target}: {len(manifest['tables'])} tables, "
                   f"{sum(manifest['tables'].values())} rows, {len(manifest['upload_files'])} uploaded files.")

    @app.cli.command("restore")
    @click.argument("backup_dir", type=click.Path(exists=True, file_okay=False))
    @click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
    def restore_command(backup_dir: str, yes: bool) -> None:
        """Replace the database and the upload folder with the backup in BACKUP_DIR."""
        if not yes:
            click.confirm("This replaces every record and uploaded file of this service. Continue?", abort=True)
        try:
            missing = restore(backup_dir)
        except (BackupError, OSError) as error:
            raise click.ClickException(str(error)) from error
        if missing:
            details = ", ".join(f"{name}: {expected} expected, {found} found" for name, (expected, found) in missing.items())
            raise click.ClickException(f"Restore finished but counts differ: {details}")
        click.echo(f"Restored {backup_dir}; every table has the row count recorded in the backup.")
