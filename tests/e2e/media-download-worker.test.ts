// The service worker that gives downloads their total (public/sw.js, public/sw-downloads.js),
// in real Chromium against `next start` and the sandbox over TCP: with the worker in charge,
// a whole-file download carries Content-Length and the browser's download manager knows the
// total from the first byte; Range requests and everything else pass by it untouched.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";

import type { MessageDto } from "@/lib/telegram/dto";
import type { TestSandbox } from "../integration/support/sandbox";
import { createTestUser, newPage, signInByRequest, type LaunchedBrowser, type StartedApp } from "../support/e2e";
import { linkTelegramAccount, startTelegramE2E, type TelegramE2E } from "../support/telegram-e2e";

let e2e: TelegramE2E;
let sandbox: TestSandbox;
let app: StartedApp;
let browser: LaunchedBrowser;
let alice: { page: Page; context: BrowserContext };
let ivan: string;
const scratch = mkdtempSync(join(tmpdir(), "tgdesk-download-worker-e2e-"));

beforeAll(async () => {
  e2e = await startTelegramE2E();
  ({ sandbox, app, browser } = e2e);
  try {
    ivan = String(sandbox.running.sandbox.world.userByKey("ivan")!.id);
    const user = await createTestUser(app);
    alice = await newPage(browser, app);
    await signInByRequest(alice.page, user.email, user.password);
    await linkTelegramAccount(alice.context, app, sandbox, "alice");
  } catch (error) {
    console.log(app.logs());
    throw error;
  }
});

afterAll(async () => {
  await e2e?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

async function fileMessage(name: string): Promise<MessageDto> {
  const response = await alice.context.request.get(`/api/telegram/chats/${ivan}/messages`);
  expect(response.status()).toBe(200);
  const messages = ((await response.json()) as { messages: MessageDto[] }).messages;
  const found = messages.filter((m) => m.media?.file?.name === name).at(-1);
  if (!found) throw new Error(`no message with ${name} in Ivan's chat`);
  return found;
}

async function storedBytes(name: string): Promise<Buffer> {
  const file = (await sandbox.control.files("alice", "ivan", 50)).find((f) => f.fileName === name);
  if (!file) throw new Error(`the sandbox has no ${name}`);
  return sandbox.control.fileBytes({ fileId: file.fileId });
}

/** Ivan's chat, once the worker registered by the dashboard controls the page. */
async function openIvanUnderWorker(page: Page): Promise<void> {
  await page.goto(`/telegram/chats/${ivan}`);
  await page.getByTestId("composer").waitFor();
  // As in media.test.ts: once live, the chat's list no longer re-renders under a click.
  await page.waitForFunction(() => document.documentElement.dataset.live === "connected", undefined, {
    timeout: 15_000,
  });
  // The first visit registers it; clients.claim() makes it take this very page.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${app.url}/sw.js`);
}

/** A fetch from the page (so through the worker): status, headers, body, and whether the worker answered it. */
async function fetchFromPage(page: Page, url: string, headers: Record<string, string> = {}) {
  const absolute = new URL(url, app.url).href;
  const [response, result] = await Promise.all([
    page.waitForResponse((r) => r.url() === absolute && r.request().resourceType() === "fetch", { timeout: 20_000 }),
    page.evaluate(
      async ({ url, headers }) => {
        const answer = await fetch(url, { headers });
        const bytes = new Uint8Array(await answer.arrayBuffer());
        return {
          status: answer.status,
          headers: Object.fromEntries(answer.headers.entries()),
          body: Array.from(bytes),
        };
      },
      { url, headers },
    ),
  ]);
  return { ...result, body: Buffer.from(result.body), fromServiceWorker: response.fromServiceWorker() };
}

test("with the worker in charge, a whole-file download of the CV carries Content-Length and the exact bytes", async () => {
  const page = alice.page;
  await openIvanUnderWorker(page);
  const expected = await storedBytes("CV_Ivan_Petrov.pdf");
  const cv = await fileMessage("CV_Ivan_Petrov.pdf");
  const answer = await fetchFromPage(page, `${cv.media!.file!.url}&download=1`);
  expect(answer.status).toBe(200);
  expect(answer.fromServiceWorker).toBe(true);
  expect(answer.headers["content-length"]).toBe(String(expected.length));
  expect(answer.headers["x-file-size"]).toBe(String(expected.length));
  expect(answer.headers["content-disposition"]).toBe('attachment; filename="CV_Ivan_Petrov.pdf"');
  expect(answer.body.equals(expected)).toBe(true);
});

test("Range requests go by the worker and still get their slice: the CV's and the voice note's first 100 bytes", async () => {
  const page = alice.page;
  await openIvanUnderWorker(page);
  const cvBytes = await storedBytes("CV_Ivan_Petrov.pdf");
  const cv = await fileMessage("CV_Ivan_Petrov.pdf");
  const slice = await fetchFromPage(page, `${cv.media!.file!.url}&download=1`, { range: "bytes=0-99" });
  expect(slice.status).toBe(206);
  expect(slice.fromServiceWorker).toBe(false);
  expect(slice.headers["content-range"]).toBe(`bytes 0-99/${cvBytes.length}`);
  expect(slice.body.equals(cvBytes.subarray(0, 100))).toBe(true);

  const response = await alice.context.request.get(`/api/telegram/chats/${ivan}/messages`);
  const voice = ((await response.json()) as { messages: MessageDto[] }).messages.find(
    (m) => m.media?.kind === "voice" && m.media.file,
  );
  if (!voice) throw new Error("the seeded voice note is missing");
  const whole = await alice.context.request.get(voice.media!.file!.url);
  const voiceBytes = Buffer.from(await whole.body());
  const head = await fetchFromPage(page, voice.media!.file!.url, { range: "bytes=0-99" });
  expect(head.status).toBe(206);
  expect(head.fromServiceWorker).toBe(false);
  expect(head.headers["content-range"]).toBe(`bytes 0-99/${voiceBytes.length}`);
  expect(head.body.equals(voiceBytes.subarray(0, 100))).toBe(true);
});

test("requests other than whole-file downloads are not answered by the worker", async () => {
  const page = alice.page;
  await openIvanUnderWorker(page);
  const cv = await fileMessage("CV_Ivan_Petrov.pdf");
  const inline = await fetchFromPage(page, cv.media!.file!.url);
  expect(inline.status).toBe(200);
  expect(inline.fromServiceWorker).toBe(false);
  expect(inline.headers["content-length"]).toBeUndefined();
  const account = await fetchFromPage(page, "/api/telegram/account");
  expect(account.status).toBe(200);
  expect(account.fromServiceWorker).toBe(false);
  expect(account.headers["content-length"]).toBeUndefined();
});

test("Download under the worker: the browser knows the total from the start, saves the right name and bytes, and the bubble says it started", async () => {
  const page = alice.page;
  const path = join(scratch, "assignment.bin");
  writeFileSync(path, randomBytes(3 * 1024 * 1024 + 4321));
  const expected = readFileSync(path);
  await sandbox.control.sendFile({ from: "ivan", to: "alice", path, fileName: "Test_assignment.bin" });
  await openIvanUnderWorker(page);
  const bubble = page.getByTestId("media-document").filter({ hasText: "Test_assignment.bin" });
  await bubble.waitFor({ timeout: 15_000 });
  const link = bubble.getByTestId("media-download");
  // A navigation, so it reaches the worker (Chromium sends `download` links past it).
  await expect.poll(() => link.getAttribute("download")).toBeNull();
  const chatUrl = page.url();

  // Playwright's own download: the name and the bytes.
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: 30_000 }), link.click()]);
  expect(download.suggestedFilename()).toBe("Test_assignment.bin");
  const saved = join(scratch, "saved.bin");
  await download.saveAs(saved);
  expect(readFileSync(saved).equals(expected)).toBe(true);
  const status = bubble.getByTestId("media-download-status");
  await expect.poll(() => status.getAttribute("data-state")).toBe("started");
  expect(await status.innerText()).toBe("Download started: see your browser's downloads");
  expect(page.url()).toBe(chatUrl);

  // What the browser's download manager sees (its progress events through DevTools): the total
  // is there while the bytes still arrive, not only once they are all in.
  const pageSession = await alice.context.newCDPSession(page);
  const { targetInfo } = await pageSession.send("Target.getTargetInfo");
  const browserSession = await browser.newBrowserCDPSession();
  try {
    await browserSession.send("Browser.setDownloadBehavior", {
      behavior: "allowAndName",
      downloadPath: scratch,
      eventsEnabled: true,
      browserContextId: targetInfo.browserContextId,
    });
    const progress: Array<{ totalBytes: number; receivedBytes: number; state: string; guid: string }> = [];
    const completed = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the download did not complete in 30 s")), 30_000);
      browserSession.on("Browser.downloadProgress", (event) => {
        progress.push(event);
        if (event.state === "completed") {
          clearTimeout(timer);
          resolve(event.guid);
        }
        if (event.state === "canceled") reject(new Error("the download was cancelled"));
      });
    });
    await link.click();
    const guid = await completed;
    const unfinished = progress.filter((event) => event.state === "inProgress");
    expect(unfinished.length).toBeGreaterThan(0);
    for (const event of unfinished) expect(event.totalBytes).toBe(expected.length);
    expect(readFileSync(join(scratch, guid)).equals(expected)).toBe(true);
  } finally {
    await browserSession.detach();
    await pageSession.detach();
  }
});

test("a download that cannot start leaves the chat in place, and the worker and the bubble say so", async () => {
  const page = alice.page;
  await openIvanUnderWorker(page);
  const cv = await fileMessage("CV_Ivan_Petrov.pdf");
  // The same route for a message that does not exist: a 404, which as a navigation would
  // replace the chat with an error document.
  const missing = new URL(`${cv.media!.file!.url.replace(/\/\d+\?/, "/987654321?")}&download=1`, app.url).href;
  const chatUrl = page.url();
  const notice = await page.evaluate(async (url) => {
    const channel = new BroadcastChannel("tgdesk-downloads");
    const heard = new Promise<unknown>((resolve) => {
      channel.onmessage = (event: MessageEvent) => resolve(event.data);
    });
    const link = document.createElement("a");
    link.href = url;
    document.body.append(link);
    link.click();
    link.remove();
    const data = await Promise.race([heard, new Promise((resolve) => setTimeout(() => resolve("no notice"), 20_000))]);
    channel.close();
    return data;
  }, missing);
  expect(notice).toEqual({ url: missing, ok: false });
  expect(page.url()).toBe(chatUrl);
  await page.getByTestId("composer").waitFor({ timeout: 5_000 });

  // The bubble's own Download when Telegram refuses the message (a sandbox fault on the
  // route's messages.getMessages): the error answer does not replace the chat, and the
  // bubble says the download did not start. A file not downloaded before: the CV's
  // download is in the browser's HTTP cache by now (immutable), so it would start anyway.
  const path = join(scratch, "reference.bin");
  writeFileSync(path, randomBytes(20_000));
  await sandbox.control.sendFile({ from: "ivan", to: "alice", path, fileName: "Reference.bin" });
  const bubble = page.getByTestId("media-document").filter({ hasText: "Reference.bin" });
  await bubble.waitFor({ timeout: 15_000 });
  const link = bubble.getByTestId("media-download");
  // Until the page is hydrated and sees its worker, the link is the plain `download` one.
  await expect.poll(() => link.getAttribute("download")).toBeNull();
  await link.scrollIntoViewIfNeeded();
  const fault = await sandbox.control.setFault({
    method: "messages.getMessages",
    error: "MSG_ID_INVALID",
    code: 400,
    user: "alice",
  });
  try {
    await link.click();
    const status = bubble.getByTestId("media-download-status");
    await expect.poll(() => status.getAttribute("data-state"), { timeout: 20_000 }).toBe("failed");
    expect(await status.innerText()).toBe("The download did not start. Try again.");
  } finally {
    await sandbox.control.clearFaults(fault.id);
  }
  expect(page.url()).toBe(chatUrl);
  expect(await page.getByTestId("composer").isVisible()).toBe(true);
});
