import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";

import {
  envelopeKeyId,
  keyIdOf,
  keyringFrom,
  openSession,
  openSessionWithKeyring,
  parseSessionKey,
  sealSession,
  SessionEnvelopeError,
} from "@/lib/crypto/session-envelope";

const key = randomBytes(32);
const session = "1BQANOTEuMTA4LjU2LjEyOQG7" + "x".repeat(300);

describe("session envelope", () => {
  it("round-trips and never contains the plaintext", () => {
    const sealed = sealSession(session, key, "user-1:acc-1");
    expect(sealed.startsWith("v1.")).toBe(true);
    expect(sealed).not.toContain(session.slice(0, 20));
    expect(openSession(sealed, key, "user-1:acc-1")).toBe(session);
  });

  it("uses a fresh IV on every seal", () => {
    expect(sealSession(session, key, "c")).not.toBe(sealSession(session, key, "c"));
  });

  it("refuses another owner's context", () => {
    const sealed = sealSession(session, key, "user-1:acc-1");
    expect(() => openSession(sealed, key, "user-2:acc-1")).toThrow(SessionEnvelopeError);
  });

  it("refuses a tampered ciphertext", () => {
    const parts = sealSession(session, key, "c").split(".");
    const body = Buffer.from(parts[3]!, "base64url");
    body[0] = body[0]! ^ 1;
    parts[3] = body.toString("base64url");
    expect(() => openSession(parts.join("."), key, "c")).toThrow(/authentication/);
  });

  it("names a wrong key instead of failing obscurely", () => {
    const sealed = sealSession(session, key, "c");
    expect(() => openSession(sealed, randomBytes(32), "c")).toThrow(/different TELEGRAM_SESSION_KEY/);
  });

  it("rejects unknown versions and malformed keys", () => {
    expect(() => openSession("v0.a.b.c.d", key, "c")).toThrow(/format/);
    expect(() => parseSessionKey(Buffer.alloc(16).toString("base64"))).toThrow(/32 bytes/);
    expect(parseSessionKey(key.toString("base64")).equals(key)).toBe(true);
  });
});

describe("session keyring (key rotation)", () => {
  const current = randomBytes(32);
  const old = randomBytes(32);
  const older = randomBytes(32);
  const ring = keyringFrom(current.toString("base64"), [old.toString("base64"), older.toString("base64")]);

  it("names the sealing key in the envelope", () => {
    expect(envelopeKeyId(sealSession(session, old, "c"))).toBe(keyIdOf(old));
    expect(envelopeKeyId("not an envelope")).toBeNull();
  });

  it("opens with the current key, or with a previous one and says it needs re-sealing", () => {
    expect(openSessionWithKeyring(sealSession(session, current, "c"), ring, "c")).toEqual({
      session,
      sealedWith: "current",
    });
    expect(openSessionWithKeyring(sealSession(session, old, "c"), ring, "c")).toEqual({
      session,
      sealedWith: "previous",
    });
    expect(openSessionWithKeyring(sealSession(session, older, "c"), ring, "c")).toEqual({
      session,
      sealedWith: "previous",
    });
  });

  it("refuses an envelope no key of the ring sealed, and one bound to another row", () => {
    expect(() => openSessionWithKeyring(sealSession(session, randomBytes(32), "c"), ring, "c")).toThrow(
      /different TELEGRAM_SESSION_KEY/,
    );
    expect(() => openSessionWithKeyring(sealSession(session, old, "c"), ring, "other")).toThrow(SessionEnvelopeError);
    expect(() => openSessionWithKeyring("v0.a.b.c.d", ring, "c")).toThrow(/format/);
  });

  it("validates every key", () => {
    expect(() => keyringFrom(current.toString("base64"), [Buffer.alloc(16).toString("base64")])).toThrow(/32 bytes/);
    expect(keyringFrom(current.toString("base64")).previous).toEqual([]);
  });
});
