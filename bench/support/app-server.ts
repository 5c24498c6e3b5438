// What the benchmarks share: one production build, `next start` on a free port with a
// fresh database, site users created and signed in through next-auth's real endpoints,
// and readings of the server process (resident memory, open sockets).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const bin = (name: string) => path.join(REPO_ROOT, "node_modules", ".bin", name);

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A free port for a sandbox with `count` DCs: GramJS keeps ports in an int16. */
export async function freeSandboxPort(count = 3): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await Promise.all(
      Array.from({ length: count }, (_, i) => new Promise<boolean>((resolve) => {
        const server = net.createServer();
        server.once("error", () => resolve(false));
        server.listen(port + i, "127.0.0.1", () => server.close(() => resolve(true)));
      })),
    );
    if (free.every(Boolean)) return port;
  }
  throw new Error("no free sandbox ports below 32768");
}

/**
 * Builds the app once into .next-bench (or reuses BENCH_BUILD_DIR). `next build` rewrites
 * tsconfig.json to include the dist folder's types; the file is put back afterwards.
 */
export function buildApp(): string {
  const reuse = process.env.BENCH_BUILD_DIR?.trim();
  if (reuse && fs.existsSync(path.join(REPO_ROOT, reuse, "BUILD_ID"))) return reuse;
  const distDir = reuse || ".next-bench";
  const tsconfig = path.join(REPO_ROOT, "tsconfig.json");
  const original = fs.readFileSync(tsconfig, "utf8");
  console.error(`[bench] next build → ${distDir} …`);
  try {
    const result = spawnSync(bin("next"), ["build"], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...buildEnv(), NEXT_DIST_DIR: distDir },
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    if (result.status !== 0) throw new Error(`next build failed:\n${result.stdout}\n${result.stderr}`);
  } finally {
    fs.writeFileSync(tsconfig, original);
  }
  return distDir;
}

function buildEnv(): Record<string, string> {
  return {
    NODE_ENV: "production",
    AUTH_SECRET: "bench-build-only-auth-secret-0000000000",
    TELEGRAM_SESSION_KEY: Buffer.alloc(32, 3).toString("base64"),
    NEXT_TELEMETRY_DISABLED: "1",
    NEXT_IGNORE_TYPE_ERRORS: "1",
  };
}

export interface AppServer {
  url: string;
  pid: number;
  databaseUrl: string;
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startAppServer(distDir: string, extraEnv: Record<string, string>): Promise<AppServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tgdesk-bench-"));
  const databaseUrl = `file:${path.join(dataDir, "tgdesk.db")}`;
  const migrate = spawnSync(bin("prisma"), ["migrate", "deploy"], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: "utf8",
  });
  if (migrate.status !== 0) throw new Error(`prisma migrate deploy failed:\n${migrate.stderr}`);

  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    ...buildEnv(),
    NEXT_DIST_DIR: distDir,
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: randomBytes(32).toString("base64"),
    TELEGRAM_SESSION_KEY: randomBytes(32).toString("base64"),
    NEXTAUTH_URL: url,
    LOG_LEVEL: "warn",
    ...extraEnv,
  };
  let output = "";
  const child: ChildProcess = spawn(bin("next"), ["start", "--port", String(port), "--hostname", "127.0.0.1"], {
    cwd: REPO_ROOT,
    env: env as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited:\n${output}`);
    const ok = await fetch(`${url}/sign-in`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`next start did not answer:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    pid: child.pid!,
    databaseUrl,
    env,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
        child.kill("SIGKILL");
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in through next-auth's credentials endpoint; returns the Cookie header to send. */
export async function signInViaApi(url: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${url}/api/auth/csrf`);
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const [name, ...value] = pair!.split("=");
      jar.set(name!, value.join("="));
    }
  };
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = () => [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
  const response = await fetch(`${url}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  keep(response);
  if (![...jar.keys()].some((name) => name.includes("session-token"))) {
    throw new Error(`sign-in failed for ${email}: ${response.status}`);
  }
  return cookie();
}

/** Process ids of `pid` and all its descendants (next start runs next-server as a child). */
function processTree(pid: number): number[] {
  const result = spawnSync("ps", ["-e", "-o", "pid=,ppid="], { encoding: "utf8" });
  const children = new Map<number, number[]>();
  for (const line of result.stdout.trim().split("\n")) {
    const [child, parent] = line.trim().split(/\s+/).map(Number) as [number, number];
    children.set(parent, [...(children.get(parent) ?? []), child]);
  }
  const all = [pid];
  for (let i = 0; i < all.length; i++) all.push(...(children.get(all[i]!) ?? []));
  return all;
}

/** Resident memory of the server and its children, in bytes. */
export function residentBytes(pid: number): number {
  let total = 0;
  for (const id of processTree(pid)) {
    const status = fs.readFileSync(`/proc/${id}/status`, "utf8");
    const kb = Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
    total += kb * 1024;
  }
  return total;
}

/** Open TCP sockets of the server and its children. */
export function openSockets(pid: number): number {
  let count = 0;
  for (const id of processTree(pid)) {
    for (const fd of fs.readdirSync(`/proc/${id}/fd`)) {
      try {
        if (fs.readlinkSync(`/proc/${id}/fd/${fd}`).startsWith("socket:")) count++;
      } catch {
        // closed while we looked
      }
    }
  }
  return count;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/** Runs `task` over `items` with at most `limit` at a time. */
export async function mapLimit<T, R>(items: T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index]!, index);
      }
    }),
  );
  return results;
}
