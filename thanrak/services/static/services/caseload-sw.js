// Service worker of the volunteer's caseload pages, served from /services/caseload/sw.js so that it
// answers for every page under /services/caseload/. A page comes from the network while there is
// one; when the network is gone the copy visits-offline.js kept on this phone answers instead.
// Visits are never cached here: visits-offline.js keeps them in its own queue until the server has them.
const PAGES = "thanrak-caseload-"; // visits-offline.js keeps pages in "thanrak-caseload-<user>"
const STATIC = "thanrak-caseload-static-v1";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

async function keptPage(request) {
  for (const name of await caches.keys()) {
    if (!name.startsWith(PAGES) || name === STATIC) continue;
    const hit = await (await caches.open(name)).match(request, { ignoreVary: true, ignoreSearch: false });
    if (hit) return hit;
  }
  return Response.error();
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(() => keptPage(request)));
  } else if (url.pathname.startsWith("/static/")) {
    event.respondWith(
      fetch(request).then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(STATIC).then((cache) => cache.put(request, copy));
        }
        return response;
      }).catch(() => caches.match(request, { ignoreVary: true }).then((hit) => hit || Response.error()))
    );
  }
});
