import "server-only";

import type {
  BucketStateDto,
  ChatSearchPage,
  DialogDto,
  GlobalSearchPage,
  HistoryPage,
  HistoryWindow,
  PeerId,
} from "./dto";
import { findByPhone, findByUsername } from "./read-models/find-people";
import { getHistory, getHistoryAround } from "./read-models/history";
import { searchAllChats, searchChat } from "./read-models/search";
import { accountPool, findActiveAccount, withAccount } from "./runtime/lifecycle";
import { idleBucketStates } from "./runtime/rate-buckets";

// Search, "around a message" history and New message, keyed by the signed-in site user
// like the rest of the dashboard (see dashboard.ts).

export async function searchInChat(
  userId: string,
  peerId: PeerId,
  options: { q: string; offsetId?: number },
  signal?: AbortSignal,
): Promise<ChatSearchPage> {
  return withAccount(userId, (session) => searchChat(session, peerId, options, signal));
}

export async function searchEverywhere(
  userId: string,
  options: { q: string; cursor?: string },
  signal?: AbortSignal,
): Promise<GlobalSearchPage> {
  return withAccount(userId, (session) => searchAllChats(session, options, signal));
}

/** The history around one message; `after` pages newer from there (with `nextAfter`). */
export async function getChatAround(userId: string, peerId: PeerId, aroundId: number): Promise<HistoryWindow> {
  return withAccount(userId, (session) => getHistoryAround(session, peerId, aroundId));
}

export async function getChatAfter(userId: string, peerId: PeerId, afterId: number): Promise<HistoryPage> {
  return withAccount(userId, (session) => getHistory(session, peerId, { after: afterId }));
}

export async function findPerson(
  userId: string,
  query: { username: string } | { phone: string; keepContact: boolean },
): Promise<DialogDto> {
  return withAccount(userId, (session) =>
    "username" in query
      ? findByUsername(session, query.username)
      : findByPhone(session, query.phone, { keepContact: query.keepContact }),
  );
}

/**
 * The account's rate buckets for the settings page. Never connects: an account that is
 * not in the pool has spent nothing, so its buckets are full.
 */
export async function getRateBuckets(userId: string): Promise<{ connected: boolean; buckets: BucketStateDto[] }> {
  const account = await findActiveAccount(userId);
  const session = account ? accountPool.peek(account.id) : null;
  return session
    ? { connected: true, buckets: session.buckets.snapshot() }
    : { connected: false, buckets: idleBucketStates() };
}
