import "server-only";

import { Api } from "telegram";

import type { AccountSession } from "../runtime/session";
import type { ProfileDto } from "../dto";
import { reshapeProfile } from "../gramjs/mappers";

/** The linked account's own profile: one users.getUsers, then 30 s from memory. */
export async function getSelf(session: AccountSession): Promise<ProfileDto> {
  const cached = session.profile.get();
  if (cached) return cached;
  const [me] = await session.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }));
  if (!(me instanceof Api.User)) throw new Error("users.getUsers returned no user for self");
  session.rememberEntities([me], [], "all");
  const profile = reshapeProfile(me);
  session.profile.set(profile);
  return profile;
}
