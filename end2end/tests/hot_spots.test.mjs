// Hot spots in the browser (issue 5): ten calls about one water outage in
// one township; the detector tells the center; the reviewer opens the
// notice, marks the whole spot an emergency and dispatches it to the
// township in two orders, each request showing what happened to it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "../support/server.mjs";
import { launchBrowser, hydrated, staffPage } from "../support/browser.mjs";
import { staffApi } from "../support/api.mjs";

const CALLS = [
  "幸福小区突然停水了，没有任何通知",
  "我们这里停水两个小时了，什么时候来水",
  "清水河镇停水，家里老人没法做饭",
  "小区停水了，物业说是管道爆裂",
  "停水一上午了，孩子放学回来没水用",
];

let server;
let browser;

before(async () => {
  server = await startServer({ HOTLINE_HOT_SPOT_EVERY_SECONDS: "1" });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("the center handles a whole hot spot from its notice", async () => {
  const agent = await staffApi(server.url, "agent");
  const numbers = [];
  for (let i = 0; i < 10; i++) {
    const text = CALLS[i % CALLS.length];
    const v = await agent("register_request", {
      new: {
        channel: "phone", type: "complaint", title: text.slice(0, 10), content: text,
        location: { county: "霍城县", township: "清水河镇" },
        requester: { name: "王五", phone: `1391234560${i}` },
      },
    });
    numbers.push(v.number);
  }

  const reviewer = await staffPage(browser, server.url, "reviewer");
  // The detector runs every second here (every minute by default).
  let notice = 0;
  for (let i = 0; i < 30 && !notice; i++) {
    await reviewer.goto(server.url + "/staff/notices");
    await hydrated(reviewer);
    notice = await reviewer.locator('#notices li[data-kind="hot_spot"] a').count();
    if (!notice) await new Promise((r) => setTimeout(r, 500));
  }
  assert.ok(notice, "the center is told of the hot spot");
  assert.match(await reviewer.locator('#notices li[data-kind="hot_spot"] a').first().textContent(), /霍城县清水河镇.*停水.*10件/);
  await reviewer.click('#notices li[data-kind="hot_spot"] a');
  await reviewer.waitForSelector("#hot-spot-members");
  assert.equal(await reviewer.locator("#hot-spot-members tbody tr").count(), 10);

  await reviewer.fill("#hs-reason", "清水河镇供水管道爆裂，大面积停水");
  await reviewer.click("#hot-spot-emergency button[type=submit]");
  await reviewer.waitForFunction(() => document.querySelectorAll("#hot-spot-members .tag-emergency").length === 10);

  await reviewer.selectOption("#hs-unit", "huocheng-qingshuihe");
  await reviewer.click("#hot-spot-dispatch button[type=submit]");
  await reviewer.waitForFunction(() =>
    [...document.querySelectorAll("#hot-spot-members tbody tr")].every((tr) => /霍城县清水河镇/.test(tr.textContent)),
  );
  for (const number of numbers) {
    const outcome = await reviewer.locator(`#hot-spot-members tr[data-number="${number}"] td.outcome`).textContent();
    assert.match(outcome, /已派单/, number);
  }

  // Each request's own page shows the marks.
  await reviewer.click(`#hot-spot-members tr[data-number="${numbers[0]}"] a`);
  await reviewer.waitForSelector('[data-tag="热点"]');
  assert.ok(await reviewer.locator(".tag-emergency").count());
});
