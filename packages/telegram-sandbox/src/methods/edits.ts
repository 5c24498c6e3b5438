// Changing messages after they were sent: messages.editMessage, messages.deleteMessages,
// channels.deleteMessages and messages.forwardMessages. Every change takes a pts in each box
// (or the channel) it touches and is pushed live, so getDifference can replay it.
import { Api } from "telegram";
import { rpcError } from "../rpc";
import type { AuthState, CallContext, Sandbox } from "../sandbox";
import { fromBI, toBI } from "../tl";
import { parsePeerKey, type Channel, type Msg, type PeerKey, type StoredEntity } from "../world";
import { apiMessage, collectEntities, now, resolveChannel, resolveInputPeer, storedEntity } from "./common";
import { findMsg } from "./history";
import { sendMessage } from "./messages";

/** Telegram lets people edit their messages for 48 hours (Saved Messages: always). */
export const EDIT_TIME_LIMIT_SECONDS = 48 * 3600;
/** Forwarding many at once is refused above this, as Telegram does. */
const MAX_FORWARD = 100;

/** Who may delete a channel message for everyone: the creator, or (supergroups) its author. */
function mayDeleteInChannel(ch: Channel, me: number, m: Msg): boolean {
  return ch.creatorId === me || (!ch.broadcast && m.fromId === me);
}

/**
 * messages.editMessage for a message of `peer` as seen by `me`; the checks run in
 * Telegram's order (exists, is yours, in time, changed). Pushes the edit to every copy's
 * owner (the caller's own session excepted) and returns the caller's updates.
 */
export function editMessage(
  s: Sandbox,
  me: number,
  peer: PeerKey,
  id: number,
  text: string | undefined,
  entities: StoredEntity[] | undefined,
  except?: AuthState,
): Api.Updates {
  const p = parsePeerKey(peer);
  const ch = p.type === "channel" ? s.world.channel(p.id)! : undefined;
  const m = findMsg(ch ? ch.history : (s.world.box(me).history[peer] ?? []), id);
  if (!m || m.service) throw rpcError("MESSAGE_ID_INVALID");
  const mine = ch ? (ch.broadcast ? ch.creatorId === me : m.fromId === me) : m.out;
  if (!mine) throw rpcError("MESSAGE_AUTHOR_REQUIRED");
  const date = now();
  const savedMessages = p.type === "user" && p.id === me;
  if (!savedMessages && date - m.date > EDIT_TIME_LIMIT_SECONDS) throw rpcError("MESSAGE_EDIT_TIME_EXPIRED");
  const next = text ?? m.text;
  if (!m.media && !next.trim()) throw rpcError("MESSAGE_EMPTY");
  if (next.length > (m.media ? 1024 : 4096)) throw rpcError(m.media ? "MEDIA_CAPTION_TOO_LONG" : "MESSAGE_TOO_LONG");
  const nextEntities = entities ?? (text === undefined ? m.entities : undefined);
  if (next === m.text && JSON.stringify(nextEntities ?? []) === JSON.stringify(m.entities ?? []))
    throw rpcError("MESSAGE_NOT_MODIFIED");

  if (ch) {
    const pts = s.world.editInChannel(ch, m, next, nextEntities, date);
    for (const member of ch.members) {
      const { users, chats } = collectEntities(s, member, [peer], [m.fromId]);
      const u = new Api.UpdateEditChannelMessage({ message: apiMessage(s, member, peer, m), pts, ptsCount: 1 });
      s.pushToUser(member, new Api.Updates({ updates: [u], users, chats, date, seq: 0 }), except);
    }
    const { users, chats } = collectEntities(s, me, [peer], [m.fromId]);
    return new Api.Updates({
      updates: [new Api.UpdateEditChannelMessage({ message: apiMessage(s, me, peer, m), pts, ptsCount: 1 })],
      users,
      chats,
      date,
      seq: 0,
    });
  }
  let own: Api.UpdateEditMessage | undefined;
  for (const copy of s.world.copiesOf(me, peer, m)) {
    const pts = s.world.editInBox(copy.userId, copy.peer, copy.msg, next, nextEntities, date);
    const u = new Api.UpdateEditMessage({ message: apiMessage(s, copy.userId, copy.peer, copy.msg), pts, ptsCount: 1 });
    if (copy.userId === me) own = u;
    const { users, chats } = collectEntities(s, copy.userId, [copy.peer], [m.fromId]);
    s.pushToUser(copy.userId, new Api.Updates({ updates: [u], users, chats, date, seq: 0 }), except);
  }
  const { users, chats } = collectEntities(s, me, [peer], [m.fromId]);
  return new Api.Updates({ updates: [own!], users, chats, date, seq: 0 });
}

/**
 * messages.deleteMessages: ids of `me`'s box (private chats and basic groups). Without
 * `revoke` only `me` loses them. With it, a private chat loses them on both sides (any
 * message, as Telegram allows since 2019); a group on every member's side, for one's own
 * messages or the creator's deletions (anyone else's is MESSAGE_DELETE_FORBIDDEN).
 * Unknown ids are ignored, so a repeat changes nothing and answers pts_count 0.
 */
export function deleteMessages(
  s: Sandbox,
  me: number,
  ids: number[],
  revoke: boolean,
  except?: AuthState,
): Api.messages.AffectedMessages {
  const box = s.world.box(me);
  const others = new Map<number, number[]>();
  if (revoke) {
    for (const [peer, h] of Object.entries(box.history) as Array<[PeerKey, Msg[]]>) {
      const p = parsePeerKey(peer);
      for (const id of ids) {
        const m = findMsg(h, id);
        if (!m) continue;
        if (p.type === "chat" && !m.out && s.world.chat(p.id)?.creatorId !== me)
          throw rpcError("MESSAGE_DELETE_FORBIDDEN");
        for (const copy of s.world.copiesOf(me, peer, m).slice(1)) {
          const list = others.get(copy.userId) ?? [];
          list.push(copy.msg.id);
          others.set(copy.userId, list);
        }
      }
    }
  }
  const date = now();
  const push = (userId: number, r: { pts: number; ids: number[] }, skip?: AuthState) =>
    s.pushToUser(
      userId,
      new Api.UpdateShort({
        update: new Api.UpdateDeleteMessages({ messages: r.ids, pts: r.pts, ptsCount: 1 }),
        date,
      }),
      skip,
    );
  const mine = s.world.deleteFromBox(me, ids);
  if (mine) push(me, mine, except);
  for (const [userId, theirs] of others) {
    const r = s.world.deleteFromBox(userId, theirs);
    if (r) push(userId, r);
  }
  return new Api.messages.AffectedMessages({ pts: mine?.pts ?? box.pts, ptsCount: mine ? 1 : 0 });
}

/** channels.deleteMessages: for everyone, always; one channel pts for the lot. */
export function deleteChannelMessages(
  s: Sandbox,
  me: number,
  ch: Channel,
  ids: number[],
  except?: AuthState,
): Api.messages.AffectedMessages {
  if (!ch.members.includes(me)) throw rpcError("CHANNEL_PRIVATE");
  for (const id of ids) {
    const m = findMsg(ch.history, id);
    if (m && !mayDeleteInChannel(ch, me, m)) throw rpcError("MESSAGE_DELETE_FORBIDDEN");
  }
  const r = s.world.deleteFromChannel(ch, ids, now());
  if (!r) return new Api.messages.AffectedMessages({ pts: ch.pts, ptsCount: 0 });
  const update = new Api.UpdateShort({
    update: new Api.UpdateDeleteChannelMessages({ channelId: toBI(ch.id), messages: r.ids, pts: r.pts, ptsCount: 1 }),
    date: now(),
  });
  for (const member of ch.members) s.pushToUser(member, update, except);
  return new Api.messages.AffectedMessages({ pts: r.pts, ptsCount: 1 });
}

/** The sender's name as a forward header keeps it. */
function nameOf(s: Sandbox, m: Msg, from: PeerKey): string {
  const p = parsePeerKey(from);
  if (p.type === "channel") return s.world.channel(p.id)?.title ?? "";
  const u = s.world.user(m.fromId);
  return u ? [u.firstName, u.lastName].filter(Boolean).join(" ") : "";
}

export function registerEdits(s: Sandbox): void {
  s.register(Api.messages.EditMessage, (req, ctx) => {
    const me = s.requireUser(ctx);
    const peer = resolveInputPeer(s, me, req.peer);
    return editMessage(s, me, peer, req.id, req.message, req.entities?.map(storedEntity), ctx.key.auth);
  });

  s.register(Api.messages.DeleteMessages, (req, ctx) => {
    const me = s.requireUser(ctx);
    return deleteMessages(s, me, req.id, !!req.revoke, ctx.key.auth);
  });

  s.register(Api.channels.DeleteMessages, (req, ctx) => {
    const me = s.requireUser(ctx);
    return deleteChannelMessages(s, me, resolveChannel(s, me, req.channel), req.id, ctx.key.auth);
  });

  s.register(Api.messages.ForwardMessages, async (req, ctx: CallContext) => {
    const me = s.requireUser(ctx);
    const from = resolveInputPeer(s, me, req.fromPeer);
    const to = resolveInputPeer(s, me, req.toPeer);
    if (!req.id.length) throw rpcError("MESSAGE_IDS_EMPTY");
    if (req.id.length > MAX_FORWARD) throw rpcError("MESSAGE_ID_INVALID");
    if (req.randomId.length !== req.id.length) throw rpcError("RANDOM_ID_INVALID");
    const h = s.world.history(me, from);
    const fp = parsePeerKey(from);
    const updates: Api.TypeUpdate[] = [];
    const users: Api.TypeUser[] = [];
    const chats: Api.TypeChat[] = [];
    for (let i = 0; i < req.id.length; i++) {
      const m = findMsg(h, req.id[i]!);
      if (!m || m.service) throw rpcError("MESSAGE_ID_INVALID");
      // A forward of a forward keeps the first origin, as Telegram does.
      const fwdFrom = m.fwdFrom ?? {
        date: m.date,
        name: nameOf(s, m, from),
        ...(fp.type === "channel" && s.world.channel(fp.id)?.broadcast ? { channelId: fp.id } : { fromId: m.fromId }),
      };
      const media = m.media;
      const result = await sendMessage(
        s,
        ctx,
        me,
        to,
        m.text,
        fromBI(req.randomId[i]!).toString(),
        media ? { media: () => media, entities: m.entities } : undefined,
        { fwdFrom, entities: m.entities },
      );
      if (result instanceof Api.Updates) {
        updates.push(...result.updates);
        users.push(...result.users);
        chats.push(...result.chats);
      }
    }
    return new Api.Updates({ updates, users, chats, date: now(), seq: 0 });
  });
}
