/* The service worker (/sw.js, scope: the site's root), made by the build (docs/SITE.md,
   "Reading offline"). The latest edition (home, edition, 版 and article pages) and the
   theme's files are saved when this worker is installed; a new edition changes this file,
   so the browser installs it again, and the saved copies of older editions are dropped.
   Pages come from the network first (a reader online never sees a stale page), from the
   saved copy when offline, else the offline page; /assets/ files, whose names change
   with their content, come from the cache first (the 繁體 table, s2t.json, is saved so
   when a reader turns 繁體 on). Other requests (feeds, search index)
   are left to the network. */
"use strict";
var VERSION = {{ version|tojson }};
var PRECACHE = {{ precache|tojson }}.concat([
  {{ asset('style.css')|tojson }}, {{ asset('app.js')|tojson }}, {{ asset('listen.js')|tojson }}, {{ asset('favicon.svg')|tojson }},
  {{ asset('traditional.js')|tojson }}
]);
var OFFLINE = {{ offline|tojson }};
var PREFIX = "sitegen-offline " + self.registration.scope + " ";
var CACHE = PREFIX + VERSION;
var ASSETS = new URL("assets/", self.registration.scope).pathname;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    // "reload": the network's copy, never one the browser's HTTP cache kept.
    return cache.addAll(PRECACHE.map(function (url) { return new Request(url, {cache: "reload"}); }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(PREFIX) === 0 && name !== CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function networkFirst(event) {
  var request = event.request;
  // "no-cache": asks the server every time (a 304 when unchanged), so a page the
  // browser's HTTP cache holds from before a new edition is never shown online.
  return fetch(new Request(request, {cache: "no-cache"})).then(function (response) {
    if (response.ok && response.type === "basic") {
      var copy = response.clone();
      event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.put(request, copy); }));
    }
    return response;
  }, function () {
    return caches.open(CACHE).then(function (cache) {
      return cache.match(request, {ignoreSearch: true}).then(function (saved) {
        return saved || cache.match(OFFLINE).then(function (page) { return page || Response.error(); });
      });
    });
  });
}

function cacheFirst(request) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(request).then(function (saved) {
      return saved || fetch(request).then(function (response) {
        if (response.ok) cache.put(request, response.clone());
        return response;
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") event.respondWith(networkFirst(event));
  else if (url.pathname.indexOf(ASSETS) === 0) event.respondWith(cacheFirst(request));
});
