// Invitations end to end (real Chromium, `next start`): the admin creates an invitation in
// the panel, the link opens in a fresh browser, the person chooses a password and lands
// signed in; the used link and an expired one are refused in words. Then the admin pages
// at a 390 px phone width, in English and Russian, without sideways scrolling.
import Database from "better-sqlite3";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { createTestUser, newPage, signIn, type LaunchedBrowser, type StartedApp, type TestUser } from "../support/e2e";
import { startTelegramE2E, type TelegramE2E } from "../support/telegram-e2e";
import { errorBodyOf } from "../support/json";

let e2e: TelegramE2E;
let app: StartedApp;
let browser: LaunchedBrowser;
let admin: TestUser;
let adminSide: { page: Page; context: BrowserContext };
/** The invited person; the phone tests open a confirmation dialog naming them. */
const invitedRowEmail = "ivy-invited@example.test";

beforeAll(async () => {
  e2e = await startTelegramE2E();
  ({ app, browser } = e2e);
  admin = await createTestUser(app, { role: "admin", name: "Ida Inviter" });
  adminSide = await newPage(browser, app);
  await signIn(adminSide.page, admin.email, admin.password);
});

afterAll(async () => {
  await e2e?.stop();
});

/** Through the panel, as an admin does: the link is shown once. */
async function invite(email: string, name: string): Promise<string> {
  const { page } = adminSide;
  await page.goto("/admin/users");
  await page.getByTestId("create-email").fill(email);
  await page.getByTestId("create-name").fill(name);
  await page.getByTestId("create-mode").selectOption("invitation");
  await page.getByTestId("create-person").locator('button[type="submit"]').click();
  const link = (await page.getByTestId("created-invitation").innerText()).trim();
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{20,}$/);
  // On the site's own address, so the cookie the invitation sets is the site's.
  expect(link.startsWith(`${app.url}/invite/`)).toBe(true);
  return link;
}

function withDatabase<T>(run: (database: Database.Database) => T): T {
  const database = new Database(app.databaseUrl.replace(/^file:/, ""), { fileMustExist: true });
  try {
    return run(database);
  } finally {
    database.close();
  }
}

async function expectRefused(link: string) {
  const { page, context } = await newPage(browser, app);
  const response = await page.goto(link);
  expect(response?.status()).toBe(200);
  const alert = page.getByTestId("invitation-invalid");
  await alert.waitFor();
  expect(await alert.innerText()).toContain("expired or was already used");
  expect(await page.getByTestId("invite-form").count()).toBe(0);
  // The API refuses the token as well, and nobody is signed in by it.
  const token = new URL(link).pathname.split("/").pop()!;
  const api = await context.request.post("/api/invitations", {
    headers: { origin: app.url },
    data: { token, name: "Someone Else", password: "another-password" },
  });
  expect(api.status()).toBe(410);
  expect((await errorBodyOf(api)).error.code).toBe("invitation_invalid");
  expect((await context.request.get("/api/telegram/me")).status()).toBe(401);
  await context.close();
}

describe("invitations", () => {
  const invited = { email: invitedRowEmail, name: "Ivy Invited", password: "ivy-chose-this-one" };
  let link = "";

  test("the link opens in a fresh browser, the person chooses a password and lands signed in", async () => {
    link = await invite(invited.email, invited.name);
    const { page, context } = await newPage(browser, app);
    await page.goto(link);
    await page.getByTestId("invite-form").waitFor();
    expect(await page.locator('input[name="name"]').inputValue()).toBe(invited.name);
    await page.getByTestId("invite-password").fill(invited.password);
    await page.getByTestId("invite-form").locator('button[type="submit"]').click();
    await page.waitForURL((url) => url.pathname.startsWith("/telegram"), { timeout: 20_000 });
    // Rendered for a signed-in person: the header's own menu.
    await page.getByTestId("user-menu").waitFor();
    // Signed in as the new person: the API knows them (no Telegram link yet, but not 401).
    const me = await context.request.get("/api/telegram/me");
    expect(me.status()).not.toBe(401);
    expect(me.status()).not.toBe(403);
    // The session cookie the browser holds: HttpOnly, SameSite=Lax (not Secure over plain http).
    const cookie = (await context.cookies()).find((c) => c.name.endsWith("next-auth.session-token"));
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false });
    const rows = withDatabase((db) =>
      db.prepare(`SELECT role, mustChangePassword FROM User WHERE email = ?`).all(invited.email),
    );
    expect(rows).toEqual([{ role: "member", mustChangePassword: 0 }]);
    await context.close();

    // The audit log names the invitation by the person's email.
    await adminSide.page.goto(`/admin/audit?target=${encodeURIComponent(invited.email)}`);
    const actions = await adminSide.page
      .getByTestId("audit-row")
      .evaluateAll((elements) => elements.map((el) => el.getAttribute("data-action")));
    expect(actions).toContain("user.invite");
  });

  test("the used link is refused with a clear message", async () => {
    expect(link).not.toBe("");
    await expectRefused(link);
  });

  test("an expired link is refused with a clear message", async () => {
    const late = await invite("lee-late@example.test", "Lee Late");
    // Time passes: the invitation's 72 hours are over.
    withDatabase((db) => {
      const row = db.prepare(`SELECT expiresAt FROM Invitation WHERE email = ?`).get("lee-late@example.test") as {
        expiresAt: number | string;
      };
      const past =
        typeof row.expiresAt === "number" ? Date.now() - 60_000 : new Date(Date.now() - 60_000).toISOString();
      db.prepare(`UPDATE Invitation SET expiresAt = ? WHERE email = ?`).run(past, "lee-late@example.test");
    });
    await expectRefused(late);
    expect(
      withDatabase((db) => db.prepare(`SELECT id FROM User WHERE email = ?`).all("lee-late@example.test")),
    ).toEqual([]);
  });
});

describe("the admin pages on a 390 px phone", () => {
  const PAGES = ["users", "accounts", "attempts", "audit", "health"] as const;

  async function overflowOf(page: Page): Promise<number> {
    return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  }

  test.each([
    ["en-US", "People", "Audit log"],
    ["ru-RU", "Люди", "Журнал аудита"],
  ])(
    "%s: every admin page fits without horizontal scrolling, worded in its language",
    async (locale, people, audit) => {
      const { page, context } = await newPage(browser, app, { locale });
      await page.setViewportSize({ width: 390, height: 844 });
      await signIn(page, admin.email, admin.password);
      for (const section of PAGES) {
        await page.goto(`/admin/${section}`);
        await page.getByTestId(`admin-nav-${section}`).waitFor();
        expect(await overflowOf(page), `/admin/${section} (${locale})`).toBeLessThanOrEqual(0);
      }
      await page.goto("/admin/users");
      expect(await page.getByTestId("admin-nav-users").innerText()).toBe(people);
      expect(await page.getByTestId("admin-nav-audit").innerText()).toBe(audit);
      // The confirmation dialog fits the phone too.
      const row = page.locator(`[data-testid="person-row"][data-email="${invitedRowEmail}"]`);
      await row.getByTestId("reset-password").click();
      const dialog = row.getByTestId("confirm-person-action");
      await dialog.waitFor();
      const box = await dialog.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
      expect(await dialog.innerText()).toContain(invitedRowEmail);
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "hidden" });
      expect(await overflowOf(page)).toBeLessThanOrEqual(0);
      await context.close();
    },
  );
});
