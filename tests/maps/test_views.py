"""The reviewer's journey through the pages, and what every maps page promises (offline, strict CSP)."""
from __future__ import annotations

import io
import json
import re

import geopandas as gpd
import pytest
from shapely.geometry import box
from sqlalchemy import select

from maps.models import BoundaryVersion, VersionStatus
from partnership.neighbourhoods.models import Neighbourhood
from tests.conftest import login
from tests.maps import builders

EXTERNAL = re.compile(r"""(?:src|href|url\()\s*=?\s*["']?\s*(?:https?:)?//""", re.I)
ANY_URL = re.compile(r"https?://[^\s\"'<>)]+", re.I)


def upload(client, municipality, path, name, **fields):
    with open(path, "rb") as handle:
        data = {"file": (io.BytesIO(handle.read()), name), **fields}
    return client.post(f"/maps/municipalities/{municipality.id}/import", data=data, content_type="multipart/form-data")


def assert_offline(html: str) -> None:
    """No asset or link leaves the site; the only URLs allowed are none at all."""
    assert not EXTERNAL.search(html), EXTERNAL.search(html).group(0)
    assert ANY_URL.findall(html) == []
    assert " style=" not in html  # the CSP forbids inline style attributes
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "nonce=" in tag or "src=\"/static/" in tag, tag


def test_reviewer_imports_a_national_crs_file_answers_the_crs_approves_compares_and_exports(client, db, municipality, reviewer, tmp_path):
    login(client, reviewer)
    # A zipped Shapefile in PT-TM06 whose author left out the .prj: the CRS must be asked.
    first = builders.write_zipped_shapefile(builders.grid(crs=None), tmp_path / "bairros.zip", folder="dados/")
    response = upload(client, municipality, first, "bairros.zip", attribution="Câmara Municipal (CC BY 4.0)")
    assert response.status_code == 302
    preview_url = response.headers["Location"]
    page = client.get(preview_url).get_data(as_text=True)
    assert "does not say which coordinate reference system" in page
    assert "EPSG:3763 · ETRS89 / Portugal TM06 · likely" in page
    assert 'value="save"' not in page  # cannot be saved yet
    assert db.session.scalars(select(BoundaryVersion)).all() == []

    response = client.post(preview_url, data={"action": "check", "crs": "EPSG:3763", "name_field": "nome",
                                              "code_field": "codigo", "tolerance_m2": "1"})
    assert response.status_code == 302
    page = client.get(preview_url).get_data(as_text=True)
    assert "Coordinates read as EPSG:3763" in page and 'value="save"' in page
    assert_offline(page)

    response = client.post(preview_url, data={"action": "save"})
    assert response.status_code == 302
    version = db.session.scalars(select(BoundaryVersion)).one()
    assert version.status == VersionStatus.DRAFT and version.attribution == "Câmara Municipal (CC BY 4.0)"
    assert client.get(preview_url).status_code == 404  # the staged upload is gone

    page = client.get(f"/maps/versions/{version.id}").get_data(as_text=True)
    assert "Approve and make active" in page and "Câmara Municipal (CC BY 4.0)" in page
    response = client.post(f"/maps/versions/{version.id}/approve", data={"body": "Checked against the register."})
    assert response.status_code == 302
    db.session.refresh(version)
    assert version.status == VersionStatus.ACTIVE

    # Second version: Bairro 1 shrinks. Compare, then export both formats.
    gdf = builders.grid()
    gdf.loc[0, "geometry"] = box(builders.ORIGIN_X, builders.ORIGIN_Y, builders.ORIGIN_X + 400, builders.ORIGIN_Y + 500)
    second = builders.write_geojson(gdf.to_crs(4326), tmp_path / "v2.geojson")
    preview_url = upload(client, municipality, second, "v2.geojson").headers["Location"]
    client.post(preview_url, data={"action": "save"})
    new = db.session.scalar(select(BoundaryVersion).where(BoundaryVersion.number == 2))
    page = client.get(f"/maps/versions/{new.id}/compare?with={version.id}").get_data(as_text=True)
    assert "1 reshaped" in page and "3 unchanged" in page
    assert "-5.00" in page  # hectares lost by Bairro 1
    assert_offline(page)

    exported = client.get(f"/maps/versions/{version.id}/export.geojson")
    assert exported.status_code == 200 and "attachment" in exported.headers["Content-Disposition"]
    data = json.loads(exported.data)
    assert sorted(f["properties"]["code"] for f in data["features"]) == ["B01", "B02", "B03", "B04"]
    gpkg = client.get(f"/maps/versions/{version.id}/export.gpkg")
    path = tmp_path / "out.gpkg"
    path.write_bytes(gpkg.data)
    frame = gpd.read_file(path)
    assert frame.crs.to_epsg() == 4326 and len(frame) == 4
    assert frame.to_crs(3763).area.sum() == pytest.approx(4 * 250_000, rel=1e-4)  # four 25 ha squares


def test_upload_by_xhr_answers_json_for_the_progress_script(client, municipality, reviewer, tmp_path):
    login(client, reviewer)
    path = builders.write_geojson(builders.grid(crs="EPSG:4326"), tmp_path / "b.geojson")
    with open(path, "rb") as handle:
        response = client.post(f"/maps/municipalities/{municipality.id}/import",
                               data={"file": (handle, "b.geojson")}, headers={"X-Requested-With": "XMLHttpRequest"},
                               content_type="multipart/form-data")
    assert response.status_code == 200 and response.json["redirect"].startswith("/maps/imports/")
    missing = client.post(f"/maps/municipalities/{municipality.id}/import", data={},
                          headers={"X-Requested-With": "XMLHttpRequest"})
    assert missing.status_code == 400 and missing.json["errors"]


def test_a_bad_file_changes_nothing(client, db, municipality, reviewer, tmp_path):
    login(client, reviewer)
    bad = tmp_path / "bad.geojson"
    bad.write_text("{ this is not geojson")
    preview_url = upload(client, municipality, bad, "bad.geojson").headers["Location"]
    page = client.get(preview_url).get_data(as_text=True)
    assert "could not be read" in page
    response = client.post(preview_url, data={"action": "save"})
    assert response.status_code == 200
    assert db.session.scalars(select(BoundaryVersion)).all() == []


def test_another_reviewer_cannot_see_a_staged_upload_nor_approve(client, db, municipality, reviewer, tmp_path, save_version):
    from tests import factories

    login(client, reviewer)
    path = builders.write_geojson(builders.grid(crs="EPSG:4326"), tmp_path / "b.geojson")
    preview_url = upload(client, municipality, path, "b.geojson").headers["Location"]
    version = save_version(municipality, builders.grid(), reviewer)
    colleague = factories.user(role="reviewer", email="colleague@test.example", municipality=factories.municipality())
    other = client.application.test_client()
    # A fresh app context: Flask-Login caches the signed-in user in `g`, which the test's context would share.
    with client.application.app_context():
        login(other, colleague)
        assert other.get(preview_url).status_code == 404  # someone else's upload: as if missing
        assert other.post(f"/maps/versions/{version.id}/approve").status_code == 403
        assert other.get(f"/maps/municipalities/{municipality.id}/import").status_code == 403
    db.session.refresh(version)
    assert version.status == VersionStatus.DRAFT


def test_request_changes_from_the_page_needs_a_reason(client, db, municipality, reviewer, save_version):
    version = save_version(municipality, builders.grid(), reviewer)
    login(client, reviewer)
    page = client.post(f"/maps/versions/{version.id}/request-changes", data={"body": ""}, follow_redirects=True)
    assert "Say what needs to change." in page.get_data(as_text=True)
    client.post(f"/maps/versions/{version.id}/request-changes", data={"body": "Include the market."})
    db.session.refresh(version)
    assert version.status == VersionStatus.CHANGES_REQUESTED


@pytest.mark.parametrize("who", ["planner", "partner", "reviewer"])
def test_every_maps_page_is_offline_and_csp_clean(client, db, municipality, reviewer, planner, partner, save_version, who):
    first = save_version(municipality, builders.grid(), reviewer, approve_as=reviewer)
    second = save_version(municipality, builders.grid(1, 2), reviewer)
    neighbourhood = db.session.scalar(select(Neighbourhood).where(Neighbourhood.code == "B01"))
    login(client, {"planner": planner, "partner": partner, "reviewer": reviewer}[who])
    pages = ["/maps/", f"/maps/municipalities/{municipality.id}", f"/maps/versions/{first.id}",
             f"/maps/versions/{second.id}", f"/maps/versions/{second.id}/compare?with={first.id}",
             f"/maps/neighbourhoods/{neighbourhood.id}"]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        assert_offline(html)
        csp = response.headers["Content-Security-Policy"]
        assert "unsafe-inline" not in csp and "http" not in csp
        if "folium-map" in html:
            assert "/static/vendor/leaflet/leaflet.js" in html and "/static/css/maps.css" in html
            nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
            assert f'<script nonce="{nonce}">' in html


def test_no_asset_from_a_cdn_even_in_a_standalone_folium_page(app):
    from maps.folium_offline import OfflineMap

    html = OfflineMap(tiles=None).get_root().render()
    assert "/static/vendor/leaflet/leaflet.js" in html
    assert not re.search(r"https?://", html)


def test_an_organisation_tile_server_is_used_and_allowed_by_the_csp_only_when_configured(app, client, db, municipality, reviewer, save_version):
    version = save_version(municipality, builders.grid(), reviewer, approve_as=reviewer)
    login(client, reviewer)
    plain = client.get(f"/maps/versions/{version.id}")
    assert "tileLayer" not in plain.get_data(as_text=True)
    assert "img-src 'self' data:;" in plain.headers["Content-Security-Policy"]
    app.config["MAP_TILE_URL"] = "https://tiles.intranet.example/{z}/{x}/{y}.png"
    app.config["MAP_TILE_ATTRIBUTION"] = "© Câmara Municipal"
    tiled = client.get(f"/maps/versions/{version.id}")
    assert "tiles.intranet.example/{z}/{x}/{y}.png" in tiled.get_data(as_text=True)
    assert "img-src 'self' data: https://tiles.intranet.example;" in tiled.headers["Content-Security-Policy"]
