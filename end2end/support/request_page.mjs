// Acting on the staff pages: register a call at the intake desk, wait for a
// command's form on the request page, see it go once the command is done
// (or say why it stayed), and fill in a result.
import { hydrated } from "./browser.mjs";

/** Opens a staff page and waits for the app to take over. */
export async function openPage(page, baseUrl, path) {
  await page.goto(baseUrl + path);
  await hydrated(page);
}

/** Types the call's details after the number: name, type, title, the caller's words, county. */
export async function fillCall(page, call) {
  await page.fill("#intake-name", call.name);
  await page.selectOption("#intake-request_type", call.type);
  await page.fill("#intake-title", call.title);
  await page.fill("#intake-content", call.content);
  await page.selectOption("#intake-county", call.county);
}

/** Registers a phone call at the intake desk (Ctrl+Enter) and returns the new request's number. */
export async function registerCall(page, baseUrl, call) {
  await openPage(page, baseUrl, "/staff/intake");
  await page.fill("#intake-phone", call.phone);
  await page.waitForSelector("#caller-history-empty");
  await fillCall(page, call);
  await page.press("#intake-content", "Control+Enter");
  await page.waitForURL(/\/staff\/requests\/YL\d{13}$/);
  return (await page.textContent("#request-number")).trim();
}

/** Waits until a command's form is on the page (it appears when the command becomes allowed), unfolded. */
export async function form(page, code) {
  await page.waitForSelector(`form[data-command="${code}"]`, { state: "attached", timeout: 15000 });
  const folded = page.locator(`details[data-folded="${code}"]:not([open]) > summary`);
  if (await folded.count()) await folded.click();
  await page.waitForSelector(`form[data-command="${code}"]`, { timeout: 5000 });
}

/** Waits until a command's form has gone (the command was done); says why not if it stays. */
export async function gone(page, code) {
  try {
    await page.waitForSelector(`form[data-command="${code}"]`, { state: "detached", timeout: 15000 });
  } catch (e) {
    const why = await page.locator("#command-error").textContent().catch(() => "(no error shown)");
    const state = await page.locator("#request-state").textContent().catch(() => "?");
    throw new Error(`${code} still offered (state ${state}): ${why}`);
  }
}

/** Submits a complaint's result with every Art. 22 field (and the Art. 26 option in a redo). */
export async function submitResult(page, options = {}) {
  await fillResult(page, options);
  await page.click("#do-submit_result");
  await gone(page, "submit_result");
}

/** Fills a complaint's result form with every Art. 22 field, without sending it. */
export async function fillResult(page, { redo, handler = "努尔兰" } = {}) {
  await form(page, "submit_result");
  await page.selectOption("#submit_result-result-unit", { index: 1 });
  await page.fill("#submit_result-result-handler", handler);
  await page.fill("#submit_result-result-result", "已责令施工单位夜间停工，并安排人员夜间巡查。");
  await page.fill("#submit_result-result-basis", "《中华人民共和国噪声污染防治法》第七十七条");
  await page.selectOption("#submit_result-result-reply-method", "phone");
  await page.selectOption("#submit_result-case_filing-status", "not_filed");
  await page.fill("#submit_result-case_filing-reasons", "初次违法且已及时改正");
  await page.fill("#submit_result-case_filing-basis", "《中华人民共和国行政处罚法》第三十三条");
  if (redo) await page.selectOption("#submit_result-redo-option", "handle_again");
}
