// What only the benchmarks need: sandbox ports, sign-in through next-auth's real
// endpoints, readings of the server process (resident memory, open sockets) and
// statistics. Building and running the app is tests/support/app-server.ts, as in the e2e tests.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";

/** A free port for a sandbox with `count` DCs: GramJS keeps ports in an int16. */
export async function freeSandboxPort(count = 3): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await Promise.all(
      Array.from(
        { length: count },
        (_, i) =>
          new Promise<boolean>((resolve) => {
            const server = net.createServer();
            server.once("error", () => resolve(false));
            server.listen(port + i, "127.0.0.1", () => server.close(() => resolve(true)));
          }),
      ),
    );
    if (free.every(Boolean)) return port;
  }
  throw new Error("no free sandbox ports below 32768");
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
export async function mapLimit<T, R>(
  items: T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
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
