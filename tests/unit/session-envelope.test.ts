import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";

import {
  openSession,
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
