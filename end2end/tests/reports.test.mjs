// The monthly report in Chromium at a desk (issue 15 §4): the center's
// reviewer drafts last month's report, a wrong case line is told beside its
// field, the saved draft shows the month's numbers in words, issuing freezes
// it (the page says so, the edit form goes, a correction is offered), the
// XLSX downloads, the page prints as a document without the staff chrome;
// the center sees which county offices have sent theirs. axe clean.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { hydrated, staffPage } from "../support/browser.mjs";
import { staffApi } from "../support/api.mjs";
import { axeViolations } from "../support/axe.mjs";
import { serverAndBrowser } from "../support/suite.mjs";

const run = serverAndBrowser();
const DESK = { width: 1366, height: 900 };

test("a reviewer drafts, issues and downloads last month's report", async () => {
  const agent = await staffApi(run.server.url, "agent");
  const { number } = await agent("register_request", {
    new: {
      channel: "phone", type: "complaint", title: "小区供暖不热", content: "暖气不热，室温只有十二度。",
      location: { county: "伊宁市" }, requester: { name: "李四", phone: "13912345678" },
    },
  });
  const page = await staffPage(run.browser, run.server.url, "reviewer");
  await page.setViewportSize(DESK);
  await page.goto(run.server.url + "/staff/dashboard");
  await hydrated(page);
  await page.click("#reports-link");
  await page.waitForSelector("#no-report");
  // The center follows the county offices' reports of the month.
  const huocheng = page.locator("#county-reports tr", { hasText: "霍城县人民政府热线办" });
  assert.match(await huocheng.textContent(), /未报送/);
  const monthName = (await page.textContent("h1")).match(/(\d{4}年\d{1,2}月)月报/)[1];

  await page.click("#start-report");
  await page.waitForURL(/\/staff\/reports\/\d+$/);
  await page.waitForSelector("#report-edit");
  assert.match(await page.textContent("#report-draft-note"), /草稿/);
  await page.fill("#report-briefing", "本月受理诉求总体平稳。\n供暖类诉求集中，已督促相关单位整改。");
  await page.fill("#report-cases", `${number}供暖`);
  await page.click("#report-save");
  await page.waitForSelector("#report-cases-error");
  assert.match(await page.textContent("#report-cases-error"), /典型案例第1行/);
  await page.fill("#report-cases", `${number} 供暖不热集中反映`);
  await page.click("#report-save");
  await page.waitForSelector("#report-saved");
  await page.waitForSelector("#report-cases-list li");
  assert.match(await page.textContent("#report-cases-list"), new RegExp(`${number}.*投诉举报.*供暖不热集中反映`));
  assert.match(await page.textContent("#report-briefing-text"), /供暖类诉求集中/);
  // The numbers in words: the eleven indicators, nothing a person does not say.
  assert.equal(await page.locator("#report-indicators tbody tr").count(), 11);
  assert.match(await page.textContent("#report-registered"), /全州本月共受理诉求 \d+ 件/);
  assert.doesNotMatch(await page.textContent("main"), /response_rate|on_time_rate|complaint|wechat|county:/);
  assert.deepEqual(await axeViolations(page), []);

  await page.click("#report-issue");
  await page.waitForFunction(() => document.querySelector("#report-status")?.textContent.includes("已印发"));
  assert.equal(await page.locator("#report-edit").count(), 0, "an issued version is not edited");
  assert.equal(await page.locator("#report-draft-note").count(), 0);
  assert.equal(await page.locator("#report-correct").count(), 1, "it is corrected as a new version");

  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#report-xlsx")]);
  assert.match(download.suggestedFilename(), /^report-\d{4}-\d{2}-v1\.xlsx$/);
  const bytes = await readFile(await download.path());
  assert.equal(bytes.subarray(0, 2).toString(), "PK", "an XLSX is a zip");

  // On paper: the document alone.
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.isVisible(".staff-bar"), false);
  assert.equal(await page.isVisible("#report-xlsx"), false);
  assert.equal(await page.isVisible("#report-indicators"), true);
  await page.emulateMedia({ media: "screen" });

  // The list names the issued version.
  await page.click("a:text('← 本月月报')");
  await page.waitForSelector("#report-versions");
  assert.match(await page.textContent("#report-versions"), /第1版 · 已印发/);
  assert.match(await page.textContent("h1"), new RegExp(monthName));
  await page.context().close();
});

test("a county office sends its own report, and the center sees it sent", async () => {
  const county = await staffApi(run.server.url, "huocheng-reviewer");
  const page = await county("reports", { month: "" });
  assert.equal(page.author, "霍城县人民政府热线办");
  assert.deepEqual(page.counties, []);
  const id = await county("start_report", { month: page.month });
  await county("issue_report", { id });
  const center = await staffPage(run.browser, run.server.url, "reviewer");
  await center.setViewportSize(DESK);
  await center.goto(run.server.url + "/staff/reports");
  await hydrated(center);
  const row = center.locator("#county-reports tr", { hasText: "霍城县人民政府热线办" });
  await row.waitFor();
  assert.match(await row.textContent(), /已报送（第1版/);
  await Promise.all([center.waitForURL(new RegExp(`/staff/reports/${id}$`)), row.locator("a").click()]);
  await center.waitForSelector("#report-status");
  assert.match(await center.textContent("h1"), /霍城县人民政府热线办/);
  assert.equal(await center.locator("#report-correct").count(), 0, "the center reads a county's report, it does not correct it");
  await center.context().close();
});
