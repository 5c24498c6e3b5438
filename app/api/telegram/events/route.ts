// GET /api/telegram/events: Server-Sent Events with the linked account's live updates.
import type { NextRequest } from "next/server";
import { errorJson } from "@/lib/http/errors";
import { createStreamSlots } from "@/lib/http/stream-slots";
import { withUser } from "@/lib/http/with-user";
import { remember } from "@/lib/remember";
import { subscribe, type LiveEvent } from "@/lib/telegram";

export const dynamic = "force-dynamic";

/** Proxies drop idle connections; a comment line every 15 s keeps this one open. */
const HEARTBEAT_MS = 15_000;

/** Open streams per site user: a few tabs and devices, far below Node's listener warning. */
const MAX_STREAMS_PER_USER = 8;
const streams = remember("telegram.eventStreams", () => createStreamSlots(MAX_STREAMS_PER_USER));

export const GET = withUser(async (request: NextRequest, { user }) => {
  const release = streams.take(user.id);
  if (!release) return errorJson("rate_limited", "Too many live update streams are open; close another tab.");
  const encoder = new TextEncoder();
  let cleanup: (() => void) | null = null;
  let heartbeat: NodeJS.Timeout | undefined;
  let closed = false;
  let controllerRef: ReadableStreamDefaultController<Uint8Array> | null = null;

  const close = () => {
    if (closed) return;
    closed = true;
    release();
    clearInterval(heartbeat);
    cleanup?.();
    try {
      controllerRef?.close();
    } catch {
      // already closed by the client
    }
  };
  const send = (chunk: string) => {
    if (closed || !controllerRef) return;
    try {
      controllerRef.enqueue(encoder.encode(chunk));
    } catch {
      close();
    }
  };
  const onEvent = (event: LiveEvent) => {
    send(`data: ${JSON.stringify(event)}\n\n`);
    if (event.type === "revoked") close();
  };

  // Subscribing first lets a missing or revoked account answer with coded JSON, not a stream.
  let subscription: Awaited<ReturnType<typeof subscribe>>;
  try {
    subscription = await subscribe(user.id, onEvent, close);
    cleanup = subscription.unsubscribe;
  } catch (error) {
    release();
    throw error;
  }

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controllerRef = controller;
      // retry: tells EventSource how soon to reconnect after a drop.
      send(`retry: 2000\n: connected\n\n`);
      // The link to Telegram as it is now: a tab opened mid-outage shows the banner at once.
      onEvent({ type: "connection", state: subscription.connection });
      heartbeat = setInterval(() => send(`: ping\n\n`), HEARTBEAT_MS);
    },
    cancel() {
      close();
    },
  });
  request.signal.addEventListener("abort", close);

  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
});
