import "server-only";

import type { z } from "zod";
import { ApiError, invalidRequest } from "./errors";

/** Largest JSON body readJsonBody accepts unless told otherwise. */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024;

const tooLarge = (maxBytes: number) => new ApiError("body_too_large", `The body must be at most ${maxBytes} bytes.`);

/**
 * The raw body, read no further than `maxBytes`: 413 as soon as the declared length or the
 * bytes received pass it. A chunked upload has no declared length, so the count is what
 * stops it; the stream is then cancelled, so nothing more of it is read or kept.
 */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) {
    await request.body?.cancel().catch(() => undefined);
    throw tooLarge(maxBytes);
  }
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * Reads and validates a JSON body: 413 when larger than `maxBytes`, 400 when it is not
 * JSON or fails the schema (with zod's field errors as details).
 */
export async function readJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  { maxBytes = DEFAULT_MAX_BODY_BYTES }: { maxBytes?: number } = {},
): Promise<z.output<S>> {
  const text = Buffer.from(await readBodyBytes(request, maxBytes)).toString("utf8");
  let json: unknown;
  try {
    json = text.length === 0 ? undefined : JSON.parse(text);
  } catch {
    throw new ApiError("invalid_json", "The body is not valid JSON.");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw invalidRequest(parsed.error);
  return parsed.data;
}
