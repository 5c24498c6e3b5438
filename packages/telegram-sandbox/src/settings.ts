// Sandbox settings from the environment, with the defaults the README lists (Configuration).
// The sandbox CLI runs before the app's secrets exist, so it cannot use the app's
// lib/env.ts (which insists on them); this reads only DATA_DIR and the SANDBOX_* names,
// with the same rules as the app's lib/env-paths.ts (a package cannot import the app).
import path from "node:path";

type Source = Readonly<Record<string, string | undefined>>;

export interface SandboxSettings {
  dir: string;
  host: string;
  port: number;
  controlPort: number;
}

function port(v: string | undefined, fallback: number, name: string): number {
  if (v === undefined || v.trim() === "") return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`${name} must be a port number`);
  return n;
}

/** Absolute data directory; relative paths are taken from cwd (the project root). */
function resolveDataDir(source: Source, cwd: string): string {
  const dir = source.DATA_DIR?.trim();
  return path.resolve(cwd, dir ? dir : "data");
}

export function sandboxSettings(source: Source, cwd: string = process.cwd()): SandboxSettings {
  const dir = source.SANDBOX_DIR?.trim() || `${resolveDataDir(source, cwd)}/sandbox`;
  return {
    dir,
    host: source.SANDBOX_HOST?.trim() || "127.0.0.1",
    port: port(source.SANDBOX_PORT, 12001, "SANDBOX_PORT"),
    controlPort: port(source.SANDBOX_CONTROL_PORT, 12000, "SANDBOX_CONTROL_PORT"),
  };
}
