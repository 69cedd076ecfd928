// The assessment in Chromium at a desk (issue 15 §6): the center's reviewer
// sets this year's scheme — a weight sum that is not 100 is told beside the
// table and nothing is saved — then reads the units' scores of the last 40
// days, ranked, and opens one to see what made it. No raw codes. axe clean.
import { test } from "node:test";
import assert from "node:assert/strict";
import { hydrated, staffPage } from "../support/browser.mjs";
import { staffApi } from "../support/api.mjs";
import { axeViolations } from "../support/axe.mjs";
import { serverAndBrowser } from "../support/suite.mjs";

const run = serverAndBrowser();
const DESK = { width: 1366, height: 900 };

test("a reviewer sets the year's scheme and reads the units' scores", async () => {
  const from = new Date(Date.now() + 8 * 3600e3 - 40 * 86400e3).toISOString().slice(0, 10);
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
  const year = from.slice(0, 4);
  const page = await staffPage(run.browser, run.server.url, "reviewer");
  await page.setViewportSize(DESK);
  await page.goto(`${run.server.url}/staff/assessment?period=${from}..${today}`);
  await hydrated(page);
  await page.waitForSelector("#no-scheme");
  await page.click("#scheme-link");
  await page.waitForSelector("#scheme-form");
  assert.match(await page.textContent("#no-scheme-versions"), /尚未设定/);
  // 响应率 weighs 20 instead of 15: the sum is 105.
  await page.fill("#item-0-weight", "20");
  await page.click("#scheme-save");
  await page.waitForSelector("#scheme-items-error");
  assert.equal(await page.textContent("#scheme-items-error"), "各项权重之和须为 100，现为 105");
  const reviewer = await staffApi(run.server.url, "reviewer");
  assert.deepEqual((await reviewer("assessment_scheme", { year })).versions, [], "nothing saved");
  await page.fill("#item-0-weight", "15");
  await page.click("#scheme-save");
  await page.waitForSelector("#scheme-saved");
  assert.match(await page.textContent("#scheme-versions"), new RegExp(`${year}年第1版，${year}-01-01 起施行`));
  assert.deepEqual(await axeViolations(page), []);

  await page.goto(`${run.server.url}/staff/assessment?period=${from}..${today}`);
  await hydrated(page);
  await page.waitForSelector("#scores");
  assert.match(await page.textContent("#scheme-in-force"), /第1版/);
  const first = page.locator("#scores tbody tr").first();
  assert.equal((await first.locator("td").first().textContent()).trim(), "1");
  const total = (await first.locator("td strong").textContent()).trim();
  assert.match(total, /^\d+\.\d\d$/);
  assert.doesNotMatch(await page.textContent("main"), /response_rate|on_time_rate|yining|zhou-/);
  assert.deepEqual(await axeViolations(page), []);
  await first.locator("a").click();
  await page.waitForSelector("#score-items");
  assert.match(await page.textContent("#score-total"), new RegExp(`得分 ${total}`));
  assert.equal(await page.locator("#score-items tbody tr").count(), 7);
  assert.match(await page.textContent("#score-items"), /按时办结率/);
  await page.context().close();
});

test("the center publishes last month's results and a unit reads its own", async () => {
  const reviewer = await staffApi(run.server.url, "reviewer");
  const now = new Date(Date.now() + 8 * 3600e3);
  const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
  const scheme = await reviewer("assessment_scheme", { year: last.slice(0, 4) });
  if (scheme.versions.length === 0) await reviewer("save_scheme", { form: scheme.form });
  const page = await staffPage(run.browser, run.server.url, "reviewer");
  await page.setViewportSize(DESK);
  await page.goto(`${run.server.url}/staff/assessment?period=${last}`);
  await hydrated(page);
  await page.waitForSelector("#publish");
  await Promise.all([page.waitForURL(/\/staff\/assessment\/published\/\d+$/), page.click("#publish")]);
  await page.waitForSelector("#published-scores");
  assert.match(await page.textContent("#publication-appeal"), /申诉/);
  assert.ok((await page.locator("#published-scores tbody tr").count()) > 3, "the center sees every unit");
  await page.context().close();

  // 伊宁市's administrator is told and sees its own result only, with what made it.
  const unit = await staffPage(run.browser, run.server.url, "yining-admin");
  await unit.setViewportSize(DESK);
  await unit.goto(`${run.server.url}/staff/notices`);
  await hydrated(unit);
  const notice = unit.locator("a", { hasText: "考核结果已通报" }).first();
  await notice.waitFor();
  await Promise.all([unit.waitForURL(/\/staff\/assessment\/published\/\d+$/), notice.click()]);
  await unit.waitForSelector("#score-items");
  assert.equal(await unit.locator("#published-scores tbody tr").count(), 1);
  assert.match(await unit.textContent("#published-scores"), /伊宁市人民政府/);
  assert.deepEqual(await axeViolations(unit), []);
  // Its assessment page lists the publications with its own line.
  await unit.goto(`${run.server.url}/staff/assessment`);
  await hydrated(unit);
  await unit.waitForSelector("#publication-list");
  assert.match(await unit.textContent("#publication-list"), /本单位：(得分 \d+\.\d\d，第 \d+ 名|本期无可评价数据)/);
  await unit.context().close();
});
