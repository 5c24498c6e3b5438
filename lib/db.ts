import "server-only";

import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";
import { sqlitePath } from "@/lib/env-paths";
import { remember } from "@/lib/remember";

/**
 * Builds a Prisma client over better-sqlite3 (the Rust-free client: no engine binary to
 * download). Secret columns are omitted from every query by default so a careless
 * `findUnique` can never hand one to a page or a JSON response; the one place that needs
 * each (sign-in; the account pool) asks for it by name. The password hash and the sealed
 * Telegram session are such columns.
 */
export function createDb(databaseUrl: string = env.DATABASE_URL) {
  const file = sqlitePath(databaseUrl);
  // A fresh clone has no DATA_DIR yet; SQLite creates files, not folders.
  if (file) fs.mkdirSync(path.dirname(file), { recursive: true });
  return new PrismaClient({
    adapter: new PrismaBetterSQLite3({ url: databaseUrl }),
    omit: {
      user: { passwordHash: true },
      telegramAccount: { sessionCiphertext: true },
      webhookEndpoint: { secretCiphertext: true },
    },
    log: env.NODE_ENV === "development" ? ["warn", "error"] : ["error"],
  });
}

export type Db = ReturnType<typeof createDb>;

// One client per process: each bundle's own client would open another SQLite connection.
export const db: Db = remember("db", () => createDb());
