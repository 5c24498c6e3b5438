import "server-only";

import http from "node:http";
import https from "node:https";
import { pinnedLookup, resolveTarget, type Resolver } from "./addresses";

/** Longest a receiver may take to answer. */
export const DELIVERY_TIMEOUT_MS = 10_000;
/** Characters of the receiver's answer kept (for the attempts list), never more. */
export const EXCERPT_CHARS = 256;
const EXCERPT_BYTES = 1_024;

export interface SendResult {
  ok: boolean;
  statusCode: number | null;
  latencyMs: number;
  excerpt: string;
}

export interface SendOptions {
  allowPrivate: boolean;
  timeoutMs?: number;
  resolve?: Resolver;
}

/**
 * POSTs one signed delivery. The host is resolved and checked first, and the socket is
 * opened to that very address (the `lookup` below answers with it), so what was checked
 * is what is reached. Redirects are not followed (a 3xx is a failure), and only the
 * answer's first bytes are read.
 */
export async function sendWebhook(
  rawUrl: string,
  body: string,
  headers: Record<string, string>,
  options: SendOptions,
): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const url = new URL(rawUrl);
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return { ok: false, statusCode: null, latencyMs: 0, excerpt: "only http and https URLs are delivered to" };
  }
  let target;
  try {
    target = await resolveTarget(url, options.allowPrivate, options.resolve);
  } catch (error) {
    return { ok: false, statusCode: null, latencyMs: elapsed(), excerpt: clip(messageOf(error)) };
  }
  const transport = url.protocol === "https:" ? https : http;
  const timeoutMs = options.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<SendResult, "latencyMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, latencyMs: elapsed() });
    };
    const request = transport.request(
      url,
      {
        method: "POST",
        lookup: pinnedLookup(target),
        agent: false,
        headers: {
          ...headers,
          "content-type": "application/json",
          "content-length": String(Buffer.byteLength(body)),
          "user-agent": "tgdesk-webhooks/1",
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => {
          const status = response.statusCode ?? 0;
          finish({
            ok: status >= 200 && status < 300,
            statusCode: status,
            excerpt: clip(Buffer.concat(chunks).toString("utf8")),
          });
          response.destroy();
        };
        response.on("data", (chunk: Buffer) => {
          if (size < EXCERPT_BYTES) chunks.push(chunk.subarray(0, EXCERPT_BYTES - size));
          size += chunk.length;
          // The rest of a large answer is not wanted: stop reading instead of buffering it.
          if (size >= EXCERPT_BYTES) done();
        });
        response.on("end", done);
        response.on("error", done);
      },
    );
    const timer = setTimeout(() => {
      finish({ ok: false, statusCode: null, excerpt: `no answer within ${timeoutMs} ms` });
      request.destroy();
    }, timeoutMs);
    request.on("error", (error) => finish({ ok: false, statusCode: null, excerpt: clip(messageOf(error)) }));
    request.end(body);
  });
}

function messageOf(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === "string" ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

function clip(text: string): string {
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS - 1)}…` : text;
}
