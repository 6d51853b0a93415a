"""Starting the app stays quick: heavy libraries load when a page or command first needs them.

geopandas, pandas, folium, scipy, statsmodels, pyxform, openpyxl, Pillow and Alembic took
three quarters of the start-up time (issue 14) although most requests never touch them. A
fresh interpreter that builds the app must not have imported any of them.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("geopandas", "pandas", "scipy", "statsmodels", "folium", "branca", "pyxform", "openpyxl", "PIL",
         "alembic", "flask_migrate", "pyogrio")

CHILD = r"""
import json, sys
from partnership import create_app
app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "startup test"})
assert app.url_map is not None
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def test_create_app_in_a_fresh_interpreter_imports_no_heavy_library():
    result = subprocess.run([sys.executable, "-c", CHILD], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    loaded = set(json.loads(result.stdout.strip().splitlines()[-1]))
    assert not loaded & set(HEAVY), f"imported at start: {sorted(loaded & set(HEAVY))}"


def test_the_migration_commands_still_find_flask_migrate(app):
    """Flask-Migrate is set up on first use; its configuration and `flask db` commands are all there."""
    config = app.extensions["migrate"]
    assert config.db is not None and config.directory.endswith("migrations")
    assert config.configure_args.get("render_as_batch") is True
    group = app.cli.get_command(None, "db")
    assert group is not None and "upgrade" in group.list_commands(None)


def test_a_lazy_module_reads_like_the_module_it_stands_for(monkeypatch):
    import json as real

    from partnership.lazy import lazy_module

    module = lazy_module("json")
    assert module.dumps is real.dumps and module.load is real.load  # even names a proxy might have had
    monkeypatch.setattr(module, "dumps", lambda value: "patched")
    assert real.dumps(1) == "patched"  # a test's replacement reaches the real module


def test_flask_db_upgrade_builds_an_empty_database(tmp_path):
    # serve.sh and the browser tests run `flask db upgrade`: its subcommands read the group's options.
    from sqlalchemy import create_engine, text

    from partnership import create_app

    url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "t"})
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with create_engine(url).connect() as connection:
        heads = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    from alembic.script import ScriptDirectory

    assert heads == [ScriptDirectory(app.extensions["migrate"].directory).get_current_head()]
