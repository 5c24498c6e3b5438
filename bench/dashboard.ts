// npm run bench:dashboard — what the Telegram dashboard costs, measured against
// `next start` and the sandbox data centre over TCP. Prints a Markdown table for
// docs/benchmarks.md and the raw figures as JSON.
//
//   BENCH_RENDERS       timed renders per page (default 40)
//   BENCH_ACCOUNTS      linked accounts held in the pool for the memory figure (default 100)
//   BENCH_COLD_SAMPLES  cold dashboard renders, each after the 30 s cache expires (default 3)
//   BENCH_BUILD_DIR     reuse an existing `next build` output instead of building

import type { SandboxControlClient } from "@tgdesk/telegram-sandbox/control-client";
import { mapLimit, openSockets, percentile, residentBytes } from "./support/measure";
import { startBenchWorld } from "./support/world";
import { linkByQr } from "./support/link";

const RENDERS = Number(process.env.BENCH_RENDERS ?? 40);
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 100);
const COLD_SAMPLES = Number(process.env.BENCH_COLD_SAMPLES ?? 3);
const CACHE_TTL_MS = 30_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const ms = (value: number) => `${value.toFixed(1)} ms`;

async function main() {
  // "bench" has 1,000 dialogs; bench_peer_1 is the chat with 10,000 messages.
  const world = await startBenchWorld({ users: ACCOUNTS + 1, emailPrefix: "dash-bench", benchSeed: true });
  const { app, control } = world;
  const bigChatPeer = String(world.sandbox.sandbox.world.userByKey("bench_peer_1")!.id);
  const [benchCookie, ...memoryCookies] = world.users.map((user) => user.cookie) as [string, ...string[]];

  try {
    await linkByQr(app.url, benchCookie, "bench", control);
    const counts = await measureRequests(app.url, benchCookie, bigChatPeer, control);
    const dashboard = await measureRenders(app.url, benchCookie, "/telegram/dashboard", 'data-testid="chat-row"');
    const chat = await measureRenders(app.url, benchCookie, `/telegram/chats/${bigChatPeer}`, 'data-testid="message"');
    const cold = await measureColdDashboard(app.url, benchCookie);
    const allChats = await timeIt(() => getJson(app.url, benchCookie, "/api/telegram/chats?q=peer%200999"));
    const memory = await measureMemory(app.url, app.pid, memoryCookies, control);
    report({ counts, dashboard, chat, cold, searchAll: allChats.ms, memory });
  } finally {
    await world.stop();
  }
}

async function timeIt<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

async function getJson(url: string, cookie: string, pathname: string): Promise<unknown> {
  const response = await fetch(`${url}${pathname}`, { headers: { cookie } });
  if (!response.ok) throw new Error(`${pathname}: ${response.status}`);
  return response.json();
}

/** Server render: the whole HTML document of a page, as the browser's first request gets it. */
async function render(url: string, cookie: string, pathname: string, mustContain: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${url}${pathname}`, { headers: { cookie, "accept-language": "en" } });
  const html = await response.text();
  const elapsed = performance.now() - started;
  if (response.status !== 200 || !html.includes(mustContain))
    throw new Error(`${pathname}: ${response.status}, content missing`);
  return elapsed;
}

interface Renders {
  n: number;
  p50: number;
  p95: number;
}

async function measureRenders(url: string, cookie: string, pathname: string, mustContain: string): Promise<Renders> {
  for (let i = 0; i < 3; i++) await render(url, cookie, pathname, mustContain); // warm the route
  const times: number[] = [];
  for (let i = 0; i < RENDERS; i++) times.push(await render(url, cookie, pathname, mustContain));
  return { n: times.length, p50: percentile(times, 50), p95: percentile(times, 95) };
}

async function measureColdDashboard(url: string, cookie: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < COLD_SAMPLES; i++) {
    await sleep(CACHE_TTL_MS + 1_000);
    times.push(await render(url, cookie, "/telegram/dashboard", 'data-testid="chat-row"'));
  }
  return times;
}

type Counts = Record<string, Record<string, number>>;

/** The sandbox's per-method counters for the app's own session(s) of "bench". */
async function appCounters(control: SandboxControlClient): Promise<Record<string, number>> {
  const totals: Record<string, number> = {};
  for (const session of await control.sessions({ user: "bench" })) {
    if (session.internal || session.revoked) continue;
    const { byMethod } = await control.counters({ keyId: session.keyId });
    for (const [method, count] of Object.entries(byMethod)) totals[method] = (totals[method] ?? 0) + count;
  }
  return totals;
}

async function resetCounters(control: SandboxControlClient): Promise<void> {
  for (const session of await control.sessions({ user: "bench" })) {
    if (!session.internal) await control.resetCounters({ keyId: session.keyId });
  }
}

async function measureRequests(
  url: string,
  cookie: string,
  bigChatPeer: string,
  control: SandboxControlClient,
): Promise<Counts> {
  const counts: Counts = {};
  const step = async (name: string, fn: () => Promise<unknown>) => {
    await resetCounters(control);
    await fn();
    counts[name] = await appCounters(control);
  };
  await step("dashboard, cold (just linked)", () =>
    render(url, cookie, "/telegram/dashboard", 'data-testid="chat-row"'),
  );
  await step("dashboard, again within 30 s", () =>
    render(url, cookie, "/telegram/dashboard", 'data-testid="chat-row"'),
  );
  // Served from the cache filled above: picking a chat costs nothing.
  type Page = { dialogs: Array<{ peerId: string; unreadCount: number }> };
  const first = ((await getJson(url, cookie, "/api/telegram/chats?limit=100")) as Page).dialogs;
  const fromList = first.find((dialog) => dialog.unreadCount === 0) ?? first[0]!;
  const fromListLabel =
    fromList.unreadCount === 0 ? "nothing unread" : `${fromList.unreadCount} unread, so it is marked read`;
  await step(`chat from the list (${fromListLabel})`, () =>
    render(url, cookie, `/telegram/chats/${fromList.peerId}`, 'data-testid="message"'),
  );
  await step("chat with 10,000 messages by URL, not among the 100 chats loaded (ownership lookup)", () =>
    render(url, cookie, `/telegram/chats/${bigChatPeer}`, 'data-testid="message"'),
  );
  await step("the same chat again", () =>
    render(url, cookie, `/telegram/chats/${bigChatPeer}`, 'data-testid="message"'),
  );
  await step("next 50 chats (load more)", () => getJson(url, cookie, "/api/telegram/chats?offset=50&limit=50"));
  return counts;
}

interface Memory {
  accounts: number;
  baseline: { rss: number; sockets: number };
  connected: { rss: number; sockets: number };
}

/**
 * Resident memory of the server with ACCOUNTS linked accounts in the pool, each with
 * its dashboard opened once (client connected, profile and first dialog page cached).
 */
async function measureMemory(
  url: string,
  pid: number,
  cookies: string[],
  control: SandboxControlClient,
): Promise<Memory> {
  await sleep(2_000);
  const read = () => ({ rss: residentBytes(pid), sockets: openSockets(pid) });
  const baseline = read();
  await mapLimit(cookies, 5, async (cookie, index) => {
    await linkByQr(url, cookie, `bench_peer_${index + 2}`, control);
    await render(url, cookie, "/telegram/dashboard", 'data-testid="profile-card"');
  });
  await sleep(2_000);
  return { accounts: cookies.length, baseline, connected: read() };
}

function report(result: {
  counts: Counts;
  dashboard: Renders;
  chat: Renders;
  cold: number[];
  searchAll: number;
  memory: Memory;
}) {
  const { counts, dashboard, chat, cold, memory } = result;
  const perAccount = (memory.connected.rss - memory.baseline.rss) / memory.accounts;
  const rows: Array<[string, string]> = [
    [
      `Dashboard render, 1,000 chats, cached (HTML of the first 50 rows + profile)`,
      `p50 ${ms(dashboard.p50)}, p95 ${ms(dashboard.p95)} (n=${dashboard.n})`,
    ],
    [
      `Dashboard render, cold (30 s cache expired: users.getUsers + messages.getDialogs)`,
      cold.map(ms).join(", ") + ` (n=${cold.length})`,
    ],
    [
      `Chat render, 10,000-message chat (one messages.getHistory of 50)`,
      `p50 ${ms(chat.p50)}, p95 ${ms(chat.p95)} (n=${chat.n})`,
    ],
    [`Search by title across all 1,000 chats (first search: loads every page)`, ms(result.searchAll)],
    [
      `Memory per connected account (${memory.accounts} accounts in the pool)`,
      `${mb(perAccount)} MB (RSS ${mb(memory.baseline.rss)} → ${mb(memory.connected.rss)} MB; sockets ${memory.baseline.sockets} → ${memory.connected.sockets})`,
    ],
    ...Object.entries(counts).map(([name, byMethod]): [string, string] => {
      const total = Object.values(byMethod).reduce((a, b) => a + b, 0);
      const detail = Object.entries(byMethod)
        .map(([method, n]) => `${method} ${n}`)
        .join(", ");
      return [`MTProto requests: ${name}`, `${total}${detail ? ` (${detail})` : ""}`];
    }),
  ];
  console.log("| measure | result |\n| --- | --- |");
  for (const [name, value] of rows) console.log(`| ${name} | ${value} |`);
  console.log("\n" + JSON.stringify({ ...result, perAccountBytes: perAccount }, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
