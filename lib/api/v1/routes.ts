// The route table of API v1: one entry per operation. withToken (./with-token.ts)
// validates each request with the entry's schemas and checks its scope; ./openapi.ts
// renders the document from the same entries, so the two cannot drift apart
// (tests/unit/api-v1-openapi.test.ts checks that every handler is in the table).
import type { z } from "zod";
import type { ErrorCode } from "@/lib/http/error-codes";
import type { ApiScope } from "@/lib/api/scopes";
import {
  accountParams,
  accountsResponse,
  chatParams,
  chatsQuery,
  chatsResponse,
  contactsQuery,
  contactsResponse,
  idempotencyHeaders,
  markReadBody,
  meResponse,
  messagesQuery,
  messagesResponse,
  okResponse,
  sendMessageBody,
  sendMessageResponse,
  createWebhookBody,
  createdWebhookResponse,
  updateWebhookBody,
  webhookDeliveriesResponse,
  webhookDeliveryParams,
  webhookEndpointResponse,
  webhookEndpointsResponse,
  webhookParams,
  binaryBody,
  mediaParams,
  mediaQuery,
  uploadFileQuery,
  messageParams,
  editMessageBody,
  deleteMessageQuery,
} from "./schemas";

export interface ApiRoute {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** OpenAPI form, under /api/v1: "/accounts/{accountId}/chats". */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: "Account" | "Chats" | "Messages" | "Contacts" | "Webhooks";
  /** Needed scope; null for routes any valid token may call. */
  scope: ApiScope | null;
  params?: z.ZodObject;
  query?: z.ZodType;
  headers?: z.ZodObject;
  body?: z.ZodType;
  status: 200 | 201;
  response: z.ZodType;
  /** Error codes this route answers with beyond the ones every route can. */
  errors: ErrorCode[];
  /** A raw (non-JSON) request body the handler streams itself, of this media type; see `requestBody`. */
  requestContentType?: string;
  requestBody?: z.ZodType;
  /** A raw (non-JSON) success body of this media type: the handler answers with a Response. */
  responseContentType?: string;
}

/** Every route can answer these. */
export const COMMON_ERRORS: ErrorCode[] = ["invalid_token", "rate_limited", "internal_error"];

const TELEGRAM_ERRORS: ErrorCode[] = [
  "not_found",
  "telegram_revoked",
  "telegram_not_linked",
  "telegram_session_unreadable",
  "flood_wait",
  "telegram_error",
  "telegram_unavailable",
  "telegram_reconnecting",
];

const define = <const R extends ApiRoute>(route: R) => route;

export const v1Routes = {
  me: define({
    method: "GET",
    path: "/me",
    operationId: "getMe",
    summary: "The token's owner and scopes",
    tag: "Account",
    scope: null,
    status: 200,
    response: meResponse,
    errors: [],
  }),
  accounts: define({
    method: "GET",
    path: "/accounts",
    operationId: "listAccounts",
    summary: "The owner's linked Telegram accounts",
    tag: "Account",
    scope: "messages:read",
    status: 200,
    response: accountsResponse,
    errors: ["insufficient_scope"],
  }),
  chats: define({
    method: "GET",
    path: "/accounts/{accountId}/chats",
    operationId: "listChats",
    summary: "The account's chats, most recent first, with unread counts",
    tag: "Chats",
    scope: "messages:read",
    params: accountParams,
    query: chatsQuery,
    status: 200,
    response: chatsResponse,
    errors: ["insufficient_scope", "invalid_request", ...TELEGRAM_ERRORS],
  }),
  messages: define({
    method: "GET",
    path: "/accounts/{accountId}/chats/{chatId}/messages",
    operationId: "listMessages",
    summary: "A page of a chat's messages, oldest first",
    description:
      "Without `before` or `after`: the newest messages. `before` pages back towards the chat's start, `after` forwards towards its newest message.",
    tag: "Messages",
    scope: "messages:read",
    params: chatParams,
    query: messagesQuery,
    status: 200,
    response: messagesResponse,
    errors: ["insufficient_scope", "invalid_request", ...TELEGRAM_ERRORS],
  }),
  sendMessage: define({
    method: "POST",
    path: "/accounts/{accountId}/chats/{chatId}/messages",
    operationId: "sendMessage",
    summary: "Send a text message",
    description:
      "Requires an `Idempotency-Key`. A retry with the same key and body is sent once and answered with the first answer (header `Idempotent-Replayed: true`); the same key with another body is 422.",
    tag: "Messages",
    scope: "messages:send",
    params: chatParams,
    headers: idempotencyHeaders,
    body: sendMessageBody,
    status: 201,
    response: sendMessageResponse,
    errors: [
      "insufficient_scope",
      "invalid_request",
      "invalid_json",
      "body_too_large",
      "idempotency_key_reused",
      "idempotency_in_progress",
      ...TELEGRAM_ERRORS,
    ],
  }),
  editMessage: define({
    method: "PATCH",
    path: "/accounts/{accountId}/chats/{chatId}/messages/{messageId}",
    operationId: "editMessage",
    summary: "Edit the text of one of the account's messages",
    description:
      "Telegram allows edits for 48 hours (409 `message_edit_time_expired` after), of the account's own messages only (403 `message_author_required`). The same text again is 409 `message_not_modified`; a message that is not in this chat, or no longer exists, is 404 `message_id_invalid`.",
    tag: "Messages",
    scope: "messages:send",
    params: messageParams,
    body: editMessageBody,
    status: 200,
    response: sendMessageResponse,
    errors: [
      "insufficient_scope",
      "invalid_request",
      "invalid_json",
      "body_too_large",
      "message_id_invalid",
      "message_not_modified",
      "message_edit_time_expired",
      "message_author_required",
      ...TELEGRAM_ERRORS,
    ],
  }),
  deleteMessage: define({
    method: "DELETE",
    path: "/accounts/{accountId}/chats/{chatId}/messages/{messageId}",
    operationId: "deleteMessage",
    summary: "Delete a message, for the account or (`revoke=true`) for both sides",
    description:
      "A message that is not in this chat, or is already deleted, is 404 `message_id_invalid` (so a repeated DELETE is 404). Where Telegram does not allow deleting for everyone the answer is 403 `message_delete_forbidden`.",
    tag: "Messages",
    scope: "messages:send",
    params: messageParams,
    query: deleteMessageQuery,
    status: 200,
    response: okResponse,
    errors: [
      "insufficient_scope",
      "invalid_request",
      "message_id_invalid",
      "message_delete_forbidden",
      ...TELEGRAM_ERRORS,
    ],
  }),
  markRead: define({
    method: "POST",
    path: "/accounts/{accountId}/chats/{chatId}/read",
    operationId: "markChatRead",
    summary: "Mark a chat read up to a message",
    tag: "Messages",
    scope: "messages:send",
    params: chatParams,
    body: markReadBody,
    status: 200,
    response: okResponse,
    errors: ["insufficient_scope", "invalid_request", "invalid_json", "body_too_large", ...TELEGRAM_ERRORS],
  }),
  contacts: define({
    method: "GET",
    path: "/accounts/{accountId}/contacts",
    operationId: "listContacts",
    summary: "The account's Telegram contacts, by name",
    tag: "Contacts",
    scope: "contacts:read",
    params: accountParams,
    query: contactsQuery,
    status: 200,
    response: contactsResponse,
    errors: ["insufficient_scope", "invalid_request", ...TELEGRAM_ERRORS],
  }),
  listWebhooks: define({
    method: "GET",
    path: "/webhooks",
    operationId: "listWebhooks",
    summary: "The token owner's webhook endpoints",
    tag: "Webhooks",
    scope: "webhooks:manage",
    status: 200,
    response: webhookEndpointsResponse,
    errors: ["insufficient_scope"],
  }),
  createWebhook: define({
    method: "POST",
    path: "/webhooks",
    operationId: "createWebhook",
    summary: "Register a webhook endpoint",
    description:
      "Deliveries are signed as the Standard Webhooks specification says (`webhook-id`, `webhook-timestamp`, `webhook-signature`); the secret is in this answer only. Delivery is at least once: de-duplicate by `webhook-id`.",
    tag: "Webhooks",
    scope: "webhooks:manage",
    body: createWebhookBody,
    status: 201,
    response: createdWebhookResponse,
    errors: ["insufficient_scope", "invalid_request", "invalid_json", "body_too_large"],
  }),
  getWebhook: define({
    method: "GET",
    path: "/webhooks/{webhookId}",
    operationId: "getWebhook",
    summary: "A webhook endpoint",
    tag: "Webhooks",
    scope: "webhooks:manage",
    params: webhookParams,
    status: 200,
    response: webhookEndpointResponse,
    errors: ["insufficient_scope", "not_found"],
  }),
  updateWebhook: define({
    method: "PATCH",
    path: "/webhooks/{webhookId}",
    operationId: "updateWebhook",
    summary: "Change a webhook's events, or turn it off or on",
    tag: "Webhooks",
    scope: "webhooks:manage",
    params: webhookParams,
    body: updateWebhookBody,
    status: 200,
    response: webhookEndpointResponse,
    errors: ["insufficient_scope", "not_found", "invalid_request", "invalid_json", "body_too_large"],
  }),
  deleteWebhook: define({
    method: "DELETE",
    path: "/webhooks/{webhookId}",
    operationId: "deleteWebhook",
    summary: "Remove a webhook endpoint (its waiting deliveries go with it)",
    tag: "Webhooks",
    scope: "webhooks:manage",
    params: webhookParams,
    status: 200,
    response: okResponse,
    errors: ["insufficient_scope", "not_found"],
  }),
  listWebhookDeliveries: define({
    method: "GET",
    path: "/webhooks/{webhookId}/deliveries",
    operationId: "listWebhookDeliveries",
    summary: "The endpoint's latest deliveries and their attempts",
    tag: "Webhooks",
    scope: "webhooks:manage",
    params: webhookParams,
    status: 200,
    response: webhookDeliveriesResponse,
    errors: ["insufficient_scope", "not_found"],
  }),
  redeliverWebhook: define({
    method: "POST",
    path: "/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver",
    operationId: "redeliverWebhook",
    summary: "Send a delivery again (same webhook-id)",
    tag: "Webhooks",
    scope: "webhooks:manage",
    params: webhookDeliveryParams,
    status: 200,
    response: okResponse,
    errors: ["insufficient_scope", "not_found"],
  }),
  // Files (issue 11's media through the API): raw bytes in or out, not JSON.
  messageMedia: define({
    method: "GET",
    path: "/accounts/{accountId}/chats/{chatId}/messages/{messageId}/media",
    operationId: "downloadMessageMedia",
    summary: "Download a message's file (or a thumbnail of it)",
    description:
      "The bytes are streamed from Telegram as they are read. One `Range` is honoured (206 with `Content-Range`, 416 when unsatisfiable), `If-Range`/`If-None-Match` against the `ETag`; `Content-Type` and `Content-Disposition` carry the file's type and original name, `X-File-Size` its full size. A message without a file, or one not in this chat, is 404.",
    tag: "Messages",
    scope: "messages:read",
    params: mediaParams,
    query: mediaQuery,
    status: 200,
    response: binaryBody,
    responseContentType: "application/octet-stream",
    errors: ["insufficient_scope", "invalid_request", ...TELEGRAM_ERRORS],
  }),
  sendFile: define({
    method: "POST",
    path: "/accounts/{accountId}/chats/{chatId}/files",
    operationId: "sendFile",
    summary: "Upload a file and send it to the chat",
    description:
      "The body is the file's raw bytes (not multipart) with its MIME type as `Content-Type` and its size as `Content-Length` (required: the limits are checked before anything is read). It is streamed on to Telegram in parts as it arrives. JPEG, PNG and WebP up to 10 MB go as photos unless `asFile=1`. Requires an `Idempotency-Key`: a retry with the same key, name and size sends nothing again and gets the first answer (`Idempotent-Replayed: true`) without its body being read.",
    tag: "Messages",
    scope: "messages:send",
    params: chatParams,
    query: uploadFileQuery,
    headers: idempotencyHeaders,
    requestContentType: "application/octet-stream",
    requestBody: binaryBody,
    status: 201,
    response: sendMessageResponse,
    errors: [
      "insufficient_scope",
      "invalid_request",
      "length_required",
      "file_too_large",
      "upload_incomplete",
      "idempotency_key_reused",
      "idempotency_in_progress",
      ...TELEGRAM_ERRORS,
    ],
  }),
} satisfies Record<string, ApiRoute>;

export type V1RouteName = keyof typeof v1Routes;
