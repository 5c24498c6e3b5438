// Phone-number login end to end: real Chromium, `next start`, the sandbox data centre over
// TCP, which answers auth.sendCode / auth.signIn with its documented codes (the login code
// is the home DC's digit five times; see packages/telegram-sandbox/README.md).
import Database from "better-sqlite3";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";

import type { TestSandbox } from "../integration/support/sandbox";
import { createTestUser, newPage, signInByRequest, type LaunchedBrowser, type StartedApp } from "../support/e2e";
import { startTelegramE2E, type TelegramE2E } from "../support/telegram-e2e";

let e2e: TelegramE2E;
let sandbox: TestSandbox;
let app: StartedApp;
let browser: LaunchedBrowser;

beforeAll(async () => {
  e2e = await startTelegramE2E();
  ({ sandbox, app, browser } = e2e);
});

afterAll(() => e2e?.stop());

beforeEach(() => sandbox.control.clearFaults());

async function signedInPage(): Promise<{ page: Page; context: BrowserContext; userId: string }> {
  const user = await createTestUser(app);
  const opened = await newPage(browser, app);
  await signInByRequest(opened.page, user.email, user.password);
  return { ...opened, userId: user.id };
}

function dbRows(sql: string, ...params: unknown[]): Record<string, unknown>[] {
  const database = new Database(app.databaseUrl.replace(/^file:/, ""), { readonly: true, fileMustExist: true });
  try {
    return database.prepare(sql).all(...params) as Record<string, unknown>[];
  } finally {
    database.close();
  }
}

const phoneField = (page: Page) => page.getByLabel("Phone number");
const codeField = (page: Page) => page.getByLabel("Login code");

/** From the login page's first screen to "enter the code" for `phone`. */
async function askForCode(page: Page, phone: string) {
  await page.goto("/telegram");
  await page.getByRole("button", { name: "Log in by phone number" }).click();
  await page.getByTestId("phone-step").waitFor();
  // A country from the browser's locale is preselected; a number with "+" wins over it.
  expect(await phoneField(page).inputValue()).toBe("+1 ");
  await phoneField(page).fill(phone);
  await page.getByRole("button", { name: "Send code" }).click();
}

async function enterCode(page: Page, code: string) {
  await codeField(page).fill(code);
  await page.getByRole("button", { name: "Continue" }).click();
}

async function expectLinked(page: Page, userId: string, telegramUsername: string) {
  await page.waitForURL("**/telegram/dashboard", { timeout: 15_000 });
  await page.getByTestId("chat-list").waitFor();
  expect(await page.getByTestId("profile-username").textContent()).toBe(`@${telegramUsername}`);
  const attempts = dbRows(`SELECT method, status FROM AuthAttempt WHERE userId = ? ORDER BY startedAt DESC`, userId);
  expect(attempts[0]).toEqual({ method: "phone", status: "succeeded" });
}

describe("phone-number login", () => {
  test("an account without 2FA links with the code, and the page says how it was sent", async () => {
    const { page, context, userId } = await signedInPage();
    await askForCode(page, "+999 662 0001");
    await page.getByTestId("code-step").waitFor();
    expect(await page.getByTestId("code-sent").textContent()).toBe(
      "Telegram sent the code to the Telegram app on your devices signed in as +9996620001.",
    );
    expect(await page.locator("#login-code-hint").textContent()).toBe("5 digits");
    expect(await codeField(page).evaluate((el) => el === document.activeElement)).toBe(true);
    await enterCode(page, "22222");
    await expectLinked(page, userId, "alice");
    await context.close();
  });

  test("a 2FA account goes on to the cloud password (the same SRP step as QR)", async () => {
    const { page, context, userId } = await signedInPage();
    await askForCode(page, "+9996620002");
    await enterCode(page, "22222");
    await page.locator('[data-login-status="password"]').waitFor();
    expect(await page.getByText("Hint: the usual, with bob-").isVisible()).toBe(true);
    // The step names the account: the number being linked.
    expect(await page.getByTestId("password-account").textContent()).toBe("Linking the account +9996620002.");
    // A wrong password is worded and does not stay in the field.
    await page.getByLabel("Cloud password").fill("not-bobs-password");
    await page.getByLabel("Cloud password").press("Enter");
    await expect.poll(() => page.locator("#cloud-password-error").textContent()).toBe("Wrong password. Try again.");
    expect(await page.getByLabel("Cloud password").inputValue()).toBe("");
    await page.getByLabel("Cloud password").fill("bob-password");
    await page.getByLabel("Cloud password").press("Enter");
    await expectLinked(page, userId, "bob");
    await context.close();
  });

  test("a number at home on another DC is followed there (PHONE_MIGRATE), with and without 2FA", async () => {
    const carol = await signedInPage();
    await askForCode(carol.page, "+9996610003");
    await enterCode(carol.page, "11111");
    await expectLinked(carol.page, carol.userId, "carol");
    expect(dbRows(`SELECT dcId FROM TelegramAccount WHERE userId = ?`, carol.userId)).toEqual([{ dcId: 1 }]);
    await carol.context.close();

    const dave = await signedInPage();
    await askForCode(dave.page, "+9996630004");
    await enterCode(dave.page, "33333");
    await dave.page.getByLabel("Cloud password").fill("dave-password");
    await dave.page.getByLabel("Cloud password").press("Enter");
    await expectLinked(dave.page, dave.userId, "dave");
    expect(dbRows(`SELECT dcId FROM TelegramAccount WHERE userId = ?`, dave.userId)).toEqual([{ dcId: 3 }]);
    await dave.context.close();
  });

  test("a wrong code is worded and cleared; the right one then links", async () => {
    const { page, context, userId } = await signedInPage();
    await askForCode(page, "+9996620005");
    await enterCode(page, "12345");
    await expect
      .poll(() => page.locator("#login-code-error").textContent())
      .toBe("Wrong code. Check it and try again.");
    expect(await codeField(page).inputValue()).toBe("");
    await enterCode(page, "22222");
    await expectLinked(page, userId, "erin");
    await context.close();
  });

  test("an expired code offers a new one, which links", async () => {
    const { page, context, userId } = await signedInPage();
    await askForCode(page, "+9996620006");
    await page.getByTestId("code-step").waitFor();
    await sandbox.control.setFault({ method: "auth.signIn", error: "PHONE_CODE_EXPIRED", times: 1 });
    await enterCode(page, "22222");
    await expect
      .poll(() => page.locator("#login-code-error").textContent())
      .toBe("This code has expired. Ask for a new one.");
    await page.getByTestId("resend-code").click();
    await expect.poll(() => page.locator("#login-code-error").count()).toBe(0);
    await enterCode(page, "22222");
    await expectLinked(page, userId, "frank");
    await context.close();
  });

  test("an unknown number and a flood wait are worded, and the wait blocks sending until it ends", async () => {
    const { page, context } = await signedInPage();
    await askForCode(page, "+9996620999");
    await expect
      .poll(() => page.locator("#phone-number-error").textContent())
      .toBe("Telegram does not recognise this number. Check it, with the country code.");

    await sandbox.control.setFault({ method: "auth.sendCode", error: "FLOOD_WAIT_45", times: 1 });
    await phoneField(page).fill("+9996620009");
    await page.getByRole("button", { name: "Send code" }).click();
    await expect
      .poll(() => page.locator("#phone-number-error").textContent())
      .toMatch(/^Too many attempts\. Try again in 4\d seconds\.$/);
    expect(await page.getByRole("button", { name: "Send code" }).isDisabled()).toBe(true);
    const attempt = dbRows(`SELECT method, status FROM AuthAttempt ORDER BY startedAt DESC LIMIT 1`)[0];
    expect(attempt).toEqual({ method: "phone", status: "phone" });
    await context.close();
  });
});
