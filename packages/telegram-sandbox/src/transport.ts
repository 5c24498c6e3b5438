import { createCipheriv, createDecipheriv, type Cipher, type Decipher } from "node:crypto";
import { crc32 } from "node:zlib";

export type TransportKind = "full" | "intermediate" | "padded" | "abridged";

/** Largest frame any transport accepts; the same cap for all of them. */
export const MAX_FRAME = 16 * 1024 * 1024;

const TAG_ABRIDGED = 0xefefefef;
const TAG_INTERMEDIATE = 0xeeeeeeee;
const TAG_PADDED = 0xdddddddd;

/** A stream the transport cannot be read from; the caller closes the connection. */
export class TransportError extends Error {}

/**
 * Length of the MTProto message at the head of a padded-intermediate frame. Padded
 * intermediate appends 0–15 random bytes, so the frame length alone does not say where
 * the message ends: an unencrypted message says its own length, an encrypted one is
 * 24 bytes of header plus whole AES blocks.
 */
export function mtprotoLength(frame: Buffer): number {
  if (frame.length >= 20 && frame.readBigUInt64LE(0) === 0n) {
    const len = frame.readInt32LE(16);
    return len >= 0 && 20 + len <= frame.length ? 20 + len : frame.length - (frame.length % 4);
  }
  if (frame.length < 24) return frame.length - (frame.length % 4);
  return 24 + Math.floor((frame.length - 24) / 16) * 16;
}

/**
 * Server side of the MTProto TCP transports (https://core.telegram.org/mtproto/mtproto-transports).
 * The transport is chosen by the first bytes the client sends: 0xef abridged, 0xeeeeeeee
 * intermediate, 0xdddddddd padded intermediate; TCPFull has no marker (its first word is
 * the length, its second the sequence number 0); anything else is the 64-byte opening of
 * the obfuscated transport, which wraps one of the first three in AES-256-CTR.
 */
export class TransportCodec {
  kind: TransportKind | undefined;
  /** set when the client opened with the obfuscated2 header */
  obfuscated = false;
  private buf: Buffer = Buffer.alloc(0);
  private sendSeq = 0;
  private recvSeq = 0;
  private decipher: Decipher | undefined;
  private cipher: Cipher | undefined;

  /** Bytes received that do not yet make a whole frame. */
  get pending(): number {
    return this.buf.length;
  }

  /** Feeds bytes; returns whole packets. Throws TransportError on a corrupt stream. */
  push(chunk: Buffer): Buffer[] {
    const data = this.decipher ? this.decipher.update(chunk) : chunk;
    this.buf = this.buf.length ? Buffer.concat([this.buf, data]) : data;
    const out: Buffer[] = [];
    if (!this.kind && !this.detect()) return out;
    for (;;) {
      const packet = this.next();
      if (!packet) break;
      out.push(packet);
    }
    return out;
  }

  /** Chooses the transport from the opening bytes; false while too few have arrived. */
  private detect(): boolean {
    const b = this.buf;
    if (b.length < 1) return false;
    if (b[0] === 0xef) {
      this.kind = "abridged";
      this.buf = b.subarray(1);
      return true;
    }
    if (b.length < 4) return false;
    const head = b.readUInt32LE(0);
    if (head === TAG_INTERMEDIATE || head === TAG_PADDED) {
      this.kind = head === TAG_INTERMEDIATE ? "intermediate" : "padded";
      this.buf = b.subarray(4);
      return true;
    }
    if (b.length < 8) return false;
    if (b.readUInt32LE(4) === 0) {
      this.kind = "full";
      return true;
    }
    if (b.length < 64) return false;
    this.openObfuscated(b.subarray(0, 64));
    this.buf = this.decipher!.update(b.subarray(64));
    return true;
  }

  /** https://core.telegram.org/mtproto/mtproto-transports#transport-obfuscation */
  private openObfuscated(init: Buffer): void {
    const decipher = createDecipheriv("aes-256-ctr", init.subarray(8, 40), init.subarray(40, 56));
    const reversed = Buffer.from(init.subarray(8, 56)).reverse();
    const cipher = createCipheriv("aes-256-ctr", reversed.subarray(0, 32), reversed.subarray(32, 48));
    const plain = decipher.update(init);
    const tag = plain.readUInt32LE(56);
    if (tag === TAG_ABRIDGED) this.kind = "abridged";
    else if (tag === TAG_INTERMEDIATE) this.kind = "intermediate";
    else if (tag === TAG_PADDED) this.kind = "padded";
    else
      throw new TransportError(
        `unknown transport (opening 0x${init.readUInt32LE(0).toString(16)}, obfuscated tag 0x${tag.toString(16)})`,
      );
    this.obfuscated = true;
    this.decipher = decipher;
    this.cipher = cipher;
  }

  private next(): Buffer | undefined {
    const b = this.buf;
    switch (this.kind) {
      case "full": {
        if (b.length < 4) return undefined;
        const len = b.readInt32LE(0);
        if (len < 12 || len > MAX_FRAME) throw new TransportError(`bad TCPFull length ${len}`);
        if (b.length < len) return undefined;
        const seq = b.readInt32LE(4);
        const crc = b.readUInt32LE(len - 4);
        if (crc32(b.subarray(0, len - 4)) !== crc) throw new TransportError("TCPFull checksum mismatch");
        if (seq !== this.recvSeq) throw new TransportError(`TCPFull sequence ${seq}, expected ${this.recvSeq}`);
        this.recvSeq++;
        this.buf = b.subarray(len);
        return b.subarray(8, len - 4);
      }
      case "intermediate":
      case "padded": {
        if (b.length < 4) return undefined;
        const len = b.readInt32LE(0);
        if (len < 0 || len > MAX_FRAME) throw new TransportError(`bad intermediate length ${len}`);
        if (b.length < 4 + len) return undefined;
        this.buf = b.subarray(4 + len);
        const body = b.subarray(4, 4 + len);
        return this.kind === "padded" ? body.subarray(0, mtprotoLength(body)) : body;
      }
      case "abridged": {
        if (b.length < 1) return undefined;
        let len: number;
        let head: number;
        if (b[0]! < 0x7f) {
          len = b[0]! * 4;
          head = 1;
        } else {
          if (b.length < 4) return undefined;
          len = (b[1]! | (b[2]! << 8) | (b[3]! << 16)) * 4;
          head = 4;
        }
        if (len > MAX_FRAME) throw new TransportError(`bad abridged length ${len}`);
        if (b.length < head + len) return undefined;
        this.buf = b.subarray(head + len);
        return b.subarray(head, head + len);
      }
      default:
        return undefined;
    }
  }

  encode(payload: Buffer): Buffer {
    const frame = this.frame(payload);
    return this.cipher ? this.cipher.update(frame) : frame;
  }

  private frame(payload: Buffer): Buffer {
    switch (this.kind) {
      case "intermediate":
      case "padded": {
        const h = Buffer.alloc(4);
        h.writeInt32LE(payload.length, 0);
        return Buffer.concat([h, payload]);
      }
      case "abridged": {
        const words = payload.length / 4;
        const h =
          words < 0x7f
            ? Buffer.from([words])
            : Buffer.from([0x7f, words & 0xff, (words >> 8) & 0xff, (words >> 16) & 0xff]);
        return Buffer.concat([h, payload]);
      }
      default: {
        const h = Buffer.alloc(8);
        h.writeInt32LE(payload.length + 12, 0);
        h.writeInt32LE(this.sendSeq++, 4);
        const body = Buffer.concat([h, payload]);
        const c = Buffer.alloc(4);
        c.writeUInt32LE(crc32(body), 0);
        return Buffer.concat([body, c]);
      }
    }
  }

  /** Transport-level error such as -404 (unknown auth key) or -429 (flood). */
  encodeError(code: number): Buffer {
    const b = Buffer.alloc(4);
    b.writeInt32LE(-Math.abs(code), 0);
    return this.encode(b);
  }
}
