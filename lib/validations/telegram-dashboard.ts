import { z } from "zod";
import {
  CHAT_PAGE_SIZE,
  DIALOG_PAGE_SIZE,
  isBlankMessage,
  MAX_MESSAGE_LENGTH,
  messageLength,
  SEARCH_MAX_LENGTH,
} from "@/lib/telegram/limits";

/**
 * A peer id as it appears in our URLs: Telegram's marked id (users positive, groups
 * negative, channels -100…). Anything else is not a chat of ours: 404, not 400, so a
 * guessed URL learns nothing.
 */
const peerIdSchema = z.string().regex(/^-?[1-9]\d{0,18}$/);

function decoded(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export function parsePeerId(raw: string): string | null {
  const parsed = peerIdSchema.safeParse(decoded(raw));
  return parsed.success ? parsed.data : null;
}

/** `[peer]` route segments; a failure is answered 404 (see peerIdSchema). */
export const peerParamsSchema = z.object({ peer: z.string().transform(decoded).pipe(peerIdSchema) });

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

export const sendMessageSchema = z
  .object({
    text: z
      .string({ error: "text must be a string" })
      .refine((text) => messageLength(text) <= MAX_MESSAGE_LENGTH, {
        error: `text must be at most ${MAX_MESSAGE_LENGTH} characters`,
      })
      .refine((text) => !isBlankMessage(text), { error: "text must not be empty" }),
    // Chosen by the browser and reused on retry, so Telegram can drop the duplicate.
    randomId: z
      .string({ error: "randomId must be a decimal string" })
      .regex(/^-?\d{1,19}$/, { error: "randomId must be a decimal 64-bit integer" })
      .refine((value) => BigInt(value) !== 0n && BigInt(value) >= INT64_MIN && BigInt(value) <= INT64_MAX, {
        error: "randomId must be a non-zero 64-bit integer",
      }),
    // The message (of the same chat) this one replies to.
    replyTo: z
      .number({ error: "replyTo must be a message id" })
      .int()
      .min(1)
      .max(2 ** 31 - 1)
      .optional(),
  })
  .strict();

export const markReadSchema = z
  .object({
    maxId: z
      .number({ error: "maxId must be a number" })
      .int()
      .min(1)
      .max(2 ** 31 - 1),
  })
  .strict();

export const chatsQuerySchema = z.object({
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
  limit: z.coerce.number().int().min(1).max(DIALOG_PAGE_SIZE).default(CHAT_PAGE_SIZE),
  q: z.string().trim().max(SEARCH_MAX_LENGTH).optional(),
});

export const historyQuerySchema = z.object({
  before: z.coerce
    .number()
    .int()
    .min(1)
    .max(2 ** 31 - 1)
    .optional(),
});

export const contactsQuerySchema = z.object({
  q: z.string().trim().max(SEARCH_MAX_LENGTH).optional(),
});

/**
 * A session hash in its one canonical decimal form: no leading zeros, no "-0", within
 * int64. "0" is the current session, which this route must never touch; "00" or "-0"
 * would otherwise slip past that check and reach Telegram as 0.
 */
export const sessionHashSchema = z
  .string()
  .regex(/^-?[1-9]\d{0,18}$/, { abort: true })
  .refine((value) => BigInt(value) >= INT64_MIN && BigInt(value) <= INT64_MAX);

/** `[hash]` route segments: another device's session, never the current one ("0"). */
export const sessionParamsSchema = z.object({ hash: sessionHashSchema });

/** How a `[peer]` segment that does not parse is answered: like a chat that is not the user's. */
export const CHAT_NOT_FOUND = { code: "not_found", message: "This chat does not exist." } as const;
