import "server-only";

import type { DialogDto, MessageDto, PeerId, PeerStatusDto, ProfileDto } from "../dto";
import { sortDialogs } from "../gramjs/mappers";
import { Lru } from "./lru";

// The per-account caches that keep the dashboard within its request budget. Each owns
// its state privately; the read models and live updates change it only through these
// methods, so a cache's rules (freshness, in-place edits, dropping) live in one place.

/** How long dialogs, contacts and the profile are served from memory (issue 5's budget). */
export const CACHE_TTL_MS = 30_000;

type Clock = () => number;

/** The account's own profile, fresh for CACHE_TTL_MS. */
export class ProfileCache {
  private entry: { profile: ProfileDto; at: number } | null = null;

  constructor(private readonly now: Clock) {}

  get(): ProfileDto | null {
    return this.entry && this.now() - this.entry.at < CACHE_TTL_MS ? this.entry.profile : null;
  }

  set(profile: ProfileDto): void {
    this.entry = { profile, at: this.now() };
  }
}

/** The contact list as peer ids (the entities live in the session's peer cache). */
export class ContactsCache {
  private entry: { peerIds: PeerId[]; at: number } | null = null;

  constructor(private readonly now: Clock) {}

  peerIds(): readonly PeerId[] | null {
    return this.entry && this.now() - this.entry.at < CACHE_TTL_MS ? this.entry.peerIds : null;
  }

  set(peerIds: PeerId[]): void {
    this.entry = { peerIds, at: this.now() };
  }

  /** The list changed on Telegram (a contact added or removed): the next read fetches it. */
  invalidate(): void {
    this.entry = null;
  }
}

/** Telegram offsets for the next getDialogs page; null when every dialog is loaded. */
export type DialogOffset = { date: number; id: number; peerId: PeerId } | null;

export interface DialogPageData {
  items: DialogDto[];
  pinOrder: Map<PeerId, number>;
  next: DialogOffset;
  total: number | null;
}

/**
 * The chat list loaded so far. Live updates edit its rows in place (a new message moves
 * a chat up without a getDialogs), so callers get copies, never the rows themselves.
 */
export class DialogsCache {
  private state: (DialogPageData & { at: number }) | null = null;
  /** In-flight page fetch, shared by concurrent callers. */
  private load: Promise<void> | null = null;

  constructor(private readonly now: Clock) {}

  fresh(): boolean {
    return this.state !== null && this.now() - this.state.at < CACHE_TTL_MS;
  }

  /** Fresh, and holds at least `count` dialogs or all there are. */
  holds(count: number): boolean {
    return this.fresh() && (this.state!.items.length >= count || this.state!.next === null);
  }

  get next(): DialogOffset {
    return this.state?.next ?? null;
  }

  get total(): number | null {
    return this.state?.total ?? null;
  }

  /** The loaded rows as they are (tests and diagnostics); use ordered() to serve them. */
  get items(): readonly DialogDto[] {
    return this.state?.items ?? [];
  }

  /** Every loaded dialog, pinned first then newest first, as copies. */
  ordered(): DialogDto[] {
    return this.state ? sortDialogs(this.state.items, this.state.pinOrder).map(copyDialog) : [];
  }

  /** A copy of the loaded dialog for a peer, if any. */
  find(peerId: PeerId): DialogDto | null {
    const dialog = this.row(peerId);
    return dialog ? copyDialog(dialog) : null;
  }

  /**
   * Updates were missed (the connection was down): the next read refetches the list,
   * while the rows stay for what reads them meanwhile (unread counts, read marks).
   */
  markStale(): void {
    if (this.state) this.state.at = Number.NEGATIVE_INFINITY;
  }

  /** Starts over from the first page. */
  replace(page: DialogPageData): void {
    this.state = { ...page, at: this.now() };
  }

  /** Appends the next page; a page that adds nothing new ends the list (else we would loop forever). */
  append(page: DialogPageData): void {
    const state = this.state;
    if (!state) return this.replace(page);
    const seen = new Set(state.items.map((dialog) => dialog.peerId));
    const fresh = page.items.filter((dialog) => !seen.has(dialog.peerId));
    state.items.push(...fresh);
    state.next = fresh.length > 0 ? page.next : null;
    state.total = page.total ?? state.total;
  }

  /** Runs `work` after any load in flight, so concurrent requests share one fetch. */
  serialised(work: () => Promise<void>): Promise<void> {
    const run = (this.load ?? Promise.resolve()).then(work, work);
    const tracked = run.finally(() => {
      if (this.load === tracked) this.load = null;
    });
    this.load = tracked;
    return tracked;
  }

  /**
   * Applies a new message: the preview, the order and (for incoming messages) the unread
   * count. Returns a copy of the updated dialog, or null when the peer is not loaded (the
   * list is then dropped so the next read refetches it).
   */
  applyMessage(message: MessageDto): DialogDto | null {
    if (!this.state) return null;
    const dialog = this.row(message.peerId);
    if (!dialog) {
      this.state = null;
      return null;
    }
    if (dialog.lastMessage && dialog.lastMessage.id >= message.id) return copyDialog(dialog);
    dialog.lastMessage = message;
    dialog.date = message.date;
    if (!message.out && !message.service) dialog.unreadCount += 1;
    if (message.out) dialog.unreadCount = 0;
    return copyDialog(dialog);
  }

  /** An edited message: the preview follows when it is the chat's last one. Returns that dialog, else null. */
  applyEdit(message: MessageDto): DialogDto | null {
    const dialog = this.row(message.peerId);
    if (!dialog || dialog.lastMessage?.id !== message.id) return null;
    dialog.lastMessage = { ...message, read: dialog.lastMessage.read };
    return copyDialog(dialog);
  }

  /**
   * Deleted messages (`peerId` null: any chat but a channel, as Telegram does not say).
   * A deleted last message leaves the preview unknown: the list is read again next time.
   * True when that happened.
   */
  applyDelete(peerId: PeerId | null, ids: readonly number[]): boolean {
    if (!this.state) return false;
    const gone = new Set(ids);
    const hit = this.state.items.some(
      (dialog) =>
        (peerId === null ? dialog.kind !== "channel" && !dialog.peerId.startsWith("-100") : dialog.peerId === peerId) &&
        dialog.lastMessage !== null &&
        gone.has(dialog.lastMessage.id),
    );
    if (hit) this.markStale();
    return hit;
  }

  applyRead(peerId: PeerId, unreadCount: number): void {
    const dialog = this.row(peerId);
    if (dialog) dialog.unreadCount = unreadCount;
  }

  applyStatus(peerId: PeerId, status: PeerStatusDto): void {
    const dialog = this.row(peerId);
    if (dialog) dialog.status = status;
  }

  applyOutboxRead(peerId: PeerId, maxId: number): void {
    const dialog = this.row(peerId);
    if (!dialog) return;
    dialog.readOutboxMaxId = Math.max(dialog.readOutboxMaxId ?? 0, maxId);
    if (dialog.lastMessage?.out && dialog.lastMessage.id <= maxId) dialog.lastMessage.read = true;
  }

  /** Telegram's notify settings changed (muted on a phone): false when the peer is not loaded. */
  applyMuted(peerId: PeerId, muted: boolean): boolean {
    const dialog = this.row(peerId);
    if (!dialog) return false;
    dialog.muted = muted;
    return true;
  }

  private row(peerId: PeerId): DialogDto | undefined {
    return this.state?.items.find((dialog) => dialog.peerId === peerId);
  }
}

function copyDialog(dialog: DialogDto): DialogDto {
  return { ...dialog, lastMessage: dialog.lastMessage ? { ...dialog.lastMessage } : null };
}

export interface Avatar {
  bytes: Buffer;
  contentType: string;
  photoId: string;
}

/** Small avatars are a few KB; 300 per account keeps a busy list in memory. */
const AVATAR_CACHE_SIZE = 300;

/** Downloaded avatars by peer and photo id, bounded. */
export class AvatarCache {
  private readonly entries = new Lru<string, Avatar>(AVATAR_CACHE_SIZE);

  get(peerId: PeerId, photoId: string): Avatar | undefined {
    return this.entries.get(`${peerId}:${photoId}`);
  }

  set(peerId: PeerId, avatar: Avatar): void {
    this.entries.set(`${peerId}:${avatar.photoId}`, avatar);
  }
}

/** Enough for the files of the last few chats opened. */
const MEDIA_MESSAGE_CACHE_SIZE = 500;
/** A file reference stays valid for hours; an expired one is refetched by the media route anyway. */
export const MEDIA_MESSAGE_TTL_MS = 10 * 60_000;

/**
 * Messages with files from the history pages this account was just shown, by chat. The media
 * route serves a bubble's thumbnail or file from here rather than asking Telegram for the
 * message again (one messages.getMessages per file shown); the chat in the key is the one the
 * history was read from, so a message is only found for the chat it is in. Edits and
 * deletions drop their entries; FILE_REFERENCE_EXPIRED makes the route fetch the message anew.
 */
export class MediaMessageCache<M> {
  private readonly entries = new Lru<string, { message: M; at: number }>(MEDIA_MESSAGE_CACHE_SIZE);

  constructor(private readonly now: Clock) {}

  remember(peerId: PeerId, id: number, message: M): void {
    this.entries.set(`${peerId}:${id}`, { message, at: this.now() });
  }

  get(peerId: PeerId, id: number): M | undefined {
    const key = `${peerId}:${id}`;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.now() - entry.at > MEDIA_MESSAGE_TTL_MS) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.message;
  }

  /** `peerId` null: a deletion in private chats, where Telegram names no chat. */
  forget(peerId: PeerId | null, ids: readonly number[]): void {
    if (peerId !== null) {
      for (const id of ids) this.entries.delete(`${peerId}:${id}`);
      return;
    }
    const suffixes = new Set(ids.map((id) => `:${id}`));
    for (const key of [...this.entries.keys()]) {
      if (suffixes.has(key.slice(key.lastIndexOf(":")))) this.entries.delete(key);
    }
  }
}
