// npm run bench:webhooks — webhook delivery: a Telegram update arriving → delivered to a
// loopback receiver. The account session is wired as the app's pool wires it
// (tests/support/pooled-session.ts) on the real GramJS client against the sandbox over
// TCP, with the app's webhook feed attached; the outbox is a real migrated SQLite file
// and the worker the app's own. Prints a Markdown table for docs/benchmarks.md and the raw
// figures as JSON.
//
//   BENCH_LATENCY_MESSAGES  messages sent one at a time through the sandbox (default 100)
//   BENCH_BACKLOG           events queued for the throughput figure (default 3000, over 100 chats)
//   BENCH_OUTAGE_S          how long the receiver is away (default 60)
//   BENCH_OUTAGE_RATE       events per second arriving during the outage (default 10)

import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { randomBytes } from "node:crypto";
import { createMigratedDatabase } from "../tests/support/db";
import { startTestSandbox } from "../tests/integration/support/sandbox";
import { percentile } from "./support/measure";

const LATENCY_MESSAGES = Number(process.env.BENCH_LATENCY_MESSAGES ?? 100);
const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 3_000);
const OUTAGE_S = Number(process.env.BENCH_OUTAGE_S ?? 60);
const OUTAGE_RATE = Number(process.env.BENCH_OUTAGE_RATE ?? 10);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class Receiver {
  readonly arrivals = new Map<string, number>();
  count = 0;
  port = 0;
  private server: http.Server | null = null;
  private readonly sockets = new Set<Socket>();

  async up(): Promise<void> {
    const server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (c: Buffer) => chunks.push(c));
      request.on("end", () => {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
          data: { message?: { text?: string }; tag?: string };
        };
        const tag = body.data.message?.text ?? body.data.tag ?? "";
        if (!this.arrivals.has(tag)) this.count += 1;
        this.arrivals.set(tag, performance.now());
        response.writeHead(204).end();
      });
    });
    server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(this.port, "127.0.0.1", resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

async function until(what: string, check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(2);
  }
}

async function main() {
  const database = createMigratedDatabase();
  Object.assign(process.env, {
    NODE_ENV: "test",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    DATABASE_URL: database.databaseUrl,
    TELEGRAM_MODE: "sandbox",
    TELEGRAM_SESSION_KEY: randomBytes(32).toString("base64"),
  });
  const { db } = await import("@/lib/db");
  const { keyringFrom } = await import("@/lib/crypto/session-envelope");
  const { createWebhookEndpoint } = await import("@/lib/webhooks/endpoints");
  const { recordWebhookEventNow } = await import("@/lib/webhooks/outbox");
  const { WebhookWorker, wakeWebhookWorkers } = await import("@/lib/webhooks/worker");
  const { attachWebhookFeed } = await import("@/lib/telegram/runtime/webhook-feed");
  const { pooledSession } = await import("../tests/support/pooled-session");

  const keyring = keyringFrom(process.env.TELEGRAM_SESSION_KEY!);
  const receiver = new Receiver();
  await receiver.up();
  const sb = await startTestSandbox();
  // pooledSession's account belongs to the site user "site-user".
  await db.user.create({ data: { id: "site-user", email: "bench@example.com", name: "Bench", passwordHash: "x" } });
  await createWebhookEndpoint(
    db,
    keyring,
    { id: "site-user", email: "bench@example.com" },
    { url: `http://127.0.0.1:${receiver.port}/hook`, events: ["message.received"] },
  );
  const worker = new WebhookWorker({ db, keyring, allowPrivate: true, pollMs: 250 });
  const alice = await pooledSession(sb, "alice");
  attachWebhookFeed(alice.session);
  let randomId = 9_000_000;
  try {
    worker.start();
    // 1. Latency: sandbox send → MTProto push → feed → outbox → worker → receiver.
    const latencies: number[] = [];
    for (let i = 0; i < LATENCY_MESSAGES; i++) {
      const text = `latency ${i} ${Date.now()}`;
      const started = performance.now();
      await sb.control.sendMessage("bob", "alice", text, String(randomId++));
      await until(text, () => receiver.arrivals.has(text), 30_000);
      latencies.push(receiver.arrivals.get(text)! - started);
    }

    // 2. Throughput: a backlog over 100 chats, written while the worker is stopped.
    await worker.stop();
    const at = new Date();
    for (let i = 0; i < BACKLOG; i++) {
      await recordWebhookEventNow(db, {
        userId: "site-user",
        type: "message.received",
        identity: `backlog:${i}`,
        orderingKey: `chat:${i % 100}`,
        data: { tag: `backlog ${i}` },
        at,
      });
    }
    const before = receiver.count;
    const drainStarted = performance.now();
    worker.start();
    await until("the backlog", () => receiver.count - before >= BACKLOG, 600_000);
    const throughputSeconds = (performance.now() - drainStarted) / 1000;

    // 3. Outage: the receiver is away while events keep arriving, then comes back.
    await receiver.down();
    const outageEvents = OUTAGE_S * OUTAGE_RATE;
    const outageStarted = Date.now();
    for (let i = 0; i < outageEvents; i++) {
      const due = outageStarted + (i * 1000) / OUTAGE_RATE;
      if (due > Date.now()) await sleep(due - Date.now());
      await recordWebhookEventNow(db, {
        userId: "site-user",
        type: "message.received",
        identity: `outage:${i}`,
        orderingKey: `chat:${i % 50}`,
        data: { tag: `outage ${i}` },
      });
      wakeWebhookWorkers();
    }
    if (Date.now() < outageStarted + OUTAGE_S * 1000) await sleep(outageStarted + OUTAGE_S * 1000 - Date.now());
    const beforeUp = receiver.count;
    const upAt = performance.now();
    await receiver.up();
    await until("the outage backlog", () => receiver.count - beforeUp >= outageEvents, 900_000);
    const drainSeconds = (performance.now() - upAt) / 1000;
    const attempts = await db.webhookAttempt.count();

    const results = {
      latency: {
        messages: LATENCY_MESSAGES,
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        max: Math.max(...latencies),
      },
      throughput: { events: BACKLOG, seconds: throughputSeconds, perSecond: BACKLOG / throughputSeconds },
      outage: { seconds: OUTAGE_S, events: outageEvents, drainSeconds },
      attempts,
    };
    const ms = (v: number) => `${v.toFixed(1)} ms`;
    console.log(
      [
        "| Measure | Result | Goal |",
        "| --- | --- | --- |",
        `| Update → delivered, p50 (${LATENCY_MESSAGES} messages via the sandbox) | ${ms(results.latency.p50)} | |`,
        `| Update → delivered, p95 | ${ms(results.latency.p95)} | < 200 ms |`,
        `| Sustained deliveries (backlog of ${BACKLOG} over 100 chats) | ${results.throughput.perSecond.toFixed(0)}/s | ≥ 200/s |`,
        `| Backlog delivered after a ${OUTAGE_S} s outage (${outageEvents} events) | ${drainSeconds.toFixed(1)} s after the receiver is back | |`,
      ].join("\n"),
    );
    console.log(JSON.stringify(results, null, 2));
  } finally {
    await worker.stop();
    await alice.session.destroy();
    await sb.stop();
    await receiver.down();
    await db.$disconnect();
    database.cleanup();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
