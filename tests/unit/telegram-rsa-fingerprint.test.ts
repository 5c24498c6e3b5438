// lib/telegram computes key fingerprints itself (production code must not import the
// sandbox); it must agree with GramJS's own table and with the sandbox's handshake.
import { createRequire } from "node:module";
import { generateRsaKey } from "@tgdesk/telegram-sandbox";
import { describe, expect, it } from "vitest";
import { rsaFingerprint } from "@/lib/telegram/gramjs/rsa-fingerprint";

const req = createRequire(import.meta.url);

describe("rsaFingerprint", () => {
  it("matches the fingerprints GramJS lists for Telegram's own keys", () => {
    const { _serverKeys } = req("telegram/crypto/RSA") as {
      _serverKeys: Map<string, { n: { toString(): string }; e: number }>;
    };
    expect(_serverKeys.size).toBeGreaterThan(0);
    for (const [fp, key] of _serverKeys) {
      expect(rsaFingerprint(BigInt(key.n.toString()), BigInt(key.e)).toString()).toBe(fp);
    }
  });

  it("matches the fingerprint the sandbox announces in res_pq", () => {
    const key = generateRsaKey();
    expect(rsaFingerprint(key.n, key.e)).toBe(key.fingerprint);
  });
});
