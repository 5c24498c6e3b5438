// Administration end to end: real Chromium, `next start`, the sandbox data centre. An
// admin creates a member, the member links alice, the admin force-logs the link out,
// disables the member mid-session; sessions really end; the audit log and its CSV
// export record every step with the right actor.
import Database from "better-sqlite3";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { createTestUser, newPage, signIn, type LaunchedBrowser, type StartedApp, type TestUser } from "../support/e2e";
import { linkTelegramAccount, startTelegramE2E, type TelegramE2E } from "../support/telegram-e2e";
import { errorBodyOf } from "../support/json";

let e2e: TelegramE2E;
let app: StartedApp;
let browser: LaunchedBrowser;

let admin: TestUser;
let adminSide: { page: Page; context: BrowserContext };
/** The member the admin creates through the panel. */
const member = { email: "member-e2e@example.test", name: "Mia Member", password: "" };
let memberSide: { page: Page; context: BrowserContext };
const nativeDialogs: string[] = [];

beforeAll(async () => {
  e2e = await startTelegramE2E();
  ({ app, browser } = e2e);
  admin = await createTestUser(app, { role: "admin", name: "Ada Admin" });
  adminSide = await newPage(browser, app);
  // Destructive actions ask in the page's own dialog; a native confirm() would be a regression.
  adminSide.page.on("dialog", (dialog) => {
    nativeDialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await signIn(adminSide.page, admin.email, admin.password);
});

afterAll(async () => {
  await e2e?.stop();
});

/** The in-app confirmation that is open now: its title and body, after checking it is modal. */
async function openConfirmation(page: Page, testId: string) {
  const dialog = page.getByTestId(testId);
  await dialog.waitFor();
  expect(await dialog.evaluate((node) => node instanceof HTMLDialogElement && node.matches(":modal"))).toBe(true);
  return { dialog, text: await dialog.innerText() };
}

function dbRows(sql: string, ...params: unknown[]): Record<string, unknown>[] {
  const database = new Database(app.databaseUrl.replace(/^file:/, ""), { readonly: true, fileMustExist: true });
  try {
    return database.prepare(sql).all(...params) as Record<string, unknown>[];
  } finally {
    database.close();
  }
}

async function sessionCookie(context: BrowserContext) {
  const cookie = (await context.cookies()).find((c) => c.name.endsWith("next-auth.session-token"));
  if (!cookie) throw new Error("no session cookie");
  return cookie;
}

/** A request carrying only this cookie, outside any browser: a replay. */
function replay(cookie: { name: string; value: string }, path: string) {
  return fetch(`${app.url}${path}`, { headers: { cookie: `${cookie.name}=${cookie.value}` }, redirect: "manual" });
}

function linkTelegram(context: BrowserContext, username: string): Promise<void> {
  return linkTelegramAccount(context, app, e2e.sandbox, username);
}

const liveAppSessions = async (username: string) =>
  (await e2e.sandbox.control.sessions({ user: username })).filter(
    (s: { internal: boolean; revoked: boolean }) => !s.internal && !s.revoked,
  );

describe("administration", () => {
  test("a member cannot reach /admin: pages answer 404, the admin API 403 JSON", async () => {
    const someone = await createTestUser(app);
    const { page, context } = await newPage(browser, app);
    await signIn(page, someone.email, someone.password);
    const response = await page.goto("/admin/users");
    expect(response?.status()).toBe(404);
    expect(await page.getByTestId("people-table").count()).toBe(0);
    for (const path of [
      "/api/admin/users",
      "/api/admin/audit",
      "/api/admin/audit/export",
      "/api/admin/telegram-accounts",
    ]) {
      const api = await context.request.get(path);
      expect(api.status(), path).toBe(403);
      expect((await errorBodyOf(api)).error.code).toBe("forbidden");
    }
    const write = await context.request.post("/api/admin/users", {
      headers: { origin: app.url },
      data: { email: "x@y.test", name: "X" },
    });
    expect(write.status()).toBe(403);
    expect(await page.getByTestId("menu-admin").count()).toBe(0);
    await context.close();
  });

  test("the admin creates a member, who must choose a password, signs in and links alice", async () => {
    const { page } = adminSide;
    await page.goto("/admin/users");
    await page.getByTestId("create-email").fill(member.email);
    await page.getByTestId("create-name").fill(member.name);
    await page.getByTestId("create-person").locator('button[type="submit"]').click();
    const generated = (await page.getByTestId("created-password").innerText()).trim();
    expect(generated).toMatch(/^[A-Za-z0-9_-]{16}$/);
    await page.locator(`[data-testid="person-row"][data-email="${member.email}"]`).waitFor();

    memberSide = await newPage(browser, app);
    const { page: memberPage } = memberSide;
    await signIn(memberPage, member.email, generated);
    // A generated password is good only for choosing one's own.
    await memberPage.waitForURL((url) => url.pathname === "/profile");
    await memberPage.getByTestId("must-change-password").waitFor();
    // The API refuses them too, all but changing the password.
    const refused = await memberSide.context.request.get("/api/telegram/me");
    expect(refused.status()).toBe(403);
    expect((await errorBodyOf(refused)).error.code).toBe("password_change_required");
    member.password = "mia-chooses-her-own";
    await memberPage.getByTestId("current-password").fill(generated);
    await memberPage.getByTestId("new-password").fill(member.password);
    await memberPage.getByTestId("confirm-password").fill(member.password);
    await memberPage.getByTestId("change-password").click();
    await memberPage.waitForURL((url) => url.pathname.startsWith("/telegram"));

    await linkTelegram(memberSide.context, "alice");
    await memberPage.goto("/telegram/dashboard");
    await memberPage.getByTestId("chat-list").waitFor();
  });

  test("the admin sees the link and force-logs it out: the sandbox ends the session, the member is asked to link again", async () => {
    const { page } = adminSide;
    expect((await liveAppSessions("alice")).length).toBeGreaterThan(0);
    await page.goto("/admin/accounts");
    const row = page.locator(`[data-testid="account-row"][data-owner="${member.email}"]`);
    await row.waitFor();
    expect(await row.getAttribute("data-username")).toBe("alice");
    expect(await row.getAttribute("data-status")).toBe("active");
    // The panel shows who linked what, never a message or the whole phone number.
    const text = await row.innerText();
    expect(text).toContain(member.email);
    expect(text).toMatch(/\+•+\d{2}/);

    await row.getByTestId("force-logout").click();
    const { dialog, text: question } = await openConfirmation(page, "confirm-account-action");
    // The dialog names the account and its owner.
    expect(question).toContain("@alice");
    expect(question).toContain(member.email);
    await dialog.getByTestId("dialog-confirm").click();
    await row.getByTestId("account-notice").waitFor();
    expect(await row.getByTestId("account-notice").innerText()).toContain("confirmed the logout");
    await page.locator(`[data-testid="account-row"][data-owner="${member.email}"][data-status="revoked"]`).waitFor();
    expect(await liveAppSessions("alice")).toEqual([]);

    const { page: memberPage } = memberSide;
    await memberPage.goto("/telegram/dashboard");
    await memberPage.getByTestId("problem-revoked").waitFor();
    expect(await memberPage.getByTestId("relink").getAttribute("href")).toBe("/telegram");
  });

  test("a cookie captured before sign-out is refused after it", async () => {
    const { page, context } = memberSide;
    const captured = await sessionCookie(context);
    expect((await replay(captured, "/api/telegram/me")).status).not.toBe(401);
    await page.goto("/profile");
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await page.waitForURL((url) => url.pathname === "/sign-in");
    const replayed = await replay(captured, "/api/telegram/me");
    expect(replayed.status).toBe(401);
    expect((await errorBodyOf(replayed)).error.code).toBe("unauthenticated");
    const replayedPage = await replay(captured, "/profile");
    expect(replayedPage.status).toBe(307);
    expect(replayedPage.headers.get("location")).toContain("/sign-in");
  });

  test("disabling the member while their page is open refuses their next request", async () => {
    const { page, context } = memberSide;
    await signIn(page, member.email, member.password);
    await page.goto("/profile");
    const before = await sessionCookie(context);

    await adminSide.page.goto(`/admin/users?q=${encodeURIComponent(member.email)}`);
    const row = adminSide.page.locator(`[data-testid="person-row"][data-email="${member.email}"]`);
    const disable = row.getByTestId("disable-person");
    await disable.click();
    const { dialog, text: question } = await openConfirmation(adminSide.page, "confirm-person-action");
    expect(question).toContain(member.name);
    expect(question).toContain(member.email);
    // Cancel has the focus (Enter must not destroy), Tab stays inside, Esc cancels and gives focus back.
    const focused = () => adminSide.page.evaluate(() => document.activeElement?.getAttribute("data-testid") ?? null);
    expect(await focused()).toBe("dialog-cancel");
    await adminSide.page.keyboard.press("Tab");
    expect(await focused()).toBe("dialog-confirm");
    await adminSide.page.keyboard.press("Tab");
    expect(await focused()).toBe("dialog-cancel");
    await adminSide.page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    expect(await focused()).toBe("disable-person");
    expect(await row.getAttribute("data-status")).toBe("active");
    expect((await context.request.get("/api/telegram/me")).status()).not.toBe(401);

    await disable.click();
    await (
      await openConfirmation(adminSide.page, "confirm-person-action")
    ).dialog
      .getByTestId("dialog-confirm")
      .click();
    await adminSide.page
      .locator(`[data-testid="person-row"][data-email="${member.email}"][data-status="disabled"]`)
      .waitFor();

    // The open page's next request: its API call is refused, and a navigation lands on sign-in.
    const api = await context.request.get("/api/telegram/me");
    expect(api.status()).toBe(401);
    await page.reload();
    await page.waitForURL((url) => url.pathname === "/sign-in");
    expect((await replay(before, "/api/telegram/me")).status).toBe(401);
    // Nor can they sign in again.
    await page.locator('input[name="email"]').fill(member.email);
    await page.locator('input[name="password"]').fill(member.password);
    await page.locator('button[type="submit"]').click();
    await page.getByTestId("sign-in-error").waitFor();
  });

  test("every action is in the audit log with the right actor, and in the CSV export", async () => {
    const { page, context } = adminSide;
    await page.goto("/admin/audit");
    await page.getByTestId("audit-table").waitFor();
    const rows = await page.getByTestId("audit-row").evaluateAll((elements) =>
      elements.map((el) => ({
        action: el.getAttribute("data-action"),
        actor: el.getAttribute("data-actor"),
        target: el.getAttribute("data-target"),
      })),
    );
    const expected: [string, string][] = [
      ["user.create", admin.email],
      ["sign_in.success", member.email],
      ["password.change", member.email],
      ["telegram.link", member.email],
      ["telegram.force_logout", admin.email],
      ["sign_out", member.email],
      ["user.disable", admin.email],
      ["sign_in.failure", ""],
    ];
    for (const [action, actor] of expected) {
      expect(
        rows.some((row) => row.action === action && row.actor === actor),
        `${action} by ${actor || "nobody"}`,
      ).toBe(true);
    }
    expect(rows.find((row) => row.action === "user.disable")?.target).toBe(member.email);

    // Filtering by actor narrows the table to that person's own actions.
    await page.goto(`/admin/audit?actor=${encodeURIComponent(admin.email)}`);
    const actors = await page
      .getByTestId("audit-row")
      .evaluateAll((elements) => elements.map((el) => el.getAttribute("data-actor")));
    expect(actors.length).toBeGreaterThan(0);
    expect(new Set(actors)).toEqual(new Set([admin.email]));

    const csv = await context.request.get("/api/admin/audit/export");
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    const body = await csv.text();
    for (const [action, actor] of expected) {
      const line = body.split("\r\n").find((l) => l.split(",")[1] === action && (actor === "" || l.includes(actor)));
      expect(line, `${action} in the CSV`).toBeDefined();
    }
    // The export itself is recorded.
    expect(dbRows(`SELECT actorEmail FROM AuditEvent WHERE action = 'audit.export'`)).toEqual([
      { actorEmail: admin.email },
    ]);
    // No entry can be rewritten (append-only at the database).
    expect(() => {
      const database = new Database(app.databaseUrl.replace(/^file:/, ""));
      try {
        database.prepare(`UPDATE AuditEvent SET actorEmail = 'forged@example.test'`).run();
      } finally {
        database.close();
      }
    }).toThrow(/append-only/);
  });

  test("the admin turns on private webhook addresses with the keyboard, and the page shows it after a reload", async () => {
    const { page } = adminSide;
    await page.goto("/admin/settings");
    const toggle = page.getByTestId("admin-settings-webhooks-private");
    expect(await toggle.isChecked()).toBe(false);
    await toggle.focus();
    await page.keyboard.press("Space");
    await page.getByTestId("admin-settings-status").filter({ hasText: /\S/ }).waitFor({ timeout: 5_000 });
    await page.reload();
    expect(await page.getByTestId("admin-settings-webhooks-private").isChecked()).toBe(true);
    expect(dbRows(`SELECT value FROM AppSetting WHERE key = 'webhooks.allowPrivateAddresses'`)).toEqual([
      { value: "true" },
    ]);
    expect(dbRows(`SELECT actorEmail, details FROM AuditEvent WHERE action = 'setting.update'`)).toEqual([
      { actorEmail: admin.email, details: JSON.stringify({ from: false, to: true }) },
    ]);
  }, 10_000);

  test("no native confirm() was shown on the way", () => {
    expect(nativeDialogs).toEqual([]);
  });
});
