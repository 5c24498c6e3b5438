import "server-only";

import fs from "node:fs";
import type { Db } from "@/lib/db";
import { env } from "@/lib/env";
import { sqlitePath } from "@/lib/env-paths";
import { PENDING_ATTEMPT_STATUSES } from "@/lib/admin/attempts";

export type Health = {
  telegramMode: "sandbox" | "production";
  /** Pooled Telegram clients that are connected right now. */
  connectedAccounts: number;
  activeLinks: number;
  pendingLoginAttempts: number;
  memory: { rssBytes: number; heapUsedBytes: number };
  uptimeSeconds: number;
  databaseBytes: number | null;
  version: string;
  auditRetentionDays: number;
};

export async function readHealth(
  db: Db,
  { connectedAccounts, version }: { connectedAccounts: number; version: string },
): Promise<Health> {
  const [activeLinks, pendingLoginAttempts] = await Promise.all([
    db.telegramAccount.count({ where: { status: "active" } }),
    db.authAttempt.count({ where: { status: { in: [...PENDING_ATTEMPT_STATUSES] } } }),
  ]);
  const file = sqlitePath(env.DATABASE_URL);
  let databaseBytes: number | null = null;
  if (file) {
    // The write-ahead log holds recent writes until a checkpoint; count it too.
    databaseBytes = [file, `${file}-wal`].reduce((sum, f) => sum + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0);
  }
  const memory = process.memoryUsage();
  return {
    telegramMode: env.TELEGRAM_MODE,
    connectedAccounts,
    activeLinks,
    pendingLoginAttempts,
    memory: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed },
    uptimeSeconds: Math.round(process.uptime()),
    databaseBytes,
    version,
    auditRetentionDays: env.AUDIT_RETENTION_DAYS,
  };
}
