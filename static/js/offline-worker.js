/* Service worker: keeps the walk-recording, paper/door-to-door entry and residents' one-page survey
 * forms and static files for use without signal.
 *
 * Network first, so a connected phone always gets fresh pages; the cache answers only
 * when the network does not. Only the pages listed in CACHEABLE are kept: results,
 * exports and photos never stay on the phone, nor does any answer (pages are kept blank:
 * a survey's offline form is asked for before anything is typed, and answers live in the
 * page's outbox until sent). A survey page opened with no signal gets that survey's offline form.
 */
"use strict";
var CACHE = "sn-offline-v2";
var CACHEABLE = [/^\/static\//, /^\/groups\/\d+\/walks\/\d+\/record$/, /^\/groups\/\d+\/surveys\/\d+\/paper$/,
                 /^\/walks\/waiting$/, /^\/s\/[^/]+\/offline\/[a-z]{2}$/];
// The multi-page answering flow of a survey (start, pages, review): with no signal, its offline form.
var SURVEY_PAGE = /^\/s\/([^/]+)(\/(p\/\d+|review|t))?$/;
var ASSET = /(?:src|href)="(\/static\/[^"?#]+)"/g;

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
          var path = new URL(u, self.location.origin).pathname;
          if (/^\/static\//.test(path) || !/html/.test(response.headers.get("Content-Type") || "")) {
            return cache.put(path, response);
          }
          // A page is kept with the static files it loads, so it opens whole without signal.
          return response.clone().text().then(function (html) {
            var assets = [], match;
            ASSET.lastIndex = 0;
            while ((match = ASSET.exec(html)) !== null) { assets.push(match[1]); }
            return Promise.all([cache.put(path, response)].concat(assets.map(function (a) {
              return cache.match(a).then(function (hit) {
                return hit || fetch(a).then(function (r) { if (r.ok) { return cache.put(a, r); } });
              }).catch(function () {});
            })));
          });
        }
      }).catch(function () {});
    }));
  }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  var survey = url.origin === self.location.origin && request.mode === "navigate" && SURVEY_PAGE.exec(url.pathname);
  if (survey) {
    event.respondWith(fetch(request).catch(function () { return offlineForm(survey[1]); }));
    return;
  }
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

// The survey's one-page offline form kept on this phone (any of its languages), or the plain offline answer.
function offlineForm(slug) {
  var prefix = "/s/" + slug + "/offline/";
  return caches.open(CACHE).then(function (cache) {
    return cache.keys().then(function (requests) {
      var kept = requests.filter(function (r) { return new URL(r.url).pathname.indexOf(prefix) === 0; });
      return kept.length ? cache.match(kept[kept.length - 1]) : new Response("", {status: 503, statusText: "offline"});
    });
  });
}
