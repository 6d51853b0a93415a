"""The group page shows the group's neighbourhoods on the map once boundaries are approved."""
from __future__ import annotations

import json

from maps.models import BoundaryArea, BoundaryVersion


def _approve_square_boundaries(db, municipality):
    version = BoundaryVersion(municipality_id=municipality.id, number=1, status="active", source_filename="t.geojson",
                              source_format="geojson", source_crs="EPSG:4326", name_field="name", report=[],
                              area_count=len(municipality.neighbourhoods))
    db.session.add(version)
    for i, n in enumerate(municipality.neighbourhoods):
        ring = [[-9.2 + i * .01, 38.7], [-9.19 + i * .01, 38.7], [-9.19 + i * .01, 38.71], [-9.2 + i * .01, 38.71], [-9.2 + i * .01, 38.7]]
        geometry = json.dumps({"type": "Polygon", "coordinates": [ring]})
        db.session.add(BoundaryArea(version=version, neighbourhood_id=n.id, code=n.code, name=n.name, area_m2=1e6,
                                    geometry=geometry, display_geometry=geometry, min_lng=ring[0][0], min_lat=38.7,
                                    max_lng=ring[1][0], max_lat=38.71))
    db.session.commit()


def test_group_page_has_no_map_before_boundaries_exist(client, login_as, planner, group):
    login_as(planner)
    page = client.get(f"/groups/{group.id}").get_data(as_text=True)
    assert "leaflet.js" not in page


def test_group_page_maps_its_territory_offline(client, db, login_as, planner, group, municipality):
    _approve_square_boundaries(db, municipality)
    login_as(planner)
    page = client.get(f"/groups/{group.id}").get_data(as_text=True)
    assert "/static/vendor/leaflet/leaflet.js" in page
    assert group.neighbourhoods[0].name in page
    assert "Needs assessment" in page  # the Step 2 tab
    assert "https://" not in page.replace("https://www.w3.org", "")
