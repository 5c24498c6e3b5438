// Wire formats the server writes or reads by hand, checked against the spec's layouts.
import { randomBytes } from "node:crypto";
import { deflateSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { encodeFutureSalts, unpackGzipped } from "../../src/connection";
import { MAX_FRAME, TransportCodec } from "../../src/transport";
import { RawConnection } from "../support/raw-client";

describe("future_salts", () => {
  it("is a bare vector of bare future_salt: count, then (valid_since, valid_until, salt) each", () => {
    const salts = [
      { validSince: 100, validUntil: 200, salt: 0x1122334455667788n },
      { validSince: 200, validUntil: 300, salt: -5n },
    ];
    const b = encodeFutureSalts(42n, 150, salts);
    expect(b.readUInt32LE(0)).toBe(0xae500895);
    expect(b.readBigInt64LE(4)).toBe(42n);
    expect(b.readInt32LE(12)).toBe(150);
    // No vector constructor (0x1cb5c415) and no future_salt constructor (0x0949d9dc).
    expect(b.readInt32LE(16)).toBe(2);
    expect(b.length).toBe(20 + 2 * 16);
    expect([b.readInt32LE(20), b.readInt32LE(24), b.readBigInt64LE(28)]).toEqual([100, 200, 0x1122334455667788n]);
    expect([b.readInt32LE(36), b.readInt32LE(40), b.readBigInt64LE(44)]).toEqual([200, 300, -5n]);
  });
});

describe("gzip_packed", () => {
  const data = Buffer.from("a request body that compresses ".repeat(20));
  it("accepts gzip (RFC 1952) and zlib (RFC 1950) streams", () => {
    expect(unpackGzipped(gzipSync(data))).toEqual(data);
    expect(unpackGzipped(deflateSync(data))).toEqual(data);
  });
  it("refuses output larger than a frame", () => {
    expect(() => unpackGzipped(gzipSync(Buffer.alloc(MAX_FRAME + 1)))).toThrow();
  });
});

/** Frames `payload` as a client would, opening included, through the test client's codec. */
function clientBytes(
  transport: "intermediate" | "padded" | "abridged",
  payloads: Buffer[],
  pad: number,
  obfuscated = false,
): Buffer {
  const chunks: Buffer[] = [];
  const fake = { on() {}, once() {}, write: (b: Buffer) => chunks.push(Buffer.from(b)) } as never;
  const c = new RawConnection(fake, transport, { padding: () => pad, obfuscated });
  payloads.forEach((p, i) => c.send(p, i === 0));
  return Buffer.concat(chunks);
}

describe("padded intermediate", () => {
  it("strips 0–15 bytes of padding from encrypted and unencrypted messages", () => {
    const encrypted = Buffer.concat([randomBytes(8), randomBytes(16), randomBytes(16 * 5)]);
    const plain = Buffer.concat([Buffer.alloc(8), randomBytes(8), Buffer.from([20, 0, 0, 0]), randomBytes(20)]);
    for (let pad = 0; pad <= 15; pad++) {
      const codec = new TransportCodec();
      expect(codec.push(clientBytes("padded", [encrypted, plain], pad)), `padding ${pad}`).toEqual([encrypted, plain]);
    }
  });
});

describe("obfuscated2", () => {
  for (const t of ["abridged", "intermediate", "padded"] as const) {
    it(`decodes ${t} inside it and answers in the same stream`, () => {
      const payload = Buffer.concat([randomBytes(24), randomBytes(32)]);
      const codec = new TransportCodec();
      // Fed byte by byte: the opening and the frames may arrive split anywhere.
      const bytes = clientBytes(t, [payload, payload], 7, true);
      const got: Buffer[] = [];
      for (const byte of bytes) got.push(...codec.push(Buffer.from([byte])));
      expect(codec.obfuscated).toBe(true);
      expect(codec.kind).toBe(t);
      expect(got).toEqual([payload, payload]);
    });
  }

  it("refuses an opening whose tag names no transport", () => {
    const codec = new TransportCodec();
    const init = randomBytes(64);
    init.writeUInt32LE(0x01020304, 4);
    init[0] = 0x10;
    expect(() => codec.push(init)).toThrow(/unknown transport/);
  });
});
