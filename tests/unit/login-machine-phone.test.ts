// The phone-number path of the login state machine: number → code → (password) → success,
// with Telegram's refusals worded as step errors rather than ending the attempt.
import { describe, expect, it, vi } from "vitest";

import { TelegramError } from "@/lib/telegram/errors";
import {
  LoginAttempt,
  type LoginDriver,
  type LoginHooks,
  type SentCode,
  type TelegramIdentity,
} from "@/lib/telegram/login/machine";
import { FakeClock } from "../support/fake-clock";

const alice: TelegramIdentity = {
  id: "1001",
  firstName: "Alice",
  lastName: null,
  username: "alice",
  phone: "9996620001",
  dcId: 2,
};

class PhoneDriver implements LoginDriver {
  sendResults: Array<SentCode | TelegramError> = [];
  signInResults: Array<TelegramIdentity | TelegramError> = [];
  signIns: Array<[string, string, string]> = [];
  sends: string[] = [];
  password = "pw";

  async connect() {}
  async exportLoginToken(): Promise<never> {
    throw new TelegramError("NOT_SCRIPTED");
  }
  async importLoginToken(): Promise<never> {
    throw new TelegramError("NOT_SCRIPTED");
  }
  async getPasswordHint() {
    return "hint";
  }
  async checkPassword(password: string) {
    if (password !== this.password) throw new TelegramError("PASSWORD_HASH_INVALID");
    return alice;
  }
  async sendCode(phone: string): Promise<SentCode> {
    this.sends.push(phone);
    const next = this.sendResults.shift() ?? {
      phoneCodeHash: `hash-${this.sends.length}`,
      delivery: "app",
      length: 5,
      nextDelivery: "sms",
      timeoutSeconds: 30,
    };
    if (next instanceof TelegramError) throw next;
    return next;
  }
  async signIn(phone: string, hash: string, code: string) {
    this.signIns.push([phone, hash, code]);
    const next = this.signInResults.shift() ?? alice;
    if (next instanceof TelegramError) throw next;
    return next;
  }
  onLoginTokenUpdate() {}
  async destroy() {}
}

function setup() {
  const clock = new FakeClock();
  const driver = new PhoneDriver();
  const hooks: LoginHooks = {
    onSuccess: vi.fn(async (user: TelegramIdentity) => ({
      account: { id: "acc-1", name: user.firstName, username: user.username },
      adopted: false,
    })),
  };
  const attempt = new LoginAttempt("att-1", "user-1", driver, hooks, clock, { method: "phone" });
  return { clock, driver, hooks, attempt };
}

describe("LoginAttempt (phone)", () => {
  it("asks for the number, then the code, and signs in with the hash Telegram gave", async () => {
    const { attempt, driver } = setup();
    expect((await attempt.start()).status).toBe("phone");
    const code = await attempt.submitPhone("9996620001");
    expect(code).toMatchObject({
      status: "code",
      phone: "9996620001",
      delivery: "app",
      length: 5,
      nextDelivery: "sms",
      method: "phone",
    });
    // The hash never leaves the server.
    expect(JSON.stringify(code)).not.toContain("hash-1");
    const done = await attempt.submitCode("22222");
    expect(done).toMatchObject({ status: "success", method: "phone" });
    expect(driver.signIns).toEqual([["9996620001", "hash-1", "22222"]]);
  });

  it("words a wrong or expired code and keeps the attempt; a resend uses a new hash and waits its timeout", async () => {
    const { attempt, driver, clock } = setup();
    await attempt.start();
    await attempt.submitPhone("9996620001");
    driver.signInResults.push(new TelegramError("PHONE_CODE_INVALID"), new TelegramError("PHONE_CODE_EXPIRED"));
    expect(await attempt.submitCode("11111")).toMatchObject({ status: "code", error: "code_invalid", checking: false });
    const expired = await attempt.submitCode("22222");
    expect(expired).toMatchObject({ status: "code", error: "code_expired" });
    expect(expired.status === "code" && expired.resendAt).toBe(clock.now());
    const resent = await attempt.resendCode();
    expect(resent).toMatchObject({ status: "code", error: null });
    expect(resent.status === "code" && resent.resendAt).toBe(clock.now() + 30_000);
    // Too early for another resend: nothing is asked.
    await attempt.resendCode();
    expect(driver.sends).toHaveLength(2);
    expect((await attempt.submitCode("22222")).status).toBe("success");
    expect(driver.signIns.at(-1)).toEqual(["9996620001", "hash-2", "22222"]);
  });

  it("goes on to the cloud password when the account has one, naming the number being linked", async () => {
    const { attempt, driver } = setup();
    await attempt.start();
    await attempt.submitPhone("9996620002");
    driver.signInResults.push(new TelegramError("SESSION_PASSWORD_NEEDED"));
    expect(await attempt.submitCode("22222")).toMatchObject({
      status: "password",
      hint: "hint",
      method: "phone",
      phone: "9996620002",
    });
    expect((await attempt.submitPassword("pw")).status).toBe("success");
  });

  it("words an unknown number and a flood wait on the number step, and refuses to send during the wait", async () => {
    const { attempt, driver, clock } = setup();
    await attempt.start();
    driver.sendResults.push(new TelegramError("PHONE_NUMBER_INVALID"), new TelegramError("FLOOD_WAIT", 45));
    expect(await attempt.submitPhone("123")).toMatchObject({ status: "phone", error: "phone_number_invalid" });
    const waiting = await attempt.submitPhone("9996620001");
    expect(waiting).toMatchObject({ status: "phone", error: "flood_wait", retryAt: clock.now() + 45_000 });
    await attempt.submitPhone("9996620001");
    expect(driver.sends).toHaveLength(2);
    await clock.advance(45_000);
    expect((await attempt.submitPhone("9996620001")).status).toBe("code");
  });

  it("goes back to the number on request, forgetting the code's hash", async () => {
    const { attempt, driver } = setup();
    await attempt.start();
    await attempt.submitPhone("9996620009");
    expect((await attempt.changePhone()).status).toBe("phone");
    expect(await attempt.submitCode("22222")).toMatchObject({ status: "phone" });
    expect(driver.signIns).toEqual([]);
  });
});
