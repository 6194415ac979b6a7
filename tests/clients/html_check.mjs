// Drives Debian's Chromium (headless, through puppeteer-core; nothing
// downloads a browser) over framewright's HTML files, as a person would,
// and reports what it saw as JSON for tests/it/html.rs to judge.
//
// Usage: node html_check.mjs JOBS.json  → JSON array, one result per job.
// A job is {path, kind: "pack" | "index" | "report", values: [text to type…]}.
// For every file: the requests it made (anything but the file itself,
// data: and blob: URLs is a network request), axe-core's WCAG 2.2 A/AA
// violations (light, and colour contrast in dark mode), the page's text,
// whether it fits 320 CSS px (400 % zoom of 1280) without sideways scrolling.
// Packs with a form: a keyboard-only run (Tab, Space, arrow keys, typing)
// answers every rating and types into the text boxes, then "Download my
// answers" by keyboard; the downloaded file, what was typed, what a reload
// restored; then the page with JavaScript off (its controls, and a printed
// PDF's page count). The index: "find your pack" by keyboard. A report
// (the harvest's report.html, summary.html): its headings and table
// captions, and the page served with a Content-Security-Policy that allows
// nothing but its one <style> element, by hash (as `framewright serve`
// sends it): the violations seen and whether the style applied.
// A "send" job serves one pack over http with a stand-in for `framewright
// serve` and sends from it (checkSend, below): {path, kind: "send",
// notice, reject_message, reference, received, values: [3 texts],
// screenshots (a folder for PNGs of the page, or null)}.
import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createServer } from "node:http";
import { createHash } from "node:crypto";
import { AXE, WCAG, launch, until } from "./chromium.mjs";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

const jobs = JSON.parse(readFileSync(process.argv[2], "utf8"));
const downloads = mkdtempSync(join(tmpdir(), "framewright-downloads-"));
const { browser, close } = await launch();

/** A page that records (and blocks) every request other than the file
    itself (or, for a served page, its own server's `origin`). */
async function open(context, url, { javascript = true, width = 1280, origin = null } = {}) {
  const page = await context.newPage();
  await page.setViewport({ width, height: 900 });
  await page.setJavaScriptEnabled(javascript);
  const requests = [];
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    const u = request.url();
    const own = u.split("#")[0] === url || (origin !== null && u.startsWith(origin + "/"));
    if (own || u.startsWith("data:") || u.startsWith("blob:")) {
      request.continue();
    } else {
      requests.push(u);
      request.abort();
    }
  });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("dialog", (d) => d.accept());
  await page.goto(url, { waitUntil: "load" });
  return { page, requests, errors };
}

async function axe(page, rules) {
  await page.evaluate(AXE);
  const options = rules ? { runOnly: { type: "rule", values: rules } } : { runOnly: { type: "tag", values: WCAG } };
  const result = await page.evaluate((o) => window.axe.run(document, o), options);
  return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
}

/** The page's tab stops in order (the document's, as no element sets a
    tabindex): links, buttons, one stop per radio group, text boxes. */
function tabStops(page) {
  return page.evaluate(() => {
    const tools = [...document.querySelectorAll("[data-tools]")];
    const groups = new Set();
    const stops = [];
    for (const e of document.querySelectorAll("a[href], button, input, textarea, select")) {
      if (e.disabled || e.getClientRects().length === 0) continue;
      if (e.type === "radio") {
        if (groups.has(e.name)) continue;
        groups.add(e.name);
        const group = [...document.querySelectorAll(`input[type=radio][name="${CSS.escape(e.name)}"]`)];
        stops.push({ kind: "radio", name: e.name, values: group.map((r) => r.value) });
      } else if (e.tagName === "TEXTAREA" || e.tagName === "INPUT") {
        stops.push({ kind: "text", name: e.name, value: e.value });
      } else {
        stops.push({ kind: e.tagName.toLowerCase(), action: (e.dataset && e.dataset.action) || "", last: e.closest("[data-tools]") === tools[tools.length - 1] });
      }
    }
    return stops;
  });
}

/** Answers the form with the keyboard alone (Tab from the top, Space and
    arrow keys for ratings, typing for text), then presses "Download my
    answers" at the end of the page; returns what it typed. Where focus goes
    is not asked at each key (that is slow on a page of a thousand controls):
    a key in the wrong place shows in the answers file. */
async function answerByKeyboard(page, values) {
  const typed = {};
  let ratings = 0;
  let texts = 0;
  await page.evaluate(() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); });
  for (const stop of await tabStops(page)) {
    await page.keyboard.press("Tab");
    if (stop.kind === "radio") {
      const want = ratings++ % stop.values.length;
      if (want === 0) await page.keyboard.press("Space");
      for (let i = 0; i < want; i++) await page.keyboard.press("ArrowRight");
      typed[stop.name] = stop.values[want];
    } else if (stop.kind === "text") {
      // Every evidence box, the sign-off and the first action-plan row get
      // text; the other boxes are left empty and must come back empty. The
      // hostile texts are typed key by key, the short ones sent whole.
      const fill = stop.name.endsWith(".evidence") || stop.name.startsWith("signoff.") || stop.name.startsWith("actionplan.1.") || texts < 4;
      typed[stop.name] = stop.value;
      if (fill) {
        const hostile = texts < 2 * values.length;
        const value = hostile ? `${values[texts % values.length]} (${texts})` : `e${texts}`;
        texts += 1;
        if (hostile) await page.keyboard.type(value);
        else await page.keyboard.sendCharacter(value);
        typed[stop.name] += value;
      }
    } else if (stop.action === "download" && stop.last) {
      const ready = await page.evaluate(() => document.activeElement.dataset.action === "download");
      if (!ready) throw new Error("the keyboard run lost its place: focus is not on \"Download my answers\"");
      await page.keyboard.press("Space");
      return typed;
    }
  }
  throw new Error("the keyboard run found no \"Download my answers\" at the end of the page");
}

// A page's localStorage writes reach the browser's own copy a moment later;
// a reload within that moment can read the older copy (it failed one run in
// three here). What the test checks is the next visit, so wait, up to 20 s,
// until another page of the same origin sees what this one holds now (read
// again each time: a last change event can store once more after typing).
// Nothing stored yet is not "the same": under load the page's own store
// can come after this starts (a CI run read two empty copies as equal and
// reloaded into an empty form). `suffix` picks another of the pack's
// entries (":outbox"); a served page is watched from `url` of its `origin`.
async function storedForOtherPages(context, page, url, { suffix = "", origin = null } = {}) {
  const key = await page.evaluate((s) => {
    const d = document.body.dataset;
    return "framewright:" + [d.framework, d.version, d.pack, d.plan].join(":") + s;
  }, suffix);
  const other = await open(context, url, { origin });
  try {
    for (let i = 0; i < 200; i++) {
      const stored = await page.evaluate((k) => localStorage.getItem(k), key);
      if (stored !== null && (await other.page.evaluate((k) => localStorage.getItem(k), key)) === stored) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error("the answers stored by one page never reached another page of the same origin");
  } finally {
    await other.page.close();
  }
}

async function waitForFile(dir, name) {
  for (let i = 0; i < 100; i++) {
    if (existsSync(join(dir, name)) && !readdirSync(dir).some((f) => f.endsWith(".crdownload"))) return readFileSync(join(dir, name), "utf8");
    await new Promise((r) => setTimeout(r, 100));
  }
  return null;
}

/** What every page is checked for first: axe, its title, language, text and scripts. */
async function basics(page) {
  return {
    axe: await axe(page),
    title: await page.title(),
    lang: await page.evaluate(() => document.documentElement.lang),
    text: await page.evaluate(() => document.body.innerText),
    scripts: await page.evaluate(() => document.scripts.length),
  };
}

async function checkPack(context, job, url) {
  const { page, requests, errors } = await open(context, url);
  const out = { path: job.path, ...(await basics(page)) };
  out.headings = await page.evaluate(() => [...document.querySelectorAll("h1,h2,h3,h4,h5,h6")].map((h) => Number(h.tagName[1])));
  out.controls = await page.evaluate(() => [...document.querySelectorAll("main input, main textarea")].map((c) => ({ name: c.name, type: c.type, value: c.value })));
  out.tools_visible = await page.evaluate(() => [...document.querySelectorAll("[data-tools]")].every((t) => !t.hidden && t.offsetHeight > 0));
  out.send_hidden = await page.evaluate(() => [...document.querySelectorAll("[data-action=send], [data-receipt]")].every((e) => e.hidden && e.offsetHeight === 0));
  await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "dark" }]);
  out.axe_dark = await axe(page, ["color-contrast"]);
  await page.emulateMediaFeatures([]);
  await page.setViewport({ width: 320, height: 900 });
  out.overflow_320 = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await page.setViewport({ width: 1280, height: 900 });
  const names = new Set(out.controls.map((c) => c.name));
  if (names.size > 0) {
    const dir = mkdtempSync(join(downloads, "d-"));
    const cdp = await page.createCDPSession();
    await cdp.send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: dir, browserContextId: context.id });
    out.typed = await answerByKeyboard(page, job.values);
    const file = await waitForFile(dir, await page.evaluate(() => document.body.dataset.answersFile));
    out.downloaded = file === null ? null : JSON.parse(file);
    out.status = await page.evaluate(() => [...document.querySelectorAll("[data-status]")].map((s) => s.textContent).join(""));
    out.pwned = await page.evaluate(() => window.pwned === 1);
    await storedForOtherPages(context, page, url);
    await page.reload({ waitUntil: "load" });
    // Under load the reload's promise can settle before the new document's
    // script has run (a CI run read a whole form of empty fields and no
    // status); the page says when it has restored, so wait for that (20 s).
    await page
      .waitForFunction(() => document.readyState === "complete" && [...document.querySelectorAll("[data-status]")].some((s) => s.textContent !== ""), { timeout: 20000 })
      .catch(() => {});
    out.restored = await page.evaluate(() => {
      const answers = {};
      for (const c of document.querySelectorAll("main input, main textarea")) {
        if (c.type === "radio") { if (!(c.name in answers)) answers[c.name] = ""; if (c.checked) answers[c.name] = c.value; }
        else answers[c.name] = c.value;
      }
      return answers;
    });
    out.restored_status = await page.evaluate(() => [...document.querySelectorAll("[data-status]")].map((s) => s.textContent).join(""));
  }
  out.requests = requests;
  out.errors = errors;
  await page.close();

  // JavaScript off: the form is still there, the buttons are not, and it prints.
  const off = await open(context, url, { javascript: false });
  out.no_js = await off.page.evaluate(() => ({
    controls: document.querySelectorAll("main input, main textarea").length,
    tools_hidden: [...document.querySelectorAll("[data-tools]")].every((t) => t.hidden && t.offsetHeight === 0),
    text: document.body.innerText,
  }));
  const pdf = await off.page.pdf({ format: "A4", printBackground: true });
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  out.no_js.printed_pages = doc.numPages;
  await doc.destroy();
  out.requests.push(...off.requests);
  await off.page.close();
  return out;
}

async function checkIndex(context, job, url) {
  const out = { path: job.path };
  const { page, requests, errors } = await open(context, url);
  out.axe = await axe(page);
  out.text = await page.evaluate(() => document.body.innerText);
  out.headings = await page.evaluate(() => [...document.querySelectorAll("h1,h2,h3,h4,h5,h6")].map((h) => Number(h.tagName[1])));
  out.links = await page.evaluate(() => [...document.querySelectorAll("main a[href]")].map((a) => a.getAttribute("href")));
  await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "dark" }]);
  out.axe_dark = await axe(page, ["color-contrast"]);
  await page.emulateMediaFeatures([]);
  await page.setViewport({ width: 320, height: 900 });
  out.overflow_320 = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await page.setViewport({ width: 1280, height: 900 });
  // Find your pack, by keyboard: in each framework's finder, the second
  // choice of each list (arrow down twice from "Choose…").
  out.found = [];
  const finders = await page.evaluate(() => [...document.querySelectorAll("[data-finder]")].map((f) => f.closest("section").id));
  for (const id of finders) {
    for (const select of ["[data-who]", "[data-band]"]) {
      if (!(await page.$(`#${id} ${select}`))) continue;
      await page.focus(`#${id} ${select}`);
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("ArrowDown");
    }
    out.found.push(await page.evaluate((id) => {
      const s = document.getElementById(id);
      const r = s.querySelector("[data-result]");
      return {
        framework: id, who: s.querySelector("[data-who]").value, band: (s.querySelector("[data-band]") || {}).value || "",
        text: r.innerText, links: [...r.querySelectorAll("a")].map((a) => a.getAttribute("href")),
      };
    }, id));
  }
  out.requests = requests;
  out.errors = errors;
  await page.close();
  return out;
}

/** A stand-in for `framewright serve`, only what the page meets: the
    page as built at /c/page.html with /c/collection.json beside it (send
    to "send", that is /c/send), and the same page at /plain/page.html with
    no collection.json. /c/send records each body as received and answers
    as `state.mode` says: "ok" 201 with a receipt (after `state.delay` ms),
    "busy" 503, "reject" 422 with a message. */
async function collectionServer(job) {
  const page = readFileSync(job.path);
  const state = { mode: "ok", delay: 0, posts: [], received: 0 };
  const reply = (res, status, value) => {
    res.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-store" });
    res.end(JSON.stringify(value));
  };
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const path = req.url.split("?")[0];
      if (req.method === "GET" && (path === "/c/page.html" || path === "/plain/page.html")) {
        res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
        res.end(page);
      } else if (req.method === "GET" && path === "/c/collection.json") {
        reply(res, 200, { send: "send", notice: job.notice });
      } else if (req.method === "POST" && path === "/c/send") {
        const post = { content_type: req.headers["content-type"] || "", body: Buffer.concat(chunks).toString("utf8"), mode: state.mode };
        state.posts.push(post);
        if (state.mode === "busy") {
          post.status = 503;
          reply(res, 503, { message: "busy" });
        } else if (state.mode === "reject") {
          post.status = 422;
          reply(res, 422, { message: job.reject_message });
        } else {
          post.status = 201;
          state.received += 1;
          const receipt = { reference: `${job.reference}${state.received}`, received: job.received };
          setTimeout(() => reply(res, 201, receipt), state.delay);
        }
      } else {
        reply(res, 404, { message: "not found" });
      }
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${server.address().port}`, state, close: () => new Promise((r) => server.close(r)) };
}

/** Presses the first button `selector` by keyboard and returns the file it
    saves (named by the body's data attribute `name`), as text. */
async function downloadBy(page, context, selector, name) {
  const dir = mkdtempSync(join(downloads, "s-"));
  const cdp = await page.createCDPSession();
  await cdp.send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: dir, browserContextId: context.id });
  await page.focus(selector);
  await page.keyboard.press("Enter");
  return waitForFile(dir, await page.evaluate((n) => document.body.dataset[n], name));
}

/** What the page shows about sending: the status lines, the receipt, the
    outbox, and whether a Send button shows. */
function sendState(page) {
  return page.evaluate(() => {
    const d = document.body.dataset;
    const key = "framewright:" + [d.framework, d.version, d.pack, d.plan].join(":");
    const receipt = document.querySelector("[data-receipt]");
    const time = receipt.querySelector("time");
    return {
      send_visible: [...document.querySelectorAll("[data-action=send]")].every((b) => !b.hidden && b.offsetHeight > 0),
      status: [...document.querySelectorAll("[data-status]")].map((s) => s.textContent).join(""),
      receipt_visible: !receipt.hidden && receipt.offsetHeight > 0,
      reference: receipt.querySelector("[data-receipt-reference]").textContent,
      received: time ? time.dateTime : null,
      outbox: localStorage.getItem(key + ":outbox"),
      pwned: window.pwned === 1,
    };
  });
}

/** Send, by keyboard, from the first tools; `confirm` presses the notice's
    first button (after Tab from its heading), otherwise Escape. */
async function sendByKeyboard(page, confirm) {
  await page.focus("[data-tools] [data-action=send]");
  await page.keyboard.press("Enter");
  if (!(await until(page, () => document.querySelector("[data-notice]").open, null, 5000))) return false;
  if (!confirm) {
    await page.keyboard.press("Escape");
    return true;
  }
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  return true;
}

/** A member of staff sending from a served page (docs/html-edition.md,
    "Sending the answers"): the notice, the send, the receipt, a refusal,
    offline then online, and the next visit sending what waited. */
async function checkSend(context, job) {
  const out = { path: job.path };
  const server = await collectionServer(job);
  const { state, origin } = server;
  const shots = (name) => (job.screenshots ? { path: join(job.screenshots, name), fullPage: false } : null);
  const errors = [];
  const requests = [];
  try {
    // Served without a collection.json: the page as from disk.
    const plain = await open(context, `${origin}/plain/page.html`, { origin });
    await new Promise((r) => setTimeout(r, 500));
    out.plain = await sendState(plain.page);
    errors.push(...plain.errors);
    requests.push(...plain.requests);
    await plain.page.close();

    const url = `${origin}/c/page.html`;
    let p = await open(context, url, { origin });
    let page = p.page;
    out.send_shown = await until(page, () => [...document.querySelectorAll("[data-action=send]")].every((b) => !b.hidden));
    await page.click("main input[type=radio]");
    await page.type("main textarea[name]", job.values[0]);
    out.downloaded = await downloadBy(page, context, "[data-tools] [data-action=download]", "answersFile");
    if (job.screenshots) await page.screenshot(shots("send.png"));

    // The notice; Escape sends nothing.
    out.dialog_opened = await sendByKeyboard(page, false);
    out.escaped = await page.evaluate(() => ({
      open: document.querySelector("[data-notice]").open,
      focus_on_send: document.activeElement === document.querySelector("[data-tools] [data-action=send]"),
    }));
    out.escaped.posts = state.posts.length;
    await page.focus("[data-tools] [data-action=send]");
    await page.keyboard.press("Enter");
    await until(page, () => document.querySelector("[data-notice]").open);
    out.dialog = await page.evaluate(() => {
      const dialog = document.querySelector("[data-notice]");
      const text = dialog.querySelector("[data-notice-text]");
      return {
        open: dialog.open,
        modal: dialog.matches(":modal"),
        heading: dialog.querySelector("h2").textContent,
        notice: text.textContent,
        notice_elements: text.children.length,
        focus_inside: dialog.contains(document.activeElement),
      };
    });
    out.axe_dialog = await axe(page);
    await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "dark" }]);
    out.axe_dialog_dark = await axe(page, ["color-contrast"]);
    await page.emulateMediaFeatures([]);
    await page.setViewport({ width: 320, height: 900 });
    out.dialog.overflow_320 = await page.evaluate(() => {
      const dialog = document.querySelector("[data-notice]");
      return Math.max(dialog.scrollWidth - dialog.clientWidth, document.documentElement.scrollWidth - document.documentElement.clientWidth);
    });
    await page.setViewport({ width: 1280, height: 900 });
    if (job.screenshots) await page.screenshot(shots("notice.png"));

    // Confirmed: the answers file goes, once, however often Send is pressed.
    state.delay = 700;
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.focus("[data-tools] [data-action=send]");
    await page.keyboard.press("Enter");
    out.reopened_in_flight = await page.evaluate(() => document.querySelector("[data-notice]").open);
    if (out.reopened_in_flight) await page.keyboard.press("Escape");
    await until(page, (r) => document.querySelector("[data-receipt-reference]").textContent === r, `${job.reference}1`);
    state.delay = 0;
    out.sent = await sendState(page);
    out.receipt_file = await downloadBy(page, context, "[data-tools] [data-action=receipt]", "receiptFile");
    if (job.screenshots) {
      await page.evaluate(() => document.querySelector("[data-tools]").scrollIntoView());
      await page.screenshot(shots("receipt.png"));
    }

    // Refused: the server's message, nothing waits.
    state.mode = "reject";
    await sendByKeyboard(page, true);
    await until(page, (m) => [...document.querySelectorAll("[data-status]")].some((s) => s.textContent === m), job.reject_message);
    out.rejected = await sendState(page);

    // Offline: the answers wait; back online the server is busy (503),
    // then answers: what waited arrives, and the receipt shows.
    state.mode = "ok";
    await page.type("main textarea[name]", job.values[1]);
    out.changed = await downloadBy(page, context, "[data-tools] [data-action=download]", "answersFile");
    const before = state.posts.length;
    await page.setOfflineMode(true);
    await sendByKeyboard(page, true);
    await until(page, () => [...document.querySelectorAll("[data-status]")].some((s) => s.textContent === document.body.dataset.msgQueued));
    out.offline = await sendState(page);
    out.offline.posts = state.posts.length - before;
    state.mode = "busy";
    const online = Date.now();
    await page.setOfflineMode(false);
    const arrived = (n) => new Promise((resolve) => {
      const started = Date.now();
      const check = () => (state.posts.length >= n || Date.now() - started > 30000 ? resolve() : setTimeout(check, 50));
      check();
    });
    await arrived(before + 1);
    out.online_retry_ms = Date.now() - online;
    await until(page, () => [...document.querySelectorAll("[data-status]")].some((s) => s.textContent === document.body.dataset.msgQueued));
    out.busy = await sendState(page);
    state.mode = "ok";
    await arrived(before + 2);
    await until(page, (r) => document.querySelector("[data-receipt-reference]").textContent === r, `${job.reference}2`, 20000);
    out.online = await sendState(page);
    errors.push(...p.errors);
    requests.push(...p.requests);

    // The next visit sends what waited when the last one closed.
    state.mode = "busy";
    await page.type("main textarea[name]", job.values[2]);
    out.left = await downloadBy(page, context, "[data-tools] [data-action=download]", "answersFile");
    const left = state.posts.length;
    await sendByKeyboard(page, true);
    await arrived(left + 1);
    await until(page, () => [...document.querySelectorAll("[data-status]")].some((s) => s.textContent === document.body.dataset.msgQueued));
    out.left_outbox = (await sendState(page)).outbox;
    // (collection.json: a page of the origin that sends nothing itself.)
    await storedForOtherPages(context, page, `${origin}/c/collection.json`, { suffix: ":outbox", origin });
    await page.close();
    state.mode = "ok";
    p = await open(context, url, { origin });
    page = p.page;
    await until(page, (r) => document.querySelector("[data-receipt-reference]").textContent === r, `${job.reference}3`);
    out.next_visit = await sendState(page);
    errors.push(...p.errors);
    requests.push(...p.requests);
    await page.close();

    // And the one after shows that receipt, sending nothing.
    const sent = state.posts.length;
    p = await open(context, url, { origin });
    await until(p.page, () => [...document.querySelectorAll("[data-action=send]")].every((b) => !b.hidden));
    await new Promise((r) => setTimeout(r, 500));
    out.later_visit = await sendState(p.page);
    out.later_visit.posts = state.posts.length - sent;
    errors.push(...p.errors);
    requests.push(...p.requests);
    await p.page.close();
  } finally {
    await server.close();
  }
  out.posts = state.posts;
  out.errors = errors;
  out.requests = requests;
  return out;
}

async function checkReport(context, job, url) {
  const { page, requests, errors } = await open(context, url);
  const out = { path: job.path, ...(await basics(page)) };
  out.styled = await page.evaluate(() => document.querySelectorAll("[style]").length);
  out.headings = await page.evaluate(() => [...document.querySelectorAll("h1,h2,h3,h4,h5,h6")].map((h) => [Number(h.tagName[1]), h.textContent]));
  out.captions = await page.evaluate(() => [...document.querySelectorAll("table")].map((t) => t.caption && t.caption.textContent));
  out.links = await page.evaluate(() => [...document.querySelectorAll("a[href^='#']")].map((a) => [a.getAttribute("href"), !!document.getElementById(a.getAttribute("href").slice(1))]));
  await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "dark" }]);
  out.axe_dark = await axe(page, ["color-contrast"]);
  await page.emulateMediaFeatures([]);
  await page.setViewport({ width: 320, height: 900 });
  out.overflow_320 = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  out.requests = requests;
  out.errors = errors;
  await page.close();

  // Served over HTTP with the strict policy: the style's hash and nothing else.
  const html = readFileSync(job.path);
  const styles = [...html.toString("utf8").matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
  const hashes = styles.map((s) => `'sha256-${createHash("sha256").update(s, "utf8").digest("base64")}'`);
  const policy = `default-src 'none'; style-src ${hashes.join(" ")}; img-src data:`;
  const served = await context.newPage();
  await served.setRequestInterception(true);
  served.on("request", (r) => r.respond({ status: 200, contentType: "text/html; charset=utf-8", headers: { "Content-Security-Policy": policy }, body: html }));
  await served.evaluateOnNewDocument(() => {
    window.violations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
  });
  await served.goto("http://report.invalid/", { waitUntil: "load" });
  out.csp = await served.evaluate(() => ({
    violations: window.violations,
    // The skip link is moved off screen by the style: proof it applied.
    styled: getComputedStyle(document.querySelector(".skip-link")).position === "absolute",
  }));
  out.csp.styles = styles.length;
  await served.close();
  return out;
}

const results = [];
try {
  // Two files at a time: a 2-core machine.
  const queue = jobs.slice();
  async function worker() {
    for (let job = queue.shift(); job; job = queue.shift()) {
      const url = pathToFileURL(job.path).href;
      // A context of its own per file: its own storage and downloads.
      const context = await browser.createBrowserContext();
      try {
        const check = { index: checkIndex, send: checkSend, report: checkReport }[job.kind] || checkPack;
        results.push(await check(context, job, url));
      } finally {
        await context.close();
      }
    }
  }
  await Promise.all([worker(), worker()]);
} finally {
  await close();
  rmSync(downloads, { recursive: true, force: true });
}
results.sort((a, b) => (a.path < b.path ? -1 : 1));
process.stdout.write(JSON.stringify(results));
