// The GramJS socket's receive buffer stays bounded when the reader falls behind, and hands
// back exactly the bytes sent, in order, whatever the read sizes.
import { createHash } from "node:crypto";
import net from "node:net";
import { afterEach, expect, test } from "vitest";

import { BufferedNetSocket, HIGH_WATER_BYTES } from "@/lib/telegram/gramjs/buffered-net-socket";

const PATTERN = Buffer.from(Array.from({ length: 253 * 16_384 }, (_, i) => i % 253));

/** Bytes `from`..`from + n` of the stream the server sends (n ≤ 4 MB). */
function expected(from: number, n: number): Buffer {
  return PATTERN.subarray(from % 253, (from % 253) + n);
}

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A loopback server that sends `total` bytes (byte i = i mod 253) to whoever connects, then ends. */
async function sender(total: number) {
  let sent = false;
  const server = net.createServer((socket) => {
    let offset = 0;
    const pump = () => {
      while (offset < total) {
        const n = Math.min(64 * 1024, total - offset);
        const piece = Buffer.from(expected(offset, n));
        offset += n;
        if (!socket.write(piece)) return void socket.once("drain", pump);
      }
      socket.end(() => (sent = true));
    };
    pump();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as net.AddressInfo).port, sent: () => sent };
}

async function until(condition: () => boolean, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

test("a reader that falls behind holds the sender back through TCP, not through memory", async () => {
  const total = 48 * 1024 * 1024;
  const server = await sender(total);
  const socket = new BufferedNetSocket();
  await socket.connect(server.port, "127.0.0.1");
  try {
    await until(() => socket.isPaused);
    // Give the kernel time to deliver whatever it still had: the buffer must not grow past the mark.
    for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(socket.bufferedBytes).toBeLessThanOrEqual(HIGH_WATER_BYTES + 256 * 1024);
    expect(server.sent()).toBe(false);

    // Frames of MTProto's shapes: an 8-byte header, a body bigger than the mark, small reads.
    const hash = createHash("sha256");
    const want = createHash("sha256");
    let read = 0;
    let peak = 0;
    const sizes = [8, 524_296, 8, 3 * HIGH_WATER_BYTES, 1, 4096];
    for (let i = 0; read < total; i++) {
      const n = Math.min(sizes[i % sizes.length]!, total - read);
      const piece = await socket.readExactly(n);
      expect(piece.length).toBe(n);
      hash.update(piece);
      want.update(expected(read, n));
      read += n;
      peak = Math.max(peak, socket.bufferedBytes);
    }
    expect(hash.digest("hex")).toBe(want.digest("hex"));
    expect(peak).toBeLessThanOrEqual(3 * HIGH_WATER_BYTES + 256 * 1024);
    await until(server.sent);
  } finally {
    await socket.close();
  }
});

test("a read on a closed socket fails as GramJS expects", async () => {
  const server = await sender(10);
  const socket = new BufferedNetSocket();
  await socket.connect(server.port, "127.0.0.1");
  expect(await socket.readExactly(10)).toEqual(expected(0, 10));
  await expect(socket.readExactly(1)).rejects.toThrow("NetSocket was closed");
  await socket.close();
  expect(() => socket.write(Buffer.from("x"))).toThrow("NetSocket was closed");
});
