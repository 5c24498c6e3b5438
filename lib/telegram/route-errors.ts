import "server-only";

import { ApiError } from "@/lib/auth/api";
import { problemOf } from "./dashboard";

/**
 * Turns a dashboard failure into the coded JSON every /api route answers with. A peer
 * that is not the user's is a plain 404, the same as one that does not exist.
 */
export function toApiError(error: unknown): unknown {
  const problem = problemOf(error);
  if (!problem) return error;
  switch (problem.code) {
    case "not_found":
      return new ApiError(404, "not_found", "This chat does not exist.");
    case "no_account":
      return new ApiError(409, "telegram_not_linked", "Link a Telegram account first.");
    case "revoked":
      return new ApiError(409, "telegram_revoked", "The Telegram session has ended. Link the account again.");
    case "flood_wait":
      return new ApiError(429, "flood_wait", `Telegram asks to wait ${problem.seconds ?? "a few"} seconds.`, {
        seconds: problem.seconds,
      });
    case "network":
      return new ApiError(503, "telegram_unavailable", "Telegram could not be reached. Try again.");
    default:
      return new ApiError(502, "telegram_error", "Telegram refused the request.");
  }
}

/** Runs a dashboard call, rethrowing its failure as an ApiError. */
export async function telegramCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toApiError(error);
  }
}
