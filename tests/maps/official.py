"""The official Lisbon parishes (CAOP 2025, DGT, CC BY 4.0) for tests that need a real file.

The project does not carry the file (it came from another project's repository); it lives beside
the repository in `../shared/data/lisbon-freguesias/`. OFFICIAL_BOUNDARIES_DIR overrides the place.
Tests that need it skip, saying why, when it is absent.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FILE_NAME = "freguesias-caop2025.geojson"
ATTRIBUTION = "Limites administrativos: DGT, CAOP 2025 (CC BY 4.0)"


def _candidates() -> list[Path]:
    places = [Path(os.environ["OFFICIAL_BOUNDARIES_DIR"])] if os.environ.get("OFFICIAL_BOUNDARIES_DIR") else []
    # ../shared beside the repository; a git worktree one or two levels further down looks higher up too.
    places += [parent / "shared" / "data" / "lisbon-freguesias" for parent in (ROOT.parent, ROOT.parent.parent, ROOT.parent.parent.parent)]
    return [place / FILE_NAME for place in places]


def official_lisbon_file() -> Path | None:
    """The official file, or None when it is not available on this machine."""
    return next((path for path in _candidates() if path.is_file()), None)


def require_official_lisbon_file() -> Path:
    """The official file, or skip the test with the reason and where the file is expected."""
    path = official_lisbon_file()
    if path is None:
        pytest.skip("the official Lisbon parishes (CAOP 2025) are not on this machine: put freguesias-caop2025.geojson in "
                    "../shared/data/lisbon-freguesias/ beside the repository, or set OFFICIAL_BOUNDARIES_DIR")
    return path
