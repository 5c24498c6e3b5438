// Sending files from the composer in real Chromium against `next start` and the sandbox:
// what the other side's Telegram stores (read through the sandbox's control API) has the
// same bytes as the file chosen; a file over the site's limit (MAX_UPLOAD_MB=8 here) is
// refused before any upload; a cancelled upload sends nothing.
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import type { BrowserContext, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, expect, test } from "vitest";

import type { TestSandbox } from "../integration/support/sandbox";
import { createTestUser, newPage, signInByRequest, type StartedApp } from "../support/e2e";
import { linkTelegramAccount, startTelegramE2E, type TelegramE2E } from "../support/telegram-e2e";

let e2e: TelegramE2E;
let sandbox: TestSandbox;
let app: StartedApp;
let alice: { page: Page; context: BrowserContext };

const MB = 1024 * 1024;
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const userId = (username: string) => String(sandbox.running.sandbox.world.userByKey(username)!.id);
/** The newest file in bob's chat with alice, as bob's Telegram has it. */
const newestForBob = async () => (await sandbox.control.files("bob", "alice", 1))[0] ?? null;
const filesForBob = async () => (await sandbox.control.files("bob", "alice", 100)).length;

/** Calls `fn` until it resolves; rejects with its last error after `ms`. */
async function eventually<T>(fn: () => Promise<T>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

beforeAll(async () => {
  e2e = await startTelegramE2E({ MAX_UPLOAD_MB: "8" });
  ({ sandbox, app } = e2e);
  try {
    const user = await createTestUser(app);
    alice = await newPage(e2e.browser, app);
    await signInByRequest(alice.page, user.email, user.password);
    await linkTelegramAccount(alice.context, app, sandbox, "alice");
  } catch (error) {
    console.log(app.logs());
    throw error;
  }
});

afterAll(async () => {
  await e2e?.stop();
});

async function openBob(page: Page): Promise<void> {
  await page.goto(`/telegram/chats/${userId("bob")}`);
  await page.getByTestId("composer").waitFor();
}

/** Pastes `bytes` as an image file into the composer, as a screenshot from the clipboard would arrive. */
async function pasteImage(page: Page, bytes: Buffer, type: string): Promise<void> {
  await page.getByTestId("composer").focus();
  await page.evaluate(
    ({ base64, type }) => {
      const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], "image.png", { type }));
      const area = document.querySelector('[data-testid="composer"]')!;
      area.dispatchEvent(new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true }));
    },
    { base64: bytes.toString("base64"), type },
  );
}

test("a 5 MB PDF chosen with the attach button reaches the other side byte for byte, with its name and caption", async () => {
  const page = alice.page;
  await openBob(page);
  const pdf = Buffer.concat([Buffer.from("%PDF-1.7\n"), randomBytes(5 * MB - 9)]);

  const chooser = page.waitForEvent("filechooser");
  // Keyboard: the attach button is a real button, reached with Tab and pressed with Enter.
  await page.getByTestId("attach").focus();
  await page.keyboard.press("Enter");
  await (await chooser).setFiles({ name: "CV_Ivan_Petrov.pdf", mimeType: "application/pdf", buffer: pdf });
  const staged = page.getByTestId("staged-file");
  await staged.waitFor();
  expect(await staged.getAttribute("data-name")).toBe("CV_Ivan_Petrov.pdf");
  await page.getByTestId("composer").fill("The candidate's CV");
  await page.getByTestId("send").click();

  await page.getByTestId("pending-upload").waitFor();
  const received = await eventually(async () => {
    const file = await newestForBob();
    if (file?.fileName !== "CV_Ivan_Petrov.pdf") throw new Error(`newest file is ${JSON.stringify(file)}`);
    return file;
  }, 60_000);
  expect(received).toMatchObject({ kind: "document", mimeType: "application/pdf", caption: "The candidate's CV" });
  expect(sha256(await sandbox.control.fileBytes({ fileId: received.fileId }))).toBe(sha256(pdf));
  // The placeholder gives way to the sent message.
  await page.getByTestId("pending-upload").waitFor({ state: "detached", timeout: 20_000 });
  await page.getByTestId("message").filter({ hasText: "The candidate's CV" }).waitFor({ timeout: 10_000 });
});

test("a pasted image is previewed and sent as a photo, or byte for byte when sent as a file", async () => {
  const page = alice.page;
  await openBob(page);
  const png = await sharp({ create: { width: 320, height: 200, channels: 3, background: "#2a7ae2" } })
    .png()
    .toBuffer();

  await pasteImage(page, png, "image/png");
  await page.getByTestId("staged-file").locator("img").waitFor();
  await page.getByTestId("send").click();
  const photo = await eventually(async () => {
    const file = await newestForBob();
    if (file?.kind !== "photo") throw new Error(`newest file is ${JSON.stringify(file)}`);
    return file;
  }, 30_000);
  expect(Math.max(...photo.sizes.map((size) => size.w))).toBe(320);

  await pasteImage(page, png, "image/png");
  await page.getByTestId("staged-file").waitFor();
  await page.getByTestId("send-as-file").check();
  await page.getByTestId("send").click();
  const document = await eventually(async () => {
    const file = await newestForBob();
    if (file?.kind !== "document") throw new Error(`newest file is ${JSON.stringify(file)}`);
    return file;
  }, 30_000);
  expect(document.fileName).toMatch(/^pasted-image-\d{8}-\d{6}\.png$/);
  expect(document.mimeType).toBe("image/png");
  expect(sha256(await sandbox.control.fileBytes({ fileId: document.fileId }))).toBe(sha256(png));
});

test("a file over the site's limit is refused before any upload, in words, and by the server too", async () => {
  const page = alice.page;
  await openBob(page);
  const before = await filesForBob();
  await page
    .getByTestId("attach-input")
    .setInputFiles({ name: "huge-video.mp4", mimeType: "video/mp4", buffer: Buffer.alloc(9 * MB, 1) });
  const problem = page.getByTestId("staged-problem");
  await problem.waitFor();
  expect(await problem.textContent()).toMatch(/huge-video\.mp4 is too big: at most 8 MB can be sent/);
  expect(await page.getByTestId("send").isDisabled()).toBe(true);
  expect(await page.getByTestId("pending-upload").count()).toBe(0);
  await page.getByTestId("staged-remove").click();
  expect(await page.getByTestId("staged-file").count()).toBe(0);

  // The route checks the declared length before it reads a byte: the body is never sent here.
  const cookie = (await alice.context.cookies(app.url)).map((c) => `${c.name}=${c.value}`).join("; ");
  const answer = await new Promise<{ status: number; body: { error: { code: string } } }>((resolve, reject) => {
    const request = http.request(
      new URL(`/api/telegram/chats/${userId("bob")}/files?name=big.bin&randomId=42`, app.url),
      {
        method: "POST",
        headers: {
          cookie,
          origin: app.url,
          "content-type": "application/octet-stream",
          "content-length": String(8 * MB + 1),
        },
      },
      (response) => {
        let text = "";
        response.on("data", (chunk: Buffer) => (text += chunk.toString()));
        response.on("end", () => {
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as { error: { code: string } } });
          request.destroy();
        });
      },
    );
    request.on("error", reject);
    request.flushHeaders();
  });
  expect(answer.status).toBe(413);
  expect(answer.body.error.code).toBe("file_too_large");
  expect(await filesForBob()).toBe(before);
});

test("cancelling an upload sends nothing", async () => {
  const page = alice.page;
  await openBob(page);
  const before = await filesForBob();
  await page
    .getByTestId("attach-input")
    .setInputFiles({ name: "cancel-me.bin", mimeType: "application/octet-stream", buffer: randomBytes(7.5 * MB) });
  await page.getByTestId("staged-file").waitFor();
  // Telegram takes its time over each part, as it does on a slow link: on an idle machine
  // the whole file could otherwise reach Telegram before the click on cancel does.
  const slow = await sandbox.control.setFault({
    method: "upload.saveFilePart",
    delayMs: 500,
    user: "alice",
  });
  try {
    await page.getByTestId("send").click();
    await page.getByTestId("cancel-upload").click();
    await page.getByTestId("pending-upload").waitFor({ state: "detached" });
  } finally {
    await sandbox.control.clearFaults(slow.id);
  }

  // Something sent after the cancelled file arrives, and the cancelled file never did.
  await page.getByTestId("attach-input").setInputFiles({
    name: "after-cancel.txt",
    mimeType: "text/plain",
    buffer: Buffer.from("sent after the cancelled one"),
  });
  await page.getByTestId("send").click();
  await eventually(async () => {
    const file = await newestForBob();
    if (file?.fileName !== "after-cancel.txt") throw new Error(`newest file is ${JSON.stringify(file)}`);
  }, 30_000);
  // The cancelled upload's server side ended when the browser went away; give it the
  // time the rest of its body would have taken, then count.
  await page.waitForTimeout(3_000);
  const names = (await sandbox.control.files("bob", "alice", 100)).map((file) => file.fileName);
  expect(names).not.toContain("cancel-me.bin");
  expect(await filesForBob()).toBe(before + 1);
});
