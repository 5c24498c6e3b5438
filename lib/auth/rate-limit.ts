// Brakes on password guessing. The app runs as one long-lived process (see README), so
// an in-memory window is enough; it is remember()ed on globalThis to survive dev reloads.
import { remember } from "@/lib/remember";

export type FailureLimiter = {
  /** Seconds until another attempt is allowed for this key, or 0. */
  retryAfter(key: string, now?: number): number;
  recordFailure(key: string, now?: number): void;
  reset(key: string): void;
};

export function createFailureLimiter({
  maxFailures,
  windowMs,
  maxKeys = 10_000,
}: {
  maxFailures: number;
  windowMs: number;
  maxKeys?: number;
}): FailureLimiter {
  const failures = new Map<string, number[]>();
  const recent = (key: string, now: number) => (failures.get(key) ?? []).filter((t) => now - t < windowMs);

  return {
    retryAfter(key, now = Date.now()) {
      const times = recent(key, now);
      if (times.length < maxFailures) return 0;
      return Math.ceil((times[times.length - maxFailures]! + windowMs - now) / 1000);
    },
    recordFailure(key, now = Date.now()) {
      const times = recent(key, now);
      times.push(now);
      failures.delete(key); // re-insert: Map order doubles as least-recently-failed order
      failures.set(key, times.slice(-maxFailures));
      // Bound memory under a spray of random emails: forget the stalest keys.
      while (failures.size > maxKeys) failures.delete(failures.keys().next().value!);
    },
    reset(key) {
      failures.delete(key);
    },
  };
}

/** 10 wrong passwords for one email within 15 minutes lock that email until the window moves on. */
export const signInLimiter: FailureLimiter = remember("auth.signInLimiter", () =>
  createFailureLimiter({ maxFailures: 10, windowMs: 15 * 60 * 1000 }),
);
