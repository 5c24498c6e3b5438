import { remember } from "@/lib/remember";

/** The part of the account pool a keeper uses (the pool in pool.ts). */
export interface KeptPool {
  hold(accountId: string): Promise<{ release: () => void }>;
  has(accountId: string): boolean;
}

/** The two log calls a keeper makes (a pino logger has them). */
export interface KeeperLog {
  warn(fields: { accountId: string; err: unknown }, message: string): void;
  error(fields: { err: unknown }, message: string): void;
}

export interface AccountKeeperOptions {
  /** The process-wide name of the keeper's state (see remember). */
  name: string;
  /** The accounts to keep connected now; read afresh each round. */
  wanted: () => Promise<Iterable<string>>;
  log: KeeperLog;
  /** Log lines: one account could not be held; a whole round failed. */
  messages: { holdFailed: string; roundFailed: string };
}

export interface AccountKeeper {
  /** Starts the rounds (one now, then every `everyMs`); false if they already run. */
  start(pool: KeptPool, everyMs: number): boolean;
  /** Brings the held set up to date now; nothing before start. */
  refresh(): Promise<void>;
  /** Ends the rounds and, once the one running is done, lets every held account go. */
  stop(): Promise<void>;
}

interface KeeperState {
  timer: NodeJS.Timeout | null;
  pool: KeptPool | null;
  held: Map<string, () => void>;
  running: Promise<void> | null;
}

/**
 * Holds one pool lease per wanted account, so an account that a feed (webhooks, Web Push)
 * listens to stays connected with no browser open: the pool otherwise drops a client after
 * 10 idle minutes, and a disconnected account hears no updates. What is wanted is the feed's
 * own rule; the rounds, the leases and their release are the same for every feed.
 */
export function createAccountKeeper(options: AccountKeeperOptions): AccountKeeper {
  const { log, messages } = options;
  const state = remember<KeeperState>(options.name, () => ({
    timer: null,
    pool: null,
    held: new Map(),
    running: null,
  }));

  /** A round after the one running (which may have read the rows before the change). */
  const schedule = (pool: KeptPool): Promise<void> => {
    const next = (state.running ?? Promise.resolve()).then(() => reconcile(pool));
    state.running = next;
    void next.finally(() => {
      if (state.running === next) state.running = null;
    });
    return next;
  };

  const reconcile = async (pool: KeptPool): Promise<void> => {
    try {
      const ids = new Set(await options.wanted());
      for (const [accountId, release] of state.held) {
        // Evicted meanwhile (revoked, closed by an admin): the hold went with it.
        if (!ids.has(accountId) || !pool.has(accountId)) {
          release();
          state.held.delete(accountId);
        }
      }
      await Promise.all(
        [...ids]
          .filter((accountId) => !state.held.has(accountId))
          .map(async (accountId) => {
            try {
              const { release } = await pool.hold(accountId);
              state.held.set(accountId, release);
            } catch (error) {
              // Revoked, unreadable or Telegram away: the next round tries again.
              log.warn({ accountId, err: error }, messages.holdFailed);
            }
          }),
      );
    } catch (error) {
      log.error({ err: error }, messages.roundFailed);
    }
  };

  return {
    start(pool, everyMs) {
      if (state.timer) return false;
      state.pool = pool;
      const tick = () => {
        // A round already queued will see the same rows: do not pile rounds up behind a slow one.
        if (!state.running) void schedule(pool);
      };
      state.timer = setInterval(tick, everyMs);
      state.timer.unref();
      tick();
      return true;
    },
    async refresh() {
      if (!state.timer || !state.pool) return;
      await schedule(state.pool);
    },
    async stop() {
      if (state.timer) clearInterval(state.timer);
      state.timer = null;
      state.pool = null;
      await state.running;
      for (const release of state.held.values()) release();
      state.held.clear();
    },
  };
}
