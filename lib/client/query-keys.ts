/** Every react-query key in the app comes from here, so invalidation never misses one. */
export const queryKeys = {
  telegram: ["telegram"] as const,
  login: () => [...queryKeys.telegram, "login"] as const,
  chats: (accountId: string) => [...queryKeys.telegram, "account", accountId, "chats"] as const,
  history: (accountId: string, peer: string) => [...queryKeys.telegram, "account", accountId, "history", peer] as const,
  // Dashboard (issue 5). Search results live beside the list, not under it, so
  // invalidating the list does not throw away what someone is searching.
  chatSearch: (accountId: string, query: string) =>
    [...queryKeys.telegram, "account", accountId, "chat-search", query] as const,
  contacts: (accountId: string) => [...queryKeys.telegram, "account", accountId, "contacts"] as const,
  sessions: (accountId: string) => [...queryKeys.telegram, "account", accountId, "sessions"] as const,
  uploadLimits: () => [...queryKeys.telegram, "upload-limits"] as const,
  messageSearch: (accountId: string, peer: string, query: string) =>
    [...queryKeys.telegram, "account", accountId, "message-search", peer, query] as const,
  globalSearch: (accountId: string, query: string) =>
    [...queryKeys.telegram, "account", accountId, "global-search", query] as const,
  historyAround: (accountId: string, peer: string, messageId: number) =>
    [...queryKeys.telegram, "account", accountId, "history-around", peer, messageId] as const,
  // The forward picker's first chats when the list itself is not loaded (a phone, a failed list).
  firstChats: (accountId: string) => [...queryKeys.telegram, "account", accountId, "first-chats"] as const,
  // Web Push belongs to the site user, not to a Telegram account.
  push: () => ["push"] as const,
};
