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
  const all = await db.pushSubscription.findMany({
    where: { userId, ...(options.onlyId ? { id: options.onlyId } : {}) },
    select: { id: true, endpoint: true, p256dh: true, auth: true, locale: true, siteSessionId: true },
  });
  const rows = await withLiveSession(db, all);
  const summary: PushSummary = { sent: 0, removed: all.length - rows.length, failed: 0 };
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

/**
 * The subscriptions whose browser is still signed in: one subscribed under a site session
 * that has ended (signed out, expired, ended by an admin) is deleted unsent, so a shared
 * computer signed out of shows no more of the person's messages.
 */
async function withLiveSession<T extends { id: string; siteSessionId: string | null }>(
  db: Db,
  rows: T[],
): Promise<T[]> {
  const ids = [...new Set(rows.flatMap((row) => (row.siteSessionId ? [row.siteSessionId] : [])))];
  if (ids.length === 0) return rows;
  const live = new Set(
    (
      await db.siteSession.findMany({
        where: { id: { in: ids }, revokedAt: null, expiresAt: { gt: new Date() } },
        select: { id: true },
      })
    ).map((session) => session.id),
  );
  const ended = rows.filter((row) => row.siteSessionId && !live.has(row.siteSessionId));
  if (ended.length > 0) await db.pushSubscription.deleteMany({ where: { id: { in: ended.map((row) => row.id) } } });
  return rows.filter((row) => !ended.includes(row));
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
