"""Read a boundary file (GeoJSON, GeoPackage, zipped Shapefile), validate, repair and report.

Nothing here touches the database: `read_boundaries` returns what would be saved and
the report explaining it, so a preview can be shown and a bad file changes nothing.
"""
from __future__ import annotations

import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field


from maps import cleaning
from maps import crs as crs_tools
from maps import validation
from maps.report import ERROR, INFO, WARNING, Issue, sorted_issues
from partnership.lazy import lazy_module

gpd = lazy_module("geopandas")
pd = lazy_module("pandas")
pyogrio = lazy_module("pyogrio")
shapely = lazy_module("shapely")

GEOJSON, GEOPACKAGE, SHAPEFILE_ZIP, SHAPEFILE = "geojson", "gpkg", "shapefile-zip", "shapefile"
FORMAT_LABELS = {GEOJSON: "GeoJSON", GEOPACKAGE: "GeoPackage", SHAPEFILE_ZIP: "Shapefile (zip)", SHAPEFILE: "Shapefile"}

NAME_CANDIDATES = ("name", "nome", "nombre", "neighbourhood", "neighborhood", "bairro", "barrio", "freguesia",
                   "parish", "label", "designacao", "designação", "nom")
CODE_CANDIDATES = ("code", "codigo", "código", "dicofre", "dtmnfr", "freguesia_id", "ine_code", "cod", "ref", "id")
DEFAULT_TOLERANCE_M2 = 1.0
# What a zip may unpack to: GDAL reads a Shapefile's parts whole, so a small zip that inflates to
# gigabytes (a zip bomb) would hold a worker's memory and time. Real boundary sets are far smaller.
MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024


@dataclass
class ImportOptions:
    """The user's answers to the questions an import can ask."""

    layer: str | None = None
    name_field: str | None = None
    code_field: str | None = None
    crs: str | None = None
    tolerance_m2: float = DEFAULT_TOLERANCE_M2
    # Opt-in: close gaps and resolve overlaps narrower than this many metres (None: leave them reported).
    repair_gap_m: float | None = None

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class ImportResult:
    """What a file would become once saved, and the report explaining how it got there."""

    filename: str
    file_format: str | None = None
    layers: list[str] = field(default_factory=list)
    layer: str | None = None
    fields: list[str] = field(default_factory=list)
    text_fields: list[str] = field(default_factory=list)
    name_field: str | None = None
    code_field: str | None = None
    source_crs: str | None = None
    crs_suggestions: list[dict] = field(default_factory=list)
    needs: set[str] = field(default_factory=set)  # questions to ask: "layer", "crs", "name_field"
    issues: list[Issue] = field(default_factory=list)
    areas: gpd.GeoDataFrame | None = None  # code, name, area_m2, geometry in EPSG:4326
    metric: gpd.GeoSeries | None = None  # the same geometries in a metric CRS
    metric_crs: str | None = None  # label of that CRS, in which repair widths are measured
    coverage_problems: bool = False  # overlaps or gaps above the tolerance, as read from the file
    repair: cleaning.CoverageRepair | None = None  # the gap and overlap repair, when asked for and needed
    # Overlaps and gaps of the final shapes (`metric`) above `coverage_tolerance_m2`, found once by the import.
    coverage: validation.CoverageProblems | None = None
    coverage_tolerance_m2: float | None = None

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == ERROR]

    @property
    def ok(self) -> bool:
        """Whether the result may be saved as a draft."""
        return self.areas is not None and not self.needs and not self.errors

    def report(self) -> list[dict]:
        return [i.to_dict() for i in sorted_issues(self.issues)]

    def coverage_above(self, tolerance_m2: float) -> validation.CoverageProblems:
        """Overlaps and gaps of the final shapes above `tolerance_m2`.

        Taken from what the import found when it looked as closely (a larger tolerance only
        leaves findings out), else looked for again.
        """
        if self.coverage is not None and self.coverage_tolerance_m2 is not None \
                and tolerance_m2 >= self.coverage_tolerance_m2:
            return validation.CoverageProblems(
                overlaps=[o for o in self.coverage.overlaps if o[2] > tolerance_m2],
                gaps=[(hole, around) for hole, around in self.coverage.gaps if hole.area > tolerance_m2])
        return validation.find_coverage_problems(self.metric, tolerance_m2)


class _Stop(Exception):
    """Ends reading early: the result already says why."""


class _TooLarge(Exception):
    """A zip that would unpack to more than MAX_UNZIPPED_BYTES."""


def sniff_format(path: str, filename: str) -> str | None:
    """The file's format from its first bytes, falling back on its name."""
    with open(path, "rb") as handle:
        head = handle.read(64)
    if head.startswith(b"PK"):
        return SHAPEFILE_ZIP
    if head.startswith(b"SQLite format 3"):
        return GEOPACKAGE
    lower = filename.lower()
    if lower.endswith(".shp"):
        return SHAPEFILE
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") or lower.endswith((".geojson", ".json")):
        return GEOJSON
    return None


def _zip_layers(path: str) -> list[str]:
    """Paths of the Shapefiles inside a zip, at any depth, skipping macOS resource forks."""
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNZIPPED_BYTES:
            raise _TooLarge(unpacked)
        names = [n for n in archive.namelist() if not n.startswith("__MACOSX/") and not os.path.basename(n).startswith("._")]
    shps = sorted(n for n in names if n.lower().endswith(".shp"))
    lowered = {n.lower() for n in names}
    for shp in shps:
        stem = shp[:-4]
        for ext in (".shx", ".dbf"):
            if (stem + ext).lower() not in lowered:
                raise ValueError(f"{shp}|{ext}")
    return shps


def _list_layers(result: ImportResult, path: str) -> None:
    if result.file_format == SHAPEFILE_ZIP:
        try:
            result.layers = _zip_layers(path)
        except zipfile.BadZipFile as exc:
            result.issues.append(Issue("read_failed", ERROR, {"detail": str(exc)}))
            raise _Stop from exc
        except _TooLarge as exc:
            result.issues.append(Issue("zip_too_large", ERROR, {"megabytes": f"{exc.args[0] / 1024 / 1024:,.0f}",
                                                                "limit": f"{MAX_UNZIPPED_BYTES / 1024 / 1024:,.0f}"}))
            raise _Stop from exc
        except ValueError as exc:
            layer, missing = str(exc).split("|")
            result.issues.append(Issue("shapefile_incomplete", ERROR, {"layer": layer, "missing": missing}))
            raise _Stop from exc
        if not result.layers:
            result.issues.append(Issue("no_shapefile", ERROR))
            raise _Stop
    elif result.file_format == GEOPACKAGE:
        try:
            listed = pyogrio.list_layers(path)
        except Exception as exc:  # pyogrio raises DataSourceError and friends
            result.issues.append(Issue("read_failed", ERROR, {"detail": str(exc)}))
            raise _Stop from exc
        # Attribute tables and point layers cannot be boundaries; offer only what can.
        result.layers = [str(name) for name, kind in listed
                         if kind is not None and not any(t in str(kind).upper() for t in ("POINT", "LINE"))]
        if not result.layers:
            result.issues.append(Issue("no_layers", ERROR))
            raise _Stop


def _source_path(result: ImportResult, path: str) -> str:
    if result.file_format == SHAPEFILE_ZIP:
        return f"/vsizip/{path}/{result.layer}"
    return path


def _read(result: ImportResult, path: str, options: ImportOptions) -> gpd.GeoDataFrame:
    _list_layers(result, path)
    if result.layers:
        if options.layer:
            if options.layer not in result.layers:
                result.issues.append(Issue("layer_unknown", ERROR, {"layer": options.layer}))
                result.needs.add("layer")
                raise _Stop
            result.layer = options.layer
        elif len(result.layers) == 1:
            result.layer = result.layers[0]
        else:
            result.issues.append(Issue("choose_layer", ERROR))
            result.needs.add("layer")
            raise _Stop
    kwargs = {"layer": result.layer} if result.file_format == GEOPACKAGE else {}
    try:
        gdf = gpd.read_file(_source_path(result, path), engine="pyogrio", **kwargs)
    except Exception as exc:  # GDAL's messages are the most precise explanation available
        result.issues.append(Issue("read_failed", ERROR, {"detail": str(exc).replace(path, result.filename)}))
        raise _Stop from exc
    if gdf.empty:
        result.issues.append(Issue("no_features", ERROR))
        raise _Stop
    return gdf


def _choose_field(result: ImportResult, gdf, wanted: str | None, candidates, kind: str) -> str | None:
    """The column to use for names or codes: the user's choice, else the first likely one."""
    if wanted:
        if wanted not in gdf.columns or wanted == "geometry":
            result.issues.append(Issue("name_field_missing", ERROR, {"field": wanted, "fields": ", ".join(result.fields)}))
            result.needs.add(kind)
            return None
        return wanted
    by_lower = {c.lower(): c for c in result.fields}
    for candidate in candidates:
        if candidate in by_lower:
            return by_lower[candidate]
    return None


def _text(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # codes read as numbers must not become "110601.0"
    return str(value).strip()


def slug(text: str) -> str:
    """A stable code made from a name, when the file has no code field."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40]


def _apply_crs(result: ImportResult, gdf: gpd.GeoDataFrame, options: ImportOptions) -> gpd.GeoDataFrame:
    bounds = shapely.total_bounds(gdf.geometry.values)
    result.crs_suggestions = crs_tools.suggestions(bounds)
    if options.crs:
        try:
            chosen = crs_tools.parse_crs(options.crs)
        except ValueError as exc:
            result.issues.append(Issue("crs_unknown", ERROR, {"detail": str(exc)}))
            result.needs.add("crs")
            raise _Stop from exc
        if not crs_tools.lands_in_area_of_use(chosen, bounds) and chosen.is_geographic != crs_tools.bounds_look_like_degrees(bounds):
            result.issues.append(Issue("crs_mismatch", ERROR, {"crs": crs_tools.crs_label(chosen)}))
            result.needs.add("crs")
            raise _Stop
        result.issues.append(Issue("crs_chosen", INFO, {"crs": crs_tools.crs_label(chosen)}))
        gdf = gdf.set_crs(chosen, allow_override=True)
    elif gdf.crs is None:
        result.issues.append(Issue("crs_missing", ERROR))
        result.needs.add("crs")
        raise _Stop
    elif gdf.crs.is_geographic and not crs_tools.bounds_look_like_degrees(bounds):
        # GeoJSON without a "crs" member is read as WGS84 whatever its numbers are.
        result.issues.append(Issue("crs_not_degrees", ERROR, {"bounds": ", ".join(f"{b:,.0f}" for b in bounds)}))
        result.needs.add("crs")
        raise _Stop
    elif gdf.crs.to_epsg() is None:
        result.issues.append(Issue("crs_no_epsg", WARNING, {"crs": gdf.crs.name}))
    result.source_crs = crs_tools.crs_label(gdf.crs)
    return gdf


def read_boundaries(path: str, filename: str | None = None, options: ImportOptions | None = None) -> ImportResult:
    """Read, validate and repair a boundary file; the result says what is wrong and what to ask."""
    options = options or ImportOptions()
    # The version keeps the file's name in 255 characters; the end keeps the extension.
    filename = (filename or os.path.basename(path))[-255:]
    result = ImportResult(filename=filename)
    result.file_format = sniff_format(path, filename)
    if result.file_format is None:
        result.issues.append(Issue("unsupported_format", ERROR))
        return result
    try:
        gdf = _read(result, path, options)
        result.fields = [c for c in gdf.columns if c != gdf.geometry.name]
        result.text_fields = [c for c in result.fields if gdf[c].dtype == object or pd.api.types.is_string_dtype(gdf[c])]
        name_field = _choose_field(result, gdf, options.name_field, NAME_CANDIDATES, "name_field")
        if name_field is None and not options.name_field and result.text_fields:
            name_field = result.text_fields[0]
        if name_field is None:
            if not options.name_field:
                result.issues.append(Issue("no_name_field", ERROR, {"fields": ", ".join(result.fields) or "-"}))
            result.needs.add("name_field")
            raise _Stop
        if not options.name_field:
            result.issues.append(Issue("name_field_guessed", INFO, {"field": name_field}))
        code_field = _choose_field(result, gdf, options.code_field, CODE_CANDIDATES, "code_field")
        if options.code_field and code_field is None:
            raise _Stop
        if code_field == name_field:
            code_field = None
        if code_field and not options.code_field:
            result.issues.append(Issue("code_field_guessed", INFO, {"field": code_field}))
        for kind, chosen in (("name_field", name_field), ("code_field", code_field)):
            # The version records which fields it was read from, in at most MAX_FIELD_NAME characters.
            if chosen and len(chosen) > validation.MAX_FIELD_NAME:
                result.issues.append(Issue("field_name_too_long", ERROR, {
                    "field": chosen[:60] + "…", "max": validation.MAX_FIELD_NAME}))
                result.needs.add(kind)
                raise _Stop
        result.name_field, result.code_field = name_field, code_field
        gdf = _apply_crs(result, gdf, options)
        _validate(result, gdf, options)
    except _Stop:
        pass
    result.issues = sorted_issues(result.issues)
    return result


def _validate(result: ImportResult, gdf: gpd.GeoDataFrame, options: ImportOptions) -> None:
    names = [_text(v) for v in gdf[result.name_field]]
    if result.code_field:
        codes = [_text(v) for v in gdf[result.code_field]]
    else:
        codes = [slug(n) for n in names]
        result.issues.append(Issue("codes_generated", WARNING))
    result.issues += validation.check_names(names, codes)
    metric_crs = crs_tools.metric_crs_for(gdf)
    geoms, repair_issues = validation.repair(gdf.geometry, names, metric_crs)
    result.issues += repair_issues
    labels = [n or f"#{i + 1}" for i, n in enumerate(names)]
    metric = geoms.to_crs(metric_crs)
    result.issues += validation.describe_shapes(metric, labels)
    result.metric_crs = crs_tools.crs_label(metric.crs)
    found = validation.find_coverage_problems(metric, options.tolerance_m2)
    result.coverage_problems = bool(found)
    wgs84 = geoms.to_crs(crs_tools.WGS84).reset_index(drop=True)
    if options.repair_gap_m is not None and not found:
        result.issues.append(Issue("coverage_repair_not_needed", INFO, {"tolerance": f"{options.tolerance_m2:g}"}))
    elif options.repair_gap_m is not None and cleaning.gap_width_problem(options.repair_gap_m):
        result.issues.append(Issue("coverage_repair_width", ERROR, {
            "width": f"{options.repair_gap_m:g}", "min": f"{cleaning.MIN_GAP_WIDTH_M:g}", "max": f"{cleaning.MAX_GAP_WIDTH_M:g}"}))
    elif options.repair_gap_m is not None:
        result.repair = cleaning.repair_coverage(metric, labels, options.repair_gap_m, options.tolerance_m2, found)
        result.issues += result.repair.issues()
        if result.repair.applied:
            # The fresh check below runs on the repaired shapes; the file's own findings are gone with them.
            metric = result.repair.metric
            wgs84 = metric.to_crs(crs_tools.WGS84).reset_index(drop=True)
            found = result.repair.remaining
    result.issues += validation.coverage_issues(metric, labels, options.tolerance_m2, found)
    result.coverage, result.coverage_tolerance_m2 = found, options.tolerance_m2
    # Areas on the ellipsoid: the same land measures the same whatever CRS the file came in,
    # so comparing two versions never shows a change that is only a change of projection.
    areas_m2 = crs_tools.ellipsoidal_areas(wgs84.values)
    result.issues.append(validation.summary(areas_m2))
    if gdf.crs.to_epsg() != 4326:
        result.issues.append(Issue("reprojected", INFO, {"crs": result.source_crs}))
    result.metric = metric.reset_index(drop=True)
    result.areas = gpd.GeoDataFrame({"code": codes, "name": names, "area_m2": areas_m2},
                                    geometry=wgs84.values, crs=crs_tools.WGS84)
