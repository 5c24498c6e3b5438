import { afterEach, describe, expect, it } from "vitest";

import { createAccountKeeper, type AccountKeeper, type KeptPool } from "@/lib/telegram/runtime/account-keeper";

// The keeper shared by the webhook and Web Push feeds, with a fake pool and a fake "wanted" rule.
const HOUR = 3_600_000;

class FakePool implements KeptPool {
  /** Accounts with a live hold, and how many holds each has. */
  readonly holds = new Map<string, number>();
  readonly failing = new Set<string>();
  readonly evicted = new Set<string>();
  holdCalls = 0;

  async hold(accountId: string) {
    this.holdCalls += 1;
    if (this.failing.has(accountId)) throw new Error(`cannot connect ${accountId}`);
    this.evicted.delete(accountId);
    this.holds.set(accountId, (this.holds.get(accountId) ?? 0) + 1);
    let released = false;
    return {
      release: () => {
        if (released) throw new Error(`${accountId} released twice`);
        released = true;
        const left = (this.holds.get(accountId) ?? 0) - 1;
        if (left > 0) this.holds.set(accountId, left);
        else this.holds.delete(accountId);
      },
    };
  }

  has(accountId: string) {
    return this.holds.has(accountId) && !this.evicted.has(accountId);
  }

  /** The pool closed the client (as an admin's revoke does): its leases count for nothing now. */
  evict(accountId: string) {
    this.evicted.add(accountId);
  }
}

let names = 0;
const started: AccountKeeper[] = [];

function fixture(initial: string[]) {
  const pool = new FakePool();
  let wanted: string[] | Error = initial;
  const lines: Array<{ level: "warn" | "error"; message: string; accountId?: string }> = [];
  const record = (level: "warn" | "error") => (fields: { accountId?: string; err: unknown }, message: string) =>
    void lines.push({ level, message, accountId: fields.accountId });
  const keeper = createAccountKeeper({
    // remember() keeps state per process: a name per test keeps the tests apart.
    name: `test.accountKeeper.${++names}`,
    wanted: async () => {
      if (wanted instanceof Error) throw wanted;
      return wanted;
    },
    log: { warn: record("warn"), error: record("error") },
    messages: { holdFailed: "hold failed", roundFailed: "round failed" },
  });
  started.push(keeper);
  return {
    pool,
    keeper,
    lines,
    want: (next: string[] | Error) => {
      wanted = next;
    },
  };
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((keeper) => keeper.stop()));
});

describe("account keeper", () => {
  it("holds every wanted account once, and starts only once", async () => {
    const { pool, keeper } = fixture(["a", "b"]);
    expect(keeper.start(pool, HOUR)).toBe(true);
    expect(keeper.start(pool, HOUR)).toBe(false);
    await keeper.refresh();
    expect(Object.fromEntries(pool.holds)).toEqual({ a: 1, b: 1 });
    expect(pool.holdCalls).toBe(2);
  });

  it("does nothing on refresh before start", async () => {
    const { pool, keeper } = fixture(["a"]);
    await keeper.refresh();
    expect(pool.holdCalls).toBe(0);
  });

  it("releases accounts no longer wanted and holds new ones", async () => {
    const { pool, keeper, want } = fixture(["a", "b"]);
    keeper.start(pool, HOUR);
    await keeper.refresh();
    want(["b", "c"]);
    await keeper.refresh();
    expect(Object.fromEntries(pool.holds)).toEqual({ b: 1, c: 1 });
  });

  it("holds again an account the pool evicted meanwhile", async () => {
    const { pool, keeper } = fixture(["a"]);
    keeper.start(pool, HOUR);
    await keeper.refresh();
    pool.evict("a");
    await keeper.refresh();
    expect(pool.has("a")).toBe(true);
    expect(pool.holds.get("a")).toBe(1);
    expect(pool.holdCalls).toBe(2);
  });

  it("logs an account it cannot hold, keeps the others and tries again next round", async () => {
    const { pool, keeper, lines } = fixture(["a", "b"]);
    pool.failing.add("a");
    keeper.start(pool, HOUR);
    await keeper.refresh();
    expect(Object.fromEntries(pool.holds)).toEqual({ b: 1 });
    expect(lines).toContainEqual({ level: "warn", message: "hold failed", accountId: "a" });
    pool.failing.delete("a");
    await keeper.refresh();
    expect(Object.fromEntries(pool.holds)).toEqual({ a: 1, b: 1 });
  });

  it("logs a round that cannot read what is wanted and keeps what it holds", async () => {
    const { pool, keeper, lines, want } = fixture(["a"]);
    keeper.start(pool, HOUR);
    await keeper.refresh();
    want(new Error("database away"));
    await keeper.refresh();
    expect(lines).toContainEqual({ level: "error", message: "round failed", accountId: undefined });
    expect(Object.fromEntries(pool.holds)).toEqual({ a: 1 });
  });

  it("runs rounds one after another: a refresh during a slow round sees the later rows", async () => {
    const pool = new FakePool();
    let reads = 0;
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    const keeper = createAccountKeeper({
      name: `test.accountKeeper.${++names}`,
      wanted: async () => {
        reads += 1;
        if (reads === 1) {
          await gate;
          return ["a"];
        }
        return ["b"];
      },
      log: { warn: () => {}, error: () => {} },
      messages: { holdFailed: "hold failed", roundFailed: "round failed" },
    });
    started.push(keeper);
    keeper.start(pool, HOUR);
    const refreshed = keeper.refresh();
    await Promise.resolve();
    // The second round waits for the first, which is still reading.
    expect(reads).toBe(1);
    open();
    await refreshed;
    expect(reads).toBe(2);
    expect(Object.fromEntries(pool.holds)).toEqual({ b: 1 });
  });

  it("lets every account go on stop", async () => {
    const { pool, keeper } = fixture(["a", "b"]);
    keeper.start(pool, HOUR);
    await keeper.refresh();
    await keeper.stop();
    expect(pool.holds.size).toBe(0);
    // Stopped: a refresh holds nothing again, and it can start anew.
    await keeper.refresh();
    expect(pool.holds.size).toBe(0);
    expect(keeper.start(pool, HOUR)).toBe(true);
  });
});
