import "server-only";

import type { Db } from "@/lib/db";
import { recordAudit } from "@/lib/admin/audit";
import type { AdminContext } from "@/lib/admin/users";
import { logger } from "@/lib/log";

const log = logger.child({ module: "admin.settings" });

/** Keys of the AppSetting table. Stable: rows in deployed databases use them. */
const WEBHOOKS_ALLOW_PRIVATE = "webhooks.allowPrivateAddresses";

/** How long a delivery worker may keep using a value it read (a change shows within this). */
export const SETTINGS_CACHE_MS = 5_000;

type Reader = Pick<Db, "appSetting">;

/** The stored "webhooks may call private network addresses" setting; off when never set. */
export async function readWebhooksAllowPrivate(db: Reader): Promise<boolean> {
  const row = await db.appSetting.findUnique({ where: { key: WEBHOOKS_ALLOW_PRIVATE }, select: { value: true } });
  return row?.value === "true";
}

/** Stores the setting and writes who changed it, from what to what, to the audit log. */
export async function setWebhooksAllowPrivate(
  db: Pick<Db, "appSetting" | "auditEvent" | "$transaction">,
  admin: AdminContext,
  value: boolean,
): Promise<boolean> {
  const previous = await db.$transaction(async (tx) => {
    const before = await readWebhooksAllowPrivate(tx);
    await tx.appSetting.upsert({
      where: { key: WEBHOOKS_ALLOW_PRIVATE },
      create: { key: WEBHOOKS_ALLOW_PRIVATE, value: String(value), updatedById: admin.actor.id },
      update: { value: String(value), updatedById: admin.actor.id },
    });
    return before;
  });
  await recordAudit(db, {
    action: "setting.update",
    actor: admin.actor,
    target: { type: "setting", id: WEBHOOKS_ALLOW_PRIVATE, label: WEBHOOKS_ALLOW_PRIVATE },
    meta: admin.meta,
    details: { from: previous, to: value },
  });
  return value;
}

/**
 * A reader for the delivery worker, asked once per round: it reads the database at most
 * once per `ttlMs`, so a change takes effect within that without a restart. A failed read
 * keeps the last known value (refusing, if none), since refusing is the safe side.
 */
export function cachedWebhooksAllowPrivate(db: Reader, ttlMs: number = SETTINGS_CACHE_MS): () => Promise<boolean> {
  let value = false;
  let readAt = -Infinity;
  return async () => {
    const now = Date.now();
    if (now - readAt < ttlMs) return value;
    try {
      value = await readWebhooksAllowPrivate(db);
    } catch (error) {
      log.warn({ err: error }, "could not read the webhook address setting; keeping the last value");
    }
    readAt = now;
    return value;
  };
}
