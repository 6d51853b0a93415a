"""The import preview is computed once per set of answers: repeat views and the save use what was shown."""
from __future__ import annotations

import os
import re
import time

import pytest
from sqlalchemy import select

from maps import importing, staging
from maps.importing import ImportOptions, read_boundaries
from maps.models import BoundaryVersion
from maps.versions import create_draft
from tests import factories
from tests.conftest import login
from tests.maps import builders
from tests.maps.test_views import upload


@pytest.fixture
def reads(monkeypatch):
    """How many times a boundary file was read (and checked) since the fixture started."""
    calls = []
    real = importing.read_boundaries

    def spy(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(importing, "read_boundaries", spy)
    return calls


def files(tmp_path):
    return {
        "slivered": builders.write_gpkg({"bairros": builders.slivered_pair()}, tmp_path / "slivers.gpkg"),
        "wide_gap": builders.write_gpkg({"bairros": builders.slivered_pair(gap_width=20, gap_length=200, overlap=0)},
                                        tmp_path / "wide.gpkg"),
        "no_crs": builders.write_zipped_shapefile(builders.grid(crs=None), tmp_path / "b.zip"),
    }


def same_page(html: str) -> str:
    """The page without what differs on every response anyway (CSP nonce, CSRF token) or map rendering (element ids)."""
    html = re.sub(r'nonce="[^"]*"', 'nonce=""', html)
    html = re.sub(r"_[0-9a-f]{32}(?![0-9a-f])", "_ID", html)
    return re.sub(r'(name="csrf_token"[^>]*value=")[^"]*"', r'\1"', html)


def start(client, municipality, reviewer, tmp_path, which="slivered", repair=None):
    login(client, reviewer)
    path = files(tmp_path)[which]
    url = upload(client, municipality, path, os.path.basename(path)).headers["Location"]
    if repair is not None:
        assert client.post(url, data={"action": "repair", "repair_gap_m": repair}).status_code == 302
    return path, url, staging.load(url.rstrip("/").rsplit("/", 1)[-1])


@pytest.mark.parametrize("which, repair, expect", [
    ("slivered", None, "Areas Oeste and Leste overlap by 100 m²"),
    ("slivered", "5", "What the repair changed, per area"),
    ("wide_gap", "30", "The repair up to 30 m was refused"),
    ("no_crs", None, "does not say which coordinate reference system"),
])
def test_a_repeat_view_shows_the_same_page_without_the_file(client, municipality, reviewer, tmp_path, reads,
                                                           which, repair, expect):
    _path, url, staged = start(client, municipality, reviewer, tmp_path, which, repair)
    first = client.get(url).get_data(as_text=True)
    assert expect in first and len(reads) == 1
    os.remove(staged.path)  # the upload itself is gone: only what the first view kept can show the page
    again = client.get(url)
    assert again.status_code == 200
    assert same_page(again.get_data(as_text=True)) == same_page(first)
    assert len(reads) == 1


def test_changing_an_answer_checks_the_file_again(client, municipality, reviewer, tmp_path, reads):
    _path, url, _staged = start(client, municipality, reviewer, tmp_path)
    assert "Areas Oeste and Leste overlap by 100 m²" in client.get(url).get_data(as_text=True)
    client.post(url, data={"action": "check", "name_field": "nome", "code_field": "codigo", "tolerance_m2": "1000"})
    page = client.get(url).get_data(as_text=True)
    assert "No overlaps or gaps above 1000 m²" in page and "overlap by 100 m²" not in page
    client.post(url, data={"action": "check", "name_field": "codigo", "code_field": "", "tolerance_m2": "1"})
    assert "Areas W and E overlap by 100 m²" in client.get(url).get_data(as_text=True)
    client.post(url, data={"action": "check", "name_field": "nome", "code_field": "codigo", "tolerance_m2": "1"})
    client.post(url, data={"action": "repair", "repair_gap_m": "5"})
    assert "finds no gaps or overlaps left" in client.get(url).get_data(as_text=True)
    client.post(url, data={"action": "repair", "repair_gap_m": "1.5"})
    assert "After the repair up to 1.5 m, 1 gap(s) and 0 overlap(s) remain" in client.get(url).get_data(as_text=True)
    client.post(url, data={"action": "unrepair"})
    page = client.get(url).get_data(as_text=True)
    assert "Areas Oeste and Leste overlap by 100 m²" in page and "What the repair changed" not in page
    assert len(reads) == 6  # one per set of answers, none for the repeat views in between
    client.get(url)
    assert len(reads) == 6


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty"])
def test_a_damaged_cache_is_computed_again(client, municipality, reviewer, tmp_path, reads, damage):
    _path, url, staged = start(client, municipality, reviewer, tmp_path, repair="5")
    first = client.get(url).get_data(as_text=True)
    added = [os.path.join(staged.folder, name) for name in os.listdir(staged.folder)
             if name not in ("meta.json", staged.meta["stored_name"])]
    assert added  # the preview keeps something next to the upload...
    for path in added:  # ...which a full disk, a crash or a hand can spoil
        with open(path, "r+b") as handle:
            content = handle.read()
            handle.seek(0)
            handle.truncate()
            if damage == "garbage":
                handle.write(bytes(b ^ 0x5A for b in content))
            elif damage == "truncated":
                handle.write(content[: len(content) // 2])
    again = client.get(url)
    assert again.status_code == 200 and same_page(again.get_data(as_text=True)) == same_page(first)
    assert len(reads) == 2
    client.get(url)
    assert len(reads) == 2  # written again, whole


def test_the_saved_draft_is_what_the_preview_showed(app, client, db, municipality, reviewer, tmp_path):
    path, url, staged = start(client, municipality, reviewer, tmp_path, repair="5")
    page = client.get(url).get_data(as_text=True)
    os.remove(staged.path)  # the save cannot read the file again: it stores the preview's own result
    assert client.post(url, data={"action": "save"}).status_code == 302
    saved = db.session.scalars(select(BoundaryVersion)).one()

    # The same file and answers, read directly and saved for another municipality, as the CLI would.
    other = factories.municipality()
    direct = create_draft(read_boundaries(str(path), os.path.basename(path), ImportOptions(repair_gap_m=5)), other)
    assert saved.report == direct.report
    assert any(i["code"] == "coverage_repaired" for i in saved.report)
    shown = re.findall(r'<li class="severity-[a-z]+"><span class="severity-label">[^<]*</span> ([^<]*)</li>', page)
    assert len(shown) == len(saved.report)
    for issue_line in shown:
        assert any(issue_line.replace("&#39;", "'") in line for line in _messages(saved.report)), issue_line

    def rows(version):
        return [(a.code, a.name, a.area_m2, a.geometry, a.display_geometry, a.min_lng, a.min_lat, a.max_lng, a.max_lat)
                for a in sorted(version.areas, key=lambda a: a.code)]

    assert rows(saved) == rows(direct)
    assert (saved.source_filename, saved.source_format, saved.source_layer, saved.source_crs, saved.name_field,
            saved.code_field) == (direct.source_filename, direct.source_format, direct.source_layer, direct.source_crs,
                                  direct.name_field, direct.code_field)


def _messages(report: list[dict]) -> list[str]:
    from maps.report import Issue

    return [Issue.from_dict(i).message for i in report]


def test_the_cache_goes_with_the_staged_upload_and_does_not_make_it_live_longer(app, client, municipality, reviewer,
                                                                               tmp_path):
    _path, url, staged = start(client, municipality, reviewer, tmp_path)
    day_ago = time.time() - staging.MAX_AGE_SECONDS + 3600  # uploaded 23 hours ago
    os.utime(staged.folder, (day_ago, day_ago))
    client.get(url)
    client.post(url, data={"action": "repair", "repair_gap_m": "5"})
    client.get(url)  # a new result written next to the upload
    assert len(os.listdir(staged.folder)) > 2
    assert staging.purge_abandoned(now=time.time() + 2 * 3600) == 1
    assert not os.path.exists(staged.folder)
    assert client.get(url).status_code == 404
