// The one contract between domain errors and the HTTP layer: an error that knows its
// ErrorCode and what a person may be told. Client-safe (no runtime imports beyond the
// table) so lib/telegram can use it without depending on Next's server modules.
import { isErrorCode, type ErrorCode } from "./error-codes";

export interface CodedError extends Error {
  readonly errorCode: ErrorCode;
  /** Safe to show: never a Telegram session, a password or an internal detail. */
  readonly publicMessage: string;
  readonly details?: unknown;
}

/**
 * Structural, not instanceof: the account pool and login registry live on globalThis and
 * are shared by Next's separately bundled layers, so an error may come from another
 * bundle's copy of its class.
 */
export function isCodedError(error: unknown): error is CodedError {
  if (!(error instanceof Error)) return false;
  const candidate = error as Partial<CodedError>;
  return isErrorCode(candidate.errorCode) && typeof candidate.publicMessage === "string";
}
