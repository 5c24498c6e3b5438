import "server-only";

/**
 * One long-lived resource per linked Telegram account per process (in the app: a
 * connected GramJS client and its caches, see account-session.ts), built lazily and
 * shared by every request for that account.
 *
 * - Concurrent `use()` calls for an account that is still connecting share one connect
 *   promise, so a page that fires five requests at once opens one MTProto connection.
 * - An entry with nothing in flight and no holders (an open live-update stream holds
 *   one) is destroyed after `idleMs`. A failed connect is not cached: the next request
 *   tries again.
 * - `destroyAll()` ends every entry; the app calls it on SIGTERM/SIGINT.
 *
 * The pool is generic over the resource so unit tests drive it with fakes and a clock.
 */
export interface PoolResource {
  destroy(): Promise<void>;
}

export interface PoolOptions<R extends PoolResource> {
  create(accountId: string): Promise<R>;
  idleMs?: number;
  now?: () => number;
  onError?: (accountId: string, error: unknown) => void;
}

interface Entry<R> {
  ready: Promise<R>;
  resource: R | null;
  inFlight: number;
  holds: number;
  lastUsed: number;
  destroyed: boolean;
}

export interface PoolStats {
  accounts: number;
  connected: number;
  inFlight: number;
  holds: number;
}

export const DEFAULT_IDLE_MS = 10 * 60_000;

export class AccountPool<R extends PoolResource> {
  private readonly entries = new Map<string, Entry<R>>();
  private readonly idleMs: number;
  private readonly now: () => number;

  constructor(private readonly options: PoolOptions<R>) {
    this.idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
    this.now = options.now ?? Date.now;
  }

  /** Runs `fn` with the account's resource, connecting it first if needed. */
  async use<T>(accountId: string, fn: (resource: R) => Promise<T> | T): Promise<T> {
    const entry = this.entryFor(accountId);
    entry.inFlight += 1;
    entry.lastUsed = this.now();
    try {
      const resource = await entry.ready;
      return await fn(resource);
    } finally {
      entry.inFlight -= 1;
      entry.lastUsed = this.now();
    }
  }

  /**
   * Keeps the account's resource alive (and connected) until the returned function is
   * called; for long-lived consumers such as a live-update stream.
   */
  async hold(accountId: string): Promise<{ resource: R; release: () => void }> {
    const entry = this.entryFor(accountId);
    entry.holds += 1;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      entry.holds -= 1;
      entry.lastUsed = this.now();
    };
    try {
      return { resource: await entry.ready, release };
    } catch (error) {
      release();
      throw error;
    }
  }

  /** Hands an already-connected resource to the pool (the login's client, for one). */
  async adopt(accountId: string, resource: R): Promise<void> {
    const previous = this.entries.get(accountId);
    const entry: Entry<R> = {
      ready: Promise.resolve(resource),
      resource,
      inFlight: 0,
      holds: 0,
      lastUsed: this.now(),
      destroyed: false,
    };
    this.entries.set(accountId, entry);
    if (previous) await this.destroyEntry(accountId, previous);
  }

  /** The resource when it is already connected; never connects. */
  peek(accountId: string): R | null {
    return this.entries.get(accountId)?.resource ?? null;
  }

  has(accountId: string): boolean {
    return this.entries.has(accountId);
  }

  /** Destroys the account's resource now (revoked, unlinked, logged out). */
  async evict(accountId: string): Promise<void> {
    const entry = this.entries.get(accountId);
    if (!entry) return;
    this.entries.delete(accountId);
    await this.destroyEntry(accountId, entry);
  }

  /** Destroys every entry idle for longer than idleMs; returns the evicted account ids. */
  async sweep(): Promise<string[]> {
    const cutoff = this.now() - this.idleMs;
    const idle = [...this.entries].filter(
      ([, entry]) => entry.inFlight === 0 && entry.holds === 0 && entry.lastUsed <= cutoff,
    );
    await Promise.all(idle.map(([accountId]) => this.evict(accountId)));
    return idle.map(([accountId]) => accountId);
  }

  async destroyAll(): Promise<void> {
    const all = [...this.entries];
    this.entries.clear();
    await Promise.all(all.map(([accountId, entry]) => this.destroyEntry(accountId, entry)));
  }

  stats(): PoolStats {
    let connected = 0;
    let inFlight = 0;
    let holds = 0;
    for (const entry of this.entries.values()) {
      if (entry.resource) connected += 1;
      inFlight += entry.inFlight;
      holds += entry.holds;
    }
    return { accounts: this.entries.size, connected, inFlight, holds };
  }

  private entryFor(accountId: string): Entry<R> {
    const existing = this.entries.get(accountId);
    if (existing) return existing;
    const entry: Entry<R> = {
      ready: Promise.resolve(null as unknown as R),
      resource: null,
      inFlight: 0,
      holds: 0,
      lastUsed: this.now(),
      destroyed: false,
    };
    entry.ready = this.options.create(accountId).then(
      async (resource) => {
        if (entry.destroyed) {
          // Evicted while connecting (revoked, shut down): do not leak the new client.
          await resource.destroy().catch(() => undefined);
          throw new PoolEvictedError(accountId);
        }
        entry.resource = resource;
        return resource;
      },
      (error: unknown) => {
        // A failed connect must not poison the account: the next request retries.
        if (this.entries.get(accountId) === entry) this.entries.delete(accountId);
        throw error;
      },
    );
    this.entries.set(accountId, entry);
    return entry;
  }

  private async destroyEntry(accountId: string, entry: Entry<R>): Promise<void> {
    if (entry.destroyed) return;
    entry.destroyed = true;
    const resource = entry.resource;
    if (!resource) return;
    entry.resource = null;
    try {
      await resource.destroy();
    } catch (error) {
      this.options.onError?.(accountId, error);
    }
  }
}

export class PoolEvictedError extends Error {
  constructor(readonly accountId: string) {
    super("The account was disconnected while connecting");
    this.name = "PoolEvictedError";
  }
}
