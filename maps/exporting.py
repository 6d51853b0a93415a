"""Export a boundary version as GeoJSON or GeoPackage (full geometry, WGS84)."""
from __future__ import annotations

import json
import os
import tempfile


from maps import geometry as geo
from maps.models import BoundaryVersion
from partnership.lazy import lazy_module

gpd = lazy_module("geopandas")

FORMATS = {"geojson": ("application/geo+json", "geojson"), "gpkg": ("application/geopackage+sqlite3", "gpkg")}


def version_frame(version: BoundaryVersion) -> gpd.GeoDataFrame:
    """The version's areas as a GeoDataFrame in EPSG:4326."""
    areas = list(version.areas)
    return gpd.GeoDataFrame(
        {
            "code": [a.code for a in areas],
            "name": [a.name for a in areas],
            "area_ha": [round(a.area_m2 / 10_000, 4) for a in areas],
            "neighbourhood_id": [a.neighbourhood_id for a in areas],
        },
        geometry=geo.from_geojson_texts([a.geometry for a in areas]).values,
        crs=geo.WGS84,
    )


def file_name(version: BoundaryVersion, fmt: str) -> str:
    return f"boundaries-{version.municipality.code}-v{version.number}.{FORMATS[fmt][1]}"


def export_version(version: BoundaryVersion, fmt: str) -> bytes:
    """The file's bytes; GeoJSON follows RFC 7946 (WGS84, no crs member), GeoPackage has one layer."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    frame = version_frame(version)
    if fmt == "geojson":
        data = json.loads(frame.to_json(drop_id=True))
        data["name"] = f"{version.municipality.name} v{version.number}"
        if version.attribution:
            data["attribution"] = version.attribution
        return json.dumps(data, ensure_ascii=False).encode("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "export.gpkg")
        frame.to_file(path, layer=f"boundaries_v{version.number}", driver="GPKG", engine="pyogrio")
        with open(path, "rb") as handle:
            return handle.read()
