// The UI shell in Chromium: the public home page, a 404, and a demo login
// that reaches the staff home after hydration.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "../support/server.mjs";
import { launchBrowser, hydrated } from "../support/browser.mjs";

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("the home page says what 12345 handles and what it does not", async () => {
  const page = await browser.newPage({ viewport: { width: 320, height: 640 } });
  const res = await page.goto(server.url + "/");
  assert.equal(res.status(), 200);
  const text = await page.textContent("body");
  assert.match(text, /110/);
  assert.match(text, /不予受理/);
  assert.equal(await page.locator("ol.reasons li").count(), 9);
  await page.close();
});

test("an unknown page is a 404 in Chinese", async () => {
  const page = await browser.newPage();
  const res = await page.goto(server.url + "/no/such/page");
  assert.equal(res.status(), 404);
  assert.match(await page.textContent("body"), /页面不存在/);
  await page.close();
});

test("a wrong password is refused with a message", async () => {
  const page = await browser.newPage();
  await page.goto(server.url + "/staff/login");
  await hydrated(page);
  await page.fill("#username", "agent");
  await page.fill("#password", "not-the-password");
  await page.click("button[type=submit]");
  await page.waitForSelector(".error-summary");
  assert.match(await page.textContent(".error-summary"), /用户名或密码错误/);
  await page.close();
});

test("a demo agent logs in and sees the staff home after hydration", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url + "/staff/login");
  await hydrated(page);
  await page.fill("#username", "agent");
  await page.fill("#password", "demo-12345");
  await page.click("button[type=submit]");
  await page.waitForSelector("#staff-greeting", { timeout: 30000 });
  assert.match(await page.textContent("#staff-role"), /话务员/);
  assert.match(await page.textContent("#staff-unit"), /12345/);
  const counts = await page.locator("#queue-counts .count").allTextContents();
  assert.equal(counts.length, 6);
  assert.ok(counts.some((n) => Number(n) > 0), `expected some work in the demo queue, got ${counts}`);
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === "hotline_session");
  assert.ok(session && session.httpOnly, "the session cookie is HttpOnly");
  assert.equal(session.sameSite, "Strict");
  await context.close();
});
