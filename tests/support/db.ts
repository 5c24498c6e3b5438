// A throwaway SQLite database migrated with the committed migrations, for tests that
// need real tables (unit tests of user creation, the migration check, the e2e template).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrateDeploy } from "../../scripts/setup";
import { REPO_ROOT } from "./app";

export type TempDatabase = { file: string; databaseUrl: string; cleanup: () => void };

export function createMigratedDatabase(): TempDatabase {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tgdesk-db-"));
  const file = path.join(dir, "test.db");
  const databaseUrl = `file:${file}`;
  migrateDeploy(REPO_ROOT, { DATABASE_URL: databaseUrl });
  return { file, databaseUrl, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
