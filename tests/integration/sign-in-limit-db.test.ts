// authenticate() with the sign-in limiter against a real migrated SQLite database (the
// Prisma CLI migrates it, hence integration); the delay schedule and the address rule are
// in tests/unit/sign-in-limit.test.ts.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDb, type Db } from "@/lib/db";
import { createSignInLimiter, DEFAULT_SIGN_IN_POLICY, type SignInLimitPolicy } from "@/lib/auth/rate-limit";
import { authenticate, createUser, TooManyAttemptsError } from "@/lib/auth/users";
import { createMigratedDatabase, type TempDatabase } from "../support/db";

const policy: SignInLimitPolicy = {
  ...DEFAULT_SIGN_IN_POLICY,
  pairFreeFailures: 2,
  addressFreeFailures: 20,
  baseDelaySeconds: 60,
};
const VICTIM = "victim@example.com";
const HOME = "198.51.100.7";
let nextAttacker = 1;
/** A new attacker address per test: the state of one test must not decide another. */
const attacker = () => `203.0.113.${nextAttacker++}`;

describe("authenticate with the sign-in limiter", () => {
  let database: TempDatabase;
  let db: Db;
  beforeAll(async () => {
    database = createMigratedDatabase();
    db = createDb(database.databaseUrl);
    await createUser(db, { email: "locked@example.com", password: "right-password", name: "L" });
    await createUser(db, { email: VICTIM, password: "victim-password", name: "V" });
  }, 60_000);
  afterAll(async () => {
    await db?.$disconnect();
    database?.cleanup();
  });

  const fresh = (p: SignInLimitPolicy = policy) => createSignInLimiter(db, p);

  test("wrong passwords make the email wait from that address, even against the right password, and unknown emails alike", async () => {
    const limiter = fresh();
    for (const email of ["locked@example.com", "ghost@example.com"]) {
      const opts = { limiter, address: "192.0.2.1" };
      expect(await authenticate(db, { email, password: "wrong-1" }, opts)).toBeNull();
      expect(await authenticate(db, { email, password: "wrong-2" }, opts)).toBeNull();
      expect(await authenticate(db, { email, password: "wrong-3" }, opts)).toBeNull();
      const locked = await authenticate(db, { email, password: "right-password" }, opts).catch((e: unknown) => e);
      expect(locked).toBeInstanceOf(TooManyAttemptsError);
      expect((locked as TooManyAttemptsError).message).toBe("TooManyAttempts");
      expect((locked as TooManyAttemptsError).retryAfterSeconds).toBeGreaterThan(0);
    }
  });

  test("a success clears earlier failures", async () => {
    const limiter = fresh();
    const email = "locked@example.com";
    const opts = { limiter, address: "192.0.2.2" };
    expect(await authenticate(db, { email, password: "wrong-1" }, opts)).toBeNull();
    expect(await authenticate(db, { email, password: "right-password" }, opts)).not.toBeNull();
    expect(await authenticate(db, { email, password: "wrong-2" }, opts)).toBeNull();
    expect(await authenticate(db, { email, password: "wrong-3" }, opts)).toBeNull();
    expect(await authenticate(db, { email, password: "right-password" }, opts)).not.toBeNull();
  });

  test("failures for a colleague's email from another address never delay the colleague", async () => {
    const limiter = fresh();
    const ATTACKER = attacker();
    for (let i = 0; i < 12; i++) {
      await authenticate(db, { email: VICTIM, password: `guess-${i}` }, { limiter, address: ATTACKER }).catch(
        () => null,
      );
    }
    expect(await limiter.retryAfter({ email: VICTIM, address: ATTACKER })).toBeGreaterThan(0);
    expect(
      await authenticate(db, { email: VICTIM, password: "victim-password" }, { limiter, address: HOME }),
    ).toMatchObject({ email: VICTIM });
  });

  test("delays grow with each failure instead of a fixed lock, and end", async () => {
    const limiter = fresh({ ...policy, baseDelaySeconds: 10, maxDelaySeconds: 40 });
    const key = { email: "grow@example.com", address: "192.0.2.3" };
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      await limiter.recordFailure(key);
      waits.push(await limiter.retryAfter(key));
    }
    expect(waits).toEqual([0, 0, 10, 20, 40, 40]);
    const short = fresh({ ...policy, baseDelaySeconds: 1 });
    const k2 = { email: "short@example.com", address: "192.0.2.4" };
    for (let i = 0; i < 3; i++) await short.recordFailure(k2);
    expect(await short.retryAfter(k2)).toBe(1);
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await short.retryAfter(k2)).toBe(0);
  });

  test("10,000 failures for random emails do not push out the victim's entry", async () => {
    const limiter = fresh();
    const victim = { email: VICTIM, address: attacker() };
    for (let i = 0; i < 3; i++) await limiter.recordFailure(victim);
    const started = Date.now();
    const before = await limiter.retryAfter(victim);
    expect(before).toBeGreaterThan(0);
    // 300 real failures through the limiter, and the rest of the 10,000 as the rows they
    // leave (one failure costs a few SQLite writes; ten thousand would take minutes here).
    const flood = fresh({ ...policy, addressFreeFailures: Number.MAX_SAFE_INTEGER });
    for (let i = 0; i < 300; i += 50) {
      await Promise.all(
        Array.from({ length: 50 }, () =>
          flood.recordFailure({ email: `${randomUUID()}@example.com`, address: "192.0.2.99" }),
        ),
      );
    }
    const expire = new Date(Date.now() + 3_600_000);
    await db.rateLimit.createMany({
      data: Array.from({ length: 9_700 }, () => ({
        key: `signin:pair:${JSON.stringify([`${randomUUID()}@example.com`, "192.0.2.99"])}`,
        points: 1,
        expire,
      })),
    });
    const elapsed = Math.ceil((Date.now() - started) / 1000);
    const after = await limiter.retryAfter(victim);
    expect(after).toBeGreaterThan(0);
    expect(after).toBeGreaterThanOrEqual(before - elapsed - 1);
  }, 120_000);

  test("one password sprayed over many emails from one address is slowed for every email there, not elsewhere", async () => {
    const limiter = fresh();
    const ATTACKER = attacker();
    for (let i = 0; i < policy.addressFreeFailures + 1; i++) {
      expect(
        await authenticate(
          db,
          { email: `spray-${i}@example.com`, password: "Winter2026!" },
          { limiter, address: ATTACKER },
        ),
      ).toBeNull();
    }
    const next = await authenticate(
      db,
      { email: VICTIM, password: "Winter2026!" },
      { limiter, address: ATTACKER },
    ).catch((e: unknown) => e);
    expect(next).toBeInstanceOf(TooManyAttemptsError);
    expect(
      await authenticate(db, { email: VICTIM, password: "victim-password" }, { limiter, address: HOME }),
    ).toMatchObject({ email: VICTIM });
  }, 60_000);

  test("the state is in the database: a new limiter (a restart) still makes the email wait", async () => {
    const key = { email: "restart@example.com", address: "192.0.2.5" };
    const first = fresh();
    for (let i = 0; i < 3; i++) await first.recordFailure(key);
    expect(await fresh().retryAfter(key)).toBeGreaterThan(0);
    expect(await db.rateLimit.count()).toBeGreaterThan(0);
  });

  test("without a client address, limits apply per email (no shared 'unknown' address)", async () => {
    const limiter = fresh();
    for (let i = 0; i < 3; i++) await limiter.recordFailure({ email: "noaddr@example.com", address: null });
    expect(await limiter.retryAfter({ email: "noaddr@example.com", address: null })).toBeGreaterThan(0);
    expect(await limiter.retryAfter({ email: "other@example.com", address: null })).toBe(0);
  });
});
