import "server-only";

import { randomBytes } from "node:crypto";
import { Api } from "telegram";

import type { CodedError } from "@/lib/http/coded-error";
import type { ErrorCode } from "@/lib/http/error-codes";
import type { MessageDto, PeerId } from "../dto";
import { TelegramError } from "../errors";
import { long } from "../gramjs/long";
import { canSendAsPhoto, planUpload, type UploadPlan } from "../limits";
import { Lru } from "../runtime/lru";
import type { AccountSession } from "../runtime/session";
import { resolveReachablePeer } from "./dialogs";
import { PeerNotFoundError, sentMessageOf } from "./history";

/**
 * Parts sent to Telegram while the next one is read from the browser. Enough to keep the
 * connection busy while a part's answer travels back; at most (this + 1) × 512 KB of a
 * file is in memory per upload.
 */
export const PARTS_IN_FLIGHT = 4;
/** random_ids whose message went out, remembered per account so a retry skips the upload. */
const SENT_MEMORY = 500;

/** A failure of the upload itself, worded for the person (never a Telegram internal). */
export class UploadError extends Error implements CodedError {
  constructor(
    readonly errorCode: ErrorCode,
    readonly publicMessage: string,
    readonly details?: unknown,
  ) {
    super(publicMessage);
    this.name = "UploadError";
  }
}

/** One file to send: its bytes as they arrive, and what the browser said about it. */
export interface FileToSend {
  body: ReadableStream<Uint8Array>;
  /** The declared length (Content-Length): exactly this many bytes must arrive. */
  size: number;
  name: string;
  mimeType: string;
  caption: string;
  /** Send an image as a document (uncompressed) rather than as a photo. */
  asFile: boolean;
  /** Chosen by the browser per file and reused on every retry. */
  randomId: string;
  /** The message of the same chat this file replies to. */
  replyTo?: number;
  /** Aborted when the browser goes away or cancels: nothing is sent then. */
  signal?: AbortSignal;
}

interface UploadState {
  sent: Lru<string, MessageDto>;
  running: Set<string>;
}
const states = new WeakMap<AccountSession, UploadState>();
function stateOf(session: AccountSession): UploadState {
  let state = states.get(session);
  if (!state) {
    state = { sent: new Lru(SENT_MEMORY), running: new Set() };
    states.set(session, state);
  }
  return state;
}

/** The InputMedia for an uploaded file: a photo when it can and should be one, else a named document. */
export function mediaFor(
  file: Api.TypeInputFile,
  { name, mimeType, size, asFile }: { name: string; mimeType: string; size: number; asFile: boolean },
): Api.TypeInputMedia {
  if (!asFile && canSendAsPhoto({ size, mimeType })) return new Api.InputMediaUploadedPhoto({ file });
  return new Api.InputMediaUploadedDocument({
    file,
    mimeType: mimeType || "application/octet-stream",
    attributes: [new Api.DocumentAttributeFilename({ fileName: name })],
    // Without it Telegram may turn an image or video "file" back into media of its kind.
    forceFile: asFile || undefined,
  });
}

/**
 * Reads `body` and sends it to Telegram part by part as it arrives (saveFilePart, or
 * saveBigFilePart above 10 MB), up to PARTS_IN_FLIGHT parts at once; the stream is not
 * read further while they are all in flight, so a fast browser waits on a slow Telegram
 * instead of filling memory. Exactly `size` bytes must arrive.
 */
export async function uploadStream(
  session: AccountSession,
  body: ReadableStream<Uint8Array>,
  size: number,
  name: string,
  signal?: AbortSignal,
): Promise<Api.TypeInputFile> {
  const plan = planUpload(size);
  const fileId = long(randomBytes(8).readBigInt64LE().toString());
  const reader = body.getReader();
  const inFlight: Promise<void>[] = [];
  // Set by a part's answer, read by the loop (a holder: TypeScript cannot see closures assign).
  const failed: { error: Error | null } = { error: null };
  const send = (index: number, bytes: Buffer) => {
    const request = plan.big
      ? new Api.upload.SaveBigFilePart({ fileId, filePart: index, fileTotalParts: plan.totalParts, bytes })
      : new Api.upload.SaveFilePart({ fileId, filePart: index, bytes });
    const sent = session.invoke(request).then(
      (ok) => {
        if (!ok) throw new TelegramError("FILE_PART_NOT_SAVED");
      },
      (error: unknown) => {
        failed.error ??= error instanceof Error ? error : new TelegramError("UNKNOWN");
      },
    );
    inFlight.push(sent);
  };
  try {
    let part = Buffer.allocUnsafe(partLength(plan, size, 0));
    let filled = 0;
    let index = 0;
    let received = 0;
    for (;;) {
      if (signal?.aborted) throw aborted();
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      if (received > size) throw incomplete(size, "more");
      let offset = 0;
      while (offset < value.byteLength) {
        const take = Math.min(part.length - filled, value.byteLength - offset);
        part.set(value.subarray(offset, offset + take), filled);
        filled += take;
        offset += take;
        if (filled === part.length) {
          send(index, part);
          index += 1;
          if (index < plan.totalParts) part = Buffer.allocUnsafe(partLength(plan, size, index));
          filled = 0;
          while (inFlight.length >= PARTS_IN_FLIGHT) await inFlight.shift();
          if (failed.error) throw failed.error;
        }
      }
    }
    if (received < size) throw incomplete(size, "fewer");
    await Promise.all(inFlight);
    if (failed.error) throw failed.error;
    if (signal?.aborted) throw aborted();
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    await Promise.allSettled(inFlight);
    throw signal?.aborted ? aborted() : error;
  }
  return plan.big
    ? new Api.InputFileBig({ id: fileId, parts: plan.totalParts, name })
    : new Api.InputFile({ id: fileId, parts: plan.totalParts, name, md5Checksum: "" });
}

function partLength(plan: UploadPlan, size: number, index: number): number {
  return index === plan.totalParts - 1 ? size - index * plan.partBytes : plan.partBytes;
}

const aborted = () => new UploadError("upload_incomplete", "The upload was cancelled; nothing was sent.");
const incomplete = (size: number, what: "more" | "fewer") =>
  new UploadError(
    "upload_incomplete",
    `The upload sent ${what} bytes than its Content-Length (${size}); nothing was sent.`,
  );

/** Telegram's answers that mean "not this file as this media", worded as such. */
const MEDIA_REFUSALS = new Set([
  "IMAGE_PROCESS_FAILED",
  "PHOTO_INVALID_DIMENSIONS",
  "PHOTO_EXT_INVALID",
  "PHOTO_SAVE_FILE_INVALID",
  "FILE_PART_SIZE_INVALID",
  "MD5_CHECKSUM_INVALID",
]);

/**
 * Uploads a file into a chat this account can reach and sends it (messages.sendMedia)
 * with the browser's random_id. A retry with the same random_id is answered with the
 * message already sent, without reading the body again; Telegram itself also returns
 * the first message for a repeated random_id (e.g. after a server restart).
 */
export async function sendFile(session: AccountSession, peerId: PeerId, file: FileToSend): Promise<MessageDto> {
  const input = await resolveReachablePeer(session, peerId);
  if (!input) throw new PeerNotFoundError();
  const state = stateOf(session);
  const key = `${peerId}:${file.randomId}`;
  const already = state.sent.get(key);
  if (already) {
    await file.body.cancel().catch(() => undefined);
    return already;
  }
  if (state.running.has(key)) {
    await file.body.cancel().catch(() => undefined);
    throw new UploadError("idempotency_in_progress", "This file is still being sent. Try again in a moment.");
  }
  state.running.add(key);
  try {
    const uploaded = await uploadStream(session, file.body, file.size, file.name, file.signal);
    if (file.signal?.aborted) throw aborted();
    let result: Api.TypeUpdates;
    try {
      result = await session.invoke(
        new Api.messages.SendMedia({
          peer: input,
          media: mediaFor(uploaded, file),
          message: file.caption,
          randomId: long(file.randomId),
          replyTo: file.replyTo ? new Api.InputReplyToMessage({ replyToMsgId: file.replyTo }) : undefined,
        }),
      );
    } catch (error) {
      if (error instanceof TelegramError && MEDIA_REFUSALS.has(error.code)) {
        throw new UploadError("media_invalid", "Telegram could not take this file as sent.", { reason: error.code });
      }
      throw error;
    }
    const found = sentMessageOf(result, file.randomId, peerId, file.caption, session);
    if (!found) throw new TelegramError("SEND_UNCONFIRMED");
    // As for text: the quote is shown even where the answer leaves the reply header out.
    const sent =
      file.replyTo && !found.replyTo
        ? { ...found, replyTo: { id: file.replyTo, text: null, senderName: null } }
        : found;
    state.sent.set(key, sent);
    const dialog = session.dialogs.applyMessage(sent);
    session.emit({ type: "message", peerId, message: sent, dialog });
    return sent;
  } finally {
    state.running.delete(key);
  }
}
