import "server-only";

import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { hashPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/roles";
import { endAllSiteSessions } from "@/lib/auth/site-sessions";
import { createUser, UserExistsError } from "@/lib/auth/users";
import { recordAudit, type AuditActor } from "@/lib/admin/audit";
import { telegramAccountLabel } from "@/lib/telegram/account-label";
import { AdminError } from "@/lib/admin/errors";
import type { RequestMeta } from "@/lib/admin/request-meta";
import type { TelegramAdminPort } from "@/lib/admin/telegram-port";
import { displayNameSchema, emailSchema, roleSchema } from "@/lib/validations/auth";

/** Who is acting and from where: every admin operation is audited with it. */
export type AdminContext = { actor: AuditActor; meta: RequestMeta };

export type UserSortKey = "name" | "email" | "role" | "status" | "lastSignInAt" | "createdAt";

export type UserListQuery = {
  q?: string;
  role?: Role;
  status?: "active" | "disabled";
  sort?: UserSortKey;
  dir?: "asc" | "desc";
  skip?: number;
  take?: number;
};

export type UserRow = {
  id: string;
  email: string;
  name: string;
  role: string;
  status: string;
  mustChangePassword: boolean;
  lastSignInAt: Date | null;
  createdAt: Date;
  /** Linked Telegram accounts that are still active. */
  linkedAccounts: number;
};

function sortBy(key: UserSortKey, dir: "asc" | "desc"): Prisma.UserOrderByWithRelationInput {
  // Never-signed-in people sort last either way.
  return key === "lastSignInAt" ? { lastSignInAt: { sort: dir, nulls: "last" } } : { [key]: dir };
}

export async function listUsers(db: Db, query: UserListQuery = {}): Promise<{ rows: UserRow[]; total: number }> {
  const where: Prisma.UserWhereInput = {
    ...(query.role && { role: query.role }),
    ...(query.status && { status: query.status }),
    ...(query.q && { OR: [{ email: { contains: query.q.toLowerCase() } }, { name: { contains: query.q } }] }),
  };
  const dir = query.dir ?? "asc";
  const [users, total] = await Promise.all([
    db.user.findMany({
      where,
      orderBy: [sortBy(query.sort ?? "email", dir), { id: "asc" }],
      skip: query.skip ?? 0,
      take: query.take ?? 25,
      select: {
        id: true,
        email: true,
        name: true,
        role: true,
        status: true,
        mustChangePassword: true,
        lastSignInAt: true,
        createdAt: true,
        _count: { select: { telegramAccounts: { where: { status: "active" } } } },
      },
    }),
    db.user.count({ where }),
  ]);
  return {
    rows: users.map(({ _count, ...user }) => ({ ...user, linkedAccounts: _count.telegramAccounts })),
    total,
  };
}

/** A first or reset password: 16 URL-safe characters (96 bits), shown to the admin once. */
export function generatePassword(): string {
  return randomBytes(12).toString("base64url");
}

type Tx = Prisma.TransactionClient;

/**
 * The last-admin rule: the change must leave at least one active admin. Runs inside the
 * caller's transaction, so two admins demoting each other at once cannot both succeed.
 */
export async function assertNotLastAdmin(tx: Pick<Tx, "user">, userId: string): Promise<void> {
  const target = await tx.user.findUnique({ where: { id: userId }, select: { role: true, status: true } });
  if (!target || target.role !== "admin" || target.status !== "active") return;
  const others = await tx.user.count({ where: { role: "admin", status: "active", id: { not: userId } } });
  if (others === 0) throw new AdminError("last_admin", "The last admin cannot be demoted, disabled or deleted.");
}

async function findTarget(db: Pick<Tx, "user">, userId: string) {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, role: true, status: true },
  });
  if (!user) throw new AdminError("not_found", "No such user.");
  return user;
}

/** Creates a person with a generated first password, which they must change at first sign-in. */
export async function createUserWithPassword(
  db: Db,
  ctx: AdminContext,
  input: { email: string; name: string; role: Role },
): Promise<{ user: { id: string; email: string; name: string }; password: string }> {
  const password = generatePassword();
  try {
    const user = await createUser(db, { ...input, password, mustChangePassword: true });
    await recordAudit(db, {
      action: "user.create",
      actor: ctx.actor,
      target: { type: "user", id: user.id, label: user.email },
      meta: ctx.meta,
      details: { role: input.role },
    });
    return { user, password };
  } catch (error) {
    if (error instanceof UserExistsError) throw new AdminError("email_taken", "A user with this email already exists.");
    throw error;
  }
}

export async function updateUser(
  db: Db,
  ctx: AdminContext,
  userId: string,
  input: { name?: string; role?: Role },
): Promise<void> {
  const name = input.name === undefined ? undefined : displayNameSchema.parse(input.name);
  const role = input.role === undefined ? undefined : roleSchema.parse(input.role);
  const before = await db.$transaction(async (tx) => {
    const target = await findTarget(tx, userId);
    if (role && role !== target.role && target.role === "admin") await assertNotLastAdmin(tx, userId);
    await tx.user.update({
      where: { id: userId },
      data: { ...(name !== undefined && { name }), ...(role && { role }) },
    });
    return target;
  });
  const target = { type: "user" as const, id: userId, label: before.email };
  if (name !== undefined && name !== before.name) {
    await recordAudit(db, {
      action: "user.update",
      actor: ctx.actor,
      target,
      meta: ctx.meta,
      details: { from: before.name, to: name },
    });
  }
  if (role && role !== before.role) {
    await recordAudit(db, {
      action: "user.role_change",
      actor: ctx.actor,
      target,
      meta: ctx.meta,
      details: { from: before.role, to: role },
    });
  }
}

/**
 * Sets a generated password the person must replace at their next sign-in, and ends
 * every session they have (whoever knew the old password is out).
 */
export async function resetPassword(db: Db, ctx: AdminContext, userId: string): Promise<{ password: string }> {
  const user = await findTarget(db, userId);
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  await db.user.update({ where: { id: userId }, data: { passwordHash, mustChangePassword: true } });
  const ended = await endAllSiteSessions(db, userId, "password_reset");
  await recordAudit(db, {
    action: "password.reset",
    actor: ctx.actor,
    target: { type: "user", id: userId, label: user.email },
    meta: ctx.meta,
    details: { sessionsEnded: ended },
  });
  return { password };
}

/**
 * Disables a person: every site session ends at once and their Telegram connections
 * are closed; the links stay, so enabling them again restores their dashboard.
 */
export async function disableUser(
  db: Db,
  ctx: AdminContext,
  userId: string,
  telegram: TelegramAdminPort,
): Promise<void> {
  if (userId === ctx.actor.id) throw new AdminError("cannot_target_self", "You cannot disable yourself.");
  const { user, ended } = await db.$transaction(async (tx) => {
    const target = await findTarget(tx, userId);
    await assertNotLastAdmin(tx, userId);
    await tx.user.update({ where: { id: userId }, data: { status: "disabled", disabledAt: new Date() } });
    return { user: target, ended: await endAllSiteSessions(tx, userId, "disabled") };
  });
  const accounts = await db.telegramAccount.findMany({ where: { userId, status: "active" }, select: { id: true } });
  for (const account of accounts) await telegram.disconnect(account.id, "closed");
  await recordAudit(db, {
    action: "user.disable",
    actor: ctx.actor,
    target: { type: "user", id: userId, label: user.email },
    meta: ctx.meta,
    details: { sessionsEnded: ended, telegramConnectionsClosed: accounts.length },
  });
}

export async function enableUser(db: Db, ctx: AdminContext, userId: string): Promise<void> {
  const user = await findTarget(db, userId);
  await db.user.update({ where: { id: userId }, data: { status: "active", disabledAt: null } });
  await recordAudit(db, {
    action: "user.enable",
    actor: ctx.actor,
    target: { type: "user", id: userId, label: user.email },
    meta: ctx.meta,
  });
}

export type AccountLogoutReport = { accountId: string; label: string; confirmed: boolean };

/**
 * Deletes a person. They are disabled first (sessions end, nothing new can start), then
 * each linked account is logged out of Telegram with auth.logOut and the row deleted
 * with everything else of theirs. The report says which logouts Telegram confirmed.
 */
export async function deleteUser(
  db: Db,
  ctx: AdminContext,
  userId: string,
  telegram: TelegramAdminPort,
): Promise<{ accounts: AccountLogoutReport[] }> {
  if (userId === ctx.actor.id) throw new AdminError("cannot_target_self", "You cannot delete yourself.");
  const user = await db.$transaction(async (tx) => {
    const target = await findTarget(tx, userId);
    await assertNotLastAdmin(tx, userId);
    await tx.user.update({ where: { id: userId }, data: { status: "disabled", disabledAt: new Date() } });
    await endAllSiteSessions(tx, userId, "disabled");
    return target;
  });
  const accounts = await db.telegramAccount.findMany({
    where: { userId, status: "active" },
    select: { id: true, userId: true, firstName: true, lastName: true, username: true },
  });
  const report: AccountLogoutReport[] = [];
  for (const account of accounts) {
    const label = accountLabel(account);
    const confirmed = await telegram.logOut(account).catch(() => false);
    await telegram.disconnect(account.id, "revoked");
    report.push({ accountId: account.id, label, confirmed });
  }
  // Cascades to the Telegram accounts (and their sealed sessions), attempts and site sessions.
  await db.user.delete({ where: { id: userId } });
  await recordAudit(db, {
    action: "user.delete",
    actor: ctx.actor,
    target: { type: "user", id: userId, label: user.email },
    meta: ctx.meta,
    details: { name: user.name, role: user.role, telegramLogouts: report },
  });
  return { accounts: report };
}

/** An account as the audit log names it: as the UI does, less the number fallback (audit labels never had numbers). */
export function accountLabel(account: { firstName: string; lastName: string | null; username: string | null }): string {
  return telegramAccountLabel({ ...account, phone: null });
}

/** Lower-cases and validates an email the way sign-in does (for the create form). */
export const adminEmailSchema = emailSchema;
