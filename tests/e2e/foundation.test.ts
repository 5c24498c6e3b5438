// The foundation in a real browser: site sign-in, the session guard on /telegram and
// /api/telegram, sign-out, and the Russian locale.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  createTestUser,
  hasSessionCookie,
  launchBrowser,
  newPage,
  signIn,
  startApp,
  type LaunchedBrowser,
  type StartedApp,
  type TestUser,
} from "../support/e2e";

let app: StartedApp;
let browser: LaunchedBrowser;
let user: TestUser;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  user = await createTestUser(app, { name: "Ada Lovelace" });
});

afterAll(async () => {
  await browser?.dispose();
  await app?.stop();
});

describe("sign-in", () => {
  test("a wrong password shows an error and creates no session", async () => {
    const { context, page } = await newPage(browser, app);
    await page.goto("/sign-in");
    await page.locator('input[name="email"]').fill(user.email);
    await page.locator('input[name="password"]').fill(`${user.password}-wrong`);
    await page.locator('button[type="submit"]').click();

    const error = page.getByTestId("sign-in-error");
    await error.waitFor({ state: "visible" });
    expect(await error.innerText()).toContain("Wrong email or password");
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    // Focus returns to the password so it can be retyped straight away.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("password");
    expect(await hasSessionCookie(context)).toBe(false);
    const me = await context.request.get("/api/telegram/me");
    expect(me.status()).toBe(401);
    await context.close();
  });

  test("a submit before the page is interactive never puts the password in the URL", async () => {
    const context = await browser.newContext({ baseURL: app.url, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/sign-in");
    await page.locator('input[name="email"]').fill(user.email);
    await page.locator('input[name="password"]').fill(user.password);
    const [response] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === "/sign-in" && r.request().method() === "POST"),
      page.locator('button[type="submit"]').click(),
    ]);
    expect(response.status()).toBeLessThan(500);
    expect(page.url()).not.toContain(encodeURIComponent(user.password));
    expect(page.url()).not.toContain("password=");
    expect(await hasSessionCookie(context)).toBe(false);
    await context.close();
  });

  test("an unknown email gets the same error", async () => {
    const { context, page } = await newPage(browser, app);
    await page.goto("/sign-in");
    await page.locator('input[name="email"]').fill("nobody@e2e.test");
    await page.locator('input[name="password"]').fill("whatever-password");
    await page.locator('button[type="submit"]').click();
    await page.getByTestId("sign-in-error").waitFor({ state: "visible" });
    expect(await page.getByTestId("sign-in-error").innerText()).toContain("Wrong email or password");
    expect(await hasSessionCookie(context)).toBe(false);
    await context.close();
  });

  test("repeated wrong passwords lock the email with a clear message", async () => {
    const victim = await createTestUser(app);
    const { context, page } = await newPage(browser, app);
    const { csrfToken } = (await (await context.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    for (let i = 0; i < 10; i++) {
      await context.request.post("/api/auth/callback/credentials", {
        form: { csrfToken, email: victim.email, password: `wrong-${i}`, json: "true" },
      });
    }
    await page.goto("/sign-in");
    await page.locator('input[name="email"]').fill(victim.email);
    await page.locator('input[name="password"]').fill(victim.password);
    await page.locator('button[type="submit"]').click();
    await page.getByTestId("sign-in-error").waitFor({ state: "visible" });
    expect(await page.getByTestId("sign-in-error").innerText()).toContain("Too many wrong passwords");
    expect(await hasSessionCookie(context)).toBe(false);
    await context.close();
  });

  test("the right password lands on /telegram with the user's name in the header", async () => {
    const { context, page } = await newPage(browser, app);
    await signIn(page, user.email, user.password);
    expect(new URL(page.url()).pathname).toBe("/telegram");
    expect(await page.getByTestId("header-user-name").innerText()).toBe("Ada Lovelace");
    expect(await hasSessionCookie(context)).toBe(true);

    const me = await context.request.get("/api/telegram/me");
    expect(me.status()).toBe(200);
    expect(await me.json()).toEqual({ user: { id: user.id, email: user.email, name: "Ada Lovelace" } });
    await context.close();
  });

  test("sign-out ends the session", async () => {
    const { context, page } = await newPage(browser, app);
    await signIn(page, user.email, user.password);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((url) => url.pathname === "/sign-in");
    expect(await hasSessionCookie(context)).toBe(false);
    await page.goto("/telegram");
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    await context.close();
  });
});

describe("signed out", () => {
  test("/telegram redirects to sign-in and back after signing in", async () => {
    const { context, page } = await newPage(browser, app);
    await page.goto("/telegram?ref=e2e");
    const redirected = new URL(page.url());
    expect(redirected.pathname).toBe("/sign-in");
    expect(redirected.searchParams.get("callbackUrl")).toBe("/telegram?ref=e2e");

    await signIn(page, user.email, user.password);
    const back = new URL(page.url());
    expect(back.pathname).toBe("/telegram");
    expect(back.searchParams.get("ref")).toBe("e2e");
    await context.close();
  });

  test("a callbackUrl to another site is ignored", async () => {
    const { context, page } = await newPage(browser, app);
    await page.goto(`/sign-in?callbackUrl=${encodeURIComponent("https://evil.example/steal")}`);
    await signIn(page, user.email, user.password);
    expect(new URL(page.url()).origin).toBe(app.url);
    expect(new URL(page.url()).pathname).toBe("/telegram");
    await context.close();
  });

  test("/api/telegram/* answers 401 JSON", async () => {
    for (const path of ["/api/telegram/me", "/api/telegram/login", "/api/telegram/anything/else"]) {
      const response = await fetch(`${app.url}${path}`, { redirect: "manual" });
      expect(response.status, path).toBe(401);
      expect(response.headers.get("content-type"), path).toContain("application/json");
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code, path).toBe("unauthenticated");
      expect(body.error.message.length, path).toBeGreaterThan(0);
    }
  });

  test("a forged session cookie is not accepted", async () => {
    const response = await fetch(`${app.url}/api/telegram/me`, {
      headers: { cookie: "next-auth.session-token=forged.jwt.value" },
    });
    expect(response.status).toBe(401);
  });
});

describe("languages", () => {
  test("Accept-Language ru renders the sign-in page in Russian", async () => {
    const { context, page } = await newPage(browser, app, { locale: "ru-RU" });
    await page.goto("/sign-in");
    expect(await page.locator("html").getAttribute("lang")).toBe("ru");
    expect(await page.locator("h1").innerText()).toBe("Вход в tgdesk");
    expect(await page.locator('button[type="submit"]').innerText()).toBe("Войти");

    await page.locator('input[name="email"]').fill(user.email);
    await page.locator('input[name="password"]').fill("wrong-password");
    await page.locator('button[type="submit"]').click();
    await page.getByTestId("sign-in-error").waitFor({ state: "visible" });
    expect(await page.getByTestId("sign-in-error").innerText()).toContain("Неверная почта или пароль");
    await context.close();
  });

  test("the header switch changes the language and remembers it", async () => {
    const { context, page } = await newPage(browser, app, { locale: "en-US" });
    await signIn(page, user.email, user.password);
    await expect.poll(() => page.getByRole("button", { name: "Sign out" }).count()).toBe(1);

    await page.locator('[data-locale="ru"]').click();
    await page.getByRole("button", { name: "Выйти" }).waitFor({ state: "visible" });
    expect(await page.locator("html").getAttribute("lang")).toBe("ru");
    expect(await page.getByTestId("telegram-welcome").innerText()).toContain("Ada Lovelace");
    expect(await page.locator('[data-locale="ru"]').getAttribute("aria-pressed")).toBe("true");

    // The choice is a cookie, not a URL prefix: it survives a reload of the same URL.
    await page.reload();
    expect(new URL(page.url()).pathname).toBe("/telegram");
    expect(await page.getByRole("button", { name: "Выйти" }).count()).toBe(1);

    await page.locator('[data-locale="en"]').click();
    await page.getByRole("button", { name: "Sign out" }).waitFor({ state: "visible" });
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await context.close();
  });
});

describe("static files in public/", () => {
  /** Fetched without a session, as a browser or crawler would before signing in. */
  async function get(pathname: string): Promise<{ response: Response; body: Buffer }> {
    const response = await fetch(`${app.url}${pathname}`, { redirect: "manual", signal: AbortSignal.timeout(10_000) });
    return { response, body: Buffer.from(await response.arrayBuffer()) };
  }

  /** Width and height from a PNG's IHDR chunk. */
  function pngSize(body: Buffer): { width: number; height: number } {
    expect(body.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
    return { width: body.readUInt32BE(16), height: body.readUInt32BE(20) };
  }

  test("robots.txt keeps every crawler out of the whole site", async () => {
    const { response, body } = await get("/robots.txt");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    const lines = body
      .toString("utf8")
      .split("\n")
      .map((line) => line.trim());
    expect(lines).toContain("User-agent: *");
    expect(lines).toContain("Disallow: /");
  });

  test("the web app manifest names tgdesk and its icons are served", async () => {
    const { response, body } = await get("/manifest.webmanifest");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/manifest\+json/);
    const manifest = JSON.parse(body.toString("utf8")) as {
      name: string;
      start_url: string;
      theme_color: string;
      icons: Array<{ src: string; sizes: string; type: string }>;
    };
    expect(manifest).toMatchObject({ name: "tgdesk", start_url: "/telegram", theme_color: "#229ed9" });
    expect(manifest.icons.map((icon) => icon.sizes)).toEqual(expect.arrayContaining(["192x192", "512x512"]));
    for (const icon of manifest.icons) {
      const served = await get(icon.src);
      expect(served.response.status, icon.src).toBe(200);
      expect(served.response.headers.get("content-type"), icon.src).toMatch(
        new RegExp(`^${icon.type.replace("+", "\\+")}`),
      );
      if (icon.type === "image/png") {
        const [width, height] = icon.sizes.split("x").map(Number);
        expect(pngSize(served.body), icon.src).toEqual({ width, height });
      } else {
        expect(served.body.toString("utf8"), icon.src).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      }
    }
  });

  test("favicon.ico and the Apple touch icon are real images", async () => {
    const favicon = await get("/favicon.ico");
    expect(favicon.response.status).toBe(200);
    expect(favicon.response.headers.get("content-type")).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
    // ICONDIR: reserved 0, type 1 (icon), at least one image.
    expect(favicon.body.readUInt16LE(0)).toBe(0);
    expect(favicon.body.readUInt16LE(2)).toBe(1);
    expect(favicon.body.readUInt16LE(4)).toBeGreaterThan(0);

    const apple = await get("/apple-touch-icon.png");
    expect(apple.response.status).toBe(200);
    expect(apple.response.headers.get("content-type")).toMatch(/^image\/png/);
    expect(pngSize(apple.body)).toEqual({ width: 180, height: 180 });
  });

  test("every page links the manifest, the icons and the theme colour", async () => {
    const { response, body } = await get("/sign-in");
    expect(response.status).toBe(200);
    const html = body.toString("utf8");
    expect(html).toMatch(/<link rel="manifest" href="\/manifest\.webmanifest"/);
    expect(html).toMatch(/<link rel="icon" href="\/favicon\.ico" sizes="32x32"/);
    expect(html).toMatch(/<link rel="icon" href="\/icon\.svg" type="image\/svg\+xml"/);
    expect(html).toMatch(/<link rel="apple-touch-icon" href="\/apple-touch-icon\.png"/);
    expect(html).toMatch(/<meta name="theme-color" content="#229ed9"/);
    expect(html).toMatch(/<meta name="robots" content="noindex, nofollow"/);
  });
});
