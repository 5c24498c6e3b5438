import "server-only";

import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db";
import type { RequestMeta } from "@/lib/admin/request-meta";

// Why a session table beside JWT cookies: docs/decisions/site-sessions.md.

/** How long a site session lives without a new sign-in (also the JWT's maxAge). */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;
/** lastSeenAt is written at most this often per session. */
const TOUCH_EVERY_MS = 5 * 60 * 1000;

export type SessionEndReason = "sign_out" | "sign_out_everywhere" | "disabled" | "password_reset" | "password_changed";

type SessionDb = Pick<Db, "siteSession" | "user">;

/** Opens a session row for a fresh sign-in and returns its id (which the JWT carries). */
export async function startSiteSession(
  db: SessionDb,
  userId: string,
  meta: RequestMeta,
  now = new Date(),
): Promise<string> {
  const id = randomBytes(24).toString("base64url");
  await db.siteSession.create({
    data: {
      id,
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000),
      ip: meta.ip,
      userAgent: meta.userAgent,
    },
  });
  await db.user.update({ where: { id: userId }, data: { lastSignInAt: now } });
  return id;
}

/**
 * Whether the session named by a JWT is still good: the row exists, belongs to that user,
 * is neither revoked nor expired, and the user is active. Anything else ends it.
 */
export async function isSiteSessionValid(
  db: SessionDb,
  sessionId: unknown,
  userId: unknown,
  now = new Date(),
): Promise<boolean> {
  if (typeof sessionId !== "string" || typeof userId !== "string" || !sessionId || !userId) return false;
  const row = await db.siteSession.findUnique({
    where: { id: sessionId },
    select: { userId: true, revokedAt: true, expiresAt: true, lastSeenAt: true, user: { select: { status: true } } },
  });
  if (!row || row.userId !== userId || row.revokedAt || row.expiresAt <= now || row.user.status !== "active")
    return false;
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.siteSession.updateMany({ where: { id: sessionId }, data: { lastSeenAt: now } });
  }
  return true;
}

/** Ends one session (sign-out). Returns whether it was still open. */
export async function endSiteSession(
  db: SessionDb,
  sessionId: unknown,
  reason: SessionEndReason,
  now = new Date(),
): Promise<boolean> {
  if (typeof sessionId !== "string" || !sessionId) return false;
  const { count } = await db.siteSession.updateMany({
    where: { id: sessionId, revokedAt: null },
    data: { revokedAt: now, revokedReason: reason },
  });
  return count > 0;
}

/** Ends every open session of a user at once; `exceptSessionId` keeps the caller's own. */
export async function endAllSiteSessions(
  db: SessionDb,
  userId: string,
  reason: SessionEndReason,
  { exceptSessionId, now = new Date() }: { exceptSessionId?: string; now?: Date } = {},
): Promise<number> {
  const { count } = await db.siteSession.updateMany({
    where: { userId, revokedAt: null, ...(exceptSessionId ? { id: { not: exceptSessionId } } : {}) },
    data: { revokedAt: now, revokedReason: reason },
  });
  return count;
}

export type SiteSessionRow = {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  ip: string | null;
  userAgent: string | null;
};

/** A user's open sessions, newest first (the profile page lists them). */
export async function listOpenSessions(db: SessionDb, userId: string, now = new Date()): Promise<SiteSessionRow[]> {
  return db.siteSession.findMany({
    where: { userId, revokedAt: null, expiresAt: { gt: now } },
    orderBy: { lastSeenAt: "desc" },
    select: { id: true, createdAt: true, lastSeenAt: true, ip: true, userAgent: true },
  });
}
