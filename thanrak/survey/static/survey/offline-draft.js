// The household form keeps every unsent answer on the phone (localStorage, one entry per round and
// household), so a collector who loses the network or closes the page loses nothing. Each change
// is stored locally first, then sent to the server as a draft; the local copy is removed once the
// server has exactly that copy. Without JavaScript the form still posts normally.
(function () {
  "use strict";
  const FORM = "#survey-form[data-draft-key]";
  let sending = false;
  let again = false;
  let timer = null;
  let controller = null;
  let kept = false; // answers waited on the phone (offline, failed or restored): say when they are sent
  let restored = false;
  let swapping = false;
  let onServer = {}; // the answers as the server last rendered them

  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

  const notice = () => document.getElementById("draft-notice");
  function say(kind, append) {
    const el = notice();
    if (!el) return;
    el.textContent = ((append && !el.hidden ? el.textContent + " " : "") + (el.dataset[kind] || "")).trim();
    el.hidden = !el.textContent;
    el.className = kind === "offline" ? "badge warn" : "badge good";
  }

  function load(key) {
    try { return JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }
  function store(key, copy) {
    try { window.localStorage.setItem(key, JSON.stringify(copy)); } catch (e) { /* storage full or disabled */ }
  }

  // The form's answers as {name: value}: text as typed (empty too, so clearing a field counts), the
  // checked radio of each group. The CSRF token and the buttons are not answers.
  function answers(form) {
    const out = {};
    for (const el of form.elements) {
      if (!el.name || el.disabled || el.name === "csrfmiddlewaretoken" || el.type === "submit") continue;
      if (el.type === "radio") { if (el.checked) out[el.name] = el.value; } else out[el.name] = el.value;
    }
    return out;
  }

  function fill(form, values) {
    for (const [name, value] of Object.entries(values)) {
      const fields = form.querySelectorAll(`[name="${CSS.escape(name)}"]`);
      fields.forEach((el) => {
        if (el.type === "radio") el.checked = el.value === value;
        else el.value = value;
      });
    }
  }

  // Every answer of the local copy is already what the server rendered (so the server has it).
  function serverHas(form, copy) {
    const shown = answers(form);
    return Object.entries(copy.answers).every(([k, v]) => (shown[k] ?? "") === v);
  }

  function remember(form) {
    const key = form.dataset.draftKey;
    const previous = load(key);
    // Answers of fields the page does not show yet (restored ones) are kept until sent.
    store(key, { answers: { ...(previous ? previous.answers : {}), ...answers(form) }, at: Date.now() });
  }

  async function send() {
    const form = document.querySelector(FORM);
    if (!form) return;
    const key = form.dataset.draftKey;
    const copy = load(key);
    if (!copy) return;
    if (!navigator.onLine) { kept = true; say("offline"); return; }
    if (sending) { again = true; return; }
    sending = true;
    controller = new AbortController();
    const giveUp = window.setTimeout(() => controller.abort(), 20000); // a stalled mobile connection
    const body = new URLSearchParams();
    body.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
    for (const [k, v] of Object.entries(copy.answers)) body.append(k, v);
    body.append("action", "save");
    try {
      const response = await fetch(form.getAttribute("action"), {
        method: "POST", body, credentials: "same-origin", headers: { "HX-Request": "true" },
        signal: controller.signal,
      });
      if (!response.ok) throw new Error(String(response.status));
      const html = await response.text();
      const latest = load(key);
      const allSent = latest && latest.at === copy.at;
      if (allSent) window.localStorage.removeItem(key);
      const holder = document.createElement("div");
      holder.innerHTML = html.trim();
      const fresh = holder.querySelector("#survey-form");
      if (fresh) {
        const focused = document.activeElement && document.activeElement.name;
        onServer = answers(fresh);
        swapping = true; // removing the focused field may fire a change of the old form: not an answer
        try { form.replaceWith(fresh); } finally { swapping = false; }
        if (window.htmx) window.htmx.process(fresh);
        const newer = load(key);
        if (newer) fill(fresh, newer.answers); // typed while the copy was on its way
        if (focused) fresh.querySelector(`[name="${CSS.escape(focused)}"]`)?.focus();
      }
      if (kept && allSent) { say("sent", restored); kept = false; restored = false; }
    } catch (e) {
      kept = true;
      say("offline");
    } finally {
      window.clearTimeout(giveUp);
      sending = false;
      if (again) { again = false; send(); }
    }
  }

  function changed(event) {
    const form = event.target.closest(FORM);
    if (!form || swapping) return;
    if (!load(form.dataset.draftKey) && same(answers(form), onServer)) return; // nothing new to keep
    remember(form);
    window.clearTimeout(timer);
    timer = window.setTimeout(send, event.type === "change" ? 300 : 1500);
  }

  function start() {
    const form = document.querySelector(FORM);
    if (!form) return;
    const key = form.dataset.draftKey;
    if (form.dataset.status === "SUBMITTED") { window.localStorage.removeItem(key); return; }
    onServer = answers(form);
    const copy = load(key);
    if (!copy) return;
    if (serverHas(form, copy)) { window.localStorage.removeItem(key); return; }
    fill(form, copy.answers);
    kept = true;
    restored = true;
    say("restored");
    if (navigator.onLine) send();
  }

  // Offline, a post would end on the browser's "no internet" page: keep the answers here instead.
  document.addEventListener("submit", (event) => {
    const form = event.target.closest(FORM);
    if (!form || navigator.onLine) return;
    event.preventDefault();
    remember(form);
    kept = true;
    say("offline");
  });
  document.addEventListener("input", changed);
  document.addEventListener("change", changed);
  window.addEventListener("online", send);
  window.addEventListener("offline", () => {
    if (controller) controller.abort();
    if (!document.querySelector(FORM)) return;
    kept = true;
    say("offline");
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
