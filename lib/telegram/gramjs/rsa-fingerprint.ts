// Telegram's fingerprint of a server RSA key, which GramJS uses to look the key up. It
// lives here, not in the sandbox package, because production code needs it and must
// not depend on the sandbox (the package's server half never reaches the app).
import { createHash } from "node:crypto";

/** TL `bytes` encoding: a length prefix, then padding to a multiple of 4. */
function tlBytes(data: Buffer): Buffer {
  const header =
    data.length < 254
      ? Buffer.from([data.length])
      : Buffer.from([254, data.length & 0xff, (data.length >> 8) & 0xff, (data.length >> 16) & 0xff]);
  const pad = (4 - ((header.length + data.length) % 4)) % 4;
  return Buffer.concat([header, data, Buffer.alloc(pad)]);
}

/** Minimal big-endian bytes of a non-negative integer. */
function unsignedBytes(n: bigint): Buffer {
  const hex = n.toString(16);
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, "hex");
}

/** Low 64 bits of sha1(TL(n) + TL(e)), signed, as GramJS keys its table. */
export function rsaFingerprint(n: bigint, e: bigint): bigint {
  const digest = createHash("sha1")
    .update(tlBytes(unsignedBytes(n)))
    .update(tlBytes(unsignedBytes(e)))
    .digest();
  return digest.readBigInt64LE(12);
}
