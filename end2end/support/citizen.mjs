// A citizen on a phone: the screen they use, and the one-time code of
// "my requests" read the way a tester without a phone can — from the
// administrator's outbox page.
import { staffPage } from "./browser.mjs";

/** A phone-sized browser context (Chinese locale, touch). */
export const PHONE = { viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true, locale: "zh-CN" };

/** The newest one-time code sent to `phone`, from the outbox page. */
export async function oneTimeCode(browser, baseUrl, phone) {
  // The outbox page masks the number as 137****7788.
  const masked = phone.slice(0, 3) + "****" + phone.slice(-4);
  const admin = await staffPage(browser, baseUrl, "admin");
  try {
    for (let i = 0; i < 50; i++) {
      await admin.goto(baseUrl + "/staff/outbox");
      await admin.waitForSelector("#outbox");
      for (const row of await admin.locator("#outbox tbody tr").all()) {
        const text = await row.textContent();
        const code = text.includes(masked) && (text.match(/验证码是 (\d{6})/) || [])[1];
        if (code) return code;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`no code message for ${phone} in the outbox`);
  } finally {
    await admin.context().close();
  }
}

/** Asks for a code for `phone` on `page` (at /mine) and waits for the code page. */
export async function askForCode(page, baseUrl, phone) {
  await page.goto(baseUrl + "/mine");
  await page.fill("#phone", phone);
  await page.click("#send-code");
  await page.waitForURL(/\/mine\/code/);
}

/** A citizen's page with "my requests" open for `phone`. */
export async function signedInCitizen(browser, baseUrl, phone, screen = PHONE) {
  const context = await browser.newContext(screen);
  const page = await context.newPage();
  await askForCode(page, baseUrl, phone);
  await page.fill("#code", await oneTimeCode(browser, baseUrl, phone));
  await page.click("#verify-code");
  await page.waitForSelector("#my-requests");
  return page;
}
