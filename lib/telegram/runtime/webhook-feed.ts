import "server-only";

import { db } from "@/lib/db";
import { logger } from "@/lib/log";
import { remember } from "@/lib/remember";
import { toApiMessage } from "@/lib/api/v1/mappers";
import { recordWebhookEventNow, type OutboxEventInput } from "@/lib/webhooks/outbox";
import { onWebhookEndpointsChanged, wakeWebhookWorkers } from "@/lib/webhooks/worker";
import type { LiveEvent, MessageDto } from "../dto";
import { DELETED, EDITED, type DeletedMessages } from "../read-models/live-updates";
import type { AccountSession } from "./session";

const log = logger.child({ module: "webhooks.feed" });

/** How often the set of accounts kept connected for webhooks is brought up to date. */
const KEEPER_EVERY_MS = 30_000;

/**
 * Turns a pooled account's live events into outbox rows (message.received/sent/edited/
 * deleted). Attached to every session the pool builds, so whatever keeps the account
 * connected (an open page, or the keeper below) feeds the webhooks.
 */
export function attachWebhookFeed(session: AccountSession): void {
  const { id: accountId, userId } = session.account;
  const record = (input: Omit<OutboxEventInput, "userId">) => {
    void recordWebhookEventNow(db, { ...input, userId })
      .then((written) => {
        if (written) wakeWebhookWorkers();
      })
      .catch((error: unknown) =>
        // Logged with what would let an operator find the message; never its text.
        log.error({ accountId, type: input.type, err: error }, "could not record a webhook event"),
      );
  };
  const messageData = (message: MessageDto) => ({ accountId, chatId: message.peerId, message: toApiMessage(message) });
  session.events.on("live", (event: LiveEvent) => {
    if (event.type !== "message") return;
    const { message } = event;
    record({
      type: message.out ? "message.sent" : "message.received",
      identity: `${accountId}:${message.peerId}:${message.id}`,
      orderingKey: `${accountId}:${message.peerId}`,
      data: messageData(message),
    });
  });
  session.events.on(EDITED, (message: MessageDto) =>
    record({
      type: "message.edited",
      identity: `${accountId}:${message.peerId}:${message.id}:${message.editDate ?? 0}:${message.text}`,
      orderingKey: `${accountId}:${message.peerId}`,
      data: messageData(message),
    }),
  );
  session.events.on(DELETED, ({ peerId, ids }: DeletedMessages) =>
    record({
      type: "message.deleted",
      identity: `${accountId}:${peerId ?? ""}:${ids.join(",")}`,
      orderingKey: `${accountId}:${peerId ?? "-"}`,
      data: { accountId, chatId: peerId, messageIds: ids.map(String) },
    }),
  );
}

interface KeptPool {
  hold(accountId: string): Promise<{ release: () => void }>;
  has(accountId: string): boolean;
}

interface KeeperState {
  timer: NodeJS.Timeout | null;
  held: Map<string, () => void>;
  running: Promise<void> | null;
}

const keeper = remember<KeeperState>("webhooks.accountKeeper", () => ({ timer: null, held: new Map(), running: null }));

/**
 * Keeps every active account whose owner has an enabled webhook endpoint connected, with
 * or without a browser open: the pool otherwise drops a client after 10 idle minutes, and
 * a disconnected account hears no updates. Started from instrumentation.ts.
 */
export function startWebhookAccountKeeper(pool: KeptPool, everyMs: number = KEEPER_EVERY_MS): void {
  if (keeper.timer) return;
  const tick = () => {
    // A round already queued will see the same rows: do not pile rounds up behind a slow one.
    if (!keeper.running) void schedule(pool);
  };
  keeper.timer = setInterval(tick, everyMs);
  keeper.timer.unref();
  // A new endpoint starts hearing its owner's messages at once, not at the next round.
  onWebhookEndpointsChanged(() => void refreshWebhookAccounts(pool));
  tick();
}

/** Brings the held set up to date now (also after an endpoint is created or removed). */
export async function refreshWebhookAccounts(pool: KeptPool): Promise<void> {
  if (!keeper.timer) return;
  await schedule(pool);
}

/** A round after the one running (which may have read the rows before the change). */
function schedule(pool: KeptPool): Promise<void> {
  const next = (keeper.running ?? Promise.resolve()).then(() => reconcile(pool));
  keeper.running = next;
  void next.finally(() => {
    if (keeper.running === next) keeper.running = null;
  });
  return next;
}

async function reconcile(pool: KeptPool): Promise<void> {
  try {
    const wanted = await db.telegramAccount.findMany({
      where: { status: "active", user: { status: "active", webhookEndpoints: { some: { enabled: true } } } },
      select: { id: true },
    });
    const ids = new Set(wanted.map((a) => a.id));
    for (const [accountId, release] of keeper.held) {
      // Evicted meanwhile (revoked, closed by an admin): the hold went with it.
      if (!ids.has(accountId) || !pool.has(accountId)) {
        release();
        keeper.held.delete(accountId);
      }
    }
    await Promise.all(
      [...ids]
        .filter((accountId) => !keeper.held.has(accountId))
        .map(async (accountId) => {
          try {
            const { release } = await pool.hold(accountId);
            keeper.held.set(accountId, release);
          } catch (error) {
            // Revoked, unreadable or Telegram away: the next round tries again.
            log.warn({ accountId, err: error }, "could not connect an account for its webhooks");
          }
        }),
    );
  } catch (error) {
    log.error({ err: error }, "could not bring the webhook accounts up to date");
  }
}
