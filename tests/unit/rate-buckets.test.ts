// The per-account token buckets in front of every Telegram call, on a fake clock.
import { describe, expect, it } from "vitest";

import {
  bucketClassOf,
  DEFAULT_BUCKETS,
  RateBuckets,
  RateLimitedError,
  TokenBucket,
} from "@/lib/telegram/runtime/rate-buckets";

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe("TokenBucket", () => {
  it("allows a burst of its capacity, then refills continuously at its rate", () => {
    const c = clock();
    const b = new TokenBucket({ capacity: 3, refillPerSecond: 2 }, c.now);
    expect([b.take(0), b.take(0), b.take(0)]).toEqual([0, 0, 0]);
    expect(b.take(0)).toEqual({ refusedMs: 500 });
    c.advance(250);
    expect(b.take(0)).toEqual({ refusedMs: 250 });
    c.advance(250);
    expect(b.take(0)).toBe(0);
    c.advance(10_000);
    expect(b.available()).toBe(3); // never above capacity
  });

  it("reserves a token for a short wait, so callers queue in arrival order", () => {
    const c = clock();
    const b = new TokenBucket({ capacity: 1, refillPerSecond: 1 }, c.now);
    expect(b.take(5_000)).toBe(0);
    expect(b.take(5_000)).toBe(1_000);
    expect(b.take(5_000)).toBe(2_000);
    expect(b.take(2_500)).toEqual({ refusedMs: 3_000 }); // not reserved
    expect(b.available()).toBe(0);
    b.refund();
    expect(b.take(5_000)).toBe(2_000);
  });
});

describe("RateBuckets", () => {
  const instant = () => Promise.resolve();

  it("classes methods: resolve and search tight, history and dialogs moderate, sends per chat", () => {
    expect(bucketClassOf("contacts.ResolveUsername")).toBe("resolve");
    expect(bucketClassOf("contacts.ImportContacts")).toBe("resolve");
    expect(bucketClassOf("messages.Search")).toBe("search");
    expect(bucketClassOf("messages.SearchGlobal")).toBe("search");
    expect(bucketClassOf("messages.GetHistory")).toBe("history");
    expect(bucketClassOf("messages.GetDialogs")).toBe("dialogs");
    expect(bucketClassOf("messages.SendMessage")).toBe("send");
    expect(bucketClassOf("upload.GetFile")).toBe("files");
    expect(bucketClassOf("updates.GetDifference")).toBe("other");
    expect(DEFAULT_BUCKETS.resolve.refillPerSecond).toBeLessThan(DEFAULT_BUCKETS.history.refillPerSecond);
    expect(DEFAULT_BUCKETS.search.capacity).toBeLessThan(DEFAULT_BUCKETS.dialogs.capacity);
  });

  it("refuses a resolve past the burst with rate_limited and the seconds until a token", async () => {
    const c = clock();
    const buckets = new RateBuckets(DEFAULT_BUCKETS, c.now, 3_000, instant);
    for (let i = 0; i < DEFAULT_BUCKETS.resolve.capacity; i++) await buckets.acquire("contacts.ResolveUsername");
    const error = await buckets.acquire("contacts.ResolvePhone").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).errorCode).toBe("rate_limited");
    expect((error as RateLimitedError).seconds).toBe(10);
    // Other classes are untouched by the resolve bucket.
    await buckets.acquire("messages.GetHistory");
    const resolve = buckets.snapshot().find((s) => s.bucket === "resolve")!;
    expect(resolve).toMatchObject({ available: 0, refused: 1, capacity: 5 });
  });

  it("waits briefly when a token is due soon, and counts the delay", async () => {
    const c = clock();
    const waits: number[] = [];
    const buckets = new RateBuckets(DEFAULT_BUCKETS, c.now, 3_000, async (ms) => {
      waits.push(ms);
      c.advance(ms);
    });
    for (let i = 0; i < DEFAULT_BUCKETS.search.capacity; i++) await buckets.acquire("messages.Search");
    await buckets.acquire("messages.Search");
    expect(waits).toEqual([2_000]);
    expect(buckets.snapshot().find((s) => s.bucket === "search")).toMatchObject({ delayed: 1, refused: 0 });
  });

  it("keeps one send bucket per chat", async () => {
    const c = clock();
    const buckets = new RateBuckets(DEFAULT_BUCKETS, c.now, 0, instant);
    for (let i = 0; i < DEFAULT_BUCKETS.send.capacity; i++) await buckets.acquire("messages.SendMessage", "u1");
    await expect(buckets.acquire("messages.SendMessage", "u1")).rejects.toBeInstanceOf(RateLimitedError);
    await buckets.acquire("messages.SendMessage", "u2");
    expect(buckets.snapshot().find((s) => s.bucket === "send")).toMatchObject({ chats: 2, available: 0 });
  });

  it("gives the token back when the caller aborts while waiting", async () => {
    const c = clock();
    const buckets = new RateBuckets({ ...DEFAULT_BUCKETS, search: { capacity: 1, refillPerSecond: 1 } }, c.now);
    await buckets.acquire("messages.Search");
    const controller = new AbortController();
    const waiting = buckets.acquire("messages.Search", undefined, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toThrow(/abort/i);
    c.advance(1_000);
    // The refunded token plus a second's refill: one available, not zero.
    expect(buckets.snapshot().find((s) => s.bucket === "search")!.available).toBe(1);
    await expect(buckets.acquire("messages.Search", undefined, AbortSignal.abort())).rejects.toThrow();
  });
});
