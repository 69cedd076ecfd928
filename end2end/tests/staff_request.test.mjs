// A request as staff see it (issue 4, first part): a unit's handler opens a
// complaint from the look-up form on the staff home, sees its clocks
// counting down, the timeline and what they may do; another county's
// handler gets "not found".
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "../support/server.mjs";
import { launchBrowser, hydrated, staffPage } from "../support/browser.mjs";
import { staffApi } from "../support/api.mjs";
import { fillCall, fillResult, form } from "../support/request_page.mjs";

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
  // The likely action leads (派单), the others are folded below it (issue 14 §2).
  assert.equal(await page.locator('#allowed > form[data-command="dispatch"]').count(), 1);
  assert.equal(await page.locator('details[data-folded="reject"]:not([open])').count(), 1, "不予受理 folded");
  assert.equal((await page.textContent("#do-dispatch")).trim(), "派单", "the button says what it does");
  await page.selectOption("#dispatch-targets-lead-1", { label: "伊宁市人民政府" });
  await page.fill("#dispatch-note", "请尽快核实");
  await page.click("#do-dispatch");
  await page.waitForFunction(() => /转派至伊宁市人民政府/.test(document.querySelector("#timeline")?.textContent || ""));

  await page.goto(`${server.url}/staff/requests/${other.number}`);
  await hydrated(page);
  await form(page, "reject");
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
  await form(page, "reject");
  assert.equal(await page.isVisible("#reject-handover-service"), false, "not asked for other reasons");
  await page.selectOption("#reject-reason", "emergency_service");
  await page.selectOption("#reject-handover-service", "119");
  await page.fill("#reject-handover-reference", "119-20261130-07");
  await page.fill("#reject-basis", "《伊犁州12345热线管理办法》第十二条第（二）项");
  await page.click("#do-reject");
  await page.waitForFunction(() => /已转119 火警处理/.test(document.querySelector("#timeline")?.textContent || ""));
  assert.match(await page.textContent("#timeline"), /已于.+转119 火警，接警编号 119-20261130-07。/);
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
  // The keys below work once the app has loaded (a click before it is a full page load).
  await hydrated(page);
  const row = await page.textContent(`#inbox tr[data-number="${number}"]`);
  assert.match(row, /待签收/);
  // The deadline reads as its last day with the working days left, never
  // as the instant after it ("12-19 00:00" for a request due on the 18th).
  const [, month, day] = lastDay.split("-").map(Number);
  assert.match(row, new RegExp(`截止${month}月${day}日（还剩 \\d+ 个工作日）`), row);
  assert.doesNotMatch(row, /\d\d:\d\d/, row);
  // The keyboard (issue 14 §2): j selects a row and focuses its link; ? shows every key.
  await page.keyboard.press("j");
  await page.waitForSelector("#inbox tbody tr.row--selected");
  assert.equal(await page.evaluate(() => document.activeElement?.closest("tr")?.classList.contains("row--selected")), true);
  await page.keyboard.press("?");
  await page.waitForSelector("#shortcuts");
  assert.match(await page.textContent("#shortcuts"), /下一件/);
  await page.keyboard.press("Escape");
  await page.waitForSelector("#shortcuts", { state: "detached" });
  await page.evaluate(() => (window.__sameDocument = true));
  await page.click(`#inbox tr[data-number="${number}"] a`);
  await page.waitForSelector("#request-detail");
  assert.equal(await page.evaluate(() => window.__sameDocument), true, "client-side navigation");
  assert.equal((await page.textContent("#request-number")).trim(), number);
  await context.close();
});

test("the work list sorts by a column header and previews the chosen row; the a key acknowledges it (issue 14 §2)", async () => {
  const agent = await staffApi(server.url, "agent");
  const second = await agent("register_request", {
    new: {
      channel: "phone", type: "help", category: "urban.water",
      title: "小区停水", content: "小区从前天开始停水，至今没有恢复，也没有任何通知。",
      location: { county: "伊宁市" }, requester: { name: "李四", phone: "13987654321" },
    },
  });
  await agent("apply_command", { number: second.number, command: { type: "dispatch", targets: [{ unit: "yining", role: "lead" }] } });
  const { context, page } = await loginPage("yining-handler");
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto(`${server.url}/staff/inbox?filter=to_acknowledge`);
  await hydrated(page);
  const numbers = () => page.$$eval("#inbox tbody tr", (rs) => rs.map((r) => r.dataset.number));
  // The number's header sorts by registration, the newest first; a second click turns it round.
  await page.click("#sort-registered");
  await page.waitForSelector('th[aria-sort="descending"] #sort-registered');
  assert.match(page.url(), /sort=-registered/);
  assert.deepEqual((await numbers()).slice(0, 2), [second.number, number]);
  await page.click("#sort-registered");
  await page.waitForSelector('th[aria-sort="ascending"] #sort-registered');
  const rising = await numbers();
  // The oldest first: the registration days (in the number) rise. (The demo
  // data registers a day's requests at made-up hours, so within a day the
  // sequence need not follow the time.)
  const days = rising.map((n) => n.slice(2, 10));
  assert.deepEqual(days, [...days].sort(), "the oldest first");
  assert.ok(rising.indexOf(number) < rising.indexOf(second.number));
  await page.click("#sort-registered");
  await page.waitForSelector('th[aria-sort="descending"] #sort-registered');
  // Nothing chosen yet: the pane says how to choose.
  assert.match(await page.textContent("#preview"), /点击一行，或按 j \/ k/);
  // j chooses the first row; the pane beside the list shows its request, masked.
  await page.keyboard.press("j");
  await page.waitForFunction(() => /小区停水/.test(document.querySelector("#preview-title")?.textContent || ""));
  const preview = await page.textContent("#preview");
  assert.match(preview, /至今没有恢复/);
  assert.match(preview, /139\*\*\*\*4321/, "the phone masked");
  assert.doesNotMatch(preview, /13987654321/);
  assert.match(preview, /下一步：签收/);
  assert.match(preview, /派单：伊宁市人民政府（主办）/, "the latest steps in words");
  // The pane sits beside the list on a desk's screen, not below it.
  const [list, pane] = await Promise.all([page.locator("#inbox").boundingBox(), page.locator("#preview").boundingBox()]);
  assert.ok(pane.x > list.x + list.width - 1, `beside: list ${JSON.stringify(list)}, pane ${JSON.stringify(pane)}`);
  // a acknowledges the chosen request; it leaves the list of those to acknowledge.
  await page.keyboard.press("a");
  await page.waitForSelector(`#inbox tr[data-number="${second.number}"]`, { state: "detached" });
  assert.ok((await numbers()).includes(number), "only the chosen one");
  await context.close();
});

test("the handler acknowledges and asks for an extension; the reviewer approves it — each from the page", async () => {
  const { context, page } = await loginPage("yining-handler");
  await page.goto(`${server.url}/staff/requests/${number}`);
  await hydrated(page);
  await page.click("#do-acknowledge");
  await page.waitForFunction(() => /已签收/.test(document.querySelector("#timeline")?.textContent || ""));
  assert.equal(await page.locator('#allowed [data-command="acknowledge"]').count(), 0, "acknowledged once");
  // The result names only the unit that holds the assignment (issue 14 §1.5).
  await form(page, "submit_result");
  const units = await page.$$eval("#submit_result-result-unit option", (os) => os.map((o) => o.value).filter(Boolean));
  assert.deepEqual(units, ["yining"], "no unit the domain would refuse");
  // What only the server can find (a handling time after the submission,
  // Art. 22(1)) is shown beside its field too, and the field is focused.
  await fillResult(page);
  await page.fill("#submit_result-result-handled_at", "2099-01-01T10:00");
  await page.click("#do-submit_result");
  await page.waitForSelector("#submit_result-result-handled_at-error");
  assert.match(await page.textContent("#submit_result-result-handled_at-error"), /办理时间.+晚于提交时间/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), "submit_result-result-handled_at", "focused");
  assert.match(await page.textContent("#command-error"), /晚于提交时间/, "and in the summary");
  // A reason is required: the form says so beside the field, before anything is sent.
  await form(page, "request_extension");
  await page.click("#do-request_extension");
  await page.waitForSelector("#request_extension-reason-error");
  assert.match(await page.textContent("#request_extension-reason-error"), /请填写“理由”/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), "request_extension-reason", "focused");
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

test("a call registered before the app has loaded is registered, not wiped (issue 14 §1.7)", async () => {
  const { context, page } = await loginPage("agent");
  // The app's WASM never arrives: the page stays as the server sent it.
  await page.route("**/*.wasm", (route) => route.abort());
  await page.goto(server.url + "/staff/intake");
  await page.waitForSelector("#intake-register");
  assert.equal(await page.getAttribute("#app", "data-hydrated"), "false", "not hydrated");
  await page.fill("#intake-phone", "13811112222");
  await fillCall(page, { name: "马七", type: "help", title: "小区路灯不亮", content: "团结路小区路灯坏了一周，夜里很黑。", county: "伊宁市" });
  await page.click("#intake-register");
  await page.waitForURL(/\/staff\/requests\/YL\d{13}$/);
  await page.waitForSelector("#request-title");
  assert.equal((await page.textContent("#request-title")).trim(), "小区路灯不亮");
  await context.close();
});

test("what an agent typed before the app loaded is kept when it loads (issue 14 §1.7)", async () => {
  const { context, page } = await loginPage("agent");
  // The app's WASM is held back until the call has been typed.
  let arrive;
  const held = new Promise((resolve) => (arrive = resolve));
  await page.route("**/*.wasm", async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(server.url + "/staff/intake");
  await page.waitForSelector("#intake-register");
  assert.equal(await page.getAttribute("#app", "data-hydrated"), "false", "not hydrated");
  await page.fill("#intake-phone", "13811114444");
  const call = { name: "吴九", type: "complaint", title: "夜间施工噪音扰民", content: "解放路工地每晚十一点后仍在施工，噪音很大。", county: "伊宁市" };
  await fillCall(page, call);
  await page.check("#intake-anonymous");
  arrive();
  await hydrated(page);
  assert.equal(await page.inputValue("#intake-phone"), "13811114444");
  assert.equal(await page.inputValue("#intake-title"), call.title);
  assert.equal(await page.inputValue("#intake-content"), call.content);
  assert.equal(await page.inputValue("#intake-request_type"), call.type);
  assert.equal(await page.inputValue("#intake-county"), call.county);
  assert.ok(await page.isChecked("#intake-anonymous"), "the box ticked before loading stays ticked");
  // The app holds the words too: it looks the kept number up, and Ctrl+Enter registers what was typed.
  await page.waitForSelector("#caller-history-empty");
  await page.press("#intake-content", "Control+Enter");
  await page.waitForURL(/\/staff\/requests\/YL\d{13}$/);
  await page.waitForSelector("#request-title");
  assert.equal((await page.textContent("#request-title")).trim(), call.title);
  await context.close();
});

test("a wrong number and the outbox's message kinds read in Chinese (issue 14 §1.4)", async () => {
  const { context, page } = await loginPage("agent");
  await page.goto(`${server.url}/staff/requests/NOT-A-NUMBER`);
  await page.waitForSelector("#request-error");
  const error = await page.textContent("#request-error");
  assert.match(error, /不是诉求编号/);
  assert.doesNotMatch(error, /is not|number:/, error);
  await context.close();

  const admin = await loginPage("admin");
  await admin.page.goto(`${server.url}/staff/outbox`);
  await admin.page.waitForSelector("#outbox tbody tr");
  const kinds = await admin.page.$$eval("#outbox tbody tr td:nth-child(3)", (cells) => cells.map((c) => c.textContent.trim()));
  assert.ok(kinds.includes("受理告知"), kinds.join(","));
  assert.ok(kinds.every((k) => !/[a-z_]{3,}/.test(k)), kinds.join(","));
  await admin.context.close();
});

test("the center dispatches several new registrations to one unit at once (issue 14 §2)", async () => {
  const agentApi = await staffApi(server.url, "agent");
  const numbers = [];
  for (const title of ["公交站牌损坏", "公交站台积水"]) {
    const v = await agentApi("register_request", {
      new: {
        channel: "phone", type: "help", title, content: `${title}，请尽快处理。`,
        location: { county: "伊宁市" }, requester: { name: "周八", phone: "13811113333" },
      },
    });
    numbers.push(v.number);
  }
  const { context, page } = await loginPage("agent");
  await page.goto(`${server.url}/staff/inbox?filter=registered`);
  await hydrated(page);
  for (const n of numbers) await page.check(`#inbox tr[data-number="${n}"] input.choose`);
  assert.equal((await page.textContent("#bulk-do")).trim(), "派单（2 件）");
  await page.waitForSelector('#bulk-unit option:text("伊宁市人民政府")', { state: "attached" });
  await page.selectOption("#bulk-unit", { label: "伊宁市人民政府" });
  await page.click("#bulk-do");
  await page.waitForSelector("#bulk-outcome");
  assert.match(await page.textContent("#bulk-outcome"), /已完成 2 件/);
  // Dispatched, they leave the list (live).
  for (const n of numbers) await page.waitForSelector(`#inbox tr[data-number="${n}"]`, { state: "detached", timeout: 10000 });
  await context.close();
});
