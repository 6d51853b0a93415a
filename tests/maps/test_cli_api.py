"""The import command, the demo seeder, the JSON API and the language of the report."""
from __future__ import annotations

import json

from sqlalchemy import select

from maps.demo import DEMO_ATTRIBUTION, seed_lisbon_boundaries
from maps.models import BoundaryVersion, VersionStatus
from maps.rendering import boundary_map
from partnership.auth.models import ApiToken
from partnership.neighbourhoods.models import Neighbourhood
from tests.conftest import login
from tests.maps import builders


def test_cli_refuses_a_file_without_crs_then_imports_it_when_told(runner, db, municipality, tmp_path):
    path = builders.write_zipped_shapefile(builders.grid(crs=None), tmp_path / "b.zip")
    refused = runner.invoke(args=["maps", "import-boundaries", str(path), "--municipality", municipality.code])
    assert refused.exit_code != 0
    assert "does not say which coordinate reference system" in refused.output
    assert "EPSG:3763" in refused.output
    assert db.session.scalars(select(BoundaryVersion)).all() == []

    done = runner.invoke(args=["maps", "import-boundaries", str(path), "--municipality", municipality.code,
                               "--crs", "EPSG:3763", "--name-field", "nome", "--approve"])
    assert done.exit_code == 0, done.output
    assert "version 1 with 4 areas approved and active" in done.output
    version = db.session.scalars(select(BoundaryVersion)).one()
    assert version.status == VersionStatus.ACTIVE and version.approved_by_id is None


def test_cli_lists_the_layers_of_a_geopackage(runner, municipality, tmp_path):
    path = builders.write_gpkg({"a": builders.grid(), "b": builders.grid(1, 1)}, tmp_path / "x.gpkg")
    result = runner.invoke(args=["maps", "import-boundaries", str(path), "--municipality", municipality.code])
    assert result.exit_code != 0 and "Layers: a, b" in result.output
    ok = runner.invoke(args=["maps", "import-boundaries", str(path), "--municipality", municipality.code, "--layer", "b"])
    assert ok.exit_code == 0 and "saved as a draft" in ok.output


def test_demo_seeder_draws_illustrative_neighbourhoods_and_approves_them_once(db, reviewer, municipality):
    from types import SimpleNamespace

    context = SimpleNamespace(municipality=municipality, users={"reviewer": reviewer})
    seed_lisbon_boundaries(context)
    seed_lisbon_boundaries(context)  # idempotent
    version = db.session.scalars(select(BoundaryVersion)).one()
    assert version.status == VersionStatus.ACTIVE and version.area_count == 24
    assert version.attribution == DEMO_ATTRIBUTION and version.illustrative
    assert "not official" in version.note.lower() and "import-boundaries" in version.note
    names = set(db.session.scalars(select(Neighbourhood.name).where(Neighbourhood.municipality_id == municipality.id)))
    assert {"Misericórdia", "Parque das Nações", "Santa Maria Maior"} <= names
    # Every map of them says they are illustrative, in the map's attribution.
    fragment = boundary_map(municipality_id=municipality.id)
    assert "Illustrative neighbourhoods, not official boundaries" in fragment.script
    assert json.dumps(DEMO_ATTRIBUTION) in fragment.script


def test_the_project_ships_no_boundary_data_and_the_readme_says_where_to_get_it():
    from tests.maps.official import ROOT

    assert not (ROOT / "data" / "lisbon-freguesias").exists()
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "CAOP" in readme and "Direção-Geral do Território" in readme and "CC BY 4.0" in readme
    assert "flask --app wsgi maps import-boundaries" in readme


def test_api_returns_feature_collections_in_bounded_pages(client, db, municipality, reviewer, planner, save_version):
    version = save_version(municipality, builders.grid(), reviewer, approve_as=reviewer)
    token, secret = ApiToken.issue(planner, "test")
    db.session.add(token)
    db.session.commit()
    auth = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/neighbourhoods").status_code == 401
    page = client.get(f"/api/v1/neighbourhoods?municipality_id={municipality.id}&limit=3", headers=auth).json
    assert page["type"] == "FeatureCollection" and page["numberMatched"] == 4 and page["numberReturned"] == 3
    second = client.get(page["next"], headers=auth).json
    assert len(second["features"]) == 1 and "next" not in second
    one = version.areas[0]
    feature = client.get(f"/api/v1/neighbourhoods/{one.neighbourhood_id}?geometry=full", headers=auth).json
    assert feature["type"] == "Feature" and feature["properties"]["code"] == one.code
    lng, lat = feature["geometry"]["coordinates"][0][0]
    inside = client.get(f"/api/v1/neighbourhoods/locate?lat={lat + 0.0005}&lng={lng + 0.0005}", headers=auth).json
    assert inside["neighbourhood_id"] is not None
    assert client.get("/api/v1/neighbourhoods/locate?lat=200&lng=0", headers=auth).status_code == 400
    spec = client.get("/api/v1/openapi.json").json
    assert "/neighbourhoods" in spec["paths"] and "NeighbourhoodCollection" in spec["components"]["schemas"]


def test_the_report_reads_in_the_visitors_language(client, municipality, reviewer, tmp_path):
    login(client, reviewer)
    path = builders.write_zipped_shapefile(builders.grid(crs=None), tmp_path / "b.zip")
    with open(path, "rb") as handle:
        response = client.post(f"/maps/municipalities/{municipality.id}/import", data={"file": (handle, "b.zip")},
                               content_type="multipart/form-data")
    page = client.get(response.headers["Location"] + "?lang=pt").get_data(as_text=True)
    assert "O ficheiro não indica que sistema de referência de coordenadas (CRS) usa." in page
