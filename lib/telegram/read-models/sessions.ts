import "server-only";

import { long } from "../gramjs/long";
import { Api } from "telegram";

import type { AccountSession } from "../runtime/session";
import type { SessionDto } from "../dto";
import { reshapeAuthorization } from "../gramjs/mappers";

export async function listSessions(session: AccountSession): Promise<SessionDto[]> {
  const result = await session.invoke(new Api.account.GetAuthorizations());
  return result.authorizations
    .map(reshapeAuthorization)
    .sort((a, b) => Number(b.current) - Number(a.current) || b.activeAt - a.activeAt);
}

/** Ends another device's session. The current one is refused: that is "Log out". */
export async function terminateSession(session: AccountSession, hash: string): Promise<void> {
  if (hash === "0") throw new Error("The current session cannot be terminated here");
  await session.invoke(new Api.account.ResetAuthorization({ hash: long(hash) }));
}

/**
 * auth.logOut with a time limit. Returns whether Telegram confirmed; the caller wipes
 * the stored session either way, because the person asked for it to be gone.
 */
export async function logOutOfTelegram(session: AccountSession, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  try {
    const outcome = await Promise.race([session.invoke(new Api.auth.LogOut()).then(() => "ok" as const), timedOut]);
    return outcome === "ok";
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
