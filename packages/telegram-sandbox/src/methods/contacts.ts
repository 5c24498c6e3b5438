import { Api } from "telegram";
import { rpcError } from "../rpc";
import type { Sandbox } from "../sandbox";
import { toBI } from "../tl";
import { apiChannel, apiUser, resolveInputUser } from "./common";
import { photoFor } from "./users";

export function registerContacts(s: Sandbox): void {
  s.register(Api.contacts.GetContacts, (_req, ctx) => {
    const me = s.requireUser(ctx);
    const u = s.world.user(me)!;
    const list = u.contacts.map((id) => s.world.user(id)).filter((x) => x !== undefined);
    return new Api.contacts.Contacts({
      contacts: list.map((c) => new Api.Contact({ userId: toBI(c.id), mutual: c.contacts.includes(me) })),
      savedCount: 0,
      users: list.map((c) => apiUser(s, c, me)),
    });
  });

  s.register(Api.contacts.ResolveUsername, (req, ctx) => {
    const me = s.requireUser(ctx);
    const name = req.username.replace(/^@/, "");
    const u = s.world.data.users.find((x) => x.username?.toLowerCase() === name.toLowerCase());
    if (u)
      return new Api.contacts.ResolvedPeer({
        peer: new Api.PeerUser({ userId: toBI(u.id) }),
        chats: [],
        users: [apiUser(s, u, me)],
      });
    const ch = s.world.channelByUsername(name);
    if (ch)
      return new Api.contacts.ResolvedPeer({
        peer: new Api.PeerChannel({ channelId: toBI(ch.id) }),
        chats: [apiChannel(ch, me)],
        users: [],
      });
    throw rpcError("USERNAME_NOT_OCCUPIED");
  });

  s.register(Api.photos.GetUserPhotos, (req, ctx) => {
    const me = s.requireUser(ctx);
    const u = resolveInputUser(s, me, req.userId);
    const photos = u.photoId && req.offset === 0 ? [photoFor(s, u.id)] : [];
    return new Api.photos.Photos({ photos, users: [apiUser(s, u, me)] });
  });
}
