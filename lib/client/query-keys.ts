/** Every react-query key in the app comes from here, so invalidation never misses one. */
export const queryKeys = {
  telegram: ["telegram"] as const,
  login: () => [...queryKeys.telegram, "login"] as const,
  chats: (accountId: string) => [...queryKeys.telegram, "account", accountId, "chats"] as const,
  history: (accountId: string, peer: string) =>
    [...queryKeys.telegram, "account", accountId, "history", peer] as const,
};
