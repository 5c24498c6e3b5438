import { Api } from "telegram";
import type { Sandbox } from "../sandbox";
import type { Msg, PeerKey } from "../world";
import { apiMessage, apiPeer, collectEntities, now } from "./common";

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
      } else {
        otherUpdates.push(new Api.UpdateReadHistoryInbox({ peer: apiPeer(e.peer), maxId: e.id, stillUnreadCount: 0, pts: e.pts, ptsCount: 1 }));
      }
    }
    const { users, chats } = collectEntities(s, me, peers, senders);
    return new Api.updates.Difference({
      newMessages, newEncryptedMessages: [], otherUpdates, chats, users,
      state: new Api.updates.State({ pts: box.pts, qts: 0, date: now(), seq: 0, unreadCount: 0 }),
    });
  });
}
