// Area questions of a survey: the respondent draws one polygon on the neighbourhood map
// (vendored Leaflet.draw) and it is written as GeoJSON into the question's hidden input.
// The server checks it again (assessments/areas.py); the list of places works without this.
// Loaded with `defer`: the map scripts above it have run, so each map is a global (folium names it
// after its <div> id).
(function () {
  "use strict";

  function localise(t) {
    var local = L.drawLocal;
    local.draw.toolbar.buttons.polygon = t.draw_button;
    local.draw.toolbar.actions.title = t.cancel;
    local.draw.toolbar.actions.text = t.cancel;
    local.draw.toolbar.finish.title = t.finish;
    local.draw.toolbar.finish.text = t.finish;
    local.draw.toolbar.undo.title = t.undo;
    local.draw.toolbar.undo.text = t.undo;
    local.draw.handlers.polygon.tooltip.start = t.start;
    local.draw.handlers.polygon.tooltip.cont = t.next;
    local.draw.handlers.polygon.tooltip.end = t.end;
    local.draw.handlers.polyline.error = t.crossing;
    local.edit.toolbar.actions.save.title = t.done;
    local.edit.toolbar.actions.save.text = t.done;
    local.edit.toolbar.actions.cancel.title = t.cancel;
    local.edit.toolbar.actions.cancel.text = t.cancel;
    local.edit.toolbar.actions.clearAll.title = t.remove_all;
    local.edit.toolbar.actions.clearAll.text = t.remove_all;
    local.edit.toolbar.buttons.edit = t.edit_button;
    local.edit.toolbar.buttons.editDisabled = t.no_area;
    local.edit.toolbar.buttons.remove = t.remove_button;
    local.edit.toolbar.buttons.removeDisabled = t.no_area;
    local.edit.handlers.edit.tooltip.text = t.edit_tip;
    local.edit.handlers.edit.tooltip.subtext = t.edit_undo;
    local.edit.handlers.remove.tooltip.text = t.remove_tip;
  }

  var SHAPE = { color: "#b35806", weight: 3, fillColor: "#f28e2b", fillOpacity: 0.35 };

  function corners(layer) {
    var rings = layer.getLatLngs();
    return (Array.isArray(rings[0]) ? rings[0] : rings).length;
  }

  function setup(wrapper) {
    var input = document.getElementById(wrapper.getAttribute("data-area-input"));
    var status = document.getElementById(wrapper.getAttribute("data-area-status"));
    var canvas = wrapper.querySelector(".folium-map");
    var map = canvas ? window[canvas.id] : null;
    if (!input || !map || !window.L || !L.Control || !L.Control.Draw) { return; }
    var texts = JSON.parse(wrapper.getAttribute("data-draw") || "{}");
    var most = parseInt(wrapper.getAttribute("data-max-vertices"), 10) || 60;
    localise(texts);
    var drawn = new L.FeatureGroup().addTo(map);
    map.addControl(new L.Control.Draw({
      position: "topright",
      draw: {
        polygon: { allowIntersection: false, showArea: false, shapeOptions: SHAPE },
        polyline: false, rectangle: false, circle: false, marker: false, circlemarker: false
      },
      edit: { featureGroup: drawn, poly: { allowIntersection: false } }
    }));

    function say(message) { if (status) { status.textContent = message || ""; } }

    function write() {
      var layers = drawn.getLayers();
      if (layers.length && corners(layers[0]) > most) {
        drawn.clearLayers();
        input.value = "";
        say(texts.too_many);
        return;
      }
      input.value = layers.length ? JSON.stringify(layers[0].toGeoJSON().geometry) : "";
      say(layers.length ? texts.drawn : texts.removed);
    }

    map.on(L.Draw.Event.CREATED, function (event) {
      drawn.clearLayers();  // one area per answer: a new drawing replaces the old one
      drawn.addLayer(event.layer);
      write();
    });
    map.on(L.Draw.Event.EDITED, write);
    map.on(L.Draw.Event.DELETED, write);

    // An area drawn before (a page shown again with errors, or revisited) is shown and editable.
    if (input.value) {
      try {
        L.geoJSON(JSON.parse(input.value), { style: SHAPE }).eachLayer(function (layer) { drawn.addLayer(layer); });
        if (drawn.getLayers().length) { say(texts.drawn); }
      } catch (error) {
        say("");
      }
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var wrappers = document.querySelectorAll("[data-area-input]");
    for (var i = 0; i < wrappers.length; i += 1) { setup(wrappers[i]); }
  });
})();
