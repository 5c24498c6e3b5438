// The zod schemas of API v1: the handlers validate with them and the OpenAPI document is
// rendered from them (./routes.ts ties each to its route). No server-only imports, so the
// tests can check answers against them.
import { z } from "zod";
import "zod-openapi";
import { ERROR_STATUS, type ErrorCode } from "@/lib/http/error-codes";
import { MAX_MESSAGE_LENGTH, SEARCH_MAX_LENGTH, isBlankMessage, messageLength } from "@/lib/telegram/limits";
import { MAX_CAPTION_LENGTH, MAX_FILE_NAME_LENGTH } from "@/lib/telegram/limits";
import { API_SCOPES } from "@/lib/api/scopes";
import { IDEMPOTENCY_KEY_PATTERN } from "./idempotency-key";
import { WEBHOOK_DESCRIPTION_MAX, WEBHOOK_EVENTS, WEBHOOK_URL_MAX } from "@/lib/webhooks/events";

const isoDate = z.iso
  .datetime()
  .meta({ description: "ISO 8601 date and time, UTC", example: "2026-12-02T10:15:00.000Z" });
const decimalId = (description: string) => z.string().meta({ description, example: "1234567" });

// --- inputs ---------------------------------------------------------------------------

/** Telegram's marked peer id: users positive, basic groups negative, channels -100…. */
export const chatIdSchema = z
  .string()
  .regex(/^-?[1-9]\d{0,18}$/)
  .meta({ description: "A chat's id (Telegram's peer id: users positive, groups and channels negative)" });

// Account ids are the database's own (UUIDs today); anything else is answered 404.
export const accountIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/)
  .meta({ description: "A linked Telegram account's id, from GET /accounts" });

const messageIdParam = z
  .string()
  .regex(/^[1-9]\d{0,9}$/)
  .refine((value) => Number(value) <= 2 ** 31 - 1, { error: "must be a message id" });

export const accountParams = z.object({ accountId: accountIdSchema });
export const chatParams = z.object({ accountId: accountIdSchema, chatId: chatIdSchema });

/** Opaque cursors are base64url of a small JSON object; clients pass them back as they got them. */
export const cursorSchema = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9_-]+$/)
  .meta({ description: "Opaque cursor from the previous page's `nextCursor`" });

const limitParam = (max: number, fallback: number) =>
  z.coerce
    .number()
    .int()
    .min(1)
    .max(max)
    .default(fallback)
    .meta({ description: `Page size (1–${max})` });

export const CHATS_MAX_LIMIT = 100;
export const MESSAGES_MAX_LIMIT = 100;
export const CONTACTS_MAX_LIMIT = 500;

export const chatsQuery = z
  .object({
    cursor: cursorSchema.optional(),
    limit: limitParam(CHATS_MAX_LIMIT, 50),
  })
  .strict();

export const messagesQuery = z
  .object({
    before: messageIdParam.optional().meta({ description: "Only messages with a smaller id (older): page backwards" }),
    after: messageIdParam.optional().meta({ description: "Only messages with a larger id (newer): page forwards" }),
    limit: limitParam(MESSAGES_MAX_LIMIT, 50),
  })
  .strict()
  .refine((query) => query.before === undefined || query.after === undefined, {
    error: "before and after cannot be combined",
    path: ["after"],
  });

export const contactsQuery = z
  .object({
    q: z.string().trim().max(SEARCH_MAX_LENGTH).optional().meta({ description: "Filter by name, username or phone" }),
    cursor: cursorSchema.optional(),
    limit: limitParam(CONTACTS_MAX_LIMIT, 100),
  })
  .strict();

export const idempotencyHeaders = z.object({
  "idempotency-key": z.string().regex(IDEMPOTENCY_KEY_PATTERN).meta({
    description:
      "Chosen by the client (a UUID is a good choice) and repeated on every retry of this request: it is acted on once, and a retry gets the first answer. Kept 24 hours.",
    example: "0b6c1b4e-6b1f-4c55-9f8e-1a4f0c3d2e10",
  }),
});

export const sendMessageBody = z
  .object({
    text: z
      .string()
      .refine((text) => messageLength(text) <= MAX_MESSAGE_LENGTH, {
        error: `text must be at most ${MAX_MESSAGE_LENGTH} characters`,
      })
      .refine((text) => !isBlankMessage(text), { error: "text must not be empty" })
      .meta({ description: `The message text (1–${MAX_MESSAGE_LENGTH} UTF-16 code units)` }),
  })
  .strict();

/** The new text of an edited message: the same rules as a sent one. */
export const editMessageBody = sendMessageBody;

export const deleteMessageQuery = z
  .object({
    revoke: z.enum(["true", "false"]).default("false").meta({
      description:
        "`true`: delete it for the other side too (private chats, one's own messages in groups). Channels and supergroups always delete for everyone.",
    }),
  })
  .strict();

export const markReadBody = z
  .object({
    maxId: messageIdParam.meta({ description: "Mark messages up to and including this id as read" }),
  })
  .strict();

// --- outputs --------------------------------------------------------------------------

export const scopeSchema = z.enum(API_SCOPES);

export const meSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    token: z.object({ id: z.string(), scopes: z.array(scopeSchema) }),
  })
  .meta({ id: "Me" });

export const accountSchema = z
  .object({
    id: z.string(),
    telegramUserId: decimalId("The account's Telegram user id"),
    name: z.string(),
    username: z.string().nullable(),
    phone: z.string().nullable(),
    // unreadable: the server's session key cannot open the stored session; link it again.
    status: z.enum(["active", "revoked", "unreadable"]),
    linkedAt: isoDate,
    lastUsedAt: isoDate.nullable(),
  })
  .meta({ id: "Account" });

export const mediaSchema = z
  .object({
    kind: z.enum([
      "photo",
      "video",
      "document",
      "sticker",
      "voice",
      "audio",
      "gif",
      "round",
      "location",
      "contact",
      "poll",
      "webpage",
      "other",
    ]),
    label: z.string().nullable(),
    duration: z.number().int().nullable(),
  })
  .meta({ id: "Media" });

export const messageSchema = z
  .object({
    id: decimalId("Message id within the chat"),
    chatId: z.string(),
    date: isoDate,
    editedAt: isoDate.nullable(),
    out: z.boolean().meta({ description: "Sent by the account" }),
    senderId: z.string().nullable(),
    senderName: z.string().nullable(),
    text: z.string(),
    media: mediaSchema.nullable(),
    service: z.string().nullable().meta({ description: "For service messages (joins, title changes…): their kind" }),
  })
  .meta({ id: "Message" });

export const chatSchema = z
  .object({
    id: z.string(),
    kind: z.enum(["user", "group", "channel"]),
    title: z.string(),
    username: z.string().nullable(),
    pinned: z.boolean(),
    muted: z.boolean(),
    unreadCount: z.number().int().min(0),
    lastMessage: messageSchema.nullable(),
    lastMessageAt: isoDate.nullable(),
  })
  .meta({ id: "Chat" });

export const contactSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    firstName: z.string(),
    lastName: z.string().nullable(),
    username: z.string().nullable(),
    phone: z.string().nullable(),
  })
  .meta({ id: "Contact" });

const page = <T extends z.ZodType>(item: T, id: string) =>
  z
    .object({
      data: z.array(item),
      nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null at the end" }),
    })
    .meta({ id });

export const meResponse = meSchema;
export const accountsResponse = z.object({ data: z.array(accountSchema) }).meta({ id: "AccountList" });
export const chatsResponse = page(chatSchema, "ChatPage");
export const contactsResponse = page(contactSchema, "ContactPage");
export const messagesResponse = z
  .object({
    data: z.array(messageSchema).meta({ description: "Oldest first" }),
    olderCursor: z
      .string()
      .nullable()
      .meta({ description: "Pass as `before` for older messages; null when the chat's start is reached" }),
    newerCursor: z.string().nullable().meta({
      description: "Pass as `after` for newer messages (poll with it to see new ones); null when the chat has none yet",
    }),
  })
  .meta({ id: "MessagePage" });
export const sendMessageResponse = z.object({ message: messageSchema }).meta({ id: "SentMessage" });
export const okResponse = z.object({ ok: z.literal(true) }).meta({ id: "Ok" });

const errorCodes = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];
export const errorResponse = z
  .object({
    error: z.object({
      code: z.enum(errorCodes),
      message: z.string().meta({ description: "English, for developers; branch on `code`" }),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: "Error" });

// --- webhooks -------------------------------------------------------------------------

const webhookEventsSchema = z
  .array(z.enum(WEBHOOK_EVENTS))
  .min(1)
  .max(WEBHOOK_EVENTS.length)
  .transform((events) => WEBHOOK_EVENTS.filter((event) => events.includes(event)))
  .meta({ description: "The events to send" });

export const webhookParams = z.object({
  webhookId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .meta({ description: "A webhook endpoint's id" }),
});
export const webhookDeliveryParams = webhookParams.extend({
  deliveryId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .meta({ description: "A delivery's id" }),
});

export const createWebhookBody = z
  .object({
    url: z
      .url({ protocol: /^https?$/, error: "must be an http or https URL" })
      .max(WEBHOOK_URL_MAX)
      .meta({ description: "Where events are POSTed", example: "https://ats.example.com/hooks/telegram" }),
    events: webhookEventsSchema,
    description: z.string().trim().max(WEBHOOK_DESCRIPTION_MAX).optional(),
  })
  .meta({ id: "CreateWebhook" });

export const updateWebhookBody = z
  .object({
    events: webhookEventsSchema.optional(),
    enabled: z
      .boolean()
      .optional()
      .meta({ description: "Turning an endpoint on again resumes its waiting deliveries" }),
    description: z.string().trim().max(WEBHOOK_DESCRIPTION_MAX).optional(),
  })
  .meta({ id: "UpdateWebhook" });

export const webhookEndpointSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string(),
    events: z.array(z.enum(WEBHOOK_EVENTS)),
    secretPrefix: z.string().meta({ description: "The secret's first characters, to tell secrets apart" }),
    enabled: z.boolean(),
    disabledAt: isoDate.nullable(),
    disabledReason: z
      .string()
      .nullable()
      .meta({ description: "`failing` when it was turned off after failing for too long, `owner` when by its owner" }),
    consecutiveFailures: z.number().int().min(0),
    createdAt: isoDate,
  })
  .meta({ id: "WebhookEndpoint" });

export const webhookEndpointResponse = z
  .object({ webhook: webhookEndpointSchema })
  .meta({ id: "WebhookEndpointAnswer" });
export const webhookEndpointsResponse = z
  .object({ data: z.array(webhookEndpointSchema) })
  .meta({ id: "WebhookEndpointList" });
export const createdWebhookResponse = z
  .object({
    webhook: webhookEndpointSchema,
    secret: z.string().meta({
      description:
        "The signing secret (`whsec_…`), shown this once. Verify deliveries with a Standard Webhooks library.",
    }),
  })
  .meta({ id: "CreatedWebhook" });

export const webhookDeliverySchema = z
  .object({
    id: z.string(),
    eventId: z.string().meta({ description: "Sent as `webhook-id`; the same on every retry" }),
    eventType: z.enum(WEBHOOK_EVENTS),
    status: z.enum(["pending", "succeeded", "dead"]),
    attempts: z.number().int().min(0),
    nextAttemptAt: isoDate.nullable(),
    lastStatus: z.number().int().nullable(),
    createdAt: isoDate,
    deliveredAt: isoDate.nullable(),
    attemptLog: z.array(
      z.object({
        at: isoDate,
        ok: z.boolean(),
        statusCode: z.number().int().nullable(),
        latencyMs: z.number().int().min(0),
        excerpt: z
          .string()
          .meta({ description: "The start of the answer's body or the error (at most 256 characters)" }),
      }),
    ),
  })
  .meta({ id: "WebhookDelivery" });
export const webhookDeliveriesResponse = z
  .object({ data: z.array(webhookDeliverySchema).meta({ description: "Newest first, the latest 50" }) })
  .meta({ id: "WebhookDeliveryList" });

// --- files (issue 11's media, through the API) ------------------------------------------

export const messageParams = z.object({
  accountId: accountIdSchema,
  chatId: chatIdSchema,
  messageId: messageIdParam.meta({ description: "A message of this chat" }),
});

export const mediaParams = z.object({
  accountId: accountIdSchema,
  chatId: chatIdSchema,
  messageId: messageIdParam.meta({ description: "The message whose file is wanted" }),
});

export const mediaQuery = z
  .object({
    thumb: z
      .string()
      .regex(/^[a-z]$/)
      .optional()
      .meta({ description: "A thumbnail by Telegram's size letter (`m`, `x`, …) instead of the file itself" }),
  })
  .strict();

/** Raw bytes in a request or response body (rendered as OpenAPI's binary string). */
export const binaryBody = z
  .string()
  .meta({ format: "binary", description: "The file's bytes, exactly; nothing else in the body" });

export const uploadFileQuery = z
  .object({
    name: z
      .string({ error: "name is required" })
      .trim()
      .min(1, { error: "name must not be empty" })
      .max(MAX_FILE_NAME_LENGTH, { error: `name must be at most ${MAX_FILE_NAME_LENGTH} characters` })
      .refine((name) => !/[\0/\\]/.test(name), { error: "name must not contain slashes or NUL" })
      .meta({ description: "The file's name as the recipient sees it", example: "CV_Ivan_Petrov.pdf" }),
    caption: z
      .string()
      .default("")
      .refine((text) => messageLength(text) <= MAX_CAPTION_LENGTH, {
        error: `caption must be at most ${MAX_CAPTION_LENGTH} characters`,
      })
      .meta({ description: "Text sent with the file" }),
    asFile: z.enum(["0", "1"]).default("0").meta({
      description: "`1`: send a JPEG/PNG/WebP as a file (uncompressed) rather than as a photo",
    }),
  })
  .strict();
