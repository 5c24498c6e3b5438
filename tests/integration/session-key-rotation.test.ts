// A wrong or rotated TELEGRAM_SESSION_KEY against a real (temporary) SQLite database: the
// start-up check, re-sealing with the current key, "link again" instead of a 500, and
// restoring accounts once the right key is back.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { ERROR_STATUS } from "@/lib/http/error-codes";
import { sessionContext } from "@/lib/telegram/runtime/session-context";
import { createMigratedDatabase, type TempDatabase } from "../support/db";

type Db = typeof import("@/lib/db").db;

const CURRENT = randomBytes(32);
const PREVIOUS = randomBytes(32);
const FOREIGN = randomBytes(32);
const SESSION = "1BQANOTEuMTA4LjU2LjEyOQG7" + "s".repeat(300);

let database: TempDatabase;
let db: Db;
let envelope: typeof import("@/lib/crypto/session-envelope");
let stored: typeof import("@/lib/telegram/runtime/stored-sessions");
let telegram: typeof import("@/lib/telegram/dashboard");

beforeAll(async () => {
  database = createMigratedDatabase();
  Object.assign(process.env, {
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    DATABASE_URL: database.databaseUrl,
    TELEGRAM_MODE: "sandbox",
    TELEGRAM_SESSION_KEY: CURRENT.toString("base64"),
    TELEGRAM_SESSION_KEY_PREVIOUS: PREVIOUS.toString("base64"),
  });
  vi.resetModules();
  ({ db } = await import("@/lib/db"));
  envelope = await import("@/lib/crypto/session-envelope");
  stored = await import("@/lib/telegram/runtime/stored-sessions");
  telegram = await import("@/lib/telegram/dashboard");
}, 60_000);

afterAll(async () => {
  await db?.$disconnect();
  database?.cleanup();
  delete process.env.TELEGRAM_SESSION_KEY_PREVIOUS;
});

/** A site user with one linked account whose session is sealed with `key`. */
async function linkedWith(key: Buffer): Promise<{ userId: string; accountId: string }> {
  const user = await db.user.create({
    data: { email: `${randomBytes(4).toString("hex")}@keys.test`, name: "K", passwordHash: "x" },
  });
  const accountId = randomBytes(8).toString("hex");
  await db.telegramAccount.create({
    data: {
      id: accountId,
      userId: user.id,
      telegramUserId: String(1_000_000 + Math.floor(Math.random() * 1000)),
      firstName: "Alice",
      dcId: 2,
      sessionCiphertext: envelope.sealSession(SESSION, key, sessionContext(user.id, accountId)),
    },
  });
  return { userId: user.id, accountId };
}

// The client omits the secret column unless asked for it.
const row = (id: string) =>
  db.telegramAccount.findUniqueOrThrow({ where: { id }, select: { status: true, sessionCiphertext: true } });

describe("TELEGRAM_SESSION_KEY checked against the stored sessions", () => {
  it("at start: re-seals previous-key sessions, marks unreadable ones, and counts them", async () => {
    const fine = await linkedWith(CURRENT);
    const rotated = await linkedWith(PREVIOUS);
    const foreign = await linkedWith(FOREIGN);
    const sealedBefore = (await row(rotated.accountId)).sessionCiphertext;

    const report = await stored.checkStoredSessions();
    expect(report).toEqual({ readable: 2, resealed: 1, unreadable: 1, restored: 0 });

    // The rotated row now opens with the current key alone.
    const resealed = await row(rotated.accountId);
    expect(resealed.sessionCiphertext).not.toBe(sealedBefore);
    expect(envelope.envelopeKeyId(resealed.sessionCiphertext)).toBe(envelope.keyIdOf(CURRENT));
    expect(
      envelope.openSession(resealed.sessionCiphertext, CURRENT, sessionContext(rotated.userId, rotated.accountId)),
    ).toBe(SESSION);
    expect(resealed.status).toBe("active");
    expect((await row(fine.accountId)).status).toBe("active");

    // The unreadable one: "link again" (409), never a 500.
    expect((await row(foreign.accountId)).status).toBe(stored.UNREADABLE);
    const outcome = await telegram.outcomeOf(() => telegram.getDashboard(foreign.userId));
    expect(outcome).toEqual({ ok: false, problem: { code: "session_unreadable", seconds: null } });
    const error = await telegram.getChats(foreign.userId, {}).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ errorCode: "telegram_session_unreadable" });
    expect(ERROR_STATUS.telegram_session_unreadable).toBe(409);
    await expect(
      telegram.subscribe(
        foreign.userId,
        () => undefined,
        () => undefined,
      ),
    ).rejects.toMatchObject({
      errorCode: "telegram_session_unreadable",
    });

    // Started again with the key that sealed it, the account is back.
    const withForeign = envelope.keyringFrom(CURRENT.toString("base64"), [FOREIGN.toString("base64")]);
    expect(await stored.checkStoredSessions(withForeign)).toMatchObject({ unreadable: 0, restored: 1, resealed: 1 });
    expect((await row(foreign.accountId)).status).toBe("active");
  });

  it("on connect: a session no key opens marks the account and answers 'link again'", async () => {
    const foreign = await linkedWith(FOREIGN);
    const error = await telegram.getChats(foreign.userId, {}).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ errorCode: "telegram_session_unreadable" });
    expect((await row(foreign.accountId)).status).toBe(stored.UNREADABLE);
    // Later requests get the same answer from the account's status, without trying again.
    const again = await telegram.outcomeOf(() => telegram.getDashboard(foreign.userId));
    expect(again).toEqual({ ok: false, problem: { code: "session_unreadable", seconds: null } });
  });
});
