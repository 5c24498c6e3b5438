import { z } from "zod";
import { MESSAGE_SEARCH_MAX_LENGTH } from "@/lib/telegram/limits";

const messageId = z.coerce
  .number()
  .int()
  .min(1)
  .max(2 ** 31 - 1);

/** Words to find: trimmed, inner whitespace collapsed, 1–100 characters. */
export const searchText = z
  .string({ error: "q is required" })
  .transform((q) => q.replace(/\s+/g, " ").trim())
  .pipe(
    z
      .string()
      .min(1, { error: "q must not be empty" })
      .max(MESSAGE_SEARCH_MAX_LENGTH, { error: `q must be at most ${MESSAGE_SEARCH_MAX_LENGTH} characters` }),
  );

/** GET /api/telegram/chats/:peer/search?q=&offsetId= */
export const chatSearchQuerySchema = z.object({ q: searchText, offsetId: messageId.optional() }).strict();

/** GET /api/telegram/search?q=&cursor= */
export const globalSearchQuerySchema = z
  .object({
    q: searchText,
    cursor: z
      .string()
      .regex(/^\d{1,10}_-?\d{1,20}_\d{1,10}$/, { error: "cursor is not one this server gave" })
      .optional(),
  })
  .strict();

/** GET /api/telegram/chats/:peer/window?around= | ?after= (exactly one). */
export const windowQuerySchema = z.union([
  z.object({ around: messageId }).strict(),
  z.object({ after: messageId }).strict(),
]);

/**
 * Telegram's username shape: a letter, then letters, digits and single underscores; 3–32
 * characters here (Telegram's own minimum is 5, but old short names exist).
 */
export const usernameSchema = z
  .string({ error: "username must be a string" })
  .trim()
  .transform((u) => u.replace(/^@/, ""))
  .pipe(
    z
      .string()
      .regex(/^[a-z][a-z0-9_]{2,31}$/i, { error: "username must start with a letter: letters, digits, underscores" })
      .refine((u) => !u.endsWith("_") && !u.includes("__"), {
        error: "username must not end in or double an underscore",
      }),
  );

/** A phone number as typed, reduced to its digits (country code included): 5–15 digits. */
export const phoneSchema = z
  .string({ error: "phone must be a string" })
  .max(32, { error: "phone is too long" })
  .transform((phone) => phone.replace(/[\s().-]/g, ""))
  .refine((phone) => /^\+?\d{5,15}$/.test(phone), { error: "phone must be 5 to 15 digits with the country code" })
  .transform((phone) => phone.replace(/^\+/, ""));

/** POST /api/telegram/people/find: by @username, or by phone (kept as a contact or not). */
export const findPersonSchema = z.union([
  z.object({ username: usernameSchema }).strict(),
  z.object({ phone: phoneSchema, keepContact: z.boolean().default(false) }).strict(),
]);
