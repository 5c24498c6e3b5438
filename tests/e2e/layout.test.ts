// Issue 10, the dashboard's layout end to end: the chat list beside the open chat on a
// wide screen (kept across chats), one pane at a time on a phone, the unread total in the
// tab title, the peer's status in the chat header, tabs that do not jump, and no page that
// overflows at 1280 px or 390 px in either language. Real Chromium, `next start`, the
// sandbox over TCP.
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { TestSandbox } from "../integration/support/sandbox";
import { createTestUser, newPage, signInByRequest, type LaunchedBrowser, type StartedApp } from "../support/e2e";
import { linkTelegramAccount, startTelegramE2E, type TelegramE2E } from "../support/telegram-e2e";

let e2e: TelegramE2E;
let sandbox: TestSandbox;
let app: StartedApp;
let browser: LaunchedBrowser;
/** An admin whose site account has Alice's Telegram linked (admin pages are checked too). */
let admin: { email: string; password: string };

const DESKTOP = { width: 1280, height: 700 };
const PHONE = { width: 390, height: 844 };

beforeAll(async () => {
  e2e = await startTelegramE2E();
  ({ sandbox, app, browser } = e2e);
  const user = await createTestUser(app, { role: "admin" });
  admin = { email: user.email, password: user.password };
  const { page, context } = await newPage(browser, app);
  await signInByRequest(page, admin.email, admin.password);
  await linkTelegramAccount(context, app, sandbox, "alice");
  await context.close();
});

afterAll(() => e2e?.stop());

const world = () => sandbox.running.sandbox.world;
const userId = (username: string) => world().userByKey(username)!.id;

let nextRandomId = 8_000_000_000_000n;
function sendAs(from: string, to: string, text: string) {
  nextRandomId += 1n;
  return sandbox.control.sendMessage(from, to, text, String(nextRandomId));
}

async function adminPage(
  viewport: { width: number; height: number },
  locale = "en-US",
): Promise<{ page: Page; context: BrowserContext }> {
  const opened = await newPage(browser, app, { locale });
  await opened.page.setViewportSize(viewport);
  await signInByRequest(opened.page, admin.email, admin.password);
  return opened;
}

async function appCounters(username: string): Promise<Record<string, number>> {
  const sessions = (await sandbox.control.sessions({ user: username })).filter((s) => !s.internal && !s.revoked);
  const totals: Record<string, number> = {};
  for (const session of sessions) {
    const { byMethod } = await sandbox.control.counters({ keyId: session.keyId });
    for (const [method, count] of Object.entries(byMethod)) totals[method] = (totals[method] ?? 0) + count;
  }
  return totals;
}

async function resetAppCounters(username: string): Promise<void> {
  for (const session of await sandbox.control.sessions({ user: username })) {
    if (!session.internal) await sandbox.control.resetCounters({ keyId: session.keyId });
  }
}

const row = (page: Page, peer: number | string) => page.locator(`[data-testid="chat-row"][data-peer="${peer}"]`);

describe("desktop two-pane chats", () => {
  test("the list sits beside the open chat and keeps its node, scroll and search; the open chat is marked", async () => {
    const { page, context } = await adminPage(DESKTOP);
    await page.goto("/telegram/dashboard");
    await page.getByTestId("chat-list").waitFor();
    await page.getByTestId("no-chat-open").waitFor();
    const listBox = (await page.getByTestId("chat-list-pane").boundingBox())!;
    const chatBox = (await page.getByTestId("chat-pane").boundingBox())!;
    expect(listBox.x + listBox.width).toBeLessThanOrEqual(chatBox.x);
    expect(Math.abs(listBox.y - chatBox.y)).toBeLessThan(2);

    // The list scrolls in its own pane; remember the node, its scroll and a page marker.
    const scroller = page.getByTestId("chat-list-scroller");
    const room = await scroller.evaluate((el) => el.scrollHeight - el.clientHeight);
    expect(room).toBeGreaterThan(40);
    await scroller.evaluate((el) => {
      el.scrollTop = 40;
      (window as unknown as { keptList: Element }).keptList = el;
    });

    // Opening a chat (one wholly in view, so the click scrolls nothing): one getHistory
    // (no getDialogs), no reload, the same list node.
    const peer = await scroller.evaluate((el) => {
      const pane = el.getBoundingClientRect();
      const rows = [...el.querySelectorAll<HTMLElement>('[data-testid="chat-row"]')];
      const inView = rows.filter((r) => {
        const box = r.getBoundingClientRect();
        return box.top >= pane.top && box.bottom <= pane.bottom;
      });
      return inView.at(-1)!.dataset.peer!;
    });
    const title = await row(page, peer).getByTestId("chat-title").textContent();
    await resetAppCounters("alice");
    await row(page, peer).click();
    await page.waitForURL(`**/telegram/chats/${peer}`);
    await page.getByTestId("composer").waitFor();
    expect(await page.getByTestId("chat-header-title").textContent()).toBe(title);
    const counts = await appCounters("alice");
    expect(counts["messages.getDialogs"]).toBeUndefined();
    expect(counts["messages.getHistory"]).toBe(1);
    const kept = () =>
      page.evaluate(() => {
        const now = document.querySelector('[data-testid="chat-list-scroller"]');
        return { same: now === (window as unknown as { keptList?: Element }).keptList, top: now?.scrollTop ?? -1 };
      });
    expect(await kept()).toEqual({ same: true, top: 40 });
    expect(await row(page, peer).getAttribute("aria-current")).toBe("page");
    expect(await page.locator('[data-testid="chat-row"][aria-current="page"]').count()).toBe(1);
    expect(await page.getByTestId("chat-list-pane").isVisible()).toBe(true);
    // Beside the list there is nothing to go back to.
    expect(await page.getByTestId("chat-back").isVisible()).toBe(false);

    // Search text survives switching chats too.
    await page.getByTestId("chat-search").fill("sandbox");
    await expect.poll(() => page.getByTestId("chat-row").count()).toBe(2);
    await resetAppCounters("alice");
    await page.getByTestId("chat-row").filter({ hasText: "Sandbox Team" }).click();
    await page.waitForURL(/\/telegram\/chats\/-\d+$/);
    await expect.poll(() => page.getByTestId("chat-header-title").textContent()).toBe("Sandbox Team");
    expect(await page.getByTestId("chat-search").inputValue()).toBe("sandbox");
    expect(await page.getByTestId("chat-row").count()).toBe(2);
    expect((await appCounters("alice"))["messages.getDialogs"]).toBeUndefined();
    expect(await page.getByTestId("chat-row").filter({ hasText: "Sandbox Team" }).getAttribute("aria-current")).toBe(
      "page",
    );
    expect((await kept()).same).toBe(true);
    await context.close();
  });

  test("on a phone one pane at a time: the list above the fold, the chat with a back link", async () => {
    const { page, context } = await adminPage(PHONE);
    await page.goto("/telegram/dashboard");
    await page.getByTestId("chat-list").waitFor();
    expect(await page.getByTestId("chat-pane").isVisible()).toBe(false);
    // The compact profile row leaves the list in view: several chats above the fold.
    const rows = page.getByTestId("chat-row");
    const fourth = (await rows.nth(3).boundingBox())!;
    expect(fourth.y + fourth.height).toBeLessThanOrEqual(PHONE.height);

    const bob = userId("bob");
    await row(page, bob).click();
    await page.waitForURL(`**/telegram/chats/${bob}`);
    await page.getByTestId("composer").waitFor();
    expect(await page.getByTestId("chat-list-pane").isVisible()).toBe(false);
    await page.getByTestId("chat-back").click();
    await page.waitForURL("**/telegram/dashboard");
    await expect.poll(() => page.getByTestId("chat-list").isVisible()).toBe(true);
    await context.close();
  });
});

describe("tab title and peer status", () => {
  test("the tab title shows the unread total and follows new messages and reading", async () => {
    const { page, context } = await adminPage(DESKTOP);
    await page.goto("/telegram/dashboard");
    await page.getByTestId("chat-list").waitFor();
    await page.waitForFunction(() => document.documentElement.dataset.live === "connected");
    // Telegram's own badge leaves muted chats out (Alice muted Frank).
    const unreadShown = () =>
      page
        .getByTestId("chat-row")
        .evaluateAll((els) =>
          els
            .filter((el) => !el.querySelector('[data-testid="chat-muted"]'))
            .reduce((sum, el) => sum + Number(el.getAttribute("data-unread")), 0),
        );
    const total = await unreadShown();
    expect(total).toBeGreaterThan(0);
    await expect.poll(() => page.title()).toBe(`(${total}) Chats · tgdesk`);

    await sendAs("dave", "alice", "Counted in the title");
    await expect.poll(() => page.title(), { timeout: 5_000 }).toBe(`(${total + 1}) Chats · tgdesk`);

    // Reading Dave's chat takes his unread messages off the total; the title keeps it across pages.
    const dave = userId("dave");
    const daveUnread = Number(await row(page, dave).getAttribute("data-unread"));
    expect(daveUnread).toBeGreaterThan(0);
    await row(page, dave).click();
    await page.getByTestId("composer").waitFor();
    await expect.poll(() => page.title(), { timeout: 5_000 }).toBe(`(${total + 1 - daveUnread}) Chats · tgdesk`);
    await page.getByRole("link", { name: "Contacts" }).click();
    await page.waitForURL("**/telegram/contacts");
    await expect.poll(() => page.title()).toBe(`(${total + 1 - daveUnread}) Contacts · tgdesk`);
    await context.close();
  });

  for (const [locale, words] of [
    ["en-US", { recently: "last seen recently", members: "5 members", subscribers: "subscribers" }],
    ["ru-RU", { recently: "был(а) недавно", members: "5 участников", subscribers: "подписчик" }],
  ] as const) {
    test(`the chat header says a person's status and a group's size (${locale})`, async () => {
      const { page, context } = await adminPage(DESKTOP, locale);
      await page.goto("/telegram/dashboard");
      await page.getByTestId("chat-list").waitFor();
      const status = page.getByTestId("chat-peer-status");

      await resetAppCounters("alice");
      await row(page, userId("carol")).click();
      await page.getByTestId("composer").waitFor();
      await expect.poll(() => status.textContent()).toBe(words.recently);

      await page.getByTestId("chat-row").filter({ hasText: "Sandbox Team" }).click();
      await expect.poll(() => status.textContent()).toBe(words.members);

      await page.getByTestId("chat-row").filter({ hasText: "Sandbox News" }).click();
      await expect.poll(() => status.textContent()).toContain(words.subscribers);
      const text = (await status.textContent())!;
      const count = Number(/^\d+/.exec(text)?.[0]);
      expect(count).toBeGreaterThan(1);
      if (locale === "ru-RU") {
        const form = new Intl.PluralRules("ru").select(count);
        const forms: Record<string, string> = { one: "подписчик", few: "подписчика", many: "подписчиков" };
        const expected = forms[form] ?? "подписчика";
        expect(text).toBe(`${count} ${expected}`);
      } else {
        expect(text).toBe(`${count} subscribers`);
      }
      // From what came with the dialogs and the history: no request per chat for it.
      expect(Object.keys(await appCounters("alice")).sort()).toEqual(
        expect.not.arrayContaining(["users.getFullUser", "messages.getFullChat", "channels.getFullChannel"]),
      );
      await context.close();
    });
  }
});

describe("tabs", () => {
  for (const viewport of [DESKTOP, PHONE]) {
    test(`Chats, a chat, Contacts and Settings share one frame at ${viewport.width} px`, async () => {
      const { page, context } = await adminPage(viewport);
      const frames: Record<string, { x: number; y: number; width: number }> = {};
      for (const [name, path, ready] of [
        ["chats", "/telegram/dashboard", "chat-list"],
        ["chat", `/telegram/chats/${userId("bob")}`, "composer"],
        ["contacts", "/telegram/contacts", "contact-row"],
        ["settings", "/telegram/settings", "session-list"],
      ] as const) {
        await page.goto(path);
        await page.getByTestId(ready).first().waitFor();
        const nav = (await page.getByRole("navigation", { name: "Telegram sections" }).boundingBox())!;
        frames[name] = { x: Math.round(nav.x), y: Math.round(nav.y), width: Math.round(nav.width) };
      }
      expect(frames.chat).toEqual(frames.chats);
      expect(frames.contacts).toEqual(frames.chats);
      expect(frames.settings).toEqual(frames.chats);
      await context.close();
    });
  }
});

/**
 * What sticks out: the page scrolling sideways, a text element crossing the card it is
 * in (unless a scrolling container holds it), and session details cut off.
 */
function overflowReport(): { pageScrolls: boolean; outside: string[]; cut: string[] } {
  const isCard = (el: Element) => {
    const style = getComputedStyle(el);
    return el.matches("section, article, form, [role=dialog], [class*='rounded-2xl']") && style.display !== "inline";
  };
  const scrolls = (el: Element) => /(auto|scroll)/.test(getComputedStyle(el).overflowX);
  const outside: string[] = [];
  for (const el of document.body.querySelectorAll("*")) {
    const hasText = [...el.childNodes].some((node) => node.nodeType === 3 && node.textContent!.trim() !== "");
    if (!hasText || el.closest(".sr-only")) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    let parent = el.parentElement;
    while (parent && !scrolls(parent) && !isCard(parent)) parent = parent.parentElement;
    if (!parent || scrolls(parent)) continue;
    const card = parent.getBoundingClientRect();
    if (box.left < card.left - 0.5 || box.right > card.right + 0.5) {
      outside.push(`${el.tagName}.${el.className}: ${el.textContent.trim().slice(0, 40)}`);
    }
  }
  const cut = [...document.querySelectorAll('[data-testid="session-list"] *')]
    .filter((el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== "visible")
    .map((el) => `${el.tagName}: ${el.textContent.trim().slice(0, 40)}`);
  return {
    pageScrolls: document.documentElement.scrollWidth > document.documentElement.clientWidth,
    outside,
    cut,
  };
}

describe("nothing overflows", () => {
  for (const locale of ["en-US", "ru-RU"]) {
    for (const viewport of [DESKTOP, PHONE]) {
      test(`every page fits at ${viewport.width} px in ${locale}`, async () => {
        const problems: Record<string, ReturnType<typeof overflowReport>> = {};
        const check = async (page: Page, path: string, ready: string) => {
          await page.goto(path);
          await page.locator(ready).first().waitFor({ timeout: 20_000 });
          const report = await page.evaluate(overflowReport);
          if (report.pageScrolls || report.outside.length || report.cut.length) problems[path] = report;
        };

        // Signed out, then an account with nothing linked yet (the login page).
        const visitor = await newPage(browser, app, { locale });
        await visitor.page.setViewportSize(viewport);
        await check(visitor.page, "/sign-in", 'input[name="email"]');
        const member = await createTestUser(app);
        await signInByRequest(visitor.page, member.email, member.password);
        await check(visitor.page, "/telegram", "[data-login-status]");
        await visitor.context.close();

        const { page, context } = await adminPage(viewport, locale);
        for (const [path, ready] of [
          ["/telegram/dashboard", '[data-testid="chat-list"]'],
          [`/telegram/chats/${userId("bob")}`, '[data-testid="composer"]'],
          [`/telegram/chats/${userId("carol")}`, '[data-testid="composer"]'],
          ["/telegram/contacts", '[data-testid="contact-row"]'],
          ["/telegram/settings", '[data-testid="session-list"]'],
          ["/profile", "main h1"],
          ["/admin", "main h1"],
          ["/admin/users", "main h1"],
          ["/admin/accounts", "main h1"],
          ["/admin/attempts", "main h1"],
          ["/admin/audit", "main h1"],
          ["/admin/health", "main h1"],
        ] as const) {
          await check(page, path, ready);
        }
        await context.close();
        expect(problems).toEqual({});
      }, 180_000);
    }
  }
});
