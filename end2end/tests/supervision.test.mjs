// Supervision (Art. 31) at a reviewer's desk: the supervision list shows
// what is supervised and where it stands; the reviewer opens a response,
// reads it beside the verdict form, continues the supervision with a reason
// and a new deadline, and once the unit answers again, ends it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "../support/server.mjs";
import { launchBrowser, hydrated, staffPage } from "../support/browser.mjs";
import { staffApi } from "../support/api.mjs";
import { form, gone } from "../support/request_page.mjs";

let server;
let browser;
let number;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const agent = await staffApi(server.url, "agent");
  const reviewer = await staffApi(server.url, "reviewer");
  const handler = await staffApi(server.url, "yining-handler");
  const v = await agent("register_request", {
    new: {
      channel: "phone", type: "help", title: "小区停水三天",
      content: "小区停水已经三天，物业说在等供水公司。",
      location: { county: "伊宁市" }, requester: { name: "张三", phone: "13812345678" },
    },
  });
  number = v.number;
  const act = (who, command) => who("apply_command", { number, command });
  await act(agent, { type: "dispatch", targets: [{ unit: "yining", role: "lead" }] });
  await act(handler, { type: "acknowledge" });
  await act(reviewer, { type: "supervise", source: "leader_instruction", unit: "yining", days: 3, instruction: "州领导批示：当日恢复供水" });
  await act(handler, { type: "respond_supervision", id: 1, response: "已协调供水公司抢修" });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("the reviewer reads the response beside the verdict, continues the supervision, then ends it", async () => {
  const page = await staffPage(browser, server.url, "reviewer");
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.click("#supervisions-link");
  await page.waitForSelector("#supervisions");
  await hydrated(page);
  const row = page.locator(`#supervisions tr[data-number="${number}"]`);
  assert.equal(await row.getAttribute("data-stage"), "awaiting_verdict");
  const text = await row.textContent();
  assert.match(text, /伊宁市人民政府/);
  assert.match(text, /州领导批示或交办的事项/);
  assert.match(text, /反馈待审核/);
  assert.doesNotMatch(text, /awaiting|leader_instruction|art31/, "no internal code");
  assert.match(await page.textContent("#tab-awaiting_verdict"), /（1）/);

  await row.locator("a").click();
  await page.waitForURL(new RegExp(`/staff/requests/${number}$`));
  await hydrated(page);
  await form(page, "conclude_supervision");
  const matter = await page.textContent('section.matter[data-decided-by="conclude_supervision"]');
  assert.match(matter, /已协调供水公司抢修/, "the response is beside the form");
  assert.match(matter, /州领导批示：当日恢复供水/, "and what was asked");
  await page.selectOption("#conclude_supervision-id", { index: 1 });
  await page.selectOption("#conclude_supervision-verdict", "continued");
  await page.waitForSelector("#conclude_supervision-reason");
  await page.fill("#conclude_supervision-days", "2");
  await page.click("#do-conclude_supervision");
  await page.waitForFunction(() => /第三十一条/.test(document.querySelector("#command-error")?.textContent || ""));
  await page.fill("#conclude_supervision-reason", "未说明恢复供水的时间");
  await page.click("#do-conclude_supervision");
  await gone(page, "conclude_supervision");
  await page.waitForFunction(() => /继续督办/.test(document.querySelector("#timeline")?.textContent || ""));

  // The unit sees why, and answers again.
  const unitPage = await staffPage(browser, server.url, "yining-handler");
  await unitPage.setViewportSize({ width: 1366, height: 900 });
  await unitPage.goto(`${server.url}/staff/requests/${number}`);
  await hydrated(unitPage);
  await form(unitPage, "respond_supervision");
  assert.match(await unitPage.textContent('section.matter[data-decided-by="respond_supervision"]'), /未说明恢复供水的时间/);
  await unitPage.selectOption("#respond_supervision-id", { index: 1 });
  await unitPage.fill("#respond_supervision-response", "今晚8时前恢复供水");
  await unitPage.click("#do-respond_supervision");
  await gone(unitPage, "respond_supervision");
  await unitPage.context().close();

  await form(page, "conclude_supervision");
  await page.selectOption("#conclude_supervision-id", { index: 1 });
  await page.selectOption("#conclude_supervision-verdict", "concluded");
  await page.click("#do-conclude_supervision");
  await gone(page, "conclude_supervision");
  await page.waitForFunction(() => /督办办结/.test(document.querySelector("#timeline")?.textContent || ""));
  await page.goto(`${server.url}/staff/supervisions`);
  await hydrated(page);
  await page.waitForSelector("#supervisions, #supervisions-empty");
  assert.equal(await page.locator(`tr[data-number="${number}"]`).count(), 0, "an ended supervision leaves the list");
  await page.context().close();
});

test("the center reads Art. 34's leads: a matter complained about three times, thresholds checked beside their fields", async () => {
  const agent = await staffApi(server.url, "agent");
  const numbers = [];
  for (let i = 0; i < 3; i++) {
    const v = await agent("register_request", {
      new: {
        channel: "phone", type: "complaint", title: "烧烤店油烟扰民", content: "楼下烧烤店油烟很大，多次投诉没有效果。",
        location: { county: "伊宁市" }, requester: { name: "李四", phone: "13900002222" },
      },
    });
    numbers.push(v.number);
  }
  await agent("apply_command", { number: numbers[0], command: { type: "dispatch", targets: [{ unit: "yining", role: "lead" }] } });
  await agent("apply_command", { number: numbers[1], command: { type: "link_related", relation: { kind: "repeat_of", original: numbers[0] } } });
  await agent("apply_command", { number: numbers[2], command: { type: "link_related", relation: { kind: "repeat_of", original: numbers[1] } } });

  const page = await staffPage(browser, server.url, "reviewer");
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto(`${server.url}/staff/supervisions`);
  await hydrated(page);
  await page.click("#oversight-link");
  await page.waitForSelector("#oversight-repeated");
  const row = page.locator(`#oversight-repeated tr[data-number="${numbers[0]}"]`);
  const text = await row.textContent();
  assert.match(text, /伊宁市人民政府/);
  assert.match(text, new RegExp(numbers[2]));
  assert.equal((await row.locator("td").nth(3).textContent()).trim(), "3", "three complaints");
  assert.match(await page.textContent("#oversight-units"), /伊宁市人民政府/);
  assert.ok(await page.locator("#oversight-xlsx").getAttribute("href"));

  await page.fill("#oversight-repeats", "1");
  await page.click("#oversight-apply");
  await page.waitForSelector("#oversight-repeats-error");
  assert.match(await page.textContent("#oversight-repeats-error"), /2至50/);
  await page.fill("#oversight-repeats", "4");
  await page.click("#oversight-apply");
  await page.waitForFunction(() => !document.querySelector("#oversight-repeated") && !document.querySelector("#oversight-repeats-error"));
  await page.context().close();
});
