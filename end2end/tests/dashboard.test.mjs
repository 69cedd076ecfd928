// The dashboard in Chromium at a desk (issue 15 §3): an analyst opens the
// last 40 days' numbers — the same the API computes from the rollups — and a
// registration elsewhere changes the volume on the open page without a
// reload; a bar and a tile open exactly the requests behind them; a unit's handler
// sees only its own subtree; a bad period is told in words.
import { test } from "node:test";
import assert from "node:assert/strict";
import { hydrated, staffPage } from "../support/browser.mjs";
import { staffApi } from "../support/api.mjs";
import { serverAndBrowser } from "../support/suite.mjs";

const run = serverAndBrowser();

/** The number in a chart's data table for `label`. */
async function tableValue(page, chart, label) {
  const row = page.locator(`#${chart} .chart-table tbody tr`, { has: page.locator("th", { hasText: label }) });
  return (await row.count()) ? Number(await row.locator("td").textContent()) : 0;
}

test("an analyst reads the last 40 days' indicators, and a new call shows up live", async () => {
  // The demo data lies in the days before today: a calendar month just begun
  // (the small hours of its first day) holds almost none of it, so the
  // period is the last 40 days, today included.
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
  const from = new Date(Date.now() + 8 * 3600e3 - 40 * 86400e3).toISOString().slice(0, 10);
  const period = `${from}..${today}`;
  const analyst = await staffApi(run.server.url, "analyst");
  const api = await analyst("dashboard", { period });
  assert.equal(api.scope, "全州");
  const page = await staffPage(run.browser, run.server.url, "analyst");
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto(`${run.server.url}/staff/dashboard?period=${period}`);
  await hydrated(page);
  assert.match(await page.textContent("#dashboard-scope"), new RegExp(`全州 · ${api.period.name}`));
  // Every indicator of SPEC §7 is on the page, as the API computed it, in words, no codes.
  assert.equal(await page.locator("#indicators li").count(), 11);
  const satisfaction = api.indicators.find((i) => i.code === "satisfaction_rate");
  const tile = await page.textContent("#indicator-satisfaction_rate");
  assert.match(tile, /满意率/);
  assert.ok(tile.includes(satisfaction.value === null ? "—" : `${(satisfaction.value * 100).toFixed(1)}%`), tile);
  assert.doesNotMatch(await page.textContent("main"), /satisfaction_rate|on_time_rate|consultation|wechat/);
  // The charts' tables hold their numbers; the units' table lists the units below the center.
  const phoneBefore = await tableValue(page, "chart-channel", "电话");
  assert.equal(phoneBefore, api.by_channel.find((b) => b.label === "电话")?.value ?? 0);
  assert.ok(await page.locator("#unit-table tbody tr").count() >= 2);
  // The top categories: at most ten, each named, its number the API's.
  assert.ok(api.by_category.length > 0 && api.by_category.length <= 10, JSON.stringify(api.by_category));
  assert.equal(await page.locator("#chart-category .chart-table tbody tr").count(), api.by_category.length);
  assert.equal(await tableValue(page, "chart-category", api.by_category[0].label), api.by_category[0].value);
  // The daily trend and the hours of intake, drawn as SVG, their tables the API's numbers.
  assert.equal(await page.locator("#chart-trend polyline").count(), 2);
  assert.equal(await page.locator("#chart-trend .chart-table tbody tr").count(), api.trend.length);
  const sum = (xs) => xs.reduce((a, b) => a + b, 0);
  assert.equal(await page.locator("#chart-intake-hours rect").count(), 7 * 24);
  const cells = await page.locator("#chart-intake-hours .chart-table tbody td").allTextContents();
  assert.equal(sum(cells.map(Number)), sum(api.intake_hours));
  assert.equal(sum(api.intake_hours), api.by_channel.reduce((a, b) => a + b.value, 0), "every registration has its hour");
  // The open work right now, as on the home page, and today's numbers a click away.
  await page.waitForSelector("#now-counts");
  assert.equal(await page.locator("#now-counts li").count(), 6);
  assert.match(await page.getAttribute("#period-today", "href"), /period=\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$/);

  // An agent registers a phone call; the open page follows within a few seconds.
  const agent = await staffApi(run.server.url, "agent");
  await agent("register_request", {
    new: {
      channel: "phone", type: "consultation", title: "社保卡补办", content: "社保卡丢了怎么补办？",
      location: { county: "伊宁市" }, requester: { name: "李四", phone: "13912345678" },
    },
  });
  await page.waitForFunction(
    (before) => {
      const row = [...document.querySelectorAll("#chart-channel .chart-table tbody tr")].find((r) => r.querySelector("th").textContent === "电话");
      return row && Number(row.querySelector("td").textContent) === before + 1;
    },
    phoneBefore,
    { timeout: 10000 },
  );

  // An emergency registered now shows in today's panel live, waiting for its 30-minute notice (Art. 29).
  const emergency = await agent("register_request", {
    new: {
      channel: "phone", type: "help", emergency: true, emergency_kind: "utilities", title: "整栋楼停水", content: "整栋楼停水，老人孩子没水喝。",
      location: { county: "伊宁市" }, requester: { name: "王五", phone: "13912345670" },
    },
  });
  const row = `#emergencies tr[data-number="${emergency.number}"]`;
  await page.waitForSelector(row, { timeout: 10000 });
  assert.equal(await page.getAttribute(row, "data-notice"), "pending");
  assert.match(await page.textContent(row), /待通知承办单位（\d{2}:\d{2} 前）/);
  assert.match(await page.textContent("#warnings-today"), /今日已发出预警 \d+ 条/);

  // A bar's requests: its row in the data table opens exactly them.
  const consultations = await tableValue(page, "chart-type", "咨询");
  assert.ok(consultations > 0);
  await page.click("#chart-type .chart-table summary");
  await Promise.all([page.waitForURL(/\/staff\/counted\?period=.*&what=registered&by=type&key=consultation$/), page.click("#chart-type .chart-table a:text-is('咨询')")]);
  await page.waitForSelector("#counted-total");
  assert.equal(await page.textContent("#counted-total"), `共 ${consultations} 件`);
  assert.match(await page.textContent("#counted-title"), /全州 · 登记 · 类型：咨询$/);
  assert.equal(await page.locator("#counted tbody tr").count(), Math.min(consultations, 50));
  assert.doesNotMatch(await page.textContent("main"), /consultation|registered/);
  // A tile's denominator: the closings the on-time rate was computed over, each opening its request.
  await page.goBack();
  await page.waitForSelector("#indicator-on_time_rate .denominator");
  const closings = Number(await page.textContent("#indicator-on_time_rate .denominator"));
  await Promise.all([page.waitForURL(/what=on_time_rate%3Adenominator$/), page.click("#indicator-on_time_rate .denominator")]);
  await page.waitForSelector("#counted-total");
  assert.equal(await page.textContent("#counted-total"), `共 ${closings} 件`);
  assert.match(await page.textContent("#counted-title"), /按时办结率的分母：办结$/);
  if (closings > 0) {
    const first = page.locator("#counted tbody tr").first();
    const number = await first.getAttribute("data-number");
    await Promise.all([page.waitForURL(new RegExp(`/staff/requests/${number}$`)), first.locator("a").click()]);
  }
  await page.close();
});

test("a handler sees its own unit's subtree, and a period that is no period is told in words", async () => {
  const handler = await staffApi(run.server.url, "yining-handler");
  const api = await handler("dashboard", { period: "" });
  assert.match(api.scope, /伊宁市.*及下属单位/);
  assert.equal(api.volume, "派单量");
  assert.deepEqual(api.intake_hours, [], "a unit registers nothing: no hours of intake");
  const page = await staffPage(run.browser, run.server.url, "yining-handler");
  await page.goto(run.server.url + "/staff/dashboard?period=2026-13");
  await hydrated(page);
  await page.waitForSelector("#dashboard-error");
  assert.match(await page.textContent("#dashboard-error"), /请选择统计期间/);
  await page.close();
});
