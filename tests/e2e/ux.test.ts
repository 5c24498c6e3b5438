// Issue 10 end to end: re-linking after an unlink or logout, the in-app confirmation
// dialog, unsent messages that survive a reload, and the QR card's layout at a desktop
// and a phone width in both languages. Real Chromium, `next start`, the sandbox over TCP.
import fs from "node:fs";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { TestSandbox } from "../integration/support/sandbox";
import { createTestUser, newPage, signInByRequest, type LaunchedBrowser, type StartedApp } from "../support/e2e";
import { startTelegramE2E, type TelegramE2E } from "../support/telegram-e2e";
import { loginStateOf } from "../support/json";

let e2e: TelegramE2E;
let sandbox: TestSandbox;
let app: StartedApp;
let browser: LaunchedBrowser;

beforeAll(async () => {
  e2e = await startTelegramE2E();
  ({ sandbox, app, browser } = e2e);
});

afterAll(() => e2e?.stop());

/** Screenshots for a person to look at (UX_SHOTS=/some/dir); nothing is asserted on them. */
const SHOTS = process.env.UX_SHOTS;
async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

async function signedInPage(locale?: string): Promise<{ page: Page; context: BrowserContext }> {
  const user = await createTestUser(app);
  const opened = await newPage(browser, app, locale ? { locale } : {});
  await signInByRequest(opened.page, user.email, user.password);
  return opened;
}

const status = (page: Page, value: string) => page.locator(`[data-login-status="${value}"]`);

/** Through the page, as a person does: Create QR code, the phone scans, the dashboard opens. */
async function linkInPage(page: Page, username: string) {
  await status(page, "none").getByRole("button", { name: /QR/ }).click();
  await status(page, "qr").waitFor();
  const url = await page.locator("[data-qr-value]").getAttribute("data-qr-value");
  await sandbox.control.scan(url!, username);
  await page.waitForURL("**/telegram/dashboard", { timeout: 15_000 });
  await page.getByTestId("chat-list").waitFor();
}

/** The login page stays on "Create QR code" (no bounce to the dashboard) for a while. */
async function expectLoginOffered(page: Page) {
  await page.waitForURL("**/telegram", { timeout: 10_000 });
  await page.getByRole("button", { name: "Create QR code" }).waitFor();
  const until = Date.now() + 2_000;
  do {
    expect(new URL(page.url()).pathname).toBe("/telegram");
    await new Promise((resolve) => setTimeout(resolve, 200));
  } while (Date.now() < until);
  expect(await page.getByRole("button", { name: "Create QR code" }).isVisible()).toBe(true);
}

describe("after an unlink or a logout", () => {
  test("“Link an account” offers a new QR code at once, with no reload, and each action is confirmed in-app", async () => {
    const { page, context } = await signedInPage();
    await page.goto("/telegram");
    await linkInPage(page, "alice");

    // No request of the page's own fails after the account is gone (they used to: the
    // sessions list was re-read and answered 409).
    const refused: string[] = [];
    page.on("response", (response) => {
      if (response.status() >= 400 && new URL(response.url()).pathname.startsWith("/api/"))
        refused.push(`${response.status()} ${response.url()}`);
    });
    // Client-side navigation only from here: the tab keeps its caches, as a person's does.
    await page.getByRole("link", { name: "Settings" }).click();
    await page.getByTestId("session-list").waitFor();
    await page.getByTestId("unlink").click();

    const ask = page.getByRole("dialog");
    await ask.waitFor();
    // Labelled by its title, which names the account; the body names the session that ends.
    expect(await ask.getAttribute("aria-labelledby")).toBeTruthy();
    expect(await ask.evaluate((el) => document.getElementById(el.getAttribute("aria-labelledby")!)?.textContent)).toBe(
      "Unlink Alice Liddell (@alice)?",
    );
    expect(
      await ask.evaluate((el) => document.getElementById(el.getAttribute("aria-describedby")!)?.textContent),
    ).toMatch(/“tgdesk[^”]*”/);
    // Focus starts on Cancel and stays inside the dialog.
    const focusInside = () => page.evaluate(() => Boolean(document.activeElement?.closest("dialog")));
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("dialog-cancel");
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press("Tab");
      expect(await focusInside()).toBe(true);
    }
    await page.keyboard.press("Shift+Tab");
    expect(await focusInside()).toBe(true);
    // Esc closes it and nothing happens.
    await page.keyboard.press("Escape");
    await ask.waitFor({ state: "hidden" });
    expect(await page.getByTestId("no-account").count()).toBe(0);

    await page.getByTestId("unlink").click();
    await page.getByTestId("dialog-confirm").click();
    await page.getByTestId("no-account").waitFor({ timeout: 15_000 });
    expect(await page.getByTestId("account-action-result").textContent({ timeout: 10_000 })).toBe(
      "The account was unlinked.",
    );

    await page.getByRole("link", { name: "Link an account" }).click();
    await expectLoginOffered(page);

    // Again, with "Log out of Telegram" this time.
    await linkInPage(page, "alice");
    await page.getByRole("link", { name: "Settings" }).click();
    await page.getByTestId("logout").click();
    expect(await page.getByRole("dialog").getByRole("heading").textContent()).toBe(
      "Log out Alice Liddell (@alice) of Telegram?",
    );
    await page.getByTestId("dialog-confirm").click();
    await page.getByTestId("no-account").waitFor({ timeout: 15_000 });
    expect(await page.getByTestId("account-action-result").textContent({ timeout: 10_000 })).toBe(
      "Telegram confirmed the logout. The stored session was wiped.",
    );
    await page.getByRole("link", { name: "Link an account" }).click();
    await expectLoginOffered(page);

    expect(refused).toEqual([]);
    // The attempts list no longer calls both links "Linked": their account is gone. It still
    // names the account each one linked (kept on the attempt, as the account row is deleted).
    await page.goto("/telegram/settings");
    const results = await page.locator('[data-testid="login-attempts"] tbody tr').allTextContents();
    expect(results.filter((row) => row.includes("Linked"))).toEqual([
      expect.stringContaining("Linked Alice Liddell (@alice), since ended"),
      expect.stringContaining("Linked Alice Liddell (@alice), since ended"),
    ]);
    // The API agrees: the old success is not replayed.
    expect((await loginStateOf(await context.request.get("/api/telegram/login"))).status).toBe("none");
    await context.close();
  });
});

describe("sign out everywhere", () => {
  test("asks in an in-app dialog naming the account (never the browser's confirm), from the menu and the profile; Esc keeps every session, confirming ends them all", async () => {
    const user = await createTestUser(app);
    const here = await newPage(browser, app);
    await signInByRequest(here.page, user.email, user.password);
    const elsewhere = await newPage(browser, app);
    await signInByRequest(elsewhere.page, user.email, user.password);
    const { page } = here;
    const native: string[] = [];
    page.on("dialog", (dialog) => {
      native.push(dialog.message());
      void dialog.dismiss();
    });
    const signedIn = async (context: BrowserContext) => (await context.request.get("/api/telegram/me")).status();

    await page.goto("/profile");
    // From the account menu: the question, with the account, and Cancel focused.
    await page.getByTestId("user-menu").locator("summary").click();
    await page.getByTestId("user-menu").getByTestId("sign-out-everywhere").click();
    const ask = page.getByRole("dialog");
    await ask.waitFor();
    expect(await ask.getByRole("heading").textContent()).toBe("Sign out of tgdesk on every device, this one included?");
    expect(await ask.textContent()).toContain(user.email);
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("dialog-cancel");
    await page.keyboard.press("Escape");
    await ask.waitFor({ state: "hidden" });
    expect(new URL(page.url()).pathname).toBe("/profile");
    expect(await signedIn(here.context)).toBe(200);
    expect(await signedIn(elsewhere.context)).toBe(200);

    // From the profile's own button, confirmed: every browser is signed out.
    await page.locator("main").getByTestId("sign-out-everywhere").click();
    await ask.waitFor();
    await ask.getByTestId("dialog-confirm").click();
    await page.waitForURL((url) => url.pathname === "/sign-in", { timeout: 15_000 });
    expect(await signedIn(elsewhere.context)).toBe(401);
    expect(native).toEqual([]);
    await here.context.close();
    await elsewhere.context.close();
  });
});

describe("an unsent message", () => {
  test("stays across reloads until it is sent or discarded, and a retry never duplicates it", async () => {
    const { page, context } = await signedInPage();
    await page.goto("/telegram");
    await linkInPage(page, "alice");
    const world = sandbox.running.sandbox.world;
    const alice = world.userByKey("alice")!.id;
    const bob = world.userByKey("bob")!.id;
    const inWorld = (text: string) => world.history(alice, `u${bob}`).filter((message) => message.text === text).length;

    await page.goto(`/telegram/chats/${bob}`);
    const composer = page.getByTestId("composer");
    await composer.waitFor();
    const sendPath = `/api/telegram/chats/${bob}/messages`;
    const isSend = (url: URL) => url.pathname === sendPath;

    const failed = page.locator('[data-testid="pending-message"][data-status="failed"]');
    // 1: the request never reaches the server.
    await page.route(isSend, (route) => (route.request().method() === "POST" ? route.abort() : route.continue()));
    await composer.fill("lost on the way");
    await composer.press("Enter");
    await expect.poll(() => failed.count()).toBe(1);
    // 2: the server sends it, but the answer is lost.
    await page.unroute(isSend);
    await page.route(isSend, async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      await route.fetch();
      await route.abort();
    });
    await composer.fill("answer lost");
    await composer.press("Enter");
    await expect.poll(() => failed.count(), { timeout: 15_000 }).toBe(2);
    // 3: discarded by the person.
    await page.unroute(isSend);
    await page.route(isSend, (route) => (route.request().method() === "POST" ? route.abort() : route.continue()));
    await composer.fill("never mind");
    await composer.press("Enter");
    await expect.poll(() => failed.count()).toBe(3);
    await page.unroute(isSend);
    expect([inWorld("lost on the way"), inWorld("answer lost"), inWorld("never mind")]).toEqual([0, 1, 0]);

    await page.reload();
    await composer.waitFor();
    await expect
      .poll(() => failed.allTextContents())
      .toEqual([
        expect.stringContaining("lost on the way"),
        expect.stringContaining("answer lost"),
        expect.stringContaining("never mind"),
      ]);

    await failed.filter({ hasText: "never mind" }).getByTestId("discard-send").click();
    for (const text of ["lost on the way", "answer lost"]) {
      await failed.filter({ hasText: text }).getByTestId("retry-send").click();
      await page.getByTestId("message").filter({ hasText: text }).first().waitFor();
    }
    await expect.poll(() => page.getByTestId("pending-message").count()).toBe(0);
    // Once each on Telegram, and once each on the page.
    expect([inWorld("lost on the way"), inWorld("answer lost"), inWorld("never mind")]).toEqual([1, 1, 0]);
    expect(await page.getByTestId("message").filter({ hasText: "answer lost" }).count()).toBe(1);

    await page.reload();
    await composer.waitFor();
    await page.waitForLoadState("networkidle");
    expect(await page.getByTestId("pending-message").count()).toBe(0);
    await context.close();
  });
});

describe("the QR card", () => {
  for (const locale of ["en-US", "ru-RU"]) {
    for (const width of [1280, 390]) {
      test(`fits its card at ${width} px in ${locale}`, async () => {
        const { page, context } = await signedInPage(locale);
        await page.setViewportSize({ width, height: 900 });
        await page.goto("/telegram");
        await status(page, "none").getByRole("button", { name: /QR/ }).click();
        await status(page, "qr").waitFor();
        await page.getByTestId("sandbox-scan").waitFor();
        await shot(page, `qr-${locale}-${width}`);

        const layout = await page.evaluate(() => {
          const card = document.querySelector("[data-login-status]")!.getBoundingClientRect();
          const frame = document.querySelector('[data-testid="qr-frame"]')!.getBoundingClientRect();
          const outside: string[] = [];
          for (const el of document.querySelectorAll("[data-login-status] *")) {
            const box = el.getBoundingClientRect();
            if (box.width === 0 && box.height === 0) continue;
            if (el.closest(".sr-only")) continue;
            const clipped = el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === "visible";
            if (box.left < card.left - 0.5 || box.right > card.right + 0.5 || clipped)
              outside.push(`${el.tagName}: ${el.textContent?.slice(0, 40)}`);
          }
          return {
            pageScrolls: document.documentElement.scrollWidth > window.innerWidth,
            outside,
            frameOffset: frame.left + frame.width / 2 - (card.left + card.width / 2),
          };
        });
        expect(layout.pageScrolls).toBe(false);
        expect(layout.outside).toEqual([]);
        // One column on a phone: the code sits in the middle of the card.
        if (width < 768) expect(Math.abs(layout.frameOffset)).toBeLessThan(2);

        // The phone-number steps fit the same card.
        await status(page, "qr")
          .getByRole("button", { name: locale === "ru-RU" ? "Войти по номеру телефона" : "Log in by phone number" })
          .click();
        await page.getByTestId("phone-step").waitFor();
        await page.locator("#phone-number").fill("+9996620001");
        await page.locator('[data-testid="phone-step"] button[type="submit"]').click();
        await page.getByTestId("code-step").waitFor();
        await shot(page, `code-${locale}-${width}`);
        const codeLayout = await page.evaluate(() => {
          const card = document.querySelector("[data-login-status]")!.getBoundingClientRect();
          const outside = [...document.querySelectorAll("[data-login-status] *")]
            .filter((el) => {
              const box = el.getBoundingClientRect();
              return box.width > 0 && (box.left < card.left - 0.5 || box.right > card.right + 0.5);
            })
            .map((el) => `${el.tagName}: ${el.textContent?.slice(0, 40)}`);
          return { pageScrolls: document.documentElement.scrollWidth > window.innerWidth, outside };
        });
        expect(codeLayout).toEqual({ pageScrolls: false, outside: [] });
        await context.close();
      });
    }
  }
});

describe("wording", () => {
  test("no future tense for past times, four-digit years only for other years, distinct Russian labels", async () => {
    const { page, context } = await signedInPage();
    await page.goto("/telegram");
    await linkInPage(page, "grace");
    // The seeded chats are from June 2025: an earlier year is written in full, never "Jun 1, 25".
    const times = await page.getByTestId("chat-row").evaluateAll((rows) => rows.map((row) => row.textContent ?? ""));
    expect(times.some((text) => text.includes("2025"))).toBe(true);
    expect(times.filter((text) => /\b[A-Z][a-z]{2} \d{1,2}, \d{2}\b(?!\d)/.test(text))).toEqual([]);

    await page.getByRole("link", { name: "Settings" }).click();
    await page.getByTestId("session-list").waitFor();
    // This site's session was active a moment ago, after the page's clock last ticked.
    const sessions = await page.getByTestId("session-row").allTextContents();
    expect(sessions.filter((text) => /Active in /.test(text))).toEqual([]);
    expect(sessions.some((text) => /Active (now|.+ ago)/.test(text))).toBe(true);
    // Sessions of the same app are told apart by when they began; the attempt names the account.
    expect(await page.getByTestId("session-created").count()).toBe(sessions.length);
    expect(await page.locator('[data-testid="session-row"][data-current="true"]').textContent()).toContain("This site");
    const lastAttempt = page.locator('[data-testid="login-attempts"] tbody tr').first();
    expect(await lastAttempt.textContent()).toContain("Linked");
    expect(await lastAttempt.getByTestId("attempt-account").textContent()).toBe("Grace Hopper (@grace)");

    // The contacts search's placeholder fits its field, at a desktop and a phone width.
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto("/telegram/contacts");
      const search = page.getByRole("searchbox").or(page.getByPlaceholder(/phone/)).first();
      await search.waitFor();
      const fits = await search.evaluate((el) => {
        const input = el as HTMLInputElement;
        const style = getComputedStyle(input);
        const probe = document.createElement("span");
        probe.style.font = style.font;
        probe.style.whiteSpace = "pre";
        probe.style.position = "absolute";
        probe.textContent = input.placeholder;
        document.body.append(probe);
        const text = probe.getBoundingClientRect().width;
        probe.remove();
        const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        return { text, room };
      });
      expect(fits.text).toBeLessThanOrEqual(fits.room);
    }
    await context.close();

    const ru = await signedInPage("ru-RU");
    await ru.page.goto("/telegram");
    await linkInPage(ru.page, "grace");
    await ru.page.goto("/telegram/settings");
    const labels = await ru.page.locator('[data-testid="linked-account"] dt').allTextContents();
    const values = await ru.page.locator('[data-testid="linked-account"] dd').allTextContents();
    // «Подключён» is the status; the date says what it is.
    expect(labels).toContain("Дата подключения");
    expect([...labels, ...values].filter((text) => text.trim() === "Подключён")).toHaveLength(1);
    await ru.context.close();
  });
});

describe("links in messages", () => {
  test("http, https and tg links are clickable and open apart; javascript: stays text; the composer counts length as Telegram does", async () => {
    const { page, context } = await signedInPage();
    await page.goto("/telegram");
    await linkInPage(page, "erin");
    const world = sandbox.running.sandbox.world;
    const frank = world.userByKey("frank")!.id;
    const text = "See https://example.com/a?b=1, tg://resolve?domain=tgdesk and javascript:alert(1).";
    await sandbox.control.sendMessage("frank", "erin", text, "8000000000001");
    await page.goto(`/telegram/chats/${frank}`);
    const bubble = page.getByTestId("message-text").filter({ hasText: "javascript:alert(1)" });
    await bubble.waitFor();
    expect(await bubble.textContent()).toBe(text);
    const links = await bubble.locator("a").evaluateAll((anchors) =>
      anchors.map((a) => ({
        href: a.getAttribute("href"),
        rel: a.getAttribute("rel"),
        target: a.getAttribute("target"),
      })),
    );
    expect(links).toEqual([
      { href: "https://example.com/a?b=1", rel: "noopener noreferrer", target: "_blank" },
      { href: "tg://resolve?domain=tgdesk", rel: "noopener noreferrer", target: "_blank" },
    ]);

    // Telegram counts UTF-16 code units: 2,048 emoji (4,096 units) fit, 2,049 do not, and the
    // composer says so before anything is sent; a text of only NUL or spaces is not sendable.
    const composer = page.getByTestId("composer");
    const send = page.getByTestId("send");
    await composer.fill("😀".repeat(2049));
    await expect.poll(() => send.isDisabled()).toBe(true);
    expect(await composer.getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("#composer-hint").textContent()).toContain("4096");
    await composer.fill("😀".repeat(2048));
    await expect.poll(() => send.isEnabled()).toBe(true);
    expect(await composer.getAttribute("aria-invalid")).toBe("false");
    await composer.fill("\u0000  \u0000 ");
    await expect.poll(() => send.isDisabled()).toBe(true);
    await composer.fill("");
    await context.close();
  });
});
