import { errors } from "telegram";
import type { CodedError } from "@/lib/http/coded-error";
import type { ErrorCode } from "@/lib/http/error-codes";

/**
 * One shape for everything Telegram (or the wire to it) can throw, so callers above
 * lib/telegram switch on a code instead of on GramJS classes.
 */
export class TelegramError extends Error implements CodedError {
  constructor(
    /**
     * Telegram's error message (`PASSWORD_HASH_INVALID`), `FLOOD_WAIT`, `NETWORK`, `TIMEOUT`,
     * or `RECONNECTING` (the account's connection is down and being re-established).
     */
    readonly code: string,
    /** Seconds to wait, for FLOOD_WAIT. */
    readonly seconds: number | null = null,
    /** The DC to migrate to, for *_MIGRATE. */
    readonly dcId: number | null = null,
  ) {
    super(seconds === null ? code : `${code} (${seconds}s)`);
    this.name = "TelegramError";
  }

  /** The wire failed or Telegram did not answer in time: worth saying as "network trouble". */
  get isNetwork(): boolean {
    return this.code === "NETWORK" || this.code === "TIMEOUT" || this.code === "RECONNECTING";
  }

  get errorCode(): ErrorCode {
    if (this.code === "FLOOD_WAIT") return "flood_wait";
    if (this.code === "RECONNECTING") return "telegram_reconnecting";
    if (SESSION_GONE_CODES.has(this.code)) return "telegram_revoked";
    if (this.code.startsWith("PRIVACY_") || this.code === "USER_PRIVACY_RESTRICTED") return "telegram_privacy";
    if (this.isNetwork) return "telegram_unavailable";
    const messageCode = MESSAGE_ERROR_CODES[this.code];
    if (messageCode) return messageCode;
    return "telegram_error";
  }

  get publicMessage(): string {
    switch (this.errorCode) {
      case "flood_wait":
        return `Telegram asks to wait ${this.seconds ?? "a few"} seconds.`;
      case "telegram_revoked":
        return "The Telegram session has ended. Link the account again.";
      case "telegram_unavailable":
        return "Telegram could not be reached. Try again.";
      case "telegram_privacy":
        return "This person's privacy settings do not allow it.";
      case "telegram_reconnecting":
        return "The connection to Telegram was lost and is being restored. Try again in a few seconds.";
      case "message_edit_time_expired":
        return "This message is too old to edit.";
      case "message_id_invalid":
        return "This message no longer exists.";
      case "message_not_modified":
        return "The message already says this.";
      case "message_author_required":
        return "Only the author can edit this message.";
      case "message_delete_forbidden":
        return "This message cannot be deleted for everyone.";
      default:
        return "Telegram refused the request.";
    }
  }

  get details(): { seconds: number | null } | undefined {
    return this.code === "FLOOD_WAIT" ? { seconds: this.seconds } : undefined;
  }
}

const NETWORK_HINTS = [
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "Not connected",
  "Connection closed",
  "TIMEOUT",
  "Request was unsuccessful",
];

export function toTelegramError(error: unknown): TelegramError {
  if (error instanceof TelegramError) return error;
  if (error instanceof errors.FloodWaitError || error instanceof errors.FloodError) {
    const seconds = "seconds" in error ? Number(error.seconds) : null;
    return new TelegramError("FLOOD_WAIT", Number.isFinite(seconds) ? seconds : null);
  }
  if (error instanceof errors.InvalidDCError) {
    const dcId = "newDc" in error ? Number(error.newDc) : null;
    return new TelegramError(error.errorMessage, null, dcId);
  }
  if (error instanceof errors.RPCError) {
    return new TelegramError(error.errorMessage);
  }
  const message = error instanceof Error ? error.message : String(error);
  if (NETWORK_HINTS.some((hint) => message.includes(hint))) {
    return new TelegramError("NETWORK");
  }
  return new TelegramError("UNKNOWN");
}

/** Telegram's refusals of an edit or a deletion, each with a code of its own. */
const MESSAGE_ERROR_CODES: Partial<Record<string, ErrorCode>> = {
  MESSAGE_EDIT_TIME_EXPIRED: "message_edit_time_expired",
  MESSAGE_ID_INVALID: "message_id_invalid",
  MESSAGE_NOT_MODIFIED: "message_not_modified",
  MESSAGE_AUTHOR_REQUIRED: "message_author_required",
  MESSAGE_DELETE_FORBIDDEN: "message_delete_forbidden",
};

/** Telegram ends a session with these; the stored session is then worthless. */
export const SESSION_GONE_CODES = new Set([
  "AUTH_KEY_UNREGISTERED",
  "SESSION_REVOKED",
  "SESSION_EXPIRED",
  "USER_DEACTIVATED",
  "USER_DEACTIVATED_BAN",
  "AUTH_KEY_INVALID",
  "AUTH_KEY_PERM_EMPTY",
]);

/**
 * Rejects with TIMEOUT when `promise` has not settled within `ms`. GramJS has no deadline
 * of its own for a request and can wait forever on one lost across a reconnect or a DC
 * switch; no caller of ours ever should.
 */
export function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TelegramError("TIMEOUT")), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
