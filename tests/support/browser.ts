// Driving Debian's Chromium for end-to-end tests. See tests/support/e2e.ts for the API.
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_HELP, findChromium } from "./chromium";
import type { StartedApp } from "./app";

export type LaunchedBrowser = Browser & {
  /** closes the browser (its temporary profile goes with it) */ dispose: () => Promise<void>;
};

/**
 * Launches headless Chromium (CHROMIUM_PATH or /usr/bin/chromium) with a fresh
 * profile. Throws, never skips, when Chromium is missing.
 */
export async function launchBrowser(): Promise<LaunchedBrowser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(CHROMIUM_HELP);
  // launch() (unlike launchPersistentContext) gives every browser its own temporary
  // profile directory, removed on close: the fresh user-data-dir we want.
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  return Object.assign(browser, {
    dispose: async () => {
      await browser.close().catch(() => undefined);
    },
  });
}

export type PageOptions = {
  /** Browser locale; also sets Accept-Language (e.g. "ru-RU"). Default "en-US". */
  locale?: string;
};

/** A page in a new, isolated context (own cookies) whose relative URLs resolve against the app. */
export async function newPage(
  browser: Browser,
  app: Pick<StartedApp, "url">,
  options: PageOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: app.url, locale: options.locale ?? "en-US" });
  const page = await context.newPage();
  return { context, page };
}

/**
 * Signs in through the real sign-in form (navigating to /sign-in unless the page is
 * already there) and waits until the browser has left it. Throws with the form's error
 * text when sign-in fails; use the form directly to test failures.
 */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  if (new URL(page.url(), "http://x").pathname !== "/sign-in") await page.goto("/sign-in");
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('button[type="submit"]').click();
  const error = page.getByTestId("sign-in-error");
  // argon2id verification plus the redirect took over 20 s on a machine at load 25.
  const left = page.waitForURL((url) => url.pathname !== "/sign-in", { timeout: 45_000 });
  const failed = error.waitFor({ state: "visible", timeout: 45_000 }).then(async () => {
    throw new Error(`sign-in as ${email} failed: ${await error.innerText()}`);
  });
  await Promise.race([left, failed]);
  failed.catch(() => undefined);
}

/**
 * Signs in through next-auth's own credentials endpoint (the request the form sends),
 * then opens /telegram as the form does. For tests about what comes after signing in:
 * it skips loading the sign-in page's scripts, seconds per user on a busy machine. The
 * form itself is tested through signIn().
 */
export async function signInByRequest(page: Page, email: string, password: string): Promise<void> {
  const request = page.context().request;
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, json: "true" },
    maxRedirects: 0,
  });
  if (!(await hasSessionCookie(page.context()))) {
    throw new Error(`sign-in as ${email} failed: HTTP ${response.status()} ${await response.text()}`);
  }
  await page.goto("/telegram");
}

/** Whether the context holds a next-auth session cookie. */
export async function hasSessionCookie(context: BrowserContext): Promise<boolean> {
  return (await context.cookies()).some((cookie) => cookie.name.endsWith("next-auth.session-token"));
}
