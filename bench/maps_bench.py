"""Maps benchmarks: import of ~3,000 polygons, its preview page viewed again, hexagon aggregation of 1,000,000
points, map page size.

Plain script: `python bench/maps_bench.py`. Each figure is printed with a baseline measured
in the same run on the same machine, as a ratio, never as an absolute promise.
"""
from __future__ import annotations

import gzip
import os
import sys
import tempfile
import time
from collections import Counter

import geopandas as gpd
import h3
import numpy as np
import shapely

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from maps.aggregation import aggregate_points  # noqa: E402
from maps.importing import read_boundaries  # noqa: E402


def timed(fn, repeat: int = 3) -> float:
    """Best of `repeat` wall-clock runs, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def polygons_file(folder: str, n: int = 3000, grow_m: float = 0.0) -> str:
    """~n Voronoi cells over greater Lisbon in PT-TM06: a coverage like real neighbourhood data.

    `grow_m` widens each cell by that many metres: overlaps along every border, for the gap repair to resolve.
    """
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
    path = os.path.join(folder, f"areas-{grow_m:g}.gpkg")
    gdf.to_file(path, layer="areas", driver="GPKG", engine="pyogrio")
    return path


def bench_import(folder: str) -> None:
    path = polygons_file(folder)
    result = read_boundaries(path)
    assert result.ok, [i.message for i in result.errors]
    ours = timed(lambda: read_boundaries(path), repeat=2)
    # Baseline: what geopandas alone does to get the same polygons onto a web map (read + reproject).
    base = timed(lambda: gpd.read_file(path, engine="pyogrio").to_crs(4326), repeat=2)
    print(f"import of {len(result.areas):,} polygons (read, validate, repair, coverage checks, reproject): "
          f"{ours:.2f} s; bare geopandas read + reproject {base:.2f} s; ratio {ours / base:.1f}x")


def bench_preview(folder: str) -> None:
    """The import preview page of ~3,000 polygons: first view (read, check, map) against a repeat view (cached)."""
    from partnership import create_app
    from partnership.auth.roles import Role
    from partnership.auth.models import User
    from partnership.extensions import db
    from partnership.neighbourhoods.models import Municipality

    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite:///" + os.path.join(folder, "preview.sqlite"), "SECRET_KEY": "bench",
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "UPLOAD_FOLDER": os.path.join(folder, "uploads"),
                      "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
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
        for label, path, options in (("", polygons_file(folder), {}),
                                     (" with the gap repair", polygons_file(folder, grow_m=0.05), {"repair_gap_m": "1"})):
            with open(path, "rb") as handle:
                response = client.post(f"/maps/municipalities/{lisboa.id}/import", data={"file": (handle, "areas.gpkg")},
                                       content_type="multipart/form-data")
            url = response.headers["Location"]
            if options:
                client.post(url, data={"action": "repair", **options})
            start = time.perf_counter()
            first_page = client.get(url)
            first = time.perf_counter() - start
            assert first_page.status_code == 200 and b'value="save"' in first_page.data
            repeat = timed(lambda: client.get(url))
            assert client.get(url).data.count(b"severity-") == first_page.data.count(b"severity-")
            print(f"import preview of ~3,000 polygons{label}: first view {first:.2f} s, repeat view {repeat:.3f} s; "
                  f"ratio {first / repeat:.0f}x")


def bench_aggregation() -> None:
    rng = np.random.default_rng(1)
    n = 1_000_000
    points = np.column_stack([38.69 + rng.random(n) * 0.11, -9.23 + rng.random(n) * 0.14])
    lat, lng = points[:, 0].tolist(), points[:, 1].tolist()

    def direct():
        counts = Counter(h3.latlng_to_cell(a, b, 9) for a, b in zip(lat, lng))
        return {c: (k, h3.cell_to_boundary(c)) for c, k in counts.items() if k >= 5}

    ours = timed(lambda: aggregate_points(points, k=5, resolution=9))
    base = timed(direct)
    print(f"hexagon aggregation of {n:,} points (h3 res 9, k=5): {ours:.2f} s; "
          f"direct h3 loop {base:.2f} s; ratio {ours / base:.2f}x")


def bench_page_size(folder: str) -> None:
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
        cells = sorted(h3.grid_disk(centre, 41))[:5000]
        points = [h3.cell_to_latlng(c) for c in cells for _ in range(5)]
        start = time.perf_counter()
        fragment = cell_map(points, k=5, neighbourhood_ids=ids)
        took = time.perf_counter() - start
        raw = (fragment.html + fragment.script).encode()
        print(f"map page for {len(ids)} areas + {len(cells):,} cells: {len(raw) / 1e6:.2f} MB, "
              f"{len(gzip.compress(raw)) / 1e6:.2f} MB gzipped, rendered in {took:.2f} s")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        bench_import(tmp)
        bench_preview(tmp)
        bench_aggregation()
        bench_page_size(tmp)
