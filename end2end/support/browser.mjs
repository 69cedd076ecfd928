// Debian's Chromium through playwright-core: never a downloaded browser.
import { chromium } from "playwright-core";

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Waits until the WASM has hydrated the page; a panic in the app (a hydration mismatch, say) fails at once. */
export async function hydrated(page) {
  await page.waitForSelector('#app[data-hydrated="true"]', { timeout: 30000 });
  if (page.__panics?.length) throw new Error(`the app panicked: ${page.__panics.join("\n")}`);
}

/** Keeps the app's panics (Rust panics reach the console as errors) for `hydrated` to report. */
function watchPanics(page) {
  page.__panics = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /panicked at/.test(message.text())) page.__panics.push(message.text());
  });
}

/** Waits until the citizen portal's enhancement WASM has run. */
export async function enhanced(page) {
  await page.waitForSelector('html[data-enhanced="true"]', { timeout: 30000 });
}

/** Waits until the page's script has taken over, whichever kind of page it is. */
export async function ready(page) {
  await page.waitForSelector('#app[data-hydrated="true"], html[data-enhanced="true"]', { timeout: 30000 });
}

/** A staff member logged in with the demo password, in a browser context of their own; their page on the staff home. */
export async function staffPage(browser, baseUrl, username) {
  const context = await browser.newContext();
  const page = await context.newPage();
  watchPanics(page);
  await page.goto(baseUrl + "/staff/login");
  await hydrated(page);
  await page.fill("#username", username);
  await page.fill("#password", "demo-12345");
  await page.click("button[type=submit]");
  await page.waitForSelector("#staff-greeting");
  return page;
}
