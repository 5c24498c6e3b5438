// The control API's file routes: send a file as a user (through the same upload and
// sendMedia code a client uses), list the files of a chat, read a file's bytes back, expire
// file references, and choose the DC files are stored on.
import { randomBytes } from "node:crypto";
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { basename, extname } from "node:path";
import { Api } from "telegram";
import {
  asPhone,
  chatOfQuery,
  HttpError,
  inputUser,
  mustUser,
  newRandomId,
  RawBody,
  type ControlRoutes,
} from "./control-common";
import { MAX_PART_SIZE } from "./files";
import type { Sandbox } from "./sandbox";
import { toBI } from "./tl";
import { peerKey, type FileRec, type Msg } from "./world";

/** GramJS's threshold: files above 10 MB go up with saveBigFilePart. */
export const BIG_FILE_THRESHOLD = 10 * 1024 * 1024;

const MIME_BY_EXT: Record<string, string> = {
  ".pdf": "application/pdf",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".png": "image/png",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ogg": "audio/ogg",
  ".oga": "audio/ogg",
  ".opus": "audio/ogg",
  ".mp3": "audio/mpeg",
  ".m4a": "audio/mp4",
  ".mp4": "video/mp4",
  ".mov": "video/quicktime",
  ".txt": "text/plain",
  ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  ".doc": "application/msword",
  ".zip": "application/zip",
};

export function mimeOf(fileName: string): string {
  return MIME_BY_EXT[extname(fileName).toLowerCase()] ?? "application/octet-stream";
}

export interface FileView {
  messageId: number;
  date: number;
  out: boolean;
  fromId: number;
  caption: string;
  fileId: string;
  kind: FileRec["kind"];
  /** "photo", "voice", "audio", "video", "sticker" or "document" */
  type: string;
  fileName: string | null;
  mimeType: string;
  /** bytes of a document, or of a photo's largest size */
  size: number;
  dcId: number;
  /** a photo's sizes (largest last) */
  sizes: Array<{ type: string; w: number; h: number; size: number }>;
  duration: number | null;
}

function fileView(s: Sandbox, m: Msg): FileView | undefined {
  if (m.media?.kind !== "file") return undefined;
  const f = s.files.get(m.media.fileId);
  if (!f) return undefined;
  const name = f.attributes?.find((a) => a.t === "filename");
  const audio = f.attributes?.find((a) => a.t === "audio");
  const video = f.attributes?.find((a) => a.t === "video");
  const sticker = f.attributes?.some((a) => a.t === "sticker");
  const sizes = f.photo?.sizes ?? [];
  return {
    messageId: m.id,
    date: m.date,
    out: m.out,
    fromId: m.fromId,
    caption: m.text,
    fileId: f.id,
    kind: f.kind,
    type:
      f.kind === "photo"
        ? "photo"
        : audio?.t === "audio"
          ? audio.voice
            ? "voice"
            : "audio"
          : video
            ? "video"
            : sticker
              ? "sticker"
              : "document",
    fileName: name?.t === "filename" ? name.fileName : null,
    mimeType: f.mimeType,
    size: f.kind === "photo" ? (sizes[sizes.length - 1]?.size ?? 0) : f.size,
    dcId: f.dcId,
    sizes,
    duration: audio?.t === "audio" || video?.t === "video" ? (audio ?? video)!.duration : null,
  };
}

/** Reads part `i` of a file on disk (parts of MAX_PART_SIZE, as clients upload big files). */
function readPart(path: string, i: number, partSize: number): Buffer {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(partSize);
    const n = readSync(fd, buf, 0, partSize, i * partSize);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

const int = (v: unknown) => (typeof v === "number" ? v : typeof v === "string" && v ? Number(v) : undefined);

export function controlFileRoutes(s: Sandbox): ControlRoutes {
  const rec = (id: unknown): FileRec => {
    const f = typeof id === "string" || typeof id === "number" ? s.files.get(String(id)) : undefined;
    if (!f) throw new HttpError(404, `no such file: ${String(id)}`);
    return f;
  };
  return {
    "POST /files/send": async (b) => {
      const from = mustUser(s, b.from);
      const to = mustUser(s, b.to);
      if (typeof b.path !== "string" || !b.path) throw new HttpError(400, "path is required");
      let size: number;
      try {
        const st = statSync(b.path);
        if (!st.isFile()) throw new Error("not a file");
        size = st.size;
      } catch {
        throw new HttpError(400, `cannot read file: ${b.path}`);
      }
      if (!size) throw new HttpError(400, "the file is empty");
      const fileName = typeof b.fileName === "string" && b.fileName ? b.fileName : basename(b.path);
      const kind = b.kind ?? "document";
      if (kind !== "document" && kind !== "photo" && kind !== "voice")
        throw new HttpError(400, "kind must be document, photo or voice");
      const mimeType =
        typeof b.mimeType === "string" && b.mimeType ? b.mimeType : kind === "voice" ? "audio/ogg" : mimeOf(fileName);
      const randomId = typeof b.randomId === "string" ? b.randomId : newRandomId();
      // Up through the same methods a client uses, in the parts GramJS would send.
      const big = size > BIG_FILE_THRESHOLD;
      const partSize = big ? MAX_PART_SIZE : 128 * 1024;
      const parts = Math.ceil(size / partSize);
      const fileId = toBI(randomBytes(8).readBigInt64LE());
      for (let i = 0; i < parts; i++) {
        const bytes = readPart(b.path, i, partSize);
        await asPhone(
          s,
          from,
          big
            ? new Api.upload.SaveBigFilePart({ fileId, filePart: i, fileTotalParts: parts, bytes })
            : new Api.upload.SaveFilePart({ fileId, filePart: i, bytes }),
        );
      }
      const file = big
        ? new Api.InputFileBig({ id: fileId, parts, name: fileName })
        : new Api.InputFile({ id: fileId, parts, name: fileName, md5Checksum: "" });
      const duration = int(b.duration) ?? 0;
      const media =
        kind === "photo"
          ? new Api.InputMediaUploadedPhoto({ file })
          : new Api.InputMediaUploadedDocument({
              file,
              mimeType,
              attributes: [
                new Api.DocumentAttributeFilename({ fileName }),
                ...(kind === "voice" ? [new Api.DocumentAttributeAudio({ voice: true, duration })] : []),
              ],
            });
      await asPhone(
        s,
        from,
        new Api.messages.SendMedia({
          peer: inputUser(to),
          media,
          message: typeof b.caption === "string" ? b.caption : "",
          randomId: toBI(randomId),
        }),
      );
      const sent = s.world.box(from.id).randomIds[randomId];
      const m = sent && s.world.history(from.id, sent.peer).find((x) => x.id === sent.id);
      return { ok: true, id: sent?.id ?? null, file: m ? (fileView(s, m) ?? null) : null };
    },
    "GET /files": (_b, q) => {
      const u = mustUser(s, q.get("user"));
      // A channel by its username (its posts are the same for every member), else a person.
      const channel = s.world.channelByUsername(q.get("peer")?.replace(/^@/, "") ?? "");
      const peer =
        channel && channel.members.includes(u.id)
          ? peerKey.channel(channel.id)
          : peerKey.user(mustUser(s, q.get("peer")).id);
      const limit = Math.min(int(q.get("limit")) || 20, 100);
      const h = s.world.history(u.id, peer);
      const out: FileView[] = [];
      for (let i = h.length - 1; i >= 0 && out.length < limit; i--) {
        const v = fileView(s, h[i]!);
        if (v) out.push(v);
      }
      return out;
    },
    "GET /files/bytes": (_b, q) => {
      let f: FileRec;
      if (q.get("id")) f = rec(q.get("id"));
      else {
        const { user: u, peer: other } = chatOfQuery(s, q);
        const id = int(q.get("message"));
        const m = s.world.history(u.id, peerKey.user(other.id)).find((x) => x.id === id);
        if (!m || m.media?.kind !== "file") throw new HttpError(404, "no file in that message");
        f = rec(m.media.fileId);
      }
      if (f.kind === "photo") {
        const sizes = f.photo?.sizes ?? [];
        const type = q.get("thumb") ?? sizes[sizes.length - 1]?.type;
        if (!sizes.some((z) => z.type === type)) throw new HttpError(404, `no photo size ${String(type)}`);
        return new RawBody(s.files.read(f, 0, Number.MAX_SAFE_INTEGER, type), "image/jpeg");
      }
      const thumb = q.get("thumb");
      if (thumb) {
        if (!f.thumbs?.some((z) => z.type === thumb)) throw new HttpError(404, `no thumbnail ${thumb}`);
        const type = f.attributes?.some((a) => a.t === "sticker") ? "image/webp" : "image/jpeg";
        return new RawBody(s.files.read(f, 0, Number.MAX_SAFE_INTEGER, thumb), type);
      }
      return new RawBody(s.files.read(f, 0, Number.MAX_SAFE_INTEGER), f.mimeType);
    },
    "POST /files/expire-references": (b) => {
      return { expired: s.files.expireReferences(b.fileId === undefined ? undefined : rec(b.fileId).id) };
    },
    "POST /files/dc": (b) => {
      const dcId = b.dcId === null || b.dcId === undefined ? null : int(b.dcId);
      if (dcId !== null && (!Number.isInteger(dcId) || dcId! < 1 || dcId! > s.dcCount))
        throw new HttpError(400, `dcId must be 1..${s.dcCount} or null`);
      if (b.fileId !== undefined) {
        if (dcId === null) throw new HttpError(400, "moving a file needs a dcId");
        const f = rec(b.fileId);
        f.dcId = dcId!;
        s.world.markDirty();
        return { fileId: f.id, dcId: f.dcId };
      }
      if (dcId === null) delete s.world.data.fileDc;
      else s.world.data.fileDc = dcId;
      s.world.markDirty();
      return { fileDc: s.world.data.fileDc ?? null };
    },
  };
}
