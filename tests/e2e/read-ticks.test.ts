// Read ticks (✓✓) survive a restart of the Telegram data centre and a reload of the page:
// the read mark is Telegram's (read_outbox_max_id), not something only the open tab knew.
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

let nextRandomId = 8_300_000_000_000n;
const sendAs = (from: string, to: string, text: string) => {
  nextRandomId += 1n;
  return sandbox.control.sendMessage(from, to, text, String(nextRandomId));
};
const userId = (username: string) => String(sandbox.running.sandbox.world.userByKey(username)!.id);

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

async function openChat(page: Page, peer: string): Promise<void> {
  await page.goto(`/telegram/chats/${peer}`);
  await page.getByTestId("composer").waitFor();
  await page.waitForFunction(() => document.documentElement.dataset.live === "connected", undefined, {
    timeout: 15_000,
  });
}

const bubble = (page: Page, text: string) => page.getByTestId("message").filter({ hasText: text }).last();

test("✓✓ is still shown after the data centre restarts and the page reloads, also when the peer replied since", async () => {
  const erin = userId("erin");
  const page = alice.page;
  await openChat(page, erin);
  await sendAs("alice", "erin", "Erin, read this please");
  await bubble(page, "Erin, read this please").getByTestId("tick-sent").waitFor({ timeout: 10_000 });
  await sandbox.control.readHistory("erin", "alice");
  await bubble(page, "Erin, read this please").getByTestId("tick-read").waitFor({ timeout: 10_000 });

  await sandbox.restart();
  await openChat(page, erin);
  await bubble(page, "Erin, read this please").getByTestId("tick-read").waitFor({ timeout: 15_000 });

  // The last message is now Erin's: the ticks of Alice's earlier message are still Telegram's.
  await sendAs("erin", "alice", "Read it, thanks");
  // In the history, not the list's preview beside it.
  const reply = page.getByTestId("chat-scroller").getByText("Read it, thanks");
  await reply.waitFor({ timeout: 10_000 });
  await sandbox.restart();
  await openChat(page, erin);
  await reply.waitFor();
  expect(await bubble(page, "Erin, read this please").getByTestId("tick-read").count()).toBe(1);
  expect(await bubble(page, "Erin, read this please").getByTestId("tick-sent").count()).toBe(0);
});
