"""folium without its CDN: assets from static/vendor, the map split into a <div> and plain JS.

folium's class-level asset lists point at public CDNs and pull in jQuery, Bootstrap and
Font Awesome. A subclass replaces them for our maps only (editing the lists in place
would leak into every other folium user in the process), and we never render folium's
header at all: the page template loads the vendored Leaflet through `map_assets()`.

This module imports folium (about a second): `maps.rendering` imports it on first use.
"""
from __future__ import annotations

from functools import lru_cache

import branca.element
import folium
import folium.features
from branca.element import Element, Figure, MacroElement
from jinja2 import Template
from markupsafe import Markup, escape

from maps.fragment import MapFragment

LEAFLET_JS = "/static/vendor/leaflet/leaflet.js"
LEAFLET_CSS = "/static/vendor/leaflet/leaflet.css"


class _Rendered(Element):
    """Text a macro has already rendered, kept as it is."""

    def __init__(self, text: str):
        super().__init__()
        # A Jinja template drops one trailing newline; the text comes out as branca's did.
        self.text = text[:-1] if text.endswith("\n") else text

    def render(self, **kwargs) -> str:
        return self.text


def _render_macros(self, **kwargs) -> None:
    """branca's MacroElement.render, without compiling each rendered piece as a new Jinja template.

    branca wraps the output of every element's macros in `Element(text)`, which compiles that
    text as a template: about 40 compilations per map and request, over the whole GeoJSON, and
    any `{{ ... }}` inside an area name would be evaluated on the server. The macros themselves
    are compiled once per class, as before; their output goes to the page verbatim.
    """
    figure = self.get_root()
    assert isinstance(figure, Figure), "You cannot render this Element if it is not in a Figure."
    module = self._template.module
    for part, target in (("header", figure.header), ("html", figure.html), ("script", figure.script)):
        macro = module.__dict__.get(part)
        if macro is not None:
            target.add_child(_Rendered(str(macro(self, kwargs))), name=self.get_name())
    for element in self._children.values():
        element.render(**kwargs)


def _compiled_once(template_class):
    """A template factory that compiles each source text once per process.

    folium and branca compile a few fixed texts per map (the figure's <meta>, tooltip styles)
    each time a map is made; the same text always gives the same template.
    """
    cached = lru_cache(maxsize=256)(template_class)

    def make(source, *args, **kwargs):
        return template_class(source, *args, **kwargs) if args or kwargs else cached(source)

    return make


# Replaced once, when folium is first needed (the only folium user of the process is this package).
MacroElement.render = _render_macros
branca.element.Template = _compiled_once(branca.element.Template)
folium.features.Template = _compiled_once(folium.features.Template)


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


def fragment(m: folium.Map, *, label: str, legend_html: str = "", extra_classes: str = "") -> MapFragment:
    """Render a map into a MapFragment; the <div> is ours so it carries an accessible name."""
    root = m.get_root()
    # The figure's own template (a whole HTML page, header included) is never shown: render the
    # elements, then only the script they produced.
    for element in root._children.values():
        if element not in (root.header, root.html, root.script):
            element.render()
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
