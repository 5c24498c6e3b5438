import { Api } from "telegram";
import {
  DH_G,
  DH_PRIME,
  aesIgeDecrypt,
  aesIgeEncrypt,
  bigToBuf,
  bufToBig,
  modPow,
  modPowG,
  random,
  rsaDecryptRaw,
  sha1,
  sha256,
  tmpAesKeys,
  type RsaKey,
} from "./crypto";
import { bytesToIntLE, fromBI, int128Bytes, int256Bytes, readObject, toBI, type BigInteger } from "./tl";

/** Per-connection state of the unencrypted auth-key exchange (https://core.telegram.org/mtproto/auth_key). */
export interface HandshakeState {
  nonce?: Buffer;
  serverNonce?: Buffer;
  pq?: bigint;
  p?: bigint;
  q?: bigint;
  newNonce?: Buffer;
  a?: bigint;
  tmp?: { key: Buffer; iv: Buffer };
  retries: number;
}

export interface NewAuthKey {
  key: Buffer; // 256 bytes, as the spec defines it
  serverSalt: bigint;
}

export class HandshakeError extends Error {}

/** Miller-Rabin with the bases that make it exact below 3.3e24. */
function isPrime(n: bigint): boolean {
  if (n < 2n) return false;
  const small = [2n, 3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n, 29n, 31n, 37n];
  for (const p of small) if (n % p === 0n) return n === p;
  let d = n - 1n;
  let r = 0;
  while (!(d & 1n)) {
    d >>= 1n;
    r++;
  }
  outer: for (const a of small) {
    let x = modPow(a, d, n);
    if (x === 1n || x === n - 1n) continue;
    for (let i = 1; i < r; i++) {
      x = (x * x) % n;
      if (x === n - 1n) continue outer;
    }
    return false;
  }
  return true;
}

function randomPrime(bits: number): bigint {
  for (;;) {
    let n = bufToBig(random(8)) & ((1n << BigInt(bits)) - 1n);
    n |= (1n << BigInt(bits - 1)) | 1n;
    if (isPrime(n)) return n;
  }
}

const sameBytes = (a: Buffer | undefined, b: Buffer) => !!a && a.equals(b);

/**
 * Handles one unencrypted request. Returns the TL answer, or `{ answer, authKey }` when
 * the exchange completed. Throws HandshakeError when the client misbehaves (the caller
 * drops the connection, as Telegram does).
 */
export function handlePlainRequest(
  req: unknown,
  st: HandshakeState,
  rsa: RsaKey,
  dcId: number,
): { answer: Buffer; authKey?: NewAuthKey } {
  if (req instanceof Api.ReqPqMulti || req instanceof Api.ReqPq) {
    st.nonce = int128Bytes(req.nonce);
    st.serverNonce = random(16);
    // pq: a product of two distinct odd primes, p < q, below 2^63 as the spec asks. Factors
    // of very different sizes (17 and 40 bits): GramJS's Pollard-Brent finds the small one in
    // about a millisecond, and never meets both cycles in one batch, which with two equal
    // sizes makes it return pq itself now and then (a refused handshake; seen about 1 in 400).
    const p = randomPrime(17);
    const q = randomPrime(40);
    Object.assign(st, { p, q, pq: p * q });
    const answer = new Api.ResPQ({
      nonce: req.nonce,
      serverNonce: bytesToIntLE(st.serverNonce),
      // Always 8 bytes, as Telegram sends it: GramJS reads pq as a signed big-endian
      // integer, so a minimal encoding whose first byte has its top bit set turns
      // negative and its Pollard rho then never ends (it blocks the event loop).
      pq: bigToBuf(p * q, 8),
      serverPublicKeyFingerprints: [toBI(rsa.fingerprint)],
    }).getBytes();
    return { answer };
  }

  if (req instanceof Api.ReqDHParams) {
    if (!sameBytes(st.nonce, int128Bytes(req.nonce)) || !sameBytes(st.serverNonce, int128Bytes(req.serverNonce)))
      throw new HandshakeError("req_DH_params: nonce mismatch");
    if (fromBI(req.publicKeyFingerprint) !== rsa.fingerprint)
      throw new HandshakeError("req_DH_params: unknown fingerprint");
    if (bufToBig(req.p) !== st.p || bufToBig(req.q) !== st.q) throw new HandshakeError("req_DH_params: wrong factors");
    const inner = decryptRsaPad(req.encryptedData, rsa);
    if (!(
      inner instanceof Api.PQInnerData ||
      inner instanceof Api.PQInnerDataDc ||
      inner instanceof Api.PQInnerDataTemp ||
      inner instanceof Api.PQInnerDataTempDc
    ))
      throw new HandshakeError("req_DH_params: inner data is not p_q_inner_data");
    if (!sameBytes(st.nonce, int128Bytes(inner.nonce)) || !sameBytes(st.serverNonce, int128Bytes(inner.serverNonce)))
      throw new HandshakeError("p_q_inner_data: nonce mismatch");
    if (bufToBig(inner.pq) !== st.pq) throw new HandshakeError("p_q_inner_data: pq mismatch");
    if ("dc" in inner && Math.abs(inner.dc) !== dcId) {
      // Clients that name a DC must name this one; GramJS sends the plain variant.
      throw new HandshakeError(`p_q_inner_data_dc: dc ${inner.dc} on DC ${dcId}`);
    }
    st.newNonce = int256Bytes(inner.newNonce);
    st.a = bufToBig(random(256));
    const gA = modPowG(st.a);
    const answer = new Api.ServerDHInnerData({
      nonce: req.nonce,
      serverNonce: req.serverNonce,
      g: DH_G,
      dhPrime: bigToBuf(DH_PRIME, 256),
      gA: bigToBuf(gA, 256),
      serverTime: Math.floor(Date.now() / 1000),
    }).getBytes();
    const withHash = Buffer.concat([sha1(answer), answer]);
    const padded = Buffer.concat([withHash, random((16 - (withHash.length % 16)) % 16)]);
    st.tmp = tmpAesKeys(st.newNonce, st.serverNonce!);
    return {
      answer: new Api.ServerDHParamsOk({
        nonce: req.nonce,
        serverNonce: req.serverNonce,
        encryptedAnswer: aesIgeEncrypt(padded, st.tmp.key, st.tmp.iv),
      }).getBytes(),
    };
  }

  if (req instanceof Api.SetClientDHParams) {
    if (!st.tmp || !st.a || !st.newNonce || !st.serverNonce)
      throw new HandshakeError("set_client_DH_params out of order");
    if (!sameBytes(st.nonce, int128Bytes(req.nonce)) || !sameBytes(st.serverNonce, int128Bytes(req.serverNonce)))
      throw new HandshakeError("set_client_DH_params: nonce mismatch");
    if (req.encryptedData.length % 16) throw new HandshakeError("set_client_DH_params: bad length");
    const plain = aesIgeDecrypt(req.encryptedData, st.tmp.key, st.tmp.iv);
    const inner = readObject(plain.subarray(20));
    if (!(inner instanceof Api.ClientDHInnerData)) throw new HandshakeError("client_DH_inner_data expected");
    const innerLen = inner.getBytes().length;
    if (!sha1(plain.subarray(20, 20 + innerLen)).equals(plain.subarray(0, 20)))
      throw new HandshakeError("client_DH_inner_data: hash mismatch");
    const gB = bufToBig(inner.gB);
    // Spec safety checks: 1 < g_b < p - 1 and 2^{2048-64} <= g_b <= p - 2^{2048-64}.
    const bound = 1n << 1984n;
    if (gB <= bound || gB >= DH_PRIME - bound) throw new HandshakeError("g_b out of range");
    const key = bigToBuf(modPow(gB, st.a, DH_PRIME), 256);
    const serverSalt = st.newNonce.subarray(0, 8).readBigInt64LE(0) ^ st.serverNonce.subarray(0, 8).readBigInt64LE(0);
    // GramJS derives aux_hash from the key without its leading zero bytes; see docs/decisions.
    const auxHash = sha1(stripZeros(key)).subarray(0, 8);
    const newNonceHash1 = sha1(Buffer.concat([st.newNonce, Buffer.from([1]), auxHash])).subarray(4, 20);
    const answer = new Api.DhGenOk({
      nonce: req.nonce,
      serverNonce: req.serverNonce,
      newNonceHash1: bytesToIntLE(newNonceHash1),
    }).getBytes();
    // One exchange per handshake state.
    st.tmp = undefined;
    st.a = undefined;
    return { answer, authKey: { key, serverSalt: BigInt.asIntN(64, serverSalt) } };
  }

  throw new HandshakeError(`unexpected unencrypted ${(req as { className?: string })?.className ?? typeof req}`);
}

function stripZeros(b: Buffer): Buffer {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
}

/** RSA_PAD decryption (https://core.telegram.org/mtproto/auth_key#41-rsa-paddata-server-public-key-mentioned-above-is-implemented-as-follows). */
function decryptRsaPad(encrypted: Buffer, rsa: RsaKey): unknown {
  if (encrypted.length !== 256) throw new HandshakeError("encrypted_data must be 256 bytes");
  if (bufToBig(encrypted) >= rsa.n) throw new HandshakeError("encrypted_data >= modulus");
  const keyAesEncrypted = rsaDecryptRaw(rsa, encrypted);
  const tempKeyXor = keyAesEncrypted.subarray(0, 32);
  const aesEncrypted = keyAesEncrypted.subarray(32);
  const h = sha256(aesEncrypted);
  const tempKey = Buffer.alloc(32);
  for (let i = 0; i < 32; i++) tempKey[i] = tempKeyXor[i]! ^ h[i]!;
  const dataWithHash = aesIgeDecrypt(aesEncrypted, tempKey, Buffer.alloc(32));
  const dataWithPadding = Buffer.from(dataWithHash.subarray(0, 192)).reverse();
  if (sha256(tempKey, dataWithPadding).equals(dataWithHash.subarray(192))) return readObject(dataWithPadding);
  // The scheme before RSA_PAD: sha1(data) + data + random padding, raw RSA. Telegram still
  // accepts it and older clients (Telethon 1.25, for one) still send it.
  const legacy = keyAesEncrypted[0] === 0 ? keyAesEncrypted.subarray(1) : undefined;
  if (legacy) {
    try {
      const obj = readObject(legacy.subarray(20)) as { getBytes(): Buffer };
      const len = obj.getBytes().length;
      if (sha1(legacy.subarray(20, 20 + len)).equals(legacy.subarray(0, 20))) return obj;
    } catch {
      // not the legacy layout either
    }
  }
  throw new HandshakeError("RSA_PAD hash mismatch");
}

export type { BigInteger };
