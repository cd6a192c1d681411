// A volunteer records visits without a network. Every visit is written to a queue on the phone
// first (localStorage, one queue per logged-in person) with a key made on the phone, then sent to
// the server's sync endpoint; it leaves the queue only when the server has answered for it, so a
// visit sent twice (reply lost, page reloaded, back online) is recorded once. While online the
// caseload pages and every household's page are kept for the service worker (core/offline-sw.js,
// served at /services/caseload/sw.js) to give back offline.
// Without JavaScript the visit form posts as usual.
(function () {
  "use strict";
  const script = document.currentScript;
  if (!script) return;
  const user = script.dataset.user;
  const QUEUE = `thanrak-visits-${user}`;
  const REFUSED = `thanrak-visits-refused-${user}`;
  const CACHE = `thanrak-caseload-${user}`;
  const syncUrl = script.dataset.sync;
  let sending = false;
  let backoff = 2000;

  const load = (key) => { try { return JSON.parse(localStorage.getItem(key) || "[]"); } catch (e) { return []; } };
  const save = (key, value) => { try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* full */ } };
  const csrf = () => { try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; } };
  const newKey = () => (window.crypto && crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2, 12)}`);
  const status = () => document.getElementById("visit-queue");

  // The date box as the server reads it: dd/mm/yyyy (B.E. or C.E., Thai or Arabic digits) or ISO.
  function isoDate(text) {
    const t = String(text || "").replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50)).trim();
    let m = t.match(/^(\d{4})-(\d{1,2})-(\d{1,2})$/);
    let y, mo, d;
    if (m) { [y, mo, d] = [+m[1], +m[2], +m[3]]; }
    else if ((m = t.match(/^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$/))) { [d, mo, y] = [+m[1], +m[2], +m[3]]; }
    else return null;
    if (y >= 2400) y -= 543;
    const date = new Date(Date.UTC(y, mo - 1, d));
    if (date.getUTCMonth() !== mo - 1) return null;
    return date.toISOString().slice(0, 10);
  }

  function render() {
    const el = status();
    if (!el) return;
    const queue = load(QUEUE);
    const refused = load(REFUSED);
    const lines = [];
    if (queue.length) lines.push(`${queue.length} ${el.dataset.pending}`);
    refused.forEach((r) => lines.push(`${el.dataset.refused} ${r.on} · ${r.what}: ${r.error}`));
    el.textContent = lines.join(" · ");
    el.hidden = !lines.length;
    el.className = queue.length || refused.length ? "badge warn" : "badge good";
  }

  async function flush() {
    const queue = load(QUEUE);
    if (sending || !queue.length || !syncUrl) return;
    sending = true;
    let sent = false;
    try {
      const response = await fetch(syncUrl, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
        body: JSON.stringify({ visits: queue }),
      });
      if (!response.ok) throw new Error(String(response.status));
      const results = await response.json();
      const answered = new Set(results.map((r) => r.client_key));
      const refused = load(REFUSED);
      results.filter((r) => r.error).forEach((r) => {
        const visit = queue.find((v) => v.client_key === r.client_key) || {};
        refused.push({ on: visit.on, what: visit.what, error: r.error });
      });
      // Visits added while this request was in flight stay in the queue.
      save(QUEUE, load(QUEUE).filter((v) => !answered.has(v.client_key)));
      save(REFUSED, refused.slice(-20));
      backoff = 2000;
      sent = results.some((r) => r.visit_id);
    } catch (e) {
      backoff = Math.min(backoff * 2, 60000);
      setTimeout(flush, backoff);
    } finally {
      sending = false;
      render();
    }
    // The household's page shows the visit from the server now (recorded now or by a reply that was lost).
    if (sent && document.querySelector("form[data-visit-form]")) location.reload();
  }

  const form = document.querySelector("form[data-visit-form]");
  if (form) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const problem = form.querySelector("[data-visit-problem]");
      const on = isoDate(form.elements.on.value);
      const what = form.elements.what.value.trim();
      const say = (text, field) => {
        problem.textContent = text;
        problem.hidden = false;
        if (field) form.elements[field].focus();
      };
      if (!on) return say(problem.dataset.date, "on");
      if (!what) return say(problem.dataset.what, "what");
      problem.hidden = true;
      const queue = load(QUEUE);
      queue.push({
        client_key: newKey(), assignment_id: Number(form.dataset.assignment), on, what,
        next_step: form.elements.next_step.value.trim(),
      });
      save(QUEUE, queue);
      form.elements.what.value = "";
      form.elements.next_step.value = "";
      render();
      flush();
    });
  }

  // Keep the caseload pages on the phone (this one, and from the list every household's page).
  async function keep() {
    if (!("serviceWorker" in navigator) || !window.caches || !navigator.onLine) return;
    navigator.serviceWorker.register(script.dataset.sw).catch(() => {});
    for (const name of await caches.keys()) {
      if (name.startsWith("thanrak-caseload-") && name !== CACHE && !name.endsWith("-static-v1")) await caches.delete(name);
    }
    const cache = await caches.open(CACHE);
    const files = Array.from(document.querySelectorAll("script[src], link[rel=stylesheet]"), (el) => el.src || el.href);
    await cache.addAll([location.href, ...files]).catch(() => {});
    for (const link of document.querySelectorAll("a[data-offline]")) {
      if (!navigator.onLine) return;
      try {
        const response = await fetch(link.href, { credentials: "same-origin" });
        if (response.ok && !response.redirected) await cache.put(link.href, response);
      } catch (e) {
        return;
      }
    }
    document.documentElement.dataset.offlineReady = "true";
  }

  window.addEventListener("online", flush);
  setInterval(flush, 20000);
  render();
  flush();
  keep();
})();
