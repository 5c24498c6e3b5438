import "server-only";

import { db } from "@/lib/db";
import { logger } from "@/lib/log";
import { toApiMessage } from "@/lib/api/v1/mappers";
import { recordWebhookEventNow, type OutboxEventInput } from "@/lib/webhooks/outbox";
import { onWebhookEndpointsChanged, wakeWebhookWorkers } from "@/lib/webhooks/worker";
import type { LiveEvent, MessageDto } from "../dto";
import { DELETED, EDITED, type DeletedMessages } from "../read-models/live-updates";
import { createAccountKeeper, type KeptPool } from "./account-keeper";
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

const keeper = createAccountKeeper({
  name: "webhooks.accountKeeper",
  wanted: async () => {
    const wanted = await db.telegramAccount.findMany({
      where: { status: "active", user: { status: "active", webhookEndpoints: { some: { enabled: true } } } },
      select: { id: true },
    });
    return wanted.map((a) => a.id);
  },
  log,
  messages: {
    holdFailed: "could not connect an account for its webhooks",
    roundFailed: "could not bring the webhook accounts up to date",
  },
});

/**
 * Keeps every active account whose owner has an enabled webhook endpoint connected, with
 * or without a browser open (see account-keeper.ts). Started from lifecycle.ts.
 */
export function startWebhookAccountKeeper(pool: KeptPool, everyMs: number = KEEPER_EVERY_MS): void {
  // A new endpoint starts hearing its owner's messages at once, not at the next round.
  if (keeper.start(pool, everyMs)) onWebhookEndpointsChanged(() => void refreshWebhookAccounts());
}

/** Brings the held set up to date now (also after an endpoint is created or removed). */
export async function refreshWebhookAccounts(): Promise<void> {
  await keeper.refresh();
}
