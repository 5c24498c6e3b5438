import "server-only";

import type { z } from "zod";
import { ApiError, invalidRequest } from "./errors";

/** Largest JSON body readJsonBody accepts unless told otherwise. */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024;

/**
 * Reads and validates a JSON body: 413 when larger than `maxBytes`, 400 when it is not
 * JSON or fails the schema (with zod's field errors as details).
 */
export async function readJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  { maxBytes = DEFAULT_MAX_BODY_BYTES }: { maxBytes?: number } = {},
): Promise<z.output<S>> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new ApiError("body_too_large", `The body must be at most ${maxBytes} bytes.`);
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes) {
    throw new ApiError("body_too_large", `The body must be at most ${maxBytes} bytes.`);
  }
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
