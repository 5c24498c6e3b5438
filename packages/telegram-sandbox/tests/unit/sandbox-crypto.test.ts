import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { Api, password as gramPassword, helpers } from "telegram";
import {
  DH_PRIME,
  aesIgeDecrypt,
  aesIgeEncrypt,
  bigToBuf,
  bufToBig,
  generateRsaKey,
  modPow,
  passwordHash,
  rsaFingerprint,
  srpServerStart,
  srpVerifier,
  srpVerify,
} from "../../src/crypto";
import { TransportCodec } from "../../src/transport";

const req = createRequire(import.meta.url);
const hex = (s: string) => Buffer.from(s, "hex");

describe("RSA fingerprints", () => {
  it("Telegram's public keys give the fingerprints GramJS hard-codes", () => {
    const { _serverKeys } = req("telegram/crypto/RSA") as {
      _serverKeys: Map<string, { n: { toString(): string }; e: number }>;
    };
    expect(_serverKeys.size).toBeGreaterThanOrEqual(2);
    for (const [fp, key] of _serverKeys) {
      expect(rsaFingerprint(BigInt(key.n.toString()), BigInt(key.e)).toString()).toBe(fp);
    }
    expect(_serverKeys.has("-3414540481677951611")).toBe(true);
  });

  it("a generated sandbox key round-trips raw RSA", () => {
    const k = generateRsaKey();
    const m = 123456789n;
    expect(modPow(modPow(m, k.e, k.n), k.d, k.n)).toBe(m);
  });
});

describe("AES-IGE", () => {
  // OpenSSL's IGE test vectors (test/igetest.c), AES-128.
  it("matches OpenSSL's known vectors", () => {
    const key = hex("000102030405060708090a0b0c0d0e0f");
    const iv = hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    const ct = aesIgeEncrypt(Buffer.alloc(32), key, iv);
    expect(ct.toString("hex")).toBe("1a8519a6557be652e9da8e43da4ef4453cf456b4ca488aa383c79c98b34797cb");
    const key2 = hex("5468697320697320616e20696d706c65");
    const iv2 = hex("6d656e746174696f6e206f6620494745206d6f646520666f72204f70656e5353");
    const pt2 = hex("99706487a1cde613bc6de0b6f24b1c7aa448c8b9c3403e3467a8cad89340f53b");
    expect(aesIgeEncrypt(pt2, key2, iv2).toString("hex")).toBe(
      "4c2e204c6574277320686f70652042656e20676f74206974207269676874210a",
    );
    expect(aesIgeDecrypt(ct, key, iv).equals(Buffer.alloc(32))).toBe(true);
  });

  it("agrees with GramJS's own AES-256-IGE", () => {
    const { IGE } = req("telegram/crypto/IGE") as {
      IGE: new (k: Buffer, iv: Buffer) => { encryptIge(b: Buffer): Buffer };
    };
    const key = Buffer.alloc(32, 7);
    const iv = Buffer.alloc(32, 9);
    const data = Buffer.from(Array.from({ length: 64 }, (_, i) => i));
    expect(aesIgeEncrypt(data, key, iv).equals(Buffer.from(new IGE(key, iv).encryptIge(data)))).toBe(true);
    expect(aesIgeDecrypt(aesIgeEncrypt(data, key, iv), key, iv).equals(data)).toBe(true);
  });
});

describe("SRP (2FA)", () => {
  const salt1 = Buffer.alloc(40, 1);
  const salt2 = Buffer.alloc(16, 2);
  const algo = new Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow({
    salt1,
    salt2,
    g: 3,
    p: bigToBuf(DH_PRIME, 256),
  });

  it("the verifier equals GramJS's computeDigest", async () => {
    const v = srpVerifier("hunter2", salt1, salt2);
    const digest = await gramPassword.computeDigest(algo, "hunter2");
    expect(bigToBuf(v, 256).equals(Buffer.from(digest))).toBe(true);
    expect(passwordHash("hunter2", salt1, salt2).length).toBe(32);
  });

  it("accepts GramJS's proof for the right password and rejects a wrong one", async () => {
    const v = srpVerifier("hunter2", salt1, salt2);
    for (const [pw, expected] of [
      ["hunter2", true],
      ["hunter3", false],
    ] as const) {
      const st = srpServerStart(v);
      const params = new Api.account.Password({
        hasPassword: true,
        currentAlgo: algo,
        srp_B: st.B,
        srpId: helpers.readBigIntFromBuffer(Buffer.alloc(8, 1), true, true),
        newAlgo: algo,
        newSecureAlgo: new Api.SecurePasswordKdfAlgoUnknown(),
        secureRandom: Buffer.alloc(32),
      });
      const check = await gramPassword.computeCheck(params, pw);
      expect(srpVerify({ v, state: st, A: check.A, M1: check.M1, salt1, salt2 })).toBe(expected);
    }
  });

  it("uses Telegram's published 2048-bit prime", () => {
    expect(bufToBig(bigToBuf(DH_PRIME, 256)).toString(16).slice(0, 16)).toBe("c71caeb9c6b1c904");
    expect(DH_PRIME.toString(2).length).toBe(2048);
  });
});

describe("transports", () => {
  it("reads intermediate and abridged framing", () => {
    const payload = Buffer.alloc(16, 5);
    const inter = new TransportCodec();
    const head = Buffer.alloc(4);
    head.writeUInt32LE(0xeeeeeeee, 0);
    const len = Buffer.alloc(4);
    len.writeInt32LE(16, 0);
    expect(inter.push(Buffer.concat([head, len, payload]))).toEqual([payload]);
    expect(inter.encode(payload).readInt32LE(0)).toBe(16);

    const abr = new TransportCodec();
    expect(abr.push(Buffer.concat([Buffer.from([0xef, 4]), payload]))).toEqual([payload]);
    expect(abr.encode(payload)[0]).toBe(4);
  });
});
