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
      // Paper entry waits on the phone only with no connection; online it posts as a normal form,
      // whose one-time token refuses a second save of the same sheet.
      if (form.getAttribute("data-outbox-when") === "offline" && navigator.onLine) { return; }
      event.preventDefault();
      // A fresh key for every stop: the page may come from the phone's cache with an old one.
      keyInput.value = newKey();
      var photo = form.querySelector("input[type=file]");
      var hasPhoto = photo && photo.files && photo.files.length;
      var item = {key: keyInput.value, url: form.getAttribute("data-outbox-url"), walk: form.getAttribute("data-outbox-name"),
                  label: labelOf(form), saved_at: new Date().toISOString(), fields: fieldsOf(form)};
      var items = load();
      items.push(item);
      save(items);
      form.reset();
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
    var items = load();
    if (!items.length) {
      var empty = document.createElement("li");
      empty.textContent = box.getAttribute("data-empty");
      list.appendChild(empty);
      return;
    }
    items.forEach(function (item) {
      var li = document.createElement("li");
      li.textContent = (item.walk ? item.walk + ": " : "") + (item.label || "?") + " (" + item.saved_at.slice(0, 16).replace("T", " ") + ") – " +
        (item.refused ? box.getAttribute("data-refused") + " " + item.refused : box.getAttribute("data-waiting"));
      list.appendChild(li);
    });
  }

  function setupOutbox() {
    var box = document.getElementById("outbox");
    if (!box) { return; }
    document.getElementById("outbox-send").addEventListener("click", function () {
      save(load().map(function (i) { delete i.refused; return i; }));
      flush();
    });
    document.getElementById("outbox-clear").addEventListener("click", function () {
      if (load().length && !window.confirm(box.getAttribute("data-confirm"))) { return; }
      save([]);
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
  if (form) { setupRecorder(form); }
  setupOutbox();
  refreshCount();
  registerWorker();
  window.addEventListener("online", flush);
  if (navigator.onLine) { flush(); }
})();
