import { z } from "zod";
import { isBlankMessage, MAX_MESSAGE_LENGTH, messageLength } from "@/lib/telegram/limits";
import { peerParamsSchema } from "./telegram-dashboard";

// Bodies and params of the routes that act on sent messages (edit, delete, forward).

const messageId = z
  .number({ error: "message ids are numbers" })
  .int()
  .min(1)
  .max(2 ** 31 - 1);

/** Telegram takes at most 100 ids per deletion or forward. */
const MAX_IDS = 100;

/** `[peer]/messages/[id]`: an id that is not a message id is a 404 like an unknown chat. */
export const messageParamsSchema = peerParamsSchema.extend({
  id: z
    .string()
    .regex(/^[1-9]\d{0,9}$/)
    .transform(Number)
    .pipe(messageId),
});

export const editMessageSchema = z
  .object({
    text: z
      .string({ error: "text must be a string" })
      .refine((text) => messageLength(text) <= MAX_MESSAGE_LENGTH, {
        error: `text must be at most ${MAX_MESSAGE_LENGTH} characters`,
      })
      .refine((text) => !isBlankMessage(text), { error: "text must not be empty" }),
  })
  .strict();

export const deleteMessagesSchema = z
  .object({
    ids: z.array(messageId).min(1).max(MAX_IDS),
    // Also for the other side (private chats, one's own group messages); channels always are.
    revoke: z.boolean().default(false),
  })
  .strict();

const randomId = z
  .string()
  .regex(/^-?\d{1,19}$/)
  .refine((value) => BigInt(value) !== 0n && BigInt.asIntN(64, BigInt(value)) === BigInt(value), {
    error: "randomIds must be non-zero 64-bit integers",
  });

export const forwardMessagesSchema = z
  .object({
    ids: z.array(messageId).min(1).max(MAX_IDS),
    to: z.string().regex(/^-?[1-9]\d{0,18}$/, { error: "to must be a chat id" }),
    // One per message, chosen by the browser and reused on retry: nothing is forwarded twice.
    randomIds: z.array(randomId).min(1).max(MAX_IDS),
  })
  .strict()
  .refine((body) => body.randomIds.length === body.ids.length, { error: "one randomId per message" });
