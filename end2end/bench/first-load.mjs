// First load of the citizen portal, as a phone on a fresh cache sees it:
// every response's bytes on the wire (compressed), summed per kind.
// Usage: HOTLINE_BIN=… SITE_ROOT=… node bench/first-load.mjs [path …]
// Prints a JSON line per page; exits 1 when a page is over the budget.
import { startServer } from "../support/server.mjs";
import { launchBrowser, ready } from "../support/browser.mjs";

const BUDGET = 250 * 1000; // wasm + js + css, compressed (issue: portal first load ≤ 250 KB)
const pages = process.argv.slice(2).length ? process.argv.slice(2) : ["/", "/submit", "/track", "/staff/login"];

const server = await startServer();
const browser = await launchBrowser();
let over = false;
try {
  for (const path of pages) {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true });
    const page = await context.newPage();
    const responses = [];
    page.on("requestfinished", async (req) => {
      const sizes = await req.sizes();
      const res = await req.response();
      responses.push({
        url: req.url(),
        type: (res?.headers()["content-type"] || "").split(";")[0],
        encoding: res?.headers()["content-encoding"] || "identity",
        bytes: sizes.responseBodySize,
      });
    });
    await page.goto(server.url + path);
    await ready(page);
    await page.waitForLoadState("networkidle");
    const sum = (pred) => responses.filter(pred).reduce((n, r) => n + r.bytes, 0);
    const wasm = sum((r) => r.type === "application/wasm");
    const js = sum((r) => r.type.includes("javascript"));
    const css = sum((r) => r.type === "text/css");
    const html = sum((r) => r.type === "text/html");
    const assets = wasm + js + css;
    const encodings = [...new Set(responses.filter((r) => r.type !== "text/html").map((r) => r.encoding))];
    console.log(JSON.stringify({ path, wasm, js, css, html, assets, budget: BUDGET, encodings }));
    // The budget is the citizen portal's; the staff app is listed for comparison.
    if (assets > BUDGET && !path.startsWith("/staff")) over = true;
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
process.exit(over ? 1 : 0);
