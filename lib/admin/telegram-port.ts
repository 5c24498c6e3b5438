// What the admin panel needs from Telegram, as a narrow interface: lib/admin stays
// testable without GramJS, and lib/admin/telegram-bridge.ts is the one file that knows
// where these live in lib/telegram.

export type ConnectionState = {
  /** "connected": the pool holds a live client; "idle": none right now (connects on use). */
  state: "connected" | "idle";
  /** Longest flood wait Telegram imposed on any method, in seconds from now, if any. */
  floodWaitSeconds: number | null;
};

export type LinkedAccountRef = { id: string; userId: string };

export interface TelegramAdminPort {
  /** auth.logOut through the account's own session, time-limited. True when Telegram confirmed. */
  logOut(account: LinkedAccountRef): Promise<boolean>;
  /** Closes the pooled connection (live pages hear "revoked"); the stored session is untouched. */
  disconnect(accountId: string, reason: "revoked" | "closed"): Promise<void>;
  connection(accountId: string): ConnectionState;
}
