// Search and New message in Chromium against `next start` and the sandbox over TCP: in the
// 10,000-message chat (one messages.search per query, jump to a result, newer/older from
// there), across chats (grouped, paged, one searchGlobal per page), and a new chat by
// @username and by phone, with Telegram's refusals worded.
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";

import type { TestSandbox } from "../integration/support/sandbox";
import { createTestUser, newPage, signInByRequest, type LaunchedBrowser, type StartedApp } from "../support/e2e";
import { linkTelegramAccount, startTelegramE2E, type TelegramE2E } from "../support/telegram-e2e";

let e2e: TelegramE2E;
let sandbox: TestSandbox;
let app: StartedApp;
let browser: LaunchedBrowser;
let bench: { page: Page; context: BrowserContext };
let alice: { page: Page; context: BrowserContext };

const userId = (username: string) => String(sandbox.running.sandbox.world.userByKey(username)!.id);

async function signedInWith(username: string) {
  const user = await createTestUser(app);
  const session = await newPage(browser, app);
  await signInByRequest(session.page, user.email, user.password);
  await linkTelegramAccount(session.context, app, sandbox, username);
  return session;
}

/** Telegram calls of `username`'s linked session(s), by method. */
async function calls(username: string): Promise<Record<string, number>> {
  return (await sandbox.control.counters({ user: username })).byMethod;
}

beforeAll(async () => {
  e2e = await startTelegramE2E();
  ({ sandbox, app, browser } = e2e);
  try {
    await sandbox.control.seedBench();
    bench = await signedInWith("bench");
    alice = await signedInWith("alice");
  } catch (error) {
    console.log(app.logs());
    throw error;
  }
}, 120_000);

afterAll(async () => {
  await e2e?.stop();
});

test("searches the 10,000-message chat with one request per query and jumps to a result", async () => {
  const page = bench.page;
  await page.goto(`/telegram/chats/${userId("bench_peer_1")}`);
  await page.getByTestId("composer").waitFor();
  await page.getByTestId("chat-search-toggle").click();
  await sandbox.control.resetCounters({ user: "bench" });
  await page.getByTestId("chat-search-input").fill("message 7777");
  await page.getByTestId("chat-search-result").first().waitFor({ timeout: 15_000 });
  expect(await page.getByTestId("chat-search-result").count()).toBe(1);
  expect(await page.getByTestId("search-match").allTextContents()).toEqual(["message", "7777"]);
  expect((await calls("bench"))["messages.search"]).toBe(1);

  // A query nothing matches is said so.
  await page.getByTestId("chat-search-input").fill("zebra");
  await page.getByTestId("chat-search-empty").waitFor({ timeout: 15_000 });
  expect(await page.getByTestId("chat-search-empty").textContent()).toContain("zebra");
  expect((await calls("bench"))["messages.search"]).toBe(2);

  await page.getByTestId("chat-search-input").fill("message 7777");
  await page.getByTestId("chat-search-result").first().click();
  const found = page.getByTestId("found-message");
  await found.waitFor({ timeout: 15_000 });
  expect(await found.textContent()).toContain("Long chat message 7777");
  await expect.poll(() => found.isVisible()).toBe(true);
  const inView = await found.evaluate((node) => {
    const box = node.getBoundingClientRect();
    const pane = node.closest("[data-testid=around-scroller]")!.getBoundingClientRect();
    return box.top >= pane.top && box.bottom <= pane.bottom;
  });
  expect(inView).toBe(true);
  // Newer and older from there.
  const before = await page.getByTestId("message").count();
  await page.getByTestId("around-newer").click();
  await expect.poll(() => page.getByTestId("message").count(), { timeout: 15_000 }).toBeGreaterThan(before);
  await page.getByText("Long chat message 7820", { exact: true }).waitFor();
  const afterNewer = await page.getByTestId("message").count();
  await page.getByTestId("around-older").click();
  await expect.poll(() => page.getByTestId("message").count(), { timeout: 15_000 }).toBeGreaterThan(afterNewer);
  await page.getByText("Long chat message 7730", { exact: true }).waitFor();
  // Back to the latest messages.
  await page.getByTestId("around-back").click();
  await page.getByText("Long chat message 10000", { exact: true }).waitFor({ timeout: 15_000 });
  expect(await page.getByTestId("around-view").count()).toBe(0);
});

test("searches every chat, grouped by chat and paged, one searchGlobal per page, and opens a hit", async () => {
  const page = alice.page;
  await page.goto("/telegram/search");
  await sandbox.control.resetCounters({ user: "alice" });
  await page.getByTestId("global-search-input").fill("message");
  await page.getByTestId("global-search-result").first().waitFor({ timeout: 15_000 });
  const groups = page.getByTestId("global-search-group");
  // Frank's two messages are the newest, then Bob's chat.
  expect(await groups.evaluateAll((nodes) => nodes.map((n) => n.getAttribute("data-peer")))).toEqual([
    userId("frank"),
    userId("bob"),
  ]);
  expect(await page.getByTestId("global-search-result").count()).toBe(20);
  expect((await calls("alice"))["messages.searchGlobal"]).toBe(1);
  await page.getByTestId("global-search-more").click();
  await expect.poll(() => page.getByTestId("global-search-result").count(), { timeout: 15_000 }).toBe(40);
  expect(await groups.count()).toBe(2); // Bob's hits on page two stay under his heading
  expect((await calls("alice"))["messages.searchGlobal"]).toBe(2);

  const hit = page.getByTestId("global-search-result").nth(5);
  const id = await hit.getAttribute("data-message-id");
  await hit.click();
  const found = page.getByTestId("found-message");
  await found.waitFor({ timeout: 15_000 });
  expect(await found.getAttribute("data-message-id")).toBe(id);
  expect(page.url()).toContain(`/telegram/chats/${userId("bob")}?around=${id}`);
});

test("starts a chat by @username and by phone; worded when nobody is there", async () => {
  const page = alice.page;
  const kim = await sandbox.control.addUser({ firstName: "Kim", lastName: "Newcomer", username: "kim_newcomer" });
  const lee = await sandbox.control.addUser({ firstName: "Lee", lastName: "Byphone", phone: "9996627811" });

  await page.goto("/telegram/search");
  await page.getByTestId("new-chat-input").fill("@nobody_at_all");
  await page.getByTestId("new-chat-submit").click();
  await page.getByTestId("new-chat-error").waitFor({ timeout: 15_000 });
  expect(await page.getByTestId("new-chat-error").textContent()).toBe("Nobody on Telegram has this username.");

  await page.getByTestId("new-chat-input").fill("@kim_newcomer");
  await page.getByTestId("new-chat-submit").click();
  await page.waitForURL(`**/telegram/chats/${kim.id}`, { timeout: 15_000 });
  expect(await page.getByTestId("chat-header-title").textContent()).toBe("Kim Newcomer");

  await page.goto("/telegram/search");
  await page.getByTestId("new-chat-by-phone").check({ force: true });
  await page.getByTestId("new-chat-input").fill("+999 662 7999");
  await page.getByTestId("new-chat-submit").click();
  await page.getByTestId("new-chat-error").waitFor({ timeout: 15_000 });
  expect(await page.getByTestId("new-chat-error").textContent()).toContain("Nobody can be found on Telegram");

  await page.getByTestId("new-chat-input").fill("+999 662 7811");
  await page.getByTestId("new-chat-submit").click();
  await page.waitForURL(`**/telegram/chats/${lee.id}`, { timeout: 15_000 });
  expect(await page.getByTestId("chat-header-title").textContent()).toBe("Lee Byphone");
  // Not kept as a contact: the box was left unticked, so the import was undone.
  const aliceUser = sandbox.running.sandbox.world.userByKey("alice")!;
  expect(aliceUser.contacts).not.toContain(lee.id);
  expect((await calls("alice"))["contacts.deleteContacts"]).toBe(1);

  // Resolving many names quickly is what gets accounts restricted: the account's resolve
  // bucket refuses the burst's tail itself (rate_limited), and Telegram never sees it.
  const before = (await calls("alice"))["contacts.resolveUsername"] ?? 0;
  const statuses: number[] = [];
  const codes: string[] = [];
  for (let i = 0; i < 6; i++) {
    const answer = await alice.context.request.post("/api/telegram/people/find", {
      headers: { origin: app.url },
      data: { username: "kim_newcomer" },
    });
    statuses.push(answer.status());
    if (answer.status() === 429) codes.push(((await answer.json()) as { error: { code: string } }).error.code);
  }
  expect(statuses).toContain(429);
  expect(codes.every((code) => code === "rate_limited")).toBe(true);
  const sent = ((await calls("alice"))["contacts.resolveUsername"] ?? 0) - before;
  expect(sent).toBe(statuses.filter((status) => status === 200).length);

  // The settings page shows the bucket's refusals.
  await page.goto("/telegram/settings");
  const resolve = page.locator("[data-testid=rate-bucket][data-bucket=resolve]");
  await resolve.waitFor();
  expect(Number(await resolve.getAttribute("data-refused"))).toBeGreaterThanOrEqual(1);
});
