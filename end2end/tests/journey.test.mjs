// The whole complaint journey (issue 4), each person in their own browser
// context: the agent registers a phone call at the intake desk and
// dispatches it; the Yining handler — whose work list is already open — sees
// it arrive without a reload, acknowledges and asks for a return; the
// reviewer, with the request already open, sees the return request arrive,
// approves it and dispatches to Huocheng; Huocheng acknowledges, asks for an
// extension (approved), submits the result with every Art. 22 field; the
// reviewer approves; the citizen rates "dissatisfied" on the portal; the
// redo is handled and approved; the citizen's final rating finishes it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "../support/server.mjs";
import { launchBrowser, ready, staffPage } from "../support/browser.mjs";
import { staffApi } from "../support/api.mjs";
import { form, gone, openPage, registerCall, submitResult } from "../support/request_page.mjs";

const CALLER = "13955556666";
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

/** What a decision form shows of the matter it decides. */
const decisionText = async (page, code) => {
  await page.waitForSelector(`form[data-command="${code}"] .matter`, { timeout: 5000 });
  return page.locator(`form[data-command="${code}"] .matter`).first().textContent();
};

test("a complaint from phone intake to its final rating, with changes arriving live on open pages", async () => {
  // The agent registers the call at the intake desk.
  const agent = await staff("agent");
  const number = await registerCall(agent, server.url, {
    phone: CALLER, name: "赵六", type: "complaint", title: "工地夜间施工噪音",
    content: "解放路工地每晚十一点后仍在施工，噪音很大。", county: "伊宁市",
  });

  // Yining's handler has the work list open before anything is dispatched.
  const yining = await staff("yining-handler");
  await open(yining, "/staff/inbox?filter=to_acknowledge");
  assert.equal(await yining.locator(`#inbox tr[data-number="${number}"]`).count(), 0);

  await agent.selectOption("#dispatch-targets-lead-1", { label: "伊宁市人民政府" });
  await agent.click("#do-dispatch");
  await gone(agent, "dispatch");

  // Live: the dispatch arrives on the open list, and the notice count with it.
  await yining.waitForSelector(`#inbox tr[data-number="${number}"]`, { timeout: 5000 });
  await yining.waitForSelector("#notices-unseen");

  // The reviewer opens the request now, before the unit asks for anything.
  const reviewer = await staff("reviewer");
  await open(reviewer, `/staff/requests/${number}`);
  assert.equal(await reviewer.locator('form[data-command="decide_return"]').count(), 0);

  await yining.click(`#inbox tr[data-number="${number}"] a`);
  await form(yining, "acknowledge");
  await yining.click("#do-acknowledge");
  // The page reloads after the command: type only into the reloaded form.
  await gone(yining, "acknowledge");
  await form(yining, "request_return");
  await yining.fill("#request_return-reason", "工地施工许可由霍城县审批，不属本单位职责");
  await yining.fill("#request_return-basis", "《伊宁市住房和城乡建设局职能配置、内设机构和人员编制规定》");
  await yining.click("#do-request_return");
  await gone(yining, "request_return");

  // Live: the return request shows on the reviewer's open page, with the
  // unit's reason and basis beside the decision (issue 14 §1.1); approved, then re-dispatched.
  await form(reviewer, "decide_return");
  const returnMatter = await decisionText(reviewer, "decide_return");
  assert.match(returnMatter, /伊宁市人民政府申请退回/);
  assert.match(returnMatter, /退回理由工地施工许可由霍城县审批，不属本单位职责/);
  assert.match(returnMatter, /依据《伊宁市住房和城乡建设局职能配置/);
  assert.equal((await reviewer.textContent("#do-decide_return")).trim(), "同意退回");
  await reviewer.click("#do-decide_return");
  await form(reviewer, "dispatch");
  await reviewer.selectOption("#dispatch-targets-lead-1", { label: "霍城县人民政府" });
  await reviewer.click("#do-dispatch");
  await gone(reviewer, "dispatch");

  // Huocheng acknowledges and asks for an extension; the reviewer's page shows it live.
  const huocheng = await staff("huocheng-handler");
  await open(huocheng, `/staff/requests/${number}`);
  await form(huocheng, "acknowledge");
  await huocheng.click("#do-acknowledge");
  await gone(huocheng, "acknowledge");
  await form(huocheng, "request_extension");
  await huocheng.fill("#request_extension-reason", "需协调住建、环保两部门联合执法");
  await huocheng.click("#do-request_extension");
  await gone(huocheng, "request_extension");
  await form(reviewer, "decide_extension");
  // The reviewer reads the unit's reason and what the deadline becomes before approving.
  const extension = await decisionText(reviewer, "decide_extension");
  assert.match(extension, /霍城县人民政府申请延期 \d+ 个工作日/);
  assert.match(extension, /延期理由需协调住建、环保两部门联合执法/);
  assert.match(extension, /办理期限现为\d{4}年\d+月\d+日，批准后延至\d{4}年\d+月\d+日/);
  assert.equal((await reviewer.textContent("#do-decide_extension")).trim(), "批准延期");
  await reviewer.click("#do-decide_extension");
  await gone(reviewer, "decide_extension");
  await huocheng.waitForFunction(() => /延长至/.test(document.querySelector("#timeline")?.textContent || ""));

  // The result with every Art. 22 field, the complaint's case filing included; approved.
  await submitResult(huocheng);
  await form(reviewer, "review_completion");
  // Every Art. 22 part of the result, and the case filing, beside the review.
  const result = await decisionText(reviewer, "review_completion");
  for (const part of [/办理结果已责令施工单位夜间停工/, /法律法规政策依据《中华人民共和国噪声污染防治法》第七十七条/,
    /经办人努尔兰/, /回复诉求人的情况电话/, /立案情况不予立案。理由：初次违法且已及时改正/]) assert.match(result, part);
  await reviewer.click("#do-review_completion");
  await gone(reviewer, "review_completion");

  // The citizen finds it by number and phone, and is not satisfied: the redo starts.
  const citizen = await (await browser.newContext()).newPage();
  await citizen.goto(server.url + "/track");
  await ready(citizen);
  await citizen.fill("#number", number);
  await citizen.fill("#last4", CALLER.slice(-4));
  await citizen.click("#find");
  await citizen.waitForSelector("#rate");
  await citizen.check("#rating-dissatisfied");
  await citizen.check("#resolution-unresolved");
  await Promise.all([citizen.waitForNavigation(), citizen.click("#submit-rating")]);
  assert.match(await citizen.textContent("#status"), /重新办理/);

  // Huocheng redoes it (its open page follows), the reviewer approves again.
  await huocheng.waitForSelector('form[data-command="acknowledge"], form[data-command="submit_result"]');
  if (await huocheng.locator('form[data-command="acknowledge"]').count()) {
    await huocheng.click("#do-acknowledge");
    await gone(huocheng, "acknowledge");
  }
  await submitResult(huocheng, { redo: true });
  await form(reviewer, "review_completion");
  await reviewer.click("#do-review_completion");
  await gone(reviewer, "review_completion");

  // The final rating finishes the request.
  await citizen.reload();
  await citizen.waitForSelector("#rate");
  await citizen.check("#rating-satisfied");
  await citizen.check("#resolution-resolved");
  await Promise.all([citizen.waitForNavigation(), citizen.click("#submit-rating")]);
  assert.match(await citizen.textContent("#status"), /已办结/);

  // The agent's page, still open, followed along to the end.
  await agent.waitForFunction(() => /已办结/.test(document.querySelector("#request-state")?.textContent || ""), null, { timeout: 5000 });
  // Its timeline reads in words, reasons included, with no internal code or English (§1.4).
  const timeline = (await agent.locator("#timeline .what, #timeline .told, #timeline .internal").allTextContents()).join("\n");
  for (const words of [/申请延期 \d+ 个工作日（第二十一条）。理由：需协调住建、环保两部门联合执法/, /提交首次办理结果/, /审核通过重办结果/])
    assert.match(timeline, words);
  assert.doesNotMatch(timeline, /[a-z]+_[a-z]+|Art\.|[A-Za-z]{4,}/, timeline);
  for (const page of [agent, yining, reviewer, huocheng, citizen]) await page.context().close();
});

test("the agent types a consultation, picks a suggested answer, and the citizen rates it (Art. 14(1), 24)", async () => {
  const agent = await staff("agent");
  await open(agent, "/staff/intake");
  await agent.fill("#intake-phone", "13966667777");
  await agent.fill("#intake-name", "钱七");
  await agent.selectOption("#intake-request_type", "consultation");
  // The caller's words, typed as heard (a traditional character among them):
  // the best entries appear beside the form without any search typed.
  await agent.type("#intake-content", "我的社保卡丢了，想問一下去哪里补办", { delay: 15 });
  await agent.waitForSelector('#intake-knowledge li[data-entry="KB-0001"]', { timeout: 10000 });
  const first = await agent.getAttribute("#intake-knowledge li[data-entry]", "data-entry");
  assert.equal(first, "KB-0001", "the best suggestion comes first");
  assert.ok(await agent.locator("#intake-knowledge li[data-entry=\"KB-0001\"] mark").count(), "matched words are marked");
  await agent.fill("#intake-title", "社保卡补办");
  await agent.click('li[data-entry="KB-0001"] button');
  assert.match(await agent.inputValue("#intake-reply"), /服务网点/);
  await agent.selectOption("#intake-county", "伊宁市");
  await agent.click("#intake-register");
  await agent.waitForURL(/\/staff\/requests\/YL\d{13}$/);
  await agent.waitForFunction(() => /已答复/.test(document.querySelector("#request-state")?.textContent || ""));
  assert.match(await agent.textContent("#timeline"), /服务网点/);
  const number = agent.url().split("/").pop();

  // The citizen finds the answer and rates it.
  const citizen = await (await browser.newContext()).newPage();
  await citizen.goto(server.url + "/track");
  await ready(citizen);
  await citizen.fill("#number", number);
  await citizen.fill("#last4", "7777");
  await citizen.click("#find");
  await citizen.waitForSelector("#rate");
  assert.match(await citizen.textContent("body"), /服务网点/);
  await citizen.check("#rating-very_satisfied");
  await citizen.check("#resolution-resolved");
  await Promise.all([citizen.waitForNavigation(), citizen.click("#submit-rating")]);
  // Rated once (Art. 24): the form is gone, and the staff timeline has the rating.
  assert.equal(await citizen.locator("#rate").count(), 0);
  await agent.waitForFunction(() => /非常满意/.test(document.querySelector("#timeline")?.textContent || ""), null, { timeout: 5000 });
  await agent.context().close();
  await citizen.context().close();
});

test("an open work list keeps following after the server restarts (the stream reconnects)", async () => {
  const yining = await staff("yining-handler");
  await open(yining, "/staff/inbox?filter=to_acknowledge");
  // A graceful restart: open streams end, the browser reconnects to the new process.
  await server.restart();
  const agent = await staffApi(server.url, "agent");
  const v = await agent("register_request", {
    new: {
      channel: "phone", type: "help", title: "楼道灯不亮", content: "单元楼道灯坏了一个月，晚上看不见路。",
      location: { county: "伊宁市" }, requester: { name: "孙八", phone: "13977778888" },
    },
  });
  await agent("apply_command", { number: v.number, command: { type: "dispatch", targets: [{ unit: "yining", role: "lead" }] } });
  // Only a reconnected stream can bring this dispatch to the page opened before the restart.
  await yining.waitForSelector(`#inbox tr[data-number="${v.number}"]`, { timeout: 20000 });
  await yining.context().close();
});
