import "server-only";

import { long } from "../gramjs/long";
import { Api, type TelegramClient, type sessions } from "telegram";

import { db } from "@/lib/db";
import type { CodedError } from "@/lib/http/coded-error";
import type { ErrorCode } from "@/lib/http/error-codes";
import { logger } from "@/lib/log";
import { remember } from "@/lib/remember";
import { AccountPool, DEFAULT_IDLE_MS } from "./pool";
import { AccountSession, type AccountRef, type SessionHooks } from "./session";
import { createTelegramClient } from "../gramjs/connect";
import { presetSelfInputPeer } from "../gramjs/internals";
import { SESSION_GONE_CODES, TelegramError, toTelegramError, withDeadline } from "../errors";
import { openStoredSession, UNREADABLE } from "./stored-sessions";
import { attachUpdates } from "../read-models/live-updates";
import { dbUpdateStateStore } from "./update-state-store";
import { attachWebhookFeed, startWebhookAccountKeeper } from "./webhook-feed";
import { attachPushFeed, startPushAccountKeeper } from "./push-feed";
import { recordWebhookEvent } from "@/lib/webhooks/outbox";
import { wakeWebhookWorkers } from "@/lib/webhooks/worker";

const log = logger.child({ module: "telegram.pool" });

/** How often lastUsedAt is written: often enough to be useful, rarely enough to be free. */
const LAST_USED_WRITE_MS = 60_000;
const CONNECT_TIMEOUT_MS = 15_000;
const SWEEP_EVERY_MS = 60_000;

const DASHBOARD_ERRORS = {
  no_account: { errorCode: "telegram_not_linked", publicMessage: "Link a Telegram account first." },
  revoked: { errorCode: "telegram_revoked", publicMessage: "The Telegram session has ended. Link the account again." },
  unreadable: {
    errorCode: "telegram_session_unreadable",
    publicMessage: "This Telegram account needs to be linked again: its stored session can no longer be read.",
  },
} as const satisfies Record<string, { errorCode: ErrorCode; publicMessage: string }>;

/** Why the dashboard cannot serve a request; routes and pages word each one. */
export class DashboardError extends Error implements CodedError {
  readonly errorCode: ErrorCode;
  readonly publicMessage: string;

  constructor(
    readonly code: keyof typeof DASHBOARD_ERRORS,
    message: string,
  ) {
    super(message);
    this.name = "DashboardError";
    ({ errorCode: this.errorCode, publicMessage: this.publicMessage } = DASHBOARD_ERRORS[code]);
  }
}

export interface ActiveAccount extends AccountRef {
  firstName: string;
  lastName: string | null;
  username: string | null;
  phone: string | null;
  linkedAt: Date;
  lastUsedAt: Date | null;
}

interface PoolGlobal {
  pool: AccountPool<AccountSession>;
  lastUsedWrites: Map<string, number>;
  sweeper: NodeJS.Timeout | null;
  shutdownHooked: boolean;
}

const hooks: SessionHooks = {
  async onSessionGone(session, code) {
    await markRevoked(session.account.id, code);
  },
  onUsed(session) {
    touchLastUsed(session.account.id);
  },
  // The same auth key on a new connection: the session string of the client being
  // replaced (it follows DC migrations), one dial attempt per call since the session's
  // own loop does the backoff.
  reconnect(session) {
    return dialClient(session.account.id, (session.client.session as sessions.StringSession).save(), 1);
  },
  onConnectionState(session, state, { attempt, downMs, reason }) {
    const accountId = session.account.id;
    if (state === "online") log.info({ accountId, attempt, downMs }, "pooled client reconnected");
    else if (attempt === 0) log.warn({ accountId, reason }, "pooled client lost its connection; reconnecting");
    else log.warn({ accountId, attempt, downMs }, "pooled client still reconnecting");
  },
};

// remember()ed for the same reason as the login registry: route handlers, pages and
// instrumentation are separate bundles, and each must see the same connections.
const state: PoolGlobal = remember<PoolGlobal>("telegram.accountPool", () => ({
  pool: new AccountPool<AccountSession>({
    create: connectAccount,
    idleMs: DEFAULT_IDLE_MS,
    onError: (accountId, error) => log.warn({ accountId, err: error }, "destroying a pooled client failed"),
  }),
  lastUsedWrites: new Map(),
  sweeper: null,
  shutdownHooked: false,
}));

export const accountPool = state.pool;

/**
 * Starts the pool's idle sweeper and destroys pooled clients on SIGTERM/SIGINT. Called
 * once from instrumentation.ts when the server starts, not on import: a test or script
 * that merely imports the pool gets no timers or signal handlers. Idempotent.
 */
export function startTelegramRuntime(): void {
  startSweeper();
  hookShutdown();
  startWebhookAccountKeeper(accountPool);
  startPushAccountKeeper(accountPool);
}

function startSweeper(): void {
  if (state.sweeper) return;
  state.sweeper = setInterval(() => {
    void accountPool.sweep().then((evicted) => {
      if (evicted.length) log.info({ count: evicted.length }, "evicted idle Telegram clients");
    });
  }, SWEEP_EVERY_MS);
  state.sweeper.unref();
}

function hookShutdown(): void {
  if (state.shutdownHooked) return;
  state.shutdownHooked = true;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      const stats = accountPool.stats();
      void Promise.race([accountPool.destroyAll(), new Promise((resolve) => setTimeout(resolve, 3_000))]).finally(
        () => {
          if (stats.accounts > 0) log.info({ signal, clients: stats.accounts }, "destroyed pooled Telegram clients");
          // Next.js installs its own handlers; when nobody else listens, behave as the
          // default handler would have.
          if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
        },
      );
    });
  }
}

/** The signed-in user's account the dashboard works with: the most recently linked active one. */
export async function findActiveAccount(userId: string): Promise<ActiveAccount | null> {
  return db.telegramAccount.findFirst({
    where: { userId, status: "active" },
    orderBy: { linkedAt: "desc" },
    select: {
      id: true,
      userId: true,
      telegramUserId: true,
      firstName: true,
      lastName: true,
      username: true,
      phone: true,
      linkedAt: true,
      lastUsedAt: true,
    },
  });
}

async function lastAccountStatus(userId: string): Promise<string | null> {
  const last = await db.telegramAccount.findFirst({
    where: { userId },
    orderBy: { linkedAt: "desc" },
    select: { status: true },
  });
  return last?.status ?? null;
}

/** Why a user without an active account has none: never linked, revoked, or unreadable. */
export async function noActiveAccountError(userId: string): Promise<DashboardError> {
  const status = await lastAccountStatus(userId);
  if (status === "revoked") return new DashboardError("revoked", "The Telegram session has ended.");
  if (status === UNREADABLE) return new DashboardError("unreadable", "The stored Telegram session cannot be read.");
  return new DashboardError("no_account", "No Telegram account is linked.");
}

/**
 * Runs `fn` with the user's pooled account session. Ownership starts here: the account
 * is looked up by the signed-in site user, never taken from the request.
 */
export async function withAccount<T>(userId: string, fn: (session: AccountSession) => Promise<T>): Promise<T> {
  const account = await findActiveAccount(userId);
  if (!account) throw await noActiveAccountError(userId);
  return accountPool.use(account.id, async (session) => {
    if (session.revoked) throw new DashboardError("revoked", "The Telegram session has ended.");
    return fn(session);
  });
}

/** Connects a pooled client from the stored, encrypted session. */
async function connectAccount(accountId: string): Promise<AccountSession> {
  const row = await db.telegramAccount.findUnique({
    where: { id: accountId },
    select: { id: true, userId: true, telegramUserId: true, sessionCiphertext: true, status: true },
  });
  if (!row || row.status !== "active" || !row.sessionCiphertext) {
    throw new DashboardError("revoked", "The Telegram session has ended.");
  }
  const session = await openStoredSession(row);
  const started = Date.now();
  const client = await dialClient(accountId, session);
  log.info({ accountId, ms: Date.now() - started }, "pooled client connected");
  return wrapClient({ id: row.id, userId: row.userId, telegramUserId: row.telegramUserId }, client);
}

/** A connected GramJS client for a stored session, or a TelegramError (NETWORK, TIMEOUT). */
async function dialClient(accountId: string, session: string, connectionRetries?: number): Promise<TelegramClient> {
  // A redial (connectionRetries given) fails often while Telegram is away; GramJS would
  // print each refused attempt, ours logs every tenth (onConnectionState).
  const client = createTelegramClient({
    session,
    floodSleepThreshold: 0,
    connectionRetries,
    logLevel: connectionRetries ? "none" : undefined,
  });
  try {
    const connected = await withDeadline(client.connect(), CONNECT_TIMEOUT_MS);
    if (connected === false) throw new TelegramError("NETWORK");
    return client;
  } catch (error) {
    await client.destroy().catch(() => undefined);
    log.debug({ accountId, err: error instanceof Error ? error.message : String(error) }, "dialling Telegram failed");
    throw error instanceof TelegramError ? error : new TelegramError("NETWORK");
  }
}

/**
 * Prepares a connected, authorised GramJS client for the pool (one built here, or the
 * login's client handed over by the registry).
 */
export function wrapClient(account: AccountRef, client: TelegramClient): AccountSession {
  const session = new AccountSession(account, client, hooks);
  // On this client and on each one a reconnect puts in its place.
  session.onEachClient((current) => {
    // Floods must reach the person as "wait N s", not stall a page while GramJS sleeps.
    current.floodSleepThreshold = 0;
    // GramJS asks users.getUsers(self) before dispatching the first update unless it
    // knows who it is. We do know, and that request would spend the dashboard's budget.
    presetSelfInputPeer(current, new Api.InputPeerUser({ userId: long(account.telegramUserId), accessHash: long(0) }));
    // GramJS's own background calls (getMe after a reconnect) report here; a terminated
    // session shows up this way even while no page is asking anything.
    current.onError = async (error: Error) => {
      const code = toTelegramError(error).code;
      if (SESSION_GONE_CODES.has(code) && !session.revoked && !session.destroyed)
        await hooks.onSessionGone(session, code);
    };
  });
  attachUpdates(session, { stateStore: dbUpdateStateStore });
  attachWebhookFeed(session);
  attachPushFeed(session);
  return session;
}

/** Hands the freshly logged-in client to the pool instead of destroying it. */
export async function adoptLoggedInClient(account: AccountRef, client: TelegramClient): Promise<void> {
  await accountPool.adopt(account.id, wrapClient(account, client));
  log.info({ accountId: account.id }, "pool adopted the login's client");
}

export async function markRevoked(accountId: string, code: string): Promise<void> {
  const session = accountPool.peek(accountId);
  session?.revoke();
  const revokedAt = new Date();
  await db
    .$transaction(async (tx) => {
      const account = await tx.telegramAccount.findFirst({
        where: { id: accountId, status: "active" },
        select: { userId: true, telegramUserId: true },
      });
      if (!account) return;
      await tx.telegramAccount.update({ where: { id: accountId }, data: { status: "revoked", revokedAt } });
      // In the same transaction as the status: the webhook is sent exactly when the revocation is recorded.
      await recordWebhookEvent(tx, {
        userId: account.userId,
        type: "account.revoked",
        identity: `${accountId}:${revokedAt.toISOString()}`,
        orderingKey: accountId,
        data: { accountId, telegramUserId: account.telegramUserId, reason: code },
        at: revokedAt,
      });
    })
    .then(wakeWebhookWorkers)
    .catch((error: unknown) => log.error({ accountId, err: error }, "could not mark the account revoked"));
  log.warn({ accountId, code }, "Telegram ended the session; account marked revoked");
  // Not awaited inside the failing request: destroy() waits for GramJS's loops to stop.
  void accountPool.evict(accountId);
}

/** Forgets the stored session and the pooled client (unlink, or after logging out). */
export async function wipeAccount(userId: string, accountId: string): Promise<boolean> {
  const session = accountPool.peek(accountId);
  if (session) session.emit({ type: "revoked" });
  await accountPool.evict(accountId);
  const count = await db.$transaction(async (tx) => {
    const account = await tx.telegramAccount.findFirst({
      where: { id: accountId, userId },
      select: { telegramUserId: true },
    });
    if (!account) return 0;
    await tx.telegramAccount.delete({ where: { id: accountId } });
    const at = new Date();
    await recordWebhookEvent(tx, {
      userId,
      type: "account.unlinked",
      identity: `${accountId}:${at.toISOString()}`,
      orderingKey: accountId,
      data: { accountId, telegramUserId: account.telegramUserId },
      at,
    });
    return 1;
  });
  wakeWebhookWorkers();
  log.info({ accountId, userId }, "stored Telegram session wiped");
  return count > 0;
}

function touchLastUsed(accountId: string): void {
  const now = Date.now();
  const last = state.lastUsedWrites.get(accountId) ?? 0;
  if (now - last < LAST_USED_WRITE_MS) return;
  state.lastUsedWrites.set(accountId, now);
  void db.telegramAccount
    .updateMany({ where: { id: accountId }, data: { lastUsedAt: new Date(now) } })
    .catch((error: unknown) => log.warn({ accountId, err: error }, "could not record lastUsedAt"));
}
