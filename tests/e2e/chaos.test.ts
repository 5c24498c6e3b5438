// Chaos, end to end: real Chromium, `next start`, the sandbox data centre over TCP. The
// DC goes away and comes back, drops connections, or turns slow while a dashboard tab is
// open; then the app is started with another TELEGRAM_SESSION_KEY. Every wait is bounded.
import { get as httpGet, type ClientRequest } from "node:http";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { envelopeKeyId, keyIdOf, parseSessionKey } from "@/lib/crypto/session-envelope";
import { LOCALE_COOKIE } from "@/lib/i18n/config";
import Database from "better-sqlite3";
import type { TestSandbox } from "../integration/support/sandbox";
import { createTestUser, newPage, signInByRequest, type LaunchedBrowser, type StartedApp } from "../support/e2e";
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
  await signInByRequest(opened.page, user.email, user.password);
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

describe("chaos: a slow Telegram and a chat page", () => {
  test("a slow DC: the chat's header and skeleton show at once, its history when Telegram answers; unknown and foreign chats stay 404", async () => {
    const dave = userId("dave");
    // Heidi is not in Alice's group: for Heidi's site user it is somebody else's chat.
    const heidi = await siteUserWithTelegram("heidi");
    await sendAs("dave", "alice", "Written before the slow spell");
    // Below the app's 15 s request deadline, so the read is slow, not failed; every
    // account's history reads wait, so a 404 below cannot come from a quick history.
    const delayMs = 8_000;
    const fault = await sandbox.control.setFault({ method: "messages.getHistory", delayMs });
    const page = await alice.context.newPage();
    try {
      const started = Date.now();
      // "commit": the document is still streaming while the history waits on Telegram.
      const response = await page.goto(`/telegram/chats/${dave}`, { waitUntil: "commit" });
      // The skeleton (with the real header) renders on the server; it once threw there, which
      // made the whole page a 500 and put the error card where the skeleton should be.
      expect(response?.status()).toBe(200);
      await page.getByTestId("chat-skeleton").waitFor({ timeout: 5_000 });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(await page.getByTestId("chat-header-title").textContent()).toBe("Dave Grohl");
      // The list beside the chat previews the message already; the chat pane has no history yet.
      const inChat = page.getByTestId("chat-pane").getByText("Written before the slow spell");
      expect(await inChat.count()).toBe(0);
      await inChat.waitFor({ timeout: delayMs + 10_000 });
      expect(Date.now() - started).toBeGreaterThanOrEqual(delayMs - 1_000);
      expect(await page.getByTestId("chat-skeleton").count()).toBe(0);
      await page.getByTestId("composer").waitFor();

      // The ownership check still runs before anything is streamed: real 404s, at once.
      const asked = Date.now();
      const unknown = await alice.context.request.get("/telegram/chats/987654321", { timeout: 10_000 });
      expect(unknown.status()).toBe(404);
      const foreign = await heidi.context.request.get("/telegram/chats/-2000001", { timeout: 10_000 });
      expect(foreign.status()).toBe(404);
      expect(Date.now() - asked).toBeLessThan(delayMs);
    } finally {
      await sandbox.control.clearFaults(fault.id);
      await page.close();
      // Later tests count the stored sessions: Heidi's link goes again.
      const unlinked = await heidi.context.request.delete("/api/telegram/account", { headers: { origin: app.url } });
      expect(unlinked.status()).toBe(200);
      await heidi.context.close();
    }
  });
});

describe("chaos: the app is killed mid-send", () => {
  test("kill -9 while a message is at Telegram: it lands at most once; after the restart the kept unsent message is retried and is there exactly once", async () => {
    const erin = userId("erin");
    const text = `Sent as the app died ${Date.now()}`;
    const copies = async () =>
      (await sandbox.control.messages("alice", "erin", 50)).filter((message) => message.text === text).length;
    const sendCalls = async () =>
      (await sandbox.control.counters({ user: "alice" })).byMethod["messages.sendMessage"] ?? 0;
    const page = await openChat(erin);
    const callsBefore = await sendCalls();
    // Telegram holds the send for a while, so the app dies with it in flight.
    const delayMs = 4_000;
    const fault = await sandbox.control.setFault({ method: "messages.sendMessage", delayMs, user: "alice" });
    let killedAt: number | undefined;
    try {
      const composer = page.getByTestId("composer");
      await composer.fill(text);
      await composer.press("Enter");
      await page.locator('[data-testid="pending-message"][data-status="sending"]').waitFor({ timeout: 5_000 });
      await expect.poll(sendCalls, { timeout: 5_000, interval: 100 }).toBeGreaterThan(callsBefore);
      killedAt = Date.now();
      await app.kill();
      // The browser's request died with the server: the message is kept as not sent.
      await page.locator('[data-testid="pending-message"][data-status="failed"]').waitFor({ timeout: 10_000 });
    } finally {
      await sandbox.control.clearFaults(fault.id);
    }
    await app.restart();
    // By now Telegram has finished (or dropped) the send the app never heard back about.
    await sleep(Math.max(0, (killedAt ?? Date.now()) + delayMs + 500 - Date.now()));
    expect(await copies()).toBeLessThanOrEqual(1);

    // A reload restores the unsent message with its random_id; its retry is recognised.
    await page.reload();
    const kept = page.getByTestId("pending-message");
    await kept.waitFor({ timeout: 20_000 });
    expect(await kept.getAttribute("data-status")).toBe("failed");
    expect(await kept.textContent()).toContain(text);
    await page.getByTestId("retry-send").click();
    await kept.waitFor({ state: "detached", timeout: 15_000 });
    expect(await copies()).toBe(1);
    const shown = page.getByTestId("chat-scroller").getByTestId("message").filter({ hasText: text });
    await expect.poll(() => shown.count(), { timeout: 5_000 }).toBe(1);
    await page.close();
  }, 120_000);
});

describe("limits: live-update streams per user", () => {
  test("a user's open live-update streams are capped (429 past the cap); closing one frees its slot", async () => {
    const cookie = (await alice.context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const open: ClientRequest[] = [];
    const openStream = () =>
      new Promise<number>((resolve, reject) => {
        const req = httpGet(`${app.url}/api/telegram/events`, { headers: { cookie } }, (res) => {
          if (res.statusCode === 200) open.push(req);
          else {
            res.resume();
            req.destroy();
          }
          resolve(res.statusCode ?? 0);
        });
        req.on("error", reject);
        req.setTimeout(10_000, () => req.destroy(new Error("no answer within 10 s")));
      });
    try {
      // Alice's own tabs may hold a stream or two already: open until refused, at most 20.
      let refused = 0;
      for (let i = 0; i < 20 && !refused; i++) {
        const status = await openStream();
        if (status !== 200) refused = status;
      }
      expect(refused).toBe(429);
      expect(open.length).toBeGreaterThan(0);
      expect(open.length).toBeLessThanOrEqual(8);
      open.pop()!.destroy();
      await expect.poll(openStream, { timeout: 10_000, interval: 200 }).toBe(200);
      expect(await openStream()).toBe(429);
    } finally {
      for (const req of open) req.destroy();
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

  test("a wrong key: one clear error at start, 'link again' (not 500) on the dashboard and in settings, in both languages; the old key as previous restores and re-seals", async () => {
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
    // Settings say the account needs linking again (not "session ended"), with the way to do it.
    await page.goto("/telegram/settings");
    const status = page.getByTestId("account-status");
    await status.waitFor({ timeout: 15_000 });
    expect(await status.getAttribute("data-status")).toBe("unreadable");
    expect(await status.textContent()).toBe("Needs to be linked again");
    expect(await page.getByTestId("problem-session_unreadable").textContent()).toContain("needs to be linked again");
    expect(await page.getByTestId("relink").getAttribute("href")).toBe("/telegram");
    await alice.context.addCookies([{ name: LOCALE_COOKIE, value: "ru", url: app.url }]);
    try {
      await page.goto("/telegram/settings");
      expect(await page.getByTestId("account-status").textContent()).toBe("Нужно подключить заново");
      expect(await page.getByTestId("problem-session_unreadable").textContent()).toContain(
        "Аккаунт Telegram нужно подключить заново",
      );
      expect(await page.getByTestId("relink").textContent()).toBe("Подключить заново");
    } finally {
      await alice.context.addCookies([{ name: LOCALE_COOKIE, value: "en", url: app.url }]);
    }
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
