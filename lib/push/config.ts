import "server-only";

import { env } from "@/lib/env";
import type { VapidKeys } from "./deliver";

/** Push is switched on (WEB_PUSH; on by default outside production). */
export function pushEnabled(): boolean {
  return env.WEB_PUSH && env.VAPID_PUBLIC_KEY !== "" && env.VAPID_PRIVATE_KEY !== "";
}

export function vapidKeys(): VapidKeys {
  return { subject: env.VAPID_SUBJECT, publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY };
}

/**
 * Endpoints on loopback and private addresses, and plain http, only outside production:
 * the tests' stand-in push service is one. Real push services are public https.
 */
export function pushAllowsPrivate(): boolean {
  return env.NODE_ENV !== "production";
}
