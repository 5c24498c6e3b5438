// Files through the real GramJS client over TCP: uploads in parts, sendMedia, downloads with
// Telegram's slice rules, FILE_MIGRATE, FILE_REFERENCE_EXPIRED, and the control API that
// sends and reads back files.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import sharp from "sharp";
import { Api, utils, type TelegramClient } from "telegram";
import { CustomFile } from "telegram/client/uploads";
import { NewMessage, type NewMessageEvent } from "telegram/events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newClient, qrLogin, startTestSandbox, type TestSandbox } from "@/tests/integration/support/sandbox";
import { SEED_MEDIA_DIR } from "../../src/seed-media";

let sb: TestSandbox;
let tmp: string;
const clients: TelegramClient[] = [];
async function loggedIn(user: string): Promise<TelegramClient> {
  const c = newClient(sb);
  clients.push(c);
  await c.connect();
  await qrLogin(c, sb, user);
  return c;
}

beforeAll(async () => {
  sb = await startTestSandbox();
  tmp = mkdtempSync(join(tmpdir(), "sandbox-files-"));
}, 60_000);
afterAll(async () => {
  await Promise.all(clients.map((c) => c.destroy().catch(() => undefined)));
  await sb?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

/** A seeded user as an entity: GramJS does not parse 4-letter names like "ivan" as usernames. */
async function userOf(c: TelegramClient, username: string): Promise<Api.User> {
  const r = await c.invoke(new Api.contacts.ResolveUsername({ username }));
  return r.users[0] as Api.User;
}

async function errorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "no error";
  } catch (e) {
    return (e as { errorMessage?: string }).errorMessage ?? String(e);
  }
}

/** Resolves with the first new message that passes `pred`, or rejects after `ms`. */
function nextMessage(c: TelegramClient, pred: (m: Api.Message) => boolean, ms = 15_000): Promise<Api.Message> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no live message")), ms);
    c.addEventHandler((e: NewMessageEvent) => {
      if (pred(e.message)) {
        clearTimeout(timer);
        resolve(e.message);
      }
    }, new NewMessage({}));
  });
}

async function ivanMedia(alice: TelegramClient) {
  const msgs = await alice.getMessages(await userOf(alice, "ivan"), { limit: 50 });
  const cv = msgs.find((m) => m.file?.name === "CV_Ivan_Petrov.pdf")!;
  const photo = msgs.find((m) => m.photo && m.message === "Мой диплом")!;
  const voice = msgs.find((m) => m.voice)!;
  return { cv, photo, voice };
}

describe("the seeded candidate's files", () => {
  it("are real: the CV downloads byte for byte, the photo has Telegram's sizes, the voice note a waveform", async () => {
    const alice = await loggedIn("alice");
    const { cv, photo, voice } = await ivanMedia(alice);
    expect(cv.message).toBe("Резюме");
    const doc = cv.document!;
    expect(doc.attributes.find((a) => a instanceof Api.DocumentAttributeFilename)).toMatchObject({
      fileName: "CV_Ivan_Petrov.pdf",
    });
    const bytes = (await alice.downloadMedia(cv)) as Buffer;
    const committed = readFileSync(join(SEED_MEDIA_DIR, "cv-ivan-petrov.pdf"));
    expect(bytes.equals(committed)).toBe(true);
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(Number(doc.size)).toBe(committed.length);

    const sizes = (photo.photo as Api.Photo).sizes;
    expect(sizes.map((z) => z.type)).toEqual(["i", "m", "x", "y"]);
    const stripped = sizes[0] as Api.PhotoStrippedSize;
    const thumb = await sharp(utils.strippedPhotoToJpg(stripped.bytes)).metadata();
    expect([thumb.width, thumb.height]).toEqual([40, 30]);
    const m = sizes[1] as Api.PhotoSize;
    const mBytes = (await alice.downloadMedia(photo, { thumb: m })) as Buffer;
    expect(mBytes.length).toBe(m.size);
    expect(await sharp(mBytes).metadata()).toMatchObject({ format: "jpeg", width: m.w, height: m.h });
    const full = (await alice.downloadMedia(photo)) as Buffer;
    const fromControl = await sb.control.fileBytes({ user: "alice", peer: "ivan", messageId: photo.id });
    expect(full.equals(fromControl)).toBe(true);

    const audio = voice.document!.attributes.find((a) => a instanceof Api.DocumentAttributeAudio)!;
    expect(audio).toMatchObject({ voice: true, duration: 17 });
    expect(audio.waveform!.length).toBe(63); // 100 five-bit levels
    const ogg = (await alice.downloadMedia(voice)) as Buffer;
    expect(ogg.subarray(0, 4).toString()).toBe("OggS");
    expect(ogg.subarray(28, 36).toString()).toBe("OpusHead");
  }, 60_000);
});

const committed = (asset: string) => readFileSync(join(SEED_MEDIA_DIR, asset));
const sizeM = (doc: Api.Document) => doc.thumbs!.find((z): z is Api.PhotoSize => z instanceof Api.PhotoSize)!;
const attribute = <T>(doc: Api.Document, cls: abstract new (...args: never[]) => T) =>
  doc.attributes.find((a): a is Api.TypeDocumentAttribute & T => a instanceof cls);

describe("seeded thumbnails, stickers, videos and channel posts", () => {
  it("the CV has a page thumbnail (m, and a stripped i) that downloads; a size it lacks is LOCATION_INVALID", async () => {
    const alice = await loggedIn("alice");
    const { cv } = await ivanMedia(alice);
    const doc = cv.document!;
    expect(doc.thumbs!.map((z) => z.type)).toEqual(["i", "m"]);
    const m = sizeM(doc);
    const bytes = (await alice.downloadMedia(cv, { thumb: m })) as Buffer;
    expect(bytes.equals(committed("cv-ivan-petrov-thumb-m.jpg"))).toBe(true);
    expect(bytes.length).toBe(m.size);
    // A page of A4: taller than wide, inside Telegram's 320 box.
    expect(await sharp(bytes).metadata()).toMatchObject({ format: "jpeg", width: m.w, height: m.h });
    expect([m.w, m.h]).toEqual([226, 320]);
    const stripped = doc.thumbs![0] as Api.PhotoStrippedSize;
    expect((await sharp(utils.strippedPhotoToJpg(stripped.bytes)).metadata()).height).toBe(40);
    expect((await sb.control.fileBytes({ fileId: String(doc.id), thumb: "m" })).equals(bytes)).toBe(true);
    const location = (thumbSize: string) =>
      new Api.InputDocumentFileLocation({
        id: doc.id,
        accessHash: doc.accessHash,
        fileReference: doc.fileReference,
        thumbSize,
      });
    const file = (await alice.invoke(
      new Api.upload.GetFile({ location: location("m"), offset: 0 as never, limit: 4096 }),
    )) as Api.upload.File;
    expect(file.type).toBeInstanceOf(Api.storage.FileJpeg);
    expect(
      await errorOf(alice.invoke(new Api.upload.GetFile({ location: location("x"), offset: 0 as never, limit: 4096 }))),
    ).toBe("LOCATION_INVALID");
    expect(
      await errorOf(alice.invoke(new Api.upload.GetFile({ location: location("i"), offset: 0 as never, limit: 4096 }))),
    ).toBe("LOCATION_INVALID");
  }, 60_000);

  it("stickers: a static WebP with its bytes, an animated TGS with a still WebP thumbnail", async () => {
    const alice = await loggedIn("alice");
    const msgs = await alice.getMessages(await userOf(alice, "ivan"), { limit: 50 });
    const stickers = msgs.filter((m) => m.document && attribute(m.document, Api.DocumentAttributeSticker));
    const still = stickers.find((m) => m.document!.mimeType === "image/webp")!;
    const animated = stickers.find((m) => m.document!.mimeType === "application/x-tgsticker")!;
    expect(attribute(still.document!, Api.DocumentAttributeSticker)!.alt).toBe("🙂");
    expect(attribute(still.document!, Api.DocumentAttributeImageSize)).toMatchObject({ w: 512, h: 512 });
    const webp = (await alice.downloadMedia(still)) as Buffer;
    expect(webp.equals(committed("sticker-smile.webp"))).toBe(true);
    expect(await sharp(webp).metadata()).toMatchObject({ format: "webp", width: 512, height: 512, hasAlpha: true });

    expect(attribute(animated.document!, Api.DocumentAttributeSticker)!.alt).toBe("🎉");
    const lottie = JSON.parse(gunzipSync((await alice.downloadMedia(animated)) as Buffer).toString()) as {
      tgs: number;
      layers: unknown[];
    };
    expect(lottie.tgs).toBe(1);
    expect(lottie.layers.length).toBeGreaterThan(0);
    const m = sizeM(animated.document!);
    const thumb = (await alice.downloadMedia(animated, { thumb: m })) as Buffer;
    expect(await sharp(thumb).metadata()).toMatchObject({ format: "webp", width: 128, height: 128 });
    // Stickers' thumbnails are WebP, and say so.
    const file = (await alice.invoke(
      new Api.upload.GetFile({
        location: new Api.InputDocumentFileLocation({
          id: animated.document!.id,
          accessHash: animated.document!.accessHash,
          fileReference: animated.document!.fileReference,
          thumbSize: "m",
        }),
        offset: 0 as never,
        limit: 4096,
      }),
    )) as Api.upload.File;
    expect(file.type).toBeInstanceOf(Api.storage.FileWebp);
  }, 60_000);

  it("a video and a round video message: MP4 with the moov first, a poster thumbnail, Telegram's flags", async () => {
    const alice = await loggedIn("alice");
    const msgs = await alice.getMessages(await userOf(alice, "ivan"), { limit: 50 });
    const videos = msgs.filter((m) => m.document && attribute(m.document, Api.DocumentAttributeVideo));
    const video = videos.find((m) => !attribute(m.document!, Api.DocumentAttributeVideo)!.roundMessage)!;
    const round = videos.find((m) => attribute(m.document!, Api.DocumentAttributeVideo)!.roundMessage)!;
    expect(video.message).toBe("Видеовизитка");
    expect(attribute(video.document!, Api.DocumentAttributeVideo)).toMatchObject({
      duration: 4,
      w: 320,
      h: 180,
      supportsStreaming: true,
    });
    expect((video.media as Api.MessageMediaDocument).video).toBe(true);
    expect((round.media as Api.MessageMediaDocument).round).toBe(true);
    expect(attribute(round.document!, Api.DocumentAttributeVideo)).toMatchObject({ w: 240, h: 240 });
    const mp4 = (await alice.downloadMedia(video)) as Buffer;
    expect(mp4.equals(committed("video-intro.mp4"))).toBe(true);
    expect(mp4.subarray(4, 8).toString()).toBe("ftyp");
    // Fast start: a player reading from byte 0 finds the index before the frames.
    expect(mp4.indexOf("moov")).toBeLessThan(mp4.indexOf("mdat"));
    for (const [message, w, h] of [
      [video, 320, 180],
      [round, 240, 240],
    ] as const) {
      const m = sizeM(message.document!);
      const poster = (await alice.downloadMedia(message, { thumb: m })) as Buffer;
      expect(await sharp(poster).metadata()).toMatchObject({ format: "jpeg", width: w, height: h });
    }
  }, 60_000);

  it("channel posts with a photo and a document: fetched by channels.getMessages, downloaded, listed by the control API", async () => {
    const alice = await loggedIn("alice");
    const news = await alice.getEntity("sandbox_news");
    const posts = await alice.getMessages(news, { limit: 100 });
    const photoPost = posts.find((m) => m.message === "Our new office")!;
    const digestPost = posts.find((m) => m.message === "Weekly digest")!;
    expect(photoPost.photo).toBeInstanceOf(Api.Photo);
    expect(digestPost.document!.mimeType).toBe("application/pdf");
    // The text posts stay last: the channel's newest post is still #25.
    expect(posts[0]!.message).toBe("Sandbox News #25: all systems nominal");

    const input = new Api.InputChannel({
      channelId: (news as Api.Channel).id,
      accessHash: (news as Api.Channel).accessHash!,
    });
    const fetched = (await alice.invoke(
      new Api.channels.GetMessages({
        channel: input,
        id: [new Api.InputMessageID({ id: photoPost.id }), new Api.InputMessageID({ id: digestPost.id })],
      }),
    )) as Api.messages.ChannelMessages;
    const [photo, digest] = fetched.messages as Api.Message[];
    expect((photo!.media as Api.MessageMediaPhoto).photo).toBeInstanceOf(Api.Photo);
    const full = (await alice.downloadMedia(photo!)) as Buffer;
    expect(full.equals(committed("office-y.jpg"))).toBe(true);
    const pdf = (await alice.downloadMedia(digest!)) as Buffer;
    expect(pdf.equals(committed("news-digest.pdf"))).toBe(true);
    const thumb = (await alice.downloadMedia(digest!, { thumb: sizeM(digest!.document as Api.Document) })) as Buffer;
    expect(thumb.equals(committed("news-digest-thumb-m.jpg"))).toBe(true);

    const listed = await sb.control.files("bob", "sandbox_news", 10);
    expect(listed.map((f) => [f.type, f.caption])).toEqual([
      ["document", "Weekly digest"],
      ["photo", "Our new office"],
    ]);
    expect((await sb.control.fileBytes({ fileId: listed[0]!.fileId })).equals(pdf)).toBe(true);
  }, 60_000);
});

describe("sending files", () => {
  it("a 5 MB PDF goes up in saveFilePart parts, arrives live on the other side with the same bytes", async () => {
    const alice = await loggedIn("alice");
    const ivan = await loggedIn("ivan");
    await ivan.getMe();
    const data = Buffer.concat([Buffer.from("%PDF-1.4\n"), randomBytes(5 * 1024 * 1024)]);
    const arrived = nextMessage(ivan, (m) => m.message === "Тестовое задание" && !!m.document);
    await sb.control.resetCounters({ user: "alice" });
    const sent = await alice.sendFile(await userOf(alice, "ivan"), {
      file: new CustomFile("task.pdf", data.length, "", data),
      caption: "Тестовое задание",
      forceDocument: true,
      workers: 4,
    });
    const counts = (await sb.control.counters({ user: "alice" })).byMethod;
    expect(counts["upload.saveFilePart"]).toBe(Math.ceil(data.length / (128 * 1024)));
    expect(counts["upload.saveBigFilePart"]).toBeUndefined();
    expect(sent.document?.mimeType).toBe("application/pdf");

    const got = await arrived;
    expect(got.document!.attributes.find((a) => a instanceof Api.DocumentAttributeFilename)).toMatchObject({
      fileName: "task.pdf",
    });
    const files = await sb.control.files("ivan", "alice", 1);
    expect(files[0]).toMatchObject({
      messageId: got.id,
      fileName: "task.pdf",
      size: data.length,
      caption: "Тестовое задание",
    });
    expect((await sb.control.fileBytes({ fileId: files[0]!.fileId })).equals(data)).toBe(true);
    expect(((await ivan.downloadMedia(got)) as Buffer).equals(data)).toBe(true);
  }, 120_000);

  it("above 10 MB GramJS uses saveBigFilePart; the same random_id sends once", async () => {
    const alice = await loggedIn("alice");
    const data = randomBytes(10 * 1024 * 1024 + 300_000);
    const ivanPeer = await userOf(alice, "ivan");
    await sb.control.resetCounters({ user: "alice" });
    const file = await alice.uploadFile({ file: new CustomFile("big.bin", data.length, "", data), workers: 4 });
    expect(file).toBeInstanceOf(Api.InputFileBig);
    const counts = (await sb.control.counters({ user: "alice" })).byMethod;
    expect(counts["upload.saveBigFilePart"]).toBe(Math.ceil(data.length / (128 * 1024)));
    expect(counts["upload.saveFilePart"]).toBeUndefined();
    const send = () =>
      alice.invoke(
        new Api.messages.SendMedia({
          peer: ivanPeer,
          media: new Api.InputMediaUploadedDocument({ file, mimeType: "application/octet-stream", attributes: [] }),
          message: "",
          randomId: 777_001 as never,
        }),
      );
    const first = (await send()) as Api.Updates;
    const again = (await send()) as Api.Updates;
    const idOf = (u: Api.Updates) =>
      (u.updates.find((x) => x instanceof Api.UpdateMessageID) as Api.UpdateMessageID).id;
    expect(idOf(again)).toBe(idOf(first));
    const files = await sb.control.files("ivan", "alice", 5);
    expect(files.filter((f) => f.fileName === "big.bin")).toHaveLength(1);
    expect((await sb.control.fileBytes({ fileId: files[0]!.fileId })).equals(data)).toBe(true);
  }, 120_000);

  it("a photo sent as a photo gets Telegram's sizes; send --file through the control API reaches the client", async () => {
    const alice = await loggedIn("alice");
    const png = await sharp({ create: { width: 900, height: 600, background: "#3366cc", channels: 3 } })
      .png()
      .toBuffer();
    const sent = await alice.sendFile(await userOf(alice, "ivan"), {
      file: new CustomFile("pasted.png", png.length, "", png),
    });
    const photo = sent.photo as Api.Photo;
    expect(photo.sizes.map((z) => z.type)).toEqual(["i", "m", "x", "y"]);
    const x = photo.sizes[2] as Api.PhotoSize;
    expect([x.w, x.h]).toEqual([800, 533]);

    const path = join(tmp, "offer.txt");
    writeFileSync(path, "Offer: senior developer\n");
    const arrived = nextMessage(alice, (m) => m.message === "our offer");
    const r = await sb.control.sendFile({ from: "ivan", to: "alice", path, caption: "our offer" });
    expect(r.file).toMatchObject({ fileName: "offer.txt", mimeType: "text/plain", type: "document" });
    const got = await arrived;
    expect(((await alice.downloadMedia(got)) as Buffer).toString()).toBe("Offer: senior developer\n");
  }, 60_000);
});

describe("download rules", () => {
  it("FILE_MIGRATE_X: a file moved to DC 3 is fetched there after export/importAuthorization", async () => {
    const alice = await loggedIn("alice");
    const { cv } = await ivanMedia(alice);
    const fileId = String(cv.document!.id);
    await sb.control.moveFile(fileId, 3);
    try {
      await sb.control.resetCounters({ user: "alice" });
      // The message still says DC 2, as a cached one would: GramJS asks DC 2 and is redirected.
      const bytes = (await alice.downloadMedia(cv)) as Buffer;
      expect(bytes.equals(readFileSync(join(SEED_MEDIA_DIR, "cv-ivan-petrov.pdf")))).toBe(true);
      const sessions = await sb.control.sessions({ user: "alice" });
      const counters = await sb.control.counters({ user: "alice" });
      const onDc = (dc: number) =>
        sessions
          .filter((x) => x.dcId === dc)
          .reduce((n, x) => n + (counters.bySession[x.keyId]?.["upload.getFile"] ?? 0), 0);
      expect(onDc(2)).toBeGreaterThanOrEqual(1);
      expect(onDc(3)).toBeGreaterThanOrEqual(1);
      expect(counters.byMethod["auth.importAuthorization"]).toBeGreaterThanOrEqual(1);
    } finally {
      await sb.control.moveFile(fileId, 2);
    }
  }, 60_000);

  it("FILE_REFERENCE_EXPIRED after expiry through the control API; a refetched message downloads", async () => {
    const alice = await loggedIn("alice");
    const { cv } = await ivanMedia(alice);
    await sb.control.expireFileReferences(String(cv.document!.id));
    expect(await errorOf(alice.downloadMedia(cv))).toBe("FILE_REFERENCE_EXPIRED");
    const [fresh] = await alice.getMessages(await userOf(alice, "ivan"), { ids: [cv.id] });
    expect(Buffer.compare(fresh!.document!.fileReference, cv.document!.fileReference)).not.toBe(0);
    expect(((await alice.downloadMedia(fresh!)) as Buffer).length).toBe(Number(cv.document!.size));
  }, 60_000);

  it("LIMIT_INVALID and OFFSET_INVALID as Telegram enforces them", async () => {
    const alice = await loggedIn("alice");
    const { cv } = await ivanMedia(alice);
    const doc = cv.document!;
    const location = new Api.InputDocumentFileLocation({
      id: doc.id,
      accessHash: doc.accessHash,
      fileReference: doc.fileReference,
      thumbSize: "",
    });
    const get = (offset: number, limit: number, precise = false) =>
      errorOf(alice.invoke(new Api.upload.GetFile({ location, offset: offset as never, limit, precise })));
    expect(await get(0, 1000)).toBe("LIMIT_INVALID");
    expect(await get(0, 3 * 4096)).toBe("LIMIT_INVALID"); // 1 MB is not divisible by it
    expect(await get(0, 2 * 1024 * 1024)).toBe("LIMIT_INVALID");
    expect(await get(1024 * 1024 - 4096, 8192)).toBe("LIMIT_INVALID"); // crosses a 1 MB boundary
    expect(await get(1000, 4096)).toBe("OFFSET_INVALID");
    expect(await get(1024, 4096)).toBe("OFFSET_INVALID");
    expect(await get(1024, 3072, true)).toBe("no error"); // precise: 1 KB steps
    const r = (await alice.invoke(
      new Api.upload.GetFile({ location, offset: 0 as never, limit: 4096 }),
    )) as Api.upload.File;
    expect(r.type).toBeInstanceOf(Api.storage.FilePdf);
    expect(r.bytes.length).toBe(Math.min(4096, Number(doc.size)));
  }, 60_000);

  it("part rules: sizes, counts and missing parts", async () => {
    const alice = await loggedIn("alice");
    const ivanPeer = await userOf(alice, "ivan");
    const fileId = () => randomBytes(8).readBigInt64LE() as never;
    const part = (id: never, n: number, size: number) =>
      alice.invoke(new Api.upload.SaveFilePart({ fileId: id, filePart: n, bytes: randomBytes(size) }));
    const bigPart = (id: never, n: number, total: number, size: number) =>
      alice.invoke(
        new Api.upload.SaveBigFilePart({ fileId: id, filePart: n, fileTotalParts: total, bytes: randomBytes(size) }),
      );
    expect(await errorOf(part(fileId(), 0, 512 * 1024 + 1024))).toBe("FILE_PART_TOO_BIG");
    expect(await errorOf(part(fileId(), 4000, 1024))).toBe("FILE_PART_INVALID");
    expect(await errorOf(bigPart(fileId(), 0, 3, 1000))).toBe("FILE_PART_SIZE_INVALID");
    expect(await errorOf(bigPart(fileId(), 0, 3, 3 * 1024))).toBe("FILE_PART_SIZE_INVALID"); // 512 KB % 3 KB
    expect(await errorOf(bigPart(fileId(), 0, 4001, 4096))).toBe("FILE_PARTS_INVALID");
    expect(await errorOf(bigPart(fileId(), 3, 3, 4096))).toBe("FILE_PART_INVALID");

    const send = (file: Api.TypeInputFile) =>
      errorOf(
        alice.invoke(
          new Api.messages.SendMedia({
            peer: ivanPeer,
            media: new Api.InputMediaUploadedDocument({ file, mimeType: "application/pdf", attributes: [] }),
            message: "",
            randomId: randomBytes(8).readBigInt64LE() as never,
          }),
        ),
      );
    const gap = fileId();
    await part(gap, 0, 4096);
    await part(gap, 2, 100);
    expect(await send(new Api.InputFile({ id: gap, parts: 3, name: "a.pdf", md5Checksum: "" }))).toBe(
      "FILE_PART_1_MISSING",
    );
    const uneven = fileId();
    await part(uneven, 0, 4096);
    await part(uneven, 1, 8192);
    await part(uneven, 2, 100);
    expect(await send(new Api.InputFile({ id: uneven, parts: 3, name: "a.pdf", md5Checksum: "" }))).toBe(
      "FILE_PART_SIZE_INVALID",
    );
    const counted = fileId();
    await bigPart(counted, 0, 2, 4096);
    await bigPart(counted, 1, 2, 10);
    expect(await send(new Api.InputFileBig({ id: counted, parts: 3, name: "a.pdf" }))).toBe("FILE_PARTS_INVALID");
    expect(await send(new Api.InputFileBig({ id: counted, parts: 2, name: "a.pdf" }))).toBe("no error");
  }, 60_000);
});

describe("persistence", () => {
  it("stored files survive a restart", async () => {
    const before = await sb.control.files("alice", "ivan", 50);
    const sentPdf = before.find((f) => f.fileName === "task.pdf")!;
    const bytes = await sb.control.fileBytes({ fileId: sentPdf.fileId });
    await Promise.all(clients.splice(0).map((c) => c.destroy().catch(() => undefined)));
    await sb.restart();
    expect((await sb.control.fileBytes({ fileId: sentPdf.fileId })).equals(bytes)).toBe(true);
    const alice = await loggedIn("alice");
    const [m] = await alice.getMessages(await userOf(alice, "ivan"), { ids: [sentPdf.messageId] });
    expect(((await alice.downloadMedia(m!)) as Buffer).equals(bytes)).toBe(true);
  }, 60_000);
});
