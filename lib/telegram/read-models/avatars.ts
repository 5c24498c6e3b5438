import "server-only";

import { long } from "../gramjs/long";
import { Api } from "telegram";

import type { AccountSession } from "../runtime/session";
import type { PeerId } from "../dto";
import type { Avatar } from "../runtime/caches";
import { photoIdOf } from "../gramjs/mappers";

export type { Avatar } from "../runtime/caches";

function contentTypeOf(type: Api.storage.TypeFileType): string {
  if (type instanceof Api.storage.FilePng) return "image/png";
  if (type instanceof Api.storage.FileWebp) return "image/webp";
  if (type instanceof Api.storage.FileGif) return "image/gif";
  return "image/jpeg";
}

/**
 * The small profile photo of a peer this account knows (itself, a chat, a contact).
 * Served from a bounded per-account cache; otherwise one upload.getFile on the photo's DC.
 */
export async function getAvatar(session: AccountSession, peerId: PeerId): Promise<Avatar | null> {
  const known = session.peers.get(peerId);
  if (!known || !(known.reachable || peerId === session.selfPeerId)) return null;
  const photoId = photoIdOf(known.entity);
  if (!photoId) return null;
  const hit = session.avatars.get(peerId, photoId);
  if (hit) return hit;
  const photo = "photo" in known.entity ? known.entity.photo : undefined;
  const dcId = photo instanceof Api.UserProfilePhoto || photo instanceof Api.ChatPhoto ? photo.dcId : undefined;
  const peer = peerId === session.selfPeerId ? new Api.InputPeerSelf() : known.input;
  const file = await session.invoke(
    new Api.upload.GetFile({
      location: new Api.InputPeerPhotoFileLocation({ peer, photoId: long(photoId), big: false }),
      offset: long(0),
      limit: 1024 * 1024,
    }),
    dcId !== undefined && dcId !== session.client.session.dcId ? dcId : undefined,
  );
  if (!(file instanceof Api.upload.File)) return null;
  const avatar = { bytes: Buffer.from(file.bytes), contentType: contentTypeOf(file.type), photoId };
  session.avatars.set(peerId, avatar);
  return avatar;
}
