// The closed set of error codes the app's JSON API answers with, and the HTTP status of
// each. Client-safe on purpose (no runtime imports): the browser translates an error by
// its code through this same list, so a code can't be added on one side only.

export const ERROR_STATUS = {
  invalid_request: 400,
  invalid_json: 400,
  unauthenticated: 401,
  forbidden_origin: 403,
  forbidden: 403,
  not_found: 404,
  no_attempt: 409,
  not_awaiting_password: 409,
  login_step_changed: 409,
  no_qr_code: 409,
  telegram_not_linked: 409,
  telegram_revoked: 409,
  // Administration and profile (lib/admin/errors.ts).
  last_admin: 409,
  cannot_target_self: 409,
  email_taken: 409,
  wrong_password: 400,
  invitation_invalid: 410,
  // A reset (or generated) password must be replaced before anything else is allowed.
  password_change_required: 403,
  // The stored session cannot be decrypted (TELEGRAM_SESSION_KEY changed): link again.
  telegram_session_unreadable: 409,
  body_too_large: 413,
  // The public API (/api/v1): a missing, unknown, revoked or expired token; a token without
  // the scope a route needs; an Idempotency-Key reused for another request, or still running.
  invalid_token: 401,
  insufficient_scope: 403,
  idempotency_key_reused: 422,
  idempotency_in_progress: 409,
  flood_wait: 429,
  rate_limited: 429,
  internal_error: 500,
  telegram_error: 502,
  sandbox_unreachable: 502,
  telegram_unavailable: 503,
  // The account's connection was lost and is being re-established: try again in seconds.
  telegram_reconnecting: 503,
  // Sending files: over the site's (MAX_UPLOAD_MB) or Telegram's size limit; an upload
  // without Content-Length; a body that ended short of (or ran past) its declared length;
  // a file Telegram cannot take as the media asked for (e.g. an image it cannot read as a photo).
  file_too_large: 413,
  length_required: 411,
  upload_incomplete: 400,
  media_invalid: 400,
  // Finding a person (New message): a free @username, one Telegram refuses as malformed, a
  // number nobody on Telegram has (or hides), and a person whose privacy refuses us.
  username_not_occupied: 404,
  username_invalid: 400,
  phone_not_on_telegram: 404,
  telegram_privacy: 403,
  // Acting on a message (edit, delete): Telegram's 48 hours to edit are over; the message is
  // gone (or never was); the edit changes nothing; it is someone else's message; deleting it
  // for everyone is not allowed here.
  message_edit_time_expired: 409,
  message_id_invalid: 404,
  message_not_modified: 409,
  message_author_required: 403,
  message_delete_forbidden: 403,
  // Web Push: switched off on this server (WEB_PUSH), and a subscription whose endpoint is
  // not a push service the server may reach (not https, or a private address in production).
  push_disabled: 409,
  push_endpoint_invalid: 400,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** The body of every error answer from /api/**. */
export interface ApiErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && Object.hasOwn(ERROR_STATUS, value);
}
