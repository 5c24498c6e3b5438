import { z } from "zod";

/** Telegram's limit for one message's text. */
export const MESSAGE_MAX_LENGTH = 4096;

/**
 * A peer id as it appears in our URLs: Telegram's marked id (users positive, groups
 * negative, channels -100…). Anything else is not a chat of ours: 404, not 400, so a
 * guessed URL learns nothing.
 */
export const peerIdSchema = z.string().regex(/^-?[1-9]\d{0,18}$/);

export function parsePeerId(raw: string): string | null {
  const decoded = (() => {
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  })();
  const parsed = peerIdSchema.safeParse(decoded);
  return parsed.success ? parsed.data : null;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

export const sendMessageSchema = z
  .object({
    text: z
      .string({ error: "text must be a string" })
      .max(MESSAGE_MAX_LENGTH, { error: `text must be at most ${MESSAGE_MAX_LENGTH} characters` })
      .refine((text) => text.trim().length > 0, { error: "text must not be empty" }),
    // Chosen by the browser and reused on retry, so Telegram can drop the duplicate.
    randomId: z
      .string({ error: "randomId must be a decimal string" })
      .regex(/^-?\d{1,19}$/, { error: "randomId must be a decimal 64-bit integer" })
      .refine((value) => BigInt(value) !== 0n && BigInt(value) >= INT64_MIN && BigInt(value) <= INT64_MAX, {
        error: "randomId must be a non-zero 64-bit integer",
      }),
  })
  .strict();

export const markReadSchema = z
  .object({ maxId: z.number({ error: "maxId must be a number" }).int().min(1).max(2 ** 31 - 1) })
  .strict();

export const chatsQuerySchema = z.object({
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  q: z.string().trim().max(100).optional(),
});

export const historyQuerySchema = z.object({
  before: z.coerce.number().int().min(1).max(2 ** 31 - 1).optional(),
});

export const contactsQuerySchema = z.object({
  q: z.string().trim().max(100).optional(),
});

export const sessionHashSchema = z.string().regex(/^-?\d{1,19}$/).refine((value) => value !== "0");

/** Reads a URL's query string through a schema (400 with field errors when it fails). */
export function queryOf(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}
