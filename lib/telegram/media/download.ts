import "server-only";

import { Semaphore } from "async-mutex";
import { Api } from "telegram";

import type { CodedError } from "@/lib/http/coded-error";
import type { PeerId } from "../dto";
import { TelegramError, toTelegramError } from "../errors";
import { long } from "../gramjs/long";
import { peerIdOf } from "../gramjs/mappers";
import { resolveReachablePeer } from "../read-models/dialogs";
import { DashboardError, accountPool, findActiveAccount } from "../runtime/lifecycle";
import type { AccountSession } from "../runtime/session";
import { CHUNK_SIZE, chunkSlices, type ChunkSlice } from "./chunks";
import { mediaTargetOf, type MediaTarget } from "./describe";

/** Slices asked of Telegram ahead of the one being sent: enough to hide a round trip, little memory. */
export const PREFETCH = 2;
/**
 * upload.getFile slices in flight per account, across all its downloads (FIFO). The answers
 * share the account's one MTProto connection, and whatever is queued on it is ahead of
 * GramJS's keep-alive ping, which must be answered within 3 s or GramJS drops the connection
 * (and every download on it). Ten downloads × 3 slices put 15 MB there: under load the ping
 * missed its 3 s and all ten downloads ended at once. 4 slices (2 MB) keep one download's
 * read-ahead whole and the queue short for any number of them.
 */
export const SLICES_PER_ACCOUNT = 4;
const sliceSlots = new WeakMap<AccountSession, Semaphore>();

function sliceSlotsOf(session: AccountSession): Semaphore {
  let slots = sliceSlots.get(session);
  if (!slots) sliceSlots.set(session, (slots = new Semaphore(SLICES_PER_ACCOUNT)));
  return slots;
}

/**
 * Waits (1 s, 2 s, … each plus the session's own 1 s grace) for a connection being
 * re-established before a slice is given up: a long download should outlast one reconnect.
 */
const RECONNECT_WAITS_MS = [1_000, 2_000, 3_000, 4_000, 5_000];

/** DC hops one slice may take (FILE_MIGRATE_X); a loop between DCs is a fault, not a file. */
const MAX_MIGRATIONS = 2;

/** A file that does not exist and one in a chat that is not this account's are answered alike. */
export class MediaNotFoundError extends Error implements CodedError {
  readonly errorCode = "not_found" as const;
  readonly publicMessage = "This file does not exist.";

  constructor() {
    super("This file does not exist or is not yours.");
    this.name = "MediaNotFoundError";
  }
}

export interface MediaRequest {
  /** The account in the URL: only the signed-in user's own active account is served. */
  accountId: string;
  peerId: PeerId;
  messageId: number;
  thumb: string | null;
}

export interface OpenedMedia {
  fileId: string;
  size: number;
  mimeType: string;
  fileName: string | null;
  /**
   * Bytes `start`..`end` (inclusive), read from Telegram slice by slice as the response is
   * consumed. The stream owns the account hold from here: it is released when the stream
   * ends, fails or is cancelled (the browser went away).
   */
  stream(start: number, end: number): ReadableStream<Uint8Array>;
  /** Releases the account when no stream is made (HEAD, 416, 304). Idempotent. */
  close(): void;
}

/** The message, if it is in this chat (messages.getMessages ids are per account, not per chat). */
export async function fetchMessage(
  session: AccountSession,
  input: Api.TypeInputPeer,
  peerId: PeerId,
  messageId: number,
): Promise<Api.Message | null> {
  const id = [new Api.InputMessageID({ id: messageId })];
  const result =
    input instanceof Api.InputPeerChannel
      ? await session.invoke(
          new Api.channels.GetMessages({
            channel: new Api.InputChannel({ channelId: input.channelId, accessHash: input.accessHash }),
            id,
          }),
        )
      : await session.invoke(new Api.messages.GetMessages({ id }));
  if (result instanceof Api.messages.MessagesNotModified) return null;
  session.rememberEntities(result.users, result.chats);
  const message = result.messages.find((m): m is Api.Message => m instanceof Api.Message && m.id === messageId);
  if (!message) return null;
  const chat = peerIdOf(message.peerId);
  // A private chat with oneself or another person: the message's peer is that chat.
  return chat === peerId ? message : null;
}

/**
 * Opens one message's file for streaming: the account must be the signed-in user's, the
 * chat one it can reach and the message in that chat, else MediaNotFoundError.
 */
export async function openMessageMedia(userId: string, request: MediaRequest): Promise<OpenedMedia> {
  const account = await findActiveAccount(userId);
  if (!account || account.id !== request.accountId) throw new MediaNotFoundError();
  // Held (not `use`d) for as long as the body streams, so the pool never closes the client under it.
  const { resource: session, release } = await accountPool.hold(account.id);
  try {
    if (session.revoked) throw new DashboardError("revoked", "The Telegram session has ended.");
    const input = await resolveReachablePeer(session, request.peerId);
    if (!input) throw new MediaNotFoundError();
    // The first look may use the message from the history page just shown; any later one is
    // for a fresh file reference, so it asks Telegram (and keeps that answer for next time).
    let cached = session.mediaMessages.get(request.peerId, request.messageId);
    const locate = async (): Promise<MediaTarget> => {
      let message = cached ?? null;
      cached = undefined;
      if (!message) {
        message = await fetchMessage(session, input, request.peerId, request.messageId);
        if (message?.media) session.mediaMessages.remember(request.peerId, message.id, message);
      }
      const target = message ? mediaTargetOf(message.media, { thumb: request.thumb }) : null;
      if (!target) throw new MediaNotFoundError();
      return target;
    };
    const target = await locate();
    return {
      fileId: target.fileId,
      size: target.size,
      mimeType: target.mimeType,
      fileName: target.fileName,
      stream: (start, end) => streamTarget(session, target, locate, start, end, release),
      close: release,
    };
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * One file's bytes as a pull stream: a slice is asked of Telegram only when the consumer
 * is about to need it (PREFETCH ahead), so memory stays at a few slices per download
 * whatever the file's size, and a cancelled response stops asking.
 */
export function streamTarget(
  session: AccountSession,
  initial: MediaTarget,
  locate: () => Promise<MediaTarget>,
  start: number,
  end: number,
  release: () => void,
): ReadableStream<Uint8Array> {
  if (initial.inline) {
    release();
    return new ReadableStream({
      start(controller) {
        controller.enqueue(new Uint8Array(initial.inline!.subarray(start, end + 1)));
        controller.close();
      },
    });
  }
  const reader = new FileReader(session, initial, locate);
  const slices = chunkSlices(start, end, CHUNK_SIZE);
  const pending: Array<Promise<Uint8Array>> = [];
  let finished = false;
  const finish = () => {
    finished = true;
    // Slices still waiting for a slot are not asked for (a failed or cancelled download).
    reader.cancel();
    release();
  };
  const fill = () => {
    while (!finished && pending.length <= PREFETCH) {
      const next = slices.next();
      if (next.done) return;
      const slice = reader.read(next.value);
      // Settled later or never awaited (a cancelled download): not an unhandled rejection.
      slice.catch(() => undefined);
      pending.push(slice);
    }
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        fill();
        const head = pending.shift();
        if (!head) {
          finish();
          controller.close();
          return;
        }
        try {
          controller.enqueue(await head);
        } catch (error) {
          finish();
          controller.error(error);
          return;
        }
        fill();
      },
      cancel() {
        finish();
        pending.length = 0;
      },
    },
    // Nothing is read ahead by the stream itself; PREFETCH is the only buffer.
    { highWaterMark: 0 },
  );
}

/**
 * upload.getFile for one file, following it to the DC that has it (FILE_MIGRATE_X, then
 * every later slice goes there) and renewing its file reference from a refetched message
 * once per slice (FILE_REFERENCE_EXPIRED). Slices in flight share one refetch.
 */
class FileReader {
  private dcId: number;
  private location: Api.TypeInputFileLocation;
  private refreshing: Promise<void> | null = null;
  private cancelled = false;

  constructor(
    private readonly session: AccountSession,
    target: MediaTarget,
    private readonly locate: () => Promise<MediaTarget>,
  ) {
    this.dcId = target.dcId;
    this.location = target.location!;
  }

  cancel(): void {
    this.cancelled = true;
  }

  async read(slice: ChunkSlice): Promise<Uint8Array> {
    const bytes = await sliceSlotsOf(this.session).runExclusive(() => {
      // A slice that waited for a slot after its download was cancelled is not asked at all.
      if (this.cancelled) throw new TelegramError("DOWNLOAD_CANCELLED");
      return this.getFile(slice.offset, slice.limit);
    });
    if (bytes.length < slice.skip + slice.take) {
      // The size Telegram gave with the message promised more: end the response as failed,
      // not as a short file the browser would keep.
      throw new TelegramError("FILE_SHORTER_THAN_SIZE");
    }
    return bytes.subarray(slice.skip, slice.skip + slice.take);
  }

  private async getFile(
    offset: number,
    limit: number,
    refreshed = false,
    hops = 0,
    retried = false,
    reconnects = 0,
  ): Promise<Uint8Array> {
    const location = this.location;
    const dcId = this.dcId;
    try {
      const result = await this.session.invoke(
        new Api.upload.GetFile({ location, offset: long(offset), limit }),
        dcId === this.session.client.session.dcId ? undefined : dcId,
      );
      if (!(result instanceof Api.upload.File)) throw new TelegramError("CDN_NOT_SUPPORTED");
      return result.bytes;
    } catch (raw) {
      const error = toTelegramError(raw);
      if (error.dcId !== null && hops < MAX_MIGRATIONS) {
        this.dcId = error.dcId;
        return this.getFile(offset, limit, refreshed, hops + 1, retried, reconnects);
      }
      // One slice timing out on a busy link should not end a 200 MB download: asked once
      // more, as GramJS's own downloader does.
      if ((error.code === "TIMEOUT" || error.code === "NETWORK") && !retried) {
        return this.getFile(offset, limit, refreshed, hops, true, reconnects);
      }
      if (error.code === "RECONNECTING" && reconnects < RECONNECT_WAITS_MS.length && !this.cancelled) {
        await new Promise((resolve) => setTimeout(resolve, RECONNECT_WAITS_MS[reconnects]));
        return this.getFile(offset, limit, refreshed, hops, retried, reconnects + 1);
      }
      if (error.code.startsWith("FILE_REFERENCE_") && !refreshed) {
        await this.refresh(location);
        return this.getFile(offset, limit, true, hops, retried, reconnects);
      }
      throw error;
    }
  }

  /** A fresh reference from the message again; slices that failed with the same old one wait for it. */
  private async refresh(stale: Api.TypeInputFileLocation): Promise<void> {
    if (this.location !== stale) return;
    this.refreshing ??= this.locate()
      .then((target) => {
        if (target.location) this.location = target.location;
      })
      .finally(() => {
        this.refreshing = null;
      });
    await this.refreshing;
  }
}
