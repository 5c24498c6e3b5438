// The outbox and its worker against a real migrated SQLite database and a real HTTP
// receiver on loopback: retries, order per chat, disabling a failing endpoint, and a
// restart in the middle of retrying. The clock the worker schedules by is driven by the
// test (the HTTP is real), so a retry "5 s later" takes no 5 s.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { Webhook } from "standardwebhooks";
import { createDb, type Db } from "@/lib/db";
import { createUser } from "@/lib/auth/users";
import { keyringFrom } from "@/lib/crypto/session-envelope";
import { createWebhookEndpoint, listWebhookDeliveries, redeliverWebhook } from "@/lib/webhooks/endpoints";
import { recordWebhookEventNow } from "@/lib/webhooks/outbox";
import { WebhookWorker, type WorkerOptions } from "@/lib/webhooks/worker";
import { createMigratedDatabase, type TempDatabase } from "../support/db";

const keyring = keyringFrom(randomBytes(32).toString("base64"));

interface Received {
  id: string;
  body: { type: string; data: { chatId?: string; n?: number } };
}

/** A loopback receiver whose answer the test decides per request. */
function startReceiver() {
  const received: Received[] = [];
  const headersSeen: Array<Record<string, string>> = [];
  let answer: (body: Received["body"]) => number = () => 200;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (c: Buffer) => chunks.push(c));
    request.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const body = JSON.parse(raw) as Received["body"];
      received.push({ id: String(request.headers["webhook-id"]), body });
      headersSeen.push({
        raw,
        "webhook-id": String(request.headers["webhook-id"]),
        "webhook-timestamp": String(request.headers["webhook-timestamp"]),
        "webhook-signature": String(request.headers["webhook-signature"]),
      });
      const status = answer(body);
      response.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "ok" : "x".repeat(5_000));
    });
  });
  return {
    received,
    headersSeen,
    setAnswer: (fn: typeof answer) => (answer = fn),
    listen: () =>
      new Promise<string>((resolve) =>
        server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`)),
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("webhook outbox and worker", () => {
  let database: TempDatabase;
  let db: Db;
  let receiver: ReturnType<typeof startReceiver>;
  let url: string;
  let owner: { id: string; email: string };
  let clock: number;
  let counter = 0;

  beforeAll(async () => {
    database = createMigratedDatabase();
    db = createDb(database.databaseUrl);
    const user = await createUser(db, { email: "hooks@example.com", password: "a-long-password-1", name: "Hooks" });
    owner = { id: user.id, email: user.email };
    receiver = startReceiver();
    url = await receiver.listen();
  }, 60_000);
  afterAll(async () => {
    await receiver?.close();
    await db?.$disconnect();
    database?.cleanup();
  });
  beforeEach(async () => {
    await db.webhookEndpoint.deleteMany({});
    await db.webhookEvent.deleteMany({});
    receiver.received.length = 0;
    receiver.headersSeen.length = 0;
    receiver.setAnswer(() => 200);
    clock = Date.now();
  });

  const worker = (extra: Partial<WorkerOptions> = {}) =>
    new WebhookWorker({
      db,
      keyring,
      allowPrivate: true,
      now: () => new Date(clock),
      random: () => 1,
      timeoutMs: 2_000,
      ...extra,
    });
  const event = (chatId: string, n: number) =>
    recordWebhookEventNow(db, {
      userId: owner.id,
      type: "message.received",
      identity: `acc:${chatId}:${n}:${counter++}`,
      orderingKey: `acc:${chatId}`,
      data: { chatId, n },
      at: new Date(clock),
    });
  const endpoint = (events: Parameters<typeof createWebhookEndpoint>[3]["events"] = ["message.received"]) =>
    createWebhookEndpoint(db, keyring, owner, { url, events });

  test("a failing delivery is retried on the backoff schedule with the same id, and every attempt verifies", async () => {
    const { secret, endpoint: created } = await endpoint();
    await event("1", 1);
    let calls = 0;
    receiver.setAnswer(() => (++calls <= 2 ? 500 : 200));
    const w = worker();
    expect(await w.runOnce()).toBe(1);
    // Not due yet: the first retry waits 5 s (random fixed at 1).
    expect(await w.runOnce()).toBe(0);
    clock += 5_000;
    expect(await w.runOnce()).toBe(1);
    clock += 9_999;
    expect(await w.runOnce()).toBe(0);
    clock += 1;
    expect(await w.runOnce()).toBe(1);
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.id)).size).toBe(1);
    for (const { raw, ...headers } of receiver.headersSeen) {
      expect(new Webhook(secret).verify(raw!, headers)).toMatchObject({ type: "message.received" });
    }
    const [delivery] = await listWebhookDeliveries(db, owner.id, created.id);
    expect(delivery).toMatchObject({ status: "succeeded", attempts: 3, lastStatus: 200 });
    expect(delivery!.attemptLog.map((a) => a.statusCode)).toEqual([200, 500, 500]);
    // Only a short excerpt of the 5,000-character error body is kept.
    expect(delivery!.attemptLog[1]!.excerpt.length).toBeLessThanOrEqual(256);
    const stored = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored.consecutiveFailures).toBe(0);
    // The sealed secret is left out of every query that does not ask for it by name...
    expect("secretCiphertext" in stored).toBe(false);
    const sealed = await db.webhookEndpoint.findUniqueOrThrow({
      where: { id: created.id },
      select: { secretCiphertext: true },
    });
    // ...and is not the secret in clear.
    expect(sealed.secretCiphertext).toMatch(/^v1\./);
    expect(sealed.secretCiphertext).not.toContain(secret.slice(6, 30));
  });

  test("a later event of a chat waits while an earlier one is retrying; other chats go on", async () => {
    await endpoint();
    await event("A", 1);
    await event("A", 2);
    await event("B", 1);
    let failedOnce = false;
    receiver.setAnswer((body) => {
      if (body.data.chatId === "A" && body.data.n === 1 && !failedOnce) {
        failedOnce = true;
        return 503;
      }
      return 200;
    });
    const w = worker();
    expect(await w.runOnce()).toBe(2); // A1 (fails) and B1
    expect(await w.runOnce()).toBe(0); // A2 must not overtake A1
    clock += 5_000;
    expect(await w.runOnce()).toBe(1); // A1 again
    expect(await w.runOnce()).toBe(1); // then A2
    const chatA = receiver.received.filter((r) => r.body.data.chatId === "A").map((r) => r.body.data.n);
    expect(chatA).toEqual([1, 1, 2]);
    expect(receiver.received.filter((r) => r.body.data.chatId === "B")).toHaveLength(1);
  });

  test("an endpoint that keeps failing is disabled with an audit entry; its deliveries wait and resume when enabled", async () => {
    const { endpoint: created } = await endpoint();
    receiver.setAnswer(() => 500);
    for (const chat of ["1", "2", "3"]) await event(chat, 1);
    const w = worker({ disableAfterFailures: 3, disableAfterMs: 0 });
    expect(await w.runOnce()).toBe(3);
    const stored = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored).toMatchObject({ enabled: false, disabledReason: "failing", consecutiveFailures: 3 });
    const audit = await db.auditEvent.findFirst({ where: { action: "webhook.disable", targetId: created.id } });
    expect(audit).not.toBeNull();
    clock += 60_000;
    expect(await w.runOnce()).toBe(0);
    const pending = await db.webhookDelivery.count({ where: { endpointId: created.id, status: "pending" } });
    expect(pending).toBe(3);
    receiver.setAnswer(() => 200);
    await db.webhookEndpoint.update({ where: { id: created.id }, data: { enabled: true } });
    expect(await w.runOnce()).toBe(3);
    expect(await db.webhookDelivery.count({ where: { endpointId: created.id, status: "succeeded" } })).toBe(3);
  });

  test("a restart mid-retry loses nothing: a new worker (new client) picks up failed and leased deliveries", async () => {
    await endpoint();
    receiver.setAnswer(() => 500);
    await event("R", 1);
    await event("S", 1);
    const first = worker();
    expect(await first.runOnce()).toBe(2);
    // A process that died holding a lease: its deliveries come back when the lease runs out.
    await db.webhookDelivery.updateMany({ data: { lockedUntil: new Date(clock + 15_000) } });
    await first.stop();
    const restartedDb = createDb(database.databaseUrl);
    try {
      receiver.setAnswer(() => 200);
      const second = new WebhookWorker({
        db: restartedDb,
        keyring,
        allowPrivate: true,
        now: () => new Date(clock),
        random: () => 1,
      });
      clock += 5_000;
      expect(await second.runOnce()).toBe(0); // still leased by the dead process
      clock += 11_000;
      expect(await second.runOnce()).toBe(2);
      expect(await restartedDb.webhookDelivery.count({ where: { status: "succeeded" } })).toBe(2);
      const ids = receiver.received.map((r) => r.id);
      expect(new Set(ids).size).toBe(2);
      expect(ids).toHaveLength(4);
    } finally {
      await restartedDb.$disconnect();
    }
  });

  test("the same event recorded twice is one delivery; redelivery sends it again with the same id", async () => {
    const { endpoint: created } = await endpoint();
    const input = {
      userId: owner.id,
      type: "message.sent" as const,
      identity: "acc:9:42",
      orderingKey: "acc:9",
      data: { chatId: "9" },
      at: new Date(clock),
    };
    expect(await recordWebhookEventNow(db, input)).toBe(false); // the endpoint does not want message.sent
    await db.webhookEndpoint.update({ where: { id: created.id }, data: { events: "message.received message.sent" } });
    expect(await recordWebhookEventNow(db, input)).toBe(true);
    expect(await recordWebhookEventNow(db, input)).toBe(false);
    const w = worker();
    expect(await w.runOnce()).toBe(1);
    const [delivery] = await listWebhookDeliveries(db, owner.id, created.id);
    await redeliverWebhook(db, owner.id, created.id, delivery!.id);
    // Redelivery queues it for the real "now"; the test's clock catches up.
    clock = Date.now() + 1_000;
    expect(await w.runOnce()).toBe(1);
    expect(receiver.received.map((r) => r.id)).toEqual([delivery!.eventId, delivery!.eventId]);
    await expect(redeliverWebhook(db, "someone-else", created.id, delivery!.id)).rejects.toThrow(/does not exist/);
  });

  test("in production mode a loopback receiver is refused after resolution, and the refusal is logged as an attempt", async () => {
    const { endpoint: created } = await endpoint();
    await event("P", 1);
    expect(await worker({ allowPrivate: false }).runOnce()).toBe(1);
    expect(receiver.received).toHaveLength(0);
    const [delivery] = await listWebhookDeliveries(db, owner.id, created.id);
    expect(delivery!.attemptLog[0]).toMatchObject({ ok: false, statusCode: null });
    expect(delivery!.attemptLog[0]!.excerpt).toMatch(/loopback/);
  });
});
