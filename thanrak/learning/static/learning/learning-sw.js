// Service worker of the trainer's attendance pages, served from /learning/sw.js so that it answers
// for the pages under /learning/. A page comes from the network while there is one; when the venue
// has none, the copy that checkin.js kept on this phone answers instead of the browser's "no
// internet" page. Check-ins are never cached here: checkin.js keeps them in IndexedDB until the
// server has them.
const PAGES = "thanrak-learning-"; // checkin.js keeps pages in "thanrak-learning-<user>"
const STATIC = "thanrak-learning-static-v1";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

async function keptPage(request) {
  for (const name of await caches.keys()) {
    if (!name.startsWith(PAGES) || name === STATIC) continue;
    const hit = await (await caches.open(name)).match(request, { ignoreVary: true });
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
    // Scripts, styles and fonts: the network's copy is kept for the next time there is none.
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
