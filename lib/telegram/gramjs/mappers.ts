import "server-only";

import { Api, utils } from "telegram";

import type {
  ContactDto,
  DialogDto,
  MediaDto,
  MessageDto,
  PeerId,
  PeerKind,
  PeerStatusDto,
  ProfileDto,
  ServiceAction,
  SessionDto,
} from "../dto";
import { mediaFileOf } from "../media/describe";

// reshape*() turn GramJS objects into the app's DTOs (lib/telegram/dto.ts). Nothing
// outside lib/telegram sees a GramJS class: ids become strings, dates stay unix seconds,
// and every optional Telegram field gets an explicit null.

export type Entity = Api.User | Api.Chat | Api.Channel | Api.ChatForbidden | Api.ChannelForbidden;
export type EntityMap = ReadonlyMap<PeerId, Entity>;

/** Marked peer id ("123", "-456", "-100789") of a Peer, InputPeer or entity. */
export function peerIdOf(peer: Api.TypePeer | Api.TypeInputPeer | Entity): PeerId {
  return utils.getPeerId(peer);
}

export function entityMapOf(...lists: ReadonlyArray<ReadonlyArray<Api.TypeUser | Api.TypeChat>>): Map<PeerId, Entity> {
  const map = new Map<PeerId, Entity>();
  for (const list of lists) {
    for (const entity of list) {
      if (
        entity instanceof Api.User ||
        entity instanceof Api.Chat ||
        entity instanceof Api.Channel ||
        entity instanceof Api.ChatForbidden ||
        entity instanceof Api.ChannelForbidden
      ) {
        map.set(peerIdOf(entity), entity);
      }
    }
  }
  return map;
}

function kindOf(entity: Entity): PeerKind {
  if (entity instanceof Api.User) return "user";
  if (entity instanceof Api.Channel) return entity.megagroup ? "group" : "channel";
  if (entity instanceof Api.ChannelForbidden) return entity.megagroup ? "group" : "channel";
  return "group";
}

function userName(user: Api.User): string {
  if (user.deleted) return "Deleted Account";
  const name = [user.firstName, user.lastName].filter(Boolean).join(" ").trim();
  return name || (user.username ? `@${user.username}` : user.phone ? `+${user.phone}` : String(user.id));
}

function titleOf(entity: Entity): string {
  if (entity instanceof Api.User) return userName(entity);
  return entity.title || "—";
}

/** Up to two letters for an avatar placeholder; emoji-safe (code points, not code units). */
export function initialsOf(title: string): string {
  const words = title
    .replace(/^@/, "")
    .split(/\s+/)
    .filter((word) => /[\p{L}\p{N}]/u.test(word));
  const letters = words.slice(0, 2).map((word) => Array.from(word.replace(/^[^\p{L}\p{N}]+/u, ""))[0] ?? "");
  return letters.join("").toUpperCase() || "?";
}

/** The photo id of an entity's current avatar, or null. */
export function photoIdOf(entity: Entity): string | null {
  if (entity instanceof Api.User) {
    return entity.photo instanceof Api.UserProfilePhoto ? entity.photo.photoId.toString() : null;
  }
  if (entity instanceof Api.Chat || entity instanceof Api.Channel) {
    return entity.photo instanceof Api.ChatPhoto ? entity.photo.photoId.toString() : null;
  }
  return null;
}

/**
 * The avatar lives behind our own route; the photo id is in the URL so a changed avatar
 * is a new URL and the old one can be cached as immutable.
 */
function avatarUrlOf(entity: Entity): string | null {
  const photoId = photoIdOf(entity);
  return photoId ? `/api/telegram/avatars/${encodeURIComponent(peerIdOf(entity))}?v=${photoId}` : null;
}

export function reshapeProfile(user: Api.User): ProfileDto {
  return {
    id: user.id.toString(),
    firstName: user.firstName ?? "",
    lastName: user.lastName || null,
    name: userName(user),
    username: user.username || null,
    phone: user.phone || null,
    avatarUrl: avatarUrlOf(user),
  };
}

function durationOf(attributes: Api.TypeDocumentAttribute[]): number | null {
  for (const attribute of attributes) {
    if (attribute instanceof Api.DocumentAttributeAudio || attribute instanceof Api.DocumentAttributeVideo) {
      return Math.round(Number(attribute.duration));
    }
  }
  return null;
}

/**
 * The media of a message; with `at` (the account and message it is read through) its
 * file too, with URLs under the media route.
 */
export function reshapeMedia(
  media: Api.TypeMessageMedia | undefined,
  at?: { accountId: string; peerId: PeerId; messageId: number },
): MediaDto | null {
  const described = describeMedia(media);
  if (!described || !at) return described;
  const file = mediaFileOf(media, at);
  return file ? { ...described, file } : described;
}

function describeMedia(media: Api.TypeMessageMedia | undefined): MediaDto | null {
  if (!media || media instanceof Api.MessageMediaEmpty) return null;
  if (media instanceof Api.MessageMediaPhoto) return { kind: "photo", label: null, duration: null };
  if (media instanceof Api.MessageMediaDocument) {
    const document = media.document instanceof Api.Document ? media.document : null;
    const attributes = document?.attributes ?? [];
    const has = <T>(cls: abstract new (...args: never[]) => T) =>
      attributes.find((a): a is Api.TypeDocumentAttribute & T => a instanceof cls);
    const duration = durationOf(attributes);
    const fileName = has(Api.DocumentAttributeFilename)?.fileName ?? null;
    if (has(Api.DocumentAttributeSticker)) {
      return { kind: "sticker", label: has(Api.DocumentAttributeSticker)?.alt || null, duration: null };
    }
    const audio = has(Api.DocumentAttributeAudio);
    if (audio?.voice || media.voice) return { kind: "voice", label: null, duration };
    if (audio) {
      const label = [audio.performer, audio.title].filter(Boolean).join(" — ") || fileName;
      return { kind: "audio", label, duration };
    }
    const video = has(Api.DocumentAttributeVideo);
    if (video?.roundMessage || media.round) return { kind: "round", label: null, duration };
    if (has(Api.DocumentAttributeAnimated)) return { kind: "gif", label: null, duration: null };
    if (video || media.video) return { kind: "video", label: fileName, duration };
    return { kind: "document", label: fileName, duration: null };
  }
  if (
    media instanceof Api.MessageMediaGeo ||
    media instanceof Api.MessageMediaGeoLive ||
    media instanceof Api.MessageMediaVenue
  ) {
    return { kind: "location", label: media instanceof Api.MessageMediaVenue ? media.title : null, duration: null };
  }
  if (media instanceof Api.MessageMediaContact) {
    const label = [media.firstName, media.lastName].filter(Boolean).join(" ") || media.phoneNumber || null;
    return { kind: "contact", label, duration: null };
  }
  if (media instanceof Api.MessageMediaPoll) {
    const question = media.poll.question;
    return { kind: "poll", label: typeof question === "string" ? question : question.text, duration: null };
  }
  if (media instanceof Api.MessageMediaWebPage) {
    const page = media.webpage;
    return { kind: "webpage", label: page instanceof Api.WebPage ? (page.title ?? page.url) : null, duration: null };
  }
  return { kind: "other", label: null, duration: null };
}

function nameOfUserId(id: { toString(): string } | undefined, entities: EntityMap): string {
  if (id === undefined) return "";
  const entity = entities.get(id.toString());
  return entity ? titleOf(entity) : id.toString();
}

function reshapeAction(action: Api.TypeMessageAction, entities: EntityMap): ServiceAction {
  if (action instanceof Api.MessageActionChatCreate) return { type: "chatCreate", title: action.title };
  if (action instanceof Api.MessageActionChannelCreate) return { type: "channelCreate", title: action.title };
  if (action instanceof Api.MessageActionChatEditTitle) return { type: "editTitle", title: action.title };
  if (action instanceof Api.MessageActionChatEditPhoto) return { type: "editPhoto" };
  if (action instanceof Api.MessageActionChatDeletePhoto) return { type: "deletePhoto" };
  if (action instanceof Api.MessageActionChatAddUser) {
    return { type: "addUser", users: action.users.map((id) => nameOfUserId(id, entities)) };
  }
  if (action instanceof Api.MessageActionChatDeleteUser)
    return { type: "removeUser", user: nameOfUserId(action.userId, entities) };
  if (action instanceof Api.MessageActionChatJoinedByLink || action instanceof Api.MessageActionChatJoinedByRequest) {
    return { type: "joinedByLink" };
  }
  if (action instanceof Api.MessageActionPinMessage) return { type: "pin" };
  if (action instanceof Api.MessageActionHistoryClear) return { type: "historyClear" };
  if (action instanceof Api.MessageActionPhoneCall) {
    const missed =
      action.reason instanceof Api.PhoneCallDiscardReasonMissed ||
      action.reason instanceof Api.PhoneCallDiscardReasonBusy;
    return { type: "phoneCall", missed, duration: action.duration ?? null };
  }
  if (action instanceof Api.MessageActionScreenshotTaken) return { type: "screenshot" };
  if (action instanceof Api.MessageActionContactSignUp) return { type: "contactSignUp" };
  return { type: "other", name: action.className.replace(/^MessageAction/, "") };
}

/**
 * A message as the app shows it. `chatPeerId` is the dialog the message belongs to (for
 * an incoming private message that is the sender, for an outgoing one the recipient).
 */
export function reshapeMessage(message: Api.TypeMessage, entities: EntityMap, accountId?: string): MessageDto | null {
  if (message instanceof Api.MessageEmpty) return null;
  const chatPeerId = peerIdOf(message.peerId);
  // Private incoming messages may omit from_id: the sender is the chat itself.
  const senderPeer = message.fromId ?? (message.out ? null : message.peerId);
  const senderId = senderPeer ? peerIdOf(senderPeer) : null;
  const sender = senderId ? entities.get(senderId) : undefined;
  const base = {
    id: message.id,
    peerId: chatPeerId,
    date: message.date,
    out: Boolean(message.out),
    senderId,
    senderName: sender ? titleOf(sender) : null,
  };
  if (message instanceof Api.MessageService) {
    return { ...base, text: "", media: null, service: reshapeAction(message.action, entities), editDate: null };
  }
  return {
    ...base,
    text: message.message ?? "",
    media: reshapeMedia(
      message.media,
      accountId === undefined ? undefined : { accountId, peerId: chatPeerId, messageId: message.id },
    ),
    service: null,
    editDate: message.editDate ?? null,
    replyTo:
      message.replyTo instanceof Api.MessageReplyHeader && message.replyTo.replyToMsgId
        ? { id: message.replyTo.replyToMsgId, text: null, senderName: null }
        : null,
    forward: message.fwdFrom ? reshapeForward(message.fwdFrom, entities) : null,
  };
}

/** Who a forwarded message came from: the entity when known, else the name Telegram kept. */
function reshapeForward(header: Api.MessageFwdHeader, entities: EntityMap): NonNullable<MessageDto["forward"]> {
  const origin = header.fromId ? entities.get(peerIdOf(header.fromId)) : undefined;
  return { from: origin ? titleOf(origin) : (header.fromName ?? null), date: header.date };
}

/**
 * Fills each reply's quoted snippet from the messages at hand (a history page): the
 * browser then shows it without asking. Replies to messages not in the list keep null.
 */
export function withReplySnippets(messages: MessageDto[]): MessageDto[] {
  const byId = new Map(messages.map((m) => [m.id, m]));
  return messages.map((m) => {
    const quoted = m.replyTo ? byId.get(m.replyTo.id) : undefined;
    if (!m.replyTo || !quoted) return m;
    return { ...m, replyTo: { id: m.replyTo.id, text: snippetOf(quoted), senderName: quoted.senderName } };
  });
}

/** The first line of a message, short, for a quote or a preview. */
function snippetOf(message: Pick<MessageDto, "text" | "media">): string | null {
  const line = message.text.split("\n")[0]!.trim();
  if (!line) return null;
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

export function isMuted(settings: Api.TypePeerNotifySettings | undefined, nowSeconds: number): boolean {
  return settings instanceof Api.PeerNotifySettings && (settings.muteUntil ?? 0) > nowSeconds;
}

export function reshapeDialog(
  dialog: Api.Dialog,
  entities: EntityMap,
  messages: ReadonlyMap<string, Api.TypeMessage>,
  nowSeconds: number,
): DialogDto | null {
  const peerId = peerIdOf(dialog.peer);
  const entity = entities.get(peerId);
  if (!entity) return null;
  const top = messages.get(`${peerId}:${dialog.topMessage}`);
  const lastMessage = top ? reshapeMessage(top, entities) : null;
  if (lastMessage?.out) lastMessage.read = dialog.readOutboxMaxId >= lastMessage.id;
  return {
    ...reshapePeer(entity),
    pinned: Boolean(dialog.pinned),
    muted: isMuted(dialog.notifySettings, nowSeconds),
    unreadCount: dialog.unreadCount,
    readOutboxMaxId: dialog.readOutboxMaxId,
    lastMessage,
    date: lastMessage?.date ?? 0,
  };
}

/** The identity part of a dialog, for a peer we know but have no dialog row for. */
export function reshapePeer(
  entity: Entity,
): Pick<DialogDto, "peerId" | "kind" | "title" | "username" | "avatarUrl" | "initials" | "status" | "members"> {
  const title = titleOf(entity);
  return {
    // Both come with the entity Telegram sends alongside the dialogs: no request per chat.
    status: entity instanceof Api.User ? reshapeStatus(entity.status) : null,
    members: entity instanceof Api.Chat || entity instanceof Api.Channel ? (entity.participantsCount ?? null) : null,
    peerId: peerIdOf(entity),
    kind: kindOf(entity),
    title,
    username: "username" in entity ? (entity.username ?? null) : null,
    avatarUrl: avatarUrlOf(entity),
    initials: initialsOf(title),
  };
}

/** Index of the messages that come with getDialogs, keyed "peerId:messageId". */
export function messageIndexOf(messages: Api.TypeMessage[]): Map<string, Api.TypeMessage> {
  const index = new Map<string, Api.TypeMessage>();
  for (const message of messages) {
    if (message instanceof Api.MessageEmpty || !message.peerId) continue;
    index.set(`${peerIdOf(message.peerId)}:${message.id}`, message);
  }
  return index;
}

export function reshapeStatus(status: Api.TypeUserStatus | undefined): PeerStatusDto {
  if (status instanceof Api.UserStatusOnline) return { kind: "online", at: null };
  if (status instanceof Api.UserStatusOffline) return { kind: "offline", at: status.wasOnline };
  if (status instanceof Api.UserStatusRecently) return { kind: "recently", at: null };
  if (status instanceof Api.UserStatusLastWeek) return { kind: "lastWeek", at: null };
  if (status instanceof Api.UserStatusLastMonth) return { kind: "lastMonth", at: null };
  return { kind: "hidden", at: null };
}

export function reshapeContact(user: Api.User): ContactDto {
  const name = userName(user);
  return {
    peerId: peerIdOf(user),
    name,
    firstName: user.firstName ?? "",
    lastName: user.lastName || null,
    username: user.username || null,
    phone: user.phone || null,
    avatarUrl: avatarUrlOf(user),
    initials: initialsOf(name),
    status: reshapeStatus(user.status),
  };
}

export function reshapeAuthorization(authorization: Api.Authorization): SessionDto {
  return {
    hash: authorization.hash.toString(),
    current: Boolean(authorization.current),
    device: authorization.deviceModel,
    platform: [authorization.platform, authorization.systemVersion].filter(Boolean).join(" "),
    app: [authorization.appName, authorization.appVersion].filter(Boolean).join(" "),
    ip: authorization.ip,
    location: [authorization.region, authorization.country].filter(Boolean).join(", "),
    createdAt: authorization.dateCreated,
    activeAt: authorization.dateActive,
  };
}

/** Orders a dialog list as Telegram clients do: pinned first (in pin order), then newest. */
export function sortDialogs(dialogs: DialogDto[], pinOrder: ReadonlyMap<PeerId, number> = new Map()): DialogDto[] {
  return [...dialogs].sort((a, b) => {
    if (a.pinned !== b.pinned) return a.pinned ? -1 : 1;
    if (a.pinned && b.pinned) return (pinOrder.get(a.peerId) ?? 0) - (pinOrder.get(b.peerId) ?? 0);
    return b.date - a.date;
  });
}
