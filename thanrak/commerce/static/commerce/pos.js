// The counter screen. Sales are written to a queue in localStorage first and sent to the server
// when the network allows; each carries a key made on the device, so sending one again (after a
// timeout, a reload, two tabs) records it once. Nothing leaves the queue until the server answers.
(function () {
  "use strict";
  const root = document.getElementById("pos");
  if (!root) return;
  const t = document.getElementById("pos-i18n").dataset;
  const session = root.dataset.session;
  const QUEUE = `thanrak-pos-queue-${session}`;
  const RECENT = `thanrak-pos-recent-${session}`;
  const STATIC_QR = `thanrak-pos-static-qr-${session}`;
  const catalogue = JSON.parse(document.getElementById("pos-catalogue").textContent);
  const $ = (id) => document.getElementById(id);
  let lines = [];
  let sending = false;
  let backoff = 2000;

  if (navigator.storage && navigator.storage.persist) navigator.storage.persist();

  // Keep this screen and its files in the cache the service worker answers from when offline.
  if ("serviceWorker" in navigator && window.caches && navigator.onLine) {
    navigator.serviceWorker.register(root.dataset.sw).catch(() => {});
    const files = [location.href, ...Array.from(document.querySelectorAll("script[src], link[rel=stylesheet]"), (el) => el.src || el.href)];
    caches.open("thanrak-pos-v1").then((cache) => cache.addAll(files)).catch(() => {});
  }

  const load = (key) => { try { return JSON.parse(localStorage.getItem(key) || "[]"); } catch (e) { return []; } };
  const save = (key, value) => localStorage.setItem(key, JSON.stringify(value));
  const baht = (satang) => (satang / 100).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const money = (satang) => `฿ ${baht(satang)}`;
  // What the cashier typed, read as the server's parse_baht reads it: Thai or Arabic digits, commas,
  // spaces, "฿" before or "บาท" after. Anything else (letters, "1e3", three decimals) is null: refused.
  const toSatang = (text) => {
    const cleaned = String(text || "")
      .replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50))
      .replace(/[,\s]/g, "").replace(/^฿/, "").replace(/บาท$/, "");
    if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return null;
    const [whole, frac = ""] = cleaned.split(".");
    return parseInt(whole, 10) * 100 + parseInt((frac + "00").slice(0, 2), 10);
  };
  const csrf = () => { try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; } };
  const newKey = () => (window.crypto && crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2, 12)}`);
  const total = () => lines.reduce((sum, l) => sum + l.price * l.quantity, 0);
  const say = (text) => { $("pos-message").textContent = text; };

  function find(code) {
    const c = code.trim().toLowerCase();
    if (!c) return null;
    return catalogue.find((i) => i.ean === c || i.sku.toLowerCase() === c) ||
      catalogue.find((i) => i.name.toLowerCase().includes(c)) || null;
  }

  function render() {
    const body = $("pos-lines");
    body.replaceChildren();
    lines.forEach((l, index) => {
      const tr = document.createElement("tr");
      const name = document.createElement("td"); name.textContent = l.name;
      const qty = document.createElement("td");
      const minus = document.createElement("button"); minus.type = "button"; minus.textContent = "−"; minus.className = "secondary";
      const plus = document.createElement("button"); plus.type = "button"; plus.textContent = "+"; plus.className = "secondary";
      const n = document.createElement("span"); n.textContent = ` ${l.quantity} `;
      minus.addEventListener("click", () => { l.quantity -= 1; if (l.quantity <= 0) lines.splice(index, 1); render(); });
      plus.addEventListener("click", () => { l.quantity = Math.min(999, l.quantity + 1); render(); });
      qty.append(minus, n, plus);
      const amount = document.createElement("td"); amount.className = "num"; amount.textContent = baht(l.price * l.quantity);
      tr.append(name, qty, amount);
      body.append(tr);
    });
    $("pos-total").textContent = money(total());
    // Empty means paid exact; anything typed must be read, and be enough, before the change shows.
    const typed = $("pos-cash").value.trim();
    const received = typed ? toSatang(typed) : total();
    const problem = received === null ? `${t.unreadable}: ${typed}` : received < total() ? t.short : "";
    $("pos-cash").setAttribute("aria-invalid", problem ? "true" : "false");
    $("pos-cash-problem").textContent = problem;
    $("pos-change").textContent = problem ? "—" : money(received - total());
  }

  function renderQueue() {
    const queue = load(QUEUE);
    $("pos-queue").textContent = `${queue.length} ${$("pos-queue").dataset.label}`;
    const list = $("pos-recent");
    list.replaceChildren();
    const recent = load(RECENT).slice(-10).reverse();
    queue.forEach((s) => {
      const li = document.createElement("li");
      li.textContent = `${new Date(s.sold_at).toLocaleTimeString()} · ${money(s.items.reduce((a, i) => a + i.quantity * i.unit_price_satang, 0))} · ${t.pending}`;
      list.append(li);
    });
    recent.forEach((r) => {
      const li = document.createElement("li");
      li.textContent = `${new Date(r.sold_at).toLocaleTimeString()} · ${money(r.total)} · ${r.number || r.error} `;
      if (r.number) {
        const a = document.createElement("a"); a.href = root.dataset.receiptUrl.replace("NUMBER", r.number); a.textContent = t.receipt; a.target = "_blank";
        li.append(a);
      }
      list.append(li);
    });
  }

  function setOnline(on) {
    const badge = $("pos-net");
    badge.textContent = on ? t.online : t.offline;
    badge.classList.toggle("bad", !on);
    badge.classList.toggle("good", on);
  }

  async function flush() {
    const queue = load(QUEUE);
    if (sending || !queue.length) return;
    sending = true;
    try {
      const response = await fetch(root.dataset.syncUrl, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
        body: JSON.stringify({ sales: queue }),
      });
      if (!response.ok) throw new Error(String(response.status));
      const results = await response.json();
      const done = new Set();
      const recent = load(RECENT);
      results.forEach((r) => {
        done.add(r.sale_key);
        const sale = queue.find((s) => s.sale_key === r.sale_key);
        const saleTotal = sale ? sale.items.reduce((a, i) => a + i.quantity * i.unit_price_satang, 0) : 0;
        recent.push({ sale_key: r.sale_key, number: r.number, error: r.error, sold_at: sale ? sale.sold_at : new Date().toISOString(), total: saleTotal });
      });
      // Sales added while this request was in flight stay in the queue.
      save(QUEUE, load(QUEUE).filter((s) => !done.has(s.sale_key)));
      save(RECENT, recent.slice(-50));
      setOnline(true);
      backoff = 2000;
    } catch (e) {
      setOnline(false);
      backoff = Math.min(backoff * 2, 60000);
      setTimeout(flush, backoff);
    } finally {
      sending = false;
      renderQueue();
    }
  }

  function record(method) {
    if (!lines.length) return;
    const sum = total();
    let cash = null;
    if (method === "CASH") {
      const typed = $("pos-cash").value.trim();
      cash = typed ? toSatang(typed) : sum; // nothing typed: paid exact
      if (cash === null) { say(`${t.unreadable}: ${typed}`); $("pos-cash").focus(); return; }
      if (cash < sum) { say(t.short); $("pos-cash").focus(); return; }
    }
    const sale = {
      sale_key: newKey(), sold_at: new Date().toISOString(), payment_method: method, cash_received_satang: cash,
      items: lines.map((l) => ({ variant_id: l.id, quantity: l.quantity, unit_price_satang: l.price })),
    };
    const queue = load(QUEUE); queue.push(sale); save(QUEUE, queue);
    say(`${t.saved} · ${money(sum)}${cash !== null ? ` · ${t.change} ${money(cash - sum)}` : ""}`);
    lines = []; $("pos-cash").value = "";
    render(); renderQueue(); flush();
    $("pos-code").focus();
  }

  $("pos-scan").addEventListener("submit", (event) => {
    event.preventDefault();
    const item = find($("pos-code").value);
    if (!item) { say(`${t.unknown}: ${$("pos-code").value}`); return; }
    const line = lines.find((l) => l.id === item.id);
    if (line) line.quantity = Math.min(999, line.quantity + 1);
    else lines.push({ id: item.id, name: item.name, price: item.price, quantity: 1 });
    $("pos-code").value = ""; say(""); render();
  });
  $("pos-cash").addEventListener("input", render);
  $("pos-pay-cash").addEventListener("click", () => record("CASH"));
  $("pos-clear").addEventListener("click", () => { lines = []; render(); });
  $("pos-pay-qr").addEventListener("click", () => {
    if (!lines.length) return;
    const img = $("pos-qr-img");
    if (navigator.onLine) {
      img.src = `${root.dataset.qrUrl}?amount=${total()}`;
      $("pos-qr-note").textContent = money(total());
    } else {
      img.src = localStorage.getItem(STATIC_QR) || "";
      $("pos-qr-note").textContent = `${money(total())} · ${t.staticQr}`;
    }
    $("pos-qr-dialog").showModal();
  });
  $("pos-qr-paid").addEventListener("click", () => { $("pos-qr-dialog").close(); record("PROMPTPAY"); });
  $("pos-qr-cancel").addEventListener("click", () => $("pos-qr-dialog").close());
  window.addEventListener("online", () => { setOnline(true); flush(); });
  window.addEventListener("offline", () => setOnline(false));
  setInterval(flush, 15000);

  // Keep the shop's amount-less QR on the device for when the network is gone.
  if (root.dataset.promptpay && !localStorage.getItem(STATIC_QR)) {
    fetch(root.dataset.qrUrl).then((r) => r.blob()).then((blob) => {
      const reader = new FileReader();
      reader.onload = () => localStorage.setItem(STATIC_QR, reader.result);
      reader.readAsDataURL(blob);
    }).catch(() => {});
  }
  setOnline(navigator.onLine);
  render(); renderQueue(); flush();
})();
