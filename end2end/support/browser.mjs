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

/** Waits until the WASM has hydrated the page. A panic in the app (a hydration
 *  mismatch, say) fails at once with its message; a page that never hydrates
 *  fails after 30 s with what the browser said (console errors, failed loads),
 *  so that a rare failure explains itself. */
export async function hydrated(page) {
  const done = page.waitForSelector('#app[data-hydrated="true"]', { timeout: 30000 });
  const panicked = new Promise((_, reject) => {
    const check = () => (page.__panics?.length ? reject(new Error(`the app panicked: ${page.__panics.join("\n")}`)) : null);
    check();
    page.__onPanic = check;
  });
  try {
    await Promise.race([done, panicked]);
  } catch (e) {
    const said = (page.__said ?? []).slice(-10).join("\n");
    throw new Error(`${e.message}${said ? `\nthe browser said:\n${said}` : ""}`);
  } finally {
    page.__onPanic = null;
    // The loser of the race must not reject unheard later.
    panicked.catch(() => {});
    done.catch(() => {});
  }
}

/** Keeps the app's panics (Rust panics reach the console as errors) for
 *  `hydrated` to report, and the console errors and failed loads to tell
 *  when a page never hydrates. */
function watchPanics(page) {
  page.__panics = [];
  page.__said = [];
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    page.__said.push(`console: ${message.text().slice(0, 500)}`);
    if (/panicked at/.test(message.text())) {
      page.__panics.push(message.text());
      page.__onPanic?.();
    }
  });
  page.on("pageerror", (error) => page.__said.push(`page error: ${String(error).slice(0, 500)}`));
  page.on("requestfailed", (request) => page.__said.push(`failed: ${request.url()} ${request.failure()?.errorText ?? ""}`));
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
