/* The server's checks, run on the phone before a questionnaire or a walk stop waits to be sent.
 *
 * The rules are not written here: the page renders them as JSON from the server's own
 * question definitions and limits (assessments/offline_rules.py, assessments/walks/checks.py),
 * with the server's messages already in the page's language. This file only applies them,
 * the way answering.validate and recording.record_stop do, and shows each error beside its
 * question with a summary at the top. The server checks again when the answers arrive.
 */
(function () {
  "use strict";

  function fill(template, values) {
    return String(template).replace(/%\((\w+)\)[sd]/g, function (_, key) { return values[key]; });
  }
  function blank(value) {
    if (value === null || value === undefined || value === "") { return true; }
    if (Array.isArray(value)) { return value.length === 0; }
    if (typeof value === "object") { return Object.keys(value).length === 0; }
    return false;
  }
  function fields(form, name) {
    return Array.prototype.filter.call(form.elements, function (el) { return el.name === name; });
  }
  function one(form, name) {
    var chosen = "";
    fields(form, name).forEach(function (el) {
      if ((el.type === "radio" || el.type === "checkbox") ? el.checked : true) { chosen = chosen || el.value; }
    });
    return chosen.trim();
  }
  function many(form, name) {
    return fields(form, name).filter(function (el) { return el.checked && el.value; }).map(function (el) { return el.value; });
  }
  function chars(text) { return Array.from(text).length; }

  // -- questionnaires: answering.validate and the question types' checks ----------------
  function rawAnswer(form, q) {
    if (q.macro === "multiple") { return many(form, q.name); }
    if (q.macro === "grid" || q.macro === "ranking") {
      var keys = q.macro === "grid" ? q.rows : q.options, value = {};
      keys.forEach(function (key) { var v = one(form, q.name + "__" + key); if (v) { value[key] = v; } });
      return value;
    }
    if (q.macro === "map") {
      var place = one(form, q.name + "_place");
      if (place) { return {place: place}; }
      if (many(form, q.name + "_clear").length) { return null; }
      if (q.mode === "area") { var area = one(form, q.name + "_area"); return area ? {area: area} : null; }
      var lat = one(form, q.name + "_lat"), lng = one(form, q.name + "_lng");
      return (lat || lng) ? {lat: lat, lng: lng} : null;
    }
    return one(form, q.name);
  }

  var NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

  // The clean answer, or throws the message the server would give.
  function clean(q, value, m) {
    if (q.macro === "grid") {
      if (q.required && q.rows.some(function (r) { return !value[r]; })) { throw m.grid_all; }
      if (blank(value)) { return null; }
      Object.keys(value).forEach(function (k) {
        if (q.rows.indexOf(k) < 0 || q.options.indexOf(value[k]) < 0) { throw m.grid; }
      });
      return value;
    }
    if (q.macro === "ranking") {
      if (blank(value)) { if (q.required) { throw m.rank_first; } return null; }
      var ranks = Object.keys(value).map(function (k) { return parseInt(value[k], 10); }).sort(function (a, b) { return a - b; });
      if (ranks.some(function (r, i) { return ranks.indexOf(r) !== i; })) { throw m.rank_once; }
      if (ranks.some(function (r, i) { return r !== i + 1; }) || ranks.length > q.max_ranked) { throw fill(m.rank_gaps, {limit: q.max_ranked}); }
      return Object.keys(value).sort(function (a, b) { return value[a] - value[b]; });
    }
    if (blank(value)) { if (q.required) { throw m.required; } return null; }
    switch (q.macro) {
      case "numeric":
        var text = String(value).replace(",", ".").trim();
        if (!NUMBER.test(text)) { throw m.number; }
        var number = Number(text);
        if (!isFinite(number)) { throw m.number; }
        if (q.integer && number !== Math.trunc(number)) { throw m.whole; }
        if (q.min !== null && q.min !== undefined && number < Number(q.min)) { throw fill(m.min, {min: q.min}); }
        if (q.max !== null && q.max !== undefined && number > Number(q.max)) { throw fill(m.max, {max: q.max}); }
        return number;
      case "text":
      case "long_text":
        var count = chars(String(value).trim());
        if (count > q.limit) { throw fill(m.limit, {count: count, limit: q.limit}); }
        return value;
      case "date":
        var day = String(value).trim();
        if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || isNaN(Date.parse(day + "T00:00:00Z")) ||
            new Date(day + "T00:00:00Z").toISOString().slice(0, 10) !== day) { throw m.date; }
        if (q.min && day < q.min) { throw fill(m.date_min, {day: q.min}); }
        if (q.max && day > q.max) { throw fill(m.date_max, {day: q.max}); }
        return day;
      case "choice":
        if (q.options.indexOf(String(value)) < 0) { throw m.choice; }
        return String(value);
      case "multiple":
        if (value.some(function (v) { return q.options.indexOf(v) < 0; })) { throw m.multi; }
        if (value.length > 1 && value.some(function (v) { return q.exclusive.indexOf(v) >= 0; })) { throw m.exclusive; }
        return value;
      case "map":
        if (value.place) { if (q.places.indexOf(value.place) < 0) { throw m.place; } return value; }
        if (q.mode === "area") { return value; }  // the drawing itself is checked by the server against the boundaries
        var lat = Number(value.lat), lng = Number(value.lng);
        if (!isFinite(lat) || !isFinite(lng) || value.lat === "" || value.lng === "" ||
            lat < -90 || lat > 90 || lng < -180 || lng > 180) { throw m.point; }
        return value;
      default:
        return value;
    }
  }

  // answering.is_visible: shown when the source question has one of the given answers.
  function visible(q, answers) {
    if (!q.show_if) { return true; }
    var given = answers[q.show_if.code], wanted = q.show_if.values;
    if (Array.isArray(given)) { return given.some(function (v) { return wanted.indexOf(v) >= 0; }); }
    if (given && typeof given === "object") { return !blank(given) && !wanted.length; }
    return given !== null && given !== undefined && wanted.indexOf(String(given)) >= 0;
  }

  function checkSurvey(form, rules) {
    var answers = {}, errors = [];
    rules.questions.forEach(function (q) {
      var box = document.getElementById("q-" + q.code);
      var shown = visible(q, answers);
      if (box && form.hasAttribute("data-skip-hide")) { box.hidden = !shown; }
      if (!shown) { return; }
      var value = rawAnswer(form, q);
      if (!rules.enforce_required && blank(value)) { return; }
      try {
        var cleaned = clean(q, value, rules.messages);
        if (cleaned !== null) { answers[q.code] = cleaned; }
      } catch (message) {
        errors.push({target: "q-" + q.code, label: q.label, message: message});
      }
    });
    return errors;
  }

  // -- walk stops: forms.RecordForm and recording.record_stop ---------------------------
  function checkStop(form, rules) {
    var m = rules.messages, errors = [];
    function add(target, label, message) { errors.push({target: target, label: label, message: message}); }
    function labelOf(id) { var l = form.querySelector("label[for=" + id + "]"); return l ? l.textContent.trim() : id; }
    Object.keys(rules.limits).forEach(function (name) {
      var value = one(form, name);
      if (chars(value) > rules.limits[name]) { add(name, labelOf(name), fill(m.length, {max: rules.limits[name]})); }
    });
    if (!one(form, "label") && !one(form, "place")) { add("label", labelOf("label"), m.place); }
    var lat = one(form, "lat"), lng = one(form, "lng");
    [["lat", lat, 90], ["lng", lng, 180]].forEach(function (c) {
      if (!c[1]) { return; }
      if (!NUMBER.test(c[1])) { add(c[0], labelOf(c[0]), m.numbers); }
      else if (Math.abs(Number(c[1])) > c[2]) { add(c[0], labelOf(c[0]), m.range); }
    });
    if (!lat !== !lng) { add(lat ? "lng" : "lat", labelOf(lat ? "lng" : "lat"), m.pair); }
    rules.items.forEach(function (key) {
      var value = one(form, key);
      if (value && !(/^\d+$/.test(value) && Number(value) <= rules.scale_max)) {
        var box = document.getElementById("item-" + key);
        add("item-" + key, box ? box.querySelector("legend").textContent.trim() : key, m.rating);
      }
    });
    return errors;
  }

  // -- showing errors in place ------------------------------------------------------------
  function clear(form) {
    form.querySelectorAll(".offline-error").forEach(function (el) { el.remove(); });
    form.querySelectorAll("[data-offline-invalid]").forEach(function (el) {
      el.removeAttribute("aria-invalid");
      el.removeAttribute("data-offline-invalid");
      var ids = (el.getAttribute("aria-describedby") || "").split(" ").filter(function (id) { return id && id.indexOf("-offline-error") < 0; });
      if (ids.length) { el.setAttribute("aria-describedby", ids.join(" ")); } else { el.removeAttribute("aria-describedby"); }
    });
  }

  function show(form, errors, m) {
    var summary = document.createElement("div");
    summary.className = "error-summary offline-error";
    summary.setAttribute("role", "alert");
    summary.tabIndex = -1;
    var title = document.createElement("h2");
    title.textContent = m.summary;
    summary.appendChild(title);
    var list = document.createElement("ul");
    errors.forEach(function (error) {
      var target = document.getElementById(error.target);
      var item = document.createElement("li"), link = document.createElement("a");
      link.href = "#" + error.target;
      link.textContent = error.label;
      item.appendChild(link);
      item.appendChild(document.createTextNode(": " + error.message));
      list.appendChild(item);
      if (!target) { return; }
      var holder = target.matches("input, select, textarea") ? (target.closest(".field") || target.parentNode) : target;
      var note = document.createElement("p");
      note.className = "error-message offline-error";
      note.id = error.target + "-offline-error";
      var hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = m.error + " ";
      note.appendChild(hidden);
      note.appendChild(document.createTextNode(error.message));
      var legend = holder.querySelector("legend");
      var label = holder.querySelector("label");
      var anchor = legend || (target.matches("input, select, textarea") ? label : null);
      if (anchor && anchor.parentNode === holder) { anchor.insertAdjacentElement("afterend", note); } else { holder.insertBefore(note, holder.firstChild); }
      var inputs = target.matches("input, select, textarea") ? [target] : target.querySelectorAll("input:not([type=hidden]), select, textarea, fieldset");
      Array.prototype.forEach.call(inputs, function (input) {
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("data-offline-invalid", "");
        input.setAttribute("aria-describedby", ((input.getAttribute("aria-describedby") || "") + " " + note.id).trim());
      });
    });
    summary.appendChild(list);
    form.insertBefore(summary, form.firstChild);
    summary.focus();
  }

  function rulesOf(form) {
    var holder = document.getElementById(form.getAttribute("data-check"));
    if (!holder) { return null; }
    try { return JSON.parse(holder.textContent); } catch (e) { return null; }
  }

  /* Checks `form` with its rules; shows the errors and returns false when there are any. */
  function run(form) {
    var rules = rulesOf(form);
    clear(form);
    if (!rules) { return true; }
    var errors = rules.kind === "walk" ? checkStop(form, rules) : checkSurvey(form, rules);
    if (errors.length) { show(form, errors, rules.messages); }
    return !errors.length;
  }

  /* Hides questions a skip rule leaves out, as the answers change (forms marked data-skip-hide). */
  function follow(form) {
    var rules = rulesOf(form);
    if (!rules || rules.kind !== "survey") { return; }
    function update() { checkSurvey(form, rules); }
    form.addEventListener("change", update);
    update();
  }

  window.SNCheck = {run: run, follow: follow};
})();
