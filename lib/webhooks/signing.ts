import "server-only";

import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { openSessionWithKeyring, sealSession, type SessionKeyring } from "@/lib/crypto/session-envelope";

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): the `standardwebhooks`
 * package computes `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` with the secret
 * `whsec_<base64 of 32 random bytes>`, so receivers verify with the same library.
 */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/** First characters shown to tell secrets apart ("whsec_" and 4 more). */
export function secretPrefixOf(secret: string): string {
  return secret.slice(0, 10);
}

function secretContext(userId: string, endpointId: string): string {
  return `tgdesk:webhook-secret:${userId}:${endpointId}`;
}

/** The secret in the same AES-GCM envelope as Telegram sessions, bound to its owner and endpoint. */
export function sealWebhookSecret(secret: string, keyring: SessionKeyring, userId: string, endpointId: string): string {
  return sealSession(secret, keyring.current, secretContext(userId, endpointId));
}

export function openWebhookSecret(sealed: string, keyring: SessionKeyring, userId: string, endpointId: string): string {
  return openSessionWithKeyring(sealed, keyring, secretContext(userId, endpointId)).session;
}

export interface SignedHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
}

/** The three Standard Webhooks headers for `body`, signed at `at`. */
export function signWebhook(secret: string, id: string, body: string, at: Date = new Date()): SignedHeaders {
  const seconds = Math.floor(at.getTime() / 1000);
  return {
    "webhook-id": id,
    "webhook-timestamp": String(seconds),
    // The library signs the timestamp in whole seconds, as it writes it.
    "webhook-signature": new Webhook(secret).sign(id, new Date(seconds * 1000), body),
  };
}
