"""Security review of the maps package: hostile boundary uploads."""
from __future__ import annotations

import zipfile

from maps import importing
from maps.importing import read_boundaries
from tests.maps import builders


def _error_codes(result):
    return {i.code for i in result.issues if i.severity == "error"}


def test_a_zip_that_unpacks_to_more_than_the_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    """A zip bomb (a few MB that inflate to gigabytes) must not reach GDAL, which would read it all into memory."""
    path = builders.write_zipped_shapefile(builders.grid(), tmp_path / "b.zip")
    assert not _error_codes(read_boundaries(str(path), "b.zip"))
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("padding.txt", b"\0" * 2_000_000)  # inflates 1000-fold
    assert path.stat().st_size < 100_000
    monkeypatch.setattr(importing, "MAX_UNZIPPED_BYTES", 1_000_000)
    read = []
    monkeypatch.setattr(importing.gpd, "read_file", lambda *a, **k: read.append(a) or None)
    result = read_boundaries(str(path), "b.zip")
    assert "zip_too_large" in _error_codes(result) and not read
    assert result.areas is None
    message = next(i.message for i in result.issues if i.code == "zip_too_large")
    assert "%(" not in message
