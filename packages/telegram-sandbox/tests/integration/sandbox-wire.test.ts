// Wire-level behaviour over raw sockets: every transport the sandbox claims, and clients
// that break the protocol (cut frames, tiny packets, huge lengths, silence).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSandbox, type TestSandbox } from "@/tests/integration/support/sandbox";
import { handshakeStarts, isResPq, openRaw, reqPqMulti, type RawTransport } from "../support/raw-client";

let sb: TestSandbox;
const log: string[] = [];
const dc2 = () => sb.port + 1;

beforeAll(async () => {
  sb = await startTestSandbox({
    logger: (l) => log.push(l),
    timeouts: { partialFrameMs: 400, idleUnauthenticatedMs: 800 },
  });
});
afterAll(async () => {
  await sb?.stop();
});

const randomPad = () => Math.floor(Math.random() * 16);

describe("transports", () => {
  const plain: RawTransport[] = ["full", "intermediate", "padded", "abridged"];
  for (const t of plain) {
    it(`starts the key exchange over ${t}`, async () => {
      expect(await handshakeStarts(dc2(), t, { padding: randomPad })).toBe(true);
    });
  }

  it("strips every padding length of padded intermediate, 0 to 15 bytes", async () => {
    for (let pad = 0; pad <= 15; pad++) {
      const padded = await openRaw(dc2(), "padded", { padding: () => pad });
      const { packet, nonce } = reqPqMulti();
      padded.send(packet, true);
      expect(isResPq(await padded.recv(), nonce), `padding ${pad}`).toBe(true);
      padded.close();
    }
  });

  for (const t of ["abridged", "intermediate", "padded"] as const) {
    it(`starts the key exchange over obfuscated2 wrapping ${t}`, async () => {
      expect(await handshakeStarts(dc2(), t, { obfuscated: true, padding: randomPad })).toBe(true);
    });
  }

  it("keeps one obfuscated stream across several frames", async () => {
    const c = await openRaw(dc2(), "intermediate", { obfuscated: true });
    try {
      for (let i = 0; i < 3; i++) {
        const { packet, nonce } = reqPqMulti();
        c.send(packet, i === 0);
        expect(isResPq(await c.recv(), nonce)).toBe(true);
      }
    } finally {
      c.close();
    }
  });
});

describe("clients that break the protocol", () => {
  it("closes on a 12-byte unencrypted packet, logs one line, and keeps serving", async () => {
    const before = log.length;
    const c = await openRaw(dc2(), "intermediate");
    c.send(Buffer.alloc(12), true);
    expect(await c.recv(3000)).toBeUndefined();
    const lines = log.slice(before);
    expect(lines.some((l) => /^warning: .*unencrypted packet of 12 bytes/.test(l))).toBe(true);
    expect(lines.join("\n")).not.toMatch(/RangeError|\n\s+at /);
    expect(await handshakeStarts(dc2(), "intermediate")).toBe(true);
  });

  it("closes a connection whose frame never finishes", async () => {
    const c = await openRaw(dc2(), "intermediate");
    const head = Buffer.alloc(8);
    head.writeUInt32LE(0xeeeeeeee, 0);
    head.writeInt32LE(100, 4);
    c.socket.write(Buffer.concat([head, Buffer.alloc(10)]));
    const t0 = Date.now();
    await c.closedAt;
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it("closes an idle connection that never authenticates", async () => {
    const c = await openRaw(dc2(), "full");
    const t0 = Date.now();
    await c.closedAt;
    expect(Date.now() - t0).toBeGreaterThanOrEqual(500);
    expect(Date.now() - t0).toBeLessThan(4000);
  });

  it("refuses an abridged length over 16 MB at once", async () => {
    const c = await openRaw(dc2(), "abridged");
    c.socket.write(Buffer.from([0xef, 0x7f, 0xff, 0xff, 0xff]));
    const t0 = Date.now();
    await c.closedAt;
    expect(Date.now() - t0).toBeLessThan(300);
  });

  it("leaves no connection open behind", async () => {
    const deadline = Date.now() + 5000;
    while (sb.running.sandbox.connectionCount() > 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(sb.running.sandbox.connectionCount()).toBe(0);
  });
});
