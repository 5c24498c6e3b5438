import { crc32 } from "node:zlib";

export type TransportKind = "full" | "intermediate" | "padded" | "abridged";

/**
 * Server side of the MTProto TCP transports. The transport is chosen by the first bytes
 * the client sends (https://core.telegram.org/mtproto/mtproto-transports); TCPFull has
 * no marker, its first word is the packet length.
 */
export class TransportCodec {
  kind: TransportKind | undefined;
  private buf: Buffer = Buffer.alloc(0);
  private sendSeq = 0;
  private recvSeq = 0;

  /** Feeds bytes; returns whole packets. Throws on a corrupt stream (caller closes). */
  push(chunk: Buffer): Buffer[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: Buffer[] = [];
    if (!this.kind) {
      if (this.buf.length < 1) return out;
      if (this.buf[0] === 0xef) {
        this.kind = "abridged";
        this.buf = this.buf.subarray(1);
      } else {
        if (this.buf.length < 4) return out;
        const head = this.buf.readUInt32LE(0);
        if (head === 0xeeeeeeee) {
          this.kind = "intermediate";
          this.buf = this.buf.subarray(4);
        } else if (head === 0xdddddddd) {
          this.kind = "padded";
          this.buf = this.buf.subarray(4);
        } else {
          this.kind = "full";
        }
      }
    }
    for (;;) {
      const packet = this.next();
      if (!packet) break;
      out.push(packet);
    }
    return out;
  }

  private next(): Buffer | undefined {
    const b = this.buf;
    switch (this.kind) {
      case "full": {
        if (b.length < 4) return undefined;
        const len = b.readInt32LE(0);
        if (len < 12 || len > 16 * 1024 * 1024) throw new Error(`bad TCPFull length ${len}`);
        if (b.length < len) return undefined;
        const seq = b.readInt32LE(4);
        const crc = b.readUInt32LE(len - 4);
        if (crc32(b.subarray(0, len - 4)) !== crc) throw new Error("TCPFull checksum mismatch");
        if (seq !== this.recvSeq) throw new Error(`TCPFull sequence ${seq}, expected ${this.recvSeq}`);
        this.recvSeq++;
        this.buf = b.subarray(len);
        return b.subarray(8, len - 4);
      }
      case "intermediate":
      case "padded": {
        if (b.length < 4) return undefined;
        const len = b.readInt32LE(0);
        if (len < 0 || len > 16 * 1024 * 1024) throw new Error(`bad intermediate length ${len}`);
        if (b.length < 4 + len) return undefined;
        this.buf = b.subarray(4 + len);
        const body = b.subarray(4, 4 + len);
        // Padded intermediate appends 0..15 random bytes; MTProto payloads are 4-aligned.
        return this.kind === "padded" ? body.subarray(0, len - (len % 4)) : body;
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
        if (b.length < head + len) return undefined;
        this.buf = b.subarray(head + len);
        return b.subarray(head, head + len);
      }
      default:
        return undefined;
    }
  }

  encode(payload: Buffer): Buffer {
    switch (this.kind) {
      case "intermediate":
      case "padded": {
        const h = Buffer.alloc(4);
        h.writeInt32LE(payload.length, 0);
        return Buffer.concat([h, payload]);
      }
      case "abridged": {
        const words = payload.length / 4;
        const h = words < 0x7f ? Buffer.from([words]) : Buffer.from([0x7f, words & 0xff, (words >> 8) & 0xff, (words >> 16) & 0xff]);
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
