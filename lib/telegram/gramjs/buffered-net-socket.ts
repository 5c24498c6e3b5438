// GramJS's TCP socket (networkSocket), with a receive buffer that stays small under load.
//
// GramJS's own PromisedNetSockets appends every received TCP chunk to one Buffer with
// Buffer.concat and never pauses the socket. When MTProto frames arrive faster than the
// client decrypts them (ten 200 MB downloads on one connection), each 64 KB chunk copies the
// whole backlog: quadratic copying, gigabytes of short-lived buffers that the allocator keeps
// (the server's RSS grew by the size of the files), and a receive loop so late that pings
// time out and the connection is thrown away. Here chunks are kept in a list and sliced out
// without copying the rest, and the socket is paused while more than HIGH_WATER_BYTES wait
// unread, so a slow reader holds the sender back through TCP instead of through memory.
// See docs/decisions/media-download-streaming.md.
import net from "node:net";

/** Unread bytes above which the socket stops reading (the kernel's buffer then fills, and TCP says so). */
export const HIGH_WATER_BYTES = 1024 * 1024;

const closedError = () => new Error("NetSocket was closed");

export class BufferedNetSocket {
  private socket: net.Socket | null = null;
  private closed = true;
  private chunks: Buffer[] = [];
  /** Bytes of chunks[0] already read. */
  private head = 0;
  private unread = 0;
  private paused = false;
  private wake: (() => void) | null = null;

  constructor(proxy?: unknown) {
    // tgdesk never configures a proxy; GramJS's socket handles SOCKS, this one does not.
    if (proxy) throw new Error("BufferedNetSocket does not support proxies");
  }

  /** Bytes received and not yet read (for tests and diagnostics). */
  get bufferedBytes(): number {
    return this.unread;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  async connect(port: number, ip: string): Promise<this> {
    this.chunks = [];
    this.head = 0;
    this.unread = 0;
    this.paused = false;
    const socket = new net.Socket();
    this.socket = socket;
    socket.on("data", (chunk: Buffer) => {
      if (this.socket !== socket) return;
      this.chunks.push(chunk);
      this.unread += chunk.length;
      if (this.unread >= HIGH_WATER_BYTES && !this.paused) {
        this.paused = true;
        socket.pause();
      }
      this.notify();
    });
    socket.on("close", () => {
      if (this.socket !== socket) return;
      this.closed = true;
      this.notify();
    });
    await new Promise<void>((resolve, reject) => {
      socket.once("error", reject);
      socket.connect(port, ip, () => {
        socket.off("error", reject);
        resolve();
      });
    });
    // Errors after connecting are followed by "close", which is what readers are told.
    socket.on("error", () => undefined);
    this.closed = false;
    return this;
  }

  write(data: Buffer): void {
    if (this.closed || !this.socket) throw closedError();
    this.socket.write(data);
  }

  /** Async as GramJS awaits it; destroying a socket is immediate. */
  close(): Promise<void> {
    const socket = this.socket;
    this.closed = true;
    this.notify();
    if (socket) {
      socket.destroy();
      socket.unref();
    }
    return Promise.resolve();
  }

  /** Up to `n` bytes, as soon as at least one is there. */
  async read(n: number): Promise<Buffer> {
    while (this.unread === 0) await this.more();
    if (this.closed) throw closedError();
    return this.take(Math.min(n, this.unread));
  }

  /** Exactly `n` bytes. */
  async readExactly(n: number): Promise<Buffer> {
    while (this.unread < n) await this.more();
    if (this.closed) throw closedError();
    return this.take(n);
  }

  async readAll(): Promise<Buffer> {
    while (this.unread === 0) await this.more();
    if (this.closed) throw closedError();
    return this.take(this.unread);
  }

  toString(): string {
    return "BufferedNetSocket";
  }

  /** Waits for more bytes (resuming the socket: a reader that needs them must get them) or the close. */
  private async more(): Promise<void> {
    if (this.closed) throw closedError();
    this.resume();
    await new Promise<void>((resolve) => {
      this.wake = resolve;
    });
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private resume(): void {
    if (this.paused && this.socket) {
      this.paused = false;
      this.socket.resume();
    }
  }

  /** `n` (≤ unread) bytes off the front: a view when one chunk holds them, else one copy of just those. */
  private take(n: number): Buffer {
    const first = this.chunks[0]!;
    let out: Buffer;
    if (first.length - this.head >= n) {
      out = first.subarray(this.head, this.head + n);
      this.head += n;
      if (this.head === first.length) {
        this.chunks.shift();
        this.head = 0;
      }
    } else {
      out = Buffer.allocUnsafe(n);
      let filled = 0;
      while (filled < n) {
        const chunk = this.chunks[0]!;
        const count = Math.min(chunk.length - this.head, n - filled);
        chunk.copy(out, filled, this.head, this.head + count);
        filled += count;
        this.head += count;
        if (this.head === chunk.length) {
          this.chunks.shift();
          this.head = 0;
        }
      }
    }
    this.unread -= n;
    if (this.unread < HIGH_WATER_BYTES) this.resume();
    return out;
  }
}
