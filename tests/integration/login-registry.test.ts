// The QR login registry with the real GramJS client over TCP against the sandbox, and a
// real (temporary) SQLite database: everything the route handlers call, minus HTTP.
import { Writable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

import type { LoginState } from "@/lib/telegram/login/types";
import { sessionContext } from "@/lib/telegram/runtime/session-context";
import { createMigratedDatabase, type TempDatabase } from "../support/db";
import { startTestSandbox, type TestSandbox } from "./support/sandbox";

type Registry = typeof import("@/lib/telegram/login/registry");
type Db = typeof import("@/lib/db").db;

let sandbox: TestSandbox;
let database: TempDatabase;
let registry: Registry;
let db: Db;
let openSession: typeof import("@/lib/crypto/session-envelope").openSession;
let sessionKey: Buffer;
/** Every line the app's logger wrote, parsed. */
const logLines: Array<Record<string, unknown>> = [];

async function siteUser(email: string): Promise<string> {
  const user = await db.user.create({ data: { email, name: email.split("@")[0]!, passwordHash: "x" } });
  return user.id;
}

/** Follows the long poll until the state satisfies `done`. */
async function waitFor(userId: string, done: (state: LoginState) => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  let state = await registry.getLoginState(userId);
  while (!done(state)) {
    if (Date.now() > deadline) throw new Error(`login stuck in ${JSON.stringify(state)}`);
    state = await registry.getLoginState(userId, { afterVersion: state.version, timeoutMs: 1_000 });
  }
  return state;
}

function qrUrl(state: LoginState): string {
  if (state.status !== "qr") throw new Error(`expected a QR code, got ${state.status}`);
  return state.qr.url;
}

beforeAll(async () => {
  sandbox = await startTestSandbox();
  database = createMigratedDatabase();
  const controlPort = new URL(sandbox.running.controlUrl).port;
  Object.assign(process.env, {
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    DATABASE_URL: database.databaseUrl,
    TELEGRAM_MODE: "sandbox",
    SANDBOX_DIR: sandbox.dir,
    SANDBOX_HOST: "127.0.0.1",
    SANDBOX_PORT: String(sandbox.port),
    SANDBOX_CONTROL_PORT: controlPort,
  });
  process.env.LOG_LEVEL = "info";
  vi.resetModules();
  // The real logger (with its redaction), writing where the test can read it.
  vi.doMock("@/lib/log", async (importOriginal) => {
    const real = await importOriginal<typeof import("@/lib/log")>();
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split("\n").filter(Boolean))
          logLines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    return { ...real, logger: real.createLogger(sink) };
  });
  registry = await import("@/lib/telegram/login/registry");
  ({ db } = await import("@/lib/db"));
  ({ openSession } = await import("@/lib/crypto/session-envelope"));
  const { env } = await import("@/lib/env");
  sessionKey = Buffer.from(env.TELEGRAM_SESSION_KEY, "base64");
});

afterAll(async () => {
  await registry?.cancelAllLogins();
  await db?.$disconnect();
  await sandbox?.stop();
  database?.cleanup();
});

beforeEach(async () => {
  await sandbox.control.clearFaults();
  await sandbox.control.setTokenTtl(30);
});

describe("QR login registry against the sandbox", () => {
  it("links an account without 2FA and stores only an encrypted session", async () => {
    const userId = await siteUser("no2fa@example.com");
    const first = await registry.startLogin(userId);
    expect(first.status).toBe("qr");
    // A second start (double click, another tab) joins the same attempt.
    const again = await registry.startLogin(userId);
    expect(again.status === "qr" && again.attemptId).toBe(first.status === "qr" && first.attemptId);

    await sandbox.control.scan(qrUrl(first), "alice");
    const done = await waitFor(userId, (s) => s.status === "success");
    expect(done).toMatchObject({ status: "success", account: { name: "Alice Liddell", username: "alice" } });

    // A plain read never carries the sealed session: it must be asked for by name.
    expect(await db.telegramAccount.findFirstOrThrow({ where: { userId } })).not.toHaveProperty("sessionCiphertext");
    const account = await db.telegramAccount.findFirstOrThrow({
      where: { userId },
      omit: { sessionCiphertext: false },
    });
    expect(account).toMatchObject({ username: "alice", status: "active", dcId: 2 });
    expect(account.sessionCiphertext.startsWith("v1.")).toBe(true);
    const session = openSession(account.sessionCiphertext, sessionKey, sessionContext(userId, account.id));
    expect(session.length).toBeGreaterThan(100);
    expect(account.sessionCiphertext).not.toContain(session.slice(0, 24));

    const attempt = await db.authAttempt.findFirstOrThrow({ where: { userId } });
    expect(attempt).toMatchObject({ status: "succeeded", telegramAccountId: account.id });
    expect(attempt.finishedAt).not.toBeNull();
  });

  it("names the linked account on its attempt, still after the account is unlinked", async () => {
    const { getLoginAttempts, unlink } = await import("@/lib/telegram/dashboard");
    const { listAuthAttempts } = await import("@/lib/admin/attempts");
    const userId = await siteUser("label@example.com");
    await sandbox.control.scan(qrUrl(await registry.startLogin(userId)), "alice");
    await waitFor(userId, (s) => s.status === "success");
    expect(await db.authAttempt.findFirstOrThrow({ where: { userId } })).toMatchObject({
      status: "succeeded",
      accountLabel: "Alice Liddell (@alice)",
    });

    await unlink(userId);
    expect(await db.telegramAccount.count({ where: { userId } })).toBe(0);
    // The account row is gone (and with it the attempt's link to it); the label it was linked under is not.
    const [attempt] = await getLoginAttempts(userId);
    expect(attempt).toMatchObject({ status: "succeeded", account: null, label: "Alice Liddell (@alice)" });
    const admin = await listAuthAttempts(db, { user: userId });
    expect(admin.rows).toEqual([
      expect.objectContaining({ telegramAccountId: null, accountLabel: "Alice Liddell (@alice)" }),
    ]);
  });

  it("asks for the cloud password, rejects a wrong one and accepts the right one", async () => {
    const userId = await siteUser("twofa@example.com");
    await sandbox.control.scan(qrUrl(await registry.startLogin(userId)), "bob");
    const asked = await waitFor(userId, (s) => s.status === "password");
    expect(asked).toMatchObject({ status: "password", hint: "the usual, with bob-", error: null });

    const wrong = await registry.submitLoginPassword(userId, "not-bobs-password");
    expect(wrong).toMatchObject({ status: "password", error: "wrong_password", checking: false });

    const right = await registry.submitLoginPassword(userId, "bob-password");
    expect(right).toMatchObject({ status: "success", account: { username: "bob" } });
  });

  it("logs every step of a login, and never the session, the token or a password", async () => {
    const userId = await siteUser("logs@example.com");
    const started = await registry.startLogin(userId);
    await sandbox.control.scan(qrUrl(started), "dave");
    await waitFor(userId, (s) => s.status === "password");
    await registry.submitLoginPassword(userId, "not-daves-password");
    await registry.submitLoginPassword(userId, "dave-password");

    const attemptId = started.status === "qr" ? started.attemptId : "";
    const mine = logLines.filter((line) => line.attemptId === attemptId);
    expect(mine.map((line) => line.msg)).toEqual([
      "login attempt created",
      "login token issued",
      "login token scanned",
      "password required",
      "password rejected",
      "linked as Dave Grohl (@dave)",
      "password accepted",
      "login succeeded",
    ]);
    const account = await db.telegramAccount.findFirstOrThrow({
      where: { userId },
      omit: { sessionCiphertext: false },
    });
    const session = openSession(account.sessionCiphertext, sessionKey, sessionContext(userId, account.id));
    const everything = JSON.stringify(logLines);
    for (const secret of [
      session,
      session.slice(0, 40),
      "dave-password",
      "not-daves-password",
      qrUrl(started).split("=")[1]!,
    ]) {
      expect(everything).not.toContain(secret);
    }
  });

  it("finishes on the account's home DC when Telegram answers loginTokenMigrateTo", async () => {
    const userId = await siteUser("migrate@example.com");
    await sandbox.control.scan(qrUrl(await registry.startLogin(userId)), "carol");
    const done = await waitFor(userId, (s) => s.status === "success");
    expect(done).toMatchObject({ status: "success", account: { username: "carol" } });
    const account = await db.telegramAccount.findFirstOrThrow({ where: { userId } });
    expect(account.dcId).toBe(1);
  });

  it("renews short-lived tokens by itself and the newest one scans", async () => {
    await sandbox.control.setTokenTtl(2);
    const userId = await siteUser("renew@example.com");
    const first = await registry.startLogin(userId);
    const renewed = await waitFor(userId, (s) => s.status === "qr" && s.qr.renewals >= 2, 8_000);
    expect(qrUrl(renewed)).not.toBe(qrUrl(first));
    if (renewed.status === "qr") expect(renewed.qr.expiresAt).toBeGreaterThan(Date.now());
    // Telegram states expiry in whole seconds: wait until the first code is surely dead.
    if (first.status === "qr")
      await new Promise((r) => setTimeout(r, Math.max(0, first.qr.expiresAt + 1_100 - Date.now())));
    await expect(sandbox.control.scan(qrUrl(first), "erin")).rejects.toThrow(/AUTH_TOKEN_EXPIRED|AUTH_TOKEN_INVALID/);
    await sandbox.control.scan(qrUrl(renewed), "erin");
    expect((await waitFor(userId, (s) => s.status === "success")).status).toBe("success");
  });

  it("turns repeated wrong passwords into a flood wait with a time, and holds further tries", async () => {
    const userId = await siteUser("flood@example.com");
    await sandbox.control.scan(qrUrl(await registry.startLogin(userId)), "judy");
    await waitFor(userId, (s) => s.status === "password");
    let state: LoginState = await registry.getLoginState(userId);
    let tries = 0;
    while (state.status === "password" && state.error !== "flood_wait" && tries < 10) {
      state = await registry.submitLoginPassword(userId, `wrong-${tries++}`);
    }
    expect(state).toMatchObject({ status: "password", error: "flood_wait" });
    expect(tries).toBeGreaterThan(1);
    if (state.status !== "password") return;
    expect(state.retryAt! - Date.now()).toBeGreaterThan(30_000);

    await sandbox.control.resetCounters();
    const held = await registry.submitLoginPassword(userId, "judy-password");
    expect(held).toMatchObject({ status: "password", error: "flood_wait" });
    const counters = await sandbox.control.counters();
    expect(counters.byMethod["auth.checkPassword"] ?? 0).toBe(0);
  });

  it("cancels, destroys the attempt and records it", async () => {
    const userId = await siteUser("cancel@example.com");
    const started = await registry.startLogin(userId);
    const cancelled = await registry.cancelLogin(userId);
    expect(cancelled.status).toBe("cancelled");
    await expect(sandbox.control.scan(qrUrl(started), "frank")).resolves.toBeTruthy();
    // The scan reached Telegram, but nobody is listening any more: nothing gets linked.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await db.telegramAccount.count({ where: { userId } })).toBe(0);
    const attempt = await db.authAttempt.findFirstOrThrow({ where: { userId } });
    expect(attempt.status).toBe("cancelled");
  });

  it("gives up on a request Telegram never answers, with a network error", async () => {
    registry.configureLoginAttempts({ requestTimeoutMs: 1_000 });
    try {
      await sandbox.control.setFault({ method: "auth.exportLoginToken", delayMs: 5_000, times: 1 });
      const userId = await siteUser("stuck@example.com");
      const started = Date.now();
      const state = await registry.startLogin(userId);
      expect(state).toMatchObject({ status: "failed", code: "network" });
      expect(Date.now() - started).toBeLessThan(4_000);
    } finally {
      registry.configureLoginAttempts({});
    }
  });

  it("keeps two site users' attempts apart", async () => {
    const [one, two] = [await siteUser("one@example.com"), await siteUser("two@example.com")];
    const [a, b] = await Promise.all([registry.startLogin(one), registry.startLogin(two)]);
    expect(qrUrl(a)).not.toBe(qrUrl(b));
    await sandbox.control.scan(qrUrl(b), "grace");
    expect((await waitFor(two, (s) => s.status === "success")).status).toBe("success");
    expect((await registry.getLoginState(one)).status).toBe("qr");
    await expect(registry.submitLoginPassword(one, "x")).rejects.toMatchObject({ code: "not_awaiting_password" });
    await registry.cancelLogin(one);
  });

  it("limits new attempts per user (each makes a Telegram auth key); joining the running one is free", async () => {
    registry.configureLoginAttempts({ startLimit: { points: 2, windowSeconds: 600 } });
    try {
      const userId = await siteUser("restless@example.com");
      const first = await registry.startLogin(userId);
      expect(first.status).toBe("qr");
      // Joining (double click, another tab) does not count.
      for (let i = 0; i < 5; i++) expect((await registry.startLogin(userId)).status).toBe("qr");
      const second = await registry.startLogin(userId, { restart: true });
      expect(second.status).toBe("qr");
      const refused = await registry.startLogin(userId, { restart: true }).catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: "rate_limited", errorCode: "rate_limited" });
      expect((refused as { details: { retryAfterSeconds: number } }).details.retryAfterSeconds).toBeGreaterThan(0);
      // The refused restart left the running attempt alone.
      const still = await registry.getLoginState(userId);
      expect(still.status === "qr" && still.attemptId).toBe(second.status === "qr" && second.attemptId);
      // Another user is not affected.
      expect((await registry.startLogin(await siteUser("calm@example.com"))).status).toBe("qr");
      expect(await db.authAttempt.count({ where: { userId } })).toBe(2);
    } finally {
      registry.configureLoginAttempts({});
      await registry.cancelAllLogins();
    }
  });

  it("deletes login attempts older than the retention period, and only those", async () => {
    const { sweepOldAuthAttempts } = await import("@/lib/telegram/login/retention");
    const userId = await siteUser("old-attempts@example.com");
    const day = 24 * 60 * 60 * 1000;
    const now = new Date();
    await db.authAttempt.createMany({
      data: [40, 31, 29, 1].map((age) => ({
        userId,
        status: "expired",
        startedAt: new Date(now.getTime() - age * day),
      })),
    });
    expect(await sweepOldAuthAttempts(db, 30, now)).toBeGreaterThanOrEqual(2);
    const left = await db.authAttempt.findMany({ where: { userId }, select: { startedAt: true } });
    expect(left.map((a) => Math.round((now.getTime() - a.startedAt.getTime()) / day)).sort((x, y) => x - y)).toEqual([
      1, 29,
    ]);
  });
});
