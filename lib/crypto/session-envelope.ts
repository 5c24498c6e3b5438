import "server-only";

import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * Telegram session strings are full account credentials, so they only ever touch the
 * database inside this envelope: AES-256-GCM with a fresh 96-bit IV per write.
 *
 * Format: `v1.<keyId>.<iv>.<ciphertext>.<tag>` (base64url parts). The key id lets a
 * future key rotation tell which key sealed a row; the version lets the format move on
 * without guessing. The caller's `context` (the owning site user and Telegram account) is
 * bound as additional authenticated data, so a ciphertext copied into another user's row
 * does not decrypt.
 */
const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SessionEnvelopeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SessionEnvelopeError";
  }
}

export function parseSessionKey(base64: string): Buffer {
  const key = Buffer.from(base64, "base64");
  if (key.length !== 32) {
    throw new SessionEnvelopeError("TELEGRAM_SESSION_KEY must be 32 bytes, base64-encoded");
  }
  return key;
}

export function keyIdOf(key: Buffer): string {
  return createHash("sha256").update(key).digest("base64url").slice(0, 8);
}

export function sealSession(plaintext: string, key: Buffer, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, keyIdOf(key), iv, ciphertext, cipher.getAuthTag()]
    .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
    .join(".");
}

export function openSession(envelope: string, key: Buffer, context: string): string {
  const parts = envelope.split(".");
  if (parts.length !== 5 || parts[0] !== VERSION) {
    throw new SessionEnvelopeError("Unrecognised session envelope format");
  }
  const [, keyId, iv, ciphertext, tag] = parts as [string, string, string, string, string];
  if (keyId !== keyIdOf(key)) {
    throw new SessionEnvelopeError("Session was sealed with a different TELEGRAM_SESSION_KEY");
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    // Never echo the cause: it would not help a person and may hint at the plaintext.
    throw new SessionEnvelopeError("Session envelope failed authentication");
  }
}

/** The id of the key that sealed `envelope` (as written in it), or null when it is not one of ours. */
export function envelopeKeyId(envelope: string): string | null {
  const parts = envelope.split(".");
  return parts.length === 5 && parts[0] === VERSION ? (parts[1] ?? null) : null;
}

/**
 * The current key and the previous ones still accepted for reading (a rotation in
 * progress). Sealing always uses `current`.
 */
export interface SessionKeyring {
  current: Buffer;
  previous: readonly Buffer[];
}

export function keyringFrom(current: string, previous: readonly string[] = []): SessionKeyring {
  return { current: parseSessionKey(current), previous: previous.map(parseSessionKey) };
}

export type OpenedSession = { session: string; sealedWith: "current" | "previous" };

/**
 * Opens an envelope with whichever key of the ring sealed it (found by the key id in the
 * envelope, so no key is tried blindly). `sealedWith: "previous"` tells the caller to
 * re-seal it with the current key. Throws SessionEnvelopeError when no key fits.
 */
export function openSessionWithKeyring(envelope: string, keyring: SessionKeyring, context: string): OpenedSession {
  const keyId = envelopeKeyId(envelope);
  if (keyId === null) throw new SessionEnvelopeError("Unrecognised session envelope format");
  if (keyId === keyIdOf(keyring.current))
    return { session: openSession(envelope, keyring.current, context), sealedWith: "current" };
  const previous = keyring.previous.find((key) => keyIdOf(key) === keyId);
  if (!previous) throw new SessionEnvelopeError("Session was sealed with a different TELEGRAM_SESSION_KEY");
  return { session: openSession(envelope, previous, context), sealedWith: "previous" };
}
