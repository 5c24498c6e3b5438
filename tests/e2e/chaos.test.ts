// Chaos, end to end: real Chromium, `next start`, the sandbox data centre over TCP. The
// DC goes away and comes back, drops connections, or turns slow while a dashboard tab is
// open; then the app is started with another TELEGRAM_SESSION_KEY. Every wait is bounded.
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { envelopeKeyId, keyIdOf, parseSessionKey } from "@/lib/crypto/session-envelope";
import Database from "better-sqlite3";
import type { TestSandbox } from "../integration/support/sandbox";
import { createTestUser, newPage, signIn, type LaunchedBrowser, type StartedApp } from "../support/e2e";
import { linkTelegramAccount, startTelegramE2E, type TelegramE2E } from "../support/telegram-e2e";
import { errorBodyOf } from "../support/json";

let e2e: TelegramE2E;
let sandbox: TestSandbox;
let app: StartedApp;
let browser: LaunchedBrowser;
let alice: { page: Page; context: BrowserContext };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const userId = (username: string) => String(sandbox.running.sandbox.world.userByKey(username)!.id);
let nextRandomId = 8_100_000_000_000n;
const sendAs = (from: string, to: string, text: string) => {
  nextRandomId += 1n;
  return sandbox.control.sendMessage(from, to, text, String(nextRandomId));
};

/** Links a sandbox user to a new site user through the real QR login API and a phone-side scan. */
async function siteUserWithTelegram(username: string): Promise<{ page: Page; context: BrowserContext }> {
  const user = await createTestUser(app);
  const opened = await newPage(browser, app);
  await signIn(opened.page, user.email, user.password);
  const { context } = opened;
  await linkTelegramAccount(context, app, sandbox, username);
  return opened;
}

beforeAll(async () => {
  e2e = await startTelegramE2E();
  ({ sandbox, app, browser } = e2e);
  try {
    alice = await siteUserWithTelegram("alice");
  } catch (error) {
    console.log(app.logs());
    throw error;
  }
});

afterAll(async () => {
  await e2e?.stop();
});

async function openChat(peer: string): Promise<Page> {
  const page = await alice.context.newPage();
  await page.goto(`/telegram/chats/${peer}`);
  await page.getByTestId("composer").waitFor();
  await page.waitForFunction(() => document.documentElement.dataset.live === "connected", undefined, {
    timeout: 15_000,
  });
  return page;
}

const historyStatus = async (peer: string) =>
  (await alice.context.request.get(`/api/telegram/chats/${peer}/messages`, { timeout: 20_000 })).status();

describe("chaos: Telegram goes away while a tab is open", () => {
  test("DC stopped and restarted: banner and fast 503s while down; history and live messages within 5 s of its return", async () => {
    const bob = userId("bob");
    const page = await openChat(bob);
    await sandbox.down();
    try {
      await whileDown(page, bob);
    } finally {
      // Whatever failed above, the next tests need the DC back.
      if (
        !(await sandbox.control.info().then(
          () => true,
          () => false,
        ))
      )
        await sandbox.up();
    }
    const upAt = Date.now();
    await expect.poll(() => historyStatus(bob), { timeout: 5_000, interval: 200 }).toBe(200);
    expect(Date.now() - upAt).toBeLessThan(5_000);
    // The page recovers without a reload: the banner goes, live messages arrive again.
    await page.getByTestId("connection-banner").waitFor({ state: "detached", timeout: 10_000 });
    const sent = Date.now();
    await sendAs("bob", "alice", "Back after the outage");
    await page.getByTestId("chat-scroller").getByText("Back after the outage").waitFor({ timeout: 5_000 });
    expect(Date.now() - sent).toBeLessThan(5_000);
    await page.close();
  });

  async function whileDown(page: Page, bob: string): Promise<void> {
    await page.getByTestId("connection-banner").waitFor({ timeout: 10_000 });
    expect(await page.getByTestId("connection-banner").textContent()).toMatch(/Reconnecting/);
    const asked = Date.now();
    const answer = await alice.context.request.get(`/api/telegram/chats/${bob}/messages`, { timeout: 20_000 });
    expect(answer.status()).toBe(503);
    expect((await errorBodyOf(answer)).error.code).toBe("telegram_reconnecting");
    expect(Date.now() - asked).toBeLessThan(4_000);
    await sleep(3_000);
    await sandbox.up();
  }

  test("connections dropped by the DC: live messages and history resume within 5 s", async () => {
    const carol = userId("carol");
    const page = await openChat(carol);
    const { dropped } = await sandbox.control.dropConnections({ user: "alice" });
    expect(dropped).toBeGreaterThan(0);
    const droppedAt = Date.now();
    await expect.poll(() => historyStatus(carol), { timeout: 5_000, interval: 200 }).toBe(200);
    await sendAs("carol", "alice", "Still here after the drop");
    await page.getByTestId("chat-scroller").getByText("Still here after the drop").waitFor({ timeout: 5_000 });
    expect(Date.now() - droppedAt).toBeLessThan(10_000);
    await page.close();
  });

  test("a slow DC (20 s delay) is slow, not down: other pages load, no reconnect", async () => {
    const fault = await sandbox.control.setFault({ method: "messages.getHistory", delayMs: 20_000, user: "alice" });
    const page = await alice.context.newPage();
    try {
      // A history read now waits on Telegram; meanwhile the account is not "down".
      const slow = alice.context.request
        .get(`/api/telegram/chats/${userId("dave")}/messages`, { timeout: 30_000 })
        .catch(() => null);
      await sleep(500);
      const started = Date.now();
      await page.goto("/telegram/dashboard");
      await page.getByTestId("chat-list").waitFor({ timeout: 8_000 });
      expect(Date.now() - started).toBeLessThan(8_000);
      expect((await alice.context.request.get("/api/telegram/chats", { timeout: 10_000 })).status()).toBe(200);
      await page.waitForFunction(() => document.documentElement.dataset.live === "connected", undefined, {
        timeout: 10_000,
      });
      expect(await page.evaluate(() => document.documentElement.dataset.telegram)).toBe("online");
      expect(await page.getByTestId("connection-banner").count()).toBe(0);
      void slow;
    } finally {
      await sandbox.control.clearFaults(fault.id);
      await page.close();
    }
  });
});

describe("another TELEGRAM_SESSION_KEY", () => {
  const accountRow = () => {
    const database = new Database(app.databaseUrl.replace(/^file:/, ""), { readonly: true, fileMustExist: true });
    try {
      return database.prepare("SELECT status, sessionCiphertext FROM TelegramAccount").get() as {
        status: string;
        sessionCiphertext: string;
      };
    } finally {
      database.close();
    }
  };

  test("a wrong key: one clear error at start, 'link again' (not 500); the old key as previous restores and re-seals", async () => {
    const original = app.env.TELEGRAM_SESSION_KEY!;
    const wrong = Buffer.alloc(32, 5).toString("base64");
    app.env.TELEGRAM_SESSION_KEY = wrong;
    await app.restart();
    await expect
      .poll(() => app.logs(), { timeout: 15_000 })
      .toMatch(/TELEGRAM_SESSION_KEY cannot read 1 stored Telegram session/);
    expect(accountRow().status).toBe("unreadable");

    const chats = await alice.context.request.get("/api/telegram/chats");
    expect(chats.status()).toBe(409);
    expect((await errorBodyOf(chats)).error.code).toBe("telegram_session_unreadable");
    const page = await alice.context.newPage();
    await page.goto("/telegram/dashboard");
    await page.getByTestId("problem-session_unreadable").waitFor({ timeout: 15_000 });
    expect(await page.getByTestId("relink").getAttribute("href")).toBe("/telegram");
    // The login page offers to link again instead of sending back to the dashboard.
    await page.goto("/telegram");
    expect(new URL(page.url()).pathname).toBe("/telegram");

    const rotated = Buffer.alloc(32, 6).toString("base64");
    app.env.TELEGRAM_SESSION_KEY = rotated;
    app.env.TELEGRAM_SESSION_KEY_PREVIOUS = original;
    await app.restart();
    await expect.poll(() => accountRow().status, { timeout: 15_000 }).toBe("active");
    expect(envelopeKeyId(accountRow().sessionCiphertext)).toBe(keyIdOf(parseSessionKey(rotated)));
    await page.goto("/telegram/dashboard");
    await page.getByTestId("chat-list").waitFor({ timeout: 20_000 });
    await page.close();
  }, 180_000);
});
