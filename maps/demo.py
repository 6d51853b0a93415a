"""Demo data: illustrative neighbourhoods for Lisboa, drawn here, imported and approved like any file.

The project ships no official boundaries. The demo draws one cell per parish around the
parish seat's approximate position (a Voronoi diagram), clipped to a rough outline of the
city, and names each after its parish. They are marked illustrative, and every map that
shows them says so. Municipalities load the official boundaries (CAOP, Direção-Geral do
Território, CC BY 4.0) with `flask --app wsgi maps import-boundaries`.
"""
from __future__ import annotations

import os
import tempfile


from maps.group_boundaries import link_unlinked_groups
from maps.importing import read_boundaries
from maps.models import BoundaryVersion
from maps.versions import active_version, approve, create_draft
from partnership.extensions import db
from partnership.lazy import lazy_module

gpd = lazy_module("geopandas")
shapely = lazy_module("shapely")

DEMO_ATTRIBUTION = "Bairros ilustrativos da demonstração, não oficiais"
DEMO_NOTE = ("Illustrative neighbourhoods drawn by the demo around the approximate seats of the 24 parishes, "
             "clipped to a rough outline of the city. Not official boundaries: load the official CAOP file "
             "(Direção-Geral do Território, CC BY 4.0) with `flask --app wsgi maps import-boundaries`.")

# Approximate position (longitude, latitude) of each parish's seat; DICOFRE codes as in partnership.demo.
PARISH_SEATS = {
    "110601": ("Ajuda", -9.198, 38.707), "110602": ("Alcântara", -9.177, 38.706),
    "110607": ("Beato", -9.107, 38.734), "110608": ("Benfica", -9.201, 38.751),
    "110610": ("Campolide", -9.165, 38.733), "110611": ("Carnide", -9.188, 38.762),
    "110618": ("Lumiar", -9.160, 38.772), "110621": ("Marvila", -9.110, 38.750),
    "110633": ("Olivais", -9.122, 38.771), "110639": ("São Domingos de Benfica", -9.177, 38.746),
    "110654": ("Alvalade", -9.141, 38.753), "110655": ("Areeiro", -9.133, 38.742),
    "110656": ("Arroios", -9.136, 38.729), "110657": ("Avenidas Novas", -9.149, 38.738),
    "110658": ("Belém", -9.213, 38.700), "110659": ("Campo de Ourique", -9.166, 38.717),
    "110660": ("Estrela", -9.160, 38.709), "110661": ("Misericórdia", -9.146, 38.711),
    "110662": ("Parque das Nações", -9.096, 38.766), "110663": ("Penha de França", -9.125, 38.728),
    "110664": ("Santa Clara", -9.150, 38.788), "110665": ("Santa Maria Maior", -9.136, 38.712),
    "110666": ("Santo António", -9.147, 38.721), "110667": ("São Vicente", -9.127, 38.717),
}

# A rough outline of the city (longitude, latitude), the river front to the south and east.
CITY_OUTLINE = [
    (-9.232, 38.693), (-9.229, 38.717), (-9.219, 38.742), (-9.208, 38.764), (-9.195, 38.781),
    (-9.172, 38.795), (-9.146, 38.798), (-9.118, 38.795), (-9.093, 38.790), (-9.086, 38.772),
    (-9.090, 38.750), (-9.100, 38.735), (-9.112, 38.722), (-9.124, 38.710), (-9.140, 38.705),
    (-9.165, 38.702), (-9.190, 38.697), (-9.212, 38.692),
]
METRIC_CRS = "EPSG:3763"  # PT-TM06: cells are drawn in metres, not degrees


def illustrative_neighbourhoods() -> gpd.GeoDataFrame:
    """One cell per parish seat, clipped to the city outline, in EPSG:4326, with `codigo` and `nome`."""
    seats = gpd.GeoDataFrame(
        {"codigo": list(PARISH_SEATS), "nome": [name for name, _x, _y in PARISH_SEATS.values()]},
        geometry=[shapely.Point(x, y) for _name, x, y in PARISH_SEATS.values()], crs="EPSG:4326").to_crs(METRIC_CRS)
    outline = gpd.GeoSeries([shapely.Polygon(CITY_OUTLINE)], crs="EPSG:4326").to_crs(METRIC_CRS).iloc[0]
    cells = shapely.voronoi_polygons(shapely.MultiPoint(list(seats.geometry)), extend_to=outline.buffer(5000))
    shapes = []
    for seat in seats.geometry:
        cell = next(c for c in cells.geoms if c.contains(seat))
        shapes.append(shapely.set_precision(cell.intersection(outline), 0.01))
    return gpd.GeoDataFrame({"codigo": seats["codigo"], "nome": seats["nome"]}, geometry=shapes,
                            crs=METRIC_CRS).to_crs("EPSG:4326")


def seed_lisbon_boundaries(context) -> None:
    """Draw, import and approve the illustrative neighbourhoods for the demo municipality, once."""
    municipality = context.municipality
    if db.session.scalar(db.select(BoundaryVersion.id).where(BoundaryVersion.municipality_id == municipality.id).limit(1)):
        # Already loaded; demo groups made since (they skip the formation hook) still get a version.
        active = active_version(municipality.id)
        if active is not None:
            link_unlinked_groups(municipality.id, active.id)
        return
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "bairros-ilustrativos.geojson")
        illustrative_neighbourhoods().to_file(path, driver="GeoJSON")
        result = read_boundaries(path)
    if not result.ok:
        raise RuntimeError("the demo's illustrative neighbourhoods do not pass validation: "
                           + "; ".join(i.message for i in result.errors))
    reviewer = context.users.get("reviewer")
    version = create_draft(result, municipality, reviewer, attribution=DEMO_ATTRIBUTION, note=DEMO_NOTE,
                           illustrative=True)
    approve(version, reviewer, "Bairros ilustrativos da demonstração.")
