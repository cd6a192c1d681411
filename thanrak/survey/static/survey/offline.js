// The collector's pages work without a network. While online, this page, its scripts and styles
// are kept on the phone, and on a village's household list every household's form as well, so a
// volunteer can walk the village without a signal; the service worker (core/offline-sw.js, served
// at /survey/sw.js) gives the kept copies back when the network is gone. The cache belongs to the logged-in person: another person's is removed.
(function () {
  "use strict";
  const script = document.currentScript;
  if (!script || !("serviceWorker" in navigator) || !window.caches || !navigator.onLine) return;
  const CACHE = `thanrak-survey-${script.dataset.user}`;
  navigator.serviceWorker.register(script.dataset.sw).catch(() => {});

  async function keep() {
    for (const name of await caches.keys()) {
      if (name.startsWith("thanrak-survey-") && name !== CACHE && name !== "thanrak-survey-static-v1") {
        await caches.delete(name);
      }
    }
    const cache = await caches.open(CACHE);
    const filesOf = (doc) => Array.from(doc.querySelectorAll("script[src], link[rel=stylesheet]"), (el) => el.src || el.href);
    const kept = new Set(filesOf(document));
    await cache.addAll([location.href, ...kept]).catch(() => {});
    // One form at a time: a village's households, without a burst on the server.
    for (const link of document.querySelectorAll("a[data-offline]")) {
      if (!navigator.onLine) return;
      try {
        const response = await fetch(link.href, { credentials: "same-origin" });
        if (!response.ok || response.redirected) continue;
        const html = await response.clone().text();
        await cache.put(link.href, response);
        // The form's own scripts (the drafts kept on the phone) are not on this page.
        const page = new DOMParser().parseFromString(html, "text/html");
        const base = document.createElement("base");
        base.href = link.href;
        page.head.prepend(base);
        const more = filesOf(page).filter((url) => !kept.has(url));
        more.forEach((url) => kept.add(url));
        if (more.length) await cache.addAll(more);
      } catch (e) {
        return;
      }
    }
    document.documentElement.dataset.offlineReady = "true";
  }
  keep();
})();
