// Sending files on the real GramJS path against the sandbox over TCP: the bytes a browser
// streams in are the bytes the other side's Telegram stores (read back through the control
// API), small files in saveFilePart parts, big ones in saveBigFilePart parts, a retry with
// the same random_id sends once, and a short or cancelled upload sends nothing.
import { createHash, randomBytes } from "node:crypto";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { listDialogs } from "@/lib/telegram/read-models/dialogs";
import { sendFile, type FileToSend } from "@/lib/telegram/read-models/uploads";
import type { AccountSession } from "@/lib/telegram/runtime/session";
import { pooledSession } from "../support/pooled-session";
import { startTestSandbox, type TestSandbox } from "./support/sandbox";

let sb: TestSandbox;
const sessions: AccountSession[] = [];

beforeAll(async () => {
  sb = await startTestSandbox();
}, 60_000);

afterAll(async () => {
  await Promise.all(sessions.map((session) => session.destroy().catch(() => undefined)));
  await sb?.stop();
});

const idOf = (username: string) => String(sb.running.sandbox.world.userByKey(username)!.id);
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
let nextRandomId = 7_100_000_000_000n;
const newRandomId = () => String((nextRandomId += 1n));

async function aliceSession(): Promise<{ session: AccountSession; keyId: string }> {
  const { session } = await pooledSession(sb, "alice");
  sessions.push(session);
  await listDialogs(session, {});
  const keyId = (await sb.control.sessions({ user: "alice" })).filter((s) => !s.internal && !s.revoked).at(-1)!.keyId;
  return { session, keyId };
}

/** The bytes as a browser's body arrives: chunks of an odd size, so parts straddle them. */
function streamOf(bytes: Uint8Array, chunk = 100_003, { stopAfter }: { stopAfter?: number } = {}) {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const end = Math.min(offset + chunk, stopAfter ?? bytes.length);
      if (offset >= end) return controller.close();
      controller.enqueue(bytes.slice(offset, end));
      offset = end;
    },
  });
}

function fileOf(bytes: Uint8Array, extra: Partial<FileToSend> = {}): FileToSend {
  return {
    body: streamOf(bytes),
    size: bytes.length,
    name: "report.pdf",
    mimeType: "application/pdf",
    caption: "",
    asFile: false,
    randomId: newRandomId(),
    ...extra,
  };
}

describe("sending files through the upload path", () => {
  it("a document arrives byte for byte with its name, MIME type and caption, in 512 KB saveFilePart parts", async () => {
    const { session, keyId } = await aliceSession();
    const bytes = randomBytes(1_300_000);
    await sb.control.resetCounters({ keyId });
    const message = await sendFile(
      session,
      idOf("bob"),
      fileOf(bytes, { name: "CV Иван.pdf", caption: "Here is the CV" }),
    );
    expect(message).toMatchObject({ out: true, text: "Here is the CV" });
    const [received] = await sb.control.files("bob", "alice", 1);
    expect(received).toMatchObject({
      kind: "document",
      fileName: "CV Иван.pdf",
      mimeType: "application/pdf",
      caption: "Here is the CV",
      size: bytes.length,
    });
    expect(sha256(await sb.control.fileBytes({ fileId: received!.fileId }))).toBe(sha256(bytes));
    const counts = (await sb.control.counters({ keyId })).byMethod;
    expect(counts["upload.saveFilePart"]).toBe(3);
    expect(counts["upload.saveBigFilePart"]).toBeUndefined();
    expect(counts["messages.sendMedia"]).toBe(1);
  });

  it("a file above 10 MB goes in saveBigFilePart parts and arrives byte for byte", async () => {
    const { session, keyId } = await aliceSession();
    const bytes = randomBytes(12 * 1024 * 1024 + 12_345);
    await sb.control.resetCounters({ keyId });
    await sendFile(session, idOf("bob"), fileOf(bytes, { name: "portfolio.zip", mimeType: "application/zip" }));
    const [received] = await sb.control.files("bob", "alice", 1);
    expect(received).toMatchObject({ fileName: "portfolio.zip", size: bytes.length });
    expect(sha256(await sb.control.fileBytes({ fileId: received!.fileId }))).toBe(sha256(bytes));
    const counts = (await sb.control.counters({ keyId })).byMethod;
    expect(counts["upload.saveBigFilePart"]).toBe(25);
    expect(counts["upload.saveFilePart"]).toBeUndefined();
  }, 60_000);

  it("a retry with the same random_id sends once: answered from memory, and by Telegram after a restart", async () => {
    const { session, keyId } = await aliceSession();
    const bytes = randomBytes(600_000);
    const randomId = newRandomId();
    const before = (await sb.control.files("bob", "alice", 100)).length;
    const first = await sendFile(session, idOf("bob"), fileOf(bytes, { randomId }));
    await sb.control.resetCounters({ keyId });
    const again = await sendFile(session, idOf("bob"), fileOf(bytes, { randomId }));
    expect(again.id).toBe(first.id);
    // Answered without reading the body or asking Telegram.
    expect((await sb.control.counters({ keyId })).byMethod).toEqual({});

    // A new server process (no memory of the send): Telegram recognises the random_id.
    const fresh = await aliceSession();
    const third = await sendFile(fresh.session, idOf("bob"), fileOf(bytes, { randomId }));
    expect(third.id).toBe(first.id);
    expect((await sb.control.files("bob", "alice", 100)).length).toBe(before + 1);
  });

  it("a body shorter or longer than declared, or cancelled midway, sends nothing", async () => {
    const { session } = await aliceSession();
    const bytes = randomBytes(2_000_000);
    const before = (await sb.control.files("bob", "alice", 100)).length;

    const short = { ...fileOf(bytes), body: streamOf(bytes, 65_536, { stopAfter: 1_500_000 }) };
    await expect(sendFile(session, idOf("bob"), short)).rejects.toMatchObject({ errorCode: "upload_incomplete" });

    const long = { ...fileOf(bytes), size: 1_000_000 };
    await expect(sendFile(session, idOf("bob"), long)).rejects.toMatchObject({ errorCode: "upload_incomplete" });

    const controller = new AbortController();
    let sentBytes = 0;
    const cancelled = fileOf(bytes, { signal: controller.signal });
    const reader = streamOf(bytes, 65_536).getReader();
    cancelled.body = new ReadableStream<Uint8Array>({
      async pull(stream) {
        const { done, value } = await reader.read();
        if (done) return stream.close();
        sentBytes += value.length;
        // The browser goes away after about half the file.
        if (sentBytes > 1_000_000) controller.abort();
        stream.enqueue(value);
      },
    });
    await expect(sendFile(session, idOf("bob"), cancelled)).rejects.toMatchObject({
      errorCode: "upload_incomplete",
    });
    expect(sentBytes).toBeLessThan(bytes.length);
    expect((await sb.control.files("bob", "alice", 100)).length).toBe(before);
  });

  it("an image goes as a photo, or as a named document when sent as a file", async () => {
    const { session } = await aliceSession();
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#3366cc" } })
      .png()
      .toBuffer();
    await sendFile(session, idOf("bob"), fileOf(png, { name: "diploma.png", mimeType: "image/png" }));
    const [photo] = await sb.control.files("bob", "alice", 1);
    expect(photo).toMatchObject({ kind: "photo" });

    await sendFile(session, idOf("bob"), fileOf(png, { name: "diploma.png", mimeType: "image/png", asFile: true }));
    const [document] = await sb.control.files("bob", "alice", 1);
    expect(document).toMatchObject({ kind: "document", fileName: "diploma.png", mimeType: "image/png" });
    expect(sha256(await sb.control.fileBytes({ fileId: document!.fileId }))).toBe(sha256(png));
  });

  it("a chat the account cannot reach is not found, and nothing is read of the body", async () => {
    const { session } = await aliceSession();
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    await expect(
      sendFile(session, "987654321", { ...fileOf(new Uint8Array(1024)), body, size: 1024 }),
    ).rejects.toMatchObject({ errorCode: "not_found" });
    // A ReadableStream pulls once to fill its queue; the upload itself read nothing.
    expect(pulled).toBeLessThanOrEqual(1);
  });
});
