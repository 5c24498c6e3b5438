// Web Push in real Chromium: the settings card registers the service worker, and turning
// notifications on is handled when the browser's push service is out of reach (headless
// Chromium here has no FCM: PushManager.subscribe rejects), worded as such, with nothing
// stored. The push path itself is tested against a stand-in push service in
// tests/integration/push.test.ts.
import { createECDH } from "node:crypto";
import { afterAll, beforeAll, expect, test } from "vitest";
import {
  createTestUser,
  launchBrowser,
  newPage,
  signInByRequest,
  startApp,
  type LaunchedBrowser,
  type StartedApp,
} from "../support/e2e";

let app: StartedApp;
let browser: LaunchedBrowser;

beforeAll(async () => {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  app = await startApp({
    env: {
      WEB_PUSH: "on",
      VAPID_PUBLIC_KEY: ecdh.getPublicKey().toString("base64url"),
      VAPID_PRIVATE_KEY: Buffer.concat([Buffer.alloc(32), ecdh.getPrivateKey()])
        .subarray(-32)
        .toString("base64url"),
      VAPID_SUBJECT: "mailto:e2e@tgdesk.invalid",
    },
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.dispose();
  await app?.stop();
});

test("the settings card registers the service worker and words a browser without a push service", async () => {
  const user = await createTestUser(app);
  const { context, page } = await newPage(browser, app);
  // Permission granted up front, so what fails is the push service, not the prompt.
  await context.grantPermissions(["notifications"], { origin: app.url });
  await signInByRequest(page, user.email, user.password);
  await page.goto("/telegram/settings");

  const card = page.getByTestId("push-card");
  await card.getByRole("heading", { name: "Notifications when the site is closed" }).waitFor();
  const thisBrowser = page.getByTestId("push-this-browser");
  await expect.poll(() => thisBrowser.getAttribute("data-worker")).toBe("ready");
  const worker = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return { script: registration.active?.scriptURL ?? "", scope: registration.scope };
  });
  expect(worker).toEqual({ script: `${app.url}/sw.js`, scope: `${app.url}/` });
  expect(await thisBrowser.getAttribute("data-state")).toBe("off");
  await expect.poll(() => page.getByTestId("push-empty").isVisible()).toBe(true);

  await page.getByTestId("push-enable").click();
  const error = page.getByTestId("push-error");
  await error.waitFor({ timeout: 20_000 });
  expect(await error.innerText()).toContain("This browser cannot reach its push service");
  // Nothing was stored, and the browser is not left half subscribed.
  const status = await context.request.get("/api/push/subscriptions");
  expect(status.status()).toBe(200);
  expect(await status.json()).toMatchObject({ enabled: true, subscriptions: [] });
  expect(
    await page.evaluate(async () => (await navigator.serviceWorker.ready).pushManager.getSubscription()),
  ).toBeNull();
  expect(await thisBrowser.getAttribute("data-state")).toBe("off");

  // In production the server refuses to push to loopback (it is the server that sends).
  const refused = await context.request.post("/api/push/subscriptions", {
    headers: { origin: app.url },
    data: {
      endpoint: "http://127.0.0.1:9/push/x",
      keys: { p256dh: ecdhPublic(), auth: Buffer.alloc(16, 1).toString("base64url") },
    },
  });
  expect(refused.status()).toBe(400);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("push_endpoint_invalid");

  // A subscription stored earlier whose push service is now out of bounds: the test button
  // runs the real encryption and signing in the built server, then reports the failure.
  const { createDb } = await import("@/lib/db");
  const db = createDb(app.databaseUrl);
  try {
    await db.pushSubscription.create({
      data: {
        userId: user.id,
        endpoint: "https://127.0.0.1:9/push/stale",
        p256dh: ecdhPublic(),
        auth: Buffer.alloc(16, 2).toString("base64url"),
        label: "Firefox · Windows",
      },
    });
  } finally {
    await db.$disconnect();
  }
  await page.reload();
  const row = page.getByTestId("push-browser");
  await row.waitFor();
  expect(await row.innerText()).toContain("Firefox · Windows");
  await page.getByTestId("push-test").click();
  const result = page.getByTestId("push-test-result");
  await result.waitFor();
  expect(await result.innerText()).toBe("1 browser could not be reached.");
  await expect.poll(() => row.innerText()).toContain("1 failed delivery");
  // Removing it by keyboard.
  await row.getByRole("button", { name: "Stop notifications to Firefox · Windows" }).focus();
  await page.keyboard.press("Enter");
  await page.getByTestId("push-empty").waitFor();
  await context.close();
});

function ecdhPublic(): string {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  return ecdh.getPublicKey().toString("base64url");
}
