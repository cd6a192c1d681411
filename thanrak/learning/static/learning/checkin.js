// The trainer's attendance page at a venue without a network. Every QR scan (camera or typed) and
// every saved list goes first into a queue in IndexedDB on this phone, then to the server when the
// network allows; nothing leaves the queue until the server has answered for it. The server counts
// a participant once per session however many times a scan is sent, so a reply lost on the way
// and the scan sent again changes nothing. While online, this page and its scripts are kept in the
// Cache API so that the service worker (core/offline-sw.js, served at /learning/sw.js) can give
// them back when the venue has no signal.
(function () {
  "use strict";
  const root = document.getElementById("learning-attendance");
  if (!root) return;
  const t = document.getElementById("learning-i18n").dataset;
  const $ = (id) => document.getElementById(id);
  const user = root.dataset.user;
  const session = root.dataset.session;
  const DB = "thanrak-learning";
  let sending = false;
  let backoff = 2000;

  if (navigator.storage && navigator.storage.persist) navigator.storage.persist();

  // --- this page kept for the venue (the cache belongs to the logged-in person) ---
  async function keep() {
    if (!("serviceWorker" in navigator) || !window.caches || !navigator.onLine) return;
    navigator.serviceWorker.register(root.dataset.sw).catch(() => {});
    const mine = `thanrak-learning-${user}`;
    for (const name of await caches.keys()) {
      if (name.startsWith("thanrak-learning-") && name !== mine && name !== "thanrak-learning-static-v1") {
        await caches.delete(name);
      }
    }
    const files = Array.from(document.querySelectorAll("script[src], link[rel=stylesheet]"), (el) => el.src || el.href);
    await (await caches.open(mine)).addAll([location.href, ...files]).catch(() => {});
    document.documentElement.dataset.offlineReady = "true";
  }

  // --- the queue in IndexedDB: "scans" keyed by session and token, "lists" keyed by session ---
  const opened = new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore("scans", { keyPath: "key" });
      request.result.createObjectStore("lists", { keyPath: "session" });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  async function store(name, mode, work) {
    const db = await opened;
    return new Promise((resolve, reject) => {
      const tx = db.transaction(name, mode);
      const request = work(tx.objectStore(name));
      tx.oncomplete = () => resolve(request ? request.result : undefined);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  }
  const all = async (name) => (await store(name, "readonly", (s) => s.getAll())).filter((row) => row.user === user);
  const remove = (name, keys) => store(name, "readwrite", (s) => { keys.forEach((k) => s.delete(k)); return null; });

  // --- what the trainer sees ---
  const say = (text) => { $("learning-message").textContent = text; };
  function setOnline(on) {
    const badge = $("learning-net");
    badge.textContent = on ? t.online : t.offline;
    badge.classList.toggle("bad", !on);
    badge.classList.toggle("good", on);
  }
  async function renderQueue() {
    const waiting = (await all("scans")).length + (await all("lists")).length;
    $("learning-queue").textContent = `${waiting} ${t.waiting}`;
  }
  // A token is "payload:signature"; the payload is the enrolment id in base64 (signed, not secret).
  function enrolmentOf(token) {
    try {
      const payload = token.split(":")[0].replace(/-/g, "+").replace(/_/g, "/");
      const id = parseInt(atob(payload + "===".slice((payload.length + 3) % 4)), 10);
      return Number.isFinite(id) ? String(id) : null;
    } catch (e) {
      return null;
    }
  }
  const rowOf = (token) => {
    const id = enrolmentOf(token);
    return id ? document.querySelector(`[data-enrolment="${id}"]`) : null;
  };
  function showRow(token, state, checked) {
    const row = rowOf(token);
    if (!row) return;
    row.querySelector(".learning-state").textContent = state;
    if (checked) {
      const present = row.querySelector("input[value=PRESENT]");
      if (present) present.checked = true;
      row.querySelector("fieldset").disabled = true;
    }
  }
  const nameOf = (token) => { const row = rowOf(token); return row ? row.dataset.name : t.unknown; };

  // --- one scan: into the queue, then sent ---
  async function scanned(raw) {
    const token = String(raw || "").trim();
    if (!token || token.length > 200) { say(t.invalid); return; }
    // One participant once per session on this phone, whichever copy of their code is shown.
    const scan = { key: `${session}|${enrolmentOf(token) || token}`, user, session, url: root.dataset.checkinsUrl, token, at: new Date().toISOString() };
    try {
      await store("scans", "readwrite", (s) => s.add(scan));
    } catch (e) {
      say(`${nameOf(token)} · ${t.again}`);  // the first scan on this phone decides the time
      return;
    }
    showRow(token, t.waiting, true);
    say(`${nameOf(token)} · ${t.kept}`);
    await renderQueue();
    flush();
  }

  // --- the whole list, kept as the latest one per session ---
  async function listSaved(form) {
    const present = [], late = [];
    form.querySelectorAll("input[type=radio]:checked").forEach((input) => {
      if (input.closest("fieldset").disabled) return;  // marked by QR: the server keeps those
      const id = parseInt(input.name.replace("mark-", ""), 10);
      if (input.value === "PRESENT") present.push(id);
      if (input.value === "LATE") late.push(id);
    });
    await store("lists", "readwrite", (s) => s.put({ session, user, url: root.dataset.listUrl, present, late }));
    say(t.listKept);
    await renderQueue();
    flush();
  }

  // --- sending what is queued ---
  const csrf = () => { try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; } };
  async function send(url, method, body) {
    const response = await fetch(url, {
      method, credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify(body),
    });
    if (response.status === 401 || response.status === 403) { say(t.login); throw new Error("login"); }
    if (response.status >= 500 || response.status === 408 || response.status === 429) throw new Error(String(response.status));
    return response;
  }
  const reason = (code) => t[`code_${code}`] || code;

  async function flushLists() {
    for (const list of await all("lists")) {
      const response = await send(list.url, "PUT", { present: list.present, late: list.late });
      await remove("lists", [list.session]);
      if (response.ok) say(t.listSent);
      else say(`${t.refused}: ${(await response.json().catch(() => ({}))).detail || response.status}`);
    }
  }

  async function flushScans() {
    const bySession = new Map();
    (await all("scans")).forEach((scan) => bySession.set(scan.url, [...(bySession.get(scan.url) || []), scan]));
    for (const [url, scans] of bySession) {
      for (let i = 0; i < scans.length; i += 1000) {
        const chunk = scans.slice(i, i + 1000);
        const response = await send(url, "POST", { scans: chunk.map((s) => ({ token: s.token, at: s.at })) });
        await remove("scans", chunk.map((s) => s.key));
        if (!response.ok) { say(`${t.refused}: ${response.status}`); continue; }
        const result = await response.json();
        const refused = new Map(result.refused.map((r) => [r.token, r.code]));
        chunk.forEach((s) => showRow(s.token, refused.has(s.token) ? reason(refused.get(s.token)) : "QR", false));
        const problems = result.refused.map((r) => `${nameOf(r.token)}: ${reason(r.code)}`);
        say([`${t.sent} · ${t.accepted} ${result.accepted} · ${t.already} ${result.already} · ${t.refused} ${result.refused.length}`, ...problems].join("\n"));
      }
    }
  }

  async function flush() {
    if (sending || !navigator.onLine) { setOnline(navigator.onLine); return; }
    sending = true;
    try {
      await flushLists();
      await flushScans();
      setOnline(true);
      backoff = 2000;
    } catch (e) {
      if (e.message === "login") return;  // kept until the trainer logs in again
      setOnline(false);
      backoff = Math.min(backoff * 2, 60000);
      setTimeout(flush, backoff);
    } finally {
      sending = false;
      renderQueue();
    }
  }

  // --- the camera: the browser's own BarcodeDetector where it has one, else jsQR (vendored) ---
  let stream = null;
  let last = { token: "", at: 0 };
  function stopCamera() {
    if (stream) stream.getTracks().forEach((track) => track.stop());
    stream = null;
    $("learning-scanner").hidden = true;
    $("learning-scan").textContent = t.scan;
  }
  async function startCamera() {
    const video = $("learning-video");
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
    } catch (e) {
      say(t.noCamera);
      return;
    }
    video.srcObject = stream;
    $("learning-scanner").hidden = false;
    $("learning-scan").textContent = t.stop;
    await video.play().catch(() => {});
    const detector = "BarcodeDetector" in window ? new window.BarcodeDetector({ formats: ["qr_code"] }) : null;
    const canvas = document.createElement("canvas");
    const context = canvas.getContext("2d", { willReadFrequently: true });
    const read = async () => {
      if (detector) {
        const codes = await detector.detect(video).catch(() => []);
        return codes.length ? codes[0].rawValue : null;
      }
      if (!video.videoWidth) return null;
      const scale = Math.min(1, 640 / Math.max(video.videoWidth, video.videoHeight));
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      const image = context.getImageData(0, 0, canvas.width, canvas.height);
      const code = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
      return code ? code.data : null;
    };
    const tick = async () => {
      if (!stream) return;
      const token = await read();
      // The trainer scans one person after another; the same code held in front of the camera counts once.
      if (token && (token !== last.token || Date.now() - last.at > 5000)) {
        last = { token, at: Date.now() };
        scanned(token);
      }
      setTimeout(tick, 150);
    };
    tick();
  }

  const scanButton = $("learning-scan");
  if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia && ("BarcodeDetector" in window || window.jsQR)) {
    scanButton.hidden = false;
    scanButton.addEventListener("click", () => (stream ? stopCamera() : startCamera()));
  }
  $("learning-checkin").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = $("id_token");
    scanned(input.value);
    input.value = "";
    input.focus();
  });
  $("learning-list").addEventListener("submit", (event) => {
    event.preventDefault();
    listSaved(event.target);
  });
  window.addEventListener("online", flush);
  window.addEventListener("offline", () => setOnline(false));
  setOnline(navigator.onLine);
  // Scans kept earlier on this phone are shown as waiting, and sent when the network allows.
  all("scans").then((scans) => scans.filter((s) => s.session === session).forEach((s) => showRow(s.token, t.waiting, true)));
  renderQueue();
  flush();
  keep();
})();
