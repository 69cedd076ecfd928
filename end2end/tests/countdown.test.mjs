// A countdown read on a day off (issue 14 §1.3). On Sunday 29 November at
// 21:55 the return window closing on Monday 30th once said "今天（11月30日）
// 是申请退回的最后一天，还剩 23 小时 59 分": neither "today" nor the time was
// right. Whatever today's date, the test makes the day before the window's
// last day a day off (a regional holiday, Art. 19's working days), sets the
// browser's clock to 21:55 that evening, and reads what the hydrated page
// counts with the same domain code as the server.
import { test } from "node:test";
import assert from "node:assert/strict";
import { hydrated, staffPage } from "../support/browser.mjs";
import { staffApi } from "../support/api.mjs";
import { serverAndBrowser } from "../support/suite.mjs";

const run = serverAndBrowser();

/** `YYYY-MM-DD` of the day before. */
const dayBefore = (day) => {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
};

const monthDay = (day) => `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;

test("on the evening of a day off, the return window's last day is tomorrow, not today", async () => {
  const agent = await staffApi(run.server.url, "agent");
  const { number } = await agent("register_request", {
    new: {
      channel: "phone", type: "help", title: "路灯不亮", content: "解放路路灯连续三晚不亮。",
      location: { county: "伊宁市" }, requester: { name: "李四", phone: "13812340000" },
    },
  });
  await agent("apply_command", { number, command: { type: "dispatch", targets: [{ unit: "yining", role: "lead" }] } });

  const handler = await staffPage(run.browser, run.server.url, "yining-handler");
  await handler.goto(`${run.server.url}/staff/requests/${number}`);
  await hydrated(handler);
  const countdown = "#clock-return_window-yining-countdown";
  const lastDay = await handler.getAttribute(countdown, "data-last-day");
  const eve = dayBefore(lastDay);

  // The eve becomes a day off (it may be one already: a weekend, a holiday).
  const admin = await staffApi(run.server.url, "admin");
  await admin("change_calendar", { change: { change: "regional", date: eve, name: "测试假日", off: true } });

  await handler.clock.install({ time: new Date(`${eve}T21:55:00+08:00`) });
  await handler.reload();
  await hydrated(handler);
  const expected = `还剩 1 个工作日：申请退回的最后一天是明天（${monthDay(lastDay)}），当天 24 时截止`;
  await handler.waitForFunction(
    ([sel, text]) => document.querySelector(`${sel} .countdown-text`)?.textContent === text,
    [countdown, expected],
    { timeout: 10000 },
  ).catch(async () => {
    assert.fail(`countdown reads "${await handler.textContent(countdown)}", expected "${expected}"`);
  });

  // On the last day itself, "today", with the minutes truly left until midnight.
  await handler.clock.setFixedTime(new Date(`${lastDay}T21:55:00+08:00`));
  await handler.reload();
  await hydrated(handler);
  await handler.waitForFunction(
    (sel) => /^今天（.+）是申请退回的最后一天，还剩 2 小时 5 分$/.test(document.querySelector(`${sel} .countdown-text`)?.textContent || ""),
    countdown,
    { timeout: 10000 },
  );
  await handler.context().close();
});
