import "server-only";

import { long } from "../gramjs/long";
import { Api } from "telegram";

import type { AccountSession } from "../runtime/session";
import type { MessageDto, PeerId } from "../dto";
import { isMuted, peerIdOf, reshapeMessage, reshapeStatus } from "../gramjs/mappers";
import { updateEntities } from "../gramjs/internals";
import { logger } from "@/lib/log";
import { UpdateGate, type AnyUpdate, type UpdateStateStore } from "../runtime/update-gate";

const log = logger.child({ module: "telegram.updates" });

/** Channels of `session.events` for edits and deletions, which only the webhook feed follows. */
export const EDITED = "edited";
export const DELETED = "deleted";
export interface DeletedMessages {
  peerId: PeerId | null;
  ids: number[];
}

/**
 * Feeds Telegram's pushed updates into the account's caches and its live-event stream
 * (app/api/telegram/events). The cached chat list is edited in place, so a new message
 * moves its chat up and counts as unread without costing a getDialogs.
 *
 * With a state store, updates pass through the account's UpdateGate first: applied in pts
 * order and once, gaps and restarts filled with getDifference, and what was applied
 * kept in the store (docs/decisions/update-gap-recovery.md). Recovered updates come out
 * of the gate into the same handleUpdate as live ones.
 */
export function attachUpdates(session: AccountSession, options: { stateStore?: UpdateStateStore } = {}): void {
  const gate = options.stateStore ? createGate(session, options.stateStore) : null;
  let first = true;
  // On every client the session gets: a reconnect replaces it, and the stream goes on.
  session.onEachClient((client) => {
    if (gate && !first) gate.reconnected();
    first = false;
    client.addEventHandler((update: unknown) => {
      if (gate && isTlUpdate(update)) {
        gate.live(update);
        return;
      }
      safeHandle(session, update);
    });
  });
  gate?.start();
}

function createGate(session: AccountSession, store: UpdateStateStore): UpdateGate {
  const gate = new UpdateGate({
    accountId: session.account.id,
    store,
    invoke: (request) => session.invoke(request),
    publish: (update) => safeHandle(session, update),
    remember: (users, chats, peers) => session.rememberEntities(users, chats, peers),
    inputChannel: (channelId) => {
      const input = session.peers.get(peerIdOf(new Api.PeerChannel({ channelId: long(channelId) })))?.input;
      return input instanceof Api.InputPeerChannel
        ? new Api.InputChannel({ channelId: input.channelId, accessHash: input.accessHash })
        : null;
    },
    resync: () => {
      session.dialogs.markStale();
      session.emit({ type: "resync" });
    },
  });
  session.attachUpdateGate(gate);
  return gate;
}

/** A TL update or short container (GramJS also dispatches its own connection-state objects). */
function isTlUpdate(update: unknown): update is AnyUpdate {
  return (
    typeof update === "object" && update !== null && typeof (update as { className?: unknown }).className === "string"
  );
}

function safeHandle(session: AccountSession, update: unknown): void {
  try {
    handleUpdate(session, update);
  } catch (error) {
    // An update we cannot read must not take the client's update loop down, and must
    // not vanish either: a stale chat list is only explained by this line.
    log.error(
      { accountId: session.account.id, updateType: updateTypeOf(update), err: error },
      "could not apply a live update",
    );
  }
}

/** GramJS's TL class name (`UpdateNewMessage`), or what else arrived. */
function updateTypeOf(update: unknown): string {
  const className = (update as { className?: unknown } | null)?.className;
  if (typeof className === "string") return className;
  return update === null ? "null" : typeof update === "object" ? (update.constructor?.name ?? "object") : typeof update;
}

function handleUpdate(session: AccountSession, update: unknown): void {
  if (update instanceof Api.UpdateNewMessage || update instanceof Api.UpdateNewChannelMessage) {
    const entities = updateEntities(update);
    if (entities?.size) {
      session.rememberEntities(
        [...entities.values()].filter((e): e is Api.User => e instanceof Api.User),
        [...entities.values()].filter((e): e is Api.Chat | Api.Channel => !(e instanceof Api.User)),
        update.message.peerId ? new Set([peerIdOf(update.message.peerId)]) : undefined,
      );
    }
    publishMessage(session, update.message);
    return;
  }
  if (update instanceof Api.UpdateShortMessage) {
    const peer = new Api.PeerUser({ userId: update.userId });
    publishMessage(
      session,
      new Api.Message({
        id: update.id,
        peerId: peer,
        fromId: update.out ? new Api.PeerUser({ userId: long(session.selfPeerId) }) : peer,
        out: update.out,
        message: update.message,
        date: update.date,
        entities: update.entities,
      }),
    );
    return;
  }
  if (update instanceof Api.UpdateShortChatMessage) {
    publishMessage(
      session,
      new Api.Message({
        id: update.id,
        peerId: new Api.PeerChat({ chatId: update.chatId }),
        fromId: new Api.PeerUser({ userId: update.fromId }),
        out: update.out,
        message: update.message,
        date: update.date,
        entities: update.entities,
      }),
    );
    return;
  }
  if (update instanceof Api.UpdateEditMessage || update instanceof Api.UpdateEditChannelMessage) {
    const entities = updateEntities(update);
    if (entities?.size) {
      session.rememberEntities(
        [...entities.values()].filter((e): e is Api.User => e instanceof Api.User),
        [...entities.values()].filter((e): e is Api.Chat | Api.Channel => !(e instanceof Api.User)),
      );
    }
    const message = reshapeMessage(update.message, session.entityLookup(), session.account.id);
    if (message) publishEdit(session, message);
    return;
  }
  if (update instanceof Api.UpdateDeleteMessages) {
    // Telegram does not say which chat (private chats and basic groups share one id space).
    publishDelete(session, null, update.messages);
    return;
  }
  if (update instanceof Api.UpdateDeleteChannelMessages) {
    publishDelete(session, peerIdOf(new Api.PeerChannel({ channelId: update.channelId })), update.messages);
    return;
  }
  if (update instanceof Api.UpdateUserStatus) {
    // Presence arrives pushed; the header and list follow it without a getUsers.
    const peerId = peerIdOf(new Api.PeerUser({ userId: update.userId }));
    const status = reshapeStatus(update.status);
    session.dialogs.applyStatus(peerId, status);
    session.emit({ type: "status", peerId, status });
    return;
  }
  if (update instanceof Api.UpdateReadHistoryInbox) {
    publishRead(session, peerIdOf(update.peer), update.stillUnreadCount, update.maxId);
    return;
  }
  if (update instanceof Api.UpdateReadChannelInbox) {
    publishRead(
      session,
      peerIdOf(new Api.PeerChannel({ channelId: update.channelId })),
      update.stillUnreadCount,
      update.maxId,
    );
    return;
  }
  if (update instanceof Api.UpdateReadHistoryOutbox) {
    const peerId = peerIdOf(update.peer);
    session.dialogs.applyOutboxRead(peerId, update.maxId);
    session.emit({ type: "outboxRead", peerId, maxId: update.maxId });
    return;
  }
  if (update instanceof Api.UpdateReadChannelOutbox) {
    const peerId = peerIdOf(new Api.PeerChannel({ channelId: update.channelId }));
    session.dialogs.applyOutboxRead(peerId, update.maxId);
    session.emit({ type: "outboxRead", peerId, maxId: update.maxId });
    return;
  }
  if (update instanceof Api.UpdateNotifySettings && update.peer instanceof Api.NotifyPeer) {
    // Muted (or unmuted) on another device: the list's bell and who notifies follow at once.
    const muted = isMuted(update.notifySettings, Math.floor(Date.now() / 1000));
    if (!session.dialogs.applyMuted(peerIdOf(update.peer.peer), muted)) session.dialogs.markStale();
    session.emit({ type: "dialogs" });
  }
}

function publishMessage(session: AccountSession, raw: Api.TypeMessage): void {
  const message = reshapeMessage(raw, session.entityLookup(), session.account.id);
  if (!message) return;
  // A message from someone new (not yet a known dialog) makes them reachable: it is now
  // one of this account's chats.
  const known = session.peers.get(message.peerId);
  if (known && !known.reachable) session.peers.set(message.peerId, { ...known, reachable: true });
  const dialog = session.dialogs.applyMessage(message);
  session.emit({ type: "message", peerId: message.peerId, message, dialog });
  if (!dialog) session.emit({ type: "dialogs" });
}

/** An edit, by either side: the open chat, the list's preview and the webhooks hear of it. */
export function publishEdit(session: AccountSession, message: MessageDto): void {
  session.mediaMessages.forget(message.peerId, [message.id]);
  const dialog = session.dialogs.applyEdit(message);
  session.emit({ type: "edited", peerId: message.peerId, message, dialog });
  session.events.emit(EDITED, message);
}

/** A deletion, by either side; a deleted last message makes the list be read again. */
export function publishDelete(session: AccountSession, peerId: PeerId | null, ids: number[]): void {
  if (ids.length === 0) return;
  session.mediaMessages.forget(peerId, ids);
  const staleList = session.dialogs.applyDelete(peerId, ids);
  session.emit({ type: "deleted", peerId, ids });
  if (staleList) session.emit({ type: "dialogs" });
  session.events.emit(DELETED, { peerId, ids } satisfies DeletedMessages);
}

function publishRead(session: AccountSession, peerId: PeerId, unreadCount: number, maxId: number): void {
  session.dialogs.applyRead(peerId, unreadCount);
  session.emit({ type: "read", peerId, unreadCount, maxId });
}
