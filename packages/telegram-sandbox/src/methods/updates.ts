import { Api } from "telegram";
import { rpcError } from "../rpc";
import type { Sandbox } from "../sandbox";
import { peerKey, type Msg, type PeerKey } from "../world";
import { apiMessage, apiPeer, collectEntities, now, resolveChannel } from "./common";

/** What one updates.getChannelDifference returns at most, and Telegram's default. */
const CHANNEL_DIFFERENCE_MAX = 1000;
const CHANNEL_DIFFERENCE_DEFAULT = 100;
/** Seconds a client should wait before asking again (Telegram's `timeout`). */
const CHANNEL_POLL_TIMEOUT = 30;

export function stateOf(s: Sandbox, userId: number): Api.updates.State {
  const box = s.world.box(userId);
  let unread = 0;
  for (const d of Object.values(box.dialogs)) unread += s.world.unreadCount(userId, d) > 0 ? 1 : 0;
  return new Api.updates.State({ pts: box.pts, qts: 0, date: now(), seq: 0, unreadCount: unread });
}

export function registerUpdates(s: Sandbox): void {
  s.register(Api.updates.GetState, (_req, ctx) => stateOf(s, s.requireUser(ctx)));

  s.register(Api.updates.GetDifference, (req, ctx) => {
    const me = s.requireUser(ctx);
    const box = s.world.box(me);
    if (req.pts >= box.pts) return new Api.updates.DifferenceEmpty({ date: now(), seq: 0 });
    const first = box.ptsLog[0];
    if (!first || req.pts < first.pts - 1) return new Api.updates.DifferenceTooLong({ pts: box.pts });
    const newMessages: Api.TypeMessage[] = [];
    const otherUpdates: Api.TypeUpdate[] = [];
    const peers = new Set<PeerKey>();
    const senders = new Set<number>();
    for (const e of box.ptsLog) {
      if (e.pts <= req.pts) continue;
      peers.add(e.peer);
      if (e.kind === "new") {
        const m = (box.history[e.peer] ?? []).find((x: Msg) => x.id === e.id);
        if (!m) continue;
        senders.add(m.fromId);
        newMessages.push(apiMessage(s, me, e.peer, m));
      } else if (e.kind === "readOutbox") {
        otherUpdates.push(
          new Api.UpdateReadHistoryOutbox({ peer: apiPeer(e.peer), maxId: e.id, pts: e.pts, ptsCount: 1 }),
        );
      } else {
        otherUpdates.push(
          new Api.UpdateReadHistoryInbox({
            peer: apiPeer(e.peer),
            maxId: e.id,
            stillUnreadCount: 0,
            pts: e.pts,
            ptsCount: 1,
          }),
        );
      }
    }
    const { users, chats } = collectEntities(s, me, peers, senders);
    return new Api.updates.Difference({
      newMessages,
      newEncryptedMessages: [],
      otherUpdates,
      chats,
      users,
      state: new Api.updates.State({ pts: box.pts, qts: 0, date: now(), seq: 0, unreadCount: 0 }),
    });
  });
  // A channel's pts counts its messages (the sandbox has no edits or deletions), so the
  // difference is every message with a larger pts, oldest first, `limit` at a time.
  s.register(Api.updates.GetChannelDifference, (req, ctx) => {
    const me = s.requireUser(ctx);
    const ch = resolveChannel(s, me, req.channel);
    if (req.pts <= 0) throw rpcError("PERSISTENT_TIMESTAMP_EMPTY");
    if (req.pts > ch.pts) throw rpcError("PERSISTENT_TIMESTAMP_INVALID");
    if (req.pts === ch.pts)
      return new Api.updates.ChannelDifferenceEmpty({ final: true, pts: ch.pts, timeout: CHANNEL_POLL_TIMEOUT });
    const limit = Math.max(1, Math.min(req.limit || CHANNEL_DIFFERENCE_DEFAULT, CHANNEL_DIFFERENCE_MAX));
    const newer = ch.history.filter((m) => m.pts > req.pts);
    const page = newer.slice(0, limit);
    const final = page.length === newer.length;
    const peer = peerKey.channel(ch.id);
    const { users, chats } = collectEntities(
      s,
      me,
      [peer],
      page.map((m) => m.fromId),
    );
    return new Api.updates.ChannelDifference({
      final,
      pts: final ? ch.pts : page[page.length - 1]!.pts,
      timeout: CHANNEL_POLL_TIMEOUT,
      newMessages: page.map((m) => apiMessage(s, me, peer, m)),
      otherUpdates: [],
      chats,
      users,
    });
  });
}
