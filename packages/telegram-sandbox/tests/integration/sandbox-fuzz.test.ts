// Protocol fuzzing, bounded in time: random and truncated frames on every transport,
// huge lengths, tiny packets and many half-open sockets. Afterwards the sandbox must
// still serve a fresh key exchange, hold no connection, and have logged no stack.
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestSandbox, type TestSandbox } from "@/tests/integration/support/sandbox";
import { handshakeStarts, type RawTransport } from "../support/raw-client";

let sb: TestSandbox;
const log: string[] = [];

beforeAll(async () => {
  sb = await startTestSandbox({
    logger: (l) => log.push(l),
    timeouts: { partialFrameMs: 500, idleUnauthenticatedMs: 1000 },
  });
});
afterAll(async () => {
  await sb?.stop();
});

/** mulberry32: a small seeded generator, so a failure can be replayed from its seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OPENINGS = [
  Buffer.alloc(0), // TCPFull or obfuscated, by what follows
  Buffer.from([0xef]),
  Buffer.from("eeeeeeee", "hex"),
  Buffer.from("dddddddd", "hex"),
];

function garbage(rand: () => number): Buffer {
  const int = (n: number) => Math.floor(rand() * n);
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));
  const le = (v: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v >>> 0, 0);
    return b;
  };
  const pieces: Buffer[] = [OPENINGS[int(OPENINGS.length)]!];
  const frames = 1 + int(4);
  for (let i = 0; i < frames; i++) {
    switch (int(7)) {
      case 0: // random bytes
        pieces.push(bytes(1 + int(300)));
        break;
      case 1: // a huge length prefix
        pieces.push(le([0x7fffffff, 0x01000001, 0xffffffff, 0x7fffff7f][int(4)]!));
        break;
      case 2: // a frame cut short
        pieces.push(le(64 + int(1000)), bytes(int(40)));
        break;
      case 3: // a tiny unencrypted packet
        pieces.push(le(12), Buffer.alloc(12));
        break;
      case 4: // an unencrypted header claiming more than it carries
        pieces.push(le(24), Buffer.alloc(8), bytes(8), le(0x7fffffff), bytes(4));
        break;
      case 5: // an encrypted-looking packet under an unknown key
        pieces.push(le(24 + 32), bytes(24 + 32));
        break;
      default: // a 64-byte obfuscated opening with a random tag
        pieces.push(bytes(64));
    }
  }
  return Buffer.concat(pieces);
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: "127.0.0.1", port });
    s.on("error", () => {});
    s.once("connect", () => resolve(s));
    s.once("error", reject);
  });
}

it("survives random, truncated and huge frames and half-open sockets", async () => {
  const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
  const rand = rng(seed);
  const ports = sb.running.dcs.map((d) => d.port);
  const sockets: Socket[] = [];
  const t0 = Date.now();

  // Garbage in bursts, some sockets closed at once, the rest left open to time out.
  for (let i = 0; i < 300; i++) {
    const s = await open(ports[i % ports.length]!);
    sockets.push(s);
    const data = garbage(rand);
    // Split at a random point: servers must not care where reads end.
    const cut = Math.floor(rand() * data.length);
    s.write(data.subarray(0, cut));
    s.write(data.subarray(cut));
    if (rand() < 0.3) s.end();
  }
  // Half-open sockets that never say anything.
  for (let i = 0; i < 100; i++) sockets.push(await open(ports[i % ports.length]!));

  // Every one of them is closed by the server within its limits.
  const deadline = Date.now() + 8000;
  while (sb.running.sandbox.connectionCount() > 0 && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  expect(sb.running.sandbox.connectionCount(), `seed ${seed}`).toBe(0);
  for (const s of sockets) s.destroy();

  // And a fresh client is served on every transport.
  for (const t of ["full", "intermediate", "padded", "abridged"] as RawTransport[]) {
    expect(await handshakeStarts(ports[1]!, t, { padding: () => 7 }), `${t}, seed ${seed}`).toBe(true);
  }
  expect(await handshakeStarts(ports[1]!, "padded", { obfuscated: true, padding: () => 11 })).toBe(true);

  expect(
    log.filter((l) => /\n\s+at |RangeError|TypeError/.test(l)),
    `seed ${seed}`,
  ).toEqual([]);
  expect(Date.now() - t0).toBeLessThan(18_000);
}, 20_000);
