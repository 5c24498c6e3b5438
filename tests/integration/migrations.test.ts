// A fresh database, migrated with the committed migrations, must have exactly the
// schema that schema.prisma describes (so nobody edits the schema and forgets the
// migration), and Prisma must call it up to date.
import { spawnSync } from "node:child_process";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, expect, test } from "vitest";
import { REPO_ROOT } from "../support/app";
import { createMigratedDatabase, type TempDatabase } from "../support/db";

const prisma = path.join(REPO_ROOT, "node_modules", ".bin", "prisma");
let migrated: TempDatabase;

beforeAll(() => {
  migrated = createMigratedDatabase();
}, 60_000);
afterAll(() => migrated?.cleanup());

/** Tables, columns and indexes in a comparable form (migration bookkeeping left out). */
function describeSchema(db: Database.Database) {
  const tables = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != '_prisma_migrations' ORDER BY name",
    )
    .all() as { name: string }[];
  return tables.map(({ name }) => ({
    name,
    columns: db.prepare(`PRAGMA table_info("${name}")`).all(),
    foreignKeys: db.prepare(`PRAGMA foreign_key_list("${name}")`).all(),
    indexes: (db.prepare(`PRAGMA index_list("${name}")`).all() as { name: string; unique: number }[])
      .map((index) => ({ ...index, columns: db.prepare(`PRAGMA index_info("${index.name}")`).all() }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  }));
}

test("prisma migrate status reports the fresh database up to date", () => {
  const result = spawnSync(prisma, ["migrate", "status"], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: migrated.databaseUrl },
    encoding: "utf8",
  });
  expect(result.status, result.stdout + result.stderr).toBe(0);
  expect(result.stdout).toContain("Database schema is up to date");
});

test("the migrations produce exactly the schema in schema.prisma", () => {
  const diff = spawnSync(
    prisma,
    ["migrate", "diff", "--from-empty", "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
    { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, DATABASE_URL: migrated.databaseUrl } },
  );
  expect(diff.status, diff.stderr).toBe(0);
  const expected = new Database(":memory:");
  expected.exec(diff.stdout);
  const actual = new Database(migrated.file, { readonly: true });
  try {
    const want = describeSchema(expected);
    expect(want.map((t) => t.name)).toEqual([
      "ApiIdempotencyKey",
      "ApiToken",
      "AppSetting",
      "AuditEvent",
      "AuthAttempt",
      "Invitation",
      "PushSubscription",
      "RateLimit",
      "SiteSession",
      "TelegramAccount",
      "TelegramUpdateState",
      "User",
      "WebhookAttempt",
      "WebhookDelivery",
      "WebhookEndpoint",
      "WebhookEvent",
    ]);
    expect(describeSchema(actual)).toEqual(want);
  } finally {
    expected.close();
    actual.close();
  }
});
