// The self-assessment in the browser, with no server and no library: keeps
// the answers in this browser (localStorage, under the pack's identity) as
// the person types, restores them on the next visit, and saves them as an
// answers file: {"framewright": {framework, version, pack, plan},
// "answers": {field key: value}} (docs/html-edition.md). Every word it
// shows is read from the page (data-msg-*), which has it from the plan.
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

  function keep(event) {
    if (event && event.target) grow(event.target);
    if (!storage) return;
    try {
      storage.setItem(key, JSON.stringify(answers()));
    } catch (e) {
      say(page.msgStorageOff);
    }
  }

  function download(button) {
    var file = JSON.stringify({ framewright: identity, answers: answers() }, null, 2) + "\n";
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([file], { type: "application/json" }));
    link.download = page.answersFile;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
    say(page.msgDownloaded, button);
  }

  function clear(button) {
    if (!window.confirm(page.msgClearConfirm)) return;
    controls.forEach(function (c) {
      if (c.type === "radio") c.checked = c.defaultChecked;
      else c.value = c.defaultValue;
      grow(c);
    });
    if (storage) storage.removeItem(key);
    say(page.msgCleared, button);
  }

  tools.forEach(function (t) { t.hidden = false; });
  document.addEventListener("input", keep);
  document.addEventListener("change", keep);
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-action]");
    if (!button) return;
    var action = button.getAttribute("data-action");
    if (action === "download") download(button);
    else if (action === "print") window.print();
    else if (action === "clear") clear(button);
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
