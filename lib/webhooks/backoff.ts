// The retry schedule of a webhook delivery. Client-safe and pure, so the unit test pins it.

/** First retry after about this long. */
export const BACKOFF_BASE_MS = 5_000;
/** No wait between two attempts is longer than this. */
export const BACKOFF_CAP_MS = 60 * 60_000;
/** A delivery still failing this long after its event is given up ("dead"). */
export const RETRY_WINDOW_MS = 24 * 60 * 60_000;
/** An endpoint whose deliveries fail this many times in a row... */
export const DISABLE_AFTER_FAILURES = 50;
/** ...and has not succeeded for this long is turned off, with a notice to its owner. */
export const DISABLE_AFTER_MS = 24 * 60 * 60_000;

/**
 * Wait before the retry that follows failed attempt `attempt` (1-based): exponential
 * from 5 s (5, 10, 20 s, ...) capped at 1 h, with "full jitter" (uniform between half and
 * all of it) so a receiver coming back is not hit by every queued delivery at once.
 */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(Math.max(attempt - 1, 0), 20));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * When to try again after failed attempt `attempt` of an event created at `createdAt`,
 * or null when the 24 h window is spent (the delivery is then dead).
 */
export function nextAttemptAt(
  attempt: number,
  createdAt: Date,
  now: Date,
  random: () => number = Math.random,
): Date | null {
  const at = now.getTime() + backoffMs(attempt, random);
  if (at - createdAt.getTime() > RETRY_WINDOW_MS) return null;
  return new Date(at);
}
