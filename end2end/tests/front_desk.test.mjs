// The front desk's assessment in Chromium at a desk (issue 15 §6, Art. 36;
// issue 12 §4, Art. 24): the center's reviewer opens last month, where the
// demo agent's calls were rated by callers; draws the month's sample once;
// reviews one registration on the checklist — a failed check without a note
// is told beside the note, nothing stored — and the agent's score takes it
// in. The agent then reads their own line and the review, nobody else's.
// No internal code on the page; axe clean.
import { test } from "node:test";
import assert from "node:assert/strict";
import { hydrated, staffPage } from "../support/browser.mjs";
import { axeViolations } from "../support/axe.mjs";
import { serverAndBrowser } from "../support/suite.mjs";

const run = serverAndBrowser();
const DESK = { width: 1366, height: 900 };

test("the center samples last month's registrations, reviews one, and the agent reads it", async () => {
  const center = await staffPage(run.browser, run.server.url, "reviewer");
  await center.setViewportSize(DESK);
  await center.goto(`${run.server.url}/staff/assessment`);
  await hydrated(center);
  await Promise.all([center.waitForURL(/\/staff\/assessment\/front-desk$/), center.click("#front-desk-link")]);
  await center.waitForSelector("#agents");
  const agentRow = center.locator("#agents tbody tr", { hasText: "热线话务员 李娜" });
  assert.match(await agentRow.locator("td").nth(4).textContent(), /^\d+\.\d\d（\d+ 人评价）$/, "the callers' ratings of the call");
  assert.equal(await agentRow.locator("td").nth(2).textContent(), "0 / 0");

  await center.click("#draw");
  await center.waitForSelector("#front-desk-drawn");
  assert.match(await center.textContent("#front-desk-drawn"), /热线审核员 王强 于 .* 抽取/);
  assert.equal(await center.locator("#draw").count(), 0, "drawn once");
  const rows = center.locator("#samples tbody tr", { hasText: "热线话务员 李娜" });
  assert.equal(await rows.count(), 5, "the scheme's five of the agent's month");

  // One check failed: the note is required, then the review is stored.
  const row = rows.first();
  const id = await row.getAttribute("data-sample");
  await center.uncheck(`#check-${id}-category`);
  await center.click(`#review-${id}`);
  await row.locator(".field-error").waitFor();
  assert.equal(await row.locator(".field-error").textContent(), "有未达标的评查项，请写明问题");
  await center.fill(`#note-${id}`, "分类应为“城乡建设—供暖”");
  assert.deepEqual(await axeViolations(center), []);
  await center.click(`#review-${id}`);
  await row.locator(".review-points").waitFor();
  assert.equal(await row.locator(".review-points").textContent(), "80 分，未达标：分类准确");
  assert.equal(await agentRow.locator("td").nth(2).textContent(), "1 / 5");
  assert.equal(await agentRow.locator("td").nth(3).textContent(), "80.00");
  assert.doesNotMatch(await center.textContent("main"), /request_type|category|courtesy|agent\b/);
  await center.context().close();

  // The agent reads their own line and the review; nobody else's.
  const agent = await staffPage(run.browser, run.server.url, "agent");
  await agent.setViewportSize(DESK);
  await agent.goto(`${run.server.url}/staff/assessment/front-desk`);
  await hydrated(agent);
  await agent.waitForSelector("#agents");
  assert.equal(await agent.locator("#agents tbody tr").count(), 1);
  assert.equal(await agent.locator("#draw").count(), 0);
  assert.equal(await agent.locator(`#review-${id}`).count(), 0, "an agent does not review");
  assert.match(await agent.textContent(`#samples tr[data-sample="${id}"]`), /80 分，未达标：分类准确.*意见：分类应为/);
  assert.deepEqual(await axeViolations(agent), []);
  await agent.context().close();
});
