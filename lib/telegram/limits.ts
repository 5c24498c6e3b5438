// Sizes and limits shared by request validation (lib/validations), the read models and
// the browser. Client-safe: plain numbers, no imports.

/** Telegram's limit for one message's text, in UTF-16 code units (an emoji is often two). */
export const MAX_MESSAGE_LENGTH = 4096;

/**
 * A text's length as Telegram counts it: UTF-16 code units, which is what a JS string's
 * `length` is (zod's `.max()` counts code points, so 2,049 emoji would pass it).
 */
export function messageLength(text: string): number {
  return text.length;
}

/** True for a text Telegram would refuse as empty: nothing but whitespace and NUL characters. */
export function isBlankMessage(text: string): boolean {
  return text.replaceAll("\0", "").trim().length === 0;
}
/** Messages per history page. */
export const HISTORY_PAGE_SIZE = 50;
/** Chats on the dashboard's first render and per chat-list page unless asked otherwise. */
export const CHAT_PAGE_SIZE = 50;
/** Telegram's maximum page for messages.getDialogs, and so the largest chat page we serve. */
export const DIALOG_PAGE_SIZE = 100;
/** Past this many chats, search and peer lookups stop loading more pages. */
export const MAX_DIALOGS = 20_000;
/** Longest search text accepted for chats and contacts. */
export const SEARCH_MAX_LENGTH = 100;
/** Matches shown at most for a chat search. */
export const CHAT_SEARCH_LIMIT = 100;
/** Longest cloud (2FA) password the login form accepts. */
export const MAX_PASSWORD_LENGTH = 256;
/** Search results per page (in a chat, and across chats). */
export const SEARCH_PAGE_SIZE = 20;
/** Shortest and longest search text accepted for message search. */
export const MESSAGE_SEARCH_MAX_LENGTH = 100;
