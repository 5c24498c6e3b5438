// Building the app and running `next start` on a free port, shared by the e2e harness
// (tests/support/app.ts, e2e-global-setup.ts) and the benchmarks (bench/support/world.ts).
// No vitest imports: the benchmarks run under plain Node.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const bin = (name: string) => path.join(REPO_ROOT, "node_modules", ".bin", name);

/**
 * Environment for `next build`: production rules apply (NODE_ENV=production), so the
 * secrets must exist, but their values do not end up in the build. Type errors are left
 * to `npm run typecheck` so a colleague's half-written file elsewhere does not block a run.
 */
export const BUILD_ENV: Record<string, string> = {
  NODE_ENV: "production",
  AUTH_SECRET: "e2e-build-only-auth-secret-000000000000",
  TELEGRAM_SESSION_KEY: Buffer.alloc(32, 1).toString("base64"),
  NEXT_TELEMETRY_DISABLED: "1",
  NEXT_IGNORE_TYPE_ERRORS: "1",
};

export function run(command: string, args: string[], env: NodeJS.ProcessEnv, what: string) {
  const result = spawnSync(command, args, { cwd: REPO_ROOT, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(`${what} failed (exit ${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

/**
 * `next build` into `distDir` (relative to the repo). next.config.js gives it a generated
 * tsconfig, so tsconfig.json must come out byte for byte as it went in; this checks it.
 * next-env.d.ts, which the build points at `distDir`, is put back as it was.
 */
export function buildApp(distDir: string): void {
  const restore = guardBuildSideEffects();
  try {
    run(bin("next"), ["build"], buildEnv(distDir), "next build");
  } finally {
    restore();
  }
}

/**
 * The same build in the background, its output in `logFile`: `npm test` starts it beside
 * the lint and unit steps, which use one core, and hands the folder to e2e (E2E_BUILD_DIR).
 */
export function buildAppInBackground(distDir: string, logFile: string): Promise<void> {
  const restore = guardBuildSideEffects();
  const log = fs.openSync(logFile, "w");
  const child = spawn(bin("next"), ["build"], { cwd: REPO_ROOT, env: buildEnv(distDir), stdio: ["ignore", log, log] });
  return new Promise<void>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      fs.closeSync(log);
      try {
        restore();
      } catch (error) {
        return reject(error instanceof Error ? error : new Error(String(error)));
      }
      if (code === 0) resolve();
      else reject(new Error(`next build failed (exit ${code ?? signal}):\n${fs.readFileSync(logFile, "utf8")}`));
    });
  });
}

const buildEnv = (distDir: string): NodeJS.ProcessEnv => ({ ...process.env, ...BUILD_ENV, NEXT_DIST_DIR: distDir });

/** Snapshots next-env.d.ts and tsconfig.json; the returned function puts them back (and throws if the build rewrote tsconfig.json). */
function guardBuildSideEffects(): () => void {
  const nextEnv = path.join(REPO_ROOT, "next-env.d.ts");
  const nextEnvBefore = fs.existsSync(nextEnv) ? fs.readFileSync(nextEnv, "utf8") : undefined;
  const tsconfigFile = path.join(REPO_ROOT, "tsconfig.json");
  const tsconfigBefore = fs.readFileSync(tsconfigFile);
  return () => {
    if (nextEnvBefore === undefined) fs.rmSync(nextEnv, { force: true });
    else fs.writeFileSync(nextEnv, nextEnvBefore);
    if (!fs.readFileSync(tsconfigFile).equals(tsconfigBefore)) {
      fs.writeFileSync(tsconfigFile, tsconfigBefore);
      throw new Error(
        "next build rewrote tsconfig.json (put back now); see docs/decisions/tsconfig-never-rewritten.md",
      );
    }
  };
}

/** The tsconfig next.config.js generates for a dist dir (see generatedTsconfig there). */
export const generatedTsconfig = (distDir: string) =>
  path.join(
    REPO_ROOT,
    ".next-tsconfig",
    `${path.relative(REPO_ROOT, path.resolve(REPO_ROOT, distDir)).replace(/[^A-Za-z0-9_-]+/g, "_")}.json`,
  );

/** `prisma migrate deploy` into a new SQLite file. */
export function migrateDatabase(file: string): void {
  run(
    bin("prisma"),
    ["migrate", "deploy"],
    { ...process.env, DATABASE_URL: `file:${file}` },
    `prisma migrate deploy (${file})`,
  );
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export type LaunchAppOptions = {
  /** The `next build` output to serve, relative to the repo. */
  distDir: string;
  /** Fills the app's fresh SQLite file (copy a template, or migrate it). */
  prepareDatabase: (file: string) => void;
  /** Extra environment for `next start` (TELEGRAM_*, SANDBOX_*, LOG_LEVEL…); wins over the defaults. */
  env?: Record<string, string | undefined>;
  /** Milliseconds to wait for the server to answer (default 60 s). */
  readyTimeoutMs?: number;
  /** Prefix of the temporary data dir. */
  tmpPrefix?: string;
};

export type StartedApp = {
  /** Origin of the app, e.g. http://127.0.0.1:41234 (also its NEXTAUTH_URL). */
  url: string;
  port: number;
  /** Process id of the running `next start` (changes on restart). */
  readonly pid: number;
  /** Fresh per app: holds the SQLite file and, unless overridden, SANDBOX_DIR. */
  dataDir: string;
  /** file: URL of this app's own migrated SQLite database. */
  databaseUrl: string;
  /** The environment the server was started with (secrets included). */
  env: Record<string, string>;
  /** Everything the server printed so far (handy in assertion messages). */
  logs: () => string;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s) and deletes dataDir. */
  stop: () => Promise<void>;
  /** Stops the server and starts it again on the same port, database and secrets (also after kill()). */
  restart: () => Promise<void>;
  /** Kills the server at once (SIGKILL: no shutdown handlers run) and waits until it is gone. */
  kill: () => Promise<void>;
};

// Servers still running when this process exits (a crash, a timeout, Ctrl-C) would
// otherwise outlive it and hold their ports.
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

async function waitUntilReady(url: string, child: ChildProcess, timeoutMs: number, logs: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`next start exited early (${child.exitCode ?? child.signalCode}):\n${logs()}`);
    }
    try {
      const response = await fetch(`${url}/sign-in`, { redirect: "manual", signal: AbortSignal.timeout(5_000) });
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`next start did not answer within ${timeoutMs} ms:\n${logs()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(timer);
      running.delete(child);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => {
      running.delete(child);
      resolve();
    });
    child.kill("SIGKILL");
  });
}

/**
 * Runs `next start` from `options.distDir` on a free loopback port with a fresh SQLite
 * database, fresh secrets and `options.env`.
 */
export async function launchApp(options: LaunchAppOptions): Promise<StartedApp> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), options.tmpPrefix ?? "tgdesk-app-"));
  const dbFile = path.join(dataDir, "tgdesk.db");
  try {
    options.prepareDatabase(dbFile);
  } catch (error) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }

  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({
    ...process.env,
    ...BUILD_ENV,
    NEXT_DIST_DIR: options.distDir,
    DATA_DIR: dataDir,
    DATABASE_URL: `file:${dbFile}`,
    AUTH_SECRET: randomBytes(32).toString("base64"),
    TELEGRAM_SESSION_KEY: randomBytes(32).toString("base64"),
    NEXTAUTH_URL: url,
    PORT: String(port),
    LOG_LEVEL: "warn",
    // Next also reads the developer's .env.local; pin the mode so local production
    // credentials there can never point a test at the real Telegram.
    TELEGRAM_MODE: "sandbox",
    ...options.env,
  })) {
    if (value !== undefined) env[key] = value;
  }
  // Vitest marks its workers; the app under test must not think it is one.
  delete env.VITEST;
  delete env.VITEST_WORKER_ID;
  delete env.VITEST_POOL_ID;

  let output = "";
  const logs = () => output;
  const launch = async () => {
    const started = spawn(bin("next"), ["start", "--port", String(port), "--hostname", "127.0.0.1"], {
      cwd: REPO_ROOT,
      env: env as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    running.add(started);
    started.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    started.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    try {
      await waitUntilReady(url, started, options.readyTimeoutMs ?? 60_000, logs);
    } catch (error) {
      await stopChild(started);
      throw error;
    }
    return started;
  };

  let child: ChildProcess;
  try {
    child = await launch();
  } catch (error) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }

  return {
    url,
    port,
    get pid() {
      return child.pid!;
    },
    dataDir,
    databaseUrl: env.DATABASE_URL!,
    env,
    logs,
    stop: async () => {
      await stopChild(child);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
    restart: async () => {
      await stopChild(child);
      child = await launch();
    },
    kill: () => killChild(child),
  };
}
