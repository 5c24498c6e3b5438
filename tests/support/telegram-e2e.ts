// What every Telegram end-to-end file starts with: a sandbox data centre on its own
// ports, `next start` pointed at it, and Chromium.
import type { APIRequestContext, BrowserContext } from "playwright-core";
import { expect } from "vitest";
import { startTestSandbox, type TestSandbox } from "../integration/support/sandbox";
import { launchBrowser, startApp, type LaunchedBrowser, type StartedApp } from "./e2e";
import { loginStateOf } from "./json";
import { sandboxAppEnv } from "./sandbox-env";

export interface TelegramE2E {
  sandbox: TestSandbox;
  app: StartedApp;
  browser: LaunchedBrowser;
  stop(): Promise<void>;
}

export async function startTelegramE2E(env: Record<string, string> = {}): Promise<TelegramE2E> {
  const sandbox = await startTestSandbox();
  let app: StartedApp | undefined;
  try {
    app = await startApp({ env: { ...sandboxAppEnv({ ...sandbox, controlUrl: sandbox.running.controlUrl }), ...env } });
    const browser = await launchBrowser();
    const started = app;
    return {
      sandbox,
      app,
      browser,
      stop: async () => {
        await browser.dispose();
        await started.stop();
        await sandbox.stop();
      },
    };
  } catch (error) {
    await app?.stop();
    await sandbox.stop();
    throw error;
  }
}

/**
 * The phone scans `qrUrl` as `username` after the attempt that showed it has ended
 * (cancelled, or lost in a restart), and nothing links: the sandbox accepts the scan (the
 * token is still valid, only the client that would finish the login is gone), yet for a
 * while longer than a live client needs to finish, the login stays `status`, Telegram gets
 * no new authorised session for `username`, and the site user has no linked account.
 */
export async function expectScanLinksNothing(
  sandbox: TestSandbox,
  request: APIRequestContext,
  qrUrl: string,
  username: string,
  status: string,
): Promise<void> {
  const authorised = async () =>
    (await sandbox.control.sessions({ user: username })).filter((session) => !session.internal && !session.revoked)
      .length;
  const before = await authorised();
  await sandbox.control.scan(qrUrl, username);
  // A live client hears updateLoginToken at once and links within a few hundred ms.
  const until = Date.now() + 2_000;
  do {
    expect((await loginStateOf(await request.get("/api/telegram/login"))).status).toBe(status);
    await new Promise((resolve) => setTimeout(resolve, 100));
  } while (Date.now() < until);
  expect(await authorised()).toBe(before);
  expect((await request.get("/api/telegram/chats")).status()).toBe(409);
}

/**
 * Links `username`'s sandbox account to the site user signed into `context`, through the
 * real login API and the sandbox's phone-side scan. Plain bounded loops, not expect.poll:
 * callers run it in beforeAll too.
 */
export async function linkTelegramAccount(
  context: BrowserContext,
  app: StartedApp,
  sandbox: TestSandbox,
  username: string,
): Promise<void> {
  const headers = { origin: app.url };
  const pause = () => new Promise((resolve) => setTimeout(resolve, 100));
  let state = await loginStateOf(
    await context.request.post("/api/telegram/login", { headers, data: { restart: true } }),
  );
  for (let i = 0; i < 50 && state.status !== "qr"; i++) {
    await pause();
    state = await loginStateOf(await context.request.get("/api/telegram/login"));
  }
  if (state.status !== "qr") throw new Error(`no QR code for ${username}: ${JSON.stringify(state)}`);
  await sandbox.control.scan(state.qr.url, username);
  for (let i = 0; i < 100 && state.status !== "success"; i++) {
    await pause();
    state = await loginStateOf(await context.request.get("/api/telegram/login"));
  }
  if (state.status !== "success") throw new Error(`linking ${username} ended in ${JSON.stringify(state)}`);
}
