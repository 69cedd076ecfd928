// A test file's real server and browser: started before its tests, stopped
// after them. `run.server` and `run.browser` are there once the tests run.
import { before, after } from "node:test";
import { startServer } from "./server.mjs";
import { launchBrowser } from "./browser.mjs";

/**
 * Registers the file's `before` and `after`. `extraEnv`: settings of its
 * server; `fakeClock`: its clock can be moved (`run.server.setClock`);
 * `setup(run)`: what the file's tests need first, run once both are up (in
 * the same hook: separate root hooks do not wait for each other).
 */
export function serverAndBrowser({ extraEnv = {}, fakeClock = false, setup } = {}) {
  const run = { server: null, browser: null };
  before(async () => {
    run.server = await startServer(extraEnv, { fakeClock });
    run.browser = await launchBrowser();
    if (setup) await setup(run);
  });
  after(async () => {
    await run.browser?.close();
    await run.server?.stop();
  });
  return run;
}
