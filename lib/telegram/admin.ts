import "server-only";

import { logOutOfTelegram } from "./read-models/sessions";
import { accountPool } from "./runtime/lifecycle";

// What the admin panel may do to any linked account, keyed by account id (the panel has
// already checked that the caller is an admin). No messages, no session material.

/** auth.logOut gets this long before the panel reports "not confirmed". */
const ADMIN_LOGOUT_TIMEOUT_MS = 10_000;

/** auth.logOut through the account's pooled session. True when Telegram confirmed. */
export async function adminLogOutAccount(accountId: string): Promise<boolean> {
  try {
    return await accountPool.use(accountId, (session) => logOutOfTelegram(session, ADMIN_LOGOUT_TIMEOUT_MS));
  } catch {
    // Could not even connect (revoked meanwhile, network): Telegram confirmed nothing.
    return false;
  }
}

/**
 * Closes the pooled connection. "revoked": open pages hear that the session ended;
 * "closed": the owner was disabled, the link itself stays good.
 */
export async function adminCloseAccount(accountId: string, reason: "revoked" | "closed"): Promise<void> {
  if (reason === "revoked") accountPool.peek(accountId)?.revoke();
  await accountPool.evict(accountId);
}

export type AdminConnectionState = { state: "connected" | "idle"; floodWaitSeconds: number | null };

/** Whether the pool holds a live client for the account, and the longest flood wait on it. */
export function adminConnectionState(accountId: string): AdminConnectionState {
  const session = accountPool.peek(accountId);
  if (!session || session.destroyed) return { state: "idle", floodWaitSeconds: null };
  const now = session.now();
  const longest = Math.max(0, ...[...session.floodUntil.values()].map((until) => until - now));
  return { state: "connected", floodWaitSeconds: longest > 0 ? Math.ceil(longest / 1000) : null };
}

export function connectedAccountCount(): number {
  return accountPool.stats().connected;
}
