import "server-only";

import { adminCloseAccount, adminConnectionState, adminLogOutAccount, connectedAccountCount } from "@/lib/telegram";
import type { TelegramAdminPort } from "@/lib/admin/telegram-port";

/** The admin panel's view of Telegram, through lib/telegram's one door. */
export const telegramAdmin: TelegramAdminPort = {
  logOut: (account) => adminLogOutAccount(account.id),
  disconnect: (accountId, reason) => adminCloseAccount(accountId, reason),
  connection: (accountId) => adminConnectionState(accountId),
};

export { connectedAccountCount };
