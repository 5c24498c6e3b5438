// Nothing missed while away: the app is killed, 300 messages reach the account (250 in a
// private chat, 50 in a channel), the app starts again and every one of them reaches the
// browser's live stream once and in order, and the chat list and open chat show them.
import Database from "better-sqlite3";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";

import type { TestSandbox } from "../integration/support/sandbox";
import { createTestUser, newPage, signInByRequest, type LaunchedBrowser, type StartedApp } from "../support/e2e";
import { linkTelegramAccount, startTelegramE2E, type TelegramE2E } from "../support/telegram-e2e";

let e2e: TelegramE2E;
let sandbox: TestSandbox;
let app: StartedApp;
let browser: LaunchedBrowser;
let alice: { page: Page; context: BrowserContext };

beforeAll(async () => {
  e2e = await startTelegramE2E();
  ({ sandbox, app, browser } = e2e);
  try {
    const user = await createTestUser(app);
    alice = await newPage(browser, app);
    await signInByRequest(alice.page, user.email, user.password);
    await linkTelegramAccount(alice.context, app, sandbox, "alice");
  } catch (error) {
    console.log(app.logs());
    throw error;
  }
});

afterAll(async () => {
  await e2e?.stop();
});

/** The account's stored update state, read straight from the app's SQLite file. */
function storedState(): { pts: number; channels: Record<string, number> } | null {
  const db = new Database(app.databaseUrl.replace(/^file:/, ""), { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare('SELECT pts, channels FROM "TelegramUpdateState"').get() as
      { pts: number; channels: string } | undefined;
    return row ? { pts: row.pts, channels: JSON.parse(row.channels) as Record<string, number> } : null;
  } finally {
    db.close();
  }
}

async function poll<T>(what: string, fn: () => T | null | undefined | false, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test("300 messages sent while the app was down arrive once, in order, in the live stream, the list and the chat", async () => {
  const world = sandbox.running.sandbox.world;
  const frank = String(world.userByKey("frank")!.id);
  const news = world.channelByUsername("sandbox_news")!;
  const newsPeer = `-100${news.id}`;
  const page = alice.page;

  // The chat list gives the app the channel's position; it is stored shortly after.
  await page.goto("/telegram/dashboard");
  await page.getByTestId("chat-list").waitFor();
  await poll("the stored channel pts", () => storedState()?.channels[String(news.id)] === news.pts, 15_000);
  const before = storedState()!;
  expect(before.pts).toBe(world.box(Number(world.userByKey("alice")!.id)).pts);

  await page.goto("about:blank");
  const step = (what: string) => console.log(`[gap-recovery] ${new Date().toISOString()} ${what}`);
  step("state stored; killing the app");
  await app.kill();
  for (let i = 1; i <= 250; i++) await sandbox.control.sendMessage("frank", "alice", `missed ${i}`);
  for (let i = 1; i <= 50; i++) await sandbox.control.postToChannel("alice", "sandbox_news", `missed post ${i}`);
  step("300 sent; restarting");
  await app.restart();
  step("restarted");

  // A page that is no Telegram screen, so the live stream opened here is the first thing
  // that connects the account after the restart: it sees the recovery from the start.
  await page.goto("/robots.txt");
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seen: string[] }).seen = seen;
    const source = new EventSource("/api/telegram/events");
    source.onmessage = (event) => {
      const data = JSON.parse(event.data as string) as { type: string; peerId?: string; message?: { text: string } };
      if (data.type === "message" && data.message) seen.push(`${data.peerId}|${data.message.text}`);
    };
  });
  const deadline = Date.now() + 30_000;
  let got: string[] = [];
  while (Date.now() < deadline) {
    got = await page.evaluate(() => (window as unknown as { seen: string[] }).seen.slice());
    if (got.length >= 300) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  step(`${got.length} in the live stream`);
  expect(got.filter((t) => t.startsWith(`${frank}|`))).toEqual(
    Array.from({ length: 250 }, (_, i) => `${frank}|missed ${i + 1}`),
  );
  expect(got.filter((t) => t.startsWith(`${newsPeer}|`))).toEqual(
    Array.from({ length: 50 }, (_, i) => `${newsPeer}|missed post ${i + 1}`),
  );
  expect(got).toHaveLength(300);

  // The list shows both chats with their newest message; the open chat shows the newest
  // messages once each, in order.
  await page.goto("/telegram/dashboard");
  const list = page.getByTestId("chat-list");
  await list.getByText("missed 250").waitFor({ timeout: 15_000 });
  await list.getByText("missed post 50").waitFor({ timeout: 15_000 });
  await page.goto(`/telegram/chats/${frank}`);
  await page.getByTestId("composer").waitFor();
  await page.getByTestId("message").filter({ hasText: "missed 250" }).last().waitFor({ timeout: 15_000 });
  const shown = (await page.getByTestId("message").allInnerTexts())
    .map((t) => /missed (\d+)/.exec(t)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number);
  expect(shown.length).toBeGreaterThanOrEqual(50);
  expect(new Set(shown).size).toBe(shown.length);
  expect(shown).toEqual([...shown].sort((a, b) => a - b));
  expect(shown.at(-1)).toBe(250);
}, 300_000);
