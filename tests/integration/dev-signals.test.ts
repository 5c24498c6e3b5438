// `npm run dev` under a service manager: a SIGTERM or SIGINT sent to the npm process
// alone (not its process group) must stop the sandbox and Next within a few seconds,
// leaving no process behind and every port free.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { REPO_ROOT } from "../support/app";

/** Whether a TCP port on loopback can be bound now. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** A free run of `count` ports below 32767 (GramJS keeps DC ports in an int16). */
async function freeRun(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const first = 20_000 + Math.floor(Math.random() * 12_000);
    const all = await Promise.all(Array.from({ length: count }, (_, i) => portFree(first + i)));
    if (all.every(Boolean)) return first;
  }
  throw new Error("no free run of ports");
}

/** Every live descendant of `pid`, read from /proc. */
function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      // The command name (field 2) may contain spaces; ppid is the 2nd field after it.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (fields[0] !== "Z") parentOf.set(Number(name), Number(fields[1]));
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const parent = queue.shift()!;
    for (const [child, ppid] of parentOf) {
      if (ppid !== parent || found.includes(child)) continue;
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** Running, not a zombie: an ended child whose parent is gone may wait for a reaper that a container lacks. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** `next dev`'s output folder for this run and the tsconfig next.config.js made for it. */
const devDist = path.join(".next-e2e", `dev-signal-${process.pid}`);
function removeDevBuild(): void {
  rmSync(path.join(REPO_ROOT, devDist), { recursive: true, force: true });
  rmSync(path.join(REPO_ROOT, ".next-tsconfig", `${devDist.replace(/[^A-Za-z0-9_-]+/g, "_")}.json`), { force: true });
}

let running: { child: ChildProcess; tree: number[]; dir: string } | undefined;

afterEach(() => {
  // Only for a failed test: whatever it left is ended, by pid.
  if (!running) return;
  for (const pid of [running.child.pid!, ...running.tree]) if (alive(pid)) process.kill(pid, "SIGKILL");
  rmSync(running.dir, { recursive: true, force: true });
  removeDevBuild();
  running = undefined;
});

async function waitFor(what: string, check: () => Promise<boolean>, ms: number, output: () => string): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what} not within ${ms} ms:\n${output()}`);
}

const answers = async (url: string) => {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(20_000) });
    await response.arrayBuffer();
    return true;
  } catch {
    return false;
  }
};

test.each(["SIGTERM", "SIGINT"] as const)(
  "%s to the npm process alone stops the sandbox and Next within 8 s: no process left, every port free",
  async (signal) => {
    const dir = mkdtempSync(path.join(tmpdir(), "tgdesk-dev-signal-"));
    const appPort = await freeRun(1);
    const controlPort = await freeRun(1);
    const sandboxPort = await freeRun(5);
    let output = "";
    const child = spawn("npm", ["run", "dev", "--", "--port", String(appPort), "--hostname", "127.0.0.1"], {
      cwd: REPO_ROOT,
      // Its own process group, as under a service manager; the signal below still goes to its pid only.
      detached: true,
      env: {
        ...process.env,
        NODE_ENV: "development",
        AUTH_SECRET: "dev-signal-test-secret-0000000000000000000",
        TELEGRAM_SESSION_KEY: Buffer.alloc(32, 9).toString("base64"),
        DATABASE_URL: `file:${path.join(dir, "app.db")}`,
        NEXT_DIST_DIR: devDist,
        TELEGRAM_MODE: "sandbox",
        SANDBOX_DIR: path.join(dir, "sandbox"),
        SANDBOX_HOST: "127.0.0.1",
        SANDBOX_PORT: String(sandboxPort),
        SANDBOX_CONTROL_PORT: String(controlPort),
        NEXT_TELEMETRY_DISABLED: "1",
        // Push on would make `npm run dev` write a key pair into the checkout's .env.local.
        WEB_PUSH: "off",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    running = { child, tree: [], dir };
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

    await waitFor(
      "the sandbox",
      () => answers(`http://127.0.0.1:${controlPort}/health`),
      120_000,
      () => output,
    );
    await waitFor(
      "next dev",
      () => answers(`http://127.0.0.1:${appPort}/signin`),
      240_000,
      () => output,
    );
    const tree = descendants(child.pid!);
    running.tree = tree;
    expect(tree.length).toBeGreaterThanOrEqual(3); // the dev script, the sandbox, next

    const sent = Date.now();
    process.kill(child.pid!, signal);
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 8_000))]);
    const took = Date.now() - sent;
    expect(child.exitCode !== null || child.signalCode !== null, `still running after ${took} ms:\n${output}`).toBe(
      true,
    );
    expect(took).toBeLessThan(8_000);
    // Children the dev script ended may be reaped a moment after it exits.
    await waitFor(
      "every child to end",
      async () => tree.every((pid) => !alive(pid)),
      2_000,
      () =>
        tree
          .filter(alive)
          .map((pid) => `${pid}: ${readFileSync(`/proc/${pid}/cmdline`, "utf8")}`)
          .join("\n"),
    );
    const ports = [appPort, controlPort, sandboxPort, sandboxPort + 1, sandboxPort + 2];
    expect(await Promise.all(ports.map(portFree))).toEqual(ports.map(() => true));
    rmSync(dir, { recursive: true, force: true });
    removeDevBuild();
    running = undefined;
  },
  420_000,
);
