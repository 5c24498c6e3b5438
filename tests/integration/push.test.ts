// Web Push up to the signed request, against a stand-in push service on loopback
// (tests/support/push-service.ts verifies VAPID and decrypts the aes128gcm body itself):
// delivery and its failure handling, then the whole path from a real sandbox message over
// MTProto to a push, with muted chats and our own messages left silent.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { Api, type TelegramClient } from "telegram";

import { createUser } from "@/lib/auth/users";
import { createDb, type Db } from "@/lib/db";
import { env } from "@/lib/env";
import { deliverPush, type DeliverOptions } from "@/lib/push/deliver";
import { notificationTag } from "@/lib/notifications/should-notify";
import { chatTopic, testPushPayload } from "@/lib/push/chat-push";
import { sendPushToUser } from "@/lib/push/send";
import { deletePushSubscription, listPushSubscriptions, savePushSubscription } from "@/lib/push/subscriptions";
import type { PushPayload } from "@/lib/push/types";
import { presetSelfInputPeer } from "@/lib/telegram/gramjs/internals";
import { long } from "@/lib/telegram/gramjs/long";
import { attachUpdates } from "@/lib/telegram/read-models/live-updates";
import { attachPushFeed, createChatPushQueue } from "@/lib/telegram/runtime/push-feed";
import { AccountSession } from "@/lib/telegram/runtime/session";
import { createMigratedDatabase, type TempDatabase } from "../support/db";
import { PushServiceStandIn, type ReceivedPush } from "../support/push-service";
import { newClient, qrLogin, startTestSandbox, type TestSandbox } from "./support/sandbox";

const vapid = { subject: env.VAPID_SUBJECT, publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY };
const fast: Omit<DeliverOptions, "topic"> = { vapid, allowPrivate: true, timeoutMs: 2_000, retryBaseMs: 20 };

let database: TempDatabase;
let db: Db;
let service: PushServiceStandIn;
let userId: string;

beforeAll(async () => {
  database = createMigratedDatabase();
  db = createDb(database.databaseUrl);
  userId = (await createUser(db, { email: "push@example.com", password: "a-long-password-1", name: "Push" })).id;
  service = new PushServiceStandIn(vapid.publicKey);
  await service.start();
}, 60_000);
afterAll(async () => {
  await service?.stop();
  await db?.$disconnect();
  database?.cleanup();
});
beforeEach(async () => {
  service.received.length = 0;
  service.answer = () => ({ status: 201 });
  await db.pushSubscription.deleteMany({});
});

const subscribe = async (name: string, siteSessionId: string | null = null) => {
  const { endpoint, keys } = service.subscribe(name);
  return savePushSubscription(db, userId, { endpoint, keys }, { label: "Test", locale: "en", siteSessionId });
};

describe("delivery to the push service", () => {
  test("a push is a VAPID-signed aes128gcm request the subscription can decrypt, with Topic and TTL", async () => {
    const { endpoint, keys } = service.subscribe("one");
    const payload: PushPayload = testPushPayload("ru");
    const outcome = await deliverPush({ endpoint, p256dh: keys.p256dh, auth: keys.auth }, JSON.stringify(payload), {
      ...fast,
      topic: chatTopic("-1001234"),
    });
    expect(outcome).toEqual({ kind: "sent", status: 201, attempts: 1 });
    const [push] = service.received;
    expect(push!.problem).toBeNull();
    expect(push!.payload).toEqual(payload);
    expect(push!.vapid).toMatchObject({ aud: service.origin, sub: vapid.subject });
    expect(push!.headers.topic).toBe("cm1001234");
    expect(Number(push!.headers.ttl)).toBeGreaterThan(0);
    // Russian wording when the subscription was made in Russian.
    expect(payload.body).toMatch(/Тестовое уведомление/);
  });

  test("a body for another browser's keys does not decrypt (the check can fail)", async () => {
    const { endpoint } = service.subscribe("mine");
    const other = service.subscribe("other");
    await deliverPush({ endpoint, p256dh: other.keys.p256dh, auth: other.keys.auth }, "{}", fast);
    expect(service.received[0]!.problem).toMatch(/unable to authenticate|Unsupported state/i);
  });

  test("404 and 410 delete the subscription; a success clears its failure count", async () => {
    const gone = await subscribe("gone");
    const missing = await subscribe("missing");
    const kept = await subscribe("kept");
    await db.pushSubscription.update({ where: { id: kept.id }, data: { failures: 3 } });
    service.answer = (push) =>
      push.path.endsWith("/gone")
        ? { status: 410 }
        : push.path.endsWith("/missing")
          ? { status: 404 }
          : { status: 201 };
    const summary = await sendPushToUser(db, userId, testPushPayload, fast);
    expect(summary).toEqual({ sent: 1, removed: 2, failed: 0 });
    const rows = await db.pushSubscription.findMany({ where: { userId } });
    expect(rows.map((r) => r.id)).toEqual([kept.id]);
    expect(rows[0]).toMatchObject({ failures: 0 });
    expect(rows[0]!.lastSuccessAt).not.toBeNull();
    expect([gone.id, missing.id]).not.toContain(rows[0]!.id);
  });

  test("a browser whose site session ended (signed out, expired) is dropped unsent; a signed-in one gets it", async () => {
    const session = (id: string, data: { revokedAt?: Date; expiresAt?: Date }) =>
      db.siteSession.create({ data: { id, userId, expiresAt: new Date(Date.now() + 86_400_000), ...data } });
    await session("live", {});
    await session("signed-out", { revokedAt: new Date() });
    await session("expired", { expiresAt: new Date(Date.now() - 1_000) });
    const live = await subscribe("live", "live");
    await subscribe("signed-out", "signed-out");
    await subscribe("expired", "expired");
    expect(await sendPushToUser(db, userId, testPushPayload, fast)).toEqual({ sent: 1, removed: 2, failed: 0 });
    expect(service.received.map((p) => p.path)).toEqual(["/push/live"]);
    expect((await db.pushSubscription.findMany({ where: { userId } })).map((r) => r.id)).toEqual([live.id]);
  });

  test("429 and 5xx are retried a bounded number of times, honouring a short Retry-After", async () => {
    await subscribe("busy");
    service.answer = (_push, index) => (index === 0 ? { status: 429, retryAfter: 0 } : { status: 201 });
    expect(await sendPushToUser(db, userId, testPushPayload, fast)).toEqual({ sent: 1, removed: 0, failed: 0 });
    expect(service.received).toHaveLength(2);

    service.received.length = 0;
    service.answer = () => ({ status: 503 });
    const started = Date.now();
    expect(await sendPushToUser(db, userId, testPushPayload, { ...fast, attempts: 3 })).toEqual({
      sent: 0,
      removed: 0,
      failed: 1,
    });
    expect(service.received).toHaveLength(3);
    expect(Date.now() - started).toBeLessThan(5_000);
    const [row] = await db.pushSubscription.findMany({ where: { userId } });
    expect(row).toMatchObject({ failures: 1 });
    expect(row!.lastFailureAt).not.toBeNull();
  });

  test("a 400 is not retried, and a service that never answers times out", async () => {
    const { endpoint, keys } = service.subscribe("bad");
    service.answer = () => ({ status: 400 });
    const target = { endpoint, p256dh: keys.p256dh, auth: keys.auth };
    expect(await deliverPush(target, "{}", fast)).toMatchObject({ kind: "failed", status: 400, attempts: 1 });
    service.answer = () => "hang";
    const started = Date.now();
    const outcome = await deliverPush(target, "{}", { ...fast, timeoutMs: 300, attempts: 2 });
    expect(outcome).toMatchObject({ kind: "failed", status: null, attempts: 2 });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  test("outside loopback-allowed mode, private addresses and plain http are refused without a request", async () => {
    const { endpoint, keys } = service.subscribe("private");
    const outcome = await deliverPush({ endpoint, p256dh: keys.p256dh, auth: keys.auth }, "{}", {
      ...fast,
      allowPrivate: false,
    });
    expect(outcome).toMatchObject({ kind: "failed", status: null, attempts: 1 });
    expect(service.received).toHaveLength(0);
  });
});

describe("subscriptions belong to one person", () => {
  test("another person can neither list, remove nor test someone's browser; re-subscribing a browser moves it", async () => {
    const other = (
      await createUser(db, { email: `other-${Date.now()}@example.com`, password: "a-long-password-2", name: "O" })
    ).id;
    const mine = await subscribe("shared-browser");
    expect(await listPushSubscriptions(db, other)).toEqual([]);
    await expect(deletePushSubscription(db, other, mine.id)).rejects.toMatchObject({ code: "not_found" });
    expect(await sendPushToUser(db, other, testPushPayload, { ...fast, onlyId: mine.id })).toEqual({
      sent: 0,
      removed: 0,
      failed: 0,
    });
    expect(service.received).toHaveLength(0);
    expect(await listPushSubscriptions(db, userId)).toHaveLength(1);
    // The same browser subscribed by the other person (a shared computer): it is theirs now.
    const keys = service.subscribe("shared-browser").keys;
    await savePushSubscription(
      db,
      other,
      { endpoint: mine.endpoint, keys },
      { label: "Shared", locale: "ru", siteSessionId: null },
    );
    expect(await listPushSubscriptions(db, userId)).toEqual([]);
    expect((await listPushSubscriptions(db, other)).map((s) => s.label)).toEqual(["Shared"]);
  });
});

describe("a sandbox message becomes a push", () => {
  let sb: TestSandbox;
  let client: TelegramClient;
  let session: AccountSession;
  const skipped: Array<{ peerId: string; reason: string }> = [];
  const idOf = (key: string) => String(sb.running.sandbox.world.userByKey(key)!.id);

  beforeAll(async () => {
    sb = await startTestSandbox();
    client = newClient(sb);
    await client.connect();
    const { user } = await qrLogin(client, sb, "alice");
    client.floodSleepThreshold = 0;
    session = new AccountSession({ id: "acc-alice", userId, telegramUserId: user.id.toString() }, client, {
      onSessionGone: async () => undefined,
      onUsed: () => undefined,
    });
    session.onEachClient((current) =>
      presetSelfInputPeer(current, new Api.InputPeerUser({ userId: long(user.id.toString()), accessHash: long(0) })),
    );
    attachUpdates(session);
    // As lifecycle.ts attaches it, with this test's database and the stand-in's loopback address.
    attachPushFeed(session, {
      db,
      enabled: () => true,
      queue: createChatPushQueue(db, () => fast, 300),
      onSkipped: (peerId, reason) => skipped.push({ peerId, reason }),
    });
  }, 60_000);
  afterAll(async () => {
    await session?.destroy().catch(() => undefined);
    await sb?.stop();
  });

  const untilSkipped = async (peerId: string, reason: string, ms: number) => {
    const deadline = Date.now() + ms;
    while (!skipped.some((s) => s.peerId === peerId && s.reason === reason)) {
      if (Date.now() > deadline)
        throw new Error(`no "${reason}" skip for ${peerId} within ${ms} ms: ${JSON.stringify(skipped)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  test("an incoming message pushes sender and preview; muted chats, our own messages and no subscribers do not", async () => {
    const grace = idOf("grace");
    const frank = idOf("frank");
    // No browser subscribed yet: nothing is sent, and no Telegram call is made for it.
    await sb.control.sendMessage("grace", "alice", "before anyone subscribed", "9001");
    await untilSkipped(grace, "no_subscriptions", 15_000);

    await subscribe("alice-laptop");
    await sb.control.sendMessage("alice", "grace", "our own message", "9002");
    // Frank's chat is muted in the seed; the chat list was never loaded, as with every tab closed.
    await sb.control.sendMessage("frank", "alice", "muted chatter", "9003");
    await sb.control.sendMessage("grace", "alice", "Notice period is two weeks", "9004");
    const [push] = await service.waitFor((p) => p.problem === null, 1, 15_000);
    await untilSkipped(frank, "muted", 15_000);
    expect(push!.payload).toMatchObject({
      v: 1,
      kind: "message",
      peerId: grace,
      title: "Grace Hopper",
      body: "Notice period is two weeks",
      tag: notificationTag(grace),
      url: `/telegram/chats/${grace}`,
    });
    expect(push!.headers.topic).toBe(chatTopic(grace));
    expect(push!.headers.authorization).toMatch(/^vapid t=/);
    // Only the session's own data in the payload: nothing of the session string.
    expect(JSON.stringify(push!.payload)).not.toContain(String(client.session.save()).slice(0, 40));
    const texts = service.received.map((p) => (p.payload as PushPayload | null)?.body ?? "");
    expect(texts.some((t) => t.includes("muted chatter") || t.includes("our own message"))).toBe(false);
    // Recorded just after the service answered.
    await expect
      .poll(async () => (await db.pushSubscription.findFirstOrThrow({ where: { userId } })).lastSuccessAt, {
        timeout: 5_000,
      })
      .not.toBeNull();
  });

  test("a burst in one chat collapses: every message is counted once, under one tag and topic", async () => {
    await subscribe("alice-phone");
    const erin = idOf("erin");
    for (const [i, text] of ["one", "two", "three"].entries()) {
      await sb.control.sendMessage("erin", "alice", `burst ${text}`, String(9100 + i));
    }
    const counted = async () => {
      const pushes = service.received.filter((p) => (p.payload as PushPayload | null)?.peerId === erin);
      return pushes.reduce((sum, p) => sum + (p.payload as PushPayload).count, 0);
    };
    const deadline = Date.now() + 15_000;
    while ((await counted()) < 3 && Date.now() < deadline) {
      await service.waitFor((p: ReceivedPush) => (p.payload as PushPayload | null)?.peerId === erin, 1, 15_000);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await counted()).toBe(3);
    const pushes = service.received.filter((p) => (p.payload as PushPayload | null)?.peerId === erin);
    expect(pushes.length).toBeLessThanOrEqual(3);
    expect(new Set(pushes.map((p) => p.headers.topic))).toEqual(new Set([chatTopic(erin)]));
    // Worded as the in-tab notification: the last message alone, or how many the last push stands for.
    const last = pushes.at(-1)!.payload as PushPayload;
    expect(last.body).toBe(last.count > 1 ? `${last.count} new messages` : "burst three");
    expect(last.tag).toBe(notificationTag(erin));
  });
});
