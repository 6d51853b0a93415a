"""The processed preview of a staged upload, kept next to it so a repeat view does not read the file again.

Reading, validating and (when asked) repairing 3,000 polygons takes seconds; the preview page
is looked at many times while the reviewer reads the report. The result is written once per set
of answers into the staging folder (shared by all app processes and hosts, so nothing is kept in
memory) and goes with that folder: when the upload is saved, discarded or purged after a day.

The file is an `.npz` archive read with `allow_pickle=False`: geometries as WKB (exact to the
bit), everything else as JSON. It holds the key it was made for; a file for other answers, from
another version of this code or of GEOS, or one that cannot be read whole is ignored and the
preview computed again. A result that would not come back identical is not written at all.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile

from flask import current_app

from maps import cleaning, importing
from maps import crs as crs_tools
from maps.importing import ImportOptions, ImportResult
from maps.report import Issue
from maps.validation import CoverageProblems
from partnership.lazy import lazy_module

gpd = lazy_module("geopandas")
pyproj = lazy_module("pyproj")
np = lazy_module("numpy")
shapely = lazy_module("shapely")

# Bump when ImportResult, the validation or this layout change in a way the key cannot see.
FORMAT = 2
CACHE_NAME = "preview-cache.npz"
MAP_CACHE_NAME = "preview-map.json"
_PREFIX = ".preview-"


def cache_key(upload, options: ImportOptions) -> str:
    """Everything that changes what the preview shows: the file, each answer, the code and libraries reading it."""
    basis = {
        "format": FORMAT, "filename": upload.meta["filename"], "stored_name": upload.meta["stored_name"],
        "options": options.to_dict(), "geos": shapely.geos_version_string, "shapely": shapely.__version__,
        "geopandas": gpd.__version__, "pyproj": pyproj.__version__, "proj": pyproj.proj_version_str,
    }
    return hashlib.sha256(json.dumps(basis, sort_keys=True, default=str).encode()).hexdigest()


def preview_result(upload, options: ImportOptions) -> tuple[ImportResult, str]:
    """The import result for a staged upload and its answers (from the cache when valid), and its key."""
    key = cache_key(upload, options)
    path = os.path.join(upload.folder, CACHE_NAME)
    cached = _load(path, key)
    if cached is not None:
        return cached, key
    result = importing.read_boundaries(upload.path, upload.meta["filename"], options)
    try:
        payload = _dump(result, key)
    except Exception:  # noqa: BLE001 - a result that cannot be stored is shown all the same
        current_app.logger.warning("maps: preview of %s not cached", upload.token, exc_info=True)
    else:
        if payload is not None:
            _write_atomically(upload.folder, CACHE_NAME, payload)
    return result, key


def cached_map(upload, key: str, variant: str, render):
    """The map fragment for a cached result (`variant`: language and tile settings), rendered when missing."""
    from maps.folium_offline import MapFragment

    path = os.path.join(upload.folder, MAP_CACHE_NAME)
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        if data["key"] == key and data["variant"] == variant and isinstance(data["html"], str) \
                and isinstance(data["script"], str):
            return MapFragment(html=data["html"], script=data["script"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    fragment = render()
    payload = json.dumps({"key": key, "variant": variant, "html": fragment.html, "script": fragment.script})
    _write_atomically(upload.folder, MAP_CACHE_NAME, payload.encode("utf-8"))
    return fragment


def _write_atomically(folder: str, name: str, payload: bytes) -> None:
    """Write to a temporary file in the folder, then rename: readers see the old file or the new one, whole.

    The folder's modification time is what the 24 h purge measures; a cache file must not make
    an abandoned upload live longer, so that time is put back.
    """
    try:
        before = os.stat(folder)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=_PREFIX, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(payload)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, os.path.join(folder, name))
        except BaseException:
            try:
                os.unlink(temporary)
            except OSError:
                pass
            raise
        os.utime(folder, ns=(before.st_atime_ns, before.st_mtime_ns))
    except OSError:
        # Discarded meanwhile (saved in another tab), or a full disk: the page is right without a cache.
        current_app.logger.warning("maps: could not write %s in %s", name, folder, exc_info=True)


def _pack(geoms) -> tuple[np.ndarray, np.ndarray]:
    """Geometries as one byte array of WKB and their lengths (-1: missing)."""
    blobs = shapely.to_wkb(np.asarray(list(geoms), dtype=object)).tolist() if len(geoms) else []
    lengths = np.array([-1 if b is None else len(b) for b in blobs], dtype=np.int64)
    data = np.frombuffer(b"".join(b for b in blobs if b is not None), dtype=np.uint8)
    return data, lengths


def _unpack(data: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    raw = data.tobytes()
    if int(lengths[lengths > 0].sum()) != len(raw):
        raise ValueError("geometry bytes do not add up")
    out, start = np.empty(len(lengths), dtype=object), 0
    for i, length in enumerate(lengths.tolist()):
        if length < 0:
            out[i] = None
        else:
            out[i] = raw[start:start + length]
            start += length
    return shapely.from_wkb(out) if len(out) else out  # one call for all: None stays None


def _meta(result: ImportResult, key: str) -> dict:
    meta = {
        "key": key, "filename": result.filename, "file_format": result.file_format, "layers": list(result.layers),
        "layer": result.layer, "fields": list(result.fields), "text_fields": list(result.text_fields),
        "name_field": result.name_field, "code_field": result.code_field, "source_crs": result.source_crs,
        # numpy booleans (only their truth is used) as plain ones
        "crs_suggestions": [{**s, "likely": bool(s["likely"])} for s in result.crs_suggestions], "needs": sorted(result.needs),
        "issues": [i.to_dict() for i in result.issues], "metric_crs": result.metric_crs,
        "coverage_problems": bool(result.coverage_problems), "areas": None, "repair": None,
        "coverage": None,
    }
    if result.coverage is not None:
        meta["coverage"] = {"tolerance_m2": result.coverage_tolerance_m2,
                            "overlaps": [list(o) for o in result.coverage.overlaps],
                            "gaps_around": [list(around) for _hole, around in result.coverage.gaps]}
    if result.areas is not None:
        meta["areas"] = {"codes": list(result.areas["code"]), "names": list(result.areas["name"]),
                         "metric_crs": result.metric.crs.to_wkt() if result.metric.crs is not None else None}
    if result.repair is not None:
        repair = result.repair
        meta["repair"] = {
            "width_m": repair.width_m, "applied": repair.applied,
            "changes": [vars(c).copy() for c in repair.changes],
            "refused": [next(i for i, c in enumerate(repair.changes) if c is r) for r in repair.refused],
            "gaps_closed": repair.gaps_closed, "overlaps_closed": repair.overlaps_closed,
            "remaining_overlaps": [list(o) for o in repair.remaining.overlaps],
            "remaining_gaps_around": [list(around) for _hole, around in repair.remaining.gaps],
        }
    return meta


def _dump(result: ImportResult, key: str) -> bytes | None:
    meta = _meta(result, key)
    text = json.dumps(meta, ensure_ascii=False, allow_nan=False)
    if json.loads(text) != meta:  # a tuple, a numpy number...: it would not come back the same
        return None
    arrays = {"meta": np.frombuffer(text.encode("utf-8"), dtype=np.uint8)}
    if result.areas is not None:
        arrays["area_m2"] = result.areas["area_m2"].to_numpy(dtype=np.float64)
        arrays["wgs84"], arrays["wgs84_lengths"] = _pack(result.areas.geometry.values)
        arrays["metric"], arrays["metric_lengths"] = _pack(result.metric.values)
    if result.coverage is not None:
        arrays["coverage_gaps"], arrays["coverage_gaps_lengths"] = _pack([hole for hole, _around in result.coverage.gaps])
    if result.repair is not None:
        arrays["gaps"], arrays["gaps_lengths"] = _pack([hole for hole, _around in result.repair.remaining.gaps])
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def _load(path: str, key: str) -> ImportResult | None:
    """The cached result when the file is there, whole, and made for `key`; else None."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError:
        return None
    try:
        return _restore(raw, key)
    except Exception:  # noqa: BLE001 - whatever is wrong with the file, the answer is to compute again
        current_app.logger.warning("maps: unreadable preview cache %s, computing again", path, exc_info=True)
        return None


def _restore(raw: bytes, key: str) -> ImportResult | None:
    with np.load(io.BytesIO(raw), allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in archive.files}  # reads each member whole: CRC checked
    meta = json.loads(arrays["meta"].tobytes().decode("utf-8"))
    if meta["key"] != key:
        return None
    result = ImportResult(
        filename=meta["filename"], file_format=meta["file_format"], layers=meta["layers"], layer=meta["layer"],
        fields=meta["fields"], text_fields=meta["text_fields"], name_field=meta["name_field"],
        code_field=meta["code_field"], source_crs=meta["source_crs"], crs_suggestions=meta["crs_suggestions"],
        needs=set(meta["needs"]), issues=[Issue.from_dict(i) for i in meta["issues"]],
        metric_crs=meta["metric_crs"], coverage_problems=meta["coverage_problems"],
    )
    if meta["areas"] is not None:
        codes, names = meta["areas"]["codes"], meta["areas"]["names"]
        area_m2 = arrays["area_m2"]
        wgs84 = _unpack(arrays["wgs84"], arrays["wgs84_lengths"])
        metric = _unpack(arrays["metric"], arrays["metric_lengths"])
        if not (len(codes) == len(names) == len(area_m2) == len(wgs84) == len(metric)):
            raise ValueError("columns of different lengths")
        metric_crs = meta["areas"]["metric_crs"]
        result.metric = gpd.GeoSeries(metric, crs=pyproj.CRS.from_wkt(metric_crs) if metric_crs else None)
        result.areas = gpd.GeoDataFrame({"code": codes, "name": names, "area_m2": area_m2},
                                        geometry=wgs84, crs=crs_tools.WGS84)
    if meta["coverage"] is not None:
        saved = meta["coverage"]
        holes = _unpack(arrays["coverage_gaps"], arrays["coverage_gaps_lengths"])
        if len(holes) != len(saved["gaps_around"]):
            raise ValueError("gaps and their areas differ in number")
        result.coverage = CoverageProblems(overlaps=[tuple(o) for o in saved["overlaps"]],
                                           gaps=[(hole, around) for hole, around in zip(holes, saved["gaps_around"])])
        result.coverage_tolerance_m2 = saved["tolerance_m2"]
    if meta["repair"] is not None:
        saved = meta["repair"]
        changes = [cleaning.AreaChange(**c) for c in saved["changes"]]
        holes = _unpack(arrays["gaps"], arrays["gaps_lengths"])
        if len(holes) != len(saved["remaining_gaps_around"]):
            raise ValueError("gaps and their areas differ in number")
        remaining = CoverageProblems(overlaps=[tuple(o) for o in saved["remaining_overlaps"]],
                                     gaps=[(hole, around) for hole, around in zip(holes, saved["remaining_gaps_around"])])
        result.repair = cleaning.CoverageRepair(
            width_m=saved["width_m"], metric=result.metric if saved["applied"] else None, changes=changes,
            gaps_closed=saved["gaps_closed"], overlaps_closed=saved["overlaps_closed"], remaining=remaining,
            refused=[changes[i] for i in saved["refused"]],
        )
        if saved["applied"] and result.metric is None:
            raise ValueError("a repair without its shapes")
    return result
