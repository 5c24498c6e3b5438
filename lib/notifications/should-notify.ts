// Who gets a notification for a message, and what it says. Pure and client-safe (types
// only from dto.ts): the dashboard's in-tab notifications use it, and Web Push can use the
// same rule on the server.
import type { DialogDto, MediaKind, MessageDto, PeerId } from "@/lib/telegram/dto";

/**
 * Whether a message is worth telling anyone about, wherever they are: someone else wrote
 * it (not our own, not a service line such as "joined the group") in a chat that is not
 * muted. A message from someone with no dialog yet (a new candidate) notifies.
 */
export function shouldNotify(message: MessageDto, dialog: Pick<DialogDto, "muted"> | null): boolean {
  return !message.out && !message.service && !(dialog?.muted ?? false);
}

/** What the browser tab is showing when a message arrives. */
export interface TabState {
  /** The chat open in the tab, if any. */
  openPeerId: PeerId | null;
  /** document.visibilityState === "visible". */
  visible: boolean;
}

/** shouldNotify, except for the chat the person is looking at right now. */
export function shouldNotifyInTab(
  message: MessageDto,
  dialog: Pick<DialogDto, "muted"> | null,
  tab: TabState,
): boolean {
  return shouldNotify(message, dialog) && !(tab.visible && tab.openPeerId === message.peerId);
}

/** The words a notification is made of, in the reader's language. */
export interface NotificationWords {
  /** "Photo", "File", … per media kind. */
  media: Record<MediaKind, string>;
  /** "3 new messages". */
  newMessages: (count: number) => string;
  /** Title when neither the chat nor the sender has a name. */
  unknownChat: string;
}

// A record, so a media kind added to dto.ts without a word here fails the type check.
const MEDIA_KIND_KEYS: Record<MediaKind, true> = {
  photo: true,
  video: true,
  document: true,
  sticker: true,
  voice: true,
  audio: true,
  gif: true,
  round: true,
  location: true,
  contact: true,
  poll: true,
  webpage: true,
  other: true,
};

/** Every media kind, for building NotificationWords["media"] from a catalogue (tab and Web Push). */
export const MEDIA_KINDS = Object.keys(MEDIA_KIND_KEYS) as MediaKind[];

const PREVIEW_MAX = 140;

/** "Hello", "Photo", "File · CV.pdf", "Photo · look at this", shortened to fit a notification. */
export function previewText(
  message: Pick<MessageDto, "text" | "media">,
  words: Pick<NotificationWords, "media">,
): string {
  const parts: string[] = [];
  if (message.media) {
    parts.push(words.media[message.media.kind] ?? words.media.other);
    if (message.media.label) parts.push(message.media.label);
  }
  const text = message.text.replace(/\s+/g, " ").trim();
  if (text) parts.push(text);
  const preview = parts.join(" · ");
  return preview.length > PREVIEW_MAX ? `${preview.slice(0, PREVIEW_MAX - 1).trimEnd()}…` : preview;
}

/** One notification for one chat. */
export interface ChatNotification {
  peerId: PeerId;
  title: string;
  body: string;
  /** Same per chat, so a newer notification replaces the older one instead of stacking. */
  tag: string;
  /** Messages it stands for. */
  count: number;
}

/** The tag of a chat's notifications. */
export function notificationTag(peerId: PeerId): string {
  return `tgdesk-chat:${peerId}`;
}

/**
 * The notification for `count` new messages in a chat, `latest` the newest of them: one
 * message shows its preview (with the sender's name in groups), several say how many.
 */
export function chatNotification(
  latest: Pick<MessageDto, "peerId" | "text" | "media" | "senderName">,
  dialog: Pick<DialogDto, "title" | "kind"> | null,
  count: number,
  words: NotificationWords,
): ChatNotification {
  const title = dialog?.title || latest.senderName || words.unknownChat;
  let body: string;
  if (count > 1) body = words.newMessages(count);
  else {
    const preview = previewText(latest, words);
    const inGroup = dialog !== null && dialog.kind !== "user";
    body = inGroup && latest.senderName && latest.senderName !== title ? `${latest.senderName}: ${preview}` : preview;
  }
  return { peerId: latest.peerId, title, body, tag: notificationTag(latest.peerId), count };
}

/** A message as the live stream delivers it: with its chat when the list knows it. */
export interface IncomingMessage {
  message: MessageDto;
  dialog: DialogDto | null;
}

/** Per chat, in the order chats first appear: the newest message, its dialog and how many came. */
export interface ChatBatch {
  peerId: PeerId;
  latest: MessageDto;
  dialog: DialogDto | null;
  count: number;
}

/** Groups messages by chat, so a burst (messages recovered after a restart) notifies once per chat. */
export function collapseByChat(items: readonly IncomingMessage[]): ChatBatch[] {
  const byChat = new Map<PeerId, ChatBatch>();
  for (const { message, dialog } of items) {
    const batch = byChat.get(message.peerId);
    if (!batch) byChat.set(message.peerId, { peerId: message.peerId, latest: message, dialog, count: 1 });
    else {
      batch.count += 1;
      if (message.id >= batch.latest.id) batch.latest = message;
      batch.dialog = dialog ?? batch.dialog;
    }
  }
  return [...byChat.values()];
}

/**
 * Chats whose unread count went up between two reads of the chat list (before and after a
 * catch-up refetch): messages that arrived while the stream or the server was down and
 * were never pushed to this tab. Only chats whose newest message would notify count.
 */
export function unreadIncreases(before: readonly DialogDto[], after: readonly DialogDto[]): ChatBatch[] {
  // No list before (it had not loaded): every unread chat would look new.
  if (before.length === 0) return [];
  const previous = new Map(before.map((dialog) => [dialog.peerId, dialog.unreadCount]));
  const batches: ChatBatch[] = [];
  for (const dialog of after) {
    const added = dialog.unreadCount - (previous.get(dialog.peerId) ?? 0);
    const latest = dialog.lastMessage;
    if (added > 0 && latest && shouldNotify(latest, dialog)) {
      batches.push({ peerId: dialog.peerId, latest, dialog, count: added });
    }
  }
  return batches;
}

/** Two views of the same missed messages (pushed events and the unread counts) → one batch per chat. */
export function mergeBatches(pushed: readonly ChatBatch[], counted: readonly ChatBatch[]): ChatBatch[] {
  const merged = new Map<PeerId, ChatBatch>();
  for (const batch of [...pushed, ...counted]) {
    const seen = merged.get(batch.peerId);
    if (!seen) merged.set(batch.peerId, { ...batch });
    else {
      // The same messages can be in both; the larger count covers them all.
      seen.count = Math.max(seen.count, batch.count);
      if (batch.latest.id > seen.latest.id) seen.latest = batch.latest;
      seen.dialog = seen.dialog ?? batch.dialog;
    }
  }
  return [...merged.values()];
}
