import { Api } from "telegram";
import { rpcError } from "../rpc";
import type { Sandbox } from "../sandbox";
import { toBI } from "../tl";
import { peerKey, type Box, type ChannelEvent, type Msg, type PeerKey, type PtsEvent } from "../world";
import { apiDialog, apiMessage, apiPeer, collectEntities, now, resolveChannel } from "./common";

/** What one updates.getChannelDifference returns at most, and Telegram's default. */
const CHANNEL_DIFFERENCE_MAX = 1000;
const CHANNEL_DIFFERENCE_DEFAULT = 100;
/** Seconds a client should wait before asking again (Telegram's `timeout`). */
const CHANNEL_POLL_TIMEOUT = 30;
/** Posts a channelDifferenceTooLong carries: the newest ones, as Telegram sends the latest. */
const CHANNEL_TOO_LONG_MESSAGES = 100;

/**
 * Limits of the difference methods. Telegram does not publish its own; these are of the
 * same order, and tests shrink them to reach the slice and too-long paths cheaply.
 */
export interface DifferenceLimits {
  /** pts events per updates.getDifference answer; more pending → differenceSlice */
  slice: number;
  /** a channel more than this many pts behind → channelDifferenceTooLong */
  channelTooLong: number;
}

export const DEFAULT_DIFFERENCE_LIMITS: DifferenceLimits = { slice: 100, channelTooLong: 5000 };

export function stateOf(s: Sandbox, userId: number): Api.updates.State {
  const box = s.world.box(userId);
  return stateAt(s, userId, box.pts);
}

function stateAt(s: Sandbox, userId: number, pts: number, date = now()): Api.updates.State {
  const box = s.world.box(userId);
  let unread = 0;
  for (const d of Object.values(box.dialogs)) unread += s.world.unreadCount(userId, d) > 0 ? 1 : 0;
  // The sandbox has no secret chats (qts) and sends no seq-numbered updates (seq stays 0).
  return new Api.updates.State({ pts, qts: 0, date, seq: 0, unreadCount: unread });
}

/** The update a logged pts event stands for, as the live push carried it. */
function eventUpdate(s: Sandbox, me: number, box: Box, e: PtsEvent): Api.TypeUpdate | Api.TypeMessage | undefined {
  if (e.kind === "new") {
    const m = (box.history[e.peer] ?? []).find((x: Msg) => x.id === e.id);
    return m ? apiMessage(s, me, e.peer, m) : undefined;
  }
  if (e.kind === "edit") {
    // The message as it is now; one deleted since has nothing left to show.
    const m = (box.history[e.peer] ?? []).find((x: Msg) => x.id === e.id);
    return m
      ? new Api.UpdateEditMessage({ message: apiMessage(s, me, e.peer, m), pts: e.pts, ptsCount: 1 })
      : undefined;
  }
  if (e.kind === "delete") return new Api.UpdateDeleteMessages({ messages: e.ids ?? [e.id], pts: e.pts, ptsCount: 1 });
  if (e.kind === "readOutbox")
    return new Api.UpdateReadHistoryOutbox({ peer: apiPeer(e.peer), maxId: e.id, pts: e.pts, ptsCount: 1 });
  return new Api.UpdateReadHistoryInbox({
    peer: apiPeer(e.peer),
    maxId: e.id,
    stillUnreadCount: 0,
    pts: e.pts,
    ptsCount: 1,
  });
}

/**
 * Channels of the user with posts since `date`: Telegram's getDifference names them with
 * updateChannelTooLong (their posts are fetched with getChannelDifference).
 */
function channelsTouchedSince(s: Sandbox, me: number, date: number): Api.UpdateChannelTooLong[] {
  const out: Api.UpdateChannelTooLong[] = [];
  for (const ch of s.world.data.channels) {
    if (!ch.members.includes(me)) continue;
    const last = ch.history[ch.history.length - 1];
    const lastEvent = ch.events?.at(-1);
    if ((last && last.date >= date) || (lastEvent && lastEvent.date >= date))
      out.push(new Api.UpdateChannelTooLong({ channelId: toBI(ch.id), pts: ch.pts }));
  }
  return out;
}

export function registerUpdates(s: Sandbox): void {
  s.register(Api.updates.GetState, (_req, ctx) => stateOf(s, s.requireUser(ctx)));

  s.register(Api.updates.GetDifference, (req, ctx) => {
    const me = s.requireUser(ctx);
    const box = s.world.box(me);
    const channelUpdates = channelsTouchedSince(s, me, req.date);
    if (req.pts >= box.pts && channelUpdates.length === 0)
      return new Api.updates.DifferenceEmpty({ date: now(), seq: 0 });
    const first = box.ptsLog[0];
    const pending = box.pts - req.pts;
    // Older than the kept history, or more than the client wants to receive: it refetches.
    if (
      (pending > 0 && (!first || req.pts < first.pts - 1)) ||
      (req.ptsTotalLimit !== undefined && req.ptsTotalLimit > 0 && pending > req.ptsTotalLimit)
    )
      return new Api.updates.DifferenceTooLong({ pts: box.pts });
    const events = box.ptsLog.filter((e) => e.pts > req.pts);
    const page = events.slice(0, s.differenceLimits.slice);
    const sliced = page.length < events.length;
    const newMessages: Api.TypeMessage[] = [];
    const otherUpdates: Api.TypeUpdate[] = [];
    const peers = new Set<PeerKey>();
    const senders = new Set<number>();
    for (const e of page) {
      peers.add(e.peer);
      const u = eventUpdate(s, me, box, e);
      if (!u) continue;
      if (u instanceof Api.Message || u instanceof Api.MessageService) {
        if (u.fromId instanceof Api.PeerUser) senders.add(Number(u.fromId.userId));
        newMessages.push(u);
      } else otherUpdates.push(u as Api.TypeUpdate);
    }
    // Channel hints ride on the last page, once the user's own box is caught up.
    if (!sliced) {
      otherUpdates.push(...channelUpdates);
      for (const c of channelUpdates) peers.add(peerKey.channel(Number(c.channelId)));
    }
    const { users, chats } = collectEntities(s, me, peers, senders);
    if (sliced) {
      return new Api.updates.DifferenceSlice({
        newMessages,
        newEncryptedMessages: [],
        otherUpdates,
        chats,
        users,
        // The request's date stays until the last page: channels with posts since then
        // are named there, and a later date would hide them.
        intermediateState: stateAt(s, me, page[page.length - 1]!.pts, req.date),
      });
    }
    return new Api.updates.Difference({
      newMessages,
      newEncryptedMessages: [],
      otherUpdates,
      chats,
      users,
      state: stateOf(s, me),
    });
  });

  // A channel's pts counts its posts, edits and deletions: the difference is every one with
  // a larger pts, oldest first, `limit` at a time (posts as new messages, the rest as
  // updateEditChannelMessage / updateDeleteChannelMessages).
  s.register(Api.updates.GetChannelDifference, (req, ctx) => {
    const me = s.requireUser(ctx);
    const ch = resolveChannel(s, me, req.channel);
    if (req.pts <= 0) throw rpcError("PERSISTENT_TIMESTAMP_EMPTY");
    if (req.pts > ch.pts) throw rpcError("PERSISTENT_TIMESTAMP_INVALID");
    if (req.pts === ch.pts)
      return new Api.updates.ChannelDifferenceEmpty({ final: true, pts: ch.pts, timeout: CHANNEL_POLL_TIMEOUT });
    const peer = peerKey.channel(ch.id);
    if (ch.pts - req.pts > s.differenceLimits.channelTooLong) {
      // Too far behind: the dialog as it is now and the latest posts; the client drops
      // what it had and starts again from the dialog's pts.
      const latest = ch.history.slice(-CHANNEL_TOO_LONG_MESSAGES).reverse(); // newest first, as history
      const box = s.world.box(me);
      const d = box.dialogs[peer] ?? {
        peer,
        topMessage: ch.nextId - 1,
        readInboxMaxId: 0,
        readOutboxMaxId: 0,
        pinned: 0,
      };
      const { users, chats } = collectEntities(
        s,
        me,
        [peer],
        latest.map((m) => m.fromId),
      );
      return new Api.updates.ChannelDifferenceTooLong({
        final: true,
        timeout: CHANNEL_POLL_TIMEOUT,
        dialog: apiDialog(s, me, d),
        messages: latest.map((m) => apiMessage(s, me, peer, m)),
        chats,
        users,
      });
    }
    const limit = Math.max(1, Math.min(req.limit || CHANNEL_DIFFERENCE_DEFAULT, CHANNEL_DIFFERENCE_MAX));
    type Item = { pts: number; m?: Msg; e?: ChannelEvent };
    const newer: Item[] = [
      ...ch.history.filter((m) => m.pts > req.pts).map((m) => ({ pts: m.pts, m })),
      ...(ch.events ?? []).filter((e) => e.pts > req.pts).map((e) => ({ pts: e.pts, e })),
    ].sort((a, b) => a.pts - b.pts);
    const page = newer.slice(0, limit);
    const final = page.length === newer.length;
    const posts = page.flatMap((i) => (i.m ? [i.m] : []));
    const otherUpdates: Api.TypeUpdate[] = [];
    for (const { e } of page) {
      if (!e) continue;
      if (e.kind === "delete") {
        otherUpdates.push(
          new Api.UpdateDeleteChannelMessages({ channelId: toBI(ch.id), messages: e.ids, pts: e.pts, ptsCount: 1 }),
        );
        continue;
      }
      const m = ch.history.find((x) => x.id === e.ids[0]);
      if (m)
        otherUpdates.push(
          new Api.UpdateEditChannelMessage({ message: apiMessage(s, me, peer, m), pts: e.pts, ptsCount: 1 }),
        );
    }
    const { users, chats } = collectEntities(
      s,
      me,
      [peer],
      posts.map((m) => m.fromId),
    );
    return new Api.updates.ChannelDifference({
      final,
      pts: final ? ch.pts : page[page.length - 1]!.pts,
      timeout: CHANNEL_POLL_TIMEOUT,
      newMessages: posts.map((m) => apiMessage(s, me, peer, m)),
      otherUpdates,
      chats,
      users,
    });
  });
}
