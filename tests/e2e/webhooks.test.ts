// Webhooks end to end: an endpoint made on the profile page (real Chromium), the sandbox
// data centre sending Alice a message over real MTProto, and a real HTTP receiver on
// loopback that verifies each delivery with the standardwebhooks library. The receiver
// goes away for a while and the app is restarted mid-retry: every event still arrives,
// in order per chat, with nothing open in a browser on the chats page.
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Webhook } from "standardwebhooks";

import { v1Routes } from "@/lib/api/v1/routes";
import type { TestSandbox } from "../integration/support/sandbox";
import { createTestUser, newPage, signInByRequest, type LaunchedBrowser, type StartedApp } from "../support/e2e";
import { linkTelegramAccount, startTelegramE2E, type TelegramE2E } from "../support/telegram-e2e";

interface Delivery {
  id: string;
  type: string;
  text: string;
  verified: boolean;
}

/** A loopback receiver that can be taken down (port closed) and brought back on the same port. */
class Receiver {
  readonly deliveries: Delivery[] = [];
  secret = "";
  port = 0;
  private server: http.Server | null = null;
  private readonly sockets = new Set<Socket>();

  async up(): Promise<void> {
    const server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        let verified: boolean;
        let body: { type?: string; data?: { message?: { text?: string } } } = {};
        try {
          body = new Webhook(this.secret).verify(raw, {
            "webhook-id": String(request.headers["webhook-id"]),
            "webhook-timestamp": String(request.headers["webhook-timestamp"]),
            "webhook-signature": String(request.headers["webhook-signature"]),
          }) as typeof body;
          verified = true;
        } catch {
          verified = false;
        }
        this.deliveries.push({
          id: String(request.headers["webhook-id"]),
          type: body.type ?? "",
          text: body.data?.message?.text ?? "",
          verified,
        });
        response.writeHead(verified ? 204 : 400).end();
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

  get url(): string {
    return `http://127.0.0.1:${this.port}/tgdesk`;
  }

  withText(text: string): Delivery[] {
    return this.deliveries.filter((d) => d.text === text);
  }
}

let e2e: TelegramE2E;
let sandbox: TestSandbox;
let app: StartedApp;
let browser: LaunchedBrowser;
let alice: { page: Page; context: BrowserContext };
const receiver = new Receiver();
let nextRandomId = 7_000_000;

beforeAll(async () => {
  await receiver.up();
  // `next start` runs with NODE_ENV=production: loopback receivers need the admin's setting.
  e2e = await startTelegramE2E({ WEBHOOKS_ALLOW_PRIVATE_ADDRESSES: "1" });
  ({ sandbox, app, browser } = e2e);
  const user = await createTestUser(app);
  alice = await newPage(browser, app);
  await signInByRequest(alice.page, user.email, user.password);
  await linkTelegramAccount(alice.context, app, sandbox, "alice");
});

afterAll(async () => {
  await e2e?.stop();
  await receiver.down();
});

const fromBob = (text: string) => sandbox.control.sendMessage("bob", "alice", text, String(nextRandomId++));

function call(token: string, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${app.url}/api/v1${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...init.headers },
  });
}

describe("webhooks", () => {
  let token = "";
  let endpointId = "";

  test("an endpoint made on the profile page gets message.received when the sandbox sends, verified with standardwebhooks", async () => {
    const page = alice.page;
    await page.goto("/profile");
    await page.getByTestId("webhook-url").fill(receiver.url);
    await page.getByTestId("webhook-create").click();
    const secret = page.getByTestId("webhook-secret");
    await secret.waitFor();
    receiver.secret = await secret.inputValue();
    expect(receiver.secret).toMatch(/^whsec_/);
    await page.getByTestId("webhook-done").click();
    await expect.poll(() => page.getByTestId("webhook").count()).toBe(1);
    expect(await page.content()).not.toContain(receiver.secret);

    // A token to watch the deliveries through the API.
    await page.getByTestId("api-token-name").fill("Hooks");
    for (const scope of ["messages:read", "messages:send", "contacts:read", "webhooks:manage"]) {
      await page.getByTestId(`api-token-scope-${scope}`).setChecked(scope === "webhooks:manage");
    }
    await page.getByTestId("api-token-create").click();
    await page.getByTestId("api-token-secret").waitFor();
    token = await page.getByTestId("api-token-secret").inputValue();
    await page.getByTestId("api-token-done").click();
    const list = v1Routes.listWebhooks.response.parse(await (await call(token, "/webhooks")).json());
    expect(list.data).toHaveLength(1);
    expect(list.data[0]).toMatchObject({ url: receiver.url, events: ["message.received"], enabled: true });
    endpointId = list.data[0]!.id;

    const text = `hook one ${Date.now()}`;
    await fromBob(text);
    await expect.poll(() => receiver.withText(text).length, { timeout: 20_000 }).toBe(1);
    expect(receiver.withText(text)[0]).toMatchObject({ type: "message.received", verified: true });
    expect(receiver.withText(text)[0]!.id).toMatch(/^msg_/);
  });

  test("a receiver outage and an app restart mid-retry lose nothing, and a chat's order is kept", async () => {
    await receiver.down();
    const during = `while down ${Date.now()}`;
    await fromBob(during);
    // The worker has tried and failed at least once before the restart.
    await expect
      .poll(
        async () => {
          const answer = await call(token, `/webhooks/${endpointId}/deliveries`);
          const body = v1Routes.listWebhookDeliveries.response.parse(await answer.json());
          return body.data.some((d) => d.status === "pending" && d.attempts >= 1);
        },
        { timeout: 30_000 },
      )
      .toBe(true);

    await app.restart();
    // Nothing in the browser opens Alice's chats: the app connects her account for its webhook.
    const after = `after restart ${Date.now()}`;
    await expect
      .poll(
        async () => {
          const answer = await call(token, `/webhooks/${endpointId}/deliveries`);
          return answer.status;
        },
        { timeout: 30_000 },
      )
      .toBe(200);
    // Give the restarted app's account keeper a bounded chance to connect before Bob writes.
    await expect
      .poll(
        async () => {
          await fromBob(`${after} probe`).catch(() => undefined);
          const answer = await call(token, `/webhooks/${endpointId}/deliveries`);
          const body = v1Routes.listWebhookDeliveries.response.parse(await answer.json());
          return body.data.length;
        },
        { timeout: 45_000, interval: 3_000 },
      )
      .toBeGreaterThanOrEqual(3);
    await fromBob(after);
    await receiver.up();

    await expect.poll(() => receiver.withText(during).length, { timeout: 90_000 }).toBeGreaterThanOrEqual(1);
    await expect.poll(() => receiver.withText(after).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    const ids = receiver.deliveries.map((d) => d.text);
    // The message that waited out the outage comes before the one sent after the restart.
    expect(ids.indexOf(during)).toBeLessThan(ids.indexOf(after));
    expect(receiver.deliveries.every((d) => d.verified)).toBe(true);
    // At least once, and a repeat carries the same id.
    expect(new Set(receiver.withText(during).map((d) => d.id)).size).toBe(1);

    const final = v1Routes.listWebhookDeliveries.response.parse(
      await (await call(token, `/webhooks/${endpointId}/deliveries`)).json(),
    );
    const duringDelivery = final.data.find((d) => receiver.withText(during)[0]!.id === d.eventId);
    expect(duringDelivery?.status).toBe("succeeded");
    expect(duringDelivery!.attempts).toBeGreaterThanOrEqual(2);
    expect(duringDelivery!.attemptLog.some((a) => !a.ok && a.statusCode === null)).toBe(true);
  }, 240_000);
});
