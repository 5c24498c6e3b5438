// A client side of the MTProto transports over a raw socket, written from the spec
// (https://core.telegram.org/mtproto/mtproto-transports) independently of the server's
// codec, for wire-level tests: framing, padding, obfuscation, and the first step of the
// key exchange (req_pq_multi → res_pq).
import { createCipheriv, randomBytes, type Cipher } from "node:crypto";
import { connect, type Socket } from "node:net";
import { crc32 } from "node:zlib";

export type RawTransport = "full" | "intermediate" | "padded" | "abridged";

export interface RawOptions {
  obfuscated?: boolean;
  /** padded intermediate: how many random bytes to append to each frame (0–15) */
  padding?: () => number;
}

const TAGS: Record<Exclude<RawTransport, "full">, number> = {
  abridged: 0xefefefef,
  intermediate: 0xeeeeeeee,
  padded: 0xdddddddd,
};
const FORBIDDEN_FIRST = new Set([0x44414548, 0x54534f50, 0x20544547, 0x4954504f, 0xeeeeeeee, 0xdddddddd, 0x02010316]);

export class RawConnection {
  private buf = Buffer.alloc(0);
  private waiters: Array<() => void> = [];
  private sendSeq = 0;
  private enc: Cipher | undefined;
  private dec: Cipher | undefined;
  closed = false;
  readonly closedAt: Promise<void>;

  constructor(
    readonly socket: Socket,
    readonly transport: RawTransport,
    private readonly opts: RawOptions,
  ) {
    socket.on("data", (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, this.dec ? this.dec.update(d) : d]);
      this.wake();
    });
    this.closedAt = new Promise((resolve) =>
      socket.once("close", () => {
        this.closed = true;
        this.wake();
        resolve();
      }),
    );
    socket.on("error", () => {});
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** The transport's opening bytes (sent before the first frame). */
  opening(): Buffer {
    if (!this.opts.obfuscated) {
      if (this.transport === "full") return Buffer.alloc(0);
      if (this.transport === "abridged") return Buffer.from([0xef]);
      const b = Buffer.alloc(4);
      b.writeUInt32LE(TAGS[this.transport], 0);
      return b;
    }
    if (this.transport === "full")
      throw new Error("the obfuscated transport wraps abridged or (padded) intermediate only");
    let init: Buffer;
    do init = randomBytes(64);
    while (init[0] === 0xef || FORBIDDEN_FIRST.has(init.readUInt32LE(0)) || init.readUInt32LE(4) === 0);
    init.writeUInt32LE(TAGS[this.transport], 56);
    this.enc = createCipheriv("aes-256-ctr", init.subarray(8, 40), init.subarray(40, 56));
    const reversed = Buffer.from(init.subarray(8, 56)).reverse();
    this.dec = createCipheriv("aes-256-ctr", reversed.subarray(0, 32), reversed.subarray(32, 48));
    const encrypted = this.enc.update(init);
    return Buffer.concat([init.subarray(0, 56), encrypted.subarray(56, 64)]);
  }

  frame(payload: Buffer): Buffer {
    switch (this.transport) {
      case "full": {
        const h = Buffer.alloc(8);
        h.writeInt32LE(payload.length + 12, 0);
        h.writeInt32LE(this.sendSeq++, 4);
        const body = Buffer.concat([h, payload]);
        const c = Buffer.alloc(4);
        c.writeUInt32LE(crc32(body), 0);
        return Buffer.concat([body, c]);
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
        const pad = this.transport === "padded" ? randomBytes(this.opts.padding?.() ?? 0) : Buffer.alloc(0);
        const h = Buffer.alloc(4);
        h.writeInt32LE(payload.length + pad.length, 0);
        return Buffer.concat([h, payload, pad]);
      }
    }
  }

  /** Writes raw bytes, through the obfuscation when it is on. */
  writeRaw(bytes: Buffer): void {
    this.socket.write(this.enc ? this.enc.update(bytes) : bytes);
  }

  send(payload: Buffer, withOpening = false): void {
    const opening = withOpening ? this.opening() : Buffer.alloc(0);
    const framed = this.frame(payload);
    // The opening travels in clear (obfuscation encrypts only what follows it).
    if (opening.length) this.socket.write(opening);
    this.writeRaw(framed);
  }

  private takeFrame(): Buffer | undefined {
    const b = this.buf;
    let head: number;
    let len: number;
    if (this.transport === "abridged") {
      if (b.length < 1) return undefined;
      if (b[0]! < 0x7f) [head, len] = [1, b[0]! * 4];
      else {
        if (b.length < 4) return undefined;
        [head, len] = [4, (b[1]! | (b[2]! << 8) | (b[3]! << 16)) * 4];
      }
    } else if (this.transport === "full") {
      if (b.length < 4) return undefined;
      const total = b.readInt32LE(0);
      if (b.length < total) return undefined;
      this.buf = b.subarray(total);
      return b.subarray(8, total - 4);
    } else {
      if (b.length < 4) return undefined;
      [head, len] = [4, b.readInt32LE(0)];
    }
    if (b.length < head + len) return undefined;
    this.buf = b.subarray(head + len);
    return b.subarray(head, head + len);
  }

  /** The next frame from the server, or undefined if the connection closed first. */
  async recv(timeoutMs = 5000): Promise<Buffer | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const f = this.takeFrame();
      if (f) return f;
      if (this.closed) return undefined;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no frame within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.socket.destroy();
  }
}

export async function openRaw(port: number, transport: RawTransport, opts: RawOptions = {}): Promise<RawConnection> {
  const socket = connect({ host: "127.0.0.1", port });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  return new RawConnection(socket, transport, opts);
}

/** An unencrypted message carrying req_pq_multi#be7e8ef1 nonce:int128. */
export function reqPqMulti(nonce = randomBytes(16)): { packet: Buffer; nonce: Buffer } {
  const body = Buffer.alloc(20);
  body.writeUInt32LE(0xbe7e8ef1, 0);
  nonce.copy(body, 4);
  const head = Buffer.alloc(20);
  const now = BigInt(Date.now());
  head.writeBigInt64LE(((now / 1000n) << 32n) | (((now % 1000n) << 22n) & ~3n), 8);
  head.writeInt32LE(body.length, 16);
  return { packet: Buffer.concat([head, body]), nonce };
}

/** Checks a server frame is an unencrypted res_pq#05162463 answering this nonce. */
export function isResPq(frame: Buffer | undefined, nonce: Buffer): boolean {
  if (!frame || frame.length < 40 || frame.readBigUInt64LE(0) !== 0n) return false;
  return frame.readUInt32LE(20) === 0x05162463 && frame.subarray(24, 40).equals(nonce);
}

/** Opens a connection, asks req_pq_multi, and says whether res_pq came back. */
export async function handshakeStarts(port: number, transport: RawTransport, opts: RawOptions = {}): Promise<boolean> {
  const c = await openRaw(port, transport, opts);
  try {
    const { packet, nonce } = reqPqMulti();
    c.send(packet, true);
    return isResPq(await c.recv(), nonce);
  } finally {
    c.close();
  }
}
