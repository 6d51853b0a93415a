"""Fixtures of the maps tests: boundary versions saved through the real import path."""
from __future__ import annotations

import pytest

from maps.importing import ImportOptions, read_boundaries
from maps.versions import approve, create_draft
from tests.maps import builders


@pytest.fixture(autouse=True)
def _request_context(request):
    """Messages are worded in the visitor's language, which only a request knows; give db tests one."""
    if "app" not in request.fixturenames:
        yield
        return
    with request.getfixturevalue("app").test_request_context():
        yield


@pytest.fixture
def save_version(tmp_path):
    """Import a GeoDataFrame as a draft of `municipality` (and approve it when asked)."""
    counter = iter(range(1, 1000))

    def _save(municipality, gdf, user=None, *, approve_as=None, **options):
        path = builders.write_gpkg({"b": gdf}, tmp_path / f"v{next(counter)}.gpkg")
        result = read_boundaries(str(path), options=ImportOptions(**options))
        assert result.ok, [i.message for i in result.issues if i.severity == "error"]
        version = create_draft(result, municipality, user)
        if approve_as is not None:
            approve(version, approve_as)
        return version

    return _save
