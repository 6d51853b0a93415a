// Survey pages, as enhancements of pages that work without it:
// - drafts: what the respondent types is saved to the server as they go (the page's own form,
//   action "save"), so a reload or a closed tab loses nothing; Next still checks everything.
// - text limits: a live count of characters against the limit the page states.
// - maps: neighbourhood names on the map and the installation's local streets and landmarks
//   (MAP_CONTEXT_LAYER), since there is no tile server to draw them.
// Loaded with `defer`: the map scripts above have run, each map is a global named after its <div> id.
(function () {
  "use strict";

  // -- drafts ----------------------------------------------------------------
  function autosave(form) {
    var timer = null, dirty = false, url = form.getAttribute("action");

    function payload() {
      var data = new FormData(form);
      data.set("action", "save");
      return data;
    }
    function save() {
      if (!dirty) { return; }
      dirty = false;
      window.clearTimeout(timer);
      try {
        window.fetch(url, { method: "POST", body: payload(), credentials: "same-origin", keepalive: true });
      } catch (e) { /* the server copy is a convenience; Next still sends the page */ }
    }
    function later(delay) {
      dirty = true;
      window.clearTimeout(timer);
      timer = window.setTimeout(save, delay);
    }
    form.addEventListener("change", function () { later(200); });
    form.addEventListener("input", function () { later(1500); });
    // Leaving the page by its own buttons posts the form anyway.
    form.addEventListener("submit", function () { dirty = false; window.clearTimeout(timer); });
    window.addEventListener("pagehide", function () {
      if (dirty && navigator.sendBeacon) { dirty = false; navigator.sendBeacon(url, payload()); }
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { save(); }
    });
  }

  // -- text limits -------------------------------------------------------------
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  function counter(note) {
    var field = document.getElementById(note.getAttribute("data-limit-for"));
    if (!field) { return; }
    var limit = parseInt(note.getAttribute("data-limit"), 10);
    var live = document.createElement("p");
    live.className = "hint char-count";
    live.id = note.id + "-count";
    live.setAttribute("aria-live", "polite");
    note.parentNode.insertBefore(live, field.nextSibling);
    function update() {
      var count = field.value.trim().length, over = count - limit;
      live.textContent = over > 0
        ? fill(note.getAttribute("data-over-text"), { count: count, over: over, limit: limit })
        : fill(note.getAttribute("data-count-text"), { count: count, limit: limit });
      live.classList.toggle("char-over", over > 0);
      if (over > 0) { field.setAttribute("aria-invalid", "true"); }
    }
    field.addEventListener("input", update);
    update();
  }

  // -- maps --------------------------------------------------------------------
  var contextLayer = null;
  var contextData = document.getElementById("map-context");
  if (contextData) {
    try { contextLayer = JSON.parse(contextData.textContent); } catch (e) { contextLayer = null; }
  }

  function featureName(feature) {
    var p = (feature && feature.properties) || {};
    return p.label || p.name || "";
  }

  function decorate(map) {
    var outlines = [];
    map.eachLayer(function (layer) {
      if (layer.feature && layer.getBounds && featureName(layer.feature)) { outlines.push(layer); }
    });
    if (contextLayer && window.L) {
      var streets = L.geoJSON(contextLayer, {
        interactive: false,
        style: function () { return { color: "#6b6b6b", weight: 2, opacity: 0.7, fill: false }; },
        pointToLayer: function (feature, latlng) {
          return L.circleMarker(latlng, { radius: 4, color: "#4a4a4a", weight: 1, fillColor: "#ffffff", fillOpacity: 1, interactive: false });
        },
        onEachFeature: function (feature, layer) {
          var name = featureName(feature);
          if (name && feature.geometry && feature.geometry.type === "Point") {
            var text = document.createElement("span");
            text.textContent = name;  // names come from a file: text, never markup
            layer.bindTooltip(text, { permanent: true, direction: "right", className: "map-landmark-label", interactive: false });
          }
        }
      });
      // A plain group, not a GeoJSON layer: the boundary layers stay the only GeoJSON on the map
      // (what fits the view and what is drawn on), the context only shows the way.
      var context = L.layerGroup().addTo(map);
      streets.eachLayer(function (layer) { context.addLayer(layer); if (layer.bringToBack) { layer.bringToBack(); } });
    }
    outlines.forEach(function (layer) {
      L.tooltip({ permanent: true, direction: "center", className: "map-area-label", interactive: false })
        .setLatLng(layer.getBounds().getCenter())
        .setContent(featureName(layer.feature))
        .addTo(map);
    });
  }

  document.querySelectorAll("form[data-autosave]").forEach(autosave);
  document.querySelectorAll(".char-limit[data-limit-for]").forEach(counter);
  document.querySelectorAll(".survey-map .folium-map").forEach(function (canvas) {
    var map = window[canvas.id];
    if (map && window.L) { decorate(map); }
  });
})();
