// npm run bench:search — in-chat message search in the 10,000-message chat, timed server
// side: the app's read model (lib/telegram/read-models/search.ts) on the real GramJS
// client against the sandbox over loopback TCP, i.e. what a route handler waits for
// (one messages.search, the MTProto round trip and the mapping to DTOs). The account's
// search bucket is widened for the run, so the figure is the search, not our pacing.
// Prints a Markdown table for docs/benchmarks.md and the raw figures as JSON.
//
//   BENCH_QUERIES   timed queries (default 200), after 10 untimed warm-up queries

import { Api } from "telegram";

import { long } from "@/lib/telegram/gramjs/long";
import { getHistory } from "@/lib/telegram/read-models/history";
import { searchChat } from "@/lib/telegram/read-models/search";
import { DEFAULT_BUCKETS } from "@/lib/telegram/runtime/rate-buckets";
import { AccountSession } from "@/lib/telegram/runtime/session";
import { newClient, qrLogin, startTestSandbox } from "../tests/integration/support/sandbox";
import { percentile } from "./support/measure";

const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);

async function main() {
  const sb = await startTestSandbox({ benchSeed: true });
  const client = newClient(sb);
  try {
    await client.connect();
    const { user } = await qrLogin(client, sb, "bench");
    client.floodSleepThreshold = 0;
    const session = new AccountSession(
      { id: "bench", userId: "bench", telegramUserId: user.id.toString() },
      client,
      { onSessionGone: () => Promise.resolve(), onUsed: () => undefined },
      Date.now,
      { ...DEFAULT_BUCKETS, search: { capacity: 1_000_000, refillPerSecond: 1_000_000 } },
    );
    const peer = String(sb.running.sandbox.world.userByKey("bench_peer_1")!.id);
    await getHistory(session, peer); // the chat is open, as when someone searches it
    // A mix: a common word (10,000 hits), numbers with many and with one hit, and misses.
    const queries = Array.from({ length: QUERIES + 10 }, (_, i) =>
      i % 4 === 0 ? "message" : i % 4 === 1 ? `message ${(i * 37) % 10_000}` : i % 4 === 2 ? `${i % 100}` : `zebra${i}`,
    );
    const times: number[] = [];
    const hits: number[] = [];
    for (const [i, q] of queries.entries()) {
      const started = performance.now();
      const page = await searchChat(session, peer, { q });
      if (i >= 10) {
        times.push(performance.now() - started);
        hits.push(page.total);
      }
    }
    // The sandbox's own share: the same search without the client (no MTProto, no mapping).
    const sandboxTimes: number[] = [];
    const { sandbox } = sb.running;
    const bench = sandbox.world.userByKey("bench")!;
    const target = sandbox.world.userByKey("bench_peer_1")!;
    for (const q of queries.slice(10)) {
      const started = performance.now();
      await sandbox.dispatch(
        new Api.messages.Search({
          peer: new Api.InputPeerUser({ userId: long(String(target.id)), accessHash: long(target.accessHash) }),
          q,
          filter: new Api.InputMessagesFilterEmpty(),
          minDate: 0,
          maxDate: 0,
          offsetId: 0,
          addOffset: 0,
          limit: 20,
          maxId: 0,
          minId: 0,
          hash: long(0),
        }),
        sandbox.phoneSession(bench.id),
      );
      sandboxTimes.push(performance.now() - started);
    }
    const row = (label: string, values: number[]) =>
      `| ${label} | ${values.length} | ${percentile(values, 50).toFixed(1)} ms | ${percentile(values, 95).toFixed(1)} ms | ${Math.max(...values).toFixed(1)} ms |`;
    console.log("| in-chat search, 10,000-message chat | queries | p50 | p95 | max |");
    console.log("| --- | --- | --- | --- | --- |");
    console.log(row("server side (read model → GramJS → sandbox over TCP → DTOs)", times));
    console.log(row("of which the sandbox's messages.search alone", sandboxTimes));
    const p95 = percentile(times, 95);
    console.log(`\ngoal p95 < 100 ms: ${p95 < 100 ? "met" : "NOT met"} (${p95.toFixed(1)} ms)`);
    console.log(
      JSON.stringify({
        queries: times.length,
        p50: percentile(times, 50),
        p95,
        sandboxP95: percentile(sandboxTimes, 95),
        medianHits: percentile(hits, 50),
      }),
    );
  } finally {
    await client.destroy().catch(() => undefined);
    await sb.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
