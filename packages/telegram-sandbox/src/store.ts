import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

export interface AuthKeyRow {
  /** hex of the 8-byte key id */
  id: string;
  key: Buffer;
  dcId: number;
  serverSalt: bigint;
  userId: number | null;
  createdAt: number;
  /** JSON: device/app info from initConnection, last activity */
  info: Record<string, unknown>;
}

/**
 * The sandbox's persistence: auth keys are rows written at once (a restart must never
 * forget a key: GramJS hangs on -404), the world is one JSON document flushed shortly
 * after each change.
 */
export class Store {
  private db: Database.Database;

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.db = new Database(join(dir, "sandbox.db"));
    this.db.pragma("journal_mode = WAL");
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS auth_keys (
        id TEXT PRIMARY KEY, key BLOB NOT NULL, dc_id INTEGER NOT NULL, server_salt TEXT NOT NULL,
        user_id INTEGER, created_at INTEGER NOT NULL, info TEXT NOT NULL DEFAULT '{}');
      CREATE TABLE IF NOT EXISTS kv (name TEXT PRIMARY KEY, value TEXT NOT NULL);
    `);
  }

  loadAuthKeys(): AuthKeyRow[] {
    const rows = this.db.prepare("SELECT * FROM auth_keys").all() as Array<{
      id: string;
      key: Buffer;
      dc_id: number;
      server_salt: string;
      user_id: number | null;
      created_at: number;
      info: string;
    }>;
    return rows.map((r) => ({
      id: r.id,
      key: r.key,
      dcId: r.dc_id,
      serverSalt: BigInt(r.server_salt),
      userId: r.user_id,
      createdAt: r.created_at,
      info: JSON.parse(r.info) as Record<string, unknown>,
    }));
  }

  saveAuthKey(k: AuthKeyRow): void {
    this.db
      .prepare(
        `INSERT INTO auth_keys (id, key, dc_id, server_salt, user_id, created_at, info) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET user_id = excluded.user_id, info = excluded.info`,
      )
      .run(k.id, k.key, k.dcId, k.serverSalt.toString(), k.userId, k.createdAt, JSON.stringify(k.info));
  }

  deleteAuthKey(id: string): void {
    this.db.prepare("DELETE FROM auth_keys WHERE id = ?").run(id);
  }

  getJson<T>(name: string): T | undefined {
    const row = this.db.prepare("SELECT value FROM kv WHERE name = ?").get(name) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  setJson(name: string, value: unknown): void {
    this.db
      .prepare("INSERT INTO kv (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value")
      .run(name, JSON.stringify(value));
  }

  close(): void {
    this.db.close();
  }
}
