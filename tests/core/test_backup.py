"""`flask backup` and `flask restore`: everything comes back, counted table by table."""
from __future__ import annotations

import os
import shutil

import pytest

from partnership.backup import _pg_tool, BackupError, read_manifest, table_counts
from tests.assessments.conftest import survey  # noqa: F401  (fixture: group, planner, survey with questions)
from tests.conftest import _empty_tables


def test_backup_then_restore_into_an_emptied_instance_loses_nothing(app, db, runner, tmp_path, survey):  # noqa: F811
    if db.engine.dialect.name == "postgresql":
        try:
            _pg_tool("pg_dump")
        except BackupError as error:
            pytest.skip(f"PostgreSQL backups need pg_dump: {error}")
    uploads = app.config["UPLOAD_FOLDER"]
    os.makedirs(os.path.join(uploads, "maps-imports"), exist_ok=True)
    with open(os.path.join(uploads, "maps-imports", "boundary.geojson"), "w", encoding="utf-8") as handle:
        handle.write('{"type": "FeatureCollection", "features": []}')
    before = table_counts()
    assert len([name for name, count in before.items() if count]) >= 5  # accounts, group, survey, questions...

    result = runner.invoke(args=["backup", str(tmp_path / "backups")])
    assert result.exit_code == 0, result.output
    (backup_dir,) = [str(p) for p in (tmp_path / "backups").iterdir()]
    manifest = read_manifest(backup_dir)
    assert manifest["tables"] == before and "maps-imports/boundary.geojson" in manifest["upload_files"]

    # Lose everything: the records and the upload folder.
    db.session.remove()
    _empty_tables()
    shutil.rmtree(uploads)
    assert sum(table_counts().values()) <= table_counts().get("alembic_version", 0)

    result = runner.invoke(args=["restore", backup_dir, "--yes"])
    assert result.exit_code == 0, result.output
    assert table_counts() == before
    with open(os.path.join(uploads, "maps-imports", "boundary.geojson"), encoding="utf-8") as handle:
        assert "FeatureCollection" in handle.read()


def test_restore_of_something_that_is_not_a_backup_is_refused_clearly(runner, tmp_path):
    result = runner.invoke(args=["restore", str(tmp_path), "--yes"])
    assert result.exit_code != 0 and "manifest.json is missing" in result.output
