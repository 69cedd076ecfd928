// A stale tab (issue 14 §1.8): the requester rates in one tab, then rates
// again in another tab opened before. The second rating is refused, and the
// refusal shows on the page, where the form was, not only in the address bar.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ready } from "../support/browser.mjs";
import { staffApi } from "../support/api.mjs";
import { serverAndBrowser } from "../support/suite.mjs";

const CALLER = "13966667777";
const run = serverAndBrowser();

/** A consultation answered by Yining and approved: ready for the requester's rating. */
async function answeredRequest() {
  const agent = await staffApi(run.server.url, "agent");
  const handler = await staffApi(run.server.url, "yining-handler");
  const reviewer = await staffApi(run.server.url, "reviewer");
  const { number } = await agent("register_request", {
    new: {
      channel: "phone", type: "consultation", title: "社保卡补办", content: "社保卡丢失，在哪里补办？",
      location: { county: "伊宁市" }, requester: { name: "王五", phone: CALLER },
    },
  });
  const act = (who, command) => who("apply_command", { number, command });
  await act(agent, { type: "dispatch", targets: [{ unit: "yining", role: "lead" }] });
  await act(handler, { type: "acknowledge" });
  const now = new Date(Date.now() - 60_000).toISOString();
  await act(handler, {
    type: "submit_result",
    result: {
      handled_at: now, unit: "yining", handler: "古丽", result: "可携带身份证到市民服务中心社保窗口补办。",
      basis: "《社会保障卡管理办法》", reply: { method: "phone", at: now },
    },
  });
  await act(reviewer, { type: "review_completion", approve: true });
  return number;
}

test("a rating sent from a stale tab is refused on the page, in words", async () => {
  const number = await answeredRequest();
  const context = await run.browser.newContext();
  const first = await context.newPage();
  await first.goto(run.server.url + "/track");
  await ready(first);
  await first.fill("#number", number);
  await first.fill("#last4", CALLER.slice(-4));
  await first.click("#find");
  await first.waitForSelector("#rate");

  // The second tab opens the same page while the rating is still open.
  const second = await context.newPage();
  await second.goto(first.url());
  await ready(second);
  await second.waitForSelector("#rate");

  await first.check("#rating-satisfied");
  await first.check("#resolution-resolved");
  await Promise.all([first.waitForNavigation(), first.click("#submit-rating")]);
  await first.waitForSelector("#rate", { state: "detached" });

  // The stale tab rates too: refused, and told so on the page.
  await second.check("#rating-dissatisfied");
  await second.check("#resolution-unresolved");
  await second.click("#submit-rating");
  await second.waitForSelector("#action-refused", { timeout: 10000 });
  const refusal = await second.textContent("#action-refused");
  assert.match(refusal, /您的评价没有提交/);
  assert.doesNotMatch(refusal, /[A-Za-z]{3,}/, refusal);
  assert.equal(await second.locator("#rate").count(), 0, "the form is gone: the request is rated");
  await context.close();
});
