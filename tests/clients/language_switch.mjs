// Drives Debian's Chromium over a bilingual HTML pack (tests/it/bilingual.rs):
// types an answer into the first text box, then presses each button of
// the language switch in turn and reports, after each, whether the first
// and second language's texts show and what the box holds, so a test can
// tell the switch changes the language and keeps the answer.
//
// Usage: node language_switch.mjs JOB.json, JOB {path, value, screenshot
// (a PNG file for the page with one language shown, or null)} → JSON
// {buttons: [{show, label, lang}], after: [{show, first, second, value,
// pressed}], stored (the answer as the page keeps it in the browser)}.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { launch } from "./chromium.mjs";

const job = JSON.parse(readFileSync(process.argv[2], "utf8"));
const { browser, close } = await launch();
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(pathToFileURL(job.path).href, { waitUntil: "load" });
  const box = "main textarea[name]";
  await page.click(box);
  await page.keyboard.type(job.value);
  const buttons = await page.$$eval("[data-language-switch] button[data-show]", (bs) =>
    bs.map((b) => ({ show: b.dataset.show, label: b.textContent.trim(), lang: b.getAttribute("lang") })));
  const shown = (selector) => Array.from(document.querySelectorAll(selector)).some((e) => e.offsetParent !== null);
  const after = [];
  for (const show of ["second", "first", "both"]) {
    await page.click(`[data-language-switch] button[data-show="${show}"]`);
    after.push(await page.evaluate((show, box, shownSource) => {
      const shown = new Function("selector", shownSource);
      return {
        show,
        first: shown('[data-language="first"]'),
        second: shown('[data-language="second"]'),
        value: document.querySelector(box).value,
        pressed: document.querySelector(`[data-language-switch] [data-show="${show}"]`).getAttribute("aria-pressed"),
      };
    }, show, box, `return (${shown.toString()})(selector);`));
    if (show === "second" && job.screenshot) await page.screenshot({ path: job.screenshot, fullPage: false });
  }
  const name = await page.$eval(box, (b) => b.name);
  const stored = await page.evaluate((name) => {
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (k.startsWith("framewright:") && !k.includes(":outbox") && !k.includes(":receipt")) {
        const v = JSON.parse(localStorage.getItem(k));
        if (v && name in v) return v[name];
      }
    }
    return null;
  }, name);
  process.stdout.write(JSON.stringify({ buttons, after, stored }));
} finally {
  await close();
}
