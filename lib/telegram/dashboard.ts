import "server-only";

import { db } from "@/lib/db";
import { isCodedError } from "@/lib/http/coded-error";
import type { ErrorCode } from "@/lib/http/error-codes";
import { telegramAccountLabel } from "./account-label";
import { CHAT_PAGE_SIZE } from "./limits";
import { getSelf } from "./read-models/profile";
import { listSessions, logOutOfTelegram, terminateSession } from "./read-models/sessions";
import {
  DashboardError,
  accountPool,
  findActiveAccount,
  noActiveAccountError,
  wipeAccount,
  withAccount,
} from "./runtime/lifecycle";
import { getAvatar, type Avatar } from "./read-models/avatars";
import { filterContacts, loadContacts } from "./read-models/contacts";
import { listDialogs } from "./read-models/dialogs";
import type {
  ContactDto,
  DialogDto,
  DialogPage,
  HistoryPage,
  LinkedAccountDto,
  LiveEvent,
  LoginAttemptDto,
  MessageDto,
  PeerId,
  ProfileDto,
  SessionDto,
  TelegramProblem,
} from "./dto";
import { getHistory, getPeer, markRead, sendMessage } from "./read-models/history";
import { UNREADABLE } from "./runtime/stored-sessions";
import { sendFile, type FileToSend } from "./read-models/uploads";

// The dashboard's entry points, all keyed by the signed-in site user. Pages and route
// handlers call these; they never see an account id from the browser, a GramJS object,
// or a session string.

const LOGOUT_TIMEOUT_MS = 5_000;

export async function getDashboard(userId: string): Promise<{ profile: ProfileDto; chats: DialogPage }> {
  return withAccount(userId, async (session) => {
    const [profile, chats] = await Promise.all([getSelf(session), listDialogs(session, { limit: CHAT_PAGE_SIZE })]);
    return { profile, chats };
  });
}

export async function getChats(
  userId: string,
  options: { offset?: number; limit?: number; query?: string },
): Promise<DialogPage> {
  return withAccount(userId, (session) => listDialogs(session, options));
}

export async function getChat(
  userId: string,
  peerId: PeerId,
  options: { before?: number; after?: number; limit?: number; markRead?: boolean },
): Promise<HistoryPage> {
  return withAccount(userId, (session) => getHistory(session, peerId, options));
}

/** The chat's peer when this user's account can reach it; a `not_found` error otherwise. */
export async function getChatPeer(userId: string, peerId: PeerId): Promise<DialogDto> {
  return withAccount(userId, (session) => getPeer(session, peerId));
}

export async function sendChatMessage(
  userId: string,
  peerId: PeerId,
  text: string,
  randomId: string,
  replyTo?: number,
): Promise<MessageDto> {
  return withAccount(userId, (session) => sendMessage(session, peerId, text, randomId, replyTo));
}

/** Streams a file from the request into Telegram and sends it to the chat (idempotent per randomId). */
export async function sendChatFile(userId: string, peerId: PeerId, file: FileToSend): Promise<MessageDto> {
  return withAccount(userId, (session) => sendFile(session, peerId, file));
}

export async function markChatRead(userId: string, peerId: PeerId, maxId: number): Promise<void> {
  return withAccount(userId, (session) => markRead(session, peerId, maxId));
}

export async function getContacts(userId: string, query?: string): Promise<ContactDto[]> {
  return withAccount(userId, async (session) => filterContacts(await loadContacts(session), query));
}

export async function getAvatarFor(userId: string, peerId: PeerId): Promise<Avatar | null> {
  return withAccount(userId, (session) => getAvatar(session, peerId));
}

export async function getSessions(userId: string): Promise<SessionDto[]> {
  return withAccount(userId, (session) => listSessions(session));
}

export async function terminateOtherSession(userId: string, hash: string): Promise<void> {
  return withAccount(userId, (session) => terminateSession(session, hash));
}

/** "Log out of Telegram": auth.logOut within a time limit, then the stored session is wiped. */
export async function logOut(userId: string): Promise<{ confirmed: boolean }> {
  const account = await findActiveAccount(userId);
  if (!account) throw new DashboardError("no_account", "No Telegram account is linked.");
  let confirmed = false;
  try {
    confirmed = await accountPool.use(account.id, (session) => logOutOfTelegram(session, LOGOUT_TIMEOUT_MS));
  } catch {
    // Could not even connect: the session is still wiped, and the page says Telegram did not confirm.
  }
  await wipeAccount(userId, account.id);
  return { confirmed };
}

/** "Unlink": forget the stored session without telling Telegram (it stays in Devices). */
export async function unlink(userId: string): Promise<void> {
  const accounts = await db.telegramAccount.findMany({ where: { userId }, select: { id: true } });
  for (const account of accounts) await wipeAccount(userId, account.id);
}

export async function getLinkedAccount(userId: string): Promise<LinkedAccountDto | null> {
  const row = await db.telegramAccount.findFirst({
    where: { userId },
    orderBy: [{ status: "asc" }, { linkedAt: "desc" }],
    select: {
      id: true,
      telegramUserId: true,
      firstName: true,
      lastName: true,
      username: true,
      phone: true,
      status: true,
      linkedAt: true,
      lastUsedAt: true,
      revokedAt: true,
    },
  });
  if (!row) return null;
  return {
    id: row.id,
    telegramUserId: row.telegramUserId,
    name: [row.firstName, row.lastName].filter(Boolean).join(" "),
    username: row.username,
    phone: row.phone,
    status: row.status === "active" ? "active" : row.status === UNREADABLE ? "unreadable" : "revoked",
    linkedAt: row.linkedAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

export async function getLoginAttempts(userId: string, take = 10): Promise<LoginAttemptDto[]> {
  const rows = await db.authAttempt.findMany({
    where: { userId },
    orderBy: { startedAt: "desc" },
    take,
    select: {
      id: true,
      method: true,
      status: true,
      errorCode: true,
      startedAt: true,
      finishedAt: true,
      accountLabel: true,
      telegramAccount: { select: { firstName: true, lastName: true, username: true, phone: true, status: true } },
    },
  });
  return rows.map(({ telegramAccount: account, accountLabel, ...row }) => ({
    ...row,
    label: account ? telegramAccountLabel(account) : accountLabel,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    account: account
      ? {
          name: [account.firstName, account.lastName].filter(Boolean).join(" "),
          username: account.username,
          active: account.status === "active",
        }
      : null,
  }));
}

/**
 * Subscribes to the account's live events. Holds the pooled client while subscribed, so
 * it stays connected (and receiving updates) as long as a page is open; the hold is on
 * the account's session, which survives a reconnect (its client is replaced under it).
 * `connection` is the link's state now, for the stream's first event.
 */
export async function subscribe(
  userId: string,
  listener: (event: LiveEvent) => void,
  onClose: () => void,
): Promise<{ unsubscribe: () => void; connection: "online" | "reconnecting" }> {
  const account = await findActiveAccount(userId);
  if (!account) throw await noActiveAccountError(userId);
  const { resource: session, release } = await accountPool.hold(account.id);
  session.events.on("live", listener);
  session.events.once("closed", onClose);
  return {
    connection: session.connectionState,
    unsubscribe: () => {
      session.events.off("live", listener);
      session.events.off("closed", onClose);
      release();
    },
  };
}

const PROBLEM_OF: Partial<Record<ErrorCode, TelegramProblem["code"]>> = {
  not_found: "not_found",
  telegram_not_linked: "no_account",
  telegram_revoked: "revoked",
  telegram_session_unreadable: "session_unreadable",
  flood_wait: "flood_wait",
  telegram_unavailable: "network",
  telegram_reconnecting: "reconnecting",
  telegram_error: "unknown",
};

/**
 * How a failure is shown to a person on a page; anything unrecognised is rethrown. Read
 * from the error's ErrorCode, the same one the API answers with.
 */
export function problemOf(error: unknown): TelegramProblem | null {
  if (!isCodedError(error)) return null;
  const code = PROBLEM_OF[error.errorCode];
  if (!code) return null;
  const seconds =
    code === "flood_wait" ? ((error.details as { seconds?: number | null } | undefined)?.seconds ?? null) : null;
  return { code, seconds };
}

export type Outcome<T> = { ok: true; data: T } | { ok: false; problem: TelegramProblem };

/** For pages: the data, or the problem to show in its place (unexpected errors still throw). */
export async function outcomeOf<T>(fn: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (error) {
    const problem = problemOf(error);
    if (!problem) throw error;
    return { ok: false, problem };
  }
}

export { findActiveAccount };
