import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDb, type Db } from "@/lib/db";
import { authenticate, DEMO_MEMBER, DEMO_USER, ensureDemoMember, ensureDemoUser } from "@/lib/auth/users";
import { runUserCreate } from "../../scripts/user-create";
import { createMigratedDatabase, type TempDatabase } from "../support/db";

let database: TempDatabase;
let db: Db;

beforeAll(() => {
  database = createMigratedDatabase();
  db = createDb(database.databaseUrl);
}, 60_000);

afterAll(async () => {
  await db?.$disconnect();
  database?.cleanup();
});

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runUserCreate(argv, db, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("npm run user:create", () => {
  test("creates a user with a normalised email and an argon2id hash", async () => {
    const result = await run("--email", "  Grace@Example.COM ", "--password", "hopper-1906", "--name", "Grace Hopper");
    expect(result).toMatchObject({ code: 0, err: "" });
    expect(result.out).toContain("Created user grace@example.com");

    const stored = await db.user.findUnique({ where: { email: "grace@example.com" }, omit: { passwordHash: false } });
    expect(stored?.name).toBe("Grace Hopper");
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored?.passwordHash).not.toContain("hopper-1906");
  });

  test("the password hash is left out of ordinary queries", async () => {
    const user = await db.user.findUnique({ where: { email: "grace@example.com" } });
    expect(user).not.toBeNull();
    expect(user).not.toHaveProperty("passwordHash");
    const all = await db.user.findMany();
    expect(all.every((u) => !("passwordHash" in u))).toBe(true);
  });

  test("the created user can sign in with that password, not another", async () => {
    expect(await authenticate(db, { email: "GRACE@example.com", password: "hopper-1906" })).toMatchObject({
      email: "grace@example.com",
      name: "Grace Hopper",
    });
    expect(await authenticate(db, { email: "grace@example.com", password: "hopper-1907" })).toBeNull();
    expect(await authenticate(db, { email: "nobody@example.com", password: "hopper-1906" })).toBeNull();
    expect(await authenticate(db, { email: "not-an-email", password: "x" })).toBeNull();
    expect(await authenticate(db, undefined)).toBeNull();
  });

  test("refuses a taken email with exit code 2", async () => {
    const result = await run("--email", "grace@example.com", "--password", "another-password");
    expect(result.code).toBe(2);
    expect(result.err).toContain("already exists");
    expect(await db.user.count({ where: { email: "grace@example.com" } })).toBe(1);
  });

  test.each([
    [["--email", "short@example.com", "--password", "1234567"], "at least 8 characters"],
    [["--email", "not-an-email", "--password", "long-enough-1"], "not a valid address"],
    [["--password", "long-enough-1"], "not a valid address"],
    [["--email", "nopass@example.com"], "at least 8 characters"],
    [["--email", "n@example.com", "--password", "long-enough-1", "--name", "x".repeat(81)], "at most 80"],
    [["--email", "a@example.com", "--pasword", "typo-in-flag"], "Unknown option"],
  ])("refuses %j with exit code 1", async (argv, message) => {
    const before = await db.user.count();
    const result = await run(...argv);
    expect(result.code).toBe(1);
    expect(result.err).toContain(message);
    expect(result.err).toContain("Usage:");
    expect(await db.user.count()).toBe(before);
  });

  test("names the user after the email when --name is left out", async () => {
    const result = await run("--email", "linus@example.com", "--password", "torvalds-91");
    expect(result.code).toBe(0);
    expect((await db.user.findUnique({ where: { email: "linus@example.com" } }))?.name).toBe("linus");
  });

  test("--role admin creates an admin; members are the default", async () => {
    const admin = await run("--email", "ada@example.com", "--password", "lovelace-1815", "--role", "admin");
    expect(admin.code).toBe(0);
    expect(admin.out).toContain("role admin");
    expect((await db.user.findUnique({ where: { email: "ada@example.com" } }))?.role).toBe("admin");
    expect((await db.user.findUnique({ where: { email: "linus@example.com" } }))?.role).toBe("member");
  });

  test("refuses an unknown role with exit code 1", async () => {
    const result = await run("--email", "root@example.com", "--password", "long-enough-1", "--role", "owner");
    expect(result.code).toBe(1);
    expect(result.err).toContain('role must be "admin" or "member"');
    expect(await db.user.count({ where: { email: "root@example.com" } })).toBe(0);
  });

  test("--help prints the usage", async () => {
    const result = await run("--help");
    expect(result.code).toBe(0);
    expect(result.out).toContain("npm run user:create -- --email");
  });
});

describe("demo user", () => {
  test("is created once with the README's credentials and then left alone", async () => {
    const first = await ensureDemoUser(db);
    expect(first.created).toBe(true);
    expect(await authenticate(db, { email: DEMO_USER.email, password: "demo-password" })).toMatchObject({
      email: "demo@tgdesk.local",
    });
    const second = await ensureDemoUser(db);
    expect(second).toEqual({ created: false, user: first.user });
  });

  test("is an admin, and the seed adds one member", async () => {
    expect((await db.user.findUnique({ where: { email: DEMO_USER.email } }))?.role).toBe("admin");
    const member = await ensureDemoMember(db);
    expect(member.created).toBe(true);
    expect((await db.user.findUnique({ where: { email: DEMO_MEMBER.email } }))?.role).toBe("member");
    expect(await authenticate(db, { email: DEMO_MEMBER.email, password: DEMO_MEMBER.password })).toMatchObject({
      id: member.user.id,
    });
    expect((await ensureDemoMember(db)).created).toBe(false);
  });
});
