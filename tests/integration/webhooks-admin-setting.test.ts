// The admin setting "webhooks may call private network addresses" against a real migrated
// database, the real route handler and a real loopback receiver. The worker is built the
// way the app builds it (workerOptionsFromEnv) with production semantics: a loopback
// delivery is refused while the setting is off and goes through once an admin turns it on,
// with the same worker (no restart). Members get 403; bad input gets 400 and changes nothing.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import type { Db } from "@/lib/db";
import { errorBodyOf, jsonOf } from "../support/json";
import { createMigratedDatabase, type TempDatabase } from "../support/db";

type User = {
  id: string;
  email: string;
  name: string;
  role: "admin" | "member";
  mustChangePassword: boolean;
  sessionId: string;
};
const currentUser = vi.hoisted(() => ({ value: null as null | User }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => currentUser.value }));

const SITE = "http://localhost:3000";
const SESSION_KEY = randomBytes(32).toString("base64");

let database: TempDatabase;
let db: Db;
let route: typeof import("@/app/api/admin/settings/route");
let server: http.Server;
let url: string;
const received: string[] = [];

beforeAll(async () => {
  database = createMigratedDatabase();
  vi.resetModules();
  vi.stubEnv("DATABASE_URL", database.databaseUrl);
  vi.stubEnv("LOG_LEVEL", "silent");
  db = (await import("@/lib/db")).createDb(database.databaseUrl);
  route = await import("@/app/api/admin/settings/route");
  server = http.createServer((request, response) => {
    received.push(String(request.headers["webhook-id"]));
    request.resume();
    request.on("end", () => response.writeHead(200).end("ok"));
  });
  url = await new Promise<string>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`)),
  );
}, 120_000);

afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await db?.$disconnect();
  database?.cleanup();
  vi.unstubAllEnvs();
});

function patch(body: string) {
  return new Request(`${SITE}/api/admin/settings`, {
    method: "PATCH",
    headers: { origin: SITE, host: "localhost:3000", "content-type": "application/json" },
    body,
  });
}

async function send(body: string) {
  const { NextRequest } = await import("next/server");
  return route.PATCH(new NextRequest(patch(body)), { params: Promise.resolve({}) });
}

async function stored(): Promise<boolean> {
  const { readWebhooksAllowPrivate } = await import("@/lib/admin/settings");
  return readWebhooksAllowPrivate(db);
}

describe("admin setting: webhooks may call private network addresses", () => {
  let admin: User;
  let member: User;

  beforeAll(async () => {
    const a = await db.user.create({ data: { email: "admin@set.test", name: "A", passwordHash: "x", role: "admin" } });
    const m = await db.user.create({ data: { email: "member@set.test", name: "M", passwordHash: "x" } });
    admin = { id: a.id, email: a.email, name: "A", role: "admin", mustChangePassword: false, sessionId: "s1" };
    member = { ...admin, id: m.id, email: m.email, role: "member", sessionId: "s2" };
  });

  test("a member gets 403 and the setting stays off", async () => {
    currentUser.value = member;
    const response = await send(JSON.stringify({ webhooksAllowPrivate: true }));
    expect(response.status).toBe(403);
    expect((await errorBodyOf(response)).error.code).toBe("forbidden");
    expect(await stored()).toBe(false);
    expect(await db.auditEvent.count({ where: { action: "setting.update" } })).toBe(0);
  });

  test.each([
    ["a string for the flag", JSON.stringify({ webhooksAllowPrivate: "yes" })],
    ["a missing flag", JSON.stringify({})],
    ["an unknown key", JSON.stringify({ webhooksAllowPrivate: true, other: 1 })],
    ["not JSON", "{webhooksAllowPrivate: true"],
  ])("%s gets 400 and changes nothing", async (_what, body) => {
    currentUser.value = admin;
    const response = await send(body);
    expect(response.status).toBe(400);
    expect(["invalid_request", "invalid_json"]).toContain((await errorBodyOf(response)).error.code);
    expect(await stored()).toBe(false);
    expect(await db.appSetting.count()).toBe(0);
    expect(await db.auditEvent.count({ where: { action: "setting.update" } })).toBe(0);
  });

  test("in production a loopback delivery is refused while off, and delivered after an admin turns it on, without a restart", async () => {
    const { keyringFrom } = await import("@/lib/crypto/session-envelope");
    const { createWebhookEndpoint, listWebhookDeliveries } = await import("@/lib/webhooks/endpoints");
    const { recordWebhookEventNow } = await import("@/lib/webhooks/outbox");
    const { WebhookWorker, workerOptionsFromEnv } = await import("@/lib/webhooks/worker");
    const keyring = keyringFrom(SESSION_KEY);
    const owner = { id: member.id, email: member.email };
    const { endpoint } = await createWebhookEndpoint(db, keyring, owner, { url, events: ["message.received"] });
    let clock = Date.now();
    await recordWebhookEventNow(db, {
      userId: owner.id,
      type: "message.received",
      identity: "acc:1:1",
      orderingKey: "acc:1",
      data: { chatId: "1" },
      at: new Date(clock),
    });
    const cacheMs = 200;
    const options = workerOptionsFromEnv(
      db,
      {
        NODE_ENV: "production",
        TELEGRAM_SESSION_KEY: SESSION_KEY,
        TELEGRAM_SESSION_KEY_PREVIOUS: [],
        WEBHOOKS_ALLOW_PRIVATE_ADDRESSES: false,
      },
      cacheMs,
    );
    expect(typeof options.allowPrivate).toBe("function");
    const worker = new WebhookWorker({ ...options, now: () => new Date(clock), random: () => 1, timeoutMs: 2_000 });

    expect(await worker.runOnce()).toBe(1);
    expect(received).toHaveLength(0);
    const [refused] = await listWebhookDeliveries(db, owner.id, endpoint.id);
    expect(refused!.attemptLog[0]).toMatchObject({ ok: false, statusCode: null });
    expect(refused!.attemptLog[0]!.excerpt).toMatch(/loopback/);

    currentUser.value = admin;
    const response = await send(JSON.stringify({ webhooksAllowPrivate: true }));
    expect(response.status).toBe(200);
    // The route runs in this test process, which is not production: it reports the env as forcing.
    expect(await jsonOf(response)).toEqual({ webhooksAllowPrivate: true, webhooksAllowPrivateForced: true });
    expect(await stored()).toBe(true);
    const [audit] = await db.auditEvent.findMany({ where: { action: "setting.update" } });
    expect(audit).toMatchObject({
      actorId: admin.id,
      actorEmail: admin.email,
      targetType: "setting",
      outcome: "success",
    });
    expect(JSON.parse(audit!.details!)).toEqual({ from: false, to: true });

    // The same worker picks the change up once its short cache has lapsed; the retry
    // clock is the test's, the cache's is real, so poll with a bound.
    const deadline = Date.now() + 10_000;
    while (received.length === 0 && Date.now() < deadline) {
      clock += 60_000;
      await worker.runOnce();
      if (received.length === 0) await new Promise((resolve) => setTimeout(resolve, cacheMs / 2));
    }
    expect(received).toEqual([refused!.eventId]);
    const [delivered] = await listWebhookDeliveries(db, owner.id, endpoint.id);
    expect(delivered!.status).toBe("succeeded");
  }, 60_000);
});
