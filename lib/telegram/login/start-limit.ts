import "server-only";

// Each new login attempt makes a new Telegram auth key (a DH exchange with the DC, and a
// key Telegram keeps): 500 starts made 500 keys. New attempts are counted per site user
// in the database (rate-limiter-flexible's Prisma store, the RateLimit table); joining
// the attempt that is already running costs nothing.
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import { db } from "@/lib/db";
import { remember } from "@/lib/remember";

export interface LoginStartLimit {
  /** New attempts a user may start per window. */
  points: number;
  windowSeconds: number;
}

export const DEFAULT_LOGIN_START_LIMIT: LoginStartLimit = { points: 10, windowSeconds: 10 * 60 };

const limiters = remember("telegram.loginStartLimiters", () => new Map<string, RateLimiterPrisma>());

function limiterFor(limit: LoginStartLimit): RateLimiterPrisma {
  const id = `${limit.points}/${limit.windowSeconds}`;
  let limiter = limiters.get(id);
  if (!limiter) {
    limiter = new RateLimiterPrisma({
      storeClient: db,
      tableName: "rateLimit",
      keyPrefix: `login-start:${id}`,
      points: limit.points,
      duration: limit.windowSeconds,
    });
    limiters.set(id, limiter);
  }
  return limiter;
}

/** Counts one new attempt; resolves to 0, or to the seconds to wait when the user is over the limit. */
export async function takeLoginStart(
  userId: string,
  limit: LoginStartLimit = DEFAULT_LOGIN_START_LIMIT,
): Promise<number> {
  try {
    await limiterFor(limit).consume(userId, 1);
    return 0;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    throw rejection;
  }
}
