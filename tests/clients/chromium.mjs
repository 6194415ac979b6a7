// Debian's Chromium for the browser clients (html_check.mjs,
// serve_check.mjs): headless through puppeteer-core, so nothing downloads
// a browser; a profile of its own, removed by `close`; and axe-core with
// the WCAG 2.2 A/AA tags every check runs; `until`, to wait on a page.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
export const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
export const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** The browser, and `close` to end it and remove its profile. */
export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), "framewright-chromium-"));
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      `--user-data-dir=${profile}`,
    ],
  });
  const close = async () => {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { browser, close };
}

/** Waits up to `ms` for `test` (run in the page) to be true; whether it was. */
export async function until(page, test, arg, ms = 10000) {
  try {
    await page.waitForFunction(test, { timeout: ms, polling: 50 }, arg);
    return true;
  } catch {
    return false;
  }
}
