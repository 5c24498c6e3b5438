// Path rules shared by lib/env.ts, prisma.config.ts and the scripts. Kept free of
// secrets and of "server-only" so CLI tools can use it before secrets exist.
import path from "node:path";

type Source = Readonly<Record<string, string | undefined>>;

const nonEmpty = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === "" ? undefined : value.trim();

/** Absolute data directory. Relative paths are taken from the project root (cwd). */
export function resolveDataDir(source: Source, cwd: string = process.cwd()): string {
  return path.resolve(cwd, nonEmpty(source.DATA_DIR) ?? "data");
}

/**
 * SQLite URL with an absolute path. better-sqlite3 resolves relative paths against the
 * process's cwd while Prisma's CLI historically used the schema's folder; an absolute
 * path makes the app, the CLI and the tests agree on one file.
 */
export function resolveDatabaseUrl(source: Source, cwd: string = process.cwd()): string {
  const explicit = nonEmpty(source.DATABASE_URL);
  if (explicit === undefined) {
    return `file:${path.join(resolveDataDir(source, cwd), "tgdesk.db")}`;
  }
  if (!explicit.startsWith("file:")) return explicit;
  const file = explicit.slice("file:".length);
  if (file === ":memory:" || path.isAbsolute(file)) return explicit;
  return `file:${path.resolve(cwd, file)}`;
}

/** Filesystem path of a file: URL (undefined for anything else). */
export function sqlitePath(databaseUrl: string): string | undefined {
  if (!databaseUrl.startsWith("file:")) return undefined;
  const file = databaseUrl.slice("file:".length).split("?")[0] ?? "";
  return file === ":memory:" ? undefined : file;
}
