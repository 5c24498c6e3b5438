import "server-only";

import type { Db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { telegramAccountLabel } from "@/lib/telegram/account-label";

export type AttemptQuery = {
  status?: string;
  /** A site user's id or (part of) their email. */
  user?: string;
  from?: Date;
  to?: Date;
  dir?: "asc" | "desc";
  skip?: number;
  take?: number;
};

export type AttemptRow = {
  id: string;
  method: string;
  status: string;
  errorCode: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  user: { id: string; email: string; name: string };
  telegramAccountId: string | null;
  /** The linked account as named now, or as it was when linked if it was unlinked since. */
  accountLabel: string | null;
};

export async function listAuthAttempts(
  db: Db,
  query: AttemptQuery = {},
): Promise<{ rows: AttemptRow[]; total: number }> {
  const and: Prisma.AuthAttemptWhereInput[] = [];
  if (query.status) and.push({ status: query.status });
  if (query.user)
    and.push({ OR: [{ userId: query.user }, { user: { email: { contains: query.user.toLowerCase() } } }] });
  if (query.from || query.to) {
    and.push({ startedAt: { ...(query.from && { gte: query.from }), ...(query.to && { lt: query.to }) } });
  }
  const where = and.length ? { AND: and } : {};
  const [rows, total] = await Promise.all([
    db.authAttempt.findMany({
      where,
      orderBy: [{ startedAt: query.dir ?? "desc" }, { id: "asc" }],
      skip: query.skip ?? 0,
      take: query.take ?? 25,
      select: {
        id: true,
        method: true,
        status: true,
        errorCode: true,
        startedAt: true,
        finishedAt: true,
        telegramAccountId: true,
        accountLabel: true,
        telegramAccount: { select: { firstName: true, lastName: true, username: true, phone: true } },
        user: { select: { id: true, email: true, name: true } },
      },
    }),
    db.authAttempt.count({ where }),
  ]);
  return {
    rows: rows.map(({ telegramAccount: account, ...row }) => ({
      ...row,
      accountLabel: account ? telegramAccountLabel(account) : row.accountLabel,
    })),
    total,
  };
}

/** Attempt states that can still change (the health page counts them). */
export const PENDING_ATTEMPT_STATUSES = ["started", "qr", "phone", "code", "password"] as const;
