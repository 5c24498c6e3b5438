import { Api } from "telegram";
import { rpcError } from "../rpc";
import type { CallContext, Sandbox } from "../sandbox";
import { bool, fromBI, toBI } from "../tl";
import type { AuthState } from "../auth-state";
import {
  parsePeerKey,
  peerKey,
  type Dialog,
  type MediaSeed,
  type Msg,
  type PeerKey,
  type StoredEntity,
} from "../world";
import { mediaFromInput } from "./media";
import {
  apiChat,
  apiDialog,
  apiMessage,
  apiPeer,
  apiUser,
  collectEntities,
  notifySettings,
  now,
  resolveChannel,
  resolveInputPeer,
  storedEntity,
} from "./common";
import { findMsg, historySlice, MAX_LIMIT, messagesResult } from "./history";
import { stateOf } from "./updates";

interface DialogEntry {
  d: Dialog;
  top: Msg | undefined;
  date: number;
}

function dialogEntries(s: Sandbox, me: number): DialogEntry[] {
  const box = s.world.box(me);
  const out: DialogEntry[] = [];
  for (const d of Object.values(box.dialogs)) {
    if (!d.topMessage) continue;
    const h = s.world.history(me, d.peer);
    const top = findMsg(h, d.topMessage);
    out.push({ d, top, date: top?.date ?? 0 });
  }
  return out;
}

/** Newest first, as Telegram orders dialogs: by top message date, then id, then peer. */
const byRecency = (a: DialogEntry, b: DialogEntry) =>
  b.date - a.date || b.d.topMessage - a.d.topMessage || (a.d.peer < b.d.peer ? 1 : a.d.peer > b.d.peer ? -1 : 0);

function dialogsResult(s: Sandbox, me: number, page: DialogEntry[], total: number, complete: boolean) {
  const msgs = page.filter((e) => e.top).map((e) => apiMessage(s, me, e.d.peer, e.top!));
  const { users, chats } = collectEntities(
    s,
    me,
    page.map((e) => e.d.peer),
    page.filter((e) => e.top).map((e) => e.top!.fromId),
  );
  const dialogs = page.map((e) => apiDialog(s, me, e.d));
  if (complete) return new Api.messages.Dialogs({ dialogs, messages: msgs, chats, users });
  return new Api.messages.DialogsSlice({ count: total, dialogs, messages: msgs, chats, users });
}

/** The offset_peer of getDialogs as a peer key (or undefined for inputPeerEmpty). */
function offsetPeerKey(s: Sandbox, me: number, p: unknown): PeerKey | undefined {
  if (p instanceof Api.InputPeerEmpty) return undefined;
  try {
    return resolveInputPeer(s, me, p);
  } catch {
    return undefined;
  }
}

export function sendMessage(
  s: Sandbox,
  ctx: CallContext,
  me: number,
  peer: PeerKey,
  text: string,
  randomId: string,
  attach?: { media: () => Promise<MediaSeed> | MediaSeed; entities?: StoredEntity[] },
  meta: SendMeta = {},
): Promise<Api.TypeUpdates> | Api.TypeUpdates {
  if (attach) {
    if (text.length > 1024) throw rpcError("MEDIA_CAPTION_TOO_LONG");
  } else {
    if (!text.trim()) throw rpcError("MESSAGE_EMPTY");
    if (text.length > 4096) throw rpcError("MESSAGE_TOO_LONG");
  }
  const p = parsePeerKey(peer);
  if (p.type === "user" && p.id !== me) {
    // A person who takes new chats from contacts only refuses a stranger's first message.
    const target = s.world.user(p.id)!;
    const known = target.contacts.includes(me) || !!s.world.box(p.id).dialogs[peerKey.user(me)];
    if (target.newChatsFrom === "contacts" && !known) throw rpcError("PRIVACY_PREMIUM_REQUIRED");
  }
  if (p.type === "channel") {
    const ch = s.world.channel(p.id)!;
    if (!ch.members.includes(me)) throw rpcError("CHANNEL_PRIVATE");
    if (ch.broadcast && ch.creatorId !== me) throw rpcError("CHAT_ADMIN_REQUIRED");
  }
  if (meta.replyTo !== undefined && !findMsg(s.world.history(me, peer), meta.replyTo)) {
    // Telegram drops a reply header that points nowhere rather than refusing the message.
    meta = { ...meta, replyTo: undefined };
  }
  const withMeta = meta.replyTo !== undefined || meta.fwdFrom !== undefined;
  // A retry of a send that already happened never uses the upload again.
  if (!attach)
    return sendNow(s, ctx, me, peer, text, randomId, withMeta ? { entities: meta.entities } : undefined, meta);
  // The retry is answered in the same shape as the first send (updates with the message).
  if (sentBefore(s, me, peer, randomId)) return sendNow(s, ctx, me, peer, text, randomId, {}, meta);
  return Promise.resolve(attach.media()).then((media) =>
    sendNow(s, ctx, me, peer, text, randomId, { media, entities: attach.entities }, meta),
  );
}

/** A reply's target, a forward's origin (and a forwarded text's formatting). */
export interface SendMeta {
  replyTo?: number;
  fwdFrom?: Msg["fwdFrom"];
  entities?: StoredEntity[];
}

function sentBefore(s: Sandbox, me: number, peer: PeerKey, randomId: string): boolean {
  const p = parsePeerKey(peer);
  if (p.type === "channel") return s.world.channel(p.id)!.randomIds[`${me}:${randomId}`] !== undefined;
  return s.world.box(me).randomIds[randomId] !== undefined;
}

/** A new message in `userId`'s box as that user's sessions hear it (but `except`, the sender's own). */
function pushNewMessage(
  s: Sandbox,
  userId: number,
  peer: PeerKey,
  m: Msg,
  from: number,
  date: number,
  except: AuthState | undefined,
  channel = false,
): void {
  const { users, chats } = collectEntities(s, userId, [peer], [from]);
  const message = apiMessage(s, userId, peer, m);
  const u = channel
    ? new Api.UpdateNewChannelMessage({ message, pts: m.pts, ptsCount: 1 })
    : new Api.UpdateNewMessage({ message, pts: m.pts, ptsCount: 1 });
  s.pushToUser(userId, new Api.Updates({ updates: [u], users, chats, date, seq: 0 }), except);
}

/** The sender's answer to a send: which message the random id became, then that message. */
function sentMessageUpdates(
  s: Sandbox,
  me: number,
  peer: PeerKey,
  m: Msg,
  randomId: string,
  date: number,
  channel = false,
): Api.Updates {
  const { users, chats } = collectEntities(s, me, [peer], [me]);
  const message = apiMessage(s, me, peer, m);
  return new Api.Updates({
    updates: [
      new Api.UpdateMessageID({ id: m.id, randomId: toBI(randomId) }),
      channel
        ? new Api.UpdateNewChannelMessage({ message, pts: m.pts, ptsCount: 1 })
        : new Api.UpdateNewMessage({ message, pts: m.pts, ptsCount: 1 }),
    ],
    users,
    chats,
    date,
    seq: 0,
  });
}

function sendNow(
  s: Sandbox,
  ctx: CallContext,
  me: number,
  peer: PeerKey,
  text: string,
  randomId: string,
  /** a message with media (or a reply, a forward); `media` is absent also on a retry, which sends nothing */
  extra?: { media?: MediaSeed; entities?: StoredEntity[] },
  meta: SendMeta = {},
): Api.TypeUpdates {
  const links = { replyTo: meta.replyTo, fwdFrom: meta.fwdFrom };
  const p = parsePeerKey(peer);
  const date = now();
  const self = ctx.key.auth;

  if (p.type === "user" && extra) {
    // A message with media cannot travel as updateShortMessage: updates with the message.
    const box = s.world.box(me);
    const prior = box.randomIds[randomId];
    const mine = prior
      ? findMsg(box.history[prior.peer] ?? [], prior.id)!
      : (() => {
          const r = s.world.sendPrivate(me, p.id, text, date, randomId, extra.media, extra.entities, links);
          const pushes: Array<[number, Msg, AuthState | undefined]> = [[me, r.out, self]];
          if (r.in) pushes.push([p.id, r.in, undefined]);
          for (const [userId, m, except] of pushes) {
            pushNewMessage(s, userId, peerKey.user(userId === me ? p.id : me), m, me, date, except);
          }
          return r.out;
        })();
    return sentMessageUpdates(s, me, peer, mine, randomId, date);
  }

  if (p.type === "user") {
    const box = s.world.box(me);
    const prior = box.randomIds[randomId];
    if (prior) {
      // A retry of a send that already happened: answer with the same message.
      const m = findMsg(box.history[prior.peer] ?? [], prior.id)!;
      return new Api.UpdateShortSentMessage({ out: true, id: m.id, pts: m.pts, ptsCount: 1, date: m.date });
    }
    const r = s.world.sendPrivate(me, p.id, text, date, randomId);
    if (r.in) {
      s.pushToUser(
        p.id,
        new Api.UpdateShortMessage({
          out: false,
          id: r.in.id,
          userId: toBI(me),
          message: text,
          pts: r.in.pts,
          ptsCount: 1,
          date,
        }),
      );
    }
    s.pushToUser(
      me,
      new Api.UpdateShortMessage({
        out: true,
        id: r.out.id,
        userId: toBI(p.id),
        message: text,
        pts: r.out.pts,
        ptsCount: 1,
        date,
      }),
      self,
    );
    return new Api.UpdateShortSentMessage({ out: true, id: r.out.id, pts: r.out.pts, ptsCount: 1, date });
  }

  if (p.type === "chat") {
    const chat = s.world.chat(p.id)!;
    const box = s.world.box(me);
    const prior = box.randomIds[randomId];
    const copies = prior
      ? new Map([[me, findMsg(box.history[prior.peer] ?? [], prior.id)!]])
      : s.world.sendChat(me, chat, text, date, randomId, undefined, extra?.media, extra?.entities, links);
    const mine = copies.get(me)!;
    if (!prior) {
      for (const [member, m] of copies) pushNewMessage(s, member, peer, m, me, date, member === me ? self : undefined);
    }
    return sentMessageUpdates(s, me, peer, mine, randomId, date);
  }

  const ch = s.world.channel(p.id)!;
  const priorId = ch.randomIds[`${me}:${randomId}`];
  const m = priorId
    ? findMsg(ch.history, priorId)!
    : s.world.sendChannel(me, ch, text, date, randomId, undefined, extra?.media, extra?.entities, links);
  if (!priorId) {
    for (const member of ch.members)
      pushNewMessage(s, member, peer, m, me, date, member === me ? self : undefined, true);
  }
  return sentMessageUpdates(s, me, peer, m, randomId, date, true);
}

function readHistory(s: Sandbox, ctx: CallContext, me: number, peer: PeerKey, maxId: number): number {
  const r = s.world.readHistory(me, peer, maxId);
  if (!r.changed) return r.pts;
  const d = s.world.box(me).dialogs[peer]!;
  const p = parsePeerKey(peer);
  if (p.type === "channel") {
    s.pushToUser(
      me,
      new Api.UpdateShort({
        update: new Api.UpdateReadChannelInbox({
          channelId: toBI(p.id),
          maxId: d.readInboxMaxId,
          stillUnreadCount: s.world.unreadCount(me, d),
          pts: s.world.channel(p.id)!.pts,
        }),
        date: now(),
      }),
      ctx.key.auth,
    );
  } else {
    s.pushToUser(
      me,
      new Api.UpdateShort({
        update: new Api.UpdateReadHistoryInbox({
          peer: apiPeer(peer),
          maxId: d.readInboxMaxId,
          stillUnreadCount: s.world.unreadCount(me, d),
          pts: r.pts,
          ptsCount: 1,
        }),
        date: now(),
      }),
      ctx.key.auth,
    );
  }
  if (r.outboxUser) {
    const o = r.outboxUser;
    s.pushToUser(
      o.userId,
      new Api.UpdateShort({
        update: new Api.UpdateReadHistoryOutbox({ peer: apiPeer(o.peer), maxId: o.maxId, pts: o.pts, ptsCount: 1 }),
        date: now(),
      }),
    );
  }
  return r.pts;
}

/** The message id an InputReplyToMessage names (other reply kinds: stories, none here). */
function replyToId(r: Api.TypeInputReplyTo | undefined): number | undefined {
  return r instanceof Api.InputReplyToMessage ? r.replyToMsgId : undefined;
}

export function registerMessages(s: Sandbox): void {
  s.register(Api.messages.GetDialogs, (req, ctx) => {
    const me = s.requireUser(ctx);
    if (req.folderId === 1) return new Api.messages.Dialogs({ dialogs: [], messages: [], chats: [], users: [] });
    const all = dialogEntries(s, me);
    const pinned = all.filter((e) => e.d.pinned > 0).sort((a, b) => a.d.pinned - b.d.pinned);
    const rest = all.filter((e) => e.d.pinned === 0).sort(byRecency);
    const offPeer = offsetPeerKey(s, me, req.offsetPeer);
    const firstPage = !req.offsetDate && !req.offsetId && !offPeer;
    let list: DialogEntry[];
    if (firstPage) list = req.excludePinned ? rest : [...pinned, ...rest];
    else {
      // Strictly after the offset position in recency order. Pinned dialogs belong to the
      // first page only, whatever their date: later pages never repeat them.
      const pivot: DialogEntry = {
        d: { peer: offPeer ?? "u0", topMessage: req.offsetId, readInboxMaxId: 0, readOutboxMaxId: 0, pinned: 0 },
        top: undefined,
        date: req.offsetDate,
      };
      list = rest.filter((e) => byRecency(e, pivot) > 0);
    }
    const limit = Math.max(1, Math.min(req.limit || MAX_LIMIT, MAX_LIMIT));
    const page = list.slice(0, limit);
    const complete = firstPage && page.length === list.length;
    return dialogsResult(s, me, page, all.length, complete);
  });

  s.register(Api.messages.GetPeerDialogs, (req, ctx) => {
    const me = s.requireUser(ctx);
    const box = s.world.box(me);
    const entries: DialogEntry[] = [];
    for (const ip of req.peers) {
      if (!(ip instanceof Api.InputDialogPeer)) continue;
      const k = resolveInputPeer(s, me, ip.peer);
      const d = box.dialogs[k] ?? { peer: k, topMessage: 0, readInboxMaxId: 0, readOutboxMaxId: 0, pinned: 0 };
      const top = findMsg(s.world.history(me, k), d.topMessage);
      entries.push({ d, top, date: top?.date ?? 0 });
    }
    const r = dialogsResult(s, me, entries, entries.length, true) as Api.messages.Dialogs;
    return new Api.messages.PeerDialogs({
      dialogs: r.dialogs,
      messages: r.messages,
      chats: r.chats,
      users: r.users,
      state: stateOf(s, me),
    });
  });

  s.register(Api.messages.GetHistory, (req, ctx) => {
    const me = s.requireUser(ctx);
    const peer = resolveInputPeer(s, me, req.peer);
    const h = s.world.history(me, peer);
    const msgs = historySlice(h, {
      offsetId: req.offsetId,
      offsetDate: req.offsetDate,
      addOffset: req.addOffset,
      limit: req.limit,
      maxId: req.maxId,
      minId: req.minId,
    });
    return messagesResult(s, me, peer, msgs, h.length);
  });

  s.register(Api.messages.GetMessages, (req, ctx) => {
    const me = s.requireUser(ctx);
    const box = s.world.box(me);
    const found: Array<{ peer: PeerKey; m: Msg }> = [];
    for (const im of req.id) {
      if (!(im instanceof Api.InputMessageID)) continue;
      for (const [peer, h] of Object.entries(box.history)) {
        const m = findMsg(h, im.id);
        if (m) found.push({ peer: peer as PeerKey, m });
      }
    }
    const { users, chats } = collectEntities(
      s,
      me,
      found.map((f) => f.peer),
      found.map((f) => f.m.fromId),
    );
    return new Api.messages.Messages({ messages: found.map((f) => apiMessage(s, me, f.peer, f.m)), chats, users });
  });

  s.register(Api.messages.SendMessage, (req, ctx) => {
    const me = s.requireUser(ctx);
    const peer = resolveInputPeer(s, me, req.peer);
    if (req.randomId === undefined) throw rpcError("RANDOM_ID_EMPTY");
    return sendMessage(s, ctx, me, peer, req.message, fromBI(req.randomId).toString(), undefined, {
      replyTo: replyToId(req.replyTo),
    });
  });

  s.register(Api.messages.SendMedia, (req, ctx) => {
    const me = s.requireUser(ctx);
    const peer = resolveInputPeer(s, me, req.peer);
    if (req.randomId === undefined) throw rpcError("RANDOM_ID_EMPTY");
    return sendMessage(
      s,
      ctx,
      me,
      peer,
      req.message ?? "",
      fromBI(req.randomId).toString(),
      {
        media: () => mediaFromInput(s, ctx, me, req.media),
        entities: req.entities?.map(storedEntity),
      },
      { replyTo: replyToId(req.replyTo) },
    );
  });

  s.register(Api.messages.ReadHistory, (req, ctx) => {
    const me = s.requireUser(ctx);
    const peer = resolveInputPeer(s, me, req.peer);
    const pts = readHistory(s, ctx, me, peer, req.maxId);
    return new Api.messages.AffectedMessages({ pts, ptsCount: 1 });
  });

  s.register(Api.channels.ReadHistory, (req, ctx) => {
    const me = s.requireUser(ctx);
    const peer = peerKey.channel(resolveChannel(s, me, req.channel).id);
    readHistory(s, ctx, me, peer, req.maxId);
    return bool(true);
  });

  s.register(Api.messages.GetFullChat, (req, ctx) => {
    const me = s.requireUser(ctx);
    const c = s.world.chat(Number(fromBI(req.chatId)));
    if (!c || !c.members.includes(me)) throw rpcError("CHAT_ID_INVALID");
    return new Api.messages.ChatFull({
      fullChat: new Api.ChatFull({
        id: toBI(c.id),
        about: "",
        participants: new Api.ChatParticipants({
          chatId: toBI(c.id),
          participants: c.members.map((u) =>
            u === c.creatorId
              ? new Api.ChatParticipantCreator({ userId: toBI(u) })
              : new Api.ChatParticipant({ userId: toBI(u), inviterId: toBI(c.creatorId), date: c.date }),
          ),
          version: 1,
        }),
        notifySettings: notifySettings(),
      }),
      chats: [apiChat(c)],
      users: c.members.map((u) => apiUser(s, s.world.user(u)!, me)),
    });
  });

  s.register(Api.messages.GetChats, (req, ctx) => {
    const me = s.requireUser(ctx);
    const chats = req.id
      .map((id) => s.world.chat(Number(fromBI(id))))
      .filter((c) => c && c.members.includes(me))
      .map((c) => apiChat(c!));
    return new Api.messages.Chats({ chats });
  });
}
