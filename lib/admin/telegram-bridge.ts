import "server-only";

import { logOutOfTelegram } from "@/lib/telegram/account";
import { accountPool } from "@/lib/telegram/accounts";
import type { TelegramAdminPort } from "@/lib/admin/telegram-port";

/** auth.logOut gets this long before the panel reports "not confirmed". */
const LOGOUT_TIMEOUT_MS = 10_000;

/** The admin panel's view of the account pool (the only file here that imports lib/telegram). */
export const telegramAdmin: TelegramAdminPort = {
  async logOut(account) {
    try {
      return await accountPool.use(account.id, (session) => logOutOfTelegram(session, LOGOUT_TIMEOUT_MS));
    } catch {
      // Could not even connect (revoked meanwhile, network): Telegram confirmed nothing.
      return false;
    }
  },
  async disconnect(accountId, reason) {
    const session = accountPool.peek(accountId);
    if (session && reason === "revoked") {
      session.revoked = true;
      session.emit({ type: "revoked" });
    }
    await accountPool.evict(accountId);
  },
  connection(accountId) {
    const session = accountPool.peek(accountId);
    if (!session || session.destroyed) return { state: "idle", floodWaitSeconds: null };
    const now = session.now();
    const longest = Math.max(0, ...[...session.floodUntil.values()].map((until) => until - now));
    return { state: "connected", floodWaitSeconds: longest > 0 ? Math.ceil(longest / 1000) : null };
  },
};

export function connectedAccountCount(): number {
  return accountPool.stats().connected;
}
