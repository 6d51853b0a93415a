/* Answering with no signal: a form marked data-outbox (a walk's stop, a paper or door-to-door
 * questionnaire) is saved on this phone first (localStorage), then sent.
 *
 * Each record gets a key made here before it is saved (the field named by data-outbox-key),
 * and the server stores a key once, so a send repeated after a lost answer, a reload or a
 * second tab never stores it twice. A record leaves the phone only when the server has
 * answered that it holds it.
 */
(function () {
  "use strict";
  var STORE = "sn-offline-outbox";
  var FIX = "sn-offline-outbox-fix";  // the refused record being corrected on its page
  var sending = false;

  function load() {
    try { return JSON.parse(window.localStorage.getItem(STORE) || "[]"); } catch (e) { return []; }
  }
  function save(items) { window.localStorage.setItem(STORE, JSON.stringify(items)); }
  function newKey() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function say(text) {
    var status = document.getElementById("outbox-status");
    if (status) { status.textContent = text; }
  }
  function msg(name) {
    var holder = document.querySelector("form[data-outbox]") || document.getElementById("outbox");
    return holder ? holder.getAttribute("data-msg-" + name) || "" : "";
  }

  function refreshCount() {
    var count = document.getElementById("outbox-count");
    if (count) {
      var waiting = load().length;
      count.textContent = waiting ? String(waiting) : count.getAttribute("data-none");
    }
    renderOutbox();
  }

  function formData(item) {
    var data = new FormData();
    item.fields.forEach(function (pair) { data.append(pair[0], pair[1]); });
    return data;
  }

  function send(item, data) {
    return fetch(item.url, {method: "POST", body: data, credentials: "same-origin", redirect: "manual",
                            headers: {"Accept": "application/json"}});
  }

  function forget(key) { save(load().filter(function (i) { return i.key !== key; })); }

  function mark(key, error) {
    save(load().map(function (i) { if (i.key === key) { i.refused = error; } return i; }));
  }

  // Sends what waits, oldest first; stops at the first network failure and tries again when online.
  function flush() {
    if (sending) { return Promise.resolve(); }
    var items = load().filter(function (i) { return !i.refused; });
    if (!items.length) { refreshCount(); return Promise.resolve(); }
    sending = true;
    say(msg("sending"));
    var sentAny = false, blocked = false;
    var chain = Promise.resolve();
    items.forEach(function (item) {
      chain = chain.then(function () {
        if (blocked) { return; }
        return send(item, formData(item)).then(function (response) {
          if (response.type === "opaqueredirect" || response.status === 401 || response.status === 403) {
            blocked = true; say(msg("signin")); return;
          }
          if (response.ok) { forget(item.key); sentAny = true; return; }
          if (response.status === 400 || response.status === 404) {
            return response.json().catch(function () { return {}; }).then(function (body) {
              mark(item.key, body.error || String(response.status));
              say(msg("refused") + " " + (body.error || String(response.status)));
            });
          }
          blocked = true;  // a server error: keep it and try later
        }, function () { blocked = true; say(msg("saved")); });
      });
    });
    return chain.then(function () {
      sending = false;
      if (!blocked && sentAny && !load().some(function (i) { return !i.refused; })) { say(msg("sent-all")); }
      refreshCount();
    });
  }

  function fieldsOf(form) {
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string") { fields.push([name, value]); }
    });
    return fields;
  }

  function labelOf(form) {
    var named = form.querySelector("[name=label]");
    if (named && named.value) { return named.value; }
    var place = form.querySelector("[name=place]");
    if (place && place.value) { return (place.selectedOptions[0] || {}).text || ""; }
    return form.getAttribute("data-outbox-label") || "";
  }

  function setupRecorder(form) {
    var keyInput = form.querySelector("[name=" + form.getAttribute("data-outbox-key") + "]");
    var locate = document.getElementById("walk-locate");
    if (locate && navigator.geolocation) {
      locate.hidden = false;
      locate.addEventListener("click", function () {
        navigator.geolocation.getCurrentPosition(function (position) {
          document.getElementById("lat").value = position.coords.latitude.toFixed(5);
          document.getElementById("lng").value = position.coords.longitude.toFixed(5);
          say(msg("location"));
        }, function () { say(msg("no-location")); }, {enableHighAccuracy: true, timeout: 15000});
      });
    }
    form.addEventListener("submit", function (event) {
      // Checked on the phone first, with the server's own rules (offline-check.js): errors are shown
      // in place and nothing waits until they are fixed.
      if (window.SNCheck && !window.SNCheck.run(form)) { event.preventDefault(); return; }
      // Paper entry waits on the phone only with no connection; online it posts as a normal form,
      // whose one-time token refuses a second save of the same sheet.
      if (form.getAttribute("data-outbox-when") === "offline" && navigator.onLine) { return; }
      event.preventDefault();
      // A fresh key for every record: the page may come from the phone's cache with an old one. A
      // survey begun online keeps its draft's key (data-outbox-keep-key), so it is stored once either way.
      if (!(form.hasAttribute("data-outbox-keep-key") && keyInput.value)) { keyInput.value = newKey(); }
      var photo = form.querySelector("input[type=file]");
      var hasPhoto = photo && photo.files && photo.files.length;
      var item = {key: keyInput.value, url: form.getAttribute("data-outbox-url"), walk: form.getAttribute("data-outbox-name"),
                  label: labelOf(form), saved_at: new Date().toISOString(), fields: fieldsOf(form),
                  page: window.location.pathname + window.location.search};
      var fixing = window.sessionStorage.getItem(FIX);
      var items = load().filter(function (i) { return !fixing || i.key !== fixing; });
      window.sessionStorage.removeItem(FIX);
      items.push(item);
      save(items);
      form.reset();
      keyInput.value = "";  // the next questionnaire typed on this page is another one
      form.dispatchEvent(new CustomEvent("outbox:saved", {detail: {key: item.key}}));
      if (hasPhoto && navigator.onLine) {
        // Photos are sent at once: they are too large to keep on the phone.
        var data = formData(item);
        data.append("photo", photo.files[0]);
        sending = true;
        send(item, data).then(function (response) {
          sending = false;
          if (response.ok) { forget(item.key); say(msg("sent")); refreshCount(); return flush(); }
          say(msg("saved")); refreshCount();
        }, function () { sending = false; say(msg("photo-dropped")); refreshCount(); });
        return;
      }
      say(hasPhoto ? msg("photo-dropped") : msg("saved"));
      refreshCount();
      if (navigator.onLine) {
        flush().then(function () {
          if (!load().some(function (i) { return i.key === item.key; })) { say(msg("sent")); }
        });
      }
    });
  }

  function renderOutbox() {
    var box = document.getElementById("outbox");
    if (!box) { return; }
    var list = document.getElementById("outbox-list");
    list.textContent = "";
    var items = mine(box, load());
    if (!items.length) {
      var empty = document.createElement("li");
      empty.textContent = box.getAttribute("data-empty");
      list.appendChild(empty);
      return;
    }
    items.forEach(function (item) {
      var li = document.createElement("li");
      li.className = "outbox-item";
      li.appendChild(document.createTextNode((item.walk ? item.walk + ": " : "") + (item.label || "?") + " (" +
        item.saved_at.slice(0, 16).replace("T", " ") + ") – " + (item.refused ? "" : box.getAttribute("data-waiting"))));
      if (item.refused) {
        // Never dropped in silence: the server's reason, and the way to fix it or let it go.
        var reason = document.createElement("strong");
        reason.className = "outbox-reason";
        reason.textContent = box.getAttribute("data-refused") + " " + item.refused;
        li.appendChild(reason);
        if (item.page) {
          var fix = document.createElement("button");
          fix.type = "button";
          fix.className = "button-secondary";
          fix.textContent = box.getAttribute("data-fix");
          fix.addEventListener("click", function () {
            window.sessionStorage.setItem(FIX, item.key);
            window.location.href = item.page;
          });
          li.appendChild(fix);
        }
      }
      var discard = document.createElement("button");
      discard.type = "button";
      discard.className = "button-secondary";
      discard.textContent = box.getAttribute("data-discard");
      discard.addEventListener("click", function () {
        if (!window.confirm(box.getAttribute("data-confirm-discard"))) { return; }
        forget(item.key);
        say(box.getAttribute("data-msg-cleared"));
        refreshCount();
      });
      li.appendChild(discard);
      list.appendChild(li);
    });
  }

  // A list may show only its own kind (a survey's page lists that survey's answers, not a walk's stops).
  function mine(box, items) {
    var only = box.getAttribute("data-outbox-only");
    return only ? items.filter(function (i) { return i.url && i.url.indexOf(only) === 0; }) : items;
  }

  // A refused record opened again from the waiting list: its answers back in the form, errors in place.
  function restoreFix(form) {
    var key = window.sessionStorage.getItem(FIX);
    if (!key) { return; }
    var item = load().filter(function (i) { return i.key === key; })[0];
    if (!item || item.url !== form.getAttribute("data-outbox-url")) { return; }
    var skip = ["csrf_token", form.getAttribute("data-outbox-key")];
    var values = {};
    item.fields.forEach(function (pair) {
      if (skip.indexOf(pair[0]) < 0) { (values[pair[0]] = values[pair[0]] || []).push(pair[1]); }
    });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in values) || el.type === "file") { return; }
      if (el.type === "radio" || el.type === "checkbox") { el.checked = values[el.name].indexOf(el.value) >= 0; }
      else { el.value = values[el.name][0]; }
    });
    say((form.getAttribute("data-msg-fix") || "") + " " + (item.refused || ""));
    if (window.SNCheck) { window.SNCheck.run(form); }
  }

  function setupOutbox() {
    var box = document.getElementById("outbox");
    if (!box) { return; }
    document.getElementById("outbox-send").addEventListener("click", function () {
      save(load().map(function (i) { delete i.refused; return i; }));
      flush();
    });
    document.getElementById("outbox-clear").addEventListener("click", function () {
      var keep = mine(box, load());
      if (keep.length && !window.confirm(box.getAttribute("data-confirm"))) { return; }
      var gone = keep.map(function (i) { return i.key; });
      save(load().filter(function (i) { return gone.indexOf(i.key) < 0; }));
      say(box.getAttribute("data-msg-cleared"));
      refreshCount();
    });
  }

  function registerWorker() {
    if (!("serviceWorker" in navigator)) { return; }
    navigator.serviceWorker.register("/sw.js", {scope: "/"}).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      // The page and what it loaded are cached now, so it opens again without signal.
      var urls = [window.location.pathname];
      document.querySelectorAll("script[src], link[rel=stylesheet][href]").forEach(function (el) {
        urls.push(el.getAttribute("src") || el.getAttribute("href"));
      });
      if (registration.active) { registration.active.postMessage({cache: urls}); }
    }).catch(function () { /* without a worker the page still saves on the phone while it stays open */ });
  }

  var form = document.querySelector("form[data-outbox]");
  if (form) { setupRecorder(form); restoreFix(form); }
  setupOutbox();
  refreshCount();
  registerWorker();
  window.addEventListener("online", flush);
  if (navigator.onLine) { flush(); }
})();
