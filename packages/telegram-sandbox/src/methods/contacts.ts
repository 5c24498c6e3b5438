import { Api } from "telegram";
import { rpcError } from "../rpc";
import type { Sandbox } from "../sandbox";
import { toBI } from "../tl";
import type { User } from "../world";
import { apiChannel, apiUser, now, resolveInputUser } from "./common";
import { photoFor } from "./users";

/**
 * Telegram's username rule: a letter first, then letters, digits and underscores, no
 * trailing or doubled underscore. Telegram wants 5–32 characters; the sandbox takes 3 so
 * its seeded short names (bob, dave) stay resolvable.
 */
export function usernameValid(name: string): boolean {
  return /^[a-z][a-z0-9_]{2,31}$/i.test(name) && !name.endsWith("_") && !name.includes("__");
}

/** Whether `viewer` may find `target` by phone number (target's privacy). */
function findableByPhone(viewer: number, target: User): boolean {
  return target.id === viewer || target.findByPhone !== "contacts" || target.contacts.includes(viewer);
}

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
    if (!usernameValid(name)) throw rpcError("USERNAME_INVALID");
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

  s.register(Api.contacts.ResolvePhone, (req, ctx) => {
    const me = s.requireUser(ctx);
    const digits = req.phone.replace(/\D/g, "");
    if (digits.length < 5 || digits.length > 15) throw rpcError("PHONE_NUMBER_INVALID");
    const u = s.world.userByPhone(digits);
    // A hidden number answers exactly as an unknown one: nothing about the person leaks.
    if (!u || !findableByPhone(me, u)) throw rpcError("PHONE_NOT_OCCUPIED");
    return new Api.contacts.ResolvedPeer({
      peer: new Api.PeerUser({ userId: toBI(u.id) }),
      chats: [],
      users: [apiUser(s, u, me)],
    });
  });

  s.register(Api.contacts.ImportContacts, (req, ctx) => {
    const me = s.requireUser(ctx);
    if (req.contacts.length > 100) throw rpcError("CONTACTS_TOO_MUCH");
    const imported: Api.ImportedContact[] = [];
    const users: Api.User[] = [];
    for (const c of req.contacts) {
      if (!(c instanceof Api.InputPhoneContact)) continue;
      const u = s.world.userByPhone(c.phone);
      // Not on Telegram, or not findable by number: simply not imported, as on Telegram.
      if (!u || u.id === me || !findableByPhone(me, u)) continue;
      s.world.addOneWayContact(me, u.id);
      imported.push(new Api.ImportedContact({ userId: toBI(u.id), clientId: c.clientId }));
      users.push(apiUser(s, u, me));
    }
    return new Api.contacts.ImportedContacts({ imported, popularInvites: [], retryContacts: [], users });
  });

  s.register(Api.contacts.DeleteContacts, (req, ctx) => {
    const me = s.requireUser(ctx);
    const users: Api.User[] = [];
    for (const input of req.id) {
      const u = resolveInputUser(s, me, input);
      if (s.world.removeContact(me, u.id)) users.push(apiUser(s, u, me));
    }
    return new Api.Updates({
      updates: users.map(
        (u) =>
          new Api.UpdatePeerSettings({ peer: new Api.PeerUser({ userId: u.id }), settings: new Api.PeerSettings({}) }),
      ),
      users,
      chats: [],
      date: now(),
      seq: 0,
    });
  });

  s.register(Api.photos.GetUserPhotos, (req, ctx) => {
    const me = s.requireUser(ctx);
    const u = resolveInputUser(s, me, req.userId);
    const photos = u.photoId && req.offset === 0 ? [photoFor(s, u.id)] : [];
    return new Api.photos.Photos({ photos, users: [apiUser(s, u, me)] });
  });
}
