import "server-only";

import http from "node:http";
import https from "node:https";
import webpush from "web-push";
import { pinnedLookup, resolveTarget, type Resolver } from "@/lib/webhooks/addresses";

/** Longest one push request may take before it counts as failed. */
export const PUSH_TIMEOUT_MS = 10_000;
/** Tries per notification: one plus retries of 429/5xx/network failures. */
export const PUSH_ATTEMPTS = 3;
/** First retry delay; doubles, with jitter; a Retry-After is honoured up to PUSH_MAX_WAIT_MS. */
export const PUSH_RETRY_BASE_MS = 500;
export const PUSH_MAX_WAIT_MS = 5_000;
/** How long a push service keeps an undelivered notification (a browser offline). */
export const PUSH_TTL_SECONDS = 24 * 60 * 60;

export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

export interface VapidKeys {
  subject: string;
  publicKey: string;
  privateKey: string;
}

export type PushOutcome =
  /** The push service took it (201 normally). */
  | { kind: "sent"; status: number; attempts: number }
  /** 404/410: the subscription no longer exists; forget it. */
  | { kind: "gone"; status: number; attempts: number }
  | { kind: "failed"; status: number | null; reason: string; attempts: number };

export interface DeliverOptions {
  vapid: VapidKeys;
  /** Collapses pending notifications at the push service (Web Push `Topic`, ≤ 32 base64url characters). */
  topic?: string;
  urgency?: "very-low" | "low" | "normal" | "high";
  /** Loopback and private addresses allowed (development and tests only). */
  allowPrivate: boolean;
  timeoutMs?: number;
  attempts?: number;
  retryBaseMs?: number;
  resolve?: Resolver;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/**
 * Encrypts `payload` for one browser (RFC 8291, aes128gcm), signs the request with the
 * site's VAPID key (RFC 8292), and POSTs it to the browser's push service. web-push does
 * the cryptography; the request is ours, so its address is checked (as webhooks' are),
 * http is possible for the loopback stand-in in tests, and a stuck service times out.
 */
export async function deliverPush(target: PushTarget, payload: string, options: DeliverOptions): Promise<PushOutcome> {
  const details = webpush.generateRequestDetails(
    { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
    payload,
    {
      vapidDetails: options.vapid,
      TTL: PUSH_TTL_SECONDS,
      contentEncoding: "aes128gcm",
      urgency: options.urgency ?? "high",
      ...(options.topic ? { topic: options.topic } : {}),
    },
  );
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(details.headers)) headers[name.toLowerCase()] = String(value);
  const body = details.body ? Buffer.from(details.body) : Buffer.alloc(0);
  const attempts = Math.max(1, options.attempts ?? PUSH_ATTEMPTS);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  let last: PushOutcome = { kind: "failed", status: null, reason: "not sent", attempts: 0 };
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const answer = await post(target.endpoint, headers, body, options);
    if (answer.status !== null && answer.status >= 200 && answer.status < 300) {
      return { kind: "sent", status: answer.status, attempts: attempt };
    }
    if (answer.status === 404 || answer.status === 410)
      return { kind: "gone", status: answer.status, attempts: attempt };
    last = { kind: "failed", status: answer.status, reason: answer.reason, attempts: attempt };
    // Only what may pass: the service busy or rate limiting, or no answer. A 400/403/413 is
    // our request or key being wrong, which trying again does not change.
    const retryable = answer.status === null || answer.status === 429 || answer.status >= 500;
    if (!retryable || attempt === attempts || answer.blocked) break;
    const base = (options.retryBaseMs ?? PUSH_RETRY_BASE_MS) * 2 ** (attempt - 1);
    const jittered = base / 2 + (random() * base) / 2;
    await sleep(Math.min(PUSH_MAX_WAIT_MS, Math.max(jittered, answer.retryAfterMs ?? 0)));
  }
  return last;
}

interface Answer {
  status: number | null;
  reason: string;
  retryAfterMs?: number;
  /** The address was refused (SSRF guard): never retried. */
  blocked?: boolean;
}

async function post(
  rawUrl: string,
  headers: Record<string, string>,
  body: Buffer,
  options: DeliverOptions,
): Promise<Answer> {
  const url = new URL(rawUrl);
  if (url.protocol !== "https:" && !(options.allowPrivate && url.protocol === "http:")) {
    return { status: null, reason: "push endpoints must be https", blocked: true };
  }
  let target;
  try {
    target = await resolveTarget(url, options.allowPrivate, options.resolve);
  } catch (error) {
    return { status: null, reason: error instanceof Error ? error.message : String(error), blocked: true };
  }
  const transport = url.protocol === "https:" ? https : http;
  const timeoutMs = options.timeoutMs ?? PUSH_TIMEOUT_MS;
  return new Promise<Answer>((resolve) => {
    let settled = false;
    const finish = (answer: Answer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(answer);
    };
    const request = transport.request(
      url,
      {
        method: "POST",
        lookup: pinnedLookup(target),
        agent: false,
        headers: { ...headers, "content-length": String(body.length) },
      },
      (response) => {
        const status = response.statusCode ?? 0;
        const retryAfter = Number(response.headers["retry-after"]);
        // The answer's body is not wanted; drain it so the socket closes.
        response.resume();
        response.on("end", () =>
          finish({
            status,
            reason: `HTTP ${status}`,
            retryAfterMs: Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : undefined,
          }),
        );
        response.on("error", () => finish({ status, reason: `HTTP ${status}` }));
      },
    );
    const timer = setTimeout(() => {
      finish({ status: null, reason: `no answer within ${timeoutMs} ms` });
      request.destroy();
    }, timeoutMs);
    request.on("error", (error) => finish({ status: null, reason: error.message }));
    request.end(body);
  });
}
