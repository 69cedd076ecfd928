// The citizen portal in Chromium on a phone-sized screen: submitting with
// mistakes (errors beside the fields), without any script at all; a double
// confirmation making one request; tracking by link and by number; staff
// closing it through the API; a dissatisfied rating showing the redo and
// its deadline; the final rating announcing the callback.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "../support/server.mjs";
import { launchBrowser, enhanced, staffPage } from "../support/browser.mjs";
import { staffApi } from "../support/api.mjs";
import { PHONE, askForCode, oneTimeCode } from "../support/citizen.mjs";

const CITIZEN_PHONE = "13700007788";

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

/** A staff member who issues commands through the API. */
async function staff(username) {
  const call = await staffApi(server.url, username);
  return (number, command) => call("apply_command", { number, command });
}

function result(redo) {
  const now = new Date().toISOString();
  const cmd = {
    type: "submit_result",
    result: {
      handled_at: now, unit: "yining", handler: "阿依古丽",
      result: "已协调供水公司抢修，今日恢复供水。", basis: "《城市供水条例》第二十二条",
      reply: { method: "phone", at: now, summary: "已电话告知" },
    },
  };
  if (redo) cmd.redo = { option: "handle_again" };
  return cmd;
}

// A 1×1 JPEG with GPS in its EXIF segment.
function jpeg() {
  const exif = Buffer.from("Exif\0\0GPSLatitude=43.91");
  return Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0x00, exif.length + 2]),
    exif,
    // The frame (SOF0): 8 bits, 1×1, one component.
    Buffer.from([0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x01, 0x00, 0x01, 0x01, 0x01, 0x11, 0x00]),
    // The scan (SOS with its one-component header), two entropy bytes, the end.
    Buffer.from([0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00, 0x12, 0x34, 0xff, 0xd9]),
  ]);
}

/** Nothing on the page scrolls sideways at the current width. */
async function noSidewaysScroll(page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
}

let link; // the private tracking path, /r/<token>
let number;

test("without any script: mistakes come back beside the fields, then a double confirmation makes one request", async () => {
  const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(server.url + "/submit");
  assert.match(await page.textContent(".emergency"), /110/);
  await page.check("#type-help");
  await page.fill("#content", "阳光小区 3 号楼从周一开始停水，至今没有恢复。");
  await page.selectOption("#county", "伊宁市");
  await page.fill("#name", "王五");
  await page.fill("#phone", "12345");
  await page.check("#consent");
  await page.click("#continue");
  await page.waitForURL(/\/submit\?draft=1#errors$/);
  assert.match(await page.textContent("#title-error"), /请填写标题/);
  assert.match(await page.textContent("#phone-error"), /11 位手机号码/);
  assert.equal(await page.inputValue("#content"), "阳光小区 3 号楼从周一开始停水，至今没有恢复。", "nothing typed is lost");
  assert.ok(await page.locator(".error-summary-box a[href='#title']").count());
  assert.ok(await noSidewaysScroll(page), "the form fits 320 px");
  // The same address in another browser shows nothing of this draft (issue 19: draft fixation).
  const other = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
  const elsewhere = await other.newPage();
  await elsewhere.goto(page.url());
  assert.equal(await elsewhere.inputValue("#content"), "", "a draft is bound to the browser that made it");
  assert.equal(await elsewhere.inputValue("#name"), "");
  await other.close();

  await page.fill("#title", "小区停水三天");
  await page.fill("#phone", CITIZEN_PHONE);
  await page.setInputFiles("#photos", { name: "water.jpg", mimeType: "image/jpeg", buffer: jpeg() });
  await page.click("#continue");
  await page.waitForURL(/\/submit\/check$/);
  const summary = await page.textContent("#check-summary");
  assert.match(summary, /小区停水三天/);
  assert.match(summary, /求助/);

  // Two quick taps, then a retry from the back button: always the same request.
  await page.dblclick("#confirm");
  // The second tap's submission replaces the first's navigation (which the
  // browser aborts), so wait for the page it lands on, not for a navigation.
  await page.waitForSelector("#request-number-new");
  assert.match(page.url(), /\/r\/YL\d{13}-[0-9a-f]{32}\?new=1/);
  link = new URL(page.url()).pathname;
  number = (await page.textContent("#request-number-new")).trim();
  assert.match(number, /^YL\d{13}$/);
  await page.goBack();
  await page.waitForURL(/\/submit\/check/);
  await page.click("#confirm");
  await page.waitForURL(/\/r\//);
  assert.equal(new URL(page.url()).pathname, link, "the retry lands on the same request");
  assert.match(await page.textContent("#countdown"), /个工作日内答复，截止/);
  await context.close();
});

test("my requests: a one-time code (read at the SMS gateway; the admin's outbox hides it) lists exactly one request", async () => {
  const citizen = await browser.newContext(PHONE);
  const page = await citizen.newPage();
  await askForCode(page, server.url, CITIZEN_PHONE);
  const code = await oneTimeCode(server, CITIZEN_PHONE);
  // The administrator's record of the message hides the code (issue 19 §1.10).
  const admin = await staffPage(browser, server.url, "admin");
  await admin.goto(server.url + "/staff/outbox");
  await admin.waitForSelector("#outbox");
  const record = await admin.textContent("#outbox");
  assert.ok(record.includes("验证码是 ******") && !record.includes(code), record);
  await admin.context().close();

  await page.fill("#code", "000000" === code ? "111111" : "000000");
  await page.click("#verify-code");
  await page.waitForSelector("#code-error");
  await page.fill("#code", code);
  await page.click("#verify-code");
  await page.waitForSelector("#my-requests");
  assert.equal(await page.locator("#my-requests li").count(), 1, "one request for this phone");
  assert.match(await page.textContent("#my-requests"), new RegExp(number));
  await citizen.close();
});

test("tracking by number and the phone's last four digits, with an error beside a wrong field", async () => {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto(server.url + "/track");
  await enhanced(page);
  await page.fill("#number", "not-a-number");
  await page.fill("#last4", "12");
  await page.click("#find");
  await page.waitForSelector("#last4-error");
  assert.match(await page.textContent("#number-error"), /完整的诉求编号/);
  await page.fill("#number", number);
  await page.fill("#last4", CITIZEN_PHONE.slice(-4));
  await page.click("#find");
  await page.waitForURL(/\/r\/YL\d{13}-[0-9a-f]{32}$/);
  assert.equal((await page.textContent("#request-number")).trim(), number);
  assert.match(await page.textContent("#timeline"), /已受理/);
  await context.close();
});

test("the countdown is counted in the browser by the domain's WASM, with the browser's clock", async () => {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  // Two months on, the deadline has passed: only the browser's own count can say so.
  await page.clock.install({ time: new Date(Date.now() + 60 * 24 * 3600 * 1000) });
  // What the server rendered, read from its HTML: reading it from the page
  // raced the portal's WASM, which may already have recounted it by then.
  const served = await (await fetch(server.url + link)).text();
  assert.match(served, /个工作日内答复/, "the server counted with today's date");
  assert.doesNotMatch(served, /已超过答复期限/);
  await page.goto(server.url + link);
  await enhanced(page);
  await page.waitForFunction(() => /已超过答复期限/.test(document.querySelector("#countdown .countdown-text").textContent));
  assert.match(await page.getAttribute("#countdown", "class"), /overdue/);
  await context.close();
});

test("staff close it; a dissatisfied rating shows the redo with its deadline; the final rating promises a callback", async () => {
  const agent = await staff("agent");
  const handler = await staff("yining-handler");
  const reviewer = await staff("reviewer");
  await agent(number, { type: "dispatch", targets: [{ unit: "yining", role: "lead" }] });
  await handler(number, { type: "acknowledge" });
  await handler(number, result(false));
  await reviewer(number, { type: "review_completion", approve: true });

  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto(server.url + link);
  await enhanced(page);
  assert.ok(await page.isVisible("#reply"));
  // No choice made: the error appears beside the question.
  await page.click("#submit-rating");
  await page.waitForSelector("#rating-error");
  // Both questions are named at once, the resolution's beside it.
  assert.match(await page.textContent("#resolution-error"), /请选择问题是否解决/);
  await page.check("#rating-dissatisfied");
  await page.check("#resolution-unresolved");
  await page.fill("#comment", "水还是时有时无");
  await page.click("#submit-rating");
  await page.waitForSelector("#next-step");
  assert.match(await page.textContent("#status"), /重新办理中/);
  assert.match(await page.textContent("#countdown"), /重新办理/);
  assert.equal(await page.locator("#rate").count(), 0, "one rating per round");

  await handler(number, result(true));
  await reviewer(number, { type: "review_completion", approve: true });
  await page.reload();
  await enhanced(page);
  assert.match(await page.textContent("#rate h2"), /最终评价/);
  await page.check("#rating-very_dissatisfied");
  await page.check("#resolution-unresolved");
  await page.click("#submit-rating");
  await page.waitForFunction(() => /回访/.test(document.querySelector("#next-step")?.textContent || ""));
  assert.match(await page.textContent("#status"), /等待热线中心回访/);
  assert.ok(await noSidewaysScroll(page), "the request page fits 320 px");
  await context.close();
});
