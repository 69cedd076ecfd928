// Starts the real `hotline` server on a free port with a fresh SQLite file
// (seeded with the demo data) and stops it afterwards.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import http from "node:http";
import net from "node:net";

const bin = process.env.HOTLINE_BIN;
const siteRoot = process.env.SITE_ROOT;

// A port for the server, below the kernel's ephemeral range (32768 and up):
// a port found by listening on port 0 comes from that range, and once let go
// the kernel may hand it to an outgoing connection before the server binds
// it. Below the range only this counter hands ports out; one that something
// else holds is skipped.
let nextPort = 0;
function canListen(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
}
async function freePort() {
  const first = 30000 + (process.pid % 2) * 1000;
  for (;;) {
    const port = first + (nextPort++ % 1000);
    if (await canListen(port)) return port;
  }
}

// Debian's libfaketime (package faketime, installed by `make browser-tools`):
// moves the server's wall clock, never its monotonic one (tokio's timers).
const FAKETIME = ["/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1", "/usr/lib/aarch64-linux-gnu/faketime/libfaketimeMT.so.1"];

/** How long libfaketime keeps the offset it read (FAKETIME_CACHE_DURATION). */
const CLOCK_CACHE_MS = 1000;

/** The settings that put the server's wall clock under the test's control. */
function fakeClockEnv(clockFile) {
  const lib = FAKETIME.find((p) => existsSync(p));
  if (!lib) throw new Error("libfaketime is missing: run `make browser-tools` (Debian package faketime)");
  writeFileSync(clockFile, "+0\n");
  return { LD_PRELOAD: lib, FAKETIME_TIMESTAMP_FILE: clockFile, FAKETIME_CACHE_DURATION: String(CLOCK_CACHE_MS / 1000), FAKETIME_DONT_FAKE_MONOTONIC: "1" };
}

/**
 * A stand-in SMS gateway: the server's webhook (HOTLINE_SMS_WEBHOOK_URL)
 * posts every text message here, as it would to the operator's gateway —
 * how a tester without a phone reads a one-time code (the administrator's
 * outbox page hides them).
 */
async function smsGateway() {
  const messages = [];
  const srv = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      try {
        messages.push(JSON.parse(body));
      } catch {
        /* not a message: the server would never send it */
      }
      res.writeHead(204).end();
    });
  });
  await new Promise((resolve) => srv.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${srv.address().port}/sms`, messages, close: () => new Promise((r) => srv.close(r)) };
}

let stores = 0;

/**
 * The test server's store: an SQLite file in `dir`, or — with
 * `E2E_STORE=postgres` — a new database on the local PostgreSQL
 * (`TEST_DATABASE_URL` names the one to connect to first), dropped after.
 */
function newStore(dir) {
  if (process.env.E2E_STORE !== "postgres") {
    return { url: `sqlite://${dir}/hotline.db?mode=rwc`, drop() {} };
  }
  const admin = process.env.TEST_DATABASE_URL || "postgres://root@127.0.0.1:5432/test";
  const name = `hotline_e2e_${process.pid}_${++stores}`;
  const psql = (sql) => {
    const done = spawnSync("psql", [admin, "-qc", sql], { encoding: "utf8" });
    if (done.status !== 0) throw new Error(`psql: ${sql}: ${done.stderr}`);
  };
  psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  psql(`CREATE DATABASE ${name}`);
  return { url: `${admin.slice(0, admin.lastIndexOf("/"))}/${name}`, drop: () => psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * `extraEnv`: settings of this test's server (e.g. a faster job);
 * `fakeClock`: the server's (and its commands') clock can be moved with `setClock`.
 */
export async function startServer(extraEnv = {}, { fakeClock = false } = {}) {
  if (!bin || !siteRoot) throw new Error("HOTLINE_BIN and SITE_ROOT must be set (see the Makefile)");
  const dir = mkdtempSync(join(tmpdir(), "hotline-e2e-"));
  const clockFile = join(dir, "clock");
  const gateway = await smsGateway();
  const store = newStore(dir);
  const env = {
    ...process.env,
    DATABASE_URL: store.url,
    HOTLINE_UPLOAD_DIR: join(dir, "uploads"),
    HOTLINE_INDEX_DIR: join(dir, "index"),
    RUST_LOG: "warn",
    HOTLINE_SMS_WEBHOOK_URL: gateway.url,
    ...(fakeClock ? fakeClockEnv(clockFile) : {}),
    ...extraEnv,
  };
  const seeded = spawnSync(bin, ["seed-demo"], { env, encoding: "utf8" });
  if (seeded.status !== 0) throw new Error(`seed-demo failed: ${seeded.stderr}`);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const serve = async () => {
    const child = spawn(bin, ["serve"], {
      env: { ...env, LEPTOS_SITE_ROOT: siteRoot, LEPTOS_SITE_ADDR: `127.0.0.1:${port}` },
      stdio: ["ignore", "inherit", "inherit"],
    });
    for (let i = 0; i < 200; i++) {
      try {
        const res = await fetch(`${url}/healthz`);
        if (res.ok) break;
      } catch {
        /* not up yet */
      }
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return child;
  };
  const halt = async (child) => {
    child.kill("SIGTERM");
    await new Promise((r) => (child.exitCode !== null ? r() : child.once("exit", r)));
  };
  let child = await serve();
  return {
    url,
    seedOutput: seeded.stdout,
    /** The text messages the server sent, as the gateway received them: `{to, kind, text, request_number}`. */
    messages: gateway.messages,
    /** Stops the server (gracefully: open event streams must not hold it) and starts it again on the same address and data. */
    async restart() {
      await halt(child);
      child = await serve();
    },
    /** Moves the server's wall clock to `at` (a Date); the browser keeps the real one. */
    async setClock(at) {
      if (!fakeClock) throw new Error("start the server with { fakeClock: true }");
      writeFileSync(clockFile, `+${Math.round((at.getTime() - Date.now()) / 1000)}\n`);
      // libfaketime reads the file again once its cached offset is a second old.
      await new Promise((r) => setTimeout(r, CLOCK_CACHE_MS + 200));
    },
    /** Runs a `hotline` command on this server's data (e.g. the archive pass). */
    run(args) {
      const done = spawnSync(bin, args, { env, encoding: "utf8" });
      if (done.status !== 0) throw new Error(`hotline ${args.join(" ")} failed: ${done.stderr}`);
      return done.stdout;
    },
    async stop() {
      await halt(child);
      await gateway.close();
      store.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
