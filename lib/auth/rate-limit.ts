import "server-only";

// Brakes on password guessing that cannot be turned against the person they protect.
// Failures are counted per (email, client address) and per client address, in the
// database through rate-limiter-flexible's Prisma store: a flood of other keys cannot push
// an entry out (there is no bounded table), and a restart forgets nothing. Past a few free
// failures each further one costs a growing delay instead of a lock, so failures from
// another address never delay a person signing in from their own, and a spray of one
// password over many emails is slowed by its address.
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import type { Db } from "@/lib/db";
import { remember } from "@/lib/remember";

export interface SignInKey {
  /** Normalised email the attempt named (whether or not such a user exists). */
  email: string;
  /** Client address from the trusted proxy header, or null when none is configured. */
  address: string | null;
}

export interface SignInLimiter {
  /** Seconds until this email may be tried again from this address, or 0. */
  retryAfter(key: SignInKey): Promise<number>;
  recordFailure(key: SignInKey): Promise<void>;
  /** A correct password clears its (email, address) count; the address's own count stays. */
  recordSuccess(key: SignInKey): Promise<void>;
}

export interface SignInLimitPolicy {
  /** Failures per (email, address) before delays start. */
  pairFreeFailures: number;
  /** Failures per address (over all emails) before delays start. */
  addressFreeFailures: number;
  /** First delay; each further failure doubles it. */
  baseDelaySeconds: number;
  maxDelaySeconds: number;
  /** How long failures are remembered after the first one of a run. */
  windowSeconds: number;
}

export const DEFAULT_SIGN_IN_POLICY: SignInLimitPolicy = {
  pairFreeFailures: 5,
  addressFreeFailures: 50,
  // Long enough that a guesser gains nothing from the free tries, short enough for a
  // person who mistyped five times.
  baseDelaySeconds: 30,
  maxDelaySeconds: 15 * 60,
  windowSeconds: 24 * 60 * 60,
};

/** Delay after the n-th failure: none while free, then base, 2·base, 4·base … up to the cap. */
export function delayAfter(failures: number, free: number, policy: SignInLimitPolicy): number {
  if (failures <= free) return 0;
  return Math.min(policy.baseDelaySeconds * 2 ** Math.min(failures - free - 1, 30), policy.maxDelaySeconds);
}

// The store's model accessor on the Prisma client (model RateLimit).
const TABLE = "rateLimit";

export function createSignInLimiter(store: Db, policy: SignInLimitPolicy = DEFAULT_SIGN_IN_POLICY): SignInLimiter {
  const counter = (keyPrefix: string) =>
    new RateLimiterPrisma({
      storeClient: store,
      tableName: TABLE,
      keyPrefix,
      points: Number.MAX_SAFE_INTEGER,
      duration: policy.windowSeconds,
    });
  // A "wait" key is blocked (points + 1 consumed) until its delay has passed.
  const waiter = (keyPrefix: string) =>
    new RateLimiterPrisma({ storeClient: store, tableName: TABLE, keyPrefix, points: 1, duration: 1 });
  const pairFailures = counter("signin:pair");
  const pairWait = waiter("signin:pair-wait");
  const addressFailures = counter("signin:addr");
  const addressWait = waiter("signin:addr-wait");

  const pairKey = ({ email, address }: SignInKey) => JSON.stringify([email, address]);
  const secondsLeft = (res: RateLimiterRes | null) =>
    res && res.consumedPoints > 1 && res.msBeforeNext > 0 ? Math.ceil(res.msBeforeNext / 1000) : 0;

  return {
    async retryAfter(key) {
      const [pair, address] = await Promise.all([
        pairWait.get(pairKey(key)),
        key.address === null ? Promise.resolve(null) : addressWait.get(key.address),
      ]);
      return Math.max(secondsLeft(pair), secondsLeft(address));
    },
    async recordFailure(key) {
      const pair = await pairFailures.penalty(pairKey(key), 1);
      const pairDelay = delayAfter(pair.consumedPoints, policy.pairFreeFailures, policy);
      if (pairDelay > 0) await pairWait.block(pairKey(key), pairDelay);
      if (key.address === null) return;
      const address = await addressFailures.penalty(key.address, 1);
      const addressDelay = delayAfter(address.consumedPoints, policy.addressFreeFailures, policy);
      if (addressDelay > 0) await addressWait.block(key.address, addressDelay);
    },
    async recordSuccess(key) {
      await Promise.all([pairFailures.delete(pairKey(key)), pairWait.delete(pairKey(key))]);
    },
  };
}

// One limiter per database client (each RateLimiterPrisma keeps a sweep timer), kept across
// dev reloads.
const limiters = remember("auth.signInLimiters", () => new WeakMap<Db, SignInLimiter>());

/** The sign-in limiter with the default policy, its state in `store`. */
export function signInLimiterFor(store: Db): SignInLimiter {
  let limiter = limiters.get(store);
  if (!limiter) limiters.set(store, (limiter = createSignInLimiter(store)));
  return limiter;
}

/**
 * The client's address as the configured trusted proxy reports it, or null. Only the proxy
 * can be trusted, so with a list (x-forwarded-for) the last entry is the one it added.
 */
export function clientAddress(
  headers: Headers | Record<string, string | string[] | undefined> | undefined,
  trustedHeader: string | undefined,
): string | null {
  if (!trustedHeader || !headers) return null;
  const raw = headers instanceof Headers ? headers.get(trustedHeader) : headers[trustedHeader];
  const value = Array.isArray(raw) ? raw.join(",") : raw;
  const last = value?.split(",").pop()?.trim();
  return last ? last.slice(0, 64) : null;
}
