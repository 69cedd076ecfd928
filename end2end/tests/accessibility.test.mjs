// The staff pages for everyone who works them (issue 14 §3): each page has
// its own title and one top heading, every input a label, and axe-core
// finds no violation — on the login, the home, the work list, a request,
// the intake desk and the administration pages, as a desk user sees them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { hydrated, staffPage } from "../support/browser.mjs";
import { serverAndBrowser } from "../support/suite.mjs";
import { staffApi } from "../support/api.mjs";
import { axeViolations } from "../support/axe.mjs";

const DESK = { width: 1366, height: 768 };
let number;
const run = serverAndBrowser({
  setup: async ({ server }) => {
    const agent = await staffApi(server.url, "agent");
    ({ number } = await agent("register_request", {
      new: {
        channel: "phone", type: "complaint", title: "夜间施工噪音", content: "工地夜里十一点后仍在施工。",
        location: { county: "伊宁市" }, requester: { name: "张三", phone: "13812345678" },
      },
    }));
  },
});

/** Opens `path`, waits for the app and for its data, and checks the page. */
async function check(page, path, ready, titled) {
  await page.goto(run.server.url + path);
  await hydrated(page);
  if (ready) await page.waitForSelector(ready, { timeout: 15000 });
  // A title from the page's data is set once the data has arrived.
  await page.waitForFunction((source) => new RegExp(source).test(document.title), titled.source, { timeout: 5000 }).catch(() => {});
  const title = await page.title();
  const h1 = await page.locator("h1").count();
  const violations = await axeViolations(page);
  return { title, h1, violations };
}

test("the staff login has its title, one heading, and no axe violation", async () => {
  const context = await run.browser.newContext({ viewport: DESK });
  const page = await context.newPage();
  const { title, h1, violations } = await check(page, "/staff/login", "#username", /登录/);
  assert.match(title, /登录/);
  assert.equal(h1, 1);
  assert.deepEqual(violations, []);
  await context.close();
});

const PAGES = [
  ["agent", "/staff", "#staff-greeting", /工作台/],
  ["reviewer", "/staff/inbox?filter=registered", "#inbox", /工作清单|待受理/],
  ["reviewer", () => `/staff/requests/${number}`, "#request-detail", /夜间施工噪音/],
  ["agent", "/staff/intake", "#intake", /来电登记/],
  ["analyst", "/staff/dashboard", "#indicators", /统计分析/],
  ["reviewer", "/staff/reports", "#no-report, #report-versions", /月报/],
  ["reviewer", "/staff/assessment/scheme", "#scheme-form", /考核方案/],
  ["reviewer", "/staff/assessment/appeals", "#no-appeals, #appeals", /考核申诉/],
  ["reviewer", "/staff/assessment/front-desk", "#agents", /受理前台考核/],
  ["reviewer", "/staff/supervisions", "#supervisions, #supervisions-empty", /督办/],
  ["analyst", "/staff/oversight", "#oversight-units, #oversight-none", /监督处理线索/],
  ["reviewer", "/staff/cases", "#cases-empty, #staff-cases article", /公开案例/],
  ["admin", "/staff/admin/users", "table", /账号/],
  ["admin", "/staff/admin/units", "table", /单位/],
  ["admin", "/staff/admin/calendar", "h1", /节假日/],
  ["admin", "/staff/admin/audit", "#audit, #audit-empty", /审计/],
  ["admin", "/staff/admin/categories", "table", /分类/],
  ["admin", "/staff/admin/synonyms", "h1", /同义词/],
];

for (const [user, where, ready, titled] of PAGES) {
  test(`${user}: ${typeof where === "string" ? where : "a request"} has its title, one heading, and no axe violation`, async () => {
    const page = await staffPage(run.browser, run.server.url, user);
    await page.setViewportSize(DESK);
    const path = typeof where === "string" ? where : where();
    const { title, h1, violations } = await check(page, path, ready, titled);
    assert.match(title, titled, `${path}: title "${title}"`);
    assert.match(title, /12345/, `${path}: the product in the title`);
    assert.equal(h1, 1, `${path}: one h1`);
    assert.deepEqual(violations, [], `${path}:\n${violations.join("\n")}`);
    await page.context().close();
  });
}
