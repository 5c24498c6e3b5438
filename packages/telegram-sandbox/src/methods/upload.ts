import { createHash } from "node:crypto";
import { deflateSync, crc32 } from "node:zlib";
import { Api } from "telegram";
import { rpcError } from "../rpc";
import type { Sandbox } from "../sandbox";
import { DOWNLOAD_WINDOW } from "../files";
import { bool, fromBI } from "../tl";
import type { FileRec, User } from "../world";
import { resolveInputPeer } from "./common";

const cache = new Map<number, Buffer>();

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length, 0);
  const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td), 0);
  return Buffer.concat([len, td, crc]);
}

/** A 64×64 PNG avatar, the same bytes for the same user every time. */
export function avatarPng(userId: number): Buffer {
  const hit = cache.get(userId);
  if (hit) return hit;
  const h = createHash("sha256").update(`avatar-${userId}`).digest();
  const base = [64 + (h[0]! % 160), 64 + (h[1]! % 160), 64 + (h[2]! % 160)];
  const size = 64;
  const raw = Buffer.alloc((size * 3 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 3 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      // A lighter diagonal band so avatars are told apart at a glance.
      const band = Math.abs(x - y) < 10 || Math.abs(x + y - size) < 6 ? 50 : 0;
      const o = y * (size * 3 + 1) + 1 + x * 3;
      raw[o] = Math.min(255, base[0]! + band);
      raw[o + 1] = Math.min(255, base[1]! + band);
      raw[o + 2] = Math.min(255, base[2]! + band);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
  cache.set(userId, png);
  return png;
}

/** Stickers' thumbnails are WebP (transparent), every other document's JPEG, as on Telegram. */
export const isSticker = (f: FileRec) => !!f.attributes?.some((a) => a.t === "sticker");

/** storage.FileType of a document's first slice, by its MIME type (later slices are filePartial). */
function storageType(mime: string): Api.storage.TypeFileType {
  switch (mime) {
    case "image/jpeg":
      return new Api.storage.FileJpeg();
    case "image/png":
      return new Api.storage.FilePng();
    case "image/gif":
      return new Api.storage.FileGif();
    case "image/webp":
      return new Api.storage.FileWebp();
    case "application/pdf":
      return new Api.storage.FilePdf();
    case "audio/mpeg":
      return new Api.storage.FileMp3();
    case "video/quicktime":
      return new Api.storage.FileMov();
    case "video/mp4":
      return new Api.storage.FileMp4();
    default:
      return new Api.storage.FileUnknown();
  }
}

/**
 * Telegram's download rules (core.telegram.org/api/files): offset and limit divisible by
 * 4 KB and 1 MB divisible by limit, or with `precise` both divisible by 1 KB and limit at
 * most 1 MB; a request never crosses a 1 MB boundary.
 */
export function checkSlice(offset: number, limit: number, precise: boolean): void {
  const unit = precise ? 1024 : 4096;
  if (limit <= 0 || limit % unit !== 0 || limit > DOWNLOAD_WINDOW || (!precise && DOWNLOAD_WINDOW % limit !== 0))
    throw rpcError("LIMIT_INVALID");
  if (offset < 0 || offset % unit !== 0) throw rpcError("OFFSET_INVALID");
  if (Math.floor(offset / DOWNLOAD_WINDOW) !== Math.floor((offset + limit - 1) / DOWNLOAD_WINDOW))
    throw rpcError("LIMIT_INVALID");
}

/** A stored file named by an input location, its access hash and file reference checked. */
function storedFile(s: Sandbox, kind: FileRec["kind"], id: unknown, accessHash: unknown, ref: Buffer): FileRec {
  const f = s.files.get(fromBI(id as bigint).toString());
  if (!f || f.kind !== kind || fromBI(accessHash as bigint).toString() !== f.accessHash)
    throw rpcError(kind === "photo" ? "PHOTO_INVALID" : "FILE_ID_INVALID");
  if (!ref.equals(s.files.fileReference(f))) throw rpcError("FILE_REFERENCE_EXPIRED");
  return f;
}

export function registerUpload(s: Sandbox): void {
  s.register(Api.upload.SaveFilePart, (req, ctx) => {
    s.requireUser(ctx);
    s.files.savePart(ctx.key.auth.primaryId, fromBI(req.fileId), req.filePart, req.bytes);
    return bool(true);
  });

  s.register(Api.upload.SaveBigFilePart, (req, ctx) => {
    s.requireUser(ctx);
    s.files.savePart(ctx.key.auth.primaryId, fromBI(req.fileId), req.filePart, req.bytes, req.fileTotalParts);
    return bool(true);
  });

  s.register(Api.upload.GetFile, (req, ctx) => {
    const me = s.requireUser(ctx);
    const loc = req.location;
    const offset = req.offset.toJSNumber();
    checkSlice(offset, req.limit, !!req.precise);
    const slice = (f: FileRec, sizeType?: string) => {
      // Files live on their DC, as on Telegram; clients follow FILE_MIGRATE_X.
      if (f.dcId !== ctx.dcId) throw rpcError(`FILE_MIGRATE_${f.dcId}`);
      return s.files.read(f, offset, req.limit, sizeType);
    };
    if (loc instanceof Api.InputDocumentFileLocation) {
      const f = storedFile(s, "document", loc.id, loc.accessHash, loc.fileReference);
      if (loc.thumbSize) {
        // A thumbnail it has; "i" (stripped) travels inside the document and cannot be downloaded.
        if (!f.thumbs?.some((z) => z.type === loc.thumbSize)) throw rpcError("LOCATION_INVALID");
        return new Api.upload.File({
          type: isSticker(f) ? new Api.storage.FileWebp() : new Api.storage.FileJpeg(),
          mtime: f.date,
          bytes: slice(f, loc.thumbSize),
        });
      }
      const bytes = slice(f);
      return new Api.upload.File({
        type: offset === 0 ? storageType(f.mimeType) : new Api.storage.FilePartial(),
        mtime: f.date,
        bytes,
      });
    }
    if (loc instanceof Api.InputPhotoFileLocation && s.files.get(fromBI(loc.id).toString())) {
      const f = storedFile(s, "photo", loc.id, loc.accessHash, loc.fileReference);
      // "i" is stripped: it travels inside the photo object and cannot be downloaded.
      if (!f.photo?.sizes.some((z) => z.type === loc.thumbSize)) throw rpcError("LOCATION_INVALID");
      return new Api.upload.File({ type: new Api.storage.FileJpeg(), mtime: f.date, bytes: slice(f, loc.thumbSize) });
    }
    let owner: User | undefined;
    if (loc instanceof Api.InputPeerPhotoFileLocation) {
      const k = resolveInputPeer(s, me, loc.peer);
      if (!k.startsWith("u") || k.startsWith("ch")) throw rpcError("LOCATION_INVALID");
      owner = s.world.user(Number(k.slice(1)));
      if (!owner?.photoId || fromBI(loc.photoId).toString() !== owner.photoId) throw rpcError("LOCATION_INVALID");
    } else if (loc instanceof Api.InputPhotoFileLocation) {
      owner = s.world.data.users.find((u) => u.photoId === fromBI(loc.id).toString());
      if (!owner || fromBI(loc.accessHash).toString() !== owner.accessHash) throw rpcError("LOCATION_INVALID");
    } else {
      throw rpcError("LOCATION_INVALID");
    }
    // Avatars live on their owner's home DC.
    if (owner.homeDc !== ctx.dcId) throw rpcError(`FILE_MIGRATE_${owner.homeDc}`);
    const bytes = avatarPng(owner.id);
    return new Api.upload.File({
      type: offset === 0 ? new Api.storage.FilePng() : new Api.storage.FilePartial(),
      mtime: 1_748_736_000,
      bytes: bytes.subarray(offset, offset + req.limit),
    });
  });
}
