import "server-only";

import type { Db } from "@/lib/db";
import { isLocale, type Locale } from "@/lib/i18n/config";
import { logger } from "@/lib/log";
import { deliverPush, type DeliverOptions, type PushOutcome } from "./deliver";
import type { PushPayload } from "./types";

const log = logger.child({ module: "push" });

/** Failed sends in a row after which a subscription is given up (the browser is long gone). */
export const PUSH_GIVE_UP_AFTER = 50;

export interface PushSummary {
  sent: number;
  /** Subscriptions the push service no longer knows (404/410), now deleted. */
  removed: number;
  failed: number;
}

/**
 * Sends one notification to every browser `userId` subscribed, worded per subscription's
 * language, and keeps the rows' health: a success clears the failure count, 404/410 deletes
 * the subscription, other failures count up until PUSH_GIVE_UP_AFTER.
 */
export async function sendPushToUser(
  db: Db,
  userId: string,
  build: (locale: Locale) => PushPayload,
  options: Omit<DeliverOptions, "topic"> & { topic?: string; onlyId?: string },
): Promise<PushSummary> {
  const rows = await db.pushSubscription.findMany({
    where: { userId, ...(options.onlyId ? { id: options.onlyId } : {}) },
    select: { id: true, endpoint: true, p256dh: true, auth: true, locale: true },
  });
  const summary: PushSummary = { sent: 0, removed: 0, failed: 0 };
  await Promise.all(
    rows.map(async (row) => {
      const payload = JSON.stringify(build(isLocale(row.locale) ? row.locale : "en"));
      let outcome: PushOutcome;
      try {
        outcome = await deliverPush(row, payload, options);
      } catch (error) {
        // web-push refuses keys it cannot use (a malformed p256dh): that row can never work.
        outcome = {
          kind: "failed",
          status: null,
          reason: error instanceof Error ? error.message : "error",
          attempts: 1,
        };
      }
      await record(db, row.id, outcome);
      if (outcome.kind === "sent") summary.sent += 1;
      else if (outcome.kind === "gone") summary.removed += 1;
      else {
        summary.failed += 1;
        // The endpoint is a capability URL: only its origin goes to the log.
        log.warn(
          {
            subscriptionId: row.id,
            origin: new URL(row.endpoint).origin,
            status: outcome.status,
            reason: outcome.reason,
          },
          "a push notification could not be delivered",
        );
      }
    }),
  );
  return summary;
}

async function record(db: Db, id: string, outcome: PushOutcome): Promise<void> {
  try {
    if (outcome.kind === "sent") {
      await db.pushSubscription.updateMany({ where: { id }, data: { lastSuccessAt: new Date(), failures: 0 } });
    } else if (outcome.kind === "gone") {
      await db.pushSubscription.deleteMany({ where: { id } });
    } else {
      await db.pushSubscription.updateMany({
        where: { id },
        data: { failures: { increment: 1 }, lastFailureAt: new Date() },
      });
      await db.pushSubscription.deleteMany({ where: { id, failures: { gte: PUSH_GIVE_UP_AFTER } } });
    }
  } catch (error) {
    log.error({ subscriptionId: id, err: error }, "could not record a push result");
  }
}
