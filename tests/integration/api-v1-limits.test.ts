// API v1's per-token rate limit through the real route handler (withToken) and the
// idempotency claim under a race, both against a real migrated SQLite database.
import { randomBytes } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { createMigratedDatabase, type TempDatabase } from "../support/db";

type Db = typeof import("@/lib/db").db;

let database: TempDatabase;
let db: Db;
let tokens: typeof import("@/lib/api/tokens");
let idempotency: typeof import("@/lib/api/idempotency");
let me: typeof import("@/app/api/v1/me/route");
let owner: { id: string; email: string };

beforeAll(async () => {
  database = createMigratedDatabase();
  Object.assign(process.env, {
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    DATABASE_URL: database.databaseUrl,
    TELEGRAM_MODE: "sandbox",
    TELEGRAM_SESSION_KEY: randomBytes(32).toString("base64"),
  });
  vi.resetModules();
  ({ db } = await import("@/lib/db"));
  tokens = await import("@/lib/api/tokens");
  idempotency = await import("@/lib/api/idempotency");
  me = await import("@/app/api/v1/me/route");
  const user = await db.user.create({ data: { email: "limits@example.com", name: "L", passwordHash: "x" } });
  owner = { id: user.id, email: user.email };
}, 60_000);

afterAll(async () => {
  await db?.$disconnect();
  database?.cleanup();
});

const getMe = (token: string) =>
  me.GET(new NextRequest("http://localhost/api/v1/me", { headers: { authorization: `Bearer ${token}` } }), {
    params: Promise.resolve({}),
  });

describe("per-token rate limit", () => {
  test("the 121st request in a minute is 429 with Retry-After and RateLimit-*; another token is unaffected", async () => {
    const { token } = await tokens.createApiToken(db, owner, {
      name: "busy",
      scopes: ["messages:read"],
      expiresAt: null,
    });
    const { token: other } = await tokens.createApiToken(db, owner, { name: "calm", scopes: [], expiresAt: null });
    let last: Response | null = null;
    for (let i = 0; i < 120; i++) {
      last = await getMe(token);
      expect(last.status).toBe(200);
    }
    expect(last!.headers.get("ratelimit-limit")).toBe("120");
    expect(last!.headers.get("ratelimit-remaining")).toBe("0");
    const refused = await getMe(token);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get("ratelimit-limit")).toBe("120");
    expect(refused.headers.get("ratelimit-remaining")).toBe("0");
    expect(Number(refused.headers.get("ratelimit-reset"))).toBe(retryAfter);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
    const fine = await getMe(other);
    expect(fine.status).toBe(200);
    expect(fine.headers.get("ratelimit-remaining")).toBe("119");
  });
});

describe("Idempotency-Key under a race", () => {
  test("two concurrent requests with one key act once; the loser is told it is in progress, a retry replays", async () => {
    const { apiToken } = await tokens.createApiToken(db, owner, {
      name: "race",
      scopes: ["messages:send"],
      expiresAt: null,
    });
    const fingerprint = idempotency.requestFingerprint("POST", "/api/v1/x", { text: "hi" });
    let sends = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const act = async () => {
      sends += 1;
      await gate;
      return { status: 201, body: { message: { id: "7" } } };
    };
    const first = idempotency.runIdempotent(db, apiToken.id, "race-key", fingerprint, act);
    const second = idempotency.runIdempotent(db, apiToken.id, "race-key", fingerprint, act);
    const secondOutcome = await second.then(
      (answer) => ({ answer, error: null }),
      (error: unknown) => ({ answer: null, error: error as { errorCode?: string } }),
    );
    release();
    const firstAnswer = await first;
    expect(sends).toBe(1);
    expect(firstAnswer).toMatchObject({ status: 201, replayed: false });
    expect(secondOutcome.error?.errorCode).toBe("idempotency_in_progress");
    const retried = await idempotency.runIdempotent(db, apiToken.id, "race-key", fingerprint, act);
    expect(retried).toMatchObject({ status: 201, replayed: true, body: { message: { id: "7" } } });
    expect(sends).toBe(1);
  });

  test("many concurrent requests with one key still act once", async () => {
    const { apiToken } = await tokens.createApiToken(db, owner, {
      name: "herd",
      scopes: ["messages:send"],
      expiresAt: null,
    });
    const fingerprint = idempotency.requestFingerprint("POST", "/api/v1/y", { text: "herd" });
    let sends = 0;
    const act = async () => {
      sends += 1;
      await new Promise((resolve) => setTimeout(resolve, 50));
      return { status: 201, body: { ok: true } };
    };
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, () => idempotency.runIdempotent(db, apiToken.id, "herd-key", fingerprint, act)),
    );
    expect(sends).toBe(1);
    const fulfilled = outcomes.filter((o) => o.status === "fulfilled");
    expect(fulfilled.length).toBeGreaterThanOrEqual(1);
    for (const outcome of outcomes) {
      if (outcome.status === "rejected") {
        expect((outcome.reason as { errorCode?: string }).errorCode).toBe("idempotency_in_progress");
      }
    }
  });
});
