import { Api } from "telegram";
import { rpcError } from "../rpc";
import type { Sandbox } from "../sandbox";
import { toBI, fromBI } from "../tl";
import {
  parsePeerKey,
  peerKey,
  type Channel,
  type Chat,
  type Dialog,
  type FileRec,
  type Msg,
  type StoredAttribute,
  type StoredEntity,
  type PeerKey,
  type User,
} from "../world";

export const now = () => Math.floor(Date.now() / 1000);

export function apiUser(s: Sandbox, u: User, viewerId: number | null): Api.User {
  const self = viewerId === u.id;
  const viewer = viewerId === null ? undefined : s.world.user(viewerId);
  const contact = !!viewer && viewer.contacts.includes(u.id);
  const mutual = contact && u.contacts.includes(viewerId!);
  return new Api.User({
    id: toBI(u.id),
    self,
    contact,
    mutualContact: mutual,
    accessHash: toBI(u.accessHash),
    firstName: u.firstName,
    lastName: u.lastName,
    username: u.username,
    // Telegram shows a phone to contacts and to the user themselves.
    phone: self || contact ? u.phone : undefined,
    photo: u.photoId
      ? new Api.UserProfilePhoto({ photoId: toBI(u.photoId), dcId: u.homeDc })
      : new Api.UserProfilePhotoEmpty(),
    status: new Api.UserStatusRecently({}),
  });
}

export function apiChat(c: Chat): Api.Chat {
  return new Api.Chat({
    id: toBI(c.id),
    title: c.title,
    photo: new Api.ChatPhotoEmpty(),
    participantsCount: c.members.length,
    date: c.date,
    version: 1,
  });
}

export function apiChannel(ch: Channel, viewerId: number | null): Api.Channel {
  return new Api.Channel({
    id: toBI(ch.id),
    accessHash: toBI(ch.accessHash),
    title: ch.title,
    username: ch.username,
    photo: new Api.ChatPhotoEmpty(),
    date: ch.date,
    broadcast: ch.broadcast,
    megagroup: !ch.broadcast,
    creator: viewerId === ch.creatorId,
    left: viewerId === null ? false : !ch.members.includes(viewerId),
    participantsCount: ch.members.length,
  });
}

export function apiPeer(k: PeerKey): Api.TypePeer {
  const p = parsePeerKey(k);
  if (p.type === "user") return new Api.PeerUser({ userId: toBI(p.id) });
  if (p.type === "chat") return new Api.PeerChat({ chatId: toBI(p.id) });
  return new Api.PeerChannel({ channelId: toBI(p.id) });
}

export function apiMessage(s: Sandbox, viewerId: number, peer: PeerKey, m: Msg): Api.TypeMessage {
  const p = parsePeerKey(peer);
  const ch = p.type === "channel" ? s.world.channel(p.id) : undefined;
  const isPost = !!ch?.broadcast;
  const out = p.type === "channel" ? m.fromId === viewerId && !isPost : m.out;
  const fromId = p.type === "user" || isPost ? undefined : new Api.PeerUser({ userId: toBI(m.fromId) });
  if (m.service) {
    const action =
      m.service.type === "chatCreate"
        ? new Api.MessageActionChatCreate({
            title: m.service.title,
            users: (s.world.chat(p.id)?.members ?? []).map(toBI),
          })
        : new Api.MessageActionChannelCreate({ title: m.service.title });
    return new Api.MessageService({ id: m.id, out, peerId: apiPeer(peer), fromId, date: m.date, action });
  }
  return new Api.Message({
    id: m.id,
    out,
    post: isPost,
    peerId: apiPeer(peer),
    fromId,
    date: m.date,
    message: m.text,
    media: apiMedia(s, m),
    entities: m.entities?.map(apiEntity).filter((e): e is Api.TypeMessageEntity => !!e),
    editDate: m.editDate,
    replyTo: m.replyTo === undefined ? undefined : new Api.MessageReplyHeader({ replyToMsgId: m.replyTo }),
    fwdFrom: m.fwdFrom ? apiFwdHeader(m.fwdFrom) : undefined,
  });
}

function apiFwdHeader(f: NonNullable<Msg["fwdFrom"]>): Api.MessageFwdHeader {
  return new Api.MessageFwdHeader({
    date: f.date,
    fromId:
      f.channelId !== undefined
        ? new Api.PeerChannel({ channelId: toBI(f.channelId) })
        : f.fromId !== undefined
          ? new Api.PeerUser({ userId: toBI(f.fromId) })
          : undefined,
    fromName: f.name,
  });
}

type EntityClass = new (args: Record<string, unknown>) => Api.TypeMessageEntity;

/** A stored entity back as its GramJS class (an unknown class name is dropped). */
function apiEntity(e: StoredEntity): Api.TypeMessageEntity | undefined {
  const cls = (Api as unknown as Record<string, EntityClass | undefined>)[e.t];
  if (!cls || !e.t.startsWith("MessageEntity")) return undefined;
  return new cls({
    offset: e.offset,
    length: e.length,
    url: e.url,
    language: e.language,
    userId: e.userId === undefined ? undefined : toBI(e.userId),
  });
}

export function storedEntity(e: Api.TypeMessageEntity): StoredEntity {
  const x = e as unknown as { url?: string; language?: string; userId?: { toString(): string } };
  return {
    t: e.className,
    offset: e.offset,
    length: e.length,
    url: typeof x.url === "string" ? x.url : undefined,
    language: typeof x.language === "string" ? x.language : undefined,
    userId: x.userId === undefined || x.userId === null ? undefined : String(x.userId),
  };
}

export function apiDocumentAttribute(a: StoredAttribute): Api.TypeDocumentAttribute {
  switch (a.t) {
    case "filename":
      return new Api.DocumentAttributeFilename({ fileName: a.fileName });
    case "audio":
      return new Api.DocumentAttributeAudio({
        voice: a.voice || undefined,
        duration: a.duration,
        title: a.title,
        performer: a.performer,
        waveform: a.waveform === undefined ? undefined : Buffer.from(a.waveform, "base64"),
      });
    case "video":
      return new Api.DocumentAttributeVideo({
        duration: a.duration,
        w: a.w,
        h: a.h,
        roundMessage: a.roundMessage || undefined,
        supportsStreaming: a.supportsStreaming || undefined,
      });
    case "imageSize":
      return new Api.DocumentAttributeImageSize({ w: a.w, h: a.h });
    case "animated":
      return new Api.DocumentAttributeAnimated();
    case "sticker":
      return new Api.DocumentAttributeSticker({ alt: a.alt, stickerset: new Api.InputStickerSetEmpty() });
  }
}

/** A document attribute as the client sent it, kept as JSON (unknown kinds are dropped). */
export function storedAttribute(a: Api.TypeDocumentAttribute): StoredAttribute | undefined {
  if (a instanceof Api.DocumentAttributeFilename) return { t: "filename", fileName: a.fileName };
  if (a instanceof Api.DocumentAttributeAudio)
    return {
      t: "audio",
      voice: !!a.voice,
      duration: a.duration,
      title: a.title,
      performer: a.performer,
      waveform: a.waveform?.toString("base64"),
    };
  if (a instanceof Api.DocumentAttributeVideo)
    return {
      t: "video",
      duration: a.duration,
      w: a.w,
      h: a.h,
      roundMessage: !!a.roundMessage,
      supportsStreaming: !!a.supportsStreaming,
    };
  if (a instanceof Api.DocumentAttributeImageSize) return { t: "imageSize", w: a.w, h: a.h };
  if (a instanceof Api.DocumentAttributeAnimated) return { t: "animated" };
  if (a instanceof Api.DocumentAttributeSticker) return { t: "sticker", alt: a.alt };
  return undefined;
}

export function apiPhoto(s: Sandbox, f: FileRec): Api.Photo {
  const sizes: Api.TypePhotoSize[] = [];
  if (f.photo?.stripped)
    sizes.push(new Api.PhotoStrippedSize({ type: "i", bytes: Buffer.from(f.photo.stripped, "base64") }));
  for (const z of f.photo?.sizes ?? []) sizes.push(new Api.PhotoSize({ type: z.type, w: z.w, h: z.h, size: z.size }));
  return new Api.Photo({
    id: toBI(f.id),
    accessHash: toBI(f.accessHash),
    fileReference: s.files.fileReference(f),
    date: f.date,
    sizes,
    dcId: f.dcId,
  });
}

export function apiDocument(s: Sandbox, f: FileRec): Api.Document {
  return new Api.Document({
    id: toBI(f.id),
    accessHash: toBI(f.accessHash),
    fileReference: s.files.fileReference(f),
    date: f.date,
    mimeType: f.mimeType,
    size: toBI(f.size),
    dcId: f.dcId,
    attributes: (f.attributes ?? []).map(apiDocumentAttribute),
    thumbs: documentThumbs(f),
  });
}

function documentThumbs(f: FileRec): Api.TypePhotoSize[] | undefined {
  const sizes: Api.TypePhotoSize[] = [];
  if (f.thumbStripped)
    sizes.push(new Api.PhotoStrippedSize({ type: "i", bytes: Buffer.from(f.thumbStripped, "base64") }));
  for (const z of f.thumbs ?? []) sizes.push(new Api.PhotoSize({ type: z.type, w: z.w, h: z.h, size: z.size }));
  return sizes.length ? sizes : undefined;
}

function apiMedia(s: Sandbox, m: Msg): Api.TypeMessageMedia | undefined {
  const media = m.media;
  if (!media) return undefined;
  if (media.kind === "file") {
    const f = s.files.get(media.fileId);
    if (!f) return new Api.MessageMediaUnsupported();
    if (f.kind === "photo") return new Api.MessageMediaPhoto({ photo: apiPhoto(s, f) });
    const audio = f.attributes?.find((a) => a.t === "audio");
    const video = f.attributes?.find((a) => a.t === "video");
    return new Api.MessageMediaDocument({
      document: apiDocument(s, f),
      voice: audio?.t === "audio" && audio.voice ? true : undefined,
      video: video ? true : undefined,
      round: video?.t === "video" && video.roundMessage ? true : undefined,
    });
  }
  // Worlds seeded before files existed describe attachments with no bytes behind them.
  const id = toBI(BigInt(m.date) * 1000n + BigInt(m.id));
  const common = { id, accessHash: id, fileReference: Buffer.alloc(0), date: m.date, dcId: 2 };
  if (media.kind === "photo") {
    return new Api.MessageMediaPhoto({
      photo: new Api.Photo({ ...common, sizes: [new Api.PhotoSize({ type: "x", w: 800, h: 600, size: 48_000 })] }),
    });
  }
  const document = (mimeType: string, size: number, attributes: Api.TypeDocumentAttribute[]) =>
    new Api.MessageMediaDocument({ document: new Api.Document({ ...common, mimeType, size: toBI(size), attributes }) });
  switch (media.kind) {
    case "document":
      return document(media.mimeType, media.size, [new Api.DocumentAttributeFilename({ fileName: media.fileName })]);
    case "voice":
      return document("audio/ogg", media.duration * 2_000, [
        new Api.DocumentAttributeAudio({ voice: true, duration: media.duration }),
      ]);
    case "sticker":
      return document("image/webp", 20_000, [
        new Api.DocumentAttributeSticker({ alt: media.emoji, stickerset: new Api.InputStickerSetEmpty() }),
        new Api.DocumentAttributeImageSize({ w: 512, h: 512 }),
      ]);
  }
}

/** Users and chats referenced by a set of peers and messages, as Telegram attaches them to results. */
export function collectEntities(
  s: Sandbox,
  viewerId: number,
  peers: Iterable<PeerKey>,
  senders: Iterable<number> = [],
) {
  const userIds = new Set<number>([viewerId, ...senders]);
  const chats: Array<Api.Chat | Api.Channel> = [];
  const seenChats = new Set<string>();
  for (const k of peers) {
    const p = parsePeerKey(k);
    if (p.type === "user") userIds.add(p.id);
    else if (!seenChats.has(k)) {
      seenChats.add(k);
      if (p.type === "chat") {
        const c = s.world.chat(p.id);
        if (c) chats.push(apiChat(c));
      } else {
        const c = s.world.channel(p.id);
        if (c) chats.push(apiChannel(c, viewerId));
      }
    }
  }
  const users = [...userIds]
    .map((id) => s.world.user(id))
    .filter((u): u is User => !!u)
    .map((u) => apiUser(s, u, viewerId));
  return { users, chats };
}

/** InputUser → user, checking the access hash as Telegram does. */
export function resolveInputUser(s: Sandbox, viewerId: number | null, input: unknown): User {
  if (input instanceof Api.InputUserSelf || input instanceof Api.InputPeerSelf) {
    if (viewerId === null) throw rpcError("AUTH_KEY_UNREGISTERED");
    return s.world.user(viewerId)!;
  }
  if (input instanceof Api.InputUser || input instanceof Api.InputPeerUser) {
    const u = s.world.user(Number(fromBI(input.userId)));
    if (!u || (u.id !== viewerId && fromBI(input.accessHash) !== BigInt(u.accessHash)))
      throw rpcError("USER_ID_INVALID");
    return u;
  }
  if (input instanceof Api.InputUserFromMessage || input instanceof Api.InputPeerUserFromMessage) {
    const u = s.world.user(Number(fromBI(input.userId)));
    if (!u) throw rpcError("USER_ID_INVALID");
    return u;
  }
  throw rpcError("USER_ID_INVALID");
}

export function resolveInputPeer(s: Sandbox, viewerId: number, input: unknown): PeerKey {
  if (input instanceof Api.InputPeerSelf) return peerKey.user(viewerId);
  if (input instanceof Api.InputPeerUser || input instanceof Api.InputPeerUserFromMessage) {
    return peerKey.user(resolveInputUser(s, viewerId, input).id);
  }
  if (input instanceof Api.InputPeerChat) {
    const c = s.world.chat(Number(fromBI(input.chatId)));
    if (!c || !c.members.includes(viewerId)) throw rpcError("PEER_ID_INVALID");
    return peerKey.chat(c.id);
  }
  if (input instanceof Api.InputPeerChannel || input instanceof Api.InputPeerChannelFromMessage) {
    return peerKey.channel(resolveChannel(s, viewerId, input).id);
  }
  throw rpcError("PEER_ID_INVALID");
}

export function resolveChannel(s: Sandbox, viewerId: number, input: unknown): Channel {
  if (input instanceof Api.InputChannel || input instanceof Api.InputPeerChannel) {
    const c = s.world.channel(Number(fromBI(input.channelId)));
    if (!c || fromBI(input.accessHash) !== BigInt(c.accessHash)) throw rpcError("CHANNEL_INVALID");
    if (!c.members.includes(viewerId) && !c.username) throw rpcError("CHANNEL_PRIVATE");
    return c;
  }
  if (input instanceof Api.InputChannelFromMessage || input instanceof Api.InputPeerChannelFromMessage) {
    const c = s.world.channel(Number(fromBI(input.channelId)));
    if (!c) throw rpcError("CHANNEL_INVALID");
    return c;
  }
  throw rpcError("CHANNEL_INVALID");
}

export const notifySettings = (dialog?: Dialog) =>
  new Api.PeerNotifySettings(dialog?.mutedUntil ? { muteUntil: dialog.mutedUntil } : {});

export function apiDialog(s: Sandbox, me: number, d: Dialog): Api.Dialog {
  const p = parsePeerKey(d.peer);
  return new Api.Dialog({
    pinned: d.pinned > 0,
    peer: apiPeer(d.peer),
    topMessage: d.topMessage,
    readInboxMaxId: d.readInboxMaxId,
    readOutboxMaxId: d.readOutboxMaxId,
    unreadCount: s.world.unreadCount(me, d),
    unreadMentionsCount: 0,
    unreadReactionsCount: 0,
    notifySettings: notifySettings(d),
    pts: p.type === "channel" ? s.world.channel(p.id)?.pts : undefined,
  });
}
