import "server-only";

import {
  envelopeKeyId,
  keyIdOf,
  keyringFrom,
  openSessionWithKeyring,
  sealSession,
  type SessionKeyring,
} from "@/lib/crypto/session-envelope";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { CodedError } from "@/lib/http/coded-error";
import type { ErrorCode } from "@/lib/http/error-codes";
import { logger } from "@/lib/log";
import { sessionContext } from "./session-context";

const log = logger.child({ module: "telegram.sessions" });

/**
 * Status of an account whose stored session none of the configured keys opens (the
 * TELEGRAM_SESSION_KEY changed). The ciphertext is kept: started again with the right key
 * (or with the old one in TELEGRAM_SESSION_KEY_PREVIOUS), the account becomes active again.
 */
export const UNREADABLE = "unreadable";

/** The stored session cannot be opened: the person links the account again. */
export class SessionUnreadableError extends Error implements CodedError {
  readonly errorCode: ErrorCode = "telegram_session_unreadable";
  readonly publicMessage = "This Telegram account needs to be linked again: its stored session can no longer be read.";

  constructor(readonly accountId: string) {
    super("The stored Telegram session cannot be opened with the configured TELEGRAM_SESSION_KEY");
    this.name = "SessionUnreadableError";
  }
}

export function sessionKeyring(): SessionKeyring {
  return keyringFrom(env.TELEGRAM_SESSION_KEY, env.TELEGRAM_SESSION_KEY_PREVIOUS);
}

interface StoredRow {
  id: string;
  userId: string;
  sessionCiphertext: string;
}

/**
 * The session string of a stored account. One sealed with a previous key is re-sealed
 * with the current one on the way (so the old key can be retired); one no key opens is
 * marked UNREADABLE and SessionUnreadableError is thrown.
 */
export async function openStoredSession(row: StoredRow, keyring: SessionKeyring = sessionKeyring()): Promise<string> {
  const context = sessionContext(row.userId, row.id);
  let opened;
  try {
    opened = openSessionWithKeyring(row.sessionCiphertext, keyring, context);
  } catch {
    await db.telegramAccount.updateMany({ where: { id: row.id, status: "active" }, data: { status: UNREADABLE } });
    log.error(
      {
        accountId: row.id,
        sealedWithKeyId: envelopeKeyId(row.sessionCiphertext),
        currentKeyId: keyIdOf(keyring.current),
      },
      "stored Telegram session cannot be opened with TELEGRAM_SESSION_KEY (nor TELEGRAM_SESSION_KEY_PREVIOUS); the account must be linked again",
    );
    throw new SessionUnreadableError(row.id);
  }
  if (opened.sealedWith === "previous") await reseal(row, opened.session, keyring);
  return opened.session;
}

async function reseal(row: StoredRow, session: string, keyring: SessionKeyring): Promise<void> {
  const sessionCiphertext = sealSession(session, keyring.current, sessionContext(row.userId, row.id));
  // Only over the envelope we read: a login that re-linked meanwhile wrote a newer one.
  await db.telegramAccount.updateMany({
    where: { id: row.id, sessionCiphertext: row.sessionCiphertext },
    data: { sessionCiphertext },
  });
  log.info(
    { accountId: row.id, keyId: keyIdOf(keyring.current) },
    "re-sealed a stored Telegram session with the current key",
  );
}

export interface StoredSessionsReport {
  readable: number;
  resealed: number;
  unreadable: number;
  /** Accounts marked unreadable earlier that the keys open again now. */
  restored: number;
}

/**
 * Run once at start (instrumentation.ts): checks every stored session against the keys,
 * re-seals those sealed with a previous key, marks the ones no key opens as needing to be
 * linked again (and restores ones a key opens again), and logs one clear error naming the
 * variable when some cannot be read.
 */
export async function checkStoredSessions(keyring: SessionKeyring = sessionKeyring()): Promise<StoredSessionsReport> {
  const rows = await db.telegramAccount.findMany({
    where: { status: { in: ["active", UNREADABLE] } },
    select: { id: true, userId: true, sessionCiphertext: true, status: true },
  });
  const report: StoredSessionsReport = { readable: 0, resealed: 0, unreadable: 0, restored: 0 };
  const foreignKeyIds = new Set<string>();
  for (const row of rows) {
    let opened;
    try {
      opened = openSessionWithKeyring(row.sessionCiphertext, keyring, sessionContext(row.userId, row.id));
    } catch {
      report.unreadable += 1;
      foreignKeyIds.add(envelopeKeyId(row.sessionCiphertext) ?? "unknown format");
      if (row.status !== UNREADABLE) {
        await db.telegramAccount.updateMany({ where: { id: row.id, status: "active" }, data: { status: UNREADABLE } });
      }
      continue;
    }
    report.readable += 1;
    if (opened.sealedWith === "previous") {
      await reseal(row, opened.session, keyring);
      report.resealed += 1;
    }
    if (row.status === UNREADABLE) {
      await db.telegramAccount.updateMany({ where: { id: row.id, status: UNREADABLE }, data: { status: "active" } });
      report.restored += 1;
    }
  }
  if (report.unreadable > 0) {
    log.error(
      {
        unreadable: report.unreadable,
        readable: report.readable,
        currentKeyId: keyIdOf(keyring.current),
        sealedWithKeyIds: [...foreignKeyIds],
      },
      `TELEGRAM_SESSION_KEY cannot read ${report.unreadable} stored Telegram session(s): they were sealed with another key. ` +
        "Those accounts are shown as needing to be linked again. If the key was rotated, put the old key in " +
        "TELEGRAM_SESSION_KEY_PREVIOUS and restart; the sessions are then re-sealed with the new key.",
    );
  } else if (report.resealed > 0 || report.restored > 0) {
    log.info(report, "stored Telegram sessions checked against the session keys");
  }
  return report;
}
