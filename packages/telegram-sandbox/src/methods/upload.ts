import { createHash } from "node:crypto";
import { deflateSync, crc32 } from "node:zlib";
import { Api } from "telegram";
import { rpcError } from "../rpc";
import type { Sandbox } from "../sandbox";
import { fromBI } from "../tl";
import type { User } from "../world";
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

export function registerUpload(s: Sandbox): void {
  s.register(Api.upload.GetFile, (req, ctx) => {
    const me = s.requireUser(ctx);
    const loc = req.location;
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
    // Files live on their DC, as on Telegram; clients follow FILE_MIGRATE_X.
    if (owner.homeDc !== ctx.dcId) throw rpcError(`FILE_MIGRATE_${owner.homeDc}`);
    if (req.limit <= 0 || req.limit > 1024 * 1024 || req.offset.toJSNumber() % 1024 !== 0)
      throw rpcError("LIMIT_INVALID");
    const bytes = avatarPng(owner.id);
    const off = req.offset.toJSNumber();
    return new Api.upload.File({
      type: new Api.storage.FilePng(),
      mtime: 1_748_736_000,
      bytes: bytes.subarray(off, off + req.limit),
    });
  });
}
