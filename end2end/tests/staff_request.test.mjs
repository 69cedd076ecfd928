// A request as staff see it (issue 4, first part): a unit's handler opens a
// complaint from the look-up form on the staff home, sees its clocks
// counting down, the timeline and what they may do; another county's
// handler gets "not found".
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "../support/server.mjs";
import { launchBrowser, hydrated, staffPage } from "../support/browser.mjs";
import { staffApi } from "../support/api.mjs";

let server;
let browser;
let number;
let lastDay;

async function loginPage(username) {
  const page = await staffPage(browser, server.url, username);
  return { context: page.context(), page };
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const agent = await staffApi(server.url, "agent");
  const v = await agent("register_request", {
    new: {
      channel: "phone", type: "complaint", category: "environment.noise",
      title: "夜间施工噪音扰民", content: "小区旁工地每天夜里十一点后仍在施工。",
      location: { county: "伊宁市" }, requester: { name: "张三", phone: "13812345678" },
    },
  });
  number = v.number;
  lastDay = v.due;
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("the agent dispatches it from the page, and rejects another with an Art. 12 item and its basis", async () => {
  const agentApi = await staffApi(server.url, "agent");
  const other = await agentApi("register_request", {
    new: {
      channel: "phone", type: "complaint", title: "邻居家吵架", content: "邻居夫妻经常吵架，希望有关部门管一管。",
      location: { county: "伊宁市" }, requester: { name: "李四", phone: "13900002222" },
    },
  });
  const { context, page } = await loginPage("agent");
  await page.goto(`${server.url}/staff/requests/${number}`);
  await hydrated(page);
  await page.selectOption("#dispatch-targets-lead-1", { label: "伊宁市人民政府" });
  await page.fill("#dispatch-note", "请尽快核实");
  await page.click("#do-dispatch");
  await page.waitForFunction(() => /转派至伊宁市人民政府/.test(document.querySelector("#timeline")?.textContent || ""));

  await page.goto(`${server.url}/staff/requests/${other.number}`);
  await hydrated(page);
  await page.selectOption("#reject-reason", { index: 1 });
  await page.fill("#reject-basis", "《伊犁州12345热线管理办法》第十二条");
  await page.click("#do-reject");
  await page.waitForFunction(() => /不予受理/.test(document.querySelector("#timeline")?.textContent || ""));

  // Art. 12(2): a matter for 110 is rejected with its handover, asked only for that reason.
  const fire = await agentApi("register_request", {
    new: {
      channel: "phone", type: "help", title: "邻居家中冒烟", content: "楼上邻居家窗户冒出浓烟，敲门无人应答。",
      location: { county: "伊宁市" }, requester: { phone: "0999-8021234" },
    },
  });
  await page.goto(`${server.url}/staff/requests/${fire.number}`);
  await hydrated(page);
  assert.equal(await page.isVisible("#reject-handover-service"), false, "not asked for other reasons");
  await page.selectOption("#reject-reason", "emergency_service");
  await page.selectOption("#reject-handover-service", "119");
  await page.fill("#reject-handover-reference", "119-20261130-07");
  await page.fill("#reject-basis", "《伊犁州12345热线管理办法》第十二条第（二）项");
  await page.click("#do-reject");
  await page.waitForFunction(() => /已转119 火警处理/.test(document.querySelector("#timeline")?.textContent || ""));
  assert.match(await page.textContent("#timeline"), /handed over to 119/);
  await context.close();
});

test("the unit's handler opens the request by number and sees clocks, timeline and actions", async () => {
  const { context, page } = await loginPage("yining-handler");
  await page.fill("#open-number", number.toLowerCase());
  await page.click("#open-request");
  await page.waitForSelector("#request-detail");
  await hydrated(page);
  assert.equal((await page.textContent("#request-number")).trim(), number);
  assert.match(await page.textContent("#requester"), /138\*\*\*\*5678/, "masked");
  const clocks = await page.textContent("#clocks");
  assert.match(clocks, /办理期限/);
  assert.match(clocks, /签收/);
  // Each clock names its article as staff read it, not in the code's English.
  assert.match(await page.textContent("#clock-handling"), /第十九条/);
  assert.doesNotMatch(clocks, /Art\./);
  assert.match(await page.textContent("#clock-handling-countdown"), /个工作日内办理期限，截止/);
  assert.match(await page.textContent("#timeline"), /转派至伊宁市人民政府/);
  assert.match(await page.textContent("#timeline"), /内部备注：请尽快核实/);
  assert.ok(await page.locator('#allowed [data-command="acknowledge"]').count(), "may acknowledge");
  await context.close();
});

test("the handler's work list shows the dispatch to acknowledge; a click opens it without a reload", async () => {
  const { context, page } = await loginPage("yining-handler");
  await page.click("#tile-to_acknowledge");
  await page.waitForSelector(`#inbox tr[data-number="${number}"]`);
  const row = await page.textContent(`#inbox tr[data-number="${number}"]`);
  assert.match(row, /待签收/);
  // The deadline reads as its last day with the working days left, never
  // as the instant after it ("12-19 00:00" for a request due on the 18th).
  const [, month, day] = lastDay.split("-").map(Number);
  assert.match(row, new RegExp(`截止${month}月${day}日（还剩 \\d+ 个工作日）`), row);
  assert.doesNotMatch(row, /\d\d:\d\d/, row);
  await page.evaluate(() => (window.__sameDocument = true));
  await page.click(`#inbox tr[data-number="${number}"] a`);
  await page.waitForSelector("#request-detail");
  assert.equal(await page.evaluate(() => window.__sameDocument), true, "client-side navigation");
  assert.equal((await page.textContent("#request-number")).trim(), number);
  await context.close();
});

test("the handler acknowledges and asks for an extension; the reviewer approves it — each from the page", async () => {
  const { context, page } = await loginPage("yining-handler");
  await page.goto(`${server.url}/staff/requests/${number}`);
  await hydrated(page);
  await page.click("#do-acknowledge");
  await page.waitForFunction(() => /已签收/.test(document.querySelector("#timeline")?.textContent || ""));
  assert.equal(await page.locator('#allowed [data-command="acknowledge"]').count(), 0, "acknowledged once");
  // A reason is required: the form says so before anything is sent.
  await page.click("#do-request_extension");
  await page.waitForSelector("#command-error");
  await page.fill("#request_extension-reason", "需要现场勘验，等待环保部门检测报告");
  await page.click("#do-request_extension");
  await page.waitForFunction(() => !document.querySelector('#allowed [data-command="request_extension"]'));
  await context.close();

  const reviewer = await loginPage("reviewer");
  await reviewer.page.goto(`${server.url}/staff/requests/${number}`);
  await hydrated(reviewer.page);
  assert.ok(await reviewer.page.locator("#clocks").textContent().then((t) => /延期审批/.test(t)), "the decision clock runs");
  await reviewer.page.click("#do-decide_extension");
  await reviewer.page.waitForFunction(() => /延长/.test(document.querySelector("#timeline")?.textContent || ""));
  await reviewer.context.close();
});

test("another county's handler gets 'not found'", async () => {
  const { context, page } = await loginPage("huocheng-handler");
  await page.goto(`${server.url}/staff/requests/${number}`);
  await page.waitForSelector("#request-error");
  assert.match(await page.textContent("#request-error"), /未找到/);
  assert.equal(await page.locator("#request-detail").count(), 0);
  await context.close();
});
