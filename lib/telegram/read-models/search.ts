import "server-only";

import { long } from "../gramjs/long";
import { Api } from "telegram";

import type { AccountSession } from "../runtime/session";
import type { ChatSearchPage, DialogDto, GlobalSearchPage, MessageDto, PeerId } from "../dto";
import { peerIdOf, reshapeMessage, reshapePeer } from "../gramjs/mappers";
import { SEARCH_PAGE_SIZE } from "../limits";
import { dialogFor } from "./dialogs";
import { requirePeer } from "./history";

/**
 * One page of a search inside one chat: exactly one messages.search (the peer check is
 * answered from the cached peers once the chat is open). `signal` is the browser's: a
 * newer query aborts this one, and if it is still waiting for a token it never reaches
 * Telegram.
 */
export async function searchChat(
  session: AccountSession,
  peerId: PeerId,
  { q, offsetId = 0, limit = SEARCH_PAGE_SIZE }: { q: string; offsetId?: number; limit?: number },
  signal?: AbortSignal,
): Promise<ChatSearchPage> {
  const input = await requirePeer(session, peerId);
  const result = await session.invoke(
    new Api.messages.Search({
      peer: input,
      q,
      filter: new Api.InputMessagesFilterEmpty(),
      minDate: 0,
      maxDate: 0,
      offsetId,
      addOffset: 0,
      limit,
      maxId: 0,
      minId: 0,
      hash: long(0),
    }),
    undefined,
    signal,
  );
  if (result instanceof Api.messages.MessagesNotModified) return { messages: [], total: 0, nextOffsetId: null };
  const lookup = session.entityLookup(session.rememberEntities(result.users, result.chats));
  const messages = result.messages
    .map((message) => reshapeMessage(message, lookup))
    .filter((message): message is MessageDto => message !== null)
    .sort((a, b) => b.id - a.id);
  const total = result instanceof Api.messages.Messages ? messages.length : result.count;
  const last = messages.at(-1);
  const nextOffsetId = result.messages.length < limit || !last ? null : last.id;
  return { messages, total, nextOffsetId };
}

/** The global search cursor: Telegram's next_rate plus the last message's peer and id. */
export function encodeGlobalCursor(rate: number, peerId: PeerId, id: number): string {
  return `${rate}_${peerId}_${id}`;
}

export function decodeGlobalCursor(cursor: string): { rate: number; peerId: PeerId; id: number } | null {
  const m = /^(\d{1,10})_(-?\d{1,20})_(\d{1,10})$/.exec(cursor);
  if (!m) return null;
  return { rate: Number(m[1]), peerId: m[2]!, id: Number(m[3]) };
}

/**
 * One page of messages.searchGlobal, grouped by chat (a chat appears where its newest hit
 * on this page is). Every chat of a hit is one of the account's, so it may be opened.
 */
export async function searchAllChats(
  session: AccountSession,
  { q, cursor, limit = SEARCH_PAGE_SIZE }: { q: string; cursor?: string; limit?: number },
  signal?: AbortSignal,
): Promise<GlobalSearchPage> {
  const offset = cursor ? decodeGlobalCursor(cursor) : null;
  const offsetPeer = offset ? (session.peers.get(offset.peerId)?.input ?? null) : null;
  const result = await session.invoke(
    new Api.messages.SearchGlobal({
      q,
      filter: new Api.InputMessagesFilterEmpty(),
      minDate: 0,
      maxDate: 0,
      offsetRate: offset?.rate ?? 0,
      offsetPeer: offsetPeer ?? new Api.InputPeerEmpty(),
      offsetId: offset?.id ?? 0,
      limit,
    }),
    undefined,
    signal,
  );
  if (result instanceof Api.messages.MessagesNotModified) return { groups: [], total: 0, nextCursor: null };
  const hitPeers = new Set(
    result.messages.filter((m) => !(m instanceof Api.MessageEmpty) && m.peerId).map((m) => peerIdOf(m.peerId!)),
  );
  const entities = session.rememberEntities(result.users, result.chats, hitPeers);
  const lookup = session.entityLookup(entities);
  const groups = new Map<PeerId, { chat: DialogDto; messages: MessageDto[] }>();
  let last: MessageDto | null = null;
  for (const raw of result.messages) {
    const message = reshapeMessage(raw, lookup);
    if (!message) continue;
    last = message;
    let group = groups.get(message.peerId);
    if (!group) {
      const chat = chatOf(session, message.peerId, entities);
      if (!chat) continue;
      group = { chat, messages: [] };
      groups.set(message.peerId, group);
    }
    group.messages.push(message);
  }
  const nextRate = result instanceof Api.messages.MessagesSlice ? result.nextRate : undefined;
  const total = result instanceof Api.messages.Messages ? result.messages.length : result.count;
  return {
    groups: [...groups.values()],
    total,
    nextCursor: nextRate && last ? encodeGlobalCursor(nextRate, last.peerId, last.id) : null,
  };
}

function chatOf(session: AccountSession, peerId: PeerId, entities: ReadonlyMap<PeerId, unknown>): DialogDto | null {
  const known = dialogFor(session, peerId);
  if (known) return known;
  const entity = session.peers.get(peerId)?.entity ?? entities.get(peerId);
  if (!entity) return null;
  return {
    ...reshapePeer(entity as Parameters<typeof reshapePeer>[0]),
    pinned: false,
    muted: false,
    unreadCount: 0,
    lastMessage: null,
    date: 0,
  };
}
