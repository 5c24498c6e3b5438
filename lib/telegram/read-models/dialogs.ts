import "server-only";

import { long } from "../gramjs/long";
import { Api } from "telegram";

import type { DialogOffset, DialogPageData, DialogsCache } from "../runtime/caches";
import type { AccountSession } from "../runtime/session";
import type { DialogDto, DialogPage, PeerId } from "../dto";
import { CHAT_PAGE_SIZE, DIALOG_PAGE_SIZE, MAX_DIALOGS } from "../limits";
import { messageIndexOf, peerIdOf, reshapeDialog, reshapePeer } from "../gramjs/mappers";

async function fetchPage(session: AccountSession, offset: DialogOffset): Promise<DialogPageData> {
  const offsetPeer = offset
    ? (session.peers.get(offset.peerId)?.input ?? new Api.InputPeerEmpty())
    : new Api.InputPeerEmpty();
  const result = await session.invoke(
    new Api.messages.GetDialogs({
      offsetDate: offset?.date ?? 0,
      offsetId: offset?.id ?? 0,
      offsetPeer,
      limit: DIALOG_PAGE_SIZE,
      hash: long(0),
    }),
  );
  if (result instanceof Api.messages.DialogsNotModified) {
    return { items: [], pinOrder: new Map(), next: null, total: result.count };
  }
  const rows = result.dialogs.filter((dialog): dialog is Api.Dialog => dialog instanceof Api.Dialog);
  const reachable = new Set(rows.map((dialog) => peerIdOf(dialog.peer)));
  const entities = session.rememberEntities(result.users, result.chats, reachable);
  // Where each channel stands, for channels the update gate has no position in yet.
  for (const row of rows)
    if (row.peer instanceof Api.PeerChannel && row.pts)
      session.updateGate?.seedChannel(row.peer.channelId.toString(), row.pts);
  const messages = messageIndexOf(result.messages);
  const nowSeconds = Math.floor(session.now() / 1000);
  const items: DialogDto[] = [];
  const pinOrder = new Map<PeerId, number>();
  for (const row of rows) {
    const dialog = reshapeDialog(row, session.entityLookup(entities), messages, nowSeconds);
    if (!dialog) continue;
    if (dialog.pinned) pinOrder.set(dialog.peerId, pinOrder.size);
    items.push(dialog);
  }
  const last = rows.at(-1);
  const lastTop = last ? messages.get(`${peerIdOf(last.peer)}:${last.topMessage}`) : undefined;
  const complete = result instanceof Api.messages.Dialogs || rows.length < DIALOG_PAGE_SIZE;
  return {
    items,
    pinOrder,
    next:
      complete || !last
        ? null
        : {
            date: lastTop && !(lastTop instanceof Api.MessageEmpty) ? lastTop.date : 0,
            id: last.topMessage,
            peerId: peerIdOf(last.peer),
          },
    total: result instanceof Api.messages.DialogsSlice ? result.count : items.length,
  };
}

/** Makes sure the dialog cache is fresh and holds at least `count` dialogs (or all). */
async function ensureDialogs(session: AccountSession, count: number): Promise<DialogsCache> {
  const wanted = Math.min(count, MAX_DIALOGS);
  const cache = session.dialogs;
  while (!cache.holds(wanted)) {
    await cache.serialised(async () => {
      if (cache.holds(wanted)) return;
      if (!cache.fresh()) cache.replace(await fetchPage(session, null));
      else cache.append(await fetchPage(session, cache.next));
    });
  }
  return cache;
}

/**
 * A page of the chat list. `offset` counts the dialogs the browser already has; live
 * updates reorder the list meanwhile, so the browser de-duplicates by peer id.
 */
export async function listDialogs(
  session: AccountSession,
  { offset = 0, limit = CHAT_PAGE_SIZE, query }: { offset?: number; limit?: number; query?: string },
): Promise<DialogPage> {
  const needle = query?.trim().toLocaleLowerCase();
  if (needle) {
    const cache = await ensureDialogs(session, MAX_DIALOGS);
    const matches = cache
      .ordered()
      .filter(
        (dialog) =>
          dialog.title.toLocaleLowerCase().includes(needle) ||
          (dialog.username?.toLocaleLowerCase().includes(needle.replace(/^@/, "")) ?? false),
      );
    return {
      dialogs: matches.slice(offset, offset + limit),
      nextCursor: offset + limit < matches.length ? String(offset + limit) : null,
      total: matches.length,
    };
  }
  const cache = await ensureDialogs(session, offset + limit);
  const all = cache.ordered();
  const end = offset + limit;
  const more = end < all.length || cache.next !== null;
  return { dialogs: all.slice(offset, end), nextCursor: more ? String(end) : null, total: cache.total };
}

/** A copy of the cached dialog for a peer, if the list has been loaded. */
export function cachedDialog(session: AccountSession, peerId: PeerId): DialogDto | null {
  return session.dialogs.find(peerId);
}

/**
 * Ownership check for every chat read and write: the peer must be one of this account's
 * dialogs or contacts. Known peers answer from memory; an unknown id loads the rest of the
 * chat list and the contacts once before it is refused.
 */
export async function resolveReachablePeer(session: AccountSession, peerId: PeerId): Promise<Api.TypeInputPeer | null> {
  const known = session.peers.get(peerId);
  if (known?.reachable) return known.input;
  if (peerId === session.selfPeerId) return new Api.InputPeerSelf();
  // Contacts first: one request (cached 30 s) settles most direct links to a person,
  // where the whole chat list may take one request per 100 chats.
  if (!peerId.startsWith("-")) {
    const { loadContacts } = await import("./contacts");
    await loadContacts(session);
    const afterContacts = session.peers.get(peerId);
    if (afterContacts?.reachable) return afterContacts.input;
  }
  await ensureDialogs(session, MAX_DIALOGS);
  const afterDialogs = session.peers.get(peerId);
  return afterDialogs?.reachable ? afterDialogs.input : null;
}

/** Dialog identity for a reachable peer that has no row in the cached list (a contact). */
export function dialogFor(session: AccountSession, peerId: PeerId): DialogDto | null {
  const cached = cachedDialog(session, peerId);
  if (cached) return cached;
  const known = session.peers.get(peerId);
  if (!known) return null;
  return { ...reshapePeer(known.entity), pinned: false, muted: false, unreadCount: 0, lastMessage: null, date: 0 };
}
