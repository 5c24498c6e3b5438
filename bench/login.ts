// npm run bench:login — what the QR login costs, measured against `next start` and the
// sandbox data centre over TCP, in real Chromium. Prints a Markdown table for
// docs/benchmarks.md and the raw figures as JSON.
//
//   BENCH_LOGINS    logins timed end to end (default 25)
//   BENCH_ATTEMPTS  concurrent pending attempts for the memory figure (default 200)
//   BENCH_BUILD_DIR reuse an existing `next build` output instead of building
import os from "node:os";
import { chromium } from "playwright-core";

import type { SandboxControlClient } from "@tgdesk/telegram-sandbox/control-client";
import { findChromium, CHROMIUM_ARGS } from "../tests/support/chromium";
import { mapLimit, openSockets, percentile, residentBytes } from "./support/measure";
import { startBenchWorld } from "./support/world";

const LOGINS = Number(process.env.BENCH_LOGINS ?? 25);
const ATTEMPTS = Number(process.env.BENCH_ATTEMPTS ?? 200);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

async function main() {
  const world = await startBenchWorld({ users: LOGINS + ATTEMPTS + 1, emailPrefix: "bench" });
  const { app, control } = world;
  const cookies = world.users.map((user) => user.cookie);
  try {
    const latency = await measureLatency(app.url, cookies.slice(0, LOGINS), control);
    const memory = await measureMemory(app.url, app.pid, cookies.slice(LOGINS));
    const heap = await measureHeap(world.users.slice(0, ATTEMPTS + 1).map((user) => user.id));
    report(latency, memory, heap);
  } finally {
    await world.stop();
  }
}

interface Latency {
  fromScanSent: number[];
  fromScanAnswered: number[];
}

/**
 * From the sandbox accepting the token to "Authorised as …" on screen. The acceptance
 * happens inside the control API's scan call, so each login is bracketed: the time from
 * sending the scan (an upper bound) and from its answer (a lower bound).
 */
async function measureLatency(url: string, cookies: string[], control: SandboxControlClient): Promise<Latency> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error("Chromium not found: apt-get install -y chromium");
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  const result: Latency = { fromScanSent: [], fromScanAnswered: [] };
  try {
    for (const cookie of cookies) {
      const context = await browser.newContext({ baseURL: url });
      await context.addCookies(
        cookie.split("; ").map((pair) => {
          const [name, ...value] = pair.split("=");
          return { name: name!, value: value.join("="), url };
        }),
      );
      const page = await context.newPage();
      await page.goto("/telegram");
      await page.getByRole("button", { name: "Create QR code" }).click();
      const qr = page.locator("svg[data-qr-value]");
      await qr.waitFor();
      const token = (await qr.getAttribute("data-qr-value"))!;
      // A string, not a function: tsx's name-keeping helpers do not exist in the page.
      await page.evaluate(`(() => {
        const observer = new MutationObserver(() => {
          if (document.querySelector('[data-login-status="success"]')) {
            window.successAt = Date.now();
            observer.disconnect();
          }
        });
        observer.observe(document.body, { subtree: true, childList: true, attributes: true });
      })()`);
      const sent = Date.now();
      await control.scan(token, "alice");
      const answered = Date.now();
      await page.waitForFunction("window.successAt", undefined, { timeout: 10_000 });
      const successAt = await page.evaluate<number>("window.successAt");
      result.fromScanSent.push(successAt - sent);
      result.fromScanAnswered.push(successAt - answered);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return result;
}

interface Memory {
  attempts: number;
  baseline: { rss: number; sockets: number };
  pending: { rss: number; sockets: number };
  afterCancel: { rss: number; sockets: number };
}

async function measureMemory(url: string, pid: number, cookies: string[]): Promise<Memory> {
  const call = (cookie: string, method: "POST" | "DELETE") =>
    fetch(`${url}/api/telegram/login`, {
      method,
      headers: { cookie, origin: url, "content-type": "application/json" },
      body: method === "POST" ? "{}" : undefined,
    }).then(async (response) => ({ status: response.status, body: (await response.json()) as { status: string } }));

  // Warm up the routes and GramJS's modules with one attempt, then let the process settle.
  const [warm, ...rest] = cookies;
  await call(warm!, "POST");
  await call(warm!, "DELETE");
  await sleep(3_000);
  const read = () => ({ rss: residentBytes(pid), sockets: openSockets(pid) });
  const baseline = read();

  const started = await mapLimit(rest, 20, (cookie) => call(cookie, "POST"));
  const notQr = started.filter((answer) => answer.body.status !== "qr");
  if (notQr.length > 0)
    throw new Error(`${notQr.length} attempts did not reach the QR state: ${JSON.stringify(notQr[0])}`);
  await sleep(1_000);
  const pending = read();

  await mapLimit(rest, 20, (cookie) => call(cookie, "DELETE"));
  await sleep(3_000);
  const afterCancel = read();
  return { attempts: rest.length, baseline, pending, afterCancel };
}

interface Heap {
  attempts: number;
  baseline: number;
  pending: number;
  afterCancel: number;
  handles: { baseline: number; pending: number; afterCancel: number };
}

/**
 * The same attempts in this process, through the registry the route handlers call, so
 * that V8's heap can be read after a forced GC: RSS alone cannot show memory coming back.
 */
async function measureHeap(userIds: string[]): Promise<Heap> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with node --expose-gc (npm run bench:login does)");
  const registry = await import("@/lib/telegram/login/registry");
  const settle = async () => {
    await sleep(2_000);
    gc();
    await sleep(100);
    gc();
  };
  const handles = () => (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles().length;
  const rest = userIds.slice(1);
  // A first full round warms what grows once per process (JIT, GramJS's lazy tables,
  // the in-process sandbox's stores); the measured round must come back to its start.
  await mapLimit(rest, 20, (id) => registry.startLogin(id));
  await registry.cancelAllLogins();
  await settle();
  const baseline = { heap: process.memoryUsage().heapUsed, handles: handles() };
  await mapLimit(rest, 20, (id) => registry.startLogin(id));
  if (registry.liveAttemptCount() !== rest.length) throw new Error("not every attempt is live");
  await settle();
  const pending = { heap: process.memoryUsage().heapUsed, handles: handles() };
  await registry.cancelAllLogins();
  await settle();
  const after = { heap: process.memoryUsage().heapUsed, handles: handles() };

  return {
    attempts: rest.length,
    baseline: baseline.heap,
    pending: pending.heap,
    afterCancel: after.heap,
    handles: { baseline: baseline.handles, pending: pending.handles, afterCancel: after.handles },
  };
}

function report(latency: Latency, memory: Memory, heap: Heap) {
  const row = (label: string, values: number[]) =>
    `| ${label} | ${values.length} | ${percentile(values, 50)} ms | ${percentile(values, 95)} ms | ${Math.max(...values)} ms |`;
  const perAttempt = (memory.pending.rss - memory.baseline.rss) / memory.attempts;
  const lines = [
    `QR login, ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.version}`,
    "",
    '| scan → "Authorised as …" visible in Chromium | logins | p50 | p95 | max |',
    "| --- | --- | --- | --- | --- |",
    row("from sending the scan (upper bound)", latency.fromScanSent),
    row("from the scan's answer (lower bound)", latency.fromScanAnswered),
    "",
    `| ${memory.attempts} pending attempts | server RSS | open sockets |`,
    "| --- | --- | --- |",
    `| before | ${mb(memory.baseline.rss)} MiB | ${memory.baseline.sockets} |`,
    `| all ${memory.attempts} showing a QR code | ${mb(memory.pending.rss)} MiB | ${memory.pending.sockets} |`,
    `| 3 s after cancelling all | ${mb(memory.afterCancel.rss)} MiB | ${memory.afterCancel.sockets} |`,
    "",
    `Memory per pending attempt: ${(perAttempt / 1024).toFixed(0)} KiB (RSS growth / attempts).`,
    "",
    `| ${heap.attempts} pending attempts, in process, second round, after GC | V8 heap used | active handles |`,
    "| --- | --- | --- |",
    `| before | ${mb(heap.baseline)} MiB | ${heap.handles.baseline} |`,
    `| all pending | ${mb(heap.pending)} MiB | ${heap.handles.pending} |`,
    `| 2 s after cancelling all | ${mb(heap.afterCancel)} MiB | ${heap.handles.afterCancel} |`,
    "",
    `Heap per pending attempt: ${((heap.pending - heap.baseline) / heap.attempts / 1024).toFixed(0)} KiB.`,
  ];
  console.log(lines.join("\n"));
  console.log(JSON.stringify({ latency, memory, heap, perAttemptBytes: Math.round(perAttempt) }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
