// A server restart in the middle of a QR login: the GramJS client died with the old
// process, so the page must say so and offer a fresh start, never spin forever.
import { afterAll, beforeAll, expect, test } from "vitest";

import { createTestUser, newPage, signInByRequest } from "../support/e2e";
import { expectScanLinksNothing, startTelegramE2E, type TelegramE2E } from "../support/telegram-e2e";

let world: TelegramE2E;

beforeAll(async () => {
  world = await startTelegramE2E();
});

afterAll(() => world?.stop());

test("a restart during an attempt tells the page to start again", async () => {
  const { app, browser, sandbox } = world;
  // The old code must still be valid when scanned after the restart (which can take a
  // minute on a busy machine), so that the scan is accepted and only its dead client is missing.
  await sandbox.control.setTokenTtl(600);
  const user = await createTestUser(app);
  const { page, context } = await newPage(browser, app);
  await signInByRequest(page, user.email, user.password);
  await page.goto("/telegram");
  await page.getByRole("button", { name: "Create QR code" }).click();
  await page.locator('[data-login-status="qr"]').waitFor();
  const oldQr = await page.locator("svg[data-qr-value]").getAttribute("data-qr-value");

  await app.restart();

  const ended = page.locator('[data-login-status="failed"]');
  await ended.waitFor({ timeout: 20_000 });
  expect(await ended.textContent()).toContain("The server restarted during your login. Start again.");
  // The old code is dead: scanning it links nothing.
  await expectScanLinksNothing(sandbox, context.request, oldQr!, "alice", "failed");

  await page.getByRole("button", { name: "Create a new QR code" }).click();
  await page.locator('[data-login-status="qr"]').waitFor();
  expect(await page.locator("svg[data-qr-value]").getAttribute("data-qr-value")).not.toBe(oldQr);
  await context.close();
  // Two server starts in one test: on a busy machine each can take tens of seconds.
}, 180_000);
