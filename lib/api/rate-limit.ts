import "server-only";

// Per-token request budget for /api/v1, counted in the database through
// rate-limiter-flexible's Prisma store (as the sign-in limits are): every app process and
// a restart see the same count. Answers carry RateLimit-Limit/-Remaining/-Reset (the IETF
// draft's fields, in seconds) and a refusal also Retry-After.
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import type { Db } from "@/lib/db";
import { remember } from "@/lib/remember";

export interface ApiRatePolicy {
  points: number;
  durationSeconds: number;
}

/** Generous for an integration polling a few chats, small enough that a runaway loop is stopped at once. */
export const DEFAULT_API_RATE_POLICY: ApiRatePolicy = { points: 120, durationSeconds: 60 };

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets (and, when refused, until a retry can succeed). */
  resetSeconds: number;
}

export interface ApiRateLimiter {
  consume(tokenId: string): Promise<RateDecision>;
}

export function createApiRateLimiter(store: Db, policy: ApiRatePolicy = DEFAULT_API_RATE_POLICY): ApiRateLimiter {
  const limiter = new RateLimiterPrisma({
    storeClient: store,
    tableName: "rateLimit",
    keyPrefix: "api:token",
    points: policy.points,
    duration: policy.durationSeconds,
  });
  const decision = (res: RateLimiterRes, allowed: boolean): RateDecision => ({
    allowed,
    limit: policy.points,
    remaining: Math.max(0, res.remainingPoints),
    resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
  });
  return {
    async consume(tokenId) {
      try {
        return decision(await limiter.consume(tokenId), true);
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return decision(rejection, false);
        throw rejection;
      }
    },
  };
}

const limiters = remember("api.rateLimiters", () => new WeakMap<Db, ApiRateLimiter>());

export function apiRateLimiterFor(store: Db): ApiRateLimiter {
  let limiter = limiters.get(store);
  if (!limiter) limiters.set(store, (limiter = createApiRateLimiter(store)));
  return limiter;
}

export function rateLimitHeaders(decision: RateDecision): Record<string, string> {
  return {
    "ratelimit-limit": String(decision.limit),
    "ratelimit-remaining": String(decision.remaining),
    "ratelimit-reset": String(decision.resetSeconds),
  };
}
