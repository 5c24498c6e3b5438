import { describe, expect, it } from "vitest";

import { AccountPool, PoolEvictedError, type PoolResource } from "@/lib/telegram/runtime/pool";
import { Lru } from "@/lib/telegram/runtime/lru";

class FakeResource implements PoolResource {
  destroyed = 0;
  constructor(readonly accountId: string) {}
  async destroy(): Promise<void> {
    this.destroyed += 1;
  }
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function makePool(idleMs = 1_000) {
  let time = 0;
  const created: FakeResource[] = [];
  const pool = new AccountPool<FakeResource>({
    idleMs,
    now: () => time,
    create: async (accountId) => {
      const resource = new FakeResource(accountId);
      created.push(resource);
      return resource;
    },
  });
  return { pool, created, advance: (ms: number) => (time += ms) };
}

describe("AccountPool", () => {
  it("shares one connect between concurrent requests for the same account", async () => {
    const gate = deferred<FakeResource>();
    let creates = 0;
    const pool = new AccountPool<FakeResource>({
      create: () => {
        creates += 1;
        return gate.promise;
      },
    });
    const calls = Promise.all([1, 2, 3, 4, 5].map((n) => pool.use("a", async (r) => `${r.accountId}:${n}`)));
    gate.resolve(new FakeResource("a"));
    expect(await calls).toEqual(["a:1", "a:2", "a:3", "a:4", "a:5"]);
    expect(creates).toBe(1);
  });

  it("keeps accounts apart: one resource per account id", async () => {
    const { pool, created } = makePool();
    const a = await pool.use("a", async (r) => r);
    const b = await pool.use("b", async (r) => r);
    expect(a).not.toBe(b);
    expect(await pool.use("a", async (r) => r)).toBe(a);
    expect(created.map((r) => r.accountId)).toEqual(["a", "b"]);
  });

  it("does not cache a failed connect: the next request tries again", async () => {
    let attempt = 0;
    const pool = new AccountPool<FakeResource>({
      create: async (accountId) => {
        attempt += 1;
        if (attempt === 1) throw new Error("ECONNREFUSED");
        return new FakeResource(accountId);
      },
    });
    await expect(pool.use("a", async (r) => r)).rejects.toThrow("ECONNREFUSED");
    expect(pool.has("a")).toBe(false);
    await expect(pool.use("a", async (r) => r.accountId)).resolves.toBe("a");
    expect(attempt).toBe(2);
  });

  it("evicts and destroys idle entries, but never one in use or held", async () => {
    const { pool, created, advance } = makePool(1_000);
    await pool.use("idle", async () => undefined);
    const { release } = await pool.hold("held");
    const busy = deferred<void>();
    const inUse = pool.use("busy", () => busy.promise);
    await Promise.resolve();
    advance(5_000);
    expect((await pool.sweep()).sort()).toEqual(["idle"]);
    expect(created.find((r) => r.accountId === "idle")!.destroyed).toBe(1);
    expect(pool.has("held")).toBe(true);
    expect(pool.has("busy")).toBe(true);

    busy.resolve();
    await inUse;
    release();
    advance(5_000);
    expect((await pool.sweep()).sort()).toEqual(["busy", "held"]);
    expect(created.every((r) => r.destroyed === 1)).toBe(true);
  });

  it("keeps recently used entries through a sweep", async () => {
    const { pool, advance } = makePool(1_000);
    await pool.use("a", async () => undefined);
    advance(900);
    await pool.use("a", async () => undefined);
    advance(900);
    expect(await pool.sweep()).toEqual([]);
  });

  it("destroys every entry on destroyAll (shutdown)", async () => {
    const { pool, created } = makePool();
    await Promise.all(["a", "b", "c"].map((id) => pool.use(id, async () => undefined)));
    await pool.destroyAll();
    expect(created.map((r) => r.destroyed)).toEqual([1, 1, 1]);
    expect(pool.stats().accounts).toBe(0);
  });

  it("destroys a client that finishes connecting after its account was evicted", async () => {
    const gate = deferred<FakeResource>();
    const pool = new AccountPool<FakeResource>({ create: () => gate.promise });
    const pending = pool.use("a", async (r) => r);
    await pool.evict("a");
    const late = new FakeResource("a");
    gate.resolve(late);
    await expect(pending).rejects.toBeInstanceOf(PoolEvictedError);
    expect(late.destroyed).toBe(1);
  });

  it("adopts a ready resource (the login's client) and replaces an older one", async () => {
    const { pool, created } = makePool();
    const old = await pool.use("a", async (r) => r);
    const adopted = new FakeResource("a");
    await pool.adopt("a", adopted);
    expect(old.destroyed).toBe(1);
    expect(await pool.use("a", async (r) => r)).toBe(adopted);
    expect(created).toHaveLength(1);
  });
});

describe("Lru", () => {
  it("is bounded and forgets the least recently used entry", () => {
    const lru = new Lru<string, number>(3);
    lru.set("a", 1).set("b", 2).set("c", 3);
    expect(lru.get("a")).toBe(1); // a is now the most recent
    lru.set("d", 4);
    expect(lru.size).toBe(3);
    expect(lru.has("b")).toBe(false);
    expect([...lru.keys()]).toEqual(["c", "a", "d"]);
  });
});
