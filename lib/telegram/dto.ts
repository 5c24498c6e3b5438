// The app's own shapes for Telegram data. Everything that leaves lib/telegram is one of
// these: plain JSON, string ids (Telegram ids exceed 2^53), no GramJS classes. Client
// components import these types too, so this file must stay free of runtime imports.

/** A peer id in Telegram's "marked" form: users positive, basic groups -id, channels -100id. */
export type PeerId = string;

export type PeerKind = "user" | "group" | "channel";

export interface ProfileDto {
  id: string;
  firstName: string;
  lastName: string | null;
  name: string;
  username: string | null;
  phone: string | null;
  /** Avatar URL served by our route handler, or null when the account has no photo. */
  avatarUrl: string | null;
}

export interface DialogDto {
  peerId: PeerId;
  kind: PeerKind;
  title: string;
  username: string | null;
  avatarUrl: string | null;
  /** Initials shown while (or instead of) the avatar loads. */
  initials: string;
  pinned: boolean;
  muted: boolean;
  unreadCount: number;
  /**
   * Telegram's read_outbox_max_id: own messages up to this id are read by the other side
   * (✓✓). Absent when not known (a contact without a dialog row).
   */
  readOutboxMaxId?: number;
  lastMessage: MessageDto | null;
  /** The top message's date in unix seconds; orders the list. */
  date: number;
  /** A person's presence as Telegram gave it with the dialogs (users only). */
  status?: PeerStatusDto | null;
  /** Members of a group, subscribers of a channel, when Telegram says (not for users). */
  members?: number | null;
}

export interface PeerStatusDto {
  kind: "online" | "recently" | "lastWeek" | "lastMonth" | "offline" | "hidden";
  /** Unix seconds: when an offline person was last seen. */
  at: number | null;
}

export type MediaKind =
  | "photo"
  | "video"
  | "document"
  | "sticker"
  | "voice"
  | "audio"
  | "gif"
  | "round"
  | "location"
  | "contact"
  | "poll"
  | "webpage"
  | "other";

export interface MediaDto {
  kind: MediaKind;
  /** File name for documents, performer/title for audio, question for polls. */
  label: string | null;
  /** Duration in seconds for voice/audio/video. */
  duration: number | null;
  /** The downloadable file behind photos, documents, voice, audio, video and stickers. */
  file?: MediaFileDto | null;
}

/** A photo's or document's file as the bubble shows it; bytes come from `url`. */
export interface MediaFileDto {
  /** Our media route for this message (same origin); `?thumb=` and `&download=1` vary it. */
  url: string;
  /** The small preview (a photo's or video's thumbnail) at an immutable URL, or null. */
  thumbUrl: string | null;
  /** Telegram's stripped thumbnail as a tiny JPEG data: URL, shown blurred at once. */
  placeholder: string | null;
  name: string | null;
  mimeType: string;
  /** Bytes of what `url` serves. */
  size: number;
  width: number | null;
  height: number | null;
  /** Voice notes: levels 0..31 from Telegram's packed 5-bit waveform. */
  waveform: number[] | null;
  /** Animated or video stickers: only `thumbUrl` is shown. */
  animated: boolean;
  /** The size of what `thumbUrl` serves (a document's page preview, a video's poster), from the message. */
  thumbWidth: number | null;
  thumbHeight: number | null;
}

export type ServiceAction =
  | { type: "chatCreate"; title: string }
  | { type: "channelCreate"; title: string }
  | { type: "editTitle"; title: string }
  | { type: "editPhoto" }
  | { type: "deletePhoto" }
  | { type: "addUser"; users: string[] }
  | { type: "removeUser"; user: string }
  | { type: "joinedByLink" }
  | { type: "pin" }
  | { type: "historyClear" }
  | { type: "phoneCall"; missed: boolean; duration: number | null }
  | { type: "screenshot" }
  | { type: "contactSignUp" }
  | { type: "other"; name: string };

export interface MessageDto {
  /** Message id within the chat (per-user for private chats and basic groups). */
  id: number;
  peerId: PeerId;
  date: number;
  out: boolean;
  /** Sender's peer id and name; the name is shown in groups. */
  senderId: PeerId | null;
  senderName: string | null;
  text: string;
  media: MediaDto | null;
  service: ServiceAction | null;
  editDate: number | null;
  /** Set on outgoing messages the recipient has read (private chats). */
  read?: boolean;
  /**
   * The message this one replies to (an id in the same chat). `text` and `senderName` are
   * filled when the server had the quoted message at hand; otherwise the page looks it up.
   */
  replyTo?: { id: number; text: string | null; senderName: string | null } | null;
  /** A forwarded message: the original sender's (or channel's) name, as Telegram gives it. */
  forward?: { from: string | null; date: number } | null;
}

export interface DialogPage {
  dialogs: DialogDto[];
  /** Opaque cursor for the next page, null at the end. */
  nextCursor: string | null;
  /** Total dialogs the account has, when Telegram says. */
  total: number | null;
}

export interface HistoryPage {
  peer: DialogDto;
  /** Oldest first, so the page renders top to bottom. */
  messages: MessageDto[];
  /** Pass as `before` to get older messages; null when the start is reached. */
  nextBefore: number | null;
  /** Paging forwards (`after`): pass as `after` for the next newer page; null once the newest is here. */
  nextAfter?: number | null;
}

/** A window of history around one message (a search result), oldest first. */
export interface HistoryWindow {
  peer: DialogDto;
  messages: MessageDto[];
  /** Pass as `before` for older messages; null at the chat's start. */
  nextBefore: number | null;
  /** Pass as `after` for newer messages; null once the newest is shown. */
  nextAfter: number | null;
}

/** One page of a search inside a chat, newest first. */
export interface ChatSearchPage {
  messages: MessageDto[];
  /** Matches in the whole chat, as Telegram counts them. */
  total: number;
  /** Pass as `offsetId` for the next (older) page; null at the end. */
  nextOffsetId: number | null;
}

/** One page of a search across every chat, grouped by chat in the order of their newest hit. */
export interface GlobalSearchPage {
  groups: Array<{ chat: DialogDto; messages: MessageDto[] }>;
  total: number;
  /** Opaque cursor for the next page; null at the end. */
  nextCursor: string | null;
}

/** The rate buckets of the account (settings page). */
export interface BucketStateDto {
  bucket: "resolve" | "search" | "history" | "dialogs" | "send" | "files" | "other";
  capacity: number;
  refillPerSecond: number;
  available: number;
  chats?: number;
  delayed: number;
  refused: number;
}

export interface ContactDto {
  peerId: PeerId;
  name: string;
  firstName: string;
  lastName: string | null;
  username: string | null;
  phone: string | null;
  avatarUrl: string | null;
  initials: string;
  /** Rough presence: "online", "recently", or a last-seen unix time. */
  status: PeerStatusDto;
}

export interface SessionDto {
  /** Telegram's authorization hash, as a decimal string. "0" for the current session. */
  hash: string;
  current: boolean;
  device: string;
  platform: string;
  app: string;
  ip: string;
  location: string;
  createdAt: number;
  activeAt: number;
}

export interface LinkedAccountDto {
  id: string;
  telegramUserId: string;
  name: string;
  username: string | null;
  phone: string | null;
  /** "unreadable": the stored session cannot be decrypted with the server's key; link again. */
  status: "active" | "revoked" | "unreadable";
  linkedAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface LoginAttemptDto {
  id: string;
  method: string;
  status: string;
  errorCode: string | null;
  startedAt: string;
  finishedAt: string | null;
  /** The account it linked, while this site still holds it. */
  account: { name: string; username: string | null; active: boolean } | null;
  /** How the linked account is named: as it is now while this site holds it, else as it was when linked. */
  label: string | null;
}

/** Pushed to the browser over Server-Sent Events. */
export type LiveEvent =
  | { type: "message"; peerId: PeerId; message: MessageDto; dialog: DialogDto | null }
  | { type: "read"; peerId: PeerId; unreadCount: number; maxId: number }
  | { type: "outboxRead"; peerId: PeerId; maxId: number }
  | { type: "dialogs" }
  | { type: "revoked" }
  /** The account's link to Telegram was lost / is back (the page then refetches what it shows). */
  | { type: "connection"; state: "reconnecting" | "online" }
  /** A person came online or went offline (Telegram's updateUserStatus). */
  | { type: "status"; peerId: PeerId; status: PeerStatusDto }
  /** Telegram said too much was missed to replay (differenceTooLong): refetch everything shown. */
  | { type: "resync" }
  /** A message was edited (by either side); `dialog` when it is the chat's last message. */
  | { type: "edited"; peerId: PeerId; message: MessageDto; dialog: DialogDto | null }
  /**
   * Messages were deleted (by either side). Private chats and basic groups share one id
   * space per account and Telegram does not name the chat: `peerId` is null then, and the
   * ids are removed from every chat that is not a channel.
   */
  | { type: "deleted"; peerId: PeerId | null; ids: number[] };

/** How a Telegram failure is shown: a code the UI words, and the wait for floods. */
export interface TelegramProblem {
  code:
    | "revoked"
    | "session_unreadable"
    | "flood_wait"
    | "network"
    | "reconnecting"
    | "not_found"
    | "no_account"
    | "unknown";
  seconds: number | null;
}

// Client components may import only this module and ./login/types from lib/telegram; the
// limits they need (the composer's message length) come through here.
export { CHAT_PAGE_SIZE, HISTORY_PAGE_SIZE, MAX_MESSAGE_LENGTH } from "./limits";
