"""folium without its CDN: assets from static/vendor, the map split into a <div> and plain JS.

folium's class-level asset lists point at public CDNs and pull in jQuery, Bootstrap and
Font Awesome. A subclass replaces them for our maps only (editing the lists in place
would leak into every other folium user in the process), and we never render folium's
header at all: the page template loads the vendored Leaflet through `map_assets()`.
"""
from __future__ import annotations

from dataclasses import dataclass

import folium
from branca.element import MacroElement
from jinja2 import Template
from markupsafe import Markup, escape

LEAFLET_JS = "/static/vendor/leaflet/leaflet.js"
LEAFLET_CSS = "/static/vendor/leaflet/leaflet.css"


class OfflineMap(folium.Map):
    """A folium Map whose declared assets are the vendored Leaflet only."""

    default_js = [("leaflet", LEAFLET_JS)]
    default_css = [("leaflet_css", LEAFLET_CSS)]


class Script(MacroElement):
    """Plain JS added to a map; `{map}` in the code is replaced by the map's JS variable."""

    _template = Template("{% macro script(this, kwargs) %}{{ this.render_code() }}{% endmacro %}")

    def __init__(self, code: str):
        super().__init__()
        self._name = "Script"
        self.code = code

    def render_code(self) -> str:
        return self.code.replace("{map}", self._parent.get_name())


@dataclass
class MapFragment:
    """A map ready for a page: `html` (the map <div>, plus its legend) and `script` (plain JS, no <script> tag)."""

    html: str
    script: str


def fragment(m: folium.Map, *, label: str, legend_html: str = "", extra_classes: str = "") -> MapFragment:
    """Render a map into a MapFragment; the <div> is ours so it carries an accessible name."""
    root = m.get_root()
    root.render()
    script = root.script.render()
    classes = "folium-map map-canvas" + (f" {extra_classes}" if extra_classes else "")
    div = Markup('<div class="{classes}" id="{id}" role="region" aria-label="{label}"></div>').format(
        classes=classes, id=m.get_name(), label=label
    )
    html = Markup('<div class="map-frame">') + div + Markup(legend_html) + Markup("</div>")
    return MapFragment(html=str(html), script=script)


def new_map(*, tile_url: str | None = None, tile_attribution: str = "", prefer_canvas: bool = False) -> OfflineMap:
    """A map on a plain background, or on the organisation's own tile server when configured."""
    m = OfflineMap(location=[0, 0], zoom_start=2, tiles=None, control_scale=True, prefer_canvas=prefer_canvas)
    if tile_url:
        folium.TileLayer(tiles=tile_url, attr=tile_attribution or " ", name="basemap", max_zoom=19).add_to(m)
    return m


def add_attribution(m: folium.Map, texts: list[str]) -> None:
    """Attribution shown in the map corner; plain text, the Leaflet prefix without its external link."""
    import json

    safe = [str(escape(t)) for t in texts if t]
    code = "{map}.attributionControl.setPrefix('Leaflet');\n"
    for text in safe:
        code += "{map}.attributionControl.addAttribution(" + json.dumps(text).replace("</", "<\\/") + ");\n"
    Script(code).add_to(m)
