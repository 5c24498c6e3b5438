import "server-only";

import { db } from "@/lib/db";
import { recordAudit, type AuditAction } from "@/lib/admin/audit";
import { currentRequestMeta } from "@/lib/admin/request-meta";

/**
 * Audits a Telegram event done by a site user to their own account (link, log out,
 * unlink, ending another device's session). One call from lib/telegram or a route; the
 * actor's email is looked up here so callers only need the user id.
 */
export async function auditOwnTelegramEvent(
  action: Extract<AuditAction, `telegram.${string}`>,
  userId: string,
  account: { id: string; label?: string | null },
  details?: Record<string, unknown>,
): Promise<void> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true } }).catch(() => null);
  await recordAudit(db, {
    action,
    actor: { id: userId, email: user?.email ?? "" },
    target: { type: "telegram_account", id: account.id, label: account.label ?? null },
    meta: await currentRequestMeta(),
    details,
  });
}
