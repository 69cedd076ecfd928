// A citizen on a phone: the screen they use, and the one-time code of
// "my requests" read the way a tester without a phone can — from the
// stand-in SMS gateway the test's server sends its messages to.

/** A phone-sized browser context (Chinese locale, touch). */
export const PHONE = { viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true, locale: "zh-CN" };

/** The newest one-time code sent to `phone`, as the SMS gateway received it. */
export async function oneTimeCode(server, phone) {
  for (let i = 0; i < 50; i++) {
    const sent = server.messages.filter((m) => m.to === phone && m.kind === "code");
    const code = sent.length ? (sent[sent.length - 1].text.match(/验证码是 (\d{6})/) || [])[1] : undefined;
    if (code) return code;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no code message for ${phone} at the gateway`);
}

/** Asks for a code for `phone` on `page` (at /mine) and waits for the code page. */
export async function askForCode(page, baseUrl, phone) {
  await page.goto(baseUrl + "/mine");
  await page.fill("#phone", phone);
  await page.click("#send-code");
  await page.waitForURL(/\/mine\/code/);
}

/** A citizen's page with "my requests" open for `phone`. */
export async function signedInCitizen(browser, server, phone, screen = PHONE) {
  const context = await browser.newContext(screen);
  const page = await context.newPage();
  await askForCode(page, server.url, phone);
  await page.fill("#code", await oneTimeCode(server, phone));
  await page.click("#verify-code");
  await page.waitForSelector("#my-requests");
  return page;
}
