// The one service worker of the pages that work offline: the collector's survey pages (/survey/sw.js),
// the trainer's attendance pages (/learning/sw.js) and the volunteer's caseload pages
// (/services/caseload/sw.js). Each app serves this file from its own folder, because a worker answers
// only for the pages under the folder it is served from; its name is that folder's last part
// ("survey", "learning", "caseload") unless the script's URL says ?name=…, so a phone that installed
// a worker before keeps it at the same address.
//
// A page comes from the network while there is one; when the network is gone the copy that the app's
// script kept on this phone (in "thanrak-<name>-<user>") answers instead of the browser's "no
// internet" page. What a person records (answers, check-ins, visits) is never cached here: the app's
// script keeps it in its own queue until the server has it.
const NAME =
  new URL(self.location).searchParams.get("name") ||
  new URL(self.location).pathname.split("/").filter(Boolean).slice(-2, -1)[0];
const PAGES = `thanrak-${NAME}-`;
const STATIC = `thanrak-${NAME}-static-v1`;

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
