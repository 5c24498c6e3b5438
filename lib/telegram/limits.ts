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

// Files (core.telegram.org/api/files). One part size for every upload: 512 KB is the
// largest part Telegram takes, divides 512 KB, and keeps a 2 GB file within 4,000 parts.
/** Bytes per uploaded part. */
export const UPLOAD_PART_BYTES = 512 * 1024;
/** Most parts one file may have (`file_total_parts` 1…4000). */
export const MAX_UPLOAD_PARTS = 4000;
/** Telegram's size limit for one file on a standard account: 4,000 parts of 512 KB (2,000 MiB). */
export const TELEGRAM_MAX_FILE_BYTES = MAX_UPLOAD_PARTS * UPLOAD_PART_BYTES;
/** Above this a file is uploaded with saveBigFilePart (Telegram's rule), below with saveFilePart. */
export const BIG_FILE_THRESHOLD_BYTES = 10 * 1024 * 1024;
/** Telegram's limit for a media caption, in UTF-16 code units. */
export const MAX_CAPTION_LENGTH = 1024;
/** Longest file name we pass on (Telegram keeps names of about this length). */
export const MAX_FILE_NAME_LENGTH = 255;
/** Largest image Telegram turns into a photo; a larger one is sent as a file. */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
/** Image types Telegram recompresses into photos. */
export const PHOTO_MIME_TYPES: readonly string[] = ["image/jpeg", "image/png", "image/webp"];

/** Whether a file can go as a photo (otherwise it is sent as a document whatever is asked). */
export function canSendAsPhoto(file: { size: number; mimeType: string }): boolean {
  return PHOTO_MIME_TYPES.includes(file.mimeType.toLowerCase()) && file.size > 0 && file.size <= MAX_PHOTO_BYTES;
}

export interface UploadPlan {
  partBytes: number;
  totalParts: number;
  /** saveBigFilePart with file_total_parts, else saveFilePart. */
  big: boolean;
}

/** How a file of `size` bytes is cut into parts. `size` must be within the limits (see uploadSizeProblem). */
export function planUpload(size: number): UploadPlan {
  if (!Number.isSafeInteger(size) || size <= 0) throw new RangeError("size must be a positive integer");
  const totalParts = Math.ceil(size / UPLOAD_PART_BYTES);
  if (totalParts > MAX_UPLOAD_PARTS) throw new RangeError("the file has more parts than Telegram allows");
  return { partBytes: UPLOAD_PART_BYTES, totalParts, big: size > BIG_FILE_THRESHOLD_BYTES };
}

/**
 * Why a file of `size` bytes cannot be uploaded, or null: empty, over the site's limit
 * (`siteMaxBytes`, which the server sets from MAX_UPLOAD_MB), or over Telegram's.
 * The lower of the two limits is the one reported.
 */
export function uploadSizeProblem(
  size: number,
  siteMaxBytes: number,
): { kind: "empty" } | { kind: "too_large"; maxBytes: number; limit: "site" | "telegram" } | null {
  if (size <= 0) return { kind: "empty" };
  const telegramIsLower = TELEGRAM_MAX_FILE_BYTES <= siteMaxBytes;
  const maxBytes = Math.min(siteMaxBytes, TELEGRAM_MAX_FILE_BYTES);
  if (size > maxBytes) return { kind: "too_large", maxBytes, limit: telegramIsLower ? "telegram" : "site" };
  return null;
}

/** Search results per page (in a chat, and across chats). */
export const SEARCH_PAGE_SIZE = 20;
/** Shortest and longest search text accepted for message search. */
export const MESSAGE_SEARCH_MAX_LENGTH = 100;
