// Files, as Telegram keeps them: uploads arrive in parts (upload.saveFilePart /
// saveBigFilePart) and wait per auth key and file_id until a method uses them; stored files
// (documents and photos) live on one DC, on disk under the state directory, and are read
// back in slices by upload.getFile. Parts are on disk too, so a restart keeps them.
import { createHash, randomBytes } from "node:crypto";
import {
  appendFileSync,
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { rpcError } from "./rpc";
import { isSeedPhotoKey, SEED_MEDIA_DIR, seedManifest } from "./seed-media";
import { fileAccessHash, type FileRec, type World } from "./world";

/** Telegram's part rules (core.telegram.org/api/files). */
export const MAX_PART_SIZE = 512 * 1024;
export const MAX_PARTS = 4000;
/** Parts of a file nobody used are forgotten after this long, as Telegram does. */
export const UPLOAD_TTL_MS = 24 * 3600 * 1000;
/** At most this many unfinished uploads per auth key; the least recently touched goes first. */
export const MAX_PENDING_UPLOADS = 64;
/** A request to upload.getFile may not cross a boundary of this size. */
export const DOWNLOAD_WINDOW = 1024 * 1024;

export const validPartSize = (n: number) => n > 0 && n % 1024 === 0 && MAX_PART_SIZE % n === 0;

export interface UploadedFile {
  /** the assembled file, in the files directory under a temporary name */
  path: string;
  size: number;
}

export class FileStore {
  readonly filesDir: string;
  readonly uploadsDir: string;
  private saves = 0;

  constructor(
    dir: string,
    private readonly world: World,
  ) {
    this.filesDir = join(dir, "files");
    this.uploadsDir = join(dir, "uploads");
    mkdirSync(this.filesDir, { recursive: true });
    mkdirSync(this.uploadsDir, { recursive: true });
    this.sweep();
  }

  private uploadDir(keyId: string, fileId: bigint): string {
    return join(this.uploadsDir, keyId, fileId.toString());
  }

  /** upload.saveFilePart / saveBigFilePart: checks the part, keeps it. */
  savePart(keyId: string, fileId: bigint, part: number, bytes: Buffer, totalParts?: number): void {
    if (totalParts !== undefined && (totalParts < 1 || totalParts > MAX_PARTS)) throw rpcError("FILE_PARTS_INVALID");
    if (part < 0 || part >= MAX_PARTS || (totalParts !== undefined && part >= totalParts))
      throw rpcError("FILE_PART_INVALID");
    if (!bytes.length) throw rpcError("FILE_PART_EMPTY");
    if (bytes.length > MAX_PART_SIZE) throw rpcError("FILE_PART_TOO_BIG");
    // A big file announces its part count, so every part but the last is checked at once.
    if (totalParts !== undefined && part < totalParts - 1 && !validPartSize(bytes.length))
      throw rpcError("FILE_PART_SIZE_INVALID");
    const dir = this.uploadDir(keyId, fileId);
    mkdirSync(dir, { recursive: true });
    if (totalParts !== undefined) {
      const totalFile = join(dir, "total");
      if (existsSync(totalFile) && Number(readFileSync(totalFile, "utf8")) !== totalParts)
        throw rpcError("FILE_PARTS_INVALID");
      writeFileSync(totalFile, String(totalParts));
    }
    writeFileSync(join(dir, String(part)), bytes);
    if (++this.saves % 200 === 0) this.sweep();
    this.bound(keyId);
  }

  /**
   * An inputFile / inputFileBig used by a method: every part there, sizes by the rules,
   * checksum when given. The parts become one file and are forgotten.
   */
  takeUpload(keyId: string, fileId: bigint, parts: number, big: boolean, md5?: string): UploadedFile {
    if (parts < 1 || parts > MAX_PARTS) throw rpcError("FILE_PARTS_INVALID");
    const dir = this.uploadDir(keyId, fileId);
    if (!existsSync(dir)) throw rpcError("FILE_PART_0_MISSING");
    const totalFile = join(dir, "total");
    if (big) {
      if (!existsSync(totalFile) || Number(readFileSync(totalFile, "utf8")) !== parts)
        throw rpcError("FILE_PARTS_INVALID");
    } else if (existsSync(totalFile)) {
      throw rpcError("FILE_PARTS_INVALID");
    }
    let partSize = 0;
    for (let i = 0; i < parts; i++) {
      const p = join(dir, String(i));
      if (!existsSync(p)) throw rpcError(`FILE_PART_${i}_MISSING`);
      const size = statSync(p).size;
      if (i === 0) partSize = size;
      const last = i === parts - 1;
      // Every part but the last has one valid size; the last is not bigger.
      if (!last && (size !== partSize || !validPartSize(size))) throw rpcError("FILE_PART_SIZE_INVALID");
      if (last && parts > 1 && size > partSize) throw rpcError("FILE_PART_SIZE_INVALID");
    }
    const path = join(this.filesDir, `.incoming-${randomBytes(8).toString("hex")}`);
    const hash = createHash("md5");
    let size = 0;
    writeFileSync(path, Buffer.alloc(0));
    for (let i = 0; i < parts; i++) {
      const bytes = readFileSync(join(dir, String(i)));
      appendFileSync(path, bytes);
      hash.update(bytes);
      size += bytes.length;
    }
    if (md5 && md5.toLowerCase() !== hash.digest("hex")) {
      rmSync(path, { force: true });
      throw rpcError("MD5_CHECKSUM_INVALID");
    }
    rmSync(dir, { recursive: true, force: true });
    return { path, size };
  }

  /** Drops the oldest unfinished uploads of a key beyond the bound. */
  private bound(keyId: string): void {
    const keyDir = join(this.uploadsDir, keyId);
    const entries = readdirSync(keyDir);
    if (entries.length <= MAX_PENDING_UPLOADS) return;
    const byAge = entries.map((name) => ({ name, t: statSync(join(keyDir, name)).mtimeMs })).sort((a, b) => a.t - b.t);
    for (const e of byAge.slice(0, entries.length - MAX_PENDING_UPLOADS))
      rmSync(join(keyDir, e.name), { recursive: true, force: true });
  }

  /** Forgets uploads untouched for UPLOAD_TTL_MS, and half-assembled files. */
  sweep(now = Date.now()): void {
    for (const key of readdirSync(this.uploadsDir)) {
      const keyDir = join(this.uploadsDir, key);
      for (const f of readdirSync(keyDir)) {
        const p = join(keyDir, f);
        if (now - statSync(p).mtimeMs > UPLOAD_TTL_MS) rmSync(p, { recursive: true, force: true });
      }
    }
    for (const f of readdirSync(this.filesDir))
      if (f.startsWith(".incoming-") && now - statSync(join(this.filesDir, f)).mtimeMs > 3600_000)
        rmSync(join(this.filesDir, f), { force: true });
  }

  // ---- stored files ----

  files(): Record<string, FileRec> {
    return (this.world.data.files ??= {});
  }

  get(id: string): FileRec | undefined {
    return this.files()[id];
  }

  /** Where bytes of a file (or of one of a photo's sizes, or of a document's thumbnail) are kept. */
  pathOf(rec: FileRec, sizeType?: string): string {
    return join(this.filesDir, rec.kind === "photo" || sizeType ? `${rec.id}-${sizeType ?? ""}` : rec.id);
  }

  /** A new file id: 64 random bits, positive, as Telegram's look. */
  newId(): string {
    return (randomBytes(8).readBigUInt64LE() >> 1n).toString();
  }

  /** The DC a new file goes to: the one chosen through the control API, else the uploader's. */
  dcForNewFile(uploadDc: number): number {
    return this.world.data.fileDc ?? uploadDc;
  }

  /** Records a document whose bytes are at `incoming` (moved into place). */
  addDocument(rec: Omit<FileRec, "kind" | "refEpoch" | "accessHash" | "id">, incoming: string): FileRec {
    const id = this.newId();
    const full: FileRec = { ...rec, id, kind: "document", refEpoch: 0, accessHash: this.accessHashOf(id) };
    renameSync(incoming, this.pathOf(full));
    this.files()[id] = full;
    this.world.markDirty();
    return full;
  }

  addPhoto(
    rec: Omit<FileRec, "kind" | "refEpoch" | "accessHash" | "id" | "size" | "mimeType">,
    sizes: Array<{ type: string; bytes: Buffer }>,
  ): FileRec {
    const id = this.newId();
    const full: FileRec = {
      ...rec,
      id,
      kind: "photo",
      size: 0,
      mimeType: "image/jpeg",
      refEpoch: 0,
      accessHash: this.accessHashOf(id),
    };
    for (const s of sizes) writeFileSync(this.pathOf(full, s.type), s.bytes);
    this.files()[id] = full;
    this.world.markDirty();
    return full;
  }

  accessHashOf(id: string): string {
    return fileAccessHash(id);
  }

  /** The file reference handed out now; expiring bumps the epoch, so older ones stop working. */
  fileReference(rec: FileRec): Buffer {
    const h = createHash("sha256").update(`sandbox-file-ref:${rec.id}:${rec.refEpoch}`).digest();
    return Buffer.concat([Buffer.from([2]), h.subarray(0, 19)]);
  }

  expireReferences(id?: string): number {
    const list = id ? [this.get(id)].filter((r): r is FileRec => !!r) : Object.values(this.files());
    for (const r of list) r.refEpoch++;
    if (list.length) this.world.markDirty();
    return list.length;
  }

  /** `length` bytes at `offset` of a stored file (or photo size), read from disk. */
  read(rec: FileRec, offset: number, length: number, sizeType?: string): Buffer {
    const path = this.pathOf(rec, sizeType);
    const total = statSync(path).size;
    if (offset >= total) return Buffer.alloc(0);
    const n = Math.min(length, total - offset);
    const buf = Buffer.alloc(n);
    const fd = openSync(path, "r");
    try {
      let got = 0;
      while (got < n) {
        const r = readSync(fd, buf, got, n - got, offset + got);
        if (r === 0) break;
        got += r;
      }
      return buf.subarray(0, got);
    } finally {
      closeSync(fd);
    }
  }

  /** Puts the committed assets of seeded files into place when they are missing. */
  installSeedAssets(): void {
    const m = seedManifest();
    for (const rec of Object.values(this.files())) {
      if (!rec.seed) continue;
      const seed = rec.seed;
      const pairs: Array<[string, string]> = isSeedPhotoKey(seed)
        ? m[seed].sizes.map((s) => [this.pathOf(rec, s.type), s.asset])
        : [
            [this.pathOf(rec), m[seed].asset],
            ...(m[seed].thumbs ?? []).map((t): [string, string] => [this.pathOf(rec, t.type), t.asset]),
          ];
      for (const [path, asset] of pairs) if (!existsSync(path)) copyFileSync(join(SEED_MEDIA_DIR, asset), path);
    }
  }
}
