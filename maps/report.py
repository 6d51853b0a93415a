"""The validation report of a boundary import: issues stored as codes, worded at display time."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from flask_babel import lazy_gettext as _l

ERROR, WARNING, INFO = "error", "warning", "info"

# Each code's wording; parameters are filled in when shown, so a stored report
# reads in the language of whoever opens it later.
MESSAGES = {
    # The library's own words go last: they help a GIS officer, not the reviewer reading the report.
    "read_failed": _l("The file could not be read. Check that it is a complete GeoJSON, GeoPackage or zipped "
                      "Shapefile, export it again if needed, and upload it once more. Technical detail: %(detail)s"),
    "unsupported_format": _l("This kind of file is not supported. Upload GeoJSON, GeoPackage or a zipped Shapefile."),
    "no_layers": _l("The file contains no map layer."),
    "no_shapefile": _l("The zip file contains no Shapefile (.shp)."),
    "zip_too_large": _l("The zip file would unpack to %(megabytes)s MB, more than the %(limit)s MB allowed. "
                        "Zip only the Shapefile with the neighbourhood boundaries (.shp, .shx, .dbf, .prj, .cpg)."),
    "shapefile_incomplete": _l("The Shapefile %(layer)s is missing its %(missing)s file; zip all its parts together."),
    "layer_unknown": _l("The layer %(layer)s is not in this file."),
    "choose_layer": _l("This file holds several layers; choose the one with the neighbourhood boundaries."),
    "no_features": _l("The layer holds no features."),
    "crs_missing": _l("The file does not say which coordinate reference system (CRS) its coordinates use. Choose it below."),
    "crs_not_degrees": _l("The file says its coordinates are longitude and latitude, but they are not (they reach %(bounds)s). Choose the CRS they really use."),
    "crs_unknown": _l("The coordinate reference system of the file could not be understood (%(detail)s). Choose it below."),
    "crs_no_epsg": _l("The coordinate reference system %(crs)s has no EPSG code; check that the map lands where expected."),
    "crs_chosen": _l("Coordinates read as %(crs)s, as chosen."),
    "crs_mismatch": _l("Read as %(crs)s the coordinates do not land on Earth; choose another CRS."),
    "reprojected": _l("Reprojected from %(crs)s to WGS84 (EPSG:4326) for maps."),
    "name_field_missing": _l("The field %(field)s is not in the file. Fields: %(fields)s."),
    "no_name_field": _l("No text field could serve as the neighbourhood name; choose one. Fields: %(fields)s."),
    "name_field_guessed": _l("Names taken from the field %(field)s."),
    "code_field_guessed": _l("Codes taken from the field %(field)s."),
    "codes_generated": _l("No code field chosen: codes were made from the names, so renaming an area later counts as removing it and adding another."),
    "name_empty": _l("Feature %(row)s has no name."),
    "name_duplicate": _l("The name %(name)s is used by %(count)s areas."),
    "code_empty": _l("Area %(name)s has no code."),
    "name_too_long": _l("The name of feature %(row)s is longer than %(max)s characters."),
    "code_too_long": _l("The code of area %(name)s is longer than %(max)s characters."),
    "field_name_too_long": _l("The field name %(field)s is longer than %(max)s characters; rename the field in the file."),
    "code_duplicate": _l("The code %(code)s is used by %(count)s areas: %(names)s."),
    "geometry_missing": _l("Area %(name)s has no geometry."),
    "geometry_not_polygon": _l("Area %(name)s is a %(kind)s, not an area (polygon)."),
    "geometry_repaired": _l("Area %(name)s was invalid (%(reason)s) and has been repaired: area %(before)s ha before, %(after)s ha after; %(parts_before)s part(s) before, %(parts_after)s after."),
    "geometry_repair_empty": _l("Area %(name)s was invalid (%(reason)s) and nothing remains after repair."),
    "geometry_z_dropped": _l("Heights (Z values) were dropped; maps are flat."),
    "multipart": _l("Area %(name)s is made of %(parts)s separate parts."),
    "holes": _l("Area %(name)s has %(holes)s hole(s) (%(hectares)s ha)."),
    "overlap": _l("Areas %(first)s and %(second)s overlap by %(square_metres)s m²."),
    "gap": _l("Gap of %(square_metres)s m² enclosed between %(names)s, near %(lat)s, %(lng)s."),
    "coverage_clean": _l("No overlaps or gaps above %(tolerance)s m² between neighbouring areas."),
    "coverage_repaired": _l("Gaps and overlaps up to %(width)s m wide were repaired, as the reviewer asked: %(gaps)s gap(s) "
                            "closed, %(overlaps)s overlap(s) resolved, %(areas)s area(s) changed. The uploaded file itself "
                            "was not changed."),
    "area_repaired": _l("Area %(name)s after the repair: %(before)s m² before, %(after)s m² after (%(change)s m², "
                        "%(percent)s%%); %(gaps)s gap(s) and %(overlaps)s overlap(s) closed along its borders."),
    "coverage_repair_remaining": _l("After the repair up to %(width)s m, %(gaps)s gap(s) and %(overlaps)s overlap(s) "
                                    "remain (listed below): they are wider. Correct the file, or check them on the map."),
    "coverage_repair_refused": _l("The repair up to %(width)s m was not applied: %(count)s area(s) would change by more "
                                  "than the %(limit)s%% allowed, %(name)s the most (%(percent)s%%, %(square_metres)s m²). "
                                  "A width this large reshapes neighbourhoods; choose a smaller width, turn the repair "
                                  "off, or correct the file."),
    "coverage_repair_width": _l("The repair width %(width)s m is out of range: choose between %(min)s and %(max)s m."),
    "coverage_repair_not_needed": _l("No overlaps or gaps above %(tolerance)s m² were found, so nothing was repaired."),
    "more": _l("%(count)s more findings of this kind are not listed."),
    "summary": _l("%(count)s areas, %(hectares)s ha in total."),
}


@dataclass
class Issue:
    """One finding of the validation, with the area it concerns."""

    code: str
    severity: str
    params: dict = field(default_factory=dict)

    @property
    def message(self) -> str:
        template = MESSAGES.get(self.code)
        return str(template) % self.params if template is not None else self.code

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Issue":
        return cls(code=data["code"], severity=data["severity"], params=dict(data.get("params") or {}))


SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}


def sorted_issues(issues: list[Issue]) -> list[Issue]:
    """Errors first, then warnings, then notes, keeping the file's order inside each."""
    return sorted(issues, key=lambda i: SEVERITY_ORDER.get(i.severity, 3))
