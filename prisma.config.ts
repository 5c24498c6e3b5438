// Prisma CLI configuration. Prisma 7 and the native engines cannot be downloaded on
// these machines, so the CLI runs Prisma 6's WebAssembly schema engine ("js") through
// the same better-sqlite3 adapter the app uses (docs/decisions/0001-prisma-6-wasm-engine.md).
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import fs from "node:fs";
import { resolveDatabaseUrl, sqlitePath } from "./lib/env-paths";

// The CLI does not load .env files once a config file exists, and lib/env.ts would
// demand runtime secrets that migrations do not need, so only the database path is
// resolved here, with the same rules as the app.
const databaseUrl = resolveDatabaseUrl(process.env);
// schema.prisma reads env("DATABASE_URL"); make sure it resolves to the same file.
process.env.DATABASE_URL = databaseUrl;
// SQLite creates the file but not its folder (DATA_DIR is git-ignored, so absent on a fresh clone).
const file = sqlitePath(databaseUrl);
if (file) fs.mkdirSync(path.dirname(file), { recursive: true });

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: {
    path: path.join("prisma", "migrations"),
    // lib/db.ts is "server-only", which only loads under the react-server condition.
    seed: "node --conditions=react-server --import tsx prisma/seed.ts",
  },
  adapter() {
    return Promise.resolve(new PrismaBetterSQLite3({ url: databaseUrl }));
  },
});
