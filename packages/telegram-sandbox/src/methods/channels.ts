import { Api } from "telegram";
import type { Sandbox } from "../sandbox";
import { toBI } from "../tl";
import { peerKey } from "../world";
import { apiChannel, apiUser, notifySettings, resolveChannel } from "./common";
import { findMsg, messagesResult } from "./history";

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
}
