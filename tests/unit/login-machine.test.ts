import { describe, expect, it, vi } from "vitest";

import { TelegramError } from "@/lib/telegram/errors";
import {
  LoginAttempt,
  type LoginDriver,
  type LoginHooks,
  type TelegramIdentity,
  type TokenResult,
} from "@/lib/telegram/login/machine";
import type { LoginState } from "@/lib/telegram/login/types";
import { FakeClock, settle } from "../support/fake-clock";

const alice: TelegramIdentity = {
  id: "1001",
  firstName: "Alice",
  lastName: null,
  username: "alice",
  phone: "99966610001",
  dcId: 2,
};

/** A scripted Telegram: each export either issues a token, or reports what the phone did. */
class FakeDriver implements LoginDriver {
  scanned: "no" | "success" | "password" | "migrate" = "no";
  tokensIssued = 0;
  destroyed = 0;
  password = "correct horse";
  hint: string | null = "horse";
  checkError: TelegramError | null = null;
  connectError: Error | null = null;
  importResults: Array<TokenResult | TelegramError> = [];
  exceptIdsSeen: Array<readonly string[]> = [];
  imports: number[] = [];
  checks = 0;
  private listener: (() => void) | null = null;

  constructor(
    private readonly clock: FakeClock,
    private readonly ttlMs = 30_000,
  ) {}

  async connect() {
    if (this.connectError) throw this.connectError;
  }

  // The phone-code path is not used by the QR tests here.
  async sendCode(): Promise<never> {
    throw new TelegramError("NOT_SCRIPTED");
  }

  async signIn(): Promise<never> {
    throw new TelegramError("NOT_SCRIPTED");
  }

  async exportLoginToken(exceptIds: readonly string[]): Promise<TokenResult> {
    this.exceptIdsSeen.push(exceptIds);
    switch (this.scanned) {
      case "success":
        return { kind: "success", user: alice };
      case "password":
        throw new TelegramError("SESSION_PASSWORD_NEEDED");
      case "migrate":
        return { kind: "migrate", dcId: 4, token: Buffer.from("migrated") };
      default:
        this.tokensIssued += 1;
        return {
          kind: "token",
          token: Buffer.from(`token-${this.tokensIssued}`),
          expiresAt: this.clock.now() + this.ttlMs,
        };
    }
  }

  async importLoginToken(dcId: number): Promise<TokenResult> {
    this.imports.push(dcId);
    const next = this.importResults.shift() ?? { kind: "success", user: alice };
    if (next instanceof TelegramError) {
      this.scanned = "no";
      throw next;
    }
    return next;
  }

  async getPasswordHint() {
    return this.hint;
  }

  async checkPassword(password: string): Promise<TelegramIdentity> {
    this.checks += 1;
    if (this.checkError) throw this.checkError;
    if (password !== this.password) throw new TelegramError("PASSWORD_HASH_INVALID");
    return alice;
  }

  onLoginTokenUpdate(listener: () => void) {
    this.listener = listener;
  }

  /** What Telegram does when the phone accepts the token. */
  scan(outcome: "success" | "password" | "migrate") {
    this.scanned = outcome;
    this.listener?.();
  }

  async destroy() {
    this.destroyed += 1;
  }
}

function setup(options: { adopt?: boolean; ttlMs?: number } = {}) {
  const clock = new FakeClock();
  const driver = new FakeDriver(clock, options.ttlMs);
  const transitions: LoginState[] = [];
  const onSuccess = vi.fn(async (user: TelegramIdentity) => ({
    account: { id: "acc-1", name: user.firstName, username: user.username },
    adopted: options.adopt ?? false,
  }));
  const hooks: LoginHooks = {
    onSuccess,
    onTransition: (next) => transitions.push(next),
  };
  const attempt = new LoginAttempt("att-1", "user-1", driver, hooks, clock, {
    exceptIds: ["777"],
  });
  return { clock, driver, onSuccess, attempt, transitions };
}

describe("LoginAttempt", () => {
  it("shows a QR code for the exported token", async () => {
    const { attempt, driver } = setup();
    const state = await attempt.start();
    expect(state.status).toBe("qr");
    if (state.status !== "qr") return;
    expect(state.qr.url).toBe(`tg://login?token=${Buffer.from("token-1").toString("base64url")}`);
    expect(state.qr.renewals).toBe(0);
    expect(driver.exceptIdsSeen[0]).toEqual(["777"]);
  });

  it("renews the token before it expires, so the code on screen is never stale", async () => {
    const { attempt, clock, driver } = setup();
    await attempt.start();
    for (let second = 0; second < 120; second++) {
      await clock.advance(1000);
      const state = attempt.current;
      expect(state.status).toBe("qr");
      if (state.status === "qr") expect(state.qr.expiresAt).toBeGreaterThan(clock.now());
    }
    // 30 s tokens renewed 5 s early: a new one every 25 s.
    expect(driver.tokensIssued).toBe(5);
    const state = attempt.current;
    expect(state.status === "qr" && state.qr.renewals).toBe(4);
  });

  it("renews short-lived tokens early enough too", async () => {
    const { attempt, clock, driver } = setup({ ttlMs: 4_000 });
    await attempt.start();
    await clock.advance(3_100);
    expect(driver.tokensIssued).toBe(2);
  });

  it("succeeds straight after the scan when there is no 2FA", async () => {
    const { attempt, driver, onSuccess } = setup();
    await attempt.start();
    driver.scan("success");
    await settle();
    const state = attempt.current;
    expect(state).toMatchObject({ status: "success", account: { name: "Alice", username: "alice" } });
    expect(onSuccess).toHaveBeenCalledWith(alice, driver);
    expect(driver.destroyed).toBe(1);
  });

  it("still learns of a scan whose updateLoginToken was lost, at the next renewal", async () => {
    const { attempt, driver, clock } = setup();
    await attempt.start();
    driver.scanned = "success"; // accepted on the phone, but no push reached us
    await clock.advance(10_000);
    expect(attempt.current.status).toBe("qr");
    await clock.advance(15_000);
    expect(attempt.current.status).toBe("success");
  });

  it("leaves the client alive when the pool adopts it", async () => {
    const { attempt, driver } = setup({ adopt: true });
    await attempt.start();
    driver.scan("success");
    await settle();
    expect(attempt.current.status).toBe("success");
    expect(driver.destroyed).toBe(0);
  });

  it("finishes on the account's own DC after loginTokenMigrateTo", async () => {
    const { attempt, driver } = setup();
    await attempt.start();
    driver.scan("migrate");
    await settle();
    expect(driver.imports).toEqual([4]);
    expect(attempt.current.status).toBe("success");
  });

  it("starts over with a fresh token when the migrated token expired", async () => {
    const { attempt, driver } = setup();
    await attempt.start();
    driver.importResults.push(new TelegramError("AUTH_TOKEN_EXPIRED"));
    driver.scan("migrate");
    await settle();
    const state = attempt.current;
    expect(state.status).toBe("qr");
    expect(driver.tokensIssued).toBe(2);
  });

  it("asks for the cloud password with its hint, rejects a wrong one, accepts the right one", async () => {
    const { attempt, driver } = setup();
    await attempt.start();
    driver.scan("password");
    await settle();
    // After a QR scan Telegram names no account before the password: the state claims none.
    expect(attempt.current).toMatchObject({ status: "password", hint: "horse", error: null, phone: null });

    let state = await attempt.submitPassword("wrong");
    expect(state).toMatchObject({ status: "password", error: "wrong_password", checking: false });

    state = await attempt.submitPassword("correct horse");
    expect(state.status).toBe("success");
    expect(driver.destroyed).toBe(1);
  });

  it("stops renewing QR codes once the password is asked for", async () => {
    const { attempt, driver, clock } = setup();
    await attempt.start();
    driver.scan("password");
    await settle();
    const issued = driver.tokensIssued;
    await clock.advance(120_000);
    expect(driver.tokensIssued).toBe(issued);
    expect(attempt.current.status).toBe("password");
  });

  it("holds further tries during a flood wait without asking Telegram", async () => {
    const { attempt, driver, clock } = setup();
    await attempt.start();
    driver.scan("password");
    await settle();
    driver.checkError = new TelegramError("FLOOD_WAIT", 30);
    let state = await attempt.submitPassword("wrong");
    expect(state).toMatchObject({ status: "password", error: "flood_wait", retryAt: clock.now() + 30_000 });

    driver.checkError = null;
    state = await attempt.submitPassword("correct horse");
    expect(state).toMatchObject({ status: "password", error: "flood_wait" });
    expect(driver.checks).toBe(1);

    await clock.advance(30_000);
    state = await attempt.submitPassword("correct horse");
    expect(state.status).toBe("success");
  });

  it("says when the password changed meanwhile and shows the new hint", async () => {
    const { attempt, driver } = setup();
    await attempt.start();
    driver.scan("password");
    await settle();
    driver.checkError = new TelegramError("SRP_ID_INVALID");
    driver.hint = "new hint";
    const state = await attempt.submitPassword("correct horse");
    expect(state).toMatchObject({ status: "password", error: "password_changed", hint: "new hint" });
  });

  it("expires an attempt nobody scans and stops touching Telegram", async () => {
    const { attempt, driver, clock } = setup();
    await attempt.start();
    await clock.advance(5 * 60_000);
    expect(attempt.current.status).toBe("expired");
    expect(driver.destroyed).toBe(1);
    const issued = driver.tokensIssued;
    await clock.advance(60_000);
    expect(driver.tokensIssued).toBe(issued);
    expect(clock.pendingTimers).toBe(0);
  });

  it("cancels at any stage and destroys the client once", async () => {
    const { attempt, driver, clock } = setup();
    await attempt.start();
    await attempt.cancel();
    await attempt.cancel();
    expect(attempt.current.status).toBe("cancelled");
    expect(driver.destroyed).toBe(1);
    expect(clock.pendingTimers).toBe(0);
  });

  it("fails with a network code when Telegram cannot be reached", async () => {
    const { attempt, driver } = setup();
    driver.connectError = new Error("connect ECONNREFUSED 127.0.0.1:12001");
    const state = await attempt.start();
    expect(state).toMatchObject({ status: "failed", code: "network" });
    expect(driver.destroyed).toBe(1);
  });

  it("reports a flood wait on export with the time to wait", async () => {
    const { attempt, driver, clock } = setup();
    vi.spyOn(driver, "exportLoginToken").mockRejectedValue(new TelegramError("FLOOD_WAIT", 42));
    const state = await attempt.start();
    expect(state).toMatchObject({ status: "failed", code: "flood_wait", retryAt: clock.now() + 42_000 });
    expect(attempt.lastErrorCode).toBe("FLOOD_WAIT");
  });

  it("wakes a long poll on the next change and times out quietly otherwise", async () => {
    const { attempt, driver, clock } = setup();
    const first = await attempt.start();
    const idle = attempt.waitForChange(first.version, 10_000);
    await clock.advance(10_000);
    expect((await idle).version).toBe(first.version);

    const waiting = attempt.waitForChange(first.version, 10_000);
    driver.scan("success");
    await settle();
    expect((await waiting).status).toBe("success");
  });

  it("lets an aborted long poll go at once", async () => {
    const { attempt } = setup();
    const first = await attempt.start();
    const controller = new AbortController();
    const waiting = attempt.waitForChange(first.version, 60_000, controller.signal);
    expect(attempt.waiterCount).toBe(1);
    controller.abort();
    expect((await waiting).version).toBe(first.version);
    expect(attempt.waiterCount).toBe(0);
  });

  it("numbers every transition in order", async () => {
    const { attempt, driver, transitions } = setup();
    await attempt.start();
    driver.scan("password");
    await settle();
    await attempt.submitPassword("correct horse");
    expect(transitions.map((t) => t.status)).toEqual(["qr", "password", "password", "success"]);
    // Each transition one above the one before: a long poll waiting on version n must
    // wake for the next state, so no two states may share a number or go back.
    const versions = transitions.map((t) => t.version);
    expect(versions[0]).toBeGreaterThan(1);
    expect(versions).toEqual(versions.map((_, i) => versions[0]! + i));
  });
});
