import { z } from "zod";
import { MAX_CAPTION_LENGTH, MAX_FILE_NAME_LENGTH, messageLength } from "@/lib/telegram/limits";

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * The query of a file upload (POST /api/telegram/chats/:peer/files); the body is the
 * file's raw bytes and its Content-Type the file's MIME type.
 */
export const uploadQuerySchema = z
  .object({
    name: z
      .string({ error: "name is required" })
      .trim()
      .min(1, { error: "name must not be empty" })
      .max(MAX_FILE_NAME_LENGTH, { error: `name must be at most ${MAX_FILE_NAME_LENGTH} characters` })
      .refine((name) => !/[\0/\\]/.test(name), { error: "name must not contain slashes or NUL" }),
    caption: z
      .string()
      .default("")
      .refine((text) => messageLength(text) <= MAX_CAPTION_LENGTH, {
        error: `caption must be at most ${MAX_CAPTION_LENGTH} characters`,
      }),
    asFile: z.enum(["0", "1"]).default("0"),
    // Chosen by the browser per file and reused on retry, so the file is sent at most once.
    randomId: z
      .string({ error: "randomId must be a decimal string" })
      .regex(/^-?\d{1,19}$/, { error: "randomId must be a decimal 64-bit integer" })
      .refine((value) => BigInt(value) !== 0n && BigInt(value) >= INT64_MIN && BigInt(value) <= INT64_MAX, {
        error: "randomId must be a non-zero 64-bit integer",
      }),
    // The message (of the same chat) this file replies to: the composer's open reply bar.
    replyTo: z
      .string({ error: "replyTo must be a message id" })
      .regex(/^[1-9]\d{0,9}$/, { error: "replyTo must be a positive message id" })
      .transform(Number)
      .refine((id) => id <= 2 ** 31 - 1, { error: "replyTo must be a positive message id" })
      .optional(),
  })
  .strict();

/** A MIME type as the browser declares it; anything else is sent as application/octet-stream. */
export function mimeTypeOf(contentType: string | null): string {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/.test(type)
    ? type
    : "application/octet-stream";
}
