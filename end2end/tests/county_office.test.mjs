// Art. 4, last paragraph: a county's own hotline office runs a request from
// the call to the requester's rating without the center (issue 12). The
// Huocheng agent registers the call and dispatches it to a township in the
// county; the township acknowledges and answers; the Huocheng reviewer finds
// it in the county's own completion queue and approves it; the citizen rates
// it on the portal. Another county's handler cannot open it; the center can.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "../support/server.mjs";
import { launchBrowser, hydrated, ready, staffPage } from "../support/browser.mjs";
import { form, gone, openPage, registerCall, submitResult } from "../support/request_page.mjs";

const CALLER = "13977778888";
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

const staff = (username) => staffPage(browser, server.url, username);

const open = (page, path) => openPage(page, server.url, path);

test("Huocheng's hotline office takes a complaint from the call to the rating on its own", async () => {
  const agent = await staff("huocheng-agent");
  const number = await registerCall(agent, server.url, {
    phone: CALLER, name: "古丽", type: "complaint", title: "清水河镇农贸市场夜间噪音",
    content: "农贸市场冷库机组每晚轰鸣，附近居民无法休息。", county: "霍城县",
  });

  // The county's own acceptance queue holds it.
  await open(agent, "/staff/inbox?filter=registered");
  await agent.waitForSelector(`#inbox tr[data-number="${number}"]`);
  await open(agent, `/staff/requests/${number}`);
  const offered = await agent.locator("#dispatch-targets-lead-1 option").allTextContents();
  assert.ok(offered.some((o) => o.includes("霍城县清水河镇")), "the county's townships are offered");
  assert.ok(!offered.some((o) => o.includes("伊宁市人民政府")), "another county is not");
  await agent.selectOption("#dispatch-targets-lead-1", { label: "霍城县清水河镇" });
  await agent.click("#do-dispatch");
  await gone(agent, "dispatch");

  const township = await staff("qingshuihe-handler");
  await open(township, `/staff/requests/${number}`);
  await form(township, "acknowledge");
  await township.click("#do-acknowledge");
  await gone(township, "acknowledge");
  await submitResult(township, { handler: "马涛" });

  // The county reviewer's completion queue, not the center's alone.
  const reviewer = await staff("huocheng-reviewer");
  await open(reviewer, "/staff/inbox?filter=completions");
  await reviewer.waitForSelector(`#inbox tr[data-number="${number}"]`);
  await reviewer.click(`#inbox tr[data-number="${number}"] a`);
  await hydrated(reviewer);
  await form(reviewer, "review_completion");
  await reviewer.click("#do-review_completion");
  await gone(reviewer, "review_completion");

  // The citizen rates it on the portal.
  const citizen = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
  await citizen.goto(server.url + "/track");
  await ready(citizen);
  await citizen.fill("#number", number);
  await citizen.fill("#last4", CALLER.slice(-4));
  await citizen.click("#find");
  await citizen.waitForSelector("#rate");
  await citizen.check("#rating-satisfied");
  await citizen.check("#resolution-resolved");
  await Promise.all([citizen.waitForNavigation(), citizen.click("#submit-rating")]);
  assert.match(await citizen.textContent("#status"), /已办结/);
  await agent.waitForFunction(() => /已办结/.test(document.querySelector("#request-state")?.textContent || ""), null, { timeout: 5000 });

  // Another county's handler gets "not found"; the center sees the whole story.
  const yining = await staff("yining-handler");
  await yining.goto(`${server.url}/staff/requests/${number}`);
  await yining.waitForSelector("#request-error");
  assert.match(await yining.textContent("#request-error"), /未找到/);
  assert.equal(await yining.locator("#request-detail").count(), 0);
  const center = await staff("reviewer");
  await open(center, `/staff/requests/${number}`);
  assert.match(await center.textContent("#timeline"), /转派至霍城县清水河镇/);
  await center.screenshot({ path: "/tmp/county-office-center.png", fullPage: true });
  for (const page of [agent, township, reviewer, citizen, yining, center]) await page.context().close();
});
