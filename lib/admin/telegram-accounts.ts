import "server-only";

import type { Db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { recordAudit } from "@/lib/admin/audit";
import { recordWebhookEvent } from "@/lib/webhooks/outbox";
import { wakeWebhookWorkers } from "@/lib/webhooks/worker";
import { AdminError } from "@/lib/admin/errors";
import type { ConnectionState, TelegramAdminPort } from "@/lib/admin/telegram-port";
import { accountLabel, type AdminContext } from "@/lib/admin/users";

/** Digits of a phone number an admin may see; the rest are masked. */
const PHONE_VISIBLE_DIGITS = 2;

/** "+•• ••• •••• 67": enough to tell two accounts apart, not enough to call anyone. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return null;
  const digits = phone.replace(/\D/g, "");
  if (digits.length === 0) return null;
  const visible = digits.slice(-PHONE_VISIBLE_DIGITS);
  return `+${"•".repeat(Math.max(digits.length - visible.length, 0))}${visible}`;
}

export type LinkedAccountSortKey = "linkedAt" | "lastUsedAt" | "status" | "firstName" | "dcId";

export type LinkedAccountQuery = {
  q?: string;
  status?: "active" | "revoked";
  userId?: string;
  sort?: LinkedAccountSortKey;
  dir?: "asc" | "desc";
  skip?: number;
  take?: number;
};

/** One row of the panel. Never the session, never a message: only who linked what. */
export type LinkedAccountRow = {
  id: string;
  owner: { id: string; email: string; name: string };
  telegramUserId: string;
  name: string;
  username: string | null;
  phoneMasked: string | null;
  dcId: number;
  status: string;
  linkedAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  connection: ConnectionState;
};

function accountSort(key: LinkedAccountSortKey, dir: "asc" | "desc"): Prisma.TelegramAccountOrderByWithRelationInput {
  return key === "lastUsedAt" ? { lastUsedAt: { sort: dir, nulls: "last" } } : { [key]: dir };
}

export async function listLinkedAccounts(
  db: Db,
  telegram: Pick<TelegramAdminPort, "connection">,
  query: LinkedAccountQuery = {},
): Promise<{ rows: LinkedAccountRow[]; total: number }> {
  const where: Prisma.TelegramAccountWhereInput = {
    ...(query.status && { status: query.status }),
    ...(query.userId && { userId: query.userId }),
    ...(query.q && {
      OR: [
        { firstName: { contains: query.q } },
        { lastName: { contains: query.q } },
        { username: { contains: query.q.replace(/^@/, "") } },
        { user: { email: { contains: query.q.toLowerCase() } } },
        { user: { name: { contains: query.q } } },
      ],
    }),
  };
  const [accounts, total] = await Promise.all([
    db.telegramAccount.findMany({
      where,
      orderBy: [accountSort(query.sort ?? "linkedAt", query.dir ?? "desc"), { id: "asc" }],
      skip: query.skip ?? 0,
      take: query.take ?? 25,
      select: {
        id: true,
        telegramUserId: true,
        firstName: true,
        lastName: true,
        username: true,
        phone: true,
        dcId: true,
        status: true,
        linkedAt: true,
        lastUsedAt: true,
        revokedAt: true,
        user: { select: { id: true, email: true, name: true } },
      },
    }),
    db.telegramAccount.count({ where }),
  ]);
  return {
    total,
    rows: accounts.map((account) => ({
      id: account.id,
      owner: account.user,
      telegramUserId: account.telegramUserId,
      name: [account.firstName, account.lastName].filter(Boolean).join(" "),
      username: account.username,
      phoneMasked: maskPhone(account.phone),
      dcId: account.dcId,
      status: account.status,
      linkedAt: account.linkedAt,
      lastUsedAt: account.lastUsedAt,
      revokedAt: account.revokedAt,
      connection:
        account.status === "active" ? telegram.connection(account.id) : { state: "idle", floodWaitSeconds: null },
    })),
  };
}

async function findAccount(db: Db, accountId: string) {
  const account = await db.telegramAccount.findUnique({
    where: { id: accountId },
    select: {
      id: true,
      userId: true,
      firstName: true,
      lastName: true,
      username: true,
      status: true,
      user: { select: { email: true } },
    },
  });
  if (!account) throw new AdminError("not_found", "No such linked account.");
  return account;
}

/**
 * Ends the account's Telegram session (auth.logOut) and keeps the row as "revoked" with
 * the sealed session wiped, so the owner's dashboard says to link again and the panel
 * keeps the history.
 */
export async function forceLogout(
  db: Db,
  ctx: AdminContext,
  accountId: string,
  telegram: TelegramAdminPort,
): Promise<{ confirmed: boolean }> {
  const account = await findAccount(db, accountId);
  const confirmed = account.status === "active" ? await telegram.logOut(account).catch(() => false) : false;
  const revokedAt = new Date();
  await db.$transaction(async (tx) => {
    await tx.telegramAccount.update({
      where: { id: accountId },
      data: { status: "revoked", revokedAt, sessionCiphertext: "" },
    });
    if (account.status === "active") {
      await recordWebhookEvent(tx, {
        userId: account.userId,
        type: "account.revoked",
        identity: `${accountId}:${revokedAt.toISOString()}`,
        orderingKey: accountId,
        data: { accountId, reason: "admin_logout" },
        at: revokedAt,
      });
    }
  });
  wakeWebhookWorkers();
  await telegram.disconnect(accountId, "revoked");
  await recordAudit(db, {
    action: "telegram.force_logout",
    actor: ctx.actor,
    target: { type: "telegram_account", id: accountId, label: accountLabel(account) },
    meta: ctx.meta,
    details: { owner: account.user.email, confirmed },
  });
  return { confirmed };
}

/**
 * Removes the link altogether. An active session is logged out of Telegram first, so no
 * authorisation is left behind that nobody here controls.
 */
export async function unlinkAccount(
  db: Db,
  ctx: AdminContext,
  accountId: string,
  telegram: TelegramAdminPort,
): Promise<{ confirmed: boolean }> {
  const account = await findAccount(db, accountId);
  const confirmed = account.status === "active" ? await telegram.logOut(account).catch(() => false) : false;
  await telegram.disconnect(accountId, "revoked");
  await db.telegramAccount.deleteMany({ where: { id: accountId } });
  await recordAudit(db, {
    action: "telegram.unlink",
    actor: ctx.actor,
    target: { type: "telegram_account", id: accountId, label: accountLabel(account) },
    meta: ctx.meta,
    details: { owner: account.user.email, confirmed, byAdmin: true },
  });
  return { confirmed };
}
