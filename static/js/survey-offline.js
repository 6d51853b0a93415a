/* Residents' surveys with no signal.
 *
 * With signal, the survey's pages work as always (one page at a time, a draft on the server).
 * This script adds: the phone keeps the survey's one-page offline form (blank) as soon as the
 * start page is opened; while answering, what the pages hold is copied into this tab's
 * sessionStorage (gone when the tab closes); and if the signal drops, Next opens the offline
 * form with those answers filled in and the draft's key, so the answers, finished there, are
 * checked on the phone, wait in its outbox and arrive once (offline-outbox.js). The copy is
 * deleted as soon as the answers are in the outbox, or sent, or the survey is finished online.
 */
(function () {
  "use strict";
  var hook = document.querySelector("[data-survey-offline]");
  var offlineForm = document.getElementById("survey-offline-form");
  var slug = hook ? hook.getAttribute("data-survey-slug") : offlineForm && offlineForm.getAttribute("data-survey-slug");
  if (!slug) { return; }
  var MIRROR = "sn-survey:" + slug;
  var SKIP = ["csrf_token", "action", "switch_language", "language", "submission_key"];

  function read() {
    try { return JSON.parse(window.sessionStorage.getItem(MIRROR) || "{}"); } catch (e) { return {}; }
  }
  function write(data) {
    try { window.sessionStorage.setItem(MIRROR, JSON.stringify(data)); } catch (e) { /* private mode: offline form starts blank */ }
  }
  function forget() { window.sessionStorage.removeItem(MIRROR); }

  // The page's answers replace what the copy had for the same fields (an unticked box included).
  function mirror(form) {
    var data = read();
    data.fields = data.fields || {};
    var key = hook && hook.getAttribute("data-draft-key");
    if (key) { data.key = key; }
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || SKIP.indexOf(el.name) >= 0 || el.type === "file" || el.type === "submit" || el.type === "button") { return; }
      if (!(el.name in seen)) { data.fields[el.name] = []; seen[el.name] = true; }
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) { return; }
      if (el.value !== "") { data.fields[el.name].push(el.value); }
    });
    seen = {};
    write(data);
  }
  var seen = {};

  function restore(form) {
    var data = read();
    if (!data.fields) { return; }
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in data.fields) || SKIP.indexOf(el.name) >= 0) { return; }
      var values = data.fields[el.name];
      if (el.type === "radio" || el.type === "checkbox") { el.checked = values.indexOf(el.value) >= 0; }
      else if (values.length) { el.value = values[0]; }
    });
    if (data.key && form.elements.submission_key) { form.elements.submission_key.value = data.key; }
  }

  function offlineUrls() {
    try { return JSON.parse(hook.getAttribute("data-offline-urls")) || []; } catch (e) { return []; }
  }

  function keepOfflineForms() {
    if (!("serviceWorker" in navigator) || !hook) { return; }
    navigator.serviceWorker.register("/sw.js", {scope: "/"}).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      if (registration.active) { registration.active.postMessage({cache: offlineUrls()}); }
    }).catch(function () { /* without a worker the pages still work with signal */ });
  }

  // A page of the online flow: keep the copy, and with no signal go on in the offline form.
  function followPages(form) {
    mirror(form);
    form.addEventListener("change", function () { mirror(form); });
    form.addEventListener("submit", function (event) {
      mirror(form);
      if (navigator.onLine) { return; }
      event.preventDefault();
      window.location.href = offlineUrls()[0];
    });
  }

  if (hook && hook.hasAttribute("data-done")) { forget(); }
  if (hook && !hook.hasAttribute("data-done")) {
    var pageForm = document.querySelector("form.survey-form[method=post]");
    if (pageForm) { followPages(pageForm); }
  }
  if (offlineForm) {
    restore(offlineForm);
    if (window.SNCheck) { window.SNCheck.follow(offlineForm); }
    offlineForm.addEventListener("outbox:saved", forget);
  }
  keepOfflineForms();
})();
