"""Boundary files built inside the tests with geopandas: small, readable, one per case."""
from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

import geopandas as gpd
from shapely.geometry import Polygon, box

# Lisbon in ETRS89 / PT-TM06 (EPSG:3763), metres.
ORIGIN_X, ORIGIN_Y = -88_000.0, -104_000.0
SIZE = 500.0


def grid(rows: int = 2, cols: int = 2, *, crs: str | None = "EPSG:3763", names=None, codes=None) -> gpd.GeoDataFrame:
    """A rows x cols grid of 500 m squares in PT-TM06 (or reprojected to `crs`)."""
    shapes, labels, ids = [], [], []
    for r in range(rows):
        for c in range(cols):
            x, y = ORIGIN_X + c * SIZE, ORIGIN_Y + r * SIZE
            shapes.append(box(x, y, x + SIZE, y + SIZE))
            n = r * cols + c + 1
            labels.append(f"Bairro {n}")
            ids.append(f"B{n:02d}")
    gdf = gpd.GeoDataFrame({"nome": names or labels, "codigo": codes or ids}, geometry=shapes, crs="EPSG:3763")
    if crs is None:
        return gdf.set_crs(None, allow_override=True)  # a file whose author left the CRS out
    return gdf.to_crs(crs)


def bowtie(x: float = ORIGIN_X, y: float = ORIGIN_Y, size: float = SIZE) -> Polygon:
    """A self-intersecting ring: invalid, repairable into two triangles."""
    return Polygon([(x, y), (x + size, y + size), (x + size, y), (x, y + size), (x, y)])


def write_geojson(gdf: gpd.GeoDataFrame, path: Path) -> Path:
    gdf.to_file(path, driver="GeoJSON", engine="pyogrio")
    return path


def write_gpkg(layers: dict[str, gpd.GeoDataFrame], path: Path) -> Path:
    for name, gdf in layers.items():
        gdf.to_file(path, layer=name, driver="GPKG", engine="pyogrio")
    return path


def write_zipped_shapefile(gdf: gpd.GeoDataFrame, path: Path, *, folder: str = "", encoding: str | None = None,
                           stem: str = "bairros", drop: tuple[str, ...] = ()) -> Path:
    """A zipped Shapefile, optionally inside a folder of the zip and with a given .dbf encoding (.cpg)."""
    work = path.parent / f"{stem}-shp"
    work.mkdir(exist_ok=True)
    kwargs = {"encoding": encoding} if encoding else {}
    with warnings.catch_warnings():
        # Files without a CRS are the point of some tests; pyogrio warns about writing them.
        warnings.filterwarnings("ignore", message="'crs' was not provided")
        gdf.to_file(work / f"{stem}.shp", driver="ESRI Shapefile", engine="pyogrio", **kwargs)
    with zipfile.ZipFile(path, "w") as archive:
        for part in sorted(work.iterdir()):
            if part.suffix.lower() in drop:
                continue
            archive.write(part, arcname=f"{folder}{part.name}")
    return path


def sample_version(world):
    """An approved 2 x 2 boundary version of `world.group`'s municipality, made once (for the access matrix)."""
    if "maps_version" not in world.extra:
        import tempfile

        from maps.importing import read_boundaries
        from maps.versions import approve, create_draft

        with tempfile.TemporaryDirectory() as folder:
            result = read_boundaries(str(write_gpkg({"b": grid()}, Path(folder) / "sample.gpkg")))
        version = create_draft(result, world.group.municipality, None)
        world.extra["maps_version"] = approve(version, None)
    return world.extra["maps_version"]


def slivered_pair(*, gap_width: float = 2.0, gap_length: float = 100.0, overlap: float = 1.0,
                  crs: str = "EPSG:3763") -> gpd.GeoDataFrame:
    """Two 500 m squares side by side, as digitised by hand: East's western edge leaves a gap
    `gap_width` m wide (enclosed between the two) and bulges `overlap` m into West further north."""
    x, y, s = ORIGIN_X + SIZE, ORIGIN_Y, SIZE
    west = box(ORIGIN_X, y, x, y + s)
    east = Polygon([(x, y), (x + s, y), (x + s, y + s), (x, y + s),
                    (x, y + 400), (x - overlap, y + 400), (x - overlap, y + 300), (x, y + 300),
                    (x, y + 100 + gap_length), (x + gap_width, y + 100 + gap_length), (x + gap_width, y + 100), (x, y + 100)])
    return gpd.GeoDataFrame({"nome": ["Oeste", "Leste"], "codigo": ["W", "E"]}, geometry=[west, east],
                            crs="EPSG:3763").to_crs(crs)


def row(codes: list[str], *, names: list[str] | None = None, widen_first_m: float = 0.0) -> gpd.GeoDataFrame:
    """A row of 500 m squares in PT-TM06, one per code; the first one widened westwards by `widen_first_m` (a reshape)."""
    shapes = [box(ORIGIN_X + i * SIZE - (widen_first_m if i == 0 else 0.0), ORIGIN_Y, ORIGIN_X + (i + 1) * SIZE, ORIGIN_Y + SIZE)
              for i in range(len(codes))]
    labels = names or [f"Bairro {code}" for code in codes]
    return gpd.GeoDataFrame({"nome": labels, "codigo": codes}, geometry=shapes, crs="EPSG:3763")


def approved(municipality, gdf: gpd.GeoDataFrame):
    """Import `gdf` as the municipality's next version and approve it (as the operator's CLI would)."""
    import tempfile

    from maps.importing import read_boundaries
    from maps.versions import approve, create_draft

    with tempfile.TemporaryDirectory() as folder:
        result = read_boundaries(str(write_gpkg({"b": gdf}, Path(folder) / "version.gpkg")))
    assert result.ok, [i.message for i in result.issues if i.severity == "error"]
    return approve(create_draft(result, municipality, None), None)


def vertices(area) -> set[tuple[float, float]]:
    """The corners of an area's display geometry, as (lng, lat) pairs."""
    import json

    geometry = json.loads(area.display_geometry)
    rings = geometry["coordinates"] if geometry["type"] == "Polygon" else [r for p in geometry["coordinates"] for r in p]
    return {(float(x), float(y)) for ring in rings for x, y in ring}


def drawn_vertices(fragment) -> set[tuple[float, float]]:
    """Every (lng, lat) pair of the GeoJSON data a rendered map carries."""
    import re

    pairs = re.findall(r"\[\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*,\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*\]", fragment.script)
    return {(float(x), float(y)) for x, y in pairs}
