/**
 * The additional authenticated data that binds a sealed Telegram session to its owner and
 * its row: a ciphertext copied into another user's row, or another account's, does not open.
 */
export function sessionContext(userId: string, accountId: string): string {
  return `tgdesk:telegram-session:${userId}:${accountId}`;
}
