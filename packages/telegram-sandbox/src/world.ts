import { createHash } from "node:crypto";
import { srpVerifier } from "./crypto";
import { isSeedPhotoKey, seedManifest, type SeedKey } from "./seed-media";

export type PeerKey = `u${number}` | `c${number}` | `ch${number}`;

export interface PasswordRec {
  hint: string;
  salt1: string; // hex
  salt2: string; // hex
  v: string; // hex of the SRP verifier; the password itself is never stored
}

export interface User {
  id: number;
  accessHash: string;
  firstName: string;
  lastName?: string;
  username?: string;
  phone: string;
  homeDc: number;
  /** login code accepted by auth.signIn */
  code: string;
  password?: PasswordRec;
  photoId?: string;
  contacts: number[];
  about?: string;
  /**
   * Privacy → Phone number → "Who can find me by my number" (Telegram's
   * privacyKeyAddedByPhone): "contacts" hides the user from importContacts and
   * resolvePhone of anyone who is not their contact. Absent: everybody.
   */
  findByPhone?: "everybody" | "contacts";
  /**
   * Privacy → Messages → "who can start a chat with me": "contacts" refuses a first
   * message from a stranger with PRIVACY_PREMIUM_REQUIRED, as Telegram does for
   * non-Premium senders. Absent: everybody.
   */
  newChatsFrom?: "everybody" | "contacts";
}

export interface Msg {
  id: number;
  date: number;
  fromId: number;
  text: string;
  out: boolean;
  pts: number;
  service?: { type: "chatCreate" | "channelCreate"; title: string };
  /** An attachment; `text` is then its caption. */
  media?: MediaSeed;
  /** formatting of `text`, as the sender gave it */
  entities?: StoredEntity[];
  /** when the text was last edited (unix seconds) */
  editDate?: number;
  /**
   * Ties the copies of one private or group message in the boxes of its members (ids
   * differ per box). Absent in worlds written before edits existed: copies are then
   * matched by sender, date and text.
   */
  gid?: number;
  /** the message (an id in the same box or channel) this one replies to */
  replyTo?: number;
  /** where a forwarded message came from */
  fwdFrom?: { fromId?: number; channelId?: number; date: number; name?: string };
}

/** A message entity kept as JSON: the GramJS class name and its fields. */
export interface StoredEntity {
  t: string;
  offset: number;
  length: number;
  url?: string;
  language?: string;
  userId?: string;
}

/** A document attribute kept as JSON (waveform as base64). */
export type StoredAttribute =
  | { t: "filename"; fileName: string }
  | { t: "audio"; voice: boolean; duration: number; title?: string; performer?: string; waveform?: string }
  | { t: "video"; duration: number; w: number; h: number; roundMessage: boolean; supportsStreaming: boolean }
  | { t: "imageSize"; w: number; h: number }
  | { t: "animated" }
  | { t: "sticker"; alt: string };

/**
 * A stored file: a document or a photo whose bytes live on disk under the state dir
 * (files/<id>, files/<id>-<size> for a photo's sizes), on one DC.
 */
export interface FileRec {
  id: string;
  accessHash: string;
  kind: "document" | "photo";
  dcId: number;
  date: number;
  ownerId: number;
  /** bumped to expire every file reference handed out so far */
  refEpoch: number;
  /** document: bytes; photo: unused (see sizes) */
  size: number;
  mimeType: string;
  attributes?: StoredAttribute[];
  photo?: {
    w: number;
    h: number;
    sizes: Array<{ type: string; w: number; h: number; size: number }>;
    stripped?: string;
  };
  /**
   * A document's thumbnails (bytes in files/<id>-<type>), as Telegram makes them for PDFs,
   * videos and stickers; `thumbStripped` is the inline "i" size, base64.
   */
  thumbs?: Array<{ type: string; w: number; h: number; size: number }>;
  thumbStripped?: string;
  /** a seeded file: its bytes come from the committed assets (seed/media.json) */
  seed?: SeedKey;
}

export type MediaSeed =
  | { kind: "file"; fileId: string }
  | { kind: "photo" }
  | { kind: "document"; fileName: string; mimeType: string; size: number }
  | { kind: "voice"; duration: number }
  | { kind: "sticker"; emoji: string };

export interface Dialog {
  peer: PeerKey;
  topMessage: number;
  readInboxMaxId: number;
  readOutboxMaxId: number;
  /** 0 = not pinned; otherwise the pin order (1 first) */
  pinned: number;
  /** Unix time until which notifications are off (absent: not muted). */
  mutedUntil?: number;
}

/**
 * One pts event of a box: a new message, the user reading a chat (inbox) or the other
 * side reading the user's messages (outbox). Each pts advance is exactly one event, so a
 * client that sees a pts gap can always fill it with updates.getDifference.
 */
export interface PtsEvent {
  pts: number;
  peer: PeerKey;
  id: number;
  kind: "new" | "read" | "readOutbox" | "edit" | "delete";
  /** the message ids a "delete" removed from the box */
  ids?: number[];
}

/** A channel's pts events other than new posts (which are its history): edits and deletions. */
export interface ChannelEvent {
  pts: number;
  date: number;
  kind: "edit" | "delete";
  ids: number[];
}

/** How many pts events a box keeps; an older pts gets updates.differenceTooLong. */
export const PTS_LOG_LIMIT = 2000;

/** Per-user message box: private chats and basic groups have per-user ids and pts, as on Telegram. */
export interface Box {
  pts: number;
  nextId: number;
  dialogs: Record<string, Dialog>;
  history: Record<string, Msg[]>;
  /** Every pts this box ever took, oldest first (the last PTS_LOG_LIMIT): what getDifference replays. */
  ptsLog: PtsEvent[];
  randomIds: Record<string, { peer: PeerKey; id: number }>;
}

export interface Chat {
  id: number;
  title: string;
  members: number[];
  creatorId: number;
  date: number;
}

export interface Channel {
  id: number;
  accessHash: string;
  title: string;
  username?: string;
  broadcast: boolean;
  members: number[];
  creatorId: number;
  date: number;
  pts: number;
  nextId: number;
  history: Msg[];
  randomIds: Record<string, number>;
  /** edits and deletions, oldest first (the last PTS_LOG_LIMIT): getChannelDifference replays them */
  events?: ChannelEvent[];
}

export interface WorldData {
  version: 1;
  users: User[];
  chats: Chat[];
  channels: Channel[];
  boxes: Record<string, Box>;
  benchSeeded?: boolean;
  /** stored files by id (documents and photos) */
  files?: Record<string, FileRec>;
  /** the DC new files are stored on; absent: the DC they were uploaded to */
  fileDc?: number;
  /** the last Msg.gid handed out */
  lastGid?: number;
}

const SEED_DATE = 1_748_736_000; // 2025-06-01T00:00:00Z: fixed so the seed is deterministic

export function fileAccessHash(id: string): string {
  return createHash("sha256").update(`sandbox-file-${id}`).digest().readBigInt64LE(0).toString();
}

export function accessHashFor(kind: string, id: number): string {
  return createHash("sha256").update(`sandbox-${kind}-${id}`).digest().readBigInt64LE(0).toString();
}

/** Deterministic bytes from a label, for salts. */
function detBytes(label: string, n: number): Buffer {
  const out: Buffer[] = [];
  for (let i = 0; out.length * 32 < n; i++) out.push(createHash("sha256").update(`${label}:${i}`).digest());
  return Buffer.concat(out).subarray(0, n);
}

export function makePassword(userLabel: string, password: string, hint: string): PasswordRec {
  const salt1 = detBytes(`salt1-${userLabel}`, 40);
  const salt2 = detBytes(`salt2-${userLabel}`, 16);
  return {
    hint,
    salt1: salt1.toString("hex"),
    salt2: salt2.toString("hex"),
    v: srpVerifier(password, salt1, salt2).toString(16),
  };
}

export interface SeedUser {
  key: string;
  firstName: string;
  lastName?: string;
  homeDc: number;
  password?: string;
  hint?: string;
  about?: string;
}

/** The documented demo people (the package README). Phone 99966<dc><nnnn>, code = the DC digit five times (Telegram's test-DC convention). */
export const SEED_USERS: SeedUser[] = [
  { key: "alice", firstName: "Alice", lastName: "Liddell", homeDc: 2, about: "No 2FA, home DC 2" },
  {
    key: "bob",
    firstName: "Bob",
    lastName: "Builder",
    homeDc: 2,
    password: "bob-password",
    hint: "the usual, with bob-",
  },
  { key: "carol", firstName: "Carol", lastName: "Danvers", homeDc: 1, about: "Home DC 1: QR login migrates" },
  { key: "dave", firstName: "Dave", lastName: "Grohl", homeDc: 3, password: "dave-password", hint: "dave-..." },
  { key: "erin", firstName: "Erin", lastName: "Brockovich", homeDc: 2 },
  { key: "frank", firstName: "Frank", lastName: "Ocean", homeDc: 2 },
  { key: "grace", firstName: "Grace", lastName: "Hopper", homeDc: 1 },
  { key: "heidi", firstName: "Heidi", lastName: "Klum", homeDc: 3 },
  { key: "ivan", firstName: "Ivan", lastName: "Petrov", homeDc: 2 },
  { key: "judy", firstName: "Judy", lastName: "Hopps", homeDc: 2, password: "judy-password", hint: "judy-..." },
];

export const FIRST_USER_ID = 1_000_001;
export const FIRST_CHAT_ID = 2_000_001;
export const FIRST_CHANNEL_ID = 3_000_001;

export const peerKey = {
  user: (id: number): PeerKey => `u${id}`,
  chat: (id: number): PeerKey => `c${id}`,
  channel: (id: number): PeerKey => `ch${id}`,
};

export function parsePeerKey(k: string): { type: "user" | "chat" | "channel"; id: number } {
  if (k.startsWith("ch")) return { type: "channel", id: Number(k.slice(2)) };
  if (k.startsWith("c")) return { type: "chat", id: Number(k.slice(1)) };
  return { type: "user", id: Number(k.slice(1)) };
}

export class World {
  data: WorldData;
  private usersById = new Map<number, User>();
  private dirty = false;

  constructor(
    data: WorldData | undefined,
    private readonly dcCount: number,
  ) {
    this.data = data ?? { version: 1, users: [], chats: [], channels: [], boxes: {} };
    for (const u of this.data.users) this.usersById.set(u.id, u);
    if (!data) this.seed();
  }

  markDirty(): void {
    this.dirty = true;
  }
  takeDirty(): boolean {
    const d = this.dirty;
    this.dirty = false;
    return d;
  }

  user(id: number): User | undefined {
    return this.usersById.get(id);
  }
  userByKey(key: string): User | undefined {
    const k = key.replace(/^@/, "").toLowerCase();
    if (/^\d+$/.test(k)) return this.user(Number(k)) ?? this.userByPhone(k);
    return this.data.users.find((u) => u.username?.toLowerCase() === k);
  }
  userByPhone(phone: string): User | undefined {
    const p = phone.replace(/\D/g, "");
    return this.data.users.find((u) => u.phone === p);
  }
  chat(id: number): Chat | undefined {
    return this.data.chats.find((c) => c.id === id);
  }
  channel(id: number): Channel | undefined {
    return this.data.channels.find((c) => c.id === id);
  }
  channelByUsername(name: string): Channel | undefined {
    return this.data.channels.find((c) => c.username?.toLowerCase() === name.toLowerCase());
  }

  box(userId: number): Box {
    let b = this.data.boxes[userId];
    if (!b) {
      b = { pts: 1, nextId: 1, dialogs: {}, history: {}, ptsLog: [], randomIds: {} };
      this.data.boxes[userId] = b;
    }
    return b;
  }

  addUser(
    u: Omit<User, "id" | "accessHash" | "contacts" | "code" | "phone"> & { phone?: string; code?: string; id?: number },
  ): User {
    const id = u.id ?? FIRST_USER_ID + this.data.users.length;
    const dc = Math.min(u.homeDc, this.dcCount);
    const phone = u.phone ?? `99966${dc}${String(id % 10000).padStart(4, "0")}`;
    const user: User = {
      ...u,
      id,
      homeDc: dc,
      phone,
      code: u.code ?? String(dc).repeat(5),
      accessHash: accessHashFor("user", id),
      photoId: u.photoId ?? String(BigInt(id) * 1000n + 1n),
      contacts: [],
    };
    this.data.users.push(user);
    this.usersById.set(id, user);
    this.markDirty();
    return user;
  }

  /** The only place a box's pts moves: one logged event per pts. */
  private takePts(box: Box, peer: PeerKey, id: number, kind: PtsEvent["kind"]): number {
    const pts = ++box.pts;
    box.ptsLog.push({ pts, peer, id, kind });
    if (box.ptsLog.length > PTS_LOG_LIMIT) box.ptsLog.splice(0, box.ptsLog.length - PTS_LOG_LIMIT);
    return pts;
  }

  /** Appends a message to one user's box (private chat or basic group copy). */
  private appendToBox(userId: number, peer: PeerKey, m: Omit<Msg, "id" | "pts">, randomId?: string): Msg {
    const box = this.box(userId);
    const id = box.nextId++;
    const msg: Msg = { ...m, id, pts: this.takePts(box, peer, id, "new") };
    (box.history[peer] ??= []).push(msg);
    const d = (box.dialogs[peer] ??= { peer, topMessage: 0, readInboxMaxId: 0, readOutboxMaxId: 0, pinned: 0 });
    d.topMessage = msg.id;
    if (msg.out) d.readInboxMaxId = Math.max(d.readInboxMaxId, msg.id); // own messages are read
    if (randomId) box.randomIds[randomId] = { peer, id: msg.id };
    this.markDirty();
    return msg;
  }

  /** A private message: one copy in each box. Returns [sender copy, recipient copy]. */
  sendPrivate(
    fromId: number,
    toId: number,
    text: string,
    date: number,
    randomId?: string,
    media?: MediaSeed,
    entities?: StoredEntity[],
    extra: Pick<Msg, "replyTo" | "fwdFrom"> = {},
  ): { out: Msg; in?: Msg } {
    const gid = this.nextGid();
    const out = this.appendToBox(
      fromId,
      peerKey.user(toId),
      { date, fromId, text, out: true, media, entities, gid, ...extra },
      randomId,
    );
    if (fromId === toId) return { out }; // Saved Messages
    // The reply points at the recipient's own copy of the quoted message.
    const replyTo = this.twinId(fromId, peerKey.user(toId), extra.replyTo, toId);
    const inn = this.appendToBox(toId, peerKey.user(fromId), {
      date,
      fromId,
      text,
      out: false,
      media,
      entities,
      gid,
      fwdFrom: extra.fwdFrom,
      replyTo,
    });
    return { out, in: inn };
  }

  private nextGid(): number {
    this.data.lastGid = (this.data.lastGid ?? 0) + 1;
    return this.data.lastGid;
  }

  /** The id in `otherId`'s box of the copy of message `id` of `userId`'s chat `peer`. */
  private twinId(userId: number, peer: PeerKey, id: number | undefined, otherId: number): number | undefined {
    if (id === undefined) return undefined;
    const m = (this.box(userId).history[peer] ?? []).find((x) => x.id === id);
    if (!m) return undefined;
    const p = parsePeerKey(peer);
    const theirPeer = p.type === "user" ? peerKey.user(userId) : peer;
    return this.findTwin(this.box(otherId).history[theirPeer] ?? [], m)?.id;
  }

  private findTwin(h: Msg[], m: Msg): Msg | undefined {
    if (m.gid !== undefined) return h.find((x) => x.gid === m.gid);
    return h.find((x) => x.gid === undefined && x.date === m.date && x.fromId === m.fromId && x.text === m.text);
  }

  /**
   * Every copy of a message of `userId`'s private chat or basic group: the user's own
   * first, then the other side's (private) or each other member's (group).
   */
  copiesOf(userId: number, peer: PeerKey, m: Msg): Array<{ userId: number; peer: PeerKey; msg: Msg }> {
    const out = [{ userId, peer, msg: m }];
    const p = parsePeerKey(peer);
    const others =
      p.type === "user" ? (p.id === userId ? [] : [p.id]) : p.type === "chat" ? (this.chat(p.id)?.members ?? []) : [];
    for (const other of others) {
      if (other === userId) continue;
      const theirPeer = p.type === "user" ? peerKey.user(userId) : peer;
      const twin = this.findTwin(this.box(other).history[theirPeer] ?? [], m);
      if (twin) out.push({ userId: other, peer: theirPeer, msg: twin });
    }
    return out;
  }

  /** Changes a box message's text: one "edit" pts event in that box. Returns its pts. */
  editInBox(userId: number, peer: PeerKey, m: Msg, text: string, entities: StoredEntity[] | undefined, date: number) {
    m.text = text;
    m.entities = entities;
    m.editDate = date;
    this.markDirty();
    return this.takePts(this.box(userId), peer, m.id, "edit");
  }

  /**
   * Removes messages from one user's box (whatever chats they are in): one "delete" pts
   * event for all of them. Ids the box does not hold are ignored, as Telegram does;
   * nothing found → null and no pts taken.
   */
  deleteFromBox(userId: number, ids: number[]): { pts: number; ids: number[] } | null {
    const box = this.box(userId);
    const wanted = new Set(ids);
    const removed: number[] = [];
    let firstPeer: PeerKey | undefined;
    for (const [peer, h] of Object.entries(box.history) as Array<[PeerKey, Msg[]]>) {
      const keep = h.filter((m) => !wanted.has(m.id));
      if (keep.length === h.length) continue;
      for (const m of h) if (wanted.has(m.id)) removed.push(m.id);
      firstPeer ??= peer;
      box.history[peer] = keep;
      const d = box.dialogs[peer];
      if (d) d.topMessage = keep.at(-1)?.id ?? 0;
    }
    if (!removed.length || !firstPeer) return null;
    removed.sort((a, b) => a - b);
    const pts = this.takePts(box, firstPeer, removed[0]!, "delete");
    box.ptsLog.at(-1)!.ids = removed;
    this.markDirty();
    return { pts, ids: removed };
  }

  /** Edits a channel post: one channel pts. */
  editInChannel(ch: Channel, m: Msg, text: string, entities: StoredEntity[] | undefined, date: number): number {
    m.text = text;
    m.entities = entities;
    m.editDate = date;
    return this.channelEvent(ch, { kind: "edit", ids: [m.id], date });
  }

  /** Deletes channel posts: one channel pts for all of them; null when none was there. */
  deleteFromChannel(ch: Channel, ids: number[], date: number): { pts: number; ids: number[] } | null {
    const wanted = new Set(ids);
    const removed = ch.history.filter((m) => wanted.has(m.id)).map((m) => m.id);
    if (!removed.length) return null;
    ch.history = ch.history.filter((m) => !wanted.has(m.id));
    const top = ch.history.at(-1)?.id ?? 0;
    for (const member of ch.members) {
      const d = this.box(member).dialogs[peerKey.channel(ch.id)];
      if (d && wanted.has(d.topMessage)) d.topMessage = top;
    }
    return { pts: this.channelEvent(ch, { kind: "delete", ids: removed, date }), ids: removed };
  }

  private channelEvent(ch: Channel, e: Omit<ChannelEvent, "pts">): number {
    const pts = ++ch.pts;
    const events = (ch.events ??= []);
    events.push({ ...e, pts });
    if (events.length > PTS_LOG_LIMIT) events.splice(0, events.length - PTS_LOG_LIMIT);
    this.markDirty();
    return pts;
  }

  sendChat(
    fromId: number,
    chat: Chat,
    text: string,
    date: number,
    randomId?: string,
    service?: Msg["service"],
    media?: MediaSeed,
    entities?: StoredEntity[],
    extra: Pick<Msg, "replyTo" | "fwdFrom"> = {},
  ): Map<number, Msg> {
    const copies = new Map<number, Msg>();
    const gid = this.nextGid();
    const peer = peerKey.chat(chat.id);
    for (const member of chat.members) {
      const mine = member === fromId;
      const replyTo = mine ? extra.replyTo : this.twinId(fromId, peer, extra.replyTo, member);
      copies.set(
        member,
        this.appendToBox(
          member,
          peer,
          { date, fromId, text, out: mine, service, media, entities, gid, fwdFrom: extra.fwdFrom, replyTo },
          mine ? randomId : undefined,
        ),
      );
    }
    return copies;
  }

  sendChannel(
    fromId: number,
    ch: Channel,
    text: string,
    date: number,
    randomId?: string,
    service?: Msg["service"],
    media?: MediaSeed,
    entities?: StoredEntity[],
    extra: Pick<Msg, "replyTo" | "fwdFrom"> = {},
  ): Msg {
    const msg: Msg = {
      id: ch.nextId++,
      pts: ++ch.pts,
      date,
      fromId,
      text,
      out: false,
      service,
      media,
      entities,
      ...extra,
    };
    ch.history.push(msg);
    if (randomId) ch.randomIds[`${fromId}:${randomId}`] = msg.id;
    for (const member of ch.members) {
      const box = this.box(member);
      const peer = peerKey.channel(ch.id);
      const d = (box.dialogs[peer] ??= { peer, topMessage: 0, readInboxMaxId: 0, readOutboxMaxId: 0, pinned: 0 });
      d.topMessage = msg.id;
      if (member === fromId) d.readInboxMaxId = msg.id;
    }
    this.markDirty();
    return msg;
  }

  /** History of a peer as seen by a user (channel history is shared). */
  history(userId: number, peer: PeerKey): Msg[] {
    const p = parsePeerKey(peer);
    if (p.type === "channel") return this.channel(p.id)?.history ?? [];
    return this.box(userId).history[peer] ?? [];
  }

  unreadCount(userId: number, d: Dialog): number {
    const h = this.history(userId, d.peer);
    let n = 0;
    for (let i = h.length - 1; i >= 0; i--) {
      const m = h[i]!;
      if (m.id <= d.readInboxMaxId) break;
      if (!m.out && m.fromId !== userId && !m.service) n++;
    }
    return n;
  }

  /** Marks a peer read up to maxId for userId; returns the user whose outbox became read (private chats). */
  readHistory(
    userId: number,
    peer: PeerKey,
    maxId: number,
  ): { changed: boolean; pts: number; outboxUser?: { userId: number; peer: PeerKey; maxId: number; pts: number } } {
    const box = this.box(userId);
    const d = box.dialogs[peer];
    if (!d) return { changed: false, pts: box.pts };
    const h = this.history(userId, peer);
    const top = h.length ? h[h.length - 1]!.id : 0;
    const upTo = Math.min(maxId <= 0 ? top : maxId, top);
    if (upTo <= d.readInboxMaxId) return { changed: false, pts: box.pts };
    d.readInboxMaxId = upTo;
    const p = parsePeerKey(peer);
    let pts = box.pts;
    if (p.type !== "channel") {
      pts = this.takePts(box, peer, upTo, "read");
    }
    this.markDirty();
    if (p.type === "user" && p.id !== userId) {
      // Translate the read position into the other user's box ids (messages they sent).
      const mine = h.filter((m) => m.id <= upTo && !m.out);
      const theirBox = this.box(p.id);
      const theirPeer = peerKey.user(userId);
      const theirHistory = theirBox.history[theirPeer] ?? [];
      const lastRead = mine[mine.length - 1];
      if (lastRead) {
        const match = theirHistory.filter((m) => m.out && m.date <= lastRead.date);
        const theirMax = match.length ? match[match.length - 1]!.id : 0;
        const td = theirBox.dialogs[theirPeer];
        if (td && theirMax > td.readOutboxMaxId) {
          td.readOutboxMaxId = theirMax;
          // The outbox read is an event in their box too: it takes a pts of its own.
          const theirPts = this.takePts(theirBox, theirPeer, theirMax, "readOutbox");
          return { changed: true, pts, outboxUser: { userId: p.id, peer: theirPeer, maxId: theirMax, pts: theirPts } };
        }
      }
    }
    return { changed: true, pts };
  }

  /** One side adds the other (contacts.importContacts); mutual once both have. */
  addOneWayContact(ownerId: number, contactId: number): void {
    const owner = this.user(ownerId);
    if (!owner || !this.user(contactId) || owner.contacts.includes(contactId)) return;
    owner.contacts.push(contactId);
    this.markDirty();
  }

  removeContact(ownerId: number, contactId: number): boolean {
    const owner = this.user(ownerId);
    if (!owner || !owner.contacts.includes(contactId)) return false;
    owner.contacts = owner.contacts.filter((id) => id !== contactId);
    this.markDirty();
    return true;
  }

  addContact(a: number, b: number): void {
    const ua = this.user(a);
    const ub = this.user(b);
    if (!ua || !ub) return;
    if (!ua.contacts.includes(b)) ua.contacts.push(b);
    if (!ub.contacts.includes(a)) ub.contacts.push(a);
    this.markDirty();
  }

  private seed(): void {
    const users = SEED_USERS.map((s, i) =>
      this.addUser({
        id: FIRST_USER_ID + i,
        firstName: s.firstName,
        lastName: s.lastName,
        username: s.key,
        homeDc: s.homeDc,
        about: s.about,
        password: s.password ? makePassword(s.key, s.password, s.hint ?? "") : undefined,
      }),
    );
    const [alice, bob, carol, dave, erin, frank] = users as [User, User, User, User, User, User];
    // Every demo person knows every other one.
    for (const a of users) for (const b of users) if (a.id < b.id) this.addContact(a.id, b.id);

    let t = SEED_DATE;
    const tick = (s = 60) => (t += s);
    // A long private chat for history paging (300 messages).
    for (let i = 1; i <= 300; i++) {
      const from = i % 3 === 0 ? alice : bob;
      const to = from === alice ? bob : alice;
      this.sendPrivate(from.id, to.id, `${from.firstName} → ${to.firstName}: message ${i}`, tick());
    }
    const talk = (a: User, b: User, n: number, label: string) => {
      for (let i = 1; i <= n; i++) {
        const from = i % 2 ? b : a;
        this.sendPrivate(from.id, from === a ? b.id : a.id, `${label} ${i}`, tick(300));
      }
    };
    talk(alice, carol, 20, "Carol and Alice, note");
    talk(alice, dave, 10, "Dave and Alice, line");
    talk(bob, carol, 5, "Bob and Carol, line");
    talk(alice, erin, 3, "Erin says hi");
    talk(alice, frank, 2, "Frank, message");
    // A candidate writes in Russian and sends what candidates send: a CV, a photo with a
    // caption, a voice note and a sticker.
    const ivan = users[8]!;
    this.sendPrivate(ivan.id, alice.id, "Здравствуйте! Отправляю резюме.", tick(300));
    this.sendPrivate(ivan.id, alice.id, "Резюме", tick(60), undefined, this.seedFile("cv", ivan, t));
    this.sendPrivate(ivan.id, alice.id, "Мой диплом", tick(60), undefined, this.seedFile("photo", ivan, t));
    this.sendPrivate(ivan.id, alice.id, "", tick(60), undefined, this.seedFile("voice", ivan, t));
    this.sendPrivate(ivan.id, alice.id, "", tick(60), undefined, this.seedFile("sticker", ivan, t));
    this.sendPrivate(ivan.id, alice.id, "Видеовизитка", tick(60), undefined, this.seedFile("video", ivan, t));
    this.sendPrivate(ivan.id, alice.id, "", tick(60), undefined, this.seedFile("round", ivan, t));
    this.sendPrivate(ivan.id, alice.id, "", tick(60), undefined, this.seedFile("animatedSticker", ivan, t));

    const chat: Chat = {
      id: FIRST_CHAT_ID,
      title: "Sandbox Team",
      members: [alice.id, bob.id, carol.id, dave.id, erin.id],
      creatorId: alice.id,
      date: tick(),
    };
    this.data.chats.push(chat);
    this.sendChat(alice.id, chat, "", chat.date, undefined, { type: "chatCreate", title: chat.title });
    for (let i = 1; i <= 40; i++) {
      const from = chat.members[i % chat.members.length]!;
      this.sendChat(from, chat, `Team thread, post ${i}`, tick(120));
    }

    const channel: Channel = {
      id: FIRST_CHANNEL_ID,
      accessHash: accessHashFor("channel", FIRST_CHANNEL_ID),
      title: "Sandbox News",
      username: "sandbox_news",
      broadcast: true,
      members: users.map((u) => u.id),
      creatorId: alice.id,
      date: tick(),
      pts: 1,
      nextId: 1,
      history: [],
      randomIds: {},
    };
    this.data.channels.push(channel);
    this.sendChannel(alice.id, channel, "", channel.date, undefined, { type: "channelCreate", title: channel.title });
    for (let i = 1; i <= 25; i++) {
      this.sendChannel(alice.id, channel, `Sandbox News #${i}: all systems nominal`, tick(3600));
      // Posts with files in the middle of the channel, so its last posts stay the text ones.
      if (i === 12) {
        const photo = this.seedFile("newsPhoto", alice, tick(600));
        this.sendChannel(alice.id, channel, "Our new office", t, undefined, undefined, photo);
        const digest = this.seedFile("newsDigest", alice, tick(600));
        this.sendChannel(alice.id, channel, "Weekly digest", t, undefined, undefined, digest);
      }
    }

    // Read state: everyone has read everything except the last few messages.
    for (const u of users) {
      const box = this.box(u.id);
      for (const d of Object.values(box.dialogs)) {
        const h = this.history(u.id, d.peer);
        // Leave the last N incoming messages unread: 3 from bob, 5 in the group, 2 in the channel, else 1.
        const keepUnread =
          d.peer === peerKey.user(bob.id) ? 3 : d.peer.startsWith("ch") ? 2 : d.peer.startsWith("c") ? 5 : 1;
        const incoming = h.filter((m) => !m.out && m.fromId !== u.id && !m.service);
        const firstUnread = incoming[incoming.length - keepUnread];
        d.readInboxMaxId = firstUnread ? firstUnread.id - 1 : (h[h.length - 1]?.id ?? 0);
        d.readOutboxMaxId = 0;
      }
      // Outbox read marks mirror the other side's inbox.
    }
    for (const u of users) {
      for (const d of Object.values(this.box(u.id).dialogs)) {
        const p = parsePeerKey(d.peer);
        if (p.type !== "user") continue;
        const other = this.box(p.id).dialogs[peerKey.user(u.id)];
        if (!other) continue;
        const theirRead = this.history(p.id, other.peer).filter((m) => m.id <= other.readInboxMaxId && !m.out);
        const last = theirRead[theirRead.length - 1];
        if (last)
          d.readOutboxMaxId = Math.max(
            0,
            ...this.history(u.id, d.peer)
              .filter((m) => m.out && m.date <= last.date)
              .map((m) => m.id),
          );
      }
    }
    // Alice pins the team chat and mutes Frank.
    const ad = this.box(alice.id).dialogs[peerKey.chat(chat.id)];
    if (ad) ad.pinned = 1;
    const frankDialog = this.box(alice.id).dialogs[peerKey.user(frank.id)];
    if (frankDialog) frankDialog.mutedUntil = 2_147_483_647;
    this.markDirty();
  }

  /** A seeded file record (deterministic id); the FileStore copies its bytes from seed/. */
  private seedFile(which: SeedKey, owner: User, date: number): MediaSeed {
    const m = seedManifest();
    const id = String(createHash("sha256").update(`sandbox-seed-file-${which}`).digest().readBigUInt64LE(0) >> 1n);
    const common = {
      id,
      accessHash: fileAccessHash(id),
      dcId: owner.homeDc,
      date,
      ownerId: owner.id,
      refEpoch: 0,
      seed: which,
    };
    let rec: FileRec;
    if (isSeedPhotoKey(which)) {
      const p = m[which];
      rec = {
        ...common,
        kind: "photo",
        size: 0,
        mimeType: "image/jpeg",
        photo: {
          w: p.w,
          h: p.h,
          sizes: p.sizes.map(({ type, w, h, size }) => ({ type, w, h, size })),
          stripped: p.stripped,
        },
      };
    } else {
      const d = m[which];
      rec = {
        ...common,
        kind: "document",
        size: d.size,
        mimeType: d.mimeType,
        attributes: d.attributes,
        thumbs: d.thumbs?.map(({ type, w, h, size }) => ({ type, w, h, size })),
        thumbStripped: d.stripped,
      };
    }
    (this.data.files ??= {})[id] = rec;
    return { kind: "file", fileId: id };
  }

  /**
   * Benchmark data, added on request: user "bench" (DC 2) with 1,000 dialogs (999 people
   * with one message each, one person with 10,000 messages).
   */
  seedBench(): User {
    const existing = this.userByKey("bench");
    if (existing && this.data.benchSeeded) return existing;
    const bench = existing ?? this.addUser({ firstName: "Bench", lastName: "Mark", username: "bench", homeDc: 2 });
    let t = SEED_DATE + 10_000_000;
    const peers: User[] = [];
    for (let i = 1; i <= 1000; i++) {
      peers.push(
        this.addUser({
          firstName: "Peer",
          lastName: String(i).padStart(4, "0"),
          username: `bench_peer_${i}`,
          homeDc: 2,
        }),
      );
    }
    const big = peers[0]!;
    for (let i = 1; i <= 10_000; i++) {
      const from = i % 2 ? big : bench;
      this.sendPrivate(from.id, from === big ? bench.id : big.id, `Long chat message ${i}`, (t += 30));
    }
    for (const p of peers.slice(1))
      this.sendPrivate(p.id, bench.id, `Hello from ${p.firstName} ${p.lastName}`, (t += 60));
    for (const p of peers.slice(0, 50)) this.addContact(bench.id, p.id);
    this.data.benchSeeded = true;
    this.markDirty();
    return bench;
  }
}

export const SEED_INFO = { SEED_DATE };
