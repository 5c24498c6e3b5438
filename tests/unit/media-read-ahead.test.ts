// A download asks Telegram for at most PREFETCH slices beyond the one being sent, however
// slowly the browser reads: the bound that keeps ten parallel 200 MB downloads in a few MB.
import { Api } from "telegram";
import { describe, expect, test } from "vitest";

import { CHUNK_SIZE } from "@/lib/telegram/media/chunks";
import type { MediaTarget } from "@/lib/telegram/media/describe";
import { PREFETCH, SLICES_PER_ACCOUNT, streamTarget } from "@/lib/telegram/media/download";
import { TelegramError } from "@/lib/telegram/errors";
import type { AccountSession } from "@/lib/telegram/runtime/session";
import { settle } from "../support/fake-clock";

const SLICES = 24;
const SIZE = SLICES * CHUNK_SIZE - 1000;

/** Telegram's answer to upload.getFile at `offset`: each slice's bytes are its index (mod 251). */
function sliceAt(request: Api.upload.GetFile, offset: number): Api.upload.File {
  const bytes = Buffer.alloc(Math.min(request.limit, SIZE - offset), (offset / CHUNK_SIZE) % 251);
  return new Api.upload.File({ type: new Api.storage.FilePartial(), mtime: 0, bytes });
}

/** A session whose upload.getFile answers when the test says so, counting what is asked. */
function fileSession() {
  const asked: number[] = [];
  const waiting: Array<() => void> = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let hold = false;
  const session = {
    client: { session: { dcId: 2 } },
    invoke: async (request: Api.upload.GetFile) => {
      const offset = Number(request.offset.toString());
      asked.push(offset);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      if (hold) await new Promise<void>((resolve) => waiting.push(resolve));
      inFlight--;
      return sliceAt(request, offset);
    },
  };
  return {
    session: session as unknown as AccountSession,
    asked,
    get maxInFlight() {
      return maxInFlight;
    },
    hold(on: boolean) {
      hold = on;
      if (!on) for (const release of waiting.splice(0)) release();
    },
  };
}

const target: MediaTarget = {
  fileId: "1",
  dcId: 2,
  location: new Api.InputDocumentFileLocation({
    id: 1n as never,
    accessHash: 1n as never,
    fileReference: Buffer.alloc(0),
    thumbSize: "",
  }),
  inline: null,
  size: SIZE,
  mimeType: "application/octet-stream",
  fileName: "f.bin",
};

/** The whole of `target` read through `session`; `onRelease` is told when the download lets the account go. */
const readWhole = (session: AccountSession, onRelease: () => void = () => undefined) =>
  streamTarget(session, target, async () => target, 0, SIZE - 1, onRelease).getReader();

describe("a media download's read-ahead", () => {
  test("a paused reader leaves at most PREFETCH slices asked ahead of the one it got", async () => {
    const file = fileSession();
    let released = 0;
    const reader = readWhole(file.session, () => released++);

    const first = await reader.read();
    expect(first.value?.length).toBe(CHUNK_SIZE);
    // The reader now pauses (a browser whose socket is full): nothing more may be asked.
    await settle();
    expect(file.asked.length).toBeLessThanOrEqual(1 + PREFETCH + 1);
    const askedWhilePaused = file.asked.length;
    await settle();
    expect(file.asked.length).toBe(askedWhilePaused);

    // Reading on, slow Telegram answers: the slices in flight never exceed the bound either.
    file.hold(true);
    const next = reader.read();
    await settle();
    expect(file.maxInFlight).toBeLessThanOrEqual(PREFETCH + 1);
    file.hold(false);
    const second = (await next).value!;
    expect(second[0]).toBe(1);
    let total = first.value!.length + second.length;
    for (let slice = 2; ; slice++) {
      const { done, value } = await reader.read();
      if (done) break;
      // Each slice's bytes are its index: none lost, repeated or out of order.
      expect(value[0]).toBe(slice % 251);
      expect(value.at(-1)).toBe(slice % 251);
      total += value.length;
    }
    expect(total).toBe(SIZE);
    expect(file.asked).toEqual(Array.from({ length: SLICES }, (_, i) => i * CHUNK_SIZE));
    expect(file.maxInFlight).toBeLessThanOrEqual(PREFETCH + 1);
    expect(released).toBe(1);
  });

  test("a cancelled download stops asking and releases the account", async () => {
    const file = fileSession();
    let released = 0;
    const reader = readWhole(file.session, () => released++);
    await reader.read();
    await reader.cancel();
    const asked = file.asked.length;
    await settle();
    expect(file.asked.length).toBe(asked);
    expect(asked).toBeLessThanOrEqual(1 + PREFETCH + 1);
    expect(released).toBe(1);
  });

  test("ten downloads of one account share a bounded number of slices in flight", async () => {
    const file = fileSession();
    file.hold(true);
    const readers = Array.from({ length: 10 }, () => readWhole(file.session));
    const firsts = readers.map((reader) => reader.read());
    await settle();
    // 10 × (1 + PREFETCH) slices wanted, only SLICES_PER_ACCOUNT asked of Telegram.
    expect(file.asked.length).toBe(SLICES_PER_ACCOUNT);
    expect(file.maxInFlight).toBe(SLICES_PER_ACCOUNT);

    // Half the browsers go away: their slices still waiting for a slot are never asked.
    await Promise.all(readers.slice(5).map((reader) => reader.cancel()));
    file.hold(false);
    await Promise.all(firsts.slice(0, 5));
    for (const reader of readers.slice(0, 5)) {
      let total = CHUNK_SIZE;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.length;
      }
      expect(total).toBe(SIZE);
    }
    expect(file.maxInFlight).toBeLessThanOrEqual(SLICES_PER_ACCOUNT);
    // The five finished downloads asked each slice once; the cancelled ones no more than
    // what was already on the wire when they went away.
    expect(file.asked.length).toBeLessThanOrEqual(5 * SLICES + SLICES_PER_ACCOUNT);
  });

  test("a slice asked while the connection is being re-established is asked again once it is back", async () => {
    let failures = 2;
    const session = {
      client: { session: { dcId: 2 } },
      invoke: async (request: Api.upload.GetFile) => {
        const offset = Number(request.offset.toString());
        if (offset === CHUNK_SIZE && failures > 0) {
          failures--;
          throw new TelegramError("RECONNECTING");
        }
        return sliceAt(request, offset);
      },
    } as unknown as AccountSession;
    const reader = readWhole(session);
    let total = 0;
    for (let slice = 0; ; slice++) {
      const { done, value } = await reader.read();
      if (done) break;
      expect(value[0]).toBe(slice % 251);
      total += value.length;
    }
    expect(failures).toBe(0);
    expect(total).toBe(SIZE);
  }, 20_000);
});
