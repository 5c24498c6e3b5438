/**
 * End-to-end test harness (vitest project "e2e", real Chromium, real `next start`).
 *
 * Per test run, tests/support/e2e-global-setup.ts builds the app once (`next build` into
 * its own .next-e2e/<run> folder) and migrates a template SQLite database. Then, in a test file:
 *
 *   import { afterAll, beforeAll, expect, test } from "vitest";
 *   import { createTestUser, launchBrowser, newPage, signIn, startApp } from "../support/e2e";
 *
 *   let app: StartedApp; let browser: LaunchedBrowser;
 *   beforeAll(async () => {
 *     app = await startApp({ env: { SANDBOX_PORT: "…", SANDBOX_CONTROL_PORT: "…" } });
 *     browser = await launchBrowser();
 *   });
 *   afterAll(async () => { await browser?.dispose(); await app?.stop(); });
 *
 *   test("…", async () => {
 *     const user = await createTestUser(app);              // { id, email, name, password }
 *     const { page, context } = await newPage(browser, app, { locale: "ru-RU" });
 *     await signIn(page, user.email, user.password);      // lands on /telegram
 *     await page.goto("/telegram");                        // relative to app.url
 *     await context.close();
 *   });
 *
 * - startApp({ env, readyTimeoutMs }) → { url, port, dataDir, databaseUrl, env, logs(), stop() }:
 *   a free port on 127.0.0.1, a fresh copy of the migrated database in a temp dataDir,
 *   fresh AUTH_SECRET / TELEGRAM_SESSION_KEY, NEXTAUTH_URL = url, LOG_LEVEL=warn,
 *   TELEGRAM_MODE=sandbox, NODE_ENV=production; `env` overrides any of these (SANDBOX_*, …).
 *   SANDBOX_DIR defaults to <dataDir>/sandbox.
 * - createTestUser(app, { email?, password?, name?, role? }) → the user plus its password (role "member" unless told).
 * - launchBrowser() → Chromium (CHROMIUM_PATH or /usr/bin/chromium, quiet flags, fresh
 *   profile); dispose() closes it. Missing Chromium throws with how to install it.
 * - newPage(browser, app, { locale? }) → { context, page } with baseURL = app.url.
 * - signIn(page, email, password): through the form; throws with the form's error.
 * - signInByRequest(page, email, password): the form's request without the form, then /telegram.
 * - hasSessionCookie(context), freePort().
 * E2E_BUILD_DIR=<existing dist dir> skips the build while iterating on tests.
 */
export { createTestUser, freePort, startApp, type StartAppOptions, type StartedApp, type TestUser } from "./app";
export {
  hasSessionCookie,
  launchBrowser,
  newPage,
  signIn,
  signInByRequest,
  type LaunchedBrowser,
  type PageOptions,
} from "./browser";
