import "server-only";

import { long } from "../gramjs/long";
import { Api } from "telegram";

import type { AccountSession } from "../runtime/session";
import { cachedDialog, dialogFor, resolveReachablePeer } from "./dialogs";
import type { DialogDto, HistoryPage, HistoryWindow, MessageDto, PeerId } from "../dto";
import { TelegramError } from "../errors";
import { peerIdOf, reshapeMessage, withReplySnippets } from "../gramjs/mappers";
import { HISTORY_PAGE_SIZE } from "../limits";
import type { CodedError } from "@/lib/http/coded-error";

/** A chat that does not exist and one that is not this account's are answered alike. */
export class PeerNotFoundError extends Error implements CodedError {
  readonly errorCode = "not_found" as const;
  readonly publicMessage = "This chat does not exist.";

  constructor() {
    super("This chat does not exist or is not yours.");
    this.name = "PeerNotFoundError";
  }
}

export async function requirePeer(session: AccountSession, peerId: PeerId): Promise<Api.TypeInputPeer> {
  const input = await resolveReachablePeer(session, peerId);
  if (!input) throw new PeerNotFoundError();
  return input;
}

/**
 * Who a chat is with, if this account can reach it; PeerNotFoundError otherwise. Usually
 * answered from the cached peers, so a page can settle ownership before a slow history
 * read (the history's own check then finds the peer cached).
 */
export async function getPeer(session: AccountSession, peerId: PeerId): Promise<DialogDto> {
  await requirePeer(session, peerId);
  const peer = dialogFor(session, peerId);
  if (!peer) throw new PeerNotFoundError();
  return { ...peer };
}

/**
 * One page of a chat's history, oldest first. Opening a chat is one messages.getHistory;
 * messages.readHistory follows only when the cached list says something is unread.
 * `after` pages forwards instead (the API's newer pages): the `limit` messages right after
 * that id, through a negative add_offset bounded by min_id.
 */
export async function getHistory(
  session: AccountSession,
  peerId: PeerId,
  {
    before,
    after,
    limit = HISTORY_PAGE_SIZE,
    markRead = false,
  }: { before?: number; after?: number; limit?: number; markRead?: boolean } = {},
): Promise<HistoryPage> {
  const input = await requirePeer(session, peerId);
  const forwards = after !== undefined && before === undefined;
  const result = await session.invoke(
    new Api.messages.GetHistory({
      peer: input,
      offsetId: forwards ? after + 1 : (before ?? 0),
      offsetDate: 0,
      addOffset: forwards ? -limit : 0,
      limit,
      maxId: 0,
      minId: forwards ? after : 0,
      hash: long(0),
    }),
  );
  if (result instanceof Api.messages.MessagesNotModified) {
    return { peer: dialogFor(session, peerId)!, messages: [], nextBefore: null };
  }
  const entities = session.rememberEntities(result.users, result.chats);
  const lookup = session.entityLookup(entities);
  rememberMediaMessages(session, peerId, result.messages);
  const readOutboxMaxId = await outboxReadUpTo(session, peerId, input);
  const messages = withReplySnippets(
    result.messages
      .map((message) => reshapeMessage(message, lookup, session.account.id))
      .filter((message): message is MessageDto => message !== null)
      .map((message) => (message.out && message.id <= readOutboxMaxId ? { ...message, read: true } : message))
      .sort((a, b) => a.id - b.id),
  );
  const oldest = messages[0];
  const nextBefore = result.messages.length < limit || !oldest ? null : oldest.id;
  const peer = dialogFor(session, peerId);
  if (!peer) throw new PeerNotFoundError();
  if (forwards) {
    const newest = messages.at(-1);
    return {
      peer: { ...peer },
      messages,
      nextBefore,
      nextAfter: result.messages.length < limit || !newest ? null : newest.id,
    };
  }
  if (markRead && before === undefined && !forwards) {
    const newest = messages.at(-1);
    const unread = cachedDialog(session, peerId)?.unreadCount;
    const alreadyRead = newest !== undefined && (session.readUpTo.get(peerId) ?? 0) >= newest.id;
    // Unknown (chat not in the cached list, not read here before) counts as unread:
    // better one request too many than a chat that stays bold.
    if (newest && !alreadyRead && (unread === undefined || unread > 0)) {
      await markReadUpTo(session, input, peerId, newest.id);
      peer.unreadCount = 0;
    }
  }
  return { peer: { ...peer }, messages, nextBefore };
}

/**
 * The history around one message (a search result): the message itself, up to half a
 * page newer and the rest older, in one messages.getHistory (offset_id = the message,
 * add_offset = -half). Nothing is marked read: the person is looking back, not at the end.
 */
export async function getHistoryAround(
  session: AccountSession,
  peerId: PeerId,
  aroundId: number,
  limit = HISTORY_PAGE_SIZE,
): Promise<HistoryWindow> {
  const input = await requirePeer(session, peerId);
  const half = Math.floor(limit / 2);
  const result = await session.invoke(
    new Api.messages.GetHistory({
      peer: input,
      offsetId: aroundId,
      offsetDate: 0,
      addOffset: -half,
      limit,
      maxId: 0,
      minId: 0,
      hash: long(0),
    }),
  );
  const peer = dialogFor(session, peerId);
  if (!peer) throw new PeerNotFoundError();
  if (result instanceof Api.messages.MessagesNotModified) {
    return { peer: { ...peer }, messages: [], nextBefore: null, nextAfter: null };
  }
  const lookup = session.entityLookup(session.rememberEntities(result.users, result.chats));
  rememberMediaMessages(session, peerId, result.messages);
  const readOutboxMaxId = await outboxReadUpTo(session, peerId, input);
  const messages = withReplySnippets(
    result.messages
      .map((message) => reshapeMessage(message, lookup))
      .filter((message): message is MessageDto => message !== null)
      .map((message) => (message.out && message.id <= readOutboxMaxId ? { ...message, read: true } : message))
      .sort((a, b) => a.id - b.id),
  );
  // A full share on a side means there may be more on that side.
  const newer = result.messages.filter((m) => m.id > aroundId).length;
  const older = result.messages.filter((m) => m.id < aroundId).length;
  return {
    peer: { ...peer },
    messages,
    nextBefore: older >= limit - half && messages[0] ? messages[0].id : null,
    nextAfter: newer >= half - 1 && messages.at(-1) ? messages.at(-1)!.id : null,
  };
}

/**
 * Telegram's read_outbox_max_id for the chat (✓✓ up to this id). messages.getHistory does
 * not carry it: the cached chat list does, and when the list is not loaded (a reload after
 * the server or Telegram restarted, a chat opened by its link) one messages.getPeerDialogs
 * asks for it, rather than showing read messages as unread.
 */
async function outboxReadUpTo(session: AccountSession, peerId: PeerId, input: Api.TypeInputPeer): Promise<number> {
  const cached = cachedDialog(session, peerId);
  if (cached?.readOutboxMaxId !== undefined) return cached.readOutboxMaxId;
  if (cached) return cached.lastMessage?.read ? cached.lastMessage.id : 0;
  if (peerId === session.selfPeerId) return Number.MAX_SAFE_INTEGER; // Saved Messages: nobody else reads
  const answer = await session.invoke(
    new Api.messages.GetPeerDialogs({ peers: [new Api.InputDialogPeer({ peer: input })] }),
  );
  const dialog = answer.dialogs.find((row): row is Api.Dialog => row instanceof Api.Dialog);
  return dialog?.readOutboxMaxId ?? 0;
}

async function markReadUpTo(
  session: AccountSession,
  input: Api.TypeInputPeer,
  peerId: PeerId,
  maxId: number,
): Promise<void> {
  if (input instanceof Api.InputPeerChannel) {
    await session.invoke(
      new Api.channels.ReadHistory({
        channel: new Api.InputChannel({ channelId: input.channelId, accessHash: input.accessHash }),
        maxId,
      }),
    );
  } else {
    await session.invoke(new Api.messages.ReadHistory({ peer: input, maxId }));
  }
  session.dialogs.applyRead(peerId, 0);
  session.readUpTo.set(peerId, Math.max(maxId, session.readUpTo.get(peerId) ?? 0));
  session.emit({ type: "read", peerId, unreadCount: 0, maxId });
}

export async function markRead(session: AccountSession, peerId: PeerId, maxId: number): Promise<void> {
  const input = await requirePeer(session, peerId);
  await markReadUpTo(session, input, peerId, maxId);
}

/**
 * Sends a text message. The browser chooses random_id and resends the same one on retry,
 * so Telegram can recognise the retry and never deliver the message twice.
 */
export async function sendMessage(
  session: AccountSession,
  peerId: PeerId,
  text: string,
  randomId: string,
  replyTo?: number,
): Promise<MessageDto> {
  const input = await requirePeer(session, peerId);
  const result = await session.invoke(
    new Api.messages.SendMessage({
      peer: input,
      message: text,
      randomId: long(randomId),
      noWebpage: true,
      replyTo: replyTo ? new Api.InputReplyToMessage({ replyToMsgId: replyTo }) : undefined,
    }),
  );
  const found = sentMessageOf(result, randomId, peerId, text, session);
  if (!found) throw new TelegramError("SEND_UNCONFIRMED");
  // updateShortSentMessage does not repeat the reply header the request carried.
  const sent = replyTo && !found.replyTo ? { ...found, replyTo: { id: replyTo, text: null, senderName: null } } : found;
  // A getDifference that ran meanwhile may have published it already.
  if (session.updateGate && !session.updateGate.claim(peerId, sent.id)) return sent;
  const dialog = session.dialogs.applyMessage(sent);
  session.emit({ type: "message", peerId, message: sent, dialog });
  return sent;
}

/** The message a send answered with, found by its random_id (also used for sendMedia). */
export function sentMessageOf(
  result: Api.TypeUpdates,
  randomId: string,
  peerId: PeerId,
  text: string,
  session: AccountSession,
): MessageDto | null {
  const self = session.peers.get(session.selfPeerId)?.entity;
  const base = {
    peerId,
    out: true,
    senderId: session.selfPeerId,
    senderName: self ? ("firstName" in self ? [self.firstName, self.lastName].filter(Boolean).join(" ") : null) : null,
    text,
    media: null,
    service: null,
    editDate: null,
    read: false,
  };
  if (result instanceof Api.UpdateShortSentMessage) {
    return { ...base, id: result.id, date: result.date };
  }
  if (result instanceof Api.Updates || result instanceof Api.UpdatesCombined) {
    const entities = session.rememberEntities(result.users, result.chats);
    const idUpdate = result.updates.find(
      (update): update is Api.UpdateMessageID =>
        update instanceof Api.UpdateMessageID && update.randomId?.toString() === randomId,
    );
    for (const update of result.updates) {
      if (
        (update instanceof Api.UpdateNewMessage || update instanceof Api.UpdateNewChannelMessage) &&
        (!idUpdate || update.message.id === idUpdate.id)
      ) {
        const message = reshapeMessage(update.message, session.entityLookup(entities), session.account.id);
        if (message) return { ...message, read: false };
      }
    }
    if (idUpdate) return { ...base, id: idUpdate.id, date: Math.floor(session.now() / 1000) };
  }
  return null;
}

/** The page's messages with files, so their bubbles' media requests need not fetch them again. */
function rememberMediaMessages(session: AccountSession, peerId: PeerId, messages: Api.TypeMessage[]): void {
  for (const message of messages) {
    if (message instanceof Api.Message && message.media && peerIdOf(message.peerId) === peerId) {
      session.mediaMessages.remember(peerId, message.id, message);
    }
  }
}
