// Starting the built app for end-to-end tests. See tests/support/e2e.ts for the API.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { inject } from "vitest";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const NEXT_BIN = path.join(REPO_ROOT, "node_modules", ".bin", "next");

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

export type StartAppOptions = {
  /** Extra environment for `next start` (TELEGRAM_*, SANDBOX_*, LOG_LEVEL…); wins over the defaults. */
  env?: Record<string, string | undefined>;
  /** Milliseconds to wait for the server to answer (default 60 s). */
  readyTimeoutMs?: number;
};

export type StartedApp = {
  /** Origin of the app, e.g. http://127.0.0.1:41234 (also its NEXTAUTH_URL). */
  url: string;
  port: number;
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
  /** Stops the server and starts it again on the same port, database and secrets. */
  restart: () => Promise<void>;
};

// Servers still running when the test process exits (a crash, a timeout, Ctrl-C) would
// otherwise outlive it and hold their ports.
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

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
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/**
 * Runs `next start` from this test run's build on a free loopback port with a fresh
 * SQLite database (a copy of the migrated template), fresh secrets and `options.env`.
 */
export async function startApp(options: StartAppOptions = {}): Promise<StartedApp> {
  const distDir = inject("e2eDistDir");
  const templateDb = inject("e2eTemplateDb");
  if (!distDir || !templateDb) {
    throw new Error("startApp() needs the build from tests/support/e2e-global-setup.ts: run it in the vitest project \"e2e\".");
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tgdesk-e2e-app-"));
  const dbFile = path.join(dataDir, "tgdesk.db");
  fs.copyFileSync(templateDb, dbFile);

  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({
    ...process.env,
    ...BUILD_ENV,
    NEXT_DIST_DIR: distDir,
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
    const started = spawn(NEXT_BIN, ["start", "--port", String(port), "--hostname", "127.0.0.1"], {
      cwd: REPO_ROOT,
      env: env as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
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
  };
}

export type TestUser = { id: string; email: string; name: string; password: string; role: "admin" | "member" };

let userCounter = 0;

/**
 * Creates a site user in the app's database through the same code as `npm run
 * user:create` (argon2id hash, validation). Defaults give a unique email per call.
 */
export async function createTestUser(
  app: Pick<StartedApp, "databaseUrl">,
  input: Partial<Omit<TestUser, "id">> = {},
): Promise<TestUser> {
  userCounter += 1;
  const email = input.email ?? `user${userCounter}-${randomBytes(3).toString("hex")}@e2e.test`;
  const password = input.password ?? `pw-${randomBytes(8).toString("hex")}`;
  const name = input.name ?? `Test User ${userCounter}`;
  const role = input.role ?? "member";
  const [{ createDb }, { createUser }] = await Promise.all([import("@/lib/db"), import("@/lib/auth/users")]);
  const db = createDb(app.databaseUrl);
  try {
    const user = await createUser(db, { email, password, name, role });
    return { ...user, password, role };
  } finally {
    await db.$disconnect();
  }
}
