// The sandbox page: renders the emulated chats and drives the fake users through the sandbox API.
"use strict";

const view = { platform: "telegram", identity: "applicant" };
const $ = (id) => document.getElementById(id);
const NOTES = {
  telegram: "تلگرام: پیام‌های دکمه‌دار پس از پاسخ در همان جا ویرایش می‌شوند («ویرایش‌شده»).",
  bale: "بله: پیام‌ها مثل تلگرام در همان جا ویرایش می‌شوند (اگر بله ویرایشی را نپذیرد، بات پیام تازه می‌فرستد و دیگر ویرایش نمی‌کند). بله هر متنی را با مارک‌داون خودش نشان می‌دهد؛ بات نشانه‌های * _ [ ] را در متنی که کاربر نوشته خنثی می‌کند تا همان‌طور که تایپ شده دیده شود. «در حال نوشتن…» به جای «در حال ارسال فایل…»؛ پرداخت به ریال و پس از تایید کیف پول.",
};
const PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹";
const fa = (value) => String(value).replace(/\d/g, (d) => PERSIAN_DIGITS[Number(d)]);

let last = { messages: "", channel: "" };
let channelOrgs = new Map(); // a staff chat's id → its province's organization (issue 25)
let refreshTimer = null;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) if (child != null) node.append(child);
  return node;
}

function clock(seconds) {
  const d = new Date(seconds * 1000);
  return fa(`${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`);
}

function money(amount, currency) {
  // Telegram counts IRR in hundredths (its currency table), Bale in whole rials
  const rials = view.platform === "telegram" ? Math.round(amount / 100) : amount;
  return `${fa(rials.toLocaleString("en-US").replace(/,/g, "٬"))} ${currency === "IRR" ? "ریال" : currency}`;
}

function bubble(m, inChannel) {
  const body = el("div", { class: "bubble" });
  if (m.photo) body.append(el("a", { href: m.photo, target: "_blank" }, el("img", { src: m.photo, alt: "عکس" })));
  if (m.document) {
    body.append(el("a", { class: "file", href: m.document, download: m.documentName || "file" },
      `${m.documentName || "file"}  ⬇`, el("span", {}, "📄")));
  }
  if (m.invoice) {
    const card = el("div", { class: "invoice" },
      el("strong", {}, `🧾 ${m.invoice.title}`), el("div", {}, m.invoice.description),
      el("div", { class: "amount" }, money(m.invoice.total_amount, m.invoice.currency)));
    if (!inChannel && m.fromBot) {
      card.append(el("button", { type: "button", class: "pay", onclick: () => pay(m) }, "💳 پرداخت (آزمایشی)"));
    }
    body.append(card);
  }
  if (m.contact) body.append(el("span", {}, `📱 شماره همراه فرستاده شد: ${fa(m.contact)}`));
  else if (m.sticker) body.append(el("span", {}, "🙂 (استیکر)"));
  else if (m.paid) body.append(el("span", {}, "✅ پرداخت انجام شد"));
  if (inChannel && channelOrgs.size > 1 && channelOrgs.has(m.chat)) {
    body.append(el("div", { class: "chat-of" }, `📢 ${channelOrgs.get(m.chat)}`));
  }
  if (m.text) body.append(document.createTextNode(m.text));
  if (m.buttons && m.buttons.length) {
    const grid = el("div", { class: "inline" });
    for (const row of m.buttons) {
      const line = el("div", { class: "row" });
      for (const b of row) {
        line.append(el("button", { type: "button", title: b.text, onclick: () => press(m, b) }, b.text));
      }
      grid.append(line);
    }
    body.append(grid);
  }
  body.append(el("span", { class: "meta" }, (m.edited ? "ویرایش‌شده · " : "") + clock(m.date)));
  return el("div", { class: `msg ${m.fromBot ? "bot" : "me"}`, "data-id": m.id }, body);
}

function album(group) {
  // photos sent together (sendMediaGroup) are shown as one grid, as messengers do
  const grid = el("div", { class: "album" });
  for (const m of group) grid.append(el("a", { href: m.photo, target: "_blank" }, el("img", { src: m.photo, alt: "عکس" })));
  const body = el("div", { class: "bubble" }, grid, el("span", { class: "meta" }, clock(group[0].date)));
  return el("div", { class: `msg ${group[0].fromBot ? "bot" : "me"}`, "data-id": group[0].id }, body);
}

function bubbles(messages, inChannel) {
  const out = [];
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    if (m.album && m.photo) {
      const group = [m];
      while (i + 1 < messages.length && messages[i + 1].album === m.album) group.push(messages[++i]);
      out.push(album(group));
    } else {
      out.push(bubble(m, inChannel));
    }
  }
  return out;
}

function renderList(box, messages, inChannel, emptyText) {
  const key = JSON.stringify(messages);
  const slot = inChannel ? "channel" : "messages";
  if (key === last[slot]) return;
  last[slot] = key;
  const nearBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 120;
  box.replaceChildren(...(messages.length ? bubbles(messages, inChannel) : [el("p", { class: "empty" }, emptyText)]));
  box.dataset.count = String(messages.length);
  if (nearBottom || messages.length < 3) stickToBottom(box);
}

function stickToBottom(box) {
  // after the keyboard and the images have taken their place
  box.scrollTop = box.scrollHeight;
  requestAnimationFrame(() => { box.scrollTop = box.scrollHeight; });
  for (const img of box.querySelectorAll("img")) {
    if (!img.complete) img.addEventListener("load", () => { box.scrollTop = box.scrollHeight; }, { once: true });
  }
}

function renderKeyboard(rows) {
  const box = $("keyboard");
  box.replaceChildren(...rows.map((row) => {
    const line = el("div", { class: "row" });
    for (const b of row) {
      const contact = Boolean(b.request_contact);
      line.append(el("button", { type: "button", class: contact ? "contact" : "",
        onclick: () => (contact ? act("/api/contact", {}) : send(b.text)) }, b.text));
    }
    return line;
  }));
}

async function refresh() {
  const q = new URLSearchParams(view);
  const response = await fetch(`/api/state?${q}`);
  if (!response.ok) return;
  const state = await response.json();
  if (state.platform !== view.platform || state.identity !== view.identity) return;
  document.body.classList.toggle("bale", view.platform === "bale");
  $("chat-title").replaceChildren("بات نظام مهندسی ", el("span", { class: "username" }, `@${state.bot}`));
  $("chat-sub").textContent = ` — شما: ${state.name}`;
  $("profile-note").textContent = NOTES[view.platform] + (state.refused ? ` — درخواست‌های ردشده: ${fa(state.refused)}` : "");
  renderList($("messages"), state.messages, false, "برای شروع «/start» را بفرستید.");
  renderKeyboard(state.keyboard);
  renderPhone(state.phone, state.clock);
  const staff = view.identity !== "applicant";
  $("channel-pane").hidden = !staff;
  if (staff) renderChannels(state.channels || []);
  if (staff) renderList($("channel"), state.channel || [], true, "هنوز پرونده‌ای ارسال نشده است. با نقش «متقاضی» درخواست عضویت را کامل و ارسال کنید.");
}

function renderChannels(channels) {
  // the staff pane names whose staff chat it is: a province's reviewer sees their organization's;
  // the national staff member both, each post marked with its chat's organization
  const orgs = new Map(channels.map((c) => [c.chat, c.org]));
  if (JSON.stringify([...orgs]) !== JSON.stringify([...channelOrgs])) last.channel = "";
  channelOrgs = orgs;
  if (!channels.length) return;
  const single = channels.length === 1;
  $("channel-title").textContent = single ? `کانال کارکنان — ${channels[0].org}` : `کانال‌های کارکنان — ${fa(channels.length)} استان`;
  $("channel-sub").textContent = single
    ? "پرونده‌های همین استان اینجا می‌آید"
    : channels.map((c) => c.org).join("، ");
}

function renderPhone(phone, clockState) {
  $("phone-number").textContent = ` — ${fa(phone.number)}`;
  const box = $("sms");
  const shown = phone.sms.map((m) => el("div", { class: "msg bot sms" },
    el("div", { class: "bubble" }, el("div", { class: "text" }, m.text),
      el("div", { class: "meta" }, `${clock(m.at)} · ${fa(m.parts)} بخش · ${m.provider}`))));
  if (!shown.length) shown.push(el("p", { class: "empty" }, "هنوز پیامکی نرسیده است. پیامک‌ها وقتی می‌آیند که درباره پرونده تصمیمی گرفته شود (برگشت، تأیید، رد، صدور) یا آخرین یادآوری برسد."));
  const key = JSON.stringify(phone.sms);
  if (box.dataset.key !== key) {
    box.replaceChildren(...shown);
    box.dataset.key = key;
    box.scrollTop = box.scrollHeight;
  }
  $("clock-now").textContent = fa(clockState.now || "");
  $("clock-days").textContent = clockState.days ? `(${fa(Math.round(clockState.days * 10) / 10)} روز جلوتر)` : "";
}

function scheduleRefresh() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(refresh, 60);
}

function toast(text, modal) {
  const box = $("toast");
  box.textContent = text;
  box.classList.toggle("modal", Boolean(modal));
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.hidden = true; }, modal ? 4500 : 2500);
}

async function act(path, body, options = {}) {
  document.body.classList.add("busy");
  try {
    const response = await fetch(path, options.form ? { method: "POST", body: options.form } : {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ ...view, ...body }),
    });
    const result = response.ok ? await response.json() : { ok: false, error: await response.text() };
    await refresh();
    return result;
  } finally {
    document.body.classList.remove("busy");
  }
}

async function send(text) {
  if (!text.trim()) return;
  await act("/api/send", { text });
}

async function press(m, b) {
  if (b.url) { window.open(b.url, "_blank"); return; }
  const result = await act("/api/press", { chat: m.chat, message: m.id, data: b.callback_data });
  if (result.alert) toast(result.alert, result.modal);
}

async function pay(m) {
  const result = await act("/api/pay", { message: m.id });
  toast(result.ok ? "پرداخت آزمایشی انجام شد." : `پرداخت پذیرفته نشد: ${result.error}`, !result.ok);
}

$("advance").addEventListener("click", async () => {
  const result = await act("/api/clock", {});
  toast(result.told ? `${fa(result.told)} یادآوری فرستاده شد.` : "یادآوری‌ای سررسید نشده بود.");
});

$("composer").addEventListener("submit", async (event) => {
  event.preventDefault();
  const input = $("text");
  const text = input.value;
  input.value = "";
  await send(text);
  input.focus();
});

// a message of several lines (a sheet's labelled facts) as in the messengers: Enter sends, Shift+Enter
// starts a new line
$("text").addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    $("composer").requestSubmit();
  }
});

$("file").addEventListener("change", async (event) => {
  const file = event.target.files[0];
  event.target.value = "";
  if (!file) return;
  const form = new FormData();
  form.append("platform", view.platform);
  form.append("identity", view.identity);
  form.append("file", file, file.name);
  await act("/api/upload", {}, { form });
});

for (const button of document.querySelectorAll("[data-platform], [data-identity]")) {
  button.addEventListener("click", () => {
    const key = button.dataset.platform ? "platform" : "identity";
    view[key] = button.dataset[key];
    for (const other of document.querySelectorAll(`[data-${key}]`)) other.classList.toggle("on", other === button);
    last = { messages: "", channel: "" };
    refresh();
    $("text").focus();
  });
}

const events = new EventSource("/api/events");
events.onmessage = (event) => {
  const data = JSON.parse(event.data);
  if (data.platform === view.platform) scheduleRefresh();
};
refresh();
$("text").focus();
