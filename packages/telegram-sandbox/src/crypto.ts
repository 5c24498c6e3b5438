import {
  constants,
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  pbkdf2Sync,
  privateDecrypt,
  randomBytes,
  type Cipher,
  type Decipher,
} from "node:crypto";

// Telegram's published 2048-bit safe prime. GramJS's SRP code refuses any other prime,
// so the sandbox uses it for the auth-key DH exchange too.
export const DH_PRIME_HEX =
  "c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f" +
  "48198a0aa7c14058229493d22530f4dbfa336f6e0ac925139543aed44cce7c37" +
  "20fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f64" +
  "2477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4" +
  "a4a695811051907e162753b56b0f6b410dba74d8a84b2a14b3144e0ef1284754" +
  "fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4" +
  "e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f" +
  "0d8115f635b105ee2e4e15d04b2454bf6f4fadf034b10403119cd8e3b92fcc5b";
export const DH_PRIME = BigInt("0x" + DH_PRIME_HEX);
export const DH_G = 3;

export const sha1 = (...parts: Buffer[]): Buffer => {
  const h = createHash("sha1");
  for (const p of parts) h.update(p);
  return h.digest();
};
export const sha256 = (...parts: Buffer[]): Buffer => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest();
};

export function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = ((base % mod) + mod) % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % mod;
    e >>= 1n;
    b = (b * b) % mod;
  }
  return result;
}

// g^a for the fixed g and p of the DH exchange: a comb of precomputed powers
// g^(d * 16^i) turns 2048 squarings into 512 multiplications.
let combTable: bigint[][] | undefined;
export function modPowG(exp: bigint, g = BigInt(DH_G), p = DH_PRIME): bigint {
  if (g !== BigInt(DH_G) || p !== DH_PRIME) return modPow(g, exp, p);
  if (!combTable) {
    combTable = [];
    let base = g;
    for (let i = 0; i < 512; i++) {
      const row = [1n];
      for (let d = 1; d < 16; d++) row.push((row[d - 1]! * base) % p);
      combTable.push(row);
      base = (row[15]! * base) % p;
    }
  }
  let result = 1n;
  let e = exp;
  for (let i = 0; e > 0n && i < 512; i++) {
    const d = Number(e & 15n);
    if (d) result = (result * combTable[i]![d]!) % p;
    e >>= 4n;
  }
  return e > 0n ? (result * modPow(g, e << 2048n, p)) % p : result;
}

/** Big-endian unsigned bytes → bigint. */
export function bufToBig(buf: Buffer): bigint {
  return buf.length === 0 ? 0n : BigInt("0x" + buf.toString("hex"));
}

/** bigint → big-endian unsigned bytes; `len` pads with leading zeros, else minimal length. */
export function bigToBuf(n: bigint, len?: number): Buffer {
  let hex = n.toString(16);
  if (hex.length % 2) hex = "0" + hex;
  const raw = Buffer.from(hex === "00" && len === undefined ? "" : hex, "hex");
  if (len === undefined) return raw.length ? raw : Buffer.alloc(1);
  if (raw.length > len) throw new Error("number does not fit");
  return Buffer.concat([Buffer.alloc(len - raw.length), raw]);
}

/** AES in IGE mode (MTProto uses AES-256), built on ECB single blocks: Node has no IGE. */
export function aesIgeEncrypt(data: Buffer, key: Buffer, iv: Buffer): Buffer {
  const ecb = () => createCipheriv(`aes-${key.length * 8}-ecb`, key, null).setAutoPadding(false);
  return ige(data, ecb, iv.subarray(0, 16), iv.subarray(16, 32));
}

export function aesIgeDecrypt(data: Buffer, key: Buffer, iv: Buffer): Buffer {
  const ecb = () => createDecipheriv(`aes-${key.length * 8}-ecb`, key, null).setAutoPadding(false);
  return ige(data, ecb, iv.subarray(16, 32), iv.subarray(0, 16));
}

/**
 * IGE's chain, the same both ways: out = ecb(block ^ prevIn) ^ prevOut, then prevIn is that
 * output block and prevOut the input block. Encrypting starts from the iv's halves in order
 * (c0, p0); decrypting runs the mirror image, from (p0, c0).
 */
function ige(data: Buffer, makeEcb: () => Cipher | Decipher, firstIn: Buffer, firstOut: Buffer): Buffer {
  if (data.length % 16) throw new Error("IGE input must be a multiple of 16 bytes");
  const ecb = makeEcb();
  const out = Buffer.alloc(data.length);
  let prevIn = firstIn;
  let prevOut = firstOut;
  const x = Buffer.alloc(16);
  for (let i = 0; i < data.length; i += 16) {
    const block = data.subarray(i, i + 16);
    for (let j = 0; j < 16; j++) x[j] = block[j]! ^ prevIn[j]!;
    const done = ecb.update(x);
    for (let j = 0; j < 16; j++) out[i + j] = done[j]! ^ prevOut[j]!;
    prevIn = out.subarray(i, i + 16);
    prevOut = block;
  }
  return out;
}

/** TL `bytes` encoding, needed for the RSA fingerprint. */
export function tlBytes(data: Buffer): Buffer {
  let header: Buffer;
  if (data.length < 254) header = Buffer.from([data.length]);
  else header = Buffer.from([254, data.length & 0xff, (data.length >> 8) & 0xff, (data.length >> 16) & 0xff]);
  const len = header.length + data.length;
  const pad = (4 - (len % 4)) % 4;
  return Buffer.concat([header, data, Buffer.alloc(pad)]);
}

/** Telegram's key fingerprint: low 64 bits of sha1(TL(n) + TL(e)), as a signed decimal string (GramJS's map key). */
export function rsaFingerprint(n: bigint, e: bigint): bigint {
  const digest = sha1(tlBytes(bigToBuf(n)), tlBytes(bigToBuf(e)));
  return digest.readBigInt64LE(12);
}

export interface RsaKey {
  n: bigint;
  e: bigint;
  d: bigint;
  fingerprint: bigint;
  publicKeyPem: string;
  privateKeyPem: string;
}

const b64uToBig = (s: string): bigint => bufToBig(Buffer.from(s, "base64url"));

export function rsaFromPrivatePem(privateKeyPem: string): RsaKey {
  const jwk = createPrivateKey(privateKeyPem).export({ format: "jwk" });
  if (!jwk.n || !jwk.e || !jwk.d) throw new Error("not an RSA private key");
  const n = b64uToBig(jwk.n);
  const e = b64uToBig(jwk.e);
  const publicKeyPem = createPublicKey(privateKeyPem).export({ type: "pkcs1", format: "pem" }).toString();
  return { n, e, d: b64uToBig(jwk.d), fingerprint: rsaFingerprint(n, e), publicKeyPem, privateKeyPem };
}

export function generateRsaKey(): RsaKey {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, publicExponent: 65537 });
  return rsaFromPrivatePem(privateKey.export({ type: "pkcs1", format: "pem" }).toString());
}

/** Textbook RSA (no padding): RSA_PAD does its own padding. Native, as it is 20x faster than BigInt. */
export function rsaDecryptRaw(key: RsaKey, data: Buffer): Buffer {
  return privateDecrypt({ key: key.privateKeyPem, padding: constants.RSA_NO_PADDING }, data);
}

/** The MTProto 2.0 message key derivation; x = 0 client→server, 8 server→client. */
export function messageKeys(authKey: Buffer, msgKey: Buffer, x: 0 | 8): { key: Buffer; iv: Buffer } {
  const a = sha256(msgKey, authKey.subarray(x, x + 36));
  const b = sha256(authKey.subarray(40 + x, 76 + x), msgKey);
  return {
    key: Buffer.concat([a.subarray(0, 8), b.subarray(8, 24), a.subarray(24, 32)]),
    iv: Buffer.concat([b.subarray(0, 8), a.subarray(8, 24), b.subarray(24, 32)]),
  };
}

/** Keys for the tmp AES of the DH exchange (server_DH_params / set_client_DH_params). */
export function tmpAesKeys(newNonce: Buffer, serverNonce: Buffer): { key: Buffer; iv: Buffer } {
  const ns = sha1(newNonce, serverNonce);
  const sn = sha1(serverNonce, newNonce);
  const nn = sha1(newNonce, newNonce);
  return {
    key: Buffer.concat([ns, sn.subarray(0, 12)]),
    iv: Buffer.concat([sn.subarray(12, 20), nn, newNonce.subarray(0, 4)]),
  };
}

/** Key id as GramJS computes it: sha1 of the key with leading zero bytes stripped. */
export function authKeyId(key: Buffer): Buffer {
  return sha1(stripLeadingZeros(key)).subarray(12, 20);
}

export function stripLeadingZeros(b: Buffer): Buffer {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
}

export const random = (n: number): Buffer => randomBytes(n);

// ---- SRP (2FA) ----------------------------------------------------------------------

const H = sha256;
const pad256 = (n: bigint): Buffer => bigToBuf(n, 256);

/** PH2 from https://core.telegram.org/api/srp */
export function passwordHash(password: string, salt1: Buffer, salt2: Buffer): Buffer {
  const sh = (data: Buffer, salt: Buffer) => H(salt, data, salt);
  const ph1 = sh(sh(Buffer.from(password, "utf8"), salt1), salt2);
  return sh(pbkdf2Sync(ph1, salt1, 100000, 64, "sha512"), salt2);
}

/** The verifier v = g^x mod p the server stores instead of the password. */
export function srpVerifier(password: string, salt1: Buffer, salt2: Buffer, g = DH_G, p = DH_PRIME): bigint {
  return modPow(BigInt(g), bufToBig(passwordHash(password, salt1, salt2)), p);
}

export interface SrpServerState {
  b: bigint;
  B: Buffer;
}

export function srpServerStart(v: bigint, g = DH_G, p = DH_PRIME): SrpServerState {
  const k = bufToBig(H(pad256(p), pad256(BigInt(g))));
  for (;;) {
    const b = bufToBig(random(256));
    const B = (k * v + modPow(BigInt(g), b, p)) % p;
    // Same sanity range the clients enforce (g_b must be "large").
    if (B > 1n << 1984n && B < p - (1n << 1984n)) return { b, B: pad256(B) };
  }
}

/** Verifies the client's M1 from inputCheckPasswordSRP. */
export function srpVerify(opts: {
  v: bigint;
  state: SrpServerState;
  A: Buffer;
  M1: Buffer;
  salt1: Buffer;
  salt2: Buffer;
  g?: number;
  p?: bigint;
}): boolean {
  const g = opts.g ?? DH_G;
  const p = opts.p ?? DH_PRIME;
  const A = bufToBig(opts.A);
  if (A <= 1n || A >= p - 1n) return false;
  const Apad = pad256(A);
  const u = bufToBig(H(Apad, opts.state.B));
  if (u === 0n) return false;
  const S = modPow(A * modPow(opts.v, u, p), opts.state.b, p);
  const K = H(pad256(S));
  const hp = H(pad256(p));
  const hg = H(pad256(BigInt(g)));
  const xored = Buffer.alloc(32);
  for (let i = 0; i < 32; i++) xored[i] = hp[i]! ^ hg[i]!;
  const M1 = H(xored, H(opts.salt1), H(opts.salt2), Apad, opts.state.B, K);
  return M1.length === opts.M1.length && M1.equals(opts.M1);
}
