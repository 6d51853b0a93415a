"""Maps benchmarks: import of ~3,000 polygons (and its preview viewed again), hexagon aggregation of
1,000,000 points, results map page size (24 areas + 5,000 hexagon cells).

    python bench/maps_bench.py [--quick]

Each figure is a ratio to a baseline measured in the same run on the same machine, never an
absolute promise. Files go to a temporary folder, deleted at the end.
"""
from __future__ import annotations

import gzip
import os
import sys
import tempfile
import time
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import best_of, row, seconds, standalone  # noqa: E402

# Geometry and page size: the database plays no part.
POSTGRES = False


def polygons_file(folder: str, n: int = 3000, grow_m: float = 0.0) -> str:
    """~n Voronoi cells over greater Lisbon in PT-TM06: a coverage like real neighbourhood data.

    `grow_m` widens each cell by that many metres: overlaps along every border, for the gap repair to resolve.
    """
    import geopandas as gpd
    import numpy as np
    import shapely

    rng = np.random.default_rng(42)
    x0, y0, width, height = -100_000, -110_000, 30_000, 25_000
    seeds = shapely.multipoints(np.column_stack([x0 + rng.random(n) * width, y0 + rng.random(n) * height]))
    frame = shapely.box(x0, y0, x0 + width, y0 + height)
    cells = [c.intersection(frame) for c in shapely.get_parts(shapely.voronoi_polygons(seeds, extend_to=frame))]
    cells = [shapely.segmentize(c, 40) for c in cells if not c.is_empty]  # border detail like surveyed data
    if grow_m:
        cells = [c.buffer(grow_m, join_style="mitre") for c in cells]
    gdf = gpd.GeoDataFrame({"nome": [f"Área {i}" for i in range(len(cells))], "codigo": [f"A{i:05d}" for i in range(len(cells))]},
                           geometry=cells, crs="EPSG:3763")
    path = os.path.join(folder, f"areas-{n}-{grow_m:g}.gpkg")
    gdf.to_file(path, layer="areas", driver="GPKG", engine="pyogrio")
    return path


def bare_import(path: str):
    """What the same libraries do to get a clean coverage onto a web map: read, reproject, make_valid,
    coverage check, coverage union (the outline)."""
    import geopandas as gpd
    import shapely

    gdf = gpd.read_file(path, engine="pyogrio")
    geometries = shapely.make_valid(gdf.geometry.values)
    valid = shapely.coverage_is_valid(geometries)
    outline = shapely.union_all(geometries)  # coverage_union_all refuses borders noded differently on each side
    return gdf.set_geometry(geometries).to_crs(4326), valid, outline


def bench_import(folder: str, n: int, runs: int) -> tuple[dict, float, str]:
    from maps.importing import read_boundaries

    path = polygons_file(folder, n)
    result = read_boundaries(path)
    assert result.ok, [i.message for i in result.errors]
    ours = best_of(lambda: read_boundaries(path), runs)
    base = best_of(lambda: bare_import(path), runs)
    return (row(f"boundary import, {len(result.areas):,} polygons, vs read+reproject+make_valid+coverage check+union",
                None, ours, base, goal_max=2, note=f"best of {runs}; ours also checks names, codes, sizes and writes issues"),
            base, path)


def bench_preview(folder: str, path: str, baseline: float, n: int) -> list[dict]:
    """The import preview page: a repeat view (should reuse the first one's work) against the bare pipeline."""
    from partnership import create_app
    from partnership.auth.roles import Role
    from partnership.auth.models import User
    from partnership.extensions import db
    from partnership.neighbourhoods.models import Municipality

    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite:///" + os.path.join(folder, "preview.sqlite"), "SECRET_KEY": "bench",
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "UPLOAD_FOLDER": os.path.join(folder, "uploads"),
                      "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    rows = []
    with app.app_context():
        db.create_all()
        lisboa = Municipality(name="Lisboa", code="1106")
        db.session.add(lisboa)
        db.session.flush()
        user = User(email="bench@example.org", name="Bench", role=str(Role.REVIEWER), municipality_id=lisboa.id)
        user.set_password("bench password")
        db.session.add(user)
        db.session.commit()
        client = app.test_client()
        assert client.post("/auth/login", data={"email": user.email, "password": "bench password"}).status_code == 302
        # The second file overlaps its neighbours by 10 cm along every border; the reviewer asks for the repair.
        for label, file, options in (("", path, {}),
                                     (" with the gap repair", polygons_file(folder, n, grow_m=0.05), {"repair_gap_m": "1"})):
            with open(file, "rb") as handle:
                response = client.post(f"/maps/municipalities/{lisboa.id}/import", data={"file": (handle, "areas.gpkg")},
                                       content_type="multipart/form-data")
            url = response.headers["Location"]
            if options:
                client.post(url, data={"action": "repair", **options})
            start = time.perf_counter()
            first_page = client.get(url)
            first = time.perf_counter() - start
            assert first_page.status_code == 200 and b'value="save"' in first_page.data
            repeat = best_of(lambda: client.get(url))
            assert client.get(url).data.count(b"severity-") == first_page.data.count(b"severity-")
            rows.append(row(f"import preview of {n:,} polygons{label}, repeat view, vs the bare import pipeline", None,
                            repeat, baseline, goal_max=2, note=f"first view {seconds(first)}; repeat: best of 3"))
        db.engine.dispose()
    return rows


def bench_aggregation(n: int) -> dict:
    import h3
    import numpy as np

    from maps.aggregation import aggregate_points

    rng = np.random.default_rng(1)
    points = np.column_stack([38.69 + rng.random(n) * 0.11, -9.23 + rng.random(n) * 0.14])
    lat, lng = points[:, 0].tolist(), points[:, 1].tolist()

    def direct():
        counts = Counter(h3.latlng_to_cell(a, b, 9) for a, b in zip(lat, lng))
        return {c: (k, h3.cell_to_boundary(c)) for c, k in counts.items() if k >= 5}

    ours = best_of(lambda: aggregate_points(points, k=5, resolution=9))
    base = best_of(direct)
    return row(f"hexagon aggregation of {n:,} points (h3 res 9, k=5), vs a direct h3 loop", None, ours, base,
               goal_max=1, note="best of 3")


def bench_page_size(folder: str, cells_wanted: int) -> dict:
    import h3

    from partnership import create_app
    from partnership.extensions import db
    from partnership.neighbourhoods.models import Municipality

    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite:///" + os.path.join(folder, "bench.sqlite"), "SECRET_KEY": "bench"})
    with app.app_context(), app.test_request_context():
        from types import SimpleNamespace

        from maps.demo import seed_lisbon_boundaries
        from maps.rendering import cell_map

        db.create_all()
        lisboa = Municipality(name="Lisboa", code="1106")
        db.session.add(lisboa)
        db.session.commit()
        seed_lisbon_boundaries(SimpleNamespace(municipality=lisboa, users={}))
        ids = [n.id for n in lisboa.neighbourhoods]
        centre = h3.latlng_to_cell(38.74, -9.16, 9)
        cells = sorted(h3.grid_disk(centre, 41))[:cells_wanted]
        points = [h3.cell_to_latlng(c) for c in cells for _ in range(5)]
        start = time.perf_counter()
        fragment = cell_map(points, k=5, neighbourhood_ids=ids)
        took = time.perf_counter() - start
        raw = (fragment.html + fragment.script).encode()
        db.engine.dispose()
    mb = 1e6
    return row(f"results map, {len(ids)} areas + {len(cells):,} hexagon cells: page size vs 1 MB", None, len(raw), mb,
               goal="<= 1 MB raw, gzip on", goal_max=1, unit=lambda b: f"{b / mb:.2f} MB",
               note=f"{len(gzip.compress(raw)) / mb:.2f} MB gzipped; rendered in {seconds(took)}")


def measure(*, quick: bool, database_url: str | None) -> list[dict]:
    polygons, points, cells = (150, 20_000, 300) if quick else (3000, 1_000_000, 5000)
    runs = 1 if quick else 2
    with tempfile.TemporaryDirectory(prefix="sn-bench-maps-") as folder:
        import_row, baseline, path = bench_import(folder, polygons, runs)
        rows = [import_row]
        rows += bench_preview(folder, path, baseline, polygons)
        rows.append(bench_aggregation(points))
        rows.append(bench_page_size(folder, cells))
    return rows


if __name__ == "__main__":
    standalone(measure, __doc__)
