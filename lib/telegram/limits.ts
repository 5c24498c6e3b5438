// Limits the browser needs too. Client-safe on purpose (no imports): the composer and the
// lists read them here instead of repeating the numbers.

/** Telegram's limit for one message's text, in characters. */
export const MAX_MESSAGE_LENGTH = 4096;

/** Chats fetched per page of the chat list (the server renders the first one). */
export const CHAT_PAGE_SIZE = 50;

/** Matches shown at most for a chat search. */
export const CHAT_SEARCH_LIMIT = 100;

/** Longest cloud (2FA) password the login form accepts. */
export const MAX_PASSWORD_LENGTH = 256;
