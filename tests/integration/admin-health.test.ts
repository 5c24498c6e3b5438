// The health panel's figures against a real migrated database: mode, connected accounts,
// links, pending login attempts (phone logins included), memory, uptime, database size,
// version and the audit retention.
import fs from "node:fs";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import type { Db } from "@/lib/db";
import { createMigratedDatabase, type TempDatabase } from "../support/db";

let database: TempDatabase;
let db: Db;
let readHealth: typeof import("@/lib/admin/health").readHealth;

beforeAll(async () => {
  database = createMigratedDatabase();
  vi.resetModules();
  vi.stubEnv("DATABASE_URL", database.databaseUrl);
  vi.stubEnv("TELEGRAM_MODE", "sandbox");
  vi.stubEnv("AUDIT_RETENTION_DAYS", "90");
  db = (await import("@/lib/db")).createDb(database.databaseUrl);
  ({ readHealth } = await import("@/lib/admin/health"));
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  database?.cleanup();
  vi.unstubAllEnvs();
});

test("every field is filled, and pending attempts count QR and phone logins still under way", async () => {
  const user = await db.user.create({ data: { email: "h@health.test", name: "H", passwordHash: "x" } });
  for (const status of ["started", "qr", "phone", "code", "password", "succeeded", "failed", "expired", "cancelled"]) {
    await db.authAttempt.create({ data: { userId: user.id, status, method: status === "phone" ? "phone" : "qr" } });
  }
  const health = await readHealth(db, { connectedAccounts: 3, version: "9.8.7" });
  expect(health).toMatchObject({
    telegramMode: "sandbox",
    connectedAccounts: 3,
    activeLinks: 0,
    pendingLoginAttempts: 5,
    version: "9.8.7",
    auditRetentionDays: 90,
  });
  expect(health.memory.rssBytes).toBeGreaterThan(0);
  expect(health.memory.heapUsedBytes).toBeGreaterThan(0);
  expect(health.uptimeSeconds).toBeGreaterThanOrEqual(0);
  expect(health.databaseBytes).toBeGreaterThanOrEqual(fs.statSync(database.file).size);
}, 60_000);
