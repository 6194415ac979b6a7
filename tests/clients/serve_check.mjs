// Drives Debian's Chromium (headless, through puppeteer-core) through a
// running `framewright serve` as its people would, and reports what it saw
// as JSON for tests/it/serve_browser.rs to judge.
//
// Usage: node serve_check.mjs JOB.json  → one JSON object.
// The job: {origin, lead: {email, password, link}, council: {…}, title,
// framework, staff_csv (a file), values: [4 texts to type], screenshots
// (a folder or null)}. The lead ticks the framework's first two packs;
// staff choose the first pack offered.
// Every page visited is checked with axe-core (WCAG 2.2 A/AA) and watched
// for Content-Security-Policy violations and script errors; each is
// reported under `pages` by name.
import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AXE, WCAG, launch, until } from "./chromium.mjs";

const job = JSON.parse(readFileSync(process.argv[2], "utf8"));
const downloads = mkdtempSync(join(tmpdir(), "framewright-downloads-"));
const { browser, close } = await launch();

const out = { pages: {}, problems: [] };

/** A page of its own context's browser, reporting CSP violations (the
    browser's event, logged by a listener the page's CSP cannot stop) and
    script errors into `out.problems`, and refusing any request off the
    service's origin. */
async function person() {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  await page.evaluateOnNewDocument(() => {
    document.addEventListener("securitypolicyviolation", (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  // (The browser's own request for /favicon.ico is not the page's doing,
  // and a send while offline is meant to fail.)
  page.on("console", (m) => {
    const expected = (m.location().url || "").endsWith("/favicon.ico") || m.text().includes("net::ERR_INTERNET_DISCONNECTED");
    if (m.type() === "error" && !expected) out.problems.push(`${page.url()}: console: ${m.text()}`);
  });
  page.on("pageerror", (e) => out.problems.push(`${page.url()}: ${e}`));
  await page.setRequestInterception(true);
  page.on("request", (r) => {
    const u = r.url();
    if (u.startsWith(job.origin + "/") || u.startsWith("data:") || u.startsWith("blob:")) r.continue();
    else {
      out.problems.push(`request off the service: ${u}`);
      r.abort();
    }
  });
  return { context, page };
}

/** axe-core's WCAG 2.2 A/AA violations on the page as it is now (and
    colour contrast in dark mode), its text and a screenshot. */
async function look(page, name) {
  await page.evaluate(AXE);
  const run = (o) => page.evaluate((o) => window.axe.run(document, o), o);
  const brief = (r) => r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
  const violations = brief(await run({ runOnly: { type: "tag", values: WCAG } }));
  await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "dark" }]);
  violations.push(...brief(await run({ runOnly: { type: "rule", values: ["color-contrast"] } })));
  await page.emulateMediaFeatures([]);
  await page.setViewport({ width: 320, height: 900 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await page.setViewport({ width: 1280, height: 900 });
  // The whole page, unless it is a pack's long form: then what shows first.
  const tall = await page.evaluate(() => document.documentElement.scrollHeight > 3000);
  if (job.screenshots) await page.screenshot({ path: join(job.screenshots, `${name}.png`), fullPage: !tall });
  out.pages[name] = {
    url: page.url(),
    axe: violations,
    overflow_320: overflow,
    title: await page.title(),
    text: await page.evaluate(() => document.body.innerText),
  };
}

/** Submits the form of the button `selector`; a refusal stops the run
    with what the page said. */
async function submit(page, selector = "main form button[type=submit]") {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click(selector)]);
  if (!response.ok()) throw new Error(`${selector} on ${page.url()}: ${response.status()} ${await page.evaluate(() => document.body.innerText)}`);
}

/** Sets the password through the one-time link, then signs in. */
async function signIn(page, account, names) {
  await page.goto(account.link, { waitUntil: "load" });
  await look(page, names[0]);
  await page.type("#password", account.password);
  await page.type("#repeat", account.password);
  await submit(page);
  if (names[1]) await look(page, names[1]);
  await page.type("#email", account.email);
  await page.type("#password", account.password);
  await submit(page);
}

/** Rates every statement (the n-th choice of each group, turn about) and
    types `texts` into the first text boxes. */
async function fill(page, texts, shift) {
  await page.evaluate((shift) => {
    const groups = new Map();
    for (const r of document.querySelectorAll("main input[type=radio]")) {
      if (!groups.has(r.name)) groups.set(r.name, []);
      groups.get(r.name).push(r);
    }
    let i = shift;
    for (const radios of groups.values()) radios[i++ % radios.length].click();
  }, shift);
  const boxes = await page.$$("main textarea[name]");
  for (let i = 0; i < texts.length && i < boxes.length; i++) await boxes[i].type(texts[i]);
  return page.evaluate(() => {
    const answers = {};
    for (const c of document.querySelectorAll("main input[name], main textarea[name]")) {
      if (c.type === "radio") { if (c.checked) answers[c.name] = c.value; }
      else if (c.value) answers[c.name] = c.value;
    }
    return answers;
  });
}

function receipt(page) {
  return page.evaluate(() => ({
    reference: document.querySelector("[data-receipt-reference]").textContent,
    visible: !document.querySelector("[data-receipt]").hidden,
    status: [...document.querySelectorAll("[data-status]")].map((s) => s.textContent).join(" "),
  }));
}

/** Send, the privacy notice (looked at when `name` is given), Send now. */
async function send(page, name) {
  await until(page, () => [...document.querySelectorAll("[data-action=send]")].every((b) => !b.hidden));
  await page.click("[data-tools] [data-action=send]");
  await until(page, () => document.querySelector("[data-notice]").open);
  const notice = await page.evaluate(() => document.querySelector("[data-notice-text]").textContent);
  if (name) await look(page, name);
  await page.click("[data-notice] button[value=confirm]");
  return notice;
}

/** Opens the chooser at `link` and the first pack it offers. */
async function choose(page, link, name) {
  await page.goto(link, { waitUntil: "load" });
  const packs = await page.$$eval(".packs a", (as) => as.map((a) => ({ title: a.textContent, href: a.href })));
  if (name) await look(page, name);
  await page.goto(packs[0].href, { waitUntil: "load" });
  return packs;
}

/** The lead's page for the collection, as text: what it has received. */
async function received(lead, url) {
  await lead.goto(url, { waitUntil: "load" });
  return lead.evaluate(() => document.querySelector("main").innerText);
}

/** A file fetched with the page's session cookie (the service's pages
    run no script, and their CSP lets none fetch): status, type, text and
    the first five bytes. */
async function fetched(page, path) {
  const cookies = (await page.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const r = await fetch(job.origin + path, { headers: { Cookie: cookies } });
  const bytes = Buffer.from(await r.arrayBuffer());
  return { status: r.status, type: r.headers.get("content-type"), head: bytes.subarray(0, 5).toString("latin1"), text: bytes.toString("utf8") };
}

try {
  // The lead: password, sign in, a new collection with a staff list.
  const lead = (await person()).page;
  await signIn(lead, job.lead, ["password", "sign-in"]);
  await look(lead, "home");
  await Promise.all([lead.waitForNavigation({ waitUntil: "load" }), lead.click("main a.button")]);
  await look(lead, "new-collection");
  await lead.type("#title", job.title);
  await lead.click(`#fw-${job.framework}`);
  // The framework's first two packs, ticked.
  const ticks = await lead.$$(`input[name=packs][id^="p-${job.framework}-"]`);
  for (const tick of ticks.slice(0, 2)) await tick.click();
  out.ticked = await lead.$$eval("input[name=packs]:checked", (cs) => cs.map((c) => c.labels[0].textContent));
  await (await lead.$("#staff")).uploadFile(job.staff_csv);
  await submit(lead);
  const collection = lead.url();
  out.share = await lead.$eval("main p a.share", (a) => a.href);
  out.people = await lead.$$eval("main table tbody tr", (rows) =>
    rows.filter((r) => r.querySelector("a.share")).map((r) => ({ name: r.querySelector("th").textContent, link: r.querySelector("a.share").href })));
  await look(lead, "collection");

  // A member of staff: the share link, "Which pack is mine?", fill, Send,
  // the notice, the receipt; it shows in the lead's Received.
  const staff = (await person()).page;
  out.chooser = await choose(staff, out.share, "chooser");
  out.first = { typed: await fill(staff, job.values, 0) };
  out.first.notice = await send(staff, "edition-notice");
  await until(staff, () => document.querySelector("[data-receipt-reference]").textContent !== "");
  out.first.receipt = await receipt(staff);
  await look(staff, "edition-receipt");
  out.first.pwned = await staff.evaluate(() => window.pwned === 1);
  out.first.received = await received(lead, collection);

  // A link that opens nothing: a page that says so (not JSON); the
  // browser's own note of the 404 is the point, not a problem.
  const missing = `${job.origin}/s/no-such-link/`;
  out.not_found = { status: (await staff.goto(missing, { waitUntil: "load" })).status() };
  await look(staff, "not-found");
  out.problems = out.problems.filter((p) => !(p.startsWith(missing) && p.includes("404")));

  // Offline: the answers wait in the browser; online, they arrive.
  const offline = (await person()).page;
  await choose(offline, out.share, null);
  out.offline = { typed: await fill(offline, [job.values[1]], 1) };
  await offline.setOfflineMode(true);
  await send(offline, null);
  await until(offline, () => [...document.querySelectorAll("[data-status]")].some((s) => s.textContent === document.body.dataset.msgQueued));
  out.offline.queued = await receipt(offline);
  out.offline.received_while_offline = await received(lead, collection);
  await offline.setOfflineMode(false);
  await until(offline, () => document.querySelector("[data-receipt-reference]").textContent !== "", null, 40000);
  out.offline.receipt = await receipt(offline);
  out.offline.received = await received(lead, collection);

  // A personal link: only that person's pack, their name on it.
  const named = (await person()).page;
  out.personal = { chooser: await choose(named, out.people[0].link, "chooser-personal") };
  out.personal.name = await named.evaluate(() => (document.querySelector("main [name='signoff.name']") || {}).value || null);
  out.personal.typed = await fill(named, [job.values[2]], 2);
  await send(named, null);
  await until(named, () => document.querySelector("[data-receipt-reference]").textContent !== "");
  out.personal.receipt = await receipt(named);

  // Someone who downloads their answers instead of sending: the lead
  // uploads that file.
  const saver = await person();
  await choose(saver.page, out.share, null);
  out.upload = { typed: await fill(saver.page, [job.values[3]], 3) };
  const dir = mkdtempSync(join(downloads, "a-"));
  const cdp = await saver.page.createCDPSession();
  await cdp.send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: dir, browserContextId: saver.context.id });
  await saver.page.click("[data-tools] [data-action=download]");
  const file = await saver.page.evaluate(() => document.body.dataset.answersFile);
  for (let i = 0; i < 100 && !(existsSync(join(dir, file)) && !readdirSync(dir).some((f) => f.endsWith(".crdownload"))); i++) await new Promise((r) => setTimeout(r, 100));
  await lead.goto(collection, { waitUntil: "load" });
  await (await lead.$("#files")).uploadFile(join(dir, file));
  await submit(lead, "form[action*='/returns'] button[type=submit]");
  out.upload.file = file;
  out.upload.log = await lead.$$eval("form[action*='/returns'] + table tbody tr", (rows) =>
    rows.map((tr) => [...tr.children].map((c) => c.textContent)));
  await look(lead, "collection-uploaded");

  // The results, with the lead's cookie.
  const id = collection.split("/").pop();
  out.csv = await fetched(lead, `/collections/${id}/results/responses.csv`);
  const pdf = await fetched(lead, `/collections/${id}/results/report.pdf`);
  out.pdf = { status: pdf.status, type: pdf.type, head: pdf.head };
  await lead.goto(`${job.origin}/collections/${id}/results/`, { waitUntil: "load" });
  await look(lead, "results");

  // The summary goes to the council, who sees it.
  await lead.goto(collection, { waitUntil: "load" });
  await submit(lead, "form[action*='/send-summary'] button[type=submit]");
  out.after_send = lead.url();
  const council = (await person()).page;
  await signIn(council, job.council, ["password-council", null]);
  await look(council, "council");
  out.council = await council.evaluate(() => ({
    sent: [...document.querySelectorAll("main table tbody th")].map((th) => th.textContent),
    files: [...document.querySelectorAll("main a[href^='/council/']")].map((a) => a.getAttribute("href")),
  }));
  const merged = out.council.files.find((f) => f.endsWith(".csv") || f.endsWith(".json"));
  out.council.merged = merged ? (await fetched(council, merged)).status : null;
  // The merged summary as a page: completion per setting among its tables.
  await council.click("main a[href='/council/summary.html']");
  await council.waitForSelector("main h1");
  await look(council, "council-summary");
  out.council.captions = await council.$$eval("table caption", (cs) => cs.map((c) => c.textContent));
  await council.goto(`${job.origin}/users`, { waitUntil: "load" });
  await look(council, "users");
} catch (e) {
  out.failed = String(e && e.stack ? e.stack : e);
} finally {
  await close();
  rmSync(downloads, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(out));
