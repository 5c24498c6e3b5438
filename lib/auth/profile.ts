import "server-only";

import type { Db } from "@/lib/db";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { endAllSiteSessions } from "@/lib/auth/site-sessions";
import { recordAudit } from "@/lib/admin/audit";
import { AdminError } from "@/lib/admin/errors";
import type { RequestMeta } from "@/lib/admin/request-meta";
import { displayNameSchema, newPasswordSchema } from "@/lib/validations/auth";
import { isLocale } from "@/lib/i18n/config";

/** The person acting on their own account, with the session they act from. */
export type SelfContext = { user: { id: string; email: string }; sessionId: string; meta: RequestMeta };

export async function changeOwnName(db: Db, ctx: SelfContext, name: string): Promise<void> {
  const next = displayNameSchema.parse(name);
  const before = await db.user.findUniqueOrThrow({ where: { id: ctx.user.id }, select: { name: true } });
  if (before.name === next) return;
  await db.user.update({ where: { id: ctx.user.id }, data: { name: next } });
  await recordAudit(db, {
    action: "profile.update",
    actor: ctx.user,
    target: { type: "user", id: ctx.user.id, label: ctx.user.email },
    meta: ctx.meta,
    details: { from: before.name, to: next },
  });
}

export async function setOwnLocale(db: Db, ctx: SelfContext, locale: string | null): Promise<void> {
  if (locale !== null && !isLocale(locale)) throw new AdminError("not_found", "Unknown language.");
  await db.user.update({ where: { id: ctx.user.id }, data: { locale } });
}

/**
 * Changes the password after checking the current one. Every other session ends (the
 * one making the change stays signed in), and a pending "must change" is cleared.
 */
export async function changeOwnPassword(
  db: Db,
  ctx: SelfContext,
  input: { currentPassword: string; newPassword: string },
): Promise<{ otherSessionsEnded: number }> {
  const next = newPasswordSchema.parse(input.newPassword);
  const user = await db.user.findUniqueOrThrow({ where: { id: ctx.user.id }, select: { passwordHash: true } });
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    await recordAudit(db, {
      action: "password.change",
      outcome: "failure",
      actor: ctx.user,
      target: { type: "user", id: ctx.user.id, label: ctx.user.email },
      meta: ctx.meta,
      details: { reason: "wrong_current_password" },
    });
    throw new AdminError("wrong_password", "The current password is not right.");
  }
  await db.user.update({
    where: { id: ctx.user.id },
    data: { passwordHash: await hashPassword(next), mustChangePassword: false },
  });
  const ended = await endAllSiteSessions(db, ctx.user.id, "password_changed", { exceptSessionId: ctx.sessionId });
  await recordAudit(db, {
    action: "password.change",
    actor: ctx.user,
    target: { type: "user", id: ctx.user.id, label: ctx.user.email },
    meta: ctx.meta,
    details: { otherSessionsEnded: ended },
  });
  return { otherSessionsEnded: ended };
}

/** "Sign out everywhere": every session of the person ends, this one included. */
export async function signOutEverywhere(db: Db, ctx: SelfContext): Promise<{ sessionsEnded: number }> {
  const ended = await endAllSiteSessions(db, ctx.user.id, "sign_out_everywhere");
  await recordAudit(db, {
    action: "sign_out.everywhere",
    actor: ctx.user,
    target: { type: "user", id: ctx.user.id, label: ctx.user.email },
    meta: ctx.meta,
    details: { sessionsEnded: ended },
  });
  return { sessionsEnded: ended };
}
