// Appeals in Chromium at a desk (issue 15 §7, Art. 38): the center issues
// last month's report and publishes last month's results; 伊宁市's
// administrator appeals a request counted against it in the on-time rate;
// the center's reviewer upholds it; the unit's on-time rate no longer counts
// the request in the new version, while the issued report stays as issued.
// Then the server's clock moves to the fourth working day after publication:
// the form is gone and an appeal is refused with the article. axe clean.
import { test } from "node:test";
import assert from "node:assert/strict";
import { hydrated, staffPage } from "../support/browser.mjs";
import { staffApi } from "../support/api.mjs";
import { axeViolations } from "../support/axe.mjs";
import { serverAndBrowser } from "../support/suite.mjs";

const run = serverAndBrowser({ fakeClock: true });
const DESK = { width: 1366, height: 900 };
const cst = (iso) => new Date(new Date(iso).getTime() + 8 * 3600e3).toISOString().slice(0, 10);

/** Last month as `YYYY-MM` and its first and last day, China time. */
function lastMonth() {
  const now = new Date(Date.now() + 8 * 3600e3);
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0));
  return { code: first.toISOString().slice(0, 7), from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) };
}

/** A request the export shows closed in the month on a result of 伊宁市's subtree, never returned by it. */
function closedByYining(month) {
  const lines = run.server.run(["export", "events", "--from", month.from, "--to", month.to]).trim().split("\n").map((l) => JSON.parse(l));
  const yining = (u) => u === "yining" || (u ?? "").startsWith("yining-");
  const byRequest = new Map();
  for (const l of lines) byRequest.set(l.request, [...(byRequest.get(l.request) ?? []), l]);
  for (const [number, events] of byRequest) {
    const closed = events.some((e) => e.kind === "completion_approved" && cst(e.at) >= month.from && cst(e.at) <= month.to);
    const submitters = new Set(events.filter((e) => e.kind === "result_submitted" && yining(e.unit)).map((e) => e.unit));
    const returned = events.some((e) => e.kind === "return_approved" && yining(e.unit));
    const redone = events.some((e) => e.kind === "redo_started");
    if (closed && submitters.size === 1 && !returned && !redone) return number;
  }
  throw new Error("the demo data closes a request of 伊宁市 every month");
}

let published;
let publishedAt;

test("伊宁市 appeals a data point and the center upholds it; the issued report stays as issued", async () => {
  const month = lastMonth();
  const reviewer = await staffApi(run.server.url, "reviewer");
  const scheme = await reviewer("assessment_scheme", { year: month.code.slice(0, 4) });
  if (scheme.versions.length === 0) await reviewer("save_scheme", { form: { ...scheme.form, in_force_from: "" } });
  const reportId = await reviewer("start_report", { month: month.code });
  const issued = await reviewer("issue_report", { id: reportId });
  publishedAt = new Date();
  published = await reviewer("publish_assessment", { period: month.code });
  const number = closedByYining(month);

  // 伊宁市's administrator reads its result and appeals the request in the on-time rate.
  const unit = await staffPage(run.browser, run.server.url, "yining-admin");
  await unit.setViewportSize(DESK);
  await unit.goto(`${run.server.url}/staff/assessment/published/${published}`);
  await hydrated(unit);
  await unit.waitForSelector("#appeal");
  const onTime = unit.locator('#score-items tr[data-indicator="on_time_rate"] td').nth(3);
  const before = (await onTime.textContent()).trim();
  // Nothing given: told beside each field, nothing lodged.
  await unit.click("#appeal-submit");
  await unit.waitForSelector("#appeal-number-error");
  assert.match(await unit.textContent("#appeal-number-error"), /请填写被计入的诉求编号/);
  await unit.fill("#appeal-number", number);
  await unit.selectOption("#appeal-indicator", "on_time_rate");
  await unit.fill("#appeal-reasons", "该件系诉求人要求延后上门，非本单位原因超期，附诉求人确认录音");
  // The confirmation goes with the reasons as a file, uploaded when chosen.
  await unit.setInputFiles("#appeal-files", {
    name: "诉求人确认书.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"),
  });
  await unit.waitForSelector("#appeal-file-list li");
  assert.match(await unit.textContent("#appeal-file-list"), /诉求人确认书\.pdf/);
  assert.deepEqual(await axeViolations(unit), []);
  await Promise.all([unit.waitForURL(/\/staff\/assessment\/appeals\/\d+$/), unit.click("#appeal-submit")]);
  await unit.waitForSelector("#appeal-state");
  assert.equal(await unit.textContent("#appeal-state"), "待答复");
  assert.equal(await unit.textContent("#appeal-subject"), `诉求 ${number} 计入的按时办结率`);
  assert.equal(await unit.locator("#appeal-answer-form").count(), 0, "a unit does not answer its own appeal");
  const appealUrl = unit.url();

  // The center's reviewer is told, reads what is appealed beside the answer, and upholds it.
  const center = await staffPage(run.browser, run.server.url, "reviewer");
  await center.setViewportSize(DESK);
  await center.goto(`${run.server.url}/staff/notices`);
  await hydrated(center);
  await Promise.all([center.waitForURL(/\/staff\/assessment\/appeals\/\d+$/), center.locator("a", { hasText: "提出申诉" }).first().click()]);
  await center.waitForSelector("#appeal-answer-form");
  assert.match(await center.textContent("#appeal-reasons-text"), /延后上门/);
  // The file sent with it opens for the reviewer.
  const sent = center.locator("#appeal-files-sent a");
  assert.equal(await sent.count(), 1);
  assert.match(await sent.textContent(), /^申诉材料 1（PDF，1 KB）$/);
  const file = await center.request.get(`${run.server.url}${await sent.getAttribute("href")}`);
  assert.equal(file.status(), 200);
  assert.equal(file.headers()["content-type"], "application/pdf");
  assert.match(await center.textContent("#appeal-counted"), /^办结 1 件，按时办结 [01] 件$/);
  assert.equal(await center.getAttribute("#appeal-request", "href"), `/staff/requests/${number}`);
  // The on-time rate may also be recounted; leaving the request out stays the default.
  assert.equal(await center.isChecked("#appeal-exclude"), true);
  assert.equal(await center.locator("#appeal-recount").count(), 1);
  await center.click("#appeal-uphold");
  await center.waitForSelector("#appeal-answer-text-error");
  await center.fill("#appeal-answer-text", "经核实，诉求人确认延后上门，该件不计入按时办结率");
  await center.click("#appeal-uphold");
  await center.waitForFunction(() => document.querySelector("#appeal-state")?.textContent === "申诉成立，已更正");
  assert.equal(await center.locator("#appeal-answer-form").count(), 0, "answered once");
  assert.deepEqual(await axeViolations(center), []);
  assert.doesNotMatch(await center.textContent("main"), /on_time_rate|yining|upheld|lodged/);
  await Promise.all([center.waitForURL(/\/staff\/assessment\/published\/\d+$/), center.click("#appeal-publication")]);
  await center.waitForSelector("#publication-title");
  assert.match(await center.textContent("#publication-title"), /第2版/);
  await center.context().close();

  // The unit reads its answer and its corrected result; the first version says it was corrected.
  await unit.goto(appealUrl);
  await hydrated(unit);
  await unit.waitForSelector("#appeal-answer");
  assert.match(await unit.textContent("#appeal-answer"), /不计入按时办结率/);
  await unit.goto(`${run.server.url}/staff/assessment/published/${published}`);
  await hydrated(unit);
  await unit.waitForSelector("#publication-superseded");
  await Promise.all([unit.waitForURL((u) => !u.pathname.endsWith(`/${published}`)), unit.click("#publication-superseded a")]);
  await unit.waitForSelector('#score-items tr[data-indicator="on_time_rate"] .excluded');
  const after = (await onTime.textContent()).trim();
  assert.match(after, /不计 1 件（申诉成立）/);
  const denominator = (s) => Number(s.match(/\/ (\d+)）/)[1]);
  assert.equal(denominator(after), denominator(before) - 1, `${before} → ${after}`);
  assert.deepEqual(await axeViolations(unit), []);
  await unit.context().close();

  const report = await reviewer("report", { id: reportId });
  assert.deepEqual(report.content, issued.content, "the issued report is a snapshot");
});

test("an appeal on the fourth working day after publication is refused with the article", async () => {
  assert.ok(published, "the first test published last month's results");
  const reviewer = await staffApi(run.server.url, "reviewer");
  const page = await reviewer("assessment_publication", { id: published });
  // The last day of the appeal period, then the working day after it (the calendar's own).
  const lastDay = JSON.parse(run.server.run(["deadline", "--rule", "appeal", "--from", publishedAt.toISOString()])).due;
  assert.match(page.appeal_until, new RegExp(`${Number(lastDay.slice(5, 7))}月${Number(lastDay.slice(8, 10))}日`));
  const dayAfter = new Date(new Date(lastDay).getTime() + 1000).toISOString();
  const fourth = JSON.parse(run.server.run(["deadline", "--rule", "return", "--from", dayAfter])).due.slice(0, 10);
  await run.server.setClock(new Date(`${fourth}T10:00:00+08:00`));

  const unit = await staffPage(run.browser, run.server.url, "yining-admin");
  await unit.setViewportSize(DESK);
  await unit.goto(`${run.server.url}/staff/assessment/published/${published}`);
  await hydrated(unit);
  await unit.waitForSelector("#publication-appeal");
  assert.match(await unit.textContent("#publication-appeal"), /申诉期已于.*届满/);
  assert.equal(await unit.locator("#appeal").count(), 0, "no appeal form after the period");
  await unit.context().close();
  const yining = await staffApi(run.server.url, "yining-admin");
  const refused = await yining.raw("lodge_appeal", { form: { publication: published, on: "result", number: "", indicator: "", reasons: "对整体结果有异议" } });
  assert.notEqual(refused.status, 200);
  assert.match(JSON.stringify(refused.json), /第三十八条：申诉须自通报之日起3个工作日内提出/);
  await run.server.setClock(new Date());
});
