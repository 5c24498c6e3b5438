import { Api } from "telegram";
import { rpcError } from "../rpc";
import type { Sandbox } from "../sandbox";
import { vectorOf } from "../tl";
import { apiUser, notifySettings, resolveInputUser } from "./common";
import { toBI } from "../tl";

export function registerUsers(s: Sandbox): void {
  // While logged out Telegram answers 401 here; GramJS relies on it (see the findings).
  s.register(Api.users.GetUsers, (req, ctx) => {
    const me = s.requireUser(ctx);
    const out: Api.User[] = [];
    for (const input of req.id) {
      try {
        out.push(apiUser(s, resolveInputUser(s, me, input), me));
      } catch {
        // Telegram silently skips ids it cannot resolve.
      }
    }
    return vectorOf(out);
  });

  s.register(Api.users.GetFullUser, (req, ctx) => {
    const me = s.requireUser(ctx);
    const u = resolveInputUser(s, me, req.id);
    if (!u) throw rpcError("USER_ID_INVALID");
    return new Api.users.UserFull({
      fullUser: new Api.UserFull({
        id: toBI(u.id),
        about: u.about,
        settings: new Api.PeerSettings({}),
        notifySettings: notifySettings(),
        commonChatsCount: 0,
        profilePhoto: u.photoId ? photoFor(s, u.id) : undefined,
      }),
      chats: [],
      users: [apiUser(s, u, me)],
    });
  });
}

export function photoFor(s: Sandbox, userId: number): Api.Photo {
  const u = s.world.user(userId)!;
  return new Api.Photo({
    id: toBI(u.photoId!),
    accessHash: toBI(u.accessHash),
    fileReference: Buffer.from("sandbox"),
    date: 1_748_736_000,
    sizes: [
      new Api.PhotoSize({ type: "a", w: 64, h: 64, size: 0 }),
      new Api.PhotoSize({ type: "c", w: 64, h: 64, size: 0 }),
    ],
    dcId: u.homeDc,
  });
}
