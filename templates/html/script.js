// The self-assessment in the browser, with no server and no library: keeps
// the answers in this browser (localStorage, under the pack's identity) as
// the person types, restores them on the next visit, and saves them as an
// answers file: {"framewright": {framework, version, pack, plan},
// "answers": {field key: value}} (docs/html-edition.md). Served by
// `framewright serve` with a collection.json beside it, it also sends that
// file, queues it while offline and shows the receipt ("Sending the
// answers" there). Every word it shows is read from the page (data-msg-*),
// which has it from the plan.
// A bilingual pack's language switch: shows the first language, the second
// or both by marking the body (the style hides the rest). The form is not
// touched, so its answers stay as they are.
(function () {
  "use strict";
  var switcher = document.querySelector("[data-language-switch]");
  if (!switcher) return;
  var buttons = Array.prototype.slice.call(switcher.querySelectorAll("button[data-show]"));
  buttons.forEach(function (button) {
    button.addEventListener("click", function () {
      document.body.setAttribute("data-show", button.getAttribute("data-show"));
      buttons.forEach(function (b) { b.setAttribute("aria-pressed", String(b === button)); });
    });
  });
  switcher.hidden = false;
})();

(function () {
  "use strict";
  var page = document.body.dataset;
  var controls = Array.prototype.slice.call(document.querySelectorAll("main input[name], main textarea[name]"));
  var tools = Array.prototype.slice.call(document.querySelectorAll("[data-tools]"));
  if (!controls.length || !tools.length) return;
  var identity = { framework: page.framework, version: page.version, pack: page.pack, plan: page.plan };
  var key = "framewright:" + [page.framework, page.version, page.pack, page.plan].join(":");
  var storage = null;
  try {
    storage = window.localStorage;
    storage.setItem(key + ":probe", "1");
    storage.removeItem(key + ":probe");
  } catch (e) {
    storage = null;
  }

  // Every field by its key; a rating is its chosen scale value, or "".
  function answers() {
    var out = {};
    controls.forEach(function (c) {
      if (c.type === "radio") {
        if (!(c.name in out)) out[c.name] = "";
        if (c.checked) out[c.name] = c.value;
      } else {
        out[c.name] = c.value;
      }
    });
    return out;
  }

  // A text box grows with its text, so all of it shows and prints.
  function grow(c) {
    if (c.tagName !== "TEXTAREA") return;
    c.style.height = "auto";
    c.style.height = c.scrollHeight + 4 + "px";
  }

  function fill(saved) {
    var any = false;
    controls.forEach(function (c) {
      if (!Object.prototype.hasOwnProperty.call(saved, c.name)) return;
      var value = String(saved[c.name]);
      if (c.type === "radio") {
        c.checked = c.value === value;
      } else {
        c.value = value;
        grow(c);
      }
      any = any || value !== "";
    });
    return any;
  }

  // Shows `text` in the status line of the tools nearest `near`.
  function say(text, near) {
    var box = (near && near.closest("[data-tools]")) || tools[0];
    tools.forEach(function (t) {
      t.querySelector("[data-status]").textContent = t === box ? text : "";
    });
  }

  // Typing stores the answers a moment after the last key: storing on
  // every key writes the whole form again each time (megabytes over a
  // long answer), which Chromium can take long to pass to the next visit.
  // A choice, leaving a field and leaving the page store at once.
  var pending = null;
  function store() {
    if (pending !== null) clearTimeout(pending);
    pending = null;
    if (!storage) return;
    try {
      storage.setItem(key, JSON.stringify(answers()));
    } catch (e) {
      say(page.msgStorageOff);
    }
  }

  function keep(event) {
    if (event && event.target) grow(event.target);
    if (pending !== null) clearTimeout(pending);
    pending = setTimeout(store, 300);
  }

  // The answers file: what the download button saves and Send posts,
  // byte for byte.
  function answersFile() {
    return JSON.stringify({ framewright: identity, answers: answers() }, null, 2) + "\n";
  }

  // Saves `text` as the JSON file `name`.
  function save(text, name) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: "application/json" }));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
  }

  function download(button) {
    save(answersFile(), page.answersFile);
    say(page.msgDownloaded, button);
  }

  function clear(button) {
    if (!window.confirm(page.msgClearConfirm)) return;
    controls.forEach(function (c) {
      if (c.type === "radio") c.checked = c.defaultChecked;
      else c.value = c.defaultValue;
      grow(c);
    });
    if (pending !== null) clearTimeout(pending);
    pending = null;
    if (storage) storage.removeItem(key);
    forgetSending();
    say(page.msgCleared, button);
  }

  // Sending to a collection. `framewright serve` serves this page as built
  // and says where to send in collection.json beside it; a page opened
  // from disk, or served without one, stays as it is. Answers that could
  // not go wait in the outbox (the latest only) and go again when the
  // connection is back, on the next visit, and on a timer that backs off
  // from 5 seconds to 5 minutes. The last receipt is kept for later visits.
  var FIRST_RETRY = 5000;
  var LAST_RETRY = 300000;
  var outboxKey = key + ":outbox";
  var receiptKey = key + ":receipt";
  var notice = document.querySelector("[data-notice]");
  var sendButtons = Array.prototype.slice.call(document.querySelectorAll("button[data-action=send]"));
  var collection = null;
  var outbox = null;
  var receipt = null;
  var busy = false;
  var backoff = FIRST_RETRY;
  var retryTimer = null;
  // The Send button last used: messages show in its tools, focus returns to it.
  var sender = null;

  function recall(name) {
    try {
      return storage ? storage.getItem(name) : null;
    } catch (e) {
      return null;
    }
  }

  function remember(name, value) {
    if (!storage) return;
    try {
      if (value === null) storage.removeItem(name);
      else storage.setItem(name, value);
    } catch (e) {
      say(page.msgStorageOff);
    }
  }

  // The collection this page sends to, or null: collection.json beside the
  // page, whose send URL must be on the page's own server.
  function findCollection() {
    if (!/^https?:$/.test(location.protocol) || !window.fetch || !notice || !sendButtons.length) return Promise.resolve(null);
    return fetch("collection.json", { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.status === 200 ? r.json() : null; })
      .then(function (c) {
        if (!c || typeof c.send !== "string" || !c.send || typeof c.notice !== "string") return null;
        var url = new URL(c.send, location.href);
        return url.origin === location.origin ? { url: url.href, notice: c.notice } : null;
      })
      .catch(function () { return null; });
  }

  function setBusy(on) {
    busy = on;
    sendButtons.forEach(function (b) {
      if (on) b.setAttribute("aria-disabled", "true");
      else b.removeAttribute("aria-disabled");
    });
  }

  function setOutbox(body) {
    outbox = body;
    remember(outboxKey, body);
  }

  function showReceipt(kept) {
    receipt = kept;
    var when = new Date(kept.received);
    var text = kept.received;
    try {
      if (!isNaN(when.getTime())) text = when.toLocaleString(document.documentElement.lang || undefined, { dateStyle: "long", timeStyle: "short" });
    } catch (e) {
      text = kept.received;
    }
    tools.forEach(function (t) {
      var box = t.querySelector("[data-receipt]");
      var time = document.createElement("time");
      time.dateTime = kept.received;
      time.textContent = text;
      box.querySelector("[data-receipt-reference]").textContent = kept.reference;
      box.querySelector("[data-receipt-received]").replaceChildren(time);
      box.hidden = false;
    });
  }

  // Clearing the answers also drops what waits to go and the receipt (a
  // copy of the answers): nothing of them stays on a shared computer.
  function forgetSending() {
    clearTimeout(retryTimer);
    setOutbox(null);
    remember(receiptKey, null);
    receipt = null;
    tools.forEach(function (t) { t.querySelector("[data-receipt]").hidden = true; });
  }

  function openNotice(button) {
    if (busy || !collection) return;
    sender = button;
    notice.querySelector("[data-notice-text]").textContent = collection.notice;
    notice.showModal();
  }

  // Posts `body` (an answers file) to the collection; `again` when it is
  // the outbox going again.
  function post(body, again) {
    if (busy || !collection) return;
    setBusy(true);
    clearTimeout(retryTimer);
    say(again ? page.msgRetrying : page.msgSending, sender);
    var headers = { "Content-Type": "application/json" };
    fetch(collection.url, { method: "POST", credentials: "same-origin", cache: "no-store", headers: headers, body: body })
      .then(function (r) {
        return r.text().then(function (text) {
          var json = null;
          try {
            json = JSON.parse(text);
          } catch (e) {
            json = null;
          }
          return { status: r.status, json: json && typeof json === "object" ? json : {} };
        });
      })
      .then(function (answer) { answered(body, answer.status, answer.json); }, function () { wait(body); })
      .then(function () { setBusy(false); }, function () { setBusy(false); });
  }

  function answered(body, status, json) {
    if ((status === 200 || status === 201) && typeof json.reference === "string" && typeof json.received === "string") {
      setOutbox(null);
      backoff = FIRST_RETRY;
      var kept = { reference: json.reference, received: json.received, sent: JSON.parse(body) };
      remember(receiptKey, JSON.stringify(kept));
      showReceipt(kept);
      say(page.msgSent.split("{reference}").join(json.reference), sender);
    } else if (status === 408 || status === 429 || status >= 500) {
      wait(body);
    } else {
      // Refused: the same answers would be refused again, so none wait.
      setOutbox(null);
      say(typeof json.message === "string" && json.message ? json.message : page.msgFailed, sender);
    }
  }

  // The answers could not go now: they wait, and go again later.
  function wait(body) {
    setOutbox(body);
    say(page.msgQueued, sender);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(retry, backoff);
    backoff = Math.min(backoff * 2, LAST_RETRY);
  }

  function retry() {
    if (outbox !== null) post(outbox, true);
  }

  function saveReceipt() {
    if (receipt) save(JSON.stringify(receipt, null, 2) + "\n", page.receiptFile);
  }

  if (notice) {
    // On submit, not close: "close" comes a moment later, when a second
    // press of Send could already have opened the notice again.
    notice.addEventListener("submit", function (event) {
      if (!event.submitter || event.submitter.value !== "confirm") return;
      backoff = FIRST_RETRY;
      post(answersFile(), false);
    });
    notice.addEventListener("close", function () {
      if (sender) sender.focus();
    });
  }
  var kept = null;
  try {
    kept = JSON.parse(recall(receiptKey) || "null");
  } catch (e) {
    kept = null;
  }
  if (kept && typeof kept.reference === "string" && typeof kept.received === "string") showReceipt(kept);
  outbox = recall(outboxKey);
  findCollection().then(function (found) {
    if (!found) return;
    collection = found;
    sendButtons.forEach(function (b) { b.hidden = false; });
    window.addEventListener("online", function () {
      backoff = FIRST_RETRY;
      retry();
    });
    retry();
  });

  tools.forEach(function (t) { t.hidden = false; });
  document.addEventListener("input", keep);
  document.addEventListener("change", store);
  window.addEventListener("pagehide", store);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") store();
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-action]");
    if (!button) return;
    var action = button.getAttribute("data-action");
    if (action === "download") download(button);
    else if (action === "print") window.print();
    else if (action === "clear") clear(button);
    else if (action === "send") openNotice(button);
    else if (action === "receipt") saveReceipt();
  });

  if (!storage) {
    say(page.msgStorageOff);
    return;
  }
  var saved = null;
  try {
    saved = JSON.parse(storage.getItem(key) || "null");
  } catch (e) {
    saved = null;
  }
  if (saved && typeof saved === "object" && fill(saved)) say(page.msgRestored);
})();
