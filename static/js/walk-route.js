// A safety walk's route on the neighbourhood map (vendored Leaflet.draw, as survey-area.js does for areas).
// - Planning: [data-route-draw] names the hidden input; the planner draws one line and it is written
//   there as a GeoJSON LineString, which the server checks again (assessments/walks/routes.py).
// - Recording: [data-route-line] holds a route to show under the stops, so walkers can follow it.
// The list of stops works without this. Loaded with `defer`: each folium map is a global named after its <div> id.
(function () {
  "use strict";
  var LINE = { color: "#1f3a5f", weight: 5, opacity: 0.85 };

  function mapIn(wrapper) {
    var canvas = wrapper.querySelector(".folium-map");
    return canvas ? window[canvas.id] : null;
  }

  function localise(t) {
    var local = L.drawLocal;
    local.draw.toolbar.buttons.polyline = t.draw_button;
    local.draw.toolbar.actions.title = t.cancel;
    local.draw.toolbar.actions.text = t.cancel;
    local.draw.toolbar.finish.title = t.finish;
    local.draw.toolbar.finish.text = t.finish;
    local.draw.toolbar.undo.title = t.undo;
    local.draw.toolbar.undo.text = t.undo;
    local.draw.handlers.polyline.tooltip.start = t.start;
    local.draw.handlers.polyline.tooltip.cont = t.next;
    local.draw.handlers.polyline.tooltip.end = t.end;
    local.edit.toolbar.actions.save.title = t.done;
    local.edit.toolbar.actions.save.text = t.done;
    local.edit.toolbar.actions.cancel.title = t.cancel;
    local.edit.toolbar.actions.cancel.text = t.cancel;
    local.edit.toolbar.actions.clearAll.title = t.remove_all;
    local.edit.toolbar.actions.clearAll.text = t.remove_all;
    local.edit.toolbar.buttons.edit = t.edit_button;
    local.edit.toolbar.buttons.editDisabled = t.no_route;
    local.edit.toolbar.buttons.remove = t.remove_button;
    local.edit.toolbar.buttons.removeDisabled = t.no_route;
    local.edit.handlers.edit.tooltip.text = t.edit_tip;
    local.edit.handlers.edit.tooltip.subtext = t.edit_undo;
    local.edit.handlers.remove.tooltip.text = t.remove_tip;
  }

  function setupDrawing(wrapper) {
    var input = document.getElementById(wrapper.getAttribute("data-route-draw"));
    var status = document.getElementById(wrapper.getAttribute("data-route-status"));
    var map = mapIn(wrapper);
    if (!input || !map || !window.L || !L.Control || !L.Control.Draw) { return; }
    var texts = JSON.parse(wrapper.getAttribute("data-draw") || "{}");
    localise(texts);
    var drawn = new L.FeatureGroup().addTo(map);
    map.addControl(new L.Control.Draw({
      position: "topright",
      draw: { polyline: { shapeOptions: LINE, showLength: false }, polygon: false, rectangle: false, circle: false,
              marker: false, circlemarker: false },
      edit: { featureGroup: drawn }
    }));
    function say(message) { if (status) { status.textContent = message || ""; } }
    function write() {
      var layers = drawn.getLayers();
      input.value = layers.length ? JSON.stringify(layers[0].toGeoJSON().geometry) : "";
      say(layers.length ? texts.drawn : texts.removed);
    }
    map.on(L.Draw.Event.CREATED, function (event) {
      drawn.clearLayers();  // one route per walk: a new line replaces the old one
      drawn.addLayer(event.layer);
      write();
    });
    map.on(L.Draw.Event.EDITED, write);
    map.on(L.Draw.Event.DELETED, write);
    if (input.value) {  // a page shown again after an error keeps the line drawn
      try {
        L.geoJSON(JSON.parse(input.value), { style: LINE }).eachLayer(function (layer) { drawn.addLayer(layer); });
      } catch (error) { input.value = ""; }
    }
  }

  function showRoute(wrapper) {
    var map = mapIn(wrapper);
    if (!map || !window.L) { return; }
    try {
      var line = L.geoJSON(JSON.parse(wrapper.getAttribute("data-route-line")), { style: LINE, interactive: false }).addTo(map);
      line.bringToBack();
    } catch (error) { /* the stops and the list still work */ }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-route-draw]").forEach(setupDrawing);
    document.querySelectorAll("[data-route-line]").forEach(showRoute);
  });
})();
