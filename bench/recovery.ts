// npm run bench:recovery — how long the dashboard's Telegram layer takes to serve again
// after the data centre comes back from an outage. The account session is wired as the
// app's pool wires it (tests/support/pooled-session.ts), on the real GramJS client against
// the sandbox over loopback TCP. Each round: the DC goes away for BENCH_DOWN_MS, comes
// back, and we time (from the moment it listens again) until messages.getHistory answers
// and until the session reports itself online. Prints a Markdown table for
// docs/benchmarks.md and the raw figures as JSON.
//
//   BENCH_ROUNDS    outages (default 20)
//   BENCH_DOWN_MS   how long each outage lasts (default 3000; long enough to reach the backoff cap)

import { getHistory } from "@/lib/telegram/read-models/history";
import { listDialogs } from "@/lib/telegram/read-models/dialogs";
import { eventually, pooledSession } from "../tests/support/pooled-session";
import { startTestSandbox } from "../tests/integration/support/sandbox";
import { percentile } from "./support/measure";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const DOWN_MS = Number(process.env.BENCH_DOWN_MS ?? 3_000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const sb = await startTestSandbox();
  const alice = await pooledSession(sb, "alice");
  const bob = String(sb.running.sandbox.world.userByKey("bob")!.id);
  await listDialogs(alice.session, {});
  await getHistory(alice.session, bob);
  const served: number[] = [];
  const online: number[] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const lost = alice.next((event) => event.type === "connection" && event.state === "reconnecting", 15_000);
      await sb.down();
      await lost;
      await sleep(DOWN_MS);
      const back = alice.next((event) => event.type === "connection" && event.state === "online", 30_000);
      await sb.up();
      const upAt = performance.now();
      await eventually(() => getHistory(alice.session, bob), 30_000, 20);
      served.push(performance.now() - upAt);
      await back;
      online.push(performance.now() - upAt);
      process.stderr.write(`round ${round + 1}/${ROUNDS}: history ${served.at(-1)!.toFixed(0)} ms\n`);
    }
  } finally {
    await alice.session.destroy();
    await sb.stop();
  }
  const row = (name: string, values: number[]) =>
    `| ${name} | p50 ${percentile(values, 50).toFixed(0)} ms, p95 ${percentile(values, 95).toFixed(0)} ms, max ${Math.max(...values).toFixed(0)} ms (n=${values.length}) |`;
  console.log(`| measure (after the DC listens again; outages of ${DOWN_MS} ms) | result |\n| --- | --- |`);
  console.log(row("getHistory answers again", served));
  console.log(row("session back online (stream told)", online));
  console.log(JSON.stringify({ rounds: ROUNDS, downMs: DOWN_MS, served, online }));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
