// Accessibility checks with axe-core (from npm, injected into the page):
// the rules' violations as one line each, so that an assertion names them.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
// Evaluated through the browser's debugging protocol, not added as a
// <script>: the pages' Content-Security-Policy refuses inline scripts
// without their nonce, as it should.
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** axe-core's violations on the page as it is now, one readable line each. */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe !== "undefined"))) await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`,
  );
}
