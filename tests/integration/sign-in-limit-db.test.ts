// authenticate() with the failure limiter against a real migrated SQLite database (the
// Prisma CLI migrates it, hence integration); the limiter alone is in tests/unit/sign-in-limit.test.ts.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDb, type Db } from "@/lib/db";
import { createFailureLimiter } from "@/lib/auth/rate-limit";
import { authenticate, createUser, TooManyAttemptsError } from "@/lib/auth/users";
import { createMigratedDatabase, type TempDatabase } from "../support/db";

describe("authenticate with a limiter", () => {
  let database: TempDatabase;
  let db: Db;
  beforeAll(async () => {
    database = createMigratedDatabase();
    db = createDb(database.databaseUrl);
    await createUser(db, { email: "locked@example.com", password: "right-password", name: "L" });
  }, 60_000);
  afterAll(async () => {
    await db?.$disconnect();
    database?.cleanup();
  });

  test("wrong passwords lock the email, even against the right password, and unknown emails alike", async () => {
    const limiter = createFailureLimiter({ maxFailures: 2, windowMs: 60_000 });
    for (const email of ["locked@example.com", "ghost@example.com"]) {
      expect(await authenticate(db, { email, password: "wrong-1" }, limiter)).toBeNull();
      expect(await authenticate(db, { email, password: "wrong-2" }, limiter)).toBeNull();
      const locked = await authenticate(db, { email, password: "right-password" }, limiter).catch((e: unknown) => e);
      expect(locked).toBeInstanceOf(TooManyAttemptsError);
      expect((locked as TooManyAttemptsError).message).toBe("TooManyAttempts");
    }
  });

  test("a success clears earlier failures", async () => {
    const limiter = createFailureLimiter({ maxFailures: 2, windowMs: 60_000 });
    const email = "locked@example.com";
    expect(await authenticate(db, { email, password: "wrong-1" }, limiter)).toBeNull();
    expect(await authenticate(db, { email, password: "right-password" }, limiter)).not.toBeNull();
    expect(await authenticate(db, { email, password: "wrong-2" }, limiter)).toBeNull();
    expect(await authenticate(db, { email, password: "right-password" }, limiter)).not.toBeNull();
  });
});
