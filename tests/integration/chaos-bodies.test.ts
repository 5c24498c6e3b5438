// Chaos: body floods. A chunked upload has no declared length; whoever reads it must stop
// at its limit, answer 413 and keep none of the rest. Before, next-auth's callback read a
// 200 MB POST whole (236 → 769 MB RSS, 1.57 GB for four at once) and readJsonBody read a
// chunked body completely before checking its size. Bounded in time: each flood is cut off
// after its first kilobytes, so the test takes well under its timeout.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMigratedDatabase, type TempDatabase } from "@/tests/support/db";

const FLOOD_BYTES = 200 * 1024 * 1024;
const CHUNK = new Uint8Array(64 * 1024).fill(0x61);
const RSS_BUDGET = 32 * 1024 * 1024;

/** A 200 MB chunked body produced on demand; `pulled()` tells how much of it was read. */
function flood(): { body: ReadableStream<Uint8Array>; pulled: () => number } {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= FLOOD_BYTES) return controller.close();
      sent += CHUNK.byteLength;
      controller.enqueue(CHUNK.slice());
    },
  });
  return { body, pulled: () => sent };
}

function floodRequest(url: string, contentType: string) {
  const { body, pulled } = flood();
  const request = new Request(url, {
    method: "POST",
    headers: { "content-type": contentType },
    body,
    duplex: "half",
  } as RequestInit);
  return { request, pulled };
}

function rss(): number {
  globalThis.gc?.();
  return process.memoryUsage().rss;
}

let database: TempDatabase;

beforeAll(() => {
  database = createMigratedDatabase();
  Object.assign(process.env, { NODE_ENV: "test", LOG_LEVEL: "silent", DATABASE_URL: database.databaseUrl });
});
afterAll(() => database?.cleanup());

describe("body floods", () => {
  it("next-auth's credentials callback answers 413 to four 200 MB chunked POSTs at once, keeping none of them", async () => {
    const { NextRequest } = await import("next/server");
    const route = await import("@/app/api/auth/[...nextauth]/route");
    const before = rss();
    const floods = Array.from({ length: 4 }, () =>
      floodRequest("http://127.0.0.1:3000/api/auth/callback/credentials", "application/x-www-form-urlencoded"),
    );
    const responses = await Promise.all(
      floods.map(({ request }) =>
        route.POST(new NextRequest(request), { params: Promise.resolve({ nextauth: ["callback", "credentials"] }) }),
      ),
    );
    for (const response of responses) {
      expect(response.status).toBe(413);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("body_too_large");
    }
    for (const { pulled } of floods) expect(pulled()).toBeLessThan(1024 * 1024);
    expect(rss() - before).toBeLessThan(RSS_BUDGET);
  });

  it.each([
    ["the default JSON limit", undefined],
    ["login start", 1024],
    ["2FA password", 2048],
    ["sending a message", 32 * 1024],
  ])("readJsonBody stops a 200 MB chunked body at %s", async (_what, maxBytes) => {
    const { readJsonBody } = await import("@/lib/http/body");
    const { z } = await import("zod");
    const before = rss();
    const { request, pulled } = floodRequest("http://127.0.0.1:3000/api/telegram/login", "application/json");
    const error = await readJsonBody(request, z.unknown(), maxBytes === undefined ? {} : { maxBytes }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "body_too_large", status: 413 });
    expect(pulled()).toBeLessThan(1024 * 1024);
    expect(rss() - before).toBeLessThan(RSS_BUDGET);
  });

  it("readBodyBytes hands back a body within its limit whole", async () => {
    const { readBodyBytes } = await import("@/lib/http/body");
    const text = "email=a%40b.c&password=x";
    const bytes = await readBodyBytes(new Request("http://x/", { method: "POST", body: text }), 1024);
    expect(Buffer.from(bytes).toString("utf8")).toBe(text);
  });
});
