// Received files end to end: real Chromium, `next start`, the sandbox over TCP. The bytes
// the browser gets are compared with what the sandbox stores (its control API).
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
let other: { page: Page; context: BrowserContext };
let ivan: string;
const scratch = mkdtempSync(join(tmpdir(), "tgdesk-media-e2e-"));

beforeAll(async () => {
  e2e = await startTelegramE2E();
  ({ sandbox, app, browser } = e2e);
  try {
    ivan = String(sandbox.running.sandbox.world.userByKey("ivan")!.id);
    const user = await createTestUser(app);
    alice = await newPage(browser, app);
    await signInByRequest(alice.page, user.email, user.password);
    await linkTelegramAccount(alice.context, app, sandbox, "alice");
    const second = await createTestUser(app);
    other = await newPage(browser, app);
    await signInByRequest(other.page, second.email, second.password);
    await linkTelegramAccount(other.context, app, sandbox, "erin");
  } catch (error) {
    console.log(app.logs());
    throw error;
  }
});

afterAll(async () => {
  await e2e?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

async function history(): Promise<MessageDto[]> {
  const response = await alice.context.request.get(`/api/telegram/chats/${ivan}/messages`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { messages: MessageDto[] }).messages;
}

async function fileMessage(predicate: (message: MessageDto) => boolean): Promise<MessageDto> {
  const found = (await history()).filter((m) => m.media?.file && predicate(m)).at(-1);
  if (!found) throw new Error("no such file message in Ivan's chat");
  return found;
}

async function openIvan(page: Page): Promise<void> {
  await page.goto(`/telegram/chats/${ivan}`);
  await page.getByTestId("composer").waitFor();
  await page.waitForFunction(() => document.documentElement.dataset.live === "connected", undefined, {
    timeout: 15_000,
  });
}

async function cvFile() {
  const files = await sandbox.control.files("alice", "ivan", 50);
  const cv = files.find((file) => file.fileName === "CV_Ivan_Petrov.pdf");
  if (!cv) throw new Error("the seeded CV is missing");
  return cv;
}

/** The response body read through Node's fetch with alice's cookies, so it can be read slice by slice. */
async function fetchAsAlice(path: string, init: RequestInit = {}): Promise<Response> {
  const cookies = await alice.context.cookies();
  return fetch(new URL(path, app.url), {
    ...init,
    headers: {
      ...(init.headers as Record<string, string>),
      cookie: cookies.map((c) => `${c.name}=${c.value}`).join("; "),
    },
  });
}

test("the seeded CV downloads through the Download link with its name, type and exact bytes", async () => {
  const page = alice.page;
  await openIvan(page);
  const documentBubble = page.getByTestId("media-document").filter({ hasText: "CV_Ivan_Petrov.pdf" });
  await documentBubble.waitFor();
  expect(await documentBubble.getByTestId("media-open").getAttribute("target")).toBe("_blank");
  const [download] = await Promise.all([
    page.waitForEvent("download", { timeout: 20_000 }),
    documentBubble.getByTestId("media-download").click(),
  ]);
  expect(download.suggestedFilename()).toBe("CV_Ivan_Petrov.pdf");
  const saved = join(scratch, "cv.pdf");
  await download.saveAs(saved);
  const expected = await sandbox.control.fileBytes({ fileId: (await cvFile()).fileId });
  expect(expected.length).toBe(1251);
  expect(readFileSync(saved).equals(expected)).toBe(true);

  const cv = await fileMessage((m) => m.media?.file?.name === "CV_Ivan_Petrov.pdf");
  const inline = await alice.context.request.get(cv.media!.file!.url);
  expect(inline.status()).toBe(200);
  expect(inline.headers()["content-type"]).toBe("application/pdf");
  expect(inline.headers()["content-disposition"]).toBe('inline; filename="CV_Ivan_Petrov.pdf"');
  expect(inline.headers()["accept-ranges"]).toBe("bytes");
  expect(Buffer.from(await inline.body()).equals(expected)).toBe(true);
});

test("a Range request returns exactly that slice (206), an impossible one 416", async () => {
  const cv = await fileMessage((m) => m.media?.file?.name === "CV_Ivan_Petrov.pdf");
  const expected = await sandbox.control.fileBytes({ fileId: (await cvFile()).fileId });
  const slice = await alice.context.request.get(cv.media!.file!.url, { headers: { range: "bytes=100-299" } });
  expect(slice.status()).toBe(206);
  expect(slice.headers()["content-range"]).toBe("bytes 100-299/1251");
  // No Content-Length: Next 16 drops it from every route handler's response (send-response.js);
  // the exact body below and Content-Range carry the sizes.
  expect(Buffer.from(await slice.body()).equals(expected.subarray(100, 300))).toBe(true);
  const tail = await alice.context.request.get(cv.media!.file!.url, { headers: { range: "bytes=-51" } });
  expect(tail.status()).toBe(206);
  expect(Buffer.from(await tail.body()).equals(expected.subarray(1200))).toBe(true);
  const beyond = await alice.context.request.get(cv.media!.file!.url, { headers: { range: "bytes=5000-" } });
  expect(beyond.status()).toBe(416);
  expect(beyond.headers()["content-range"]).toBe("bytes */1251");
});

test("another site user gets 404 for the same media URL, with nothing of the file", async () => {
  const cv = await fileMessage((m) => m.media?.file?.name === "CV_Ivan_Petrov.pdf");
  const answer = await other.context.request.get(cv.media!.file!.url);
  expect(answer.status()).toBe(404);
  expect((await answer.body()).includes(Buffer.from("%PDF"))).toBe(false);
  // Their own account id in the URL does not help either: the message is not in their chats.
  const accounts = await other.context.request.get("/api/telegram/account");
  const theirs = ((await accounts.json()) as { account?: { id: string } }).account?.id;
  if (theirs) {
    const swapped = cv.media!.file!.url.replace(/\/media\/[^/]+\//, `/media/${theirs}/`);
    expect((await other.context.request.get(swapped)).status()).toBe(404);
  }
  const signedOut = await fetch(new URL(cv.media!.file!.url, app.url));
  expect(signedOut.status).toBe(401);
  // The same holds for every other kind of file and for thumbnails: the video, its poster,
  // the stickers, the CV's page preview.
  const others = (await history()).filter((m) => m.media?.file && m.media.kind !== "document");
  const urls = [
    cv.media!.file!.thumbUrl!,
    ...others.flatMap((m) => [m.media!.file!.url, m.media!.file!.thumbUrl].filter((u): u is string => !!u)),
  ];
  expect(others.map((m) => m.media!.kind)).toEqual(expect.arrayContaining(["video", "round", "sticker"]));
  for (const url of urls) {
    expect((await alice.context.request.get(url)).status(), url).toBe(200);
    expect((await other.context.request.get(url)).status(), url).toBe(404);
  }
});

test("the CV bubble shows its page thumbnail in a box sized from the message, from an immutable URL", async () => {
  const page = alice.page;
  await openIvan(page);
  const documentBubble = page.getByTestId("media-document").filter({ hasText: "CV_Ivan_Petrov.pdf" });
  const preview = documentBubble.getByTestId("media-document-preview");
  await preview.waitFor();
  // The image loads lazily: bring it into view.
  await preview.scrollIntoViewIfNeeded();
  // 226×320 fits 72 px high: the box is 51×72 whether or not the image has arrived.
  const box = await preview.boundingBox();
  expect([Math.round(box!.width), Math.round(box!.height)]).toEqual([51, 72]);
  const thumb = documentBubble.getByTestId("media-document-thumb");
  // Scrolled again on each try: the list may still be settling at its bottom, and a lazy
  // image out of view is not fetched.
  await expect
    .poll(
      async () => {
        await preview.scrollIntoViewIfNeeded();
        return thumb.getAttribute("data-loaded");
      },
      { timeout: 15_000 },
    )
    .toBe("true");
  expect(await thumb.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([226, 320]);
  const after = await preview.boundingBox();
  expect([after!.width, after!.height]).toEqual([box!.width, box!.height]);

  const cv = await fileMessage((m) => m.media?.file?.name === "CV_Ivan_Petrov.pdf");
  expect(await thumb.getAttribute("src")).toBe(cv.media!.file!.thumbUrl);
  const answer = await alice.context.request.get(cv.media!.file!.thumbUrl!);
  expect(answer.status()).toBe(200);
  expect(answer.headers()["content-type"]).toBe("image/jpeg");
  expect(answer.headers()["cache-control"]).toContain("immutable");
  const expected = await sandbox.control.fileBytes({ fileId: (await cvFile()).fileId, thumb: "m" });
  expect(Buffer.from(await answer.body()).equals(expected)).toBe(true);
});

test("stickers: the static WebP one shows itself, the animated (TGS) one its still WebP thumbnail", async () => {
  const page = alice.page;
  await openIvan(page);
  const still = page.locator('[data-testid="media-sticker"][data-animated="false"]');
  const animated = page.locator('[data-testid="media-sticker"][data-animated="true"]');
  const natural = (img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0);
  await still.last().scrollIntoViewIfNeeded();
  await expect.poll(() => still.last().evaluate(natural), { timeout: 15_000 }).toBe(512);
  await animated.last().scrollIntoViewIfNeeded();
  await expect.poll(() => animated.last().evaluate(natural), { timeout: 15_000 }).toBe(128);
  expect(await animated.last().getAttribute("alt")).toContain("Animated sticker");

  const stickers = (await history()).filter((m) => m.media?.kind === "sticker");
  const webp = stickers.find((m) => m.media!.file!.mimeType === "image/webp")!;
  const tgs = stickers.find((m) => m.media!.file!.mimeType === "application/x-tgsticker")!;
  expect(await still.last().getAttribute("src")).toBe(webp.media!.file!.url);
  expect(await animated.last().getAttribute("src")).toBe(tgs.media!.file!.thumbUrl);
  const thumb = await alice.context.request.get(tgs.media!.file!.thumbUrl!);
  expect(thumb.headers()["content-type"]).toBe("image/webp");
  const full = await alice.context.request.get(webp.media!.file!.url);
  expect(full.headers()["content-type"]).toBe("image/webp");
  expect((await full.body()).subarray(8, 12).toString()).toBe("WEBP");
});

test("the video shows its poster first, then plays past 0.5 s and seeks through byte ranges; the round one is a circle", async () => {
  const page = alice.page;
  await openIvan(page);
  const video = page.getByTestId("media-video").last();
  await video.waitFor();
  const message = await fileMessage((m) => m.media?.kind === "video");
  const file = message.media!.file!;
  // Before anything plays: the poster (the thumbnail) and no byte of the video itself.
  expect(await video.getAttribute("poster")).toBe(file.thumbUrl);
  expect(await video.evaluate((v: HTMLVideoElement) => [v.readyState, v.currentTime])).toEqual([0, 0]);
  await expect
    .poll(
      () =>
        page.evaluate(
          (poster) => performance.getEntriesByType("resource").some((e) => e.name.endsWith(poster)),
          file.thumbUrl!,
        ),
      { timeout: 15_000 },
    )
    .toBe(true);
  expect(
    await page.evaluate((url) => performance.getEntriesByType("resource").some((e) => e.name.endsWith(url)), file.url),
  ).toBe(false);
  await expect(
    page.getByTestId("media-video-box").last().getByTestId("media-video-duration").textContent(),
  ).resolves.toBe("0:04");
  // The box has the video's 16:9 shape from the message before it loads.
  const box = await video.boundingBox();
  expect([Math.round(box!.width), Math.round(box!.height)]).toEqual([320, 180]);

  // Muted, so the browser's autoplay rules allow play() from the test.
  await video.evaluate((v: HTMLVideoElement) => {
    v.muted = true;
    return v.play();
  });
  await page.waitForFunction(
    () => {
      const videos = document.querySelectorAll<HTMLVideoElement>('[data-testid="media-video"]');
      return (videos[videos.length - 1]?.currentTime ?? 0) > 0.5;
    },
    undefined,
    { timeout: 20_000 },
  );
  await video.evaluate((v: HTMLVideoElement) => {
    v.pause();
    return new Promise<void>((resolve, reject) => {
      v.addEventListener("seeked", () => resolve(), { once: true });
      v.addEventListener("error", () => reject(new Error(v.error?.message)), { once: true });
      v.currentTime = 3.2;
    });
  });
  expect(await video.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeGreaterThanOrEqual(3);

  const bytes = await sandbox.control.fileBytes({ user: "alice", peer: "ivan", messageId: message.id });
  const slice = await alice.context.request.get(file.url, { headers: { range: "bytes=20000-29999" } });
  expect(slice.status()).toBe(206);
  expect(slice.headers()["content-type"]).toBe("video/mp4");
  expect(slice.headers()["content-range"]).toBe(`bytes 20000-29999/${bytes.length}`);
  expect(Buffer.from(await slice.body()).equals(bytes.subarray(20_000, 30_000))).toBe(true);

  const round = page.getByTestId("media-round").last();
  const roundMessage = await fileMessage((m) => m.media?.kind === "round");
  expect(await round.getAttribute("poster")).toBe(roundMessage.media!.file!.thumbUrl);
  const roundBox = await round.boundingBox();
  expect([Math.round(roundBox!.width), Math.round(roundBox!.height)]).toEqual([240, 240]);
  expect(await round.evaluate((v) => getComputedStyle(v).borderRadius)).not.toBe("0px");
});

test("a channel's posts with a photo and a PDF: shown in the channel, the PDF downloads, a Range works", async () => {
  const news = sandbox.running.sandbox.world.channelByUsername("sandbox_news")!;
  const peer = `-100${news.id}`;
  const page = alice.page;
  await page.goto(`/telegram/chats/${peer}`);
  const photoBubble = page.getByTestId("message").filter({ hasText: "Our new office" });
  await photoBubble.waitFor({ timeout: 15_000 });
  await photoBubble.scrollIntoViewIfNeeded();
  const image = photoBubble.getByTestId("media-photo-image");
  await expect.poll(() => image.getAttribute("data-loaded"), { timeout: 15_000 }).toBe("true");
  const box = await photoBubble.getByTestId("media-photo").boundingBox();
  // 1200×800 fits 320 wide.
  expect([Math.round(box!.width), Math.round(box!.height)]).toEqual([320, 213]);

  const digest = page.getByTestId("media-document").filter({ hasText: "Sandbox_News_digest.pdf" });
  await digest.scrollIntoViewIfNeeded();
  const [download] = await Promise.all([
    page.waitForEvent("download", { timeout: 20_000 }),
    digest.getByTestId("media-download").click(),
  ]);
  expect(download.suggestedFilename()).toBe("Sandbox_News_digest.pdf");
  const saved = join(scratch, "digest.pdf");
  await download.saveAs(saved);
  const listed = await sandbox.control.files("alice", "sandbox_news", 10);
  const expected = await sandbox.control.fileBytes({ fileId: listed.find((f) => f.type === "document")!.fileId });
  expect(readFileSync(saved).equals(expected)).toBe(true);

  const response = await alice.context.request.get(`/api/telegram/chats/${peer}/messages`);
  const messages = ((await response.json()) as { messages: MessageDto[] }).messages;
  const post = messages.find((m) => m.media?.file?.name === "Sandbox_News_digest.pdf")!;
  const slice = await alice.context.request.get(post.media!.file!.url, { headers: { range: "bytes=100-599" } });
  expect(slice.status()).toBe(206);
  expect(Buffer.from(await slice.body()).equals(expected.subarray(100, 600))).toBe(true);
  const photo = messages.find((m) => m.text === "Our new office")!;
  const full = await alice.context.request.get(photo.media!.file!.url);
  const largest = await sandbox.control.fileBytes({ fileId: listed.find((f) => f.type === "photo")!.fileId });
  expect(Buffer.from(await full.body()).equals(largest)).toBe(true);
  // Erin's site user is in this channel through her own account, but not through Alice's.
  expect((await other.context.request.get(post.media!.file!.url)).status()).toBe(404);
});

test("a photo sent now appears live; the viewer opens full size, moves with the arrow keys and closes on Esc", async () => {
  const page = alice.page;
  await openIvan(page);
  const before = await page.getByTestId("media-photo").count();
  expect(before).toBeGreaterThanOrEqual(1);
  const seedPhoto = join(process.cwd(), "packages/telegram-sandbox/seed/diploma-x.jpg");
  await sandbox.control.sendFile({
    from: "ivan",
    to: "alice",
    path: seedPhoto,
    kind: "photo",
    caption: "Второй диплом",
  });
  await expect.poll(() => page.getByTestId("media-photo").count(), { timeout: 15_000 }).toBe(before + 1);

  const first = page.getByTestId("media-photo").first();
  // The bubble has the photo's shape before the image is there: 1000×750 fits 320×240.
  const box = await first.boundingBox();
  expect(Math.round(box!.width)).toBe(320);
  expect(Math.round(box!.height)).toBe(240);
  await first.click();
  const viewer = page.getByTestId("photo-viewer");
  await viewer.waitFor();
  const firstId = await viewer.getAttribute("data-message-id");
  await page.waitForFunction(
    () => document.querySelector<HTMLImageElement>('[data-testid="photo-viewer-image"]')?.naturalWidth === 1000,
    undefined,
    { timeout: 15_000 },
  );
  await page.keyboard.press("ArrowRight");
  await expect.poll(() => viewer.getAttribute("data-message-id")).not.toBe(firstId);
  await page.keyboard.press("ArrowLeft");
  await expect.poll(() => viewer.getAttribute("data-message-id")).toBe(firstId);
  await page.keyboard.press("Escape");
  await viewer.waitFor({ state: "detached" });
  expect(await first.evaluate((node) => node === document.activeElement)).toBe(true);
});

test("the voice note plays: its first second passes in the audio element", async () => {
  const page = alice.page;
  await openIvan(page);
  const player = page.getByTestId("media-audio").first();
  await player.waitFor();
  await player.getByTestId("media-audio-play").click();
  await page.waitForFunction(
    () => (document.querySelector<HTMLAudioElement>('[data-testid="media-audio-element"]')?.currentTime ?? 0) >= 1,
    undefined,
    { timeout: 20_000 },
  );
  expect(Number(await player.getByTestId("media-audio-progress").getAttribute("data-progress"))).toBeGreaterThan(0);
  await player.getByTestId("media-audio-play").click();
});

test("a download survives the file moving to another DC (FILE_MIGRATE) and its reference expiring mid-stream", async () => {
  const path = join(scratch, "portfolio.bin");
  writeFileSync(path, randomBytes(6 * 1024 * 1024 + 12_345));
  await sandbox.control.sendFile({ from: "ivan", to: "alice", path, fileName: "Портфолио.bin" });
  const stored = (await sandbox.control.files("alice", "ivan", 5)).find((f) => f.fileName === "Портфолио.bin")!;
  const expected = readFileSync(path);
  const message = await fileMessage((m) => m.media?.file?.name === "Портфолио.bin");
  const url = `${message.media!.file!.url}&download=1`;

  const readWith = async (midway: () => Promise<unknown>): Promise<Buffer> => {
    const response = await fetchAsAlice(url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toContain(
      "filename*=UTF-8''%D0%9F%D0%BE%D1%80%D1%82%D1%84%D0%BE%D0%BB%D0%B8%D0%BE.bin",
    );
    const reader = response.body!.getReader();
    const parts: Buffer[] = [];
    let first = true;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(Buffer.from(value));
      if (first) {
        first = false;
        await midway();
      }
    }
    return Buffer.concat(parts);
  };
  const otherDc = stored.dcId === 1 ? 2 : 1;
  const moved = await readWith(() => sandbox.control.moveFile(stored.fileId, otherDc));
  expect(moved.length).toBe(expected.length);
  expect(moved.equals(expected)).toBe(true);

  const refreshed = await readWith(() => sandbox.control.expireFileReferences(stored.fileId));
  expect(refreshed.equals(expected)).toBe(true);

  // And a range deep in the file, from the DC it now lives on.
  const slice = await fetchAsAlice(url, { headers: { range: "bytes=3000000-3100000" } });
  expect(slice.status).toBe(206);
  expect(Buffer.from(await slice.arrayBuffer()).equals(expected.subarray(3_000_000, 3_100_001))).toBe(true);
});
