// QR login end to end: real Chromium, `next start`, the sandbox data centre over TCP.
// The "phone" scans what it reads from the rendered QR code's pixels.
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";

import type { TestSandbox } from "../integration/support/sandbox";
import { createTestUser, newPage, signInByRequest, type LaunchedBrowser, type StartedApp } from "../support/e2e";
import { errorBodyOf, jsonOf, loginStateOf } from "../support/json";
import { readQrCode } from "../support/qr";
import { expectScanLinksNothing, startTelegramE2E, type TelegramE2E } from "../support/telegram-e2e";

let world: TelegramE2E;
let sandbox: TestSandbox;
let app: StartedApp;
let browser: LaunchedBrowser;

beforeAll(async () => {
  world = await startTelegramE2E();
  ({ sandbox, app, browser } = world);
});

afterAll(() => world?.stop());

beforeEach(async () => {
  await sandbox.control.clearFaults();
  await sandbox.control.setTokenTtl(30);
});

async function signedInPage(locale?: string): Promise<{ page: Page; context: BrowserContext }> {
  const user = await createTestUser(app);
  const opened = await newPage(browser, app, locale ? { locale } : {});
  await signInByRequest(opened.page, user.email, user.password);
  return opened;
}

const panel = (page: Page) => page.locator("[data-login-status]");

async function waitForStatus(page: Page, status: string, timeout = 10_000) {
  await page.locator(`[data-login-status="${status}"]`).waitFor({ timeout });
}

async function createQr(page: Page): Promise<string> {
  await page.goto("/telegram");
  await page.getByRole("button", { name: "Create QR code" }).click();
  await waitForStatus(page, "qr");
  return shownQr(page);
}

async function shownQr(page: Page): Promise<string> {
  const url = await readQrCode(page.getByRole("img", { name: "QR code for linking Telegram" }));
  expect(url).toMatch(/^tg:\/\/login\?token=[A-Za-z0-9_-]{20,}$/);
  return url;
}

async function expectDashboard(page: Page) {
  await page.waitForURL("**/telegram/dashboard", { timeout: 10_000 });
}

describe("QR login", () => {
  test("an account without 2FA links straight after the scan", async () => {
    const { page, context } = await signedInPage();
    const url = await createQr(page);
    await sandbox.control.scan(url, "alice");
    await expect.poll(() => page.getByTestId("login-success").textContent()).toBe("Authorised as Alice Liddell");
    await expectDashboard(page);

    // Linked: /telegram now goes straight to the dashboard.
    await page.goto("/telegram");
    expect(new URL(page.url()).pathname).toBe("/telegram/dashboard");

    // Unlinked again: /telegram offers a new login instead of replaying the old success.
    const unlink = await context.request.delete("/api/telegram/account", { headers: { origin: app.url } });
    expect(unlink.status()).toBe(200);
    await page.goto("/telegram");
    await waitForStatus(page, "none");
    expect(new URL(page.url()).pathname).toBe("/telegram");
    expect(await page.getByRole("button", { name: "Create QR code" }).isVisible()).toBe(true);
    await context.close();
  });

  test("a 2FA account asks for the password by itself, shows the hint, and takes the right one after a wrong one", async () => {
    const { page, context } = await signedInPage();
    await sandbox.control.scan(await createQr(page), "bob");
    await waitForStatus(page, "password");
    await expect.poll(() => page.getByText("Hint: the usual, with bob-").isVisible()).toBe(true);
    // Telegram names no account before the password is right (account.getPassword has only
    // the hint): the page says which one it is without inventing a name.
    expect(await page.getByTestId("password-account").textContent()).toBe(
      "Linking the account that scanned the QR code: Telegram names it only once the password is right.",
    );
    // Screen readers hear the stage change in one sentence.
    expect(await page.locator("p.sr-only[role=status]").textContent()).toBe(
      "Telegram asks for the account's cloud password.",
    );

    const field = page.getByLabel("Cloud password");
    expect(await field.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await field.getAttribute("type")).toBe("password");
    await page.getByRole("button", { name: "Show" }).click();
    expect(await field.getAttribute("type")).toBe("text");

    await field.fill("not-bobs-password");
    await field.press("Enter");
    await expect.poll(() => page.locator("#cloud-password-error").textContent()).toBe("Wrong password. Try again.");
    // The wrong password is cleared (and the field focused), so the next try is typed afresh.
    expect(await field.inputValue()).toBe("");
    expect(await field.evaluate((el) => el === document.activeElement)).toBe(true);

    await field.fill("bob-password");
    await field.press("Enter");
    await expectDashboard(page);
    await context.close();
  });

  test("the code renews by itself before it expires, and the newest one scans", async () => {
    await sandbox.control.setTokenTtl(3);
    const { page, context } = await signedInPage();
    const first = await createQr(page);
    await expect.poll(() => shownQr(page), { timeout: 8_000 }).not.toBe(first);
    const second = await shownQr(page);
    await expect.poll(() => shownQr(page), { timeout: 8_000 }).not.toBe(second);
    await sandbox.control.scan(await shownQr(page), "erin");
    await expectDashboard(page);
    await context.close();
  });

  test("in the sandbox, the banner says so and Scan as plays the phone's part", async () => {
    const { page, context } = await signedInPage();
    await createQr(page);
    expect(await page.getByTestId("sandbox-banner").textContent()).toContain("Sandbox Telegram");
    await page.getByLabel("Sandbox: scan as").selectOption("heidi");
    await page.getByRole("button", { name: "Scan", exact: true }).click();
    await expect.poll(() => page.getByTestId("login-success").textContent()).toBe("Authorised as Heidi Klum");
    await expectDashboard(page);
    await context.close();
  });

  test("an account on another DC finishes through loginTokenMigrateTo", async () => {
    const { page, context } = await signedInPage();
    await sandbox.control.scan(await createQr(page), "carol");
    await expectDashboard(page);
    await context.close();
  });

  test("repeated wrong passwords lead to a counted-down wait", async () => {
    const { page, context } = await signedInPage();
    await sandbox.control.scan(await createQr(page), "judy");
    await waitForStatus(page, "password");
    const field = page.getByLabel("Cloud password");
    const submit = page.getByRole("button", { name: "Continue" });
    const error = page.locator("#cloud-password-error");
    let text = "";
    for (let i = 0; i < 8 && !text.startsWith("Too many"); i++) {
      await field.fill(`wrong-${i}`);
      await field.press("Enter");
      // Wait for this try's verdict: the form is idle again and says why.
      await page.locator("form [aria-busy]").waitFor({ state: "detached" });
      await expect.poll(() => error.textContent()).toMatch(/Wrong password|Too many attempts/);
      text = (await error.textContent()) ?? "";
    }
    expect(text).toMatch(/^Too many attempts\. Try again in \d+ seconds\.$/);
    expect(await submit.isDisabled()).toBe(true);
    const secondsLeft = async () => Number(((await error.textContent()) ?? "").match(/\d+/)?.[0]);
    const before = await secondsLeft();
    await expect.poll(secondsLeft, { timeout: 4_000 }).toBeLessThan(before);
    await context.close();
  });

  test("a flood wait on creating a code is worded with its time, and the button waits too", async () => {
    await sandbox.control.setFault({ method: "auth.exportLoginToken", error: "FLOOD_WAIT_30", times: 1 });
    const { page, context } = await signedInPage();
    await page.goto("/telegram");
    await page.getByRole("button", { name: "Create QR code" }).click();
    await waitForStatus(page, "failed");
    expect(await panel(page).textContent()).toMatch(/Telegram asks us to wait (29|30) seconds before trying again\./);
    expect(await page.getByRole("button", { name: "Create a new QR code" }).isDisabled()).toBe(true);
    await context.close();
  });

  test("cancel stops the attempt and a new code can be created", async () => {
    const { page, context } = await signedInPage();
    const url = await createQr(page);
    await page.getByRole("button", { name: "Cancel" }).click();
    await waitForStatus(page, "cancelled");
    expect(await panel(page).textContent()).toContain("You cancelled the login.");
    // The cancelled attempt's client is gone: even an accepted scan links nothing.
    await expectScanLinksNothing(sandbox, context.request, url, "frank", "cancelled");
    await page.getByRole("button", { name: "Create a new QR code" }).click();
    await waitForStatus(page, "qr");
    expect(await shownQr(page)).not.toBe(url);
    await context.close();
  });

  test("two site users logging in at once stay apart", async () => {
    const one = await signedInPage();
    const two = await signedInPage();
    const [urlOne, urlTwo] = await Promise.all([createQr(one.page), createQr(two.page)]);
    expect(urlOne).not.toBe(urlTwo);

    await sandbox.control.scan(urlTwo, "grace");
    await expectDashboard(two.page);
    const stateOne = await one.context.request.get("/api/telegram/login");
    expect((await loginStateOf(stateOne)).status).toBe("qr");
    const stateTwo = await two.context.request.get("/api/telegram/login");
    const two_ = await loginStateOf(stateTwo);
    expect(two_.status).toBe("success");
    expect(JSON.stringify(two_)).not.toContain(urlOne.slice(-20));
    await one.context.close();
    await two.context.close();
  });

  test("the Russian interface words the login in Russian", async () => {
    const { page, context } = await signedInPage("ru-RU");
    await page.goto("/telegram");
    await page.getByRole("button", { name: "Создать QR-код" }).click();
    await waitForStatus(page, "qr");
    expect(await panel(page).textContent()).toContain("Настройки → Устройства → Подключить устройство");
    // The cloud password step too, with the account it is for.
    const url = await page.locator("[data-qr-value]").getAttribute("data-qr-value");
    await sandbox.control.scan(url!, "bob");
    await waitForStatus(page, "password");
    await page.getByText("Введите облачный пароль").waitFor();
    expect(await page.getByTestId("password-account").textContent()).toBe(
      "Подключается аккаунт, который отсканировал QR-код: Telegram назовёт его только после верного пароля.",
    );
    expect(await page.getByText("Подсказка: the usual, with bob-").isVisible()).toBe(true);
    await context.close();
  });
});

describe("the login API", () => {
  test("answers bad input with a clear error and changes nothing", async () => {
    const { page, context } = await signedInPage();
    await createQr(page);
    const before = await jsonOf<{ attemptId?: string }>(await context.request.get("/api/telegram/login"));
    const origin = { origin: app.url };

    const malformed = await context.request.post("/api/telegram/login/password", {
      headers: { ...origin, "content-type": "application/json" },
      data: Buffer.from("{not json"),
    });
    expect(malformed.status()).toBe(400);
    expect((await errorBodyOf(malformed)).error.code).toBe("invalid_json");

    const wrongType = await context.request.post("/api/telegram/login/password", {
      headers: origin,
      data: { password: 42 },
    });
    expect(wrongType.status()).toBe(400);

    const huge = await context.request.post("/api/telegram/login", {
      headers: origin,
      data: { restart: "x".repeat(10_000) },
    });
    expect(huge.status()).toBe(413);

    const notWaiting = await context.request.post("/api/telegram/login/password", {
      headers: origin,
      data: { password: "p" },
    });
    expect(notWaiting.status()).toBe(409);

    const foreign = await context.request.delete("/api/telegram/login", {
      headers: { origin: "https://evil.example" },
    });
    expect(foreign.status()).toBe(403);

    const after = await loginStateOf(await context.request.get("/api/telegram/login"));
    expect("attemptId" in after && after.attemptId).toBe(before.attemptId);
    expect(after.status).toBe("qr");
    await context.close();
  });

  test("answers 401 without a session", async () => {
    const { context } = await newPage(browser, app);
    for (const [method, path] of [
      ["GET", "/api/telegram/login"],
      ["POST", "/api/telegram/login"],
      ["DELETE", "/api/telegram/login"],
      ["POST", "/api/telegram/login/password"],
      ["POST", "/api/telegram/sandbox/scan"],
    ] as const) {
      const response = await context.request.fetch(path, { method, headers: { origin: app.url }, data: {} });
      expect(response.status(), `${method} ${path}`).toBe(401);
    }
    await context.close();
  });
});
