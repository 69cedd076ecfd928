// Public cases (Art. 35): an agent proposes a case from an ended request at
// the desk, the checker stops the requester's name beside the field, a
// reviewer publishes it, and a citizen reads it on a phone — without any
// script, with no request number and the place no closer than the township.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "../support/server.mjs";
import { launchBrowser, hydrated, staffPage } from "../support/browser.mjs";
import { staffApi } from "../support/api.mjs";
import { PHONE } from "../support/citizen.mjs";

let server;
let browser;
let number;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const agent = await staffApi(server.url, "agent");
  const v = await agent("register_request", {
    new: {
      channel: "phone", type: "consultation", title: "社保卡补办", content: "我是热依拉，社保卡丢了怎么补办？",
      location: { county: "伊宁市", township: "墩买里街道", address: "解放路12号" },
      requester: { name: "热依拉", phone: "13812345678" },
    },
  });
  number = v.number;
  await agent("apply_command", { number, command: { type: "answer", entry: "KB-0001", answer: "请携带身份证到社保服务网点补办。" } });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("an agent proposes, a reviewer publishes, a citizen reads it on a phone", async () => {
  const page = await staffPage(browser, server.url, "agent");
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.click("#cases-link");
  await hydrated(page);
  await page.click('a[href="/staff/cases/new"]');
  await page.fill("#case-number", number);
  await page.click("#case-load");
  // "载入" loads the page anew: the request's own words to rewrite are in
  // the page as served, before the app has loaded.
  await page.waitForSelector("#case-summary");
  assert.match(await page.inputValue("#case-summary"), /热依拉/, "the request's own words to rewrite");
  assert.match(await page.inputValue("#case-outcome"), /社保服务网点/, "the answer to rewrite");
  await hydrated(page);
  await page.fill("#case-title", "社保卡丢失如何补办");
  await page.click("#case-propose");
  await page.waitForSelector("#case-summary-error");
  assert.match(await page.textContent("#case-summary-error"), /第三十五条.*姓名/);
  await page.fill("#case-summary", "市民来电询问社保卡丢失后如何补办。");
  await page.click("#case-propose");
  await page.waitForURL(/\/staff\/cases$/);
  await page.waitForSelector('#staff-cases article[data-state="proposed"]');
  assert.equal(await page.locator("#staff-cases button").count(), 0, "an agent does not review");
  await page.context().close();

  const desk = await staffPage(browser, server.url, "reviewer");
  await desk.setViewportSize({ width: 1366, height: 900 });
  await desk.goto(`${server.url}/staff/cases`);
  await hydrated(desk);
  const card = desk.locator('#staff-cases article[data-state="proposed"]');
  assert.match(await card.textContent(), /市民来电询问社保卡丢失后如何补办/, "the reviewer reads what goes public");
  await card.locator('button[id^="publish-"]').click();
  await desk.waitForSelector('#staff-cases article[data-state="published"]');
  await desk.context().close();

  const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
  const phone = await context.newPage();
  await phone.goto(`${server.url}/`);
  await phone.click("#cases-link");
  await phone.waitForSelector("#cases article");
  const text = await phone.textContent("#cases");
  assert.match(text, /社保卡丢失如何补办/);
  assert.match(text, /伊宁市墩买里街道/);
  assert.match(text, /请携带身份证到社保服务网点补办/);
  assert.doesNotMatch(text, /热依拉|解放路|YL\d{13}|138/, "nothing personal, no request number");
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 320, `fits a 320 px phone (${width})`);
  await context.close();
});
