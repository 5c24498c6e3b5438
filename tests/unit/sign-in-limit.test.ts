import { describe, expect, test } from "vitest";
import { createFailureLimiter } from "@/lib/auth/rate-limit";

describe("failure limiter", () => {
  test("locks a key after N failures inside the window and says for how long", () => {
    const limiter = createFailureLimiter({ maxFailures: 3, windowMs: 60_000 });
    for (const t of [0, 1_000, 2_000]) {
      expect(limiter.retryAfter("a", t)).toBe(0);
      limiter.recordFailure("a", t);
    }
    expect(limiter.retryAfter("a", 2_000)).toBe(58);
    expect(limiter.retryAfter("b", 2_000)).toBe(0);
    // The oldest failure leaves the window at 60 s.
    expect(limiter.retryAfter("a", 59_999)).toBe(1);
    expect(limiter.retryAfter("a", 60_000)).toBe(0);
  });

  test("reset clears a key", () => {
    const limiter = createFailureLimiter({ maxFailures: 1, windowMs: 60_000 });
    limiter.recordFailure("a", 0);
    expect(limiter.retryAfter("a", 1)).toBeGreaterThan(0);
    limiter.reset("a");
    expect(limiter.retryAfter("a", 1)).toBe(0);
  });

  test("keeps at most maxKeys keys", () => {
    const limiter = createFailureLimiter({ maxFailures: 1, windowMs: 60_000, maxKeys: 2 });
    limiter.recordFailure("a", 0);
    limiter.recordFailure("b", 0);
    limiter.recordFailure("c", 0);
    expect(limiter.retryAfter("a", 1)).toBe(0);
    expect(limiter.retryAfter("c", 1)).toBeGreaterThan(0);
  });
});
