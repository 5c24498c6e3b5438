import { Api } from "telegram";
import { rpcError } from "../rpc";
import type { Sandbox } from "../sandbox";
import { toBI } from "../tl";
import { peerKey, type Channel, type User } from "../world";
import { apiChannel, apiUser, notifySettings, resolveChannel } from "./common";
import { findMsg, messagesResult } from "./history";

const MAX_PARTICIPANTS = 200;

function apiParticipant(ch: Channel, me: number, userId: number): Api.TypeChannelParticipant {
  if (userId === ch.creatorId)
    return new Api.ChannelParticipantCreator({ userId: toBI(userId), adminRights: new Api.ChatAdminRights({}) });
  if (userId === me)
    return new Api.ChannelParticipantSelf({ userId: toBI(userId), inviterId: toBI(ch.creatorId), date: ch.date });
  return new Api.ChannelParticipant({ userId: toBI(userId), date: ch.date });
}

/** The members a participants filter selects, in join order (the creator first). */
function filterMembers(s: Sandbox, ch: Channel, me: number, filter: Api.TypeChannelParticipantsFilter): number[] {
  const members = [ch.creatorId, ...ch.members.filter((id) => id !== ch.creatorId)];
  const users = () => members.map((id) => s.world.user(id)).filter((u): u is User => !!u);
  if (filter instanceof Api.ChannelParticipantsRecent) return members;
  if (filter instanceof Api.ChannelParticipantsAdmins) return [ch.creatorId];
  if (filter instanceof Api.ChannelParticipantsContacts) {
    const mine = s.world.user(me)?.contacts ?? [];
    return members.filter((id) => mine.includes(id) && (!filter.q || matches(s.world.user(id), filter.q)));
  }
  if (filter instanceof Api.ChannelParticipantsSearch)
    return users()
      .filter((u) => matches(u, filter.q))
      .map((u) => u.id);
  // Kicked, banned, bots, mentions: nobody in the sandbox's channels is any of these.
  return [];
}

function matches(u: User | undefined, q: string): boolean {
  if (!u) return false;
  const needle = q.trim().toLowerCase();
  return !needle || [u.firstName, u.lastName, u.username].some((x) => x?.toLowerCase().startsWith(needle));
}

export function registerChannels(s: Sandbox): void {
  s.register(Api.channels.GetChannels, (req, ctx) => {
    const me = s.requireUser(ctx);
    return new Api.messages.Chats({ chats: req.id.map((ic) => apiChannel(resolveChannel(s, me, ic), me)) });
  });

  s.register(Api.channels.GetMessages, (req, ctx) => {
    const me = s.requireUser(ctx);
    const ch = resolveChannel(s, me, req.channel);
    const msgs = req.id
      .map((im) => (im instanceof Api.InputMessageID ? findMsg(ch.history, im.id) : undefined))
      .filter((m) => m !== undefined);
    return messagesResult(s, me, peerKey.channel(ch.id), msgs, ch.history.length);
  });

  s.register(Api.channels.GetFullChannel, (req, ctx) => {
    const me = s.requireUser(ctx);
    const ch = resolveChannel(s, me, req.channel);
    const d = s.world.box(me).dialogs[peerKey.channel(ch.id)];
    return new Api.messages.ChatFull({
      fullChat: new Api.ChannelFull({
        id: toBI(ch.id),
        about: `${ch.title} (sandbox)`,
        participantsCount: ch.members.length,
        readInboxMaxId: d?.readInboxMaxId ?? 0,
        readOutboxMaxId: d?.readOutboxMaxId ?? 0,
        unreadCount: d ? s.world.unreadCount(me, d) : 0,
        chatPhoto: new Api.PhotoEmpty({ id: toBI(0) }),
        notifySettings: notifySettings(),
        botInfo: [],
        pts: ch.pts,
      }),
      chats: [apiChannel(ch, me)],
      users: [apiUser(s, s.world.user(ch.creatorId)!, me)],
    });
  });
  s.register(Api.channels.GetParticipants, (req, ctx) => {
    const me = s.requireUser(ctx);
    const ch = resolveChannel(s, me, req.channel);
    // As on Telegram, only admins may list a broadcast channel's subscribers.
    if (ch.broadcast && ch.creatorId !== me) throw rpcError("CHAT_ADMIN_REQUIRED");
    const all = filterMembers(s, ch, me, req.filter);
    const offset = Math.max(0, req.offset);
    const limit = Math.max(0, Math.min(req.limit, MAX_PARTICIPANTS));
    const page = all.slice(offset, offset + limit);
    return new Api.channels.ChannelParticipants({
      count: all.length,
      participants: page.map((id) => apiParticipant(ch, me, id)),
      chats: [],
      users: page
        .map((id) => s.world.user(id))
        .filter((u): u is User => !!u)
        .map((u) => apiUser(s, u, me)),
    });
  });
}
