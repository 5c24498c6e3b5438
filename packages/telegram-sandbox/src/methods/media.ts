// messages.sendMedia's inputs: an upload becomes a stored document or photo (on the DC new
// files go to), or an existing one is sent again by id.
import { readFileSync, rmSync } from "node:fs";
import { Api } from "telegram";
import { makePhotoSizes } from "../photos";
import { rpcError } from "../rpc";
import type { CallContext, Sandbox } from "../sandbox";
import { fromBI } from "../tl";
import type { FileRec, MediaSeed, StoredAttribute } from "../world";
import { now, storedAttribute } from "./common";

/** Telegram's size limit for a photo sent as a photo. */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

function takeInputFile(s: Sandbox, ctx: CallContext, file: Api.TypeInputFile) {
  if (file instanceof Api.InputFile)
    return s.files.takeUpload(ctx.key.auth.primaryId, fromBI(file.id), file.parts, false, file.md5Checksum);
  if (file instanceof Api.InputFileBig)
    return s.files.takeUpload(ctx.key.auth.primaryId, fromBI(file.id), file.parts, true);
  throw rpcError("FILE_ID_INVALID");
}

function existing(s: Sandbox, kind: FileRec["kind"], input: unknown): MediaSeed {
  if (!(input instanceof Api.InputPhoto || input instanceof Api.InputDocument))
    throw rpcError(kind === "photo" ? "PHOTO_INVALID" : "DOCUMENT_INVALID");
  const f = s.files.get(fromBI(input.id).toString());
  if (!f || f.kind !== kind || fromBI(input.accessHash).toString() !== f.accessHash)
    throw rpcError(kind === "photo" ? "PHOTO_INVALID" : "DOCUMENT_INVALID");
  if (!input.fileReference.equals(s.files.fileReference(f))) throw rpcError("FILE_REFERENCE_EXPIRED");
  return { kind: "file", fileId: f.id };
}

export async function mediaFromInput(
  s: Sandbox,
  ctx: CallContext,
  me: number,
  media: Api.TypeInputMedia,
): Promise<MediaSeed> {
  const common = { dcId: s.files.dcForNewFile(ctx.dcId), date: now(), ownerId: me };
  if (media instanceof Api.InputMediaUploadedPhoto) {
    const up = takeInputFile(s, ctx, media.file);
    try {
      if (up.size > MAX_PHOTO_BYTES) throw rpcError("PHOTO_SAVE_FILE_INVALID");
      const photo = await makePhotoSizes(readFileSync(up.path));
      const rec = s.files.addPhoto(
        {
          ...common,
          photo: {
            w: photo.w,
            h: photo.h,
            sizes: photo.sizes.map((z) => ({ type: z.type, w: z.w, h: z.h, size: z.bytes.length })),
            stripped: photo.stripped?.toString("base64"),
          },
        },
        photo.sizes,
      );
      return { kind: "file", fileId: rec.id };
    } finally {
      rmSync(up.path, { force: true });
    }
  }
  if (media instanceof Api.InputMediaUploadedDocument) {
    const mimeType = media.mimeType.trim().toLowerCase() || "application/octet-stream";
    if (!/^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(mimeType)) throw rpcError("MIME_TYPE_INVALID");
    const attributes = media.attributes.map(storedAttribute).filter((a): a is StoredAttribute => !!a);
    const up = takeInputFile(s, ctx, media.file);
    const name = "name" in media.file ? media.file.name : "";
    if (!attributes.some((a) => a.t === "filename") && name) attributes.push({ t: "filename", fileName: name });
    const rec = s.files.addDocument({ ...common, size: up.size, mimeType, attributes }, up.path);
    return { kind: "file", fileId: rec.id };
  }
  if (media instanceof Api.InputMediaPhoto) return existing(s, "photo", media.id);
  if (media instanceof Api.InputMediaDocument) return existing(s, "document", media.id);
  throw rpcError("MEDIA_INVALID");
}
