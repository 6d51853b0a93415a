/* Service worker: keeps the walk-recording and paper/door-to-door entry pages and static files for use without signal.
 *
 * Network first, so a connected phone always gets fresh pages; the cache answers only
 * when the network does not. Only the pages listed in CACHEABLE are kept: results,
 * exports and photos never stay on the phone.
 */
"use strict";
var CACHE = "sn-offline-v1";
var CACHEABLE = [/^\/static\//, /^\/groups\/\d+\/walks\/\d+\/record$/, /^\/groups\/\d+\/surveys\/\d+\/paper$/,
                 /^\/walks\/waiting$/];

function cacheable(url) {
  return url.origin === self.location.origin && CACHEABLE.some(function (re) { return re.test(url.pathname); });
}

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("message", function (event) {
  var urls = ((event.data && event.data.cache) || []).filter(function (u) { return cacheable(new URL(u, self.location.origin)); });
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(urls.map(function (u) {
      return fetch(u, {credentials: "same-origin"}).then(function (response) {
        // A redirect to another page that may be kept (a blank paper form gets its one-time token) is
        // fine; one to a page that may not (the sign-in page of an expired session) is not kept.
        if (response.ok && (!response.redirected || cacheable(new URL(response.url)))) {
          return cache.put(new URL(u, self.location.origin).pathname, response);
        }
      }).catch(function () {});
    }));
  }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (!cacheable(url)) { return; }
  event.respondWith(fetch(request).then(function (response) {
    if (response.ok && response.type === "basic" && !response.redirected) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(url.pathname, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(url.pathname).then(function (cached) {
      return cached || new Response("", {status: 503, statusText: "offline"});
    });
  }));
});
