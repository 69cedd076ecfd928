// The hotline office's records in the browser (issue 12, Art. 41 and 42).
// A reviewer flags a harassing caller citing the caller's own request; the
// agent sees the warning at the intake desk while the call is still
// registered; a leader lifts the flag on review. A reviewer registers a law
// firm's application with its letter; the bureau head approves it; the
// reviewer hands over the package, which downloads as a zip. The audit log
// shows each step. An ended request, once archived, is read-only and still
// found by the center. A requester sees on a phone the personal data held
// and who looked at it, asks for a correction, and the center makes it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "../support/server.mjs";
import { launchBrowser, staffPage } from "../support/browser.mjs";
import { openPage, registerCall } from "../support/request_page.mjs";
import { staffApi } from "../support/api.mjs";
import { PHONE, signedInCitizen } from "../support/citizen.mjs";

const CALLER = "13966665555";
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
const inDays = (days) => new Date(Date.now() + (8 * 3600 + days * 86400) * 1000).toISOString().slice(0, 10);

test("a harassing caller is flagged, seen at intake and lifted on review", async () => {
  const agent = await staff("agent");
  const number = await registerCall(agent, server.url, {
    phone: CALLER, name: "赵六", type: "complaint", title: "辱骂话务员", content: "来电人多次辱骂话务员并占用线路。", county: "伊宁市",
  });

  const reviewer = await staff("reviewer");
  await open(reviewer, "/staff/callers");
  await reviewer.click("#new-flag summary");
  await reviewer.fill("#flag-phone", CALLER);
  await reviewer.selectOption("#flag-kind", "harassment");
  await reviewer.fill("#flag-reason", "一天内来电四十次辱骂话务员");
  await reviewer.fill("#flag-evidence", number);
  await reviewer.fill("#flag-until", inDays(90));
  await reviewer.click("#flag-submit");
  const row = reviewer.locator("#flags tr[data-flag]").first();
  await row.waitFor();
  assert.match(await row.textContent(), /139\*\*\*\*5555/, "the number is masked");
  assert.match(await row.locator(".flag-status").textContent(), /生效中/);

  // The intake desk warns, and the call is still registered.
  await open(agent, "/staff/intake");
  await agent.fill("#intake-phone", CALLER);
  await agent.waitForSelector("#caller-flag-warning");
  assert.match(await agent.textContent("#caller-flag-warning"), /骚扰.*标记不影响受理/s);
  await agent.waitForSelector(`#caller-history li[data-number="${number}"]`);

  const leader = await staff("analyst");
  await open(leader, "/staff/callers");
  const leaderRow = leader.locator("#flags tr[data-flag]").first();
  await leaderRow.locator(".flag-review summary").click();
  await leaderRow.locator("select").selectOption("lift");
  await leaderRow.locator("textarea").fill("来电人已书面道歉");
  await leaderRow.locator(".flag-review button[type=submit]").click();
  await leader.waitForFunction(() => /已撤销/.test(document.querySelector("#flags .flag-status")?.textContent || ""));
  assert.match(await leaderRow.textContent(), /analyst 复核：撤销/);
});

test("records go to a law firm only after the bureau head approves, as a zip with a manifest", async () => {
  const agent = await staff("agent");
  const number = await registerCall(agent, server.url, {
    phone: "13955554444", name: "钱七", type: "complaint", title: "物业不维修电梯", content: "电梯停运一个月，物业不维修。", county: "伊宁市",
  });

  const reviewer = await staff("reviewer");
  await open(reviewer, "/staff/releases");
  await reviewer.click("#new-release summary");
  await reviewer.selectOption("#release-body", "law_firm");
  await reviewer.fill("#release-body-name", "新疆天山律师事务所");
  await reviewer.fill("#release-letter-number", "天律函〔2026〕18号");
  await reviewer.setInputFiles("#release-letter", {
    name: "letter.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"),
  });
  await reviewer.fill("#release-o1-name", "王律师");
  await reviewer.fill("#release-o1-credential", "16501201810001");
  await reviewer.fill("#release-o2-name", "李律师");
  await reviewer.fill("#release-o2-credential", "16501201810002");
  await reviewer.fill("#release-records", number);
  await reviewer.check("#release-personal");
  await reviewer.fill("#release-purpose", "代理民事案件");
  await reviewer.click("#release-submit");
  const item = reviewer.locator("#releases li.release").first();
  await item.waitFor();
  assert.match(await item.textContent(), /须经州政务服务管理局主要领导批准/);
  assert.match(await item.locator(".release-state").textContent(), /待审批/);
  assert.equal(await item.locator(".release-hand-over").count(), 0, "nothing to hand over before approval");

  const head = await staff("bureau-head");
  await open(head, "/staff/releases");
  const toDecide = head.locator("#releases li.release").first();
  await toDecide.locator("textarea").fill("同意，限本案使用");
  await toDecide.getByRole("button", { name: "批准", exact: true }).click();
  await head.waitForFunction(() => /已批准/.test(document.querySelector("#releases .release-state")?.textContent || ""));

  await open(reviewer, "/staff/releases");
  await reviewer.click("#releases .release-hand-over");
  await reviewer.waitForFunction(() => /已调取/.test(document.querySelector("#releases .release-state")?.textContent || ""));
  const href = await reviewer.getAttribute("#releases .release-package a", "href");
  const zip = await reviewer.request.get(server.url + href);
  assert.equal(zip.status(), 200);
  const bytes = await zip.body();
  assert.equal(bytes.subarray(0, 2).toString(), "PK", "a zip archive");
  assert.ok(bytes.includes(Buffer.from("manifest.json")), "with its manifest");

  const admin = await staff("admin");
  await open(admin, "/staff/admin/audit?action=hand_over_release");
  await admin.locator("td", { hasText: "移交调取资料包" }).first().waitFor();
});

test("an ended request is archived: read-only on its page, found by the center's search", async () => {
  const agent = await staff("agent");
  const number = await registerCall(agent, server.url, {
    phone: "13944443333", name: "孙八", type: "complaint", title: "询问公司注册流程", content: "想了解公司注册流程。", county: "伊宁市",
  });
  const api = await staffApi(server.url, "agent");
  await api("apply_command", { number, command: { type: "reject", reason: "out_of_scope", basis: "《管理办法》第十二条第（一）项" } });
  // The archive pass as the hourly job runs it, 91 days on.
  const later = new Date(Date.now() + 91 * 86400 * 1000).toISOString();
  // (The demo data's ended requests go too.)
  assert.match(server.run(["archive", "--at", later]), /^\d+ ended requests archived/m);

  await open(agent, `/staff/requests/${number}`);
  assert.equal(await agent.getAttribute("#request-state", "data-state"), "archived");
  assert.match(await agent.textContent("#request-state"), /已归档/);
  assert.match(await agent.textContent("#timeline"), /事项已归档/);
  assert.equal(await agent.locator("form[data-command]").count(), 0, "read-only: no command is offered");

  await open(agent, "/staff/search?searched=1&state=archived");
  await agent.waitForSelector(`tr[data-number="${number}"]`);
});

test("a requester sees their personal data on a phone, asks for a correction, and the center makes it", async () => {
  const phone = "13977778888";
  const agent = await staff("agent");
  const number = await registerCall(agent, server.url, {
    phone, name: "马七", type: "help", title: "申请临时救助", content: "家中老人住院，申请临时救助。", county: "伊宁市",
  });
  const api = await staffApi(server.url, "agent");
  await api("reveal_requester", { number, reason: "核实救助对象" });

  const citizen = await signedInCitizen(browser, server, phone, { ...PHONE, viewport: { width: 360, height: 740 } });
  await citizen.click("#my-data-link");
  await citizen.waitForURL(/\/mine\/data$/);
  const card = citizen.locator(`article.held[data-number="${number}"]`);
  assert.match(await card.textContent(), /姓名马七/);
  assert.match(await card.textContent(), /手机号码13977778888/);
  assert.match(await citizen.textContent("#accesses"), /核实救助对象/, "who looked, and why");
  await citizen.screenshot({ path: "/tmp/e2e-my-data.png", fullPage: true });

  await card.locator("a.button").click();
  await citizen.waitForURL(new RegExp(`/mine/data/${number}$`));
  await citizen.click("#submit-correction");
  await citizen.waitForSelector("#reason-error");
  await citizen.fill("#name", "马琪");
  await citizen.fill("#reason", "登记时把“琪”写成了“七”。");
  await citizen.click("#submit-correction");
  await citizen.waitForSelector("#correction-asked");
  assert.match(await citizen.textContent("#corrections"), /姓名改为「马琪」[\s\S]*待处理/);
  await citizen.screenshot({ path: "/tmp/e2e-correction-asked.png", fullPage: true });

  const reviewer = await staff("reviewer");
  await open(reviewer, "/staff/corrections");
  const item = reviewer.locator(`li.correction[data-status="asked"]`, { hasText: number });
  await item.waitFor();
  assert.match(await item.textContent(), /现记录：马七[\s\S]*申请改为：马琪/, "the reviewer sees what is decided");
  await reviewer.screenshot({ path: "/tmp/e2e-corrections.png", fullPage: true });
  await item.locator("button", { hasText: "按申请更正" }).click();
  await reviewer.locator(`li.correction[data-status="corrected"]`, { hasText: number }).waitFor();

  await citizen.goto(server.url + "/mine/data");
  assert.match(await citizen.locator(`article.held[data-number="${number}"]`).textContent(), /姓名马琪/);
  assert.match(await citizen.textContent("#corrections"), /已更正/);
  await citizen.goto(server.url + `/mine/${number}`);
  assert.match(await citizen.textContent("#timeline"), /应您的申请，更正了您的个人信息（姓名）/);

  const admin = await staff("admin");
  await open(admin, "/staff/admin/audit?action=correct_requester_data");
  await admin.locator("td", { hasText: "更正诉求人个人信息" }).first().waitFor();
});

test("an administrator's change reads in words in the audit log, with no internal code", async () => {
  const admin = await staff("admin");
  const setDays = async (days) => {
    await open(admin, "/staff/admin/categories");
    await admin.fill("#days-environment-noise", days);
    await Promise.all([
      admin.waitForResponse((r) => r.url().includes("/api/set_category_days") && r.ok()),
      admin.locator("tr", { has: admin.locator("#days-environment-noise") }).locator("button").click(),
    ]);
  };
  await setDays("7");
  await open(admin, "/staff/admin/audit?action=category_change");
  await admin.locator("#audit td", { hasText: "设置分类法定时限" }).first().waitFor();
  const table = await admin.textContent("#audit");
  assert.match(table, /environment\.noise：法定时限 7 个工作日/, "what changed, in words");
  assert.doesNotMatch(table, /category_change/, "the action is named, not coded");
  // Back to the statutory default for the other tests.
  await setDays("");
});
