"""The map question: a point or an area on the neighbourhood map, or a named place from a list.

`config["mode"]` is "point" (default: a tap on the map) or "area" (a polygon drawn
on the map, see `assessments.areas`). In both modes the list of named places is the
accessible alternative that works without JavaScript; a place may carry its own
`area` (a GeoJSON Polygon) and then counts as that area in area results.
"""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from assessments import areas
from assessments.question_types.base import CODE_RE, AnswerError, QuestionType

POINT, AREA = "point", "area"
MODES = (POINT, AREA)


class MapQuestion(QuestionType):
    """A point or an area on the neighbourhood map, or a named place from the accessible list."""

    name = "map"
    label = _l("Where on the map")
    aggregation = "map"
    xls_type = "geopoint"
    macro = "map"

    def places(self, question) -> list[dict]:
        return list((question.config or {}).get("places") or [])

    def mode(self, question) -> str:
        return AREA if (question.config or {}).get("mode") == AREA else POINT

    def max_vertices(self, question) -> int:
        return int((question.config or {}).get("max_vertices") or areas.DEFAULT_MAX_VERTICES)

    def check_config(self, config):
        problems = []
        if config.get("mode", POINT) not in MODES:
            problems.append(_("The map question asks for a point or for an area."))
        max_vertices = config.get("max_vertices")
        if max_vertices is not None and (not isinstance(max_vertices, int) or not 3 <= max_vertices <= 500):
            problems.append(_("The most corners an area may have must be a whole number from 3 to 500."))
        for place in config.get("places") or []:
            if not place.get("value") or not CODE_RE.match(str(place["value"])):
                problems.append(_("Each place needs a code of letters, digits and underscores."))
            try:
                _valid_point(float(place["lat"]), float(place["lng"]))
            except (KeyError, TypeError, ValueError, AnswerError):
                problems.append(_("Each place needs a latitude and longitude."))
            if place.get("area"):
                try:
                    areas.read_polygon(place["area"])
                except AnswerError:
                    problems.append(_("The area of a place must be a GeoJSON polygon."))
        return problems

    def parse(self, question, form):
        name = self.field_name(question)
        place = (form.get(f"{name}_place") or "").strip()
        if place:
            return {"place": place}
        if form.get(f"{name}_clear") == "y":
            return None
        if self.mode(question) == AREA:
            area = (form.get(f"{name}_area") or "").strip()
            return {"area": area} if area else None
        lat, lng = (form.get(f"{name}_lat") or "").strip(), (form.get(f"{name}_lng") or "").strip()
        if lat or lng:
            return {"lat": lat, "lng": lng}
        return None

    def clean(self, question, value):
        area_mode = self.mode(question) == AREA
        if not isinstance(value, dict):
            raise AnswerError(_("Please draw an area on the map or choose a place from the list.") if area_mode
                              else _("Please mark a point on the map or choose a place from the list."))
        if value.get("place"):
            for place in self.places(question):
                if place["value"] == value["place"]:
                    return {"place": place["value"]}
            raise AnswerError(_("Please choose a place from the list."))
        if area_mode:
            return {"area": self._clean_area(question, value.get("area"))}
        try:
            lat, lng = float(value.get("lat")), float(value.get("lng"))
        except (TypeError, ValueError):
            raise AnswerError(_("Please mark a point on the map or choose a place from the list.")) from None
        _valid_point(lat, lng)
        return {"lat": round(lat, 6), "lng": round(lng, 6)}

    def _clean_area(self, question, raw) -> str:
        if raw is None or raw == "":
            raise AnswerError(_("Please draw an area on the map or choose a place from the list."))
        polygon = areas.check_area(areas.read_polygon(raw), max_vertices=self.max_vertices(question),
                                   within=areas.group_shape(question))
        return areas.to_text(polygon)

    def to_rows(self, question, value):
        if "place" in value:
            place = next(p for p in self.places(question) if p["value"] == value["place"])
            return [{"option": place["value"], "lat": float(place["lat"]), "lng": float(place["lng"])}]
        if "area" in value:
            lat, lng = areas.centroid(areas.read_polygon(value["area"]))
            return [{"text": value["area"], "lat": lat, "lng": lng}]
        return [{"lat": value["lat"], "lng": value["lng"]}]

    def from_rows(self, question, rows):
        if not rows:
            return None
        if rows[0].option:
            return {"place": rows[0].option}
        if rows[0].text:
            return {"area": rows[0].text}
        return {"lat": rows[0].lat, "lng": rows[0].lng}

    def display(self, question, value, lang):
        if not value:
            return ""
        return value.get("place") or value.get("area") or f"{value['lat']} {value['lng']}"

    def describe(self, question, value, lang):
        if not value:
            return ""
        if value.get("place"):
            return self.option_label(question, value["place"], lang, self.places(question))
        return _("An area drawn on the map") if value.get("area") else _("A point marked on the map")


def _valid_point(lat: float, lng: float) -> None:
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        raise AnswerError(_("That point is not on the map; please mark it again."))
