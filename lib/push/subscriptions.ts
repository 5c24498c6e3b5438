import "server-only";

import type { Db } from "@/lib/db";
import { ApiError } from "@/lib/http/errors";
import type { Locale } from "@/lib/i18n/config";
import { resolveTarget, type Resolver } from "@/lib/webhooks/addresses";
import { PUSH_SUBSCRIPTIONS_PER_USER, type PushSubscriptionDto } from "./types";

export interface NewSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

const dtoSelect = {
  id: true,
  endpoint: true,
  label: true,
  createdAt: true,
  lastSuccessAt: true,
  failures: true,
} as const;

function toDto(row: {
  id: string;
  endpoint: string;
  label: string;
  createdAt: Date;
  lastSuccessAt: Date | null;
  failures: number;
}): PushSubscriptionDto {
  return {
    id: row.id,
    endpoint: row.endpoint,
    label: row.label,
    createdAt: row.createdAt.toISOString(),
    lastSuccessAt: row.lastSuccessAt?.toISOString() ?? null,
    failures: row.failures,
  };
}

export async function listPushSubscriptions(db: Db, userId: string): Promise<PushSubscriptionDto[]> {
  const rows = await db.pushSubscription.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    select: dtoSelect,
  });
  return rows.map(toDto);
}

/**
 * Saves a browser's subscription for `userId`. The same endpoint again (a re-subscribe, new
 * keys) updates it; an endpoint another person subscribed moves to this one, since a browser
 * profile notifies whoever subscribed it last. Past the per-person limit the oldest goes.
 */
export async function savePushSubscription(
  db: Db,
  userId: string,
  input: NewSubscription,
  meta: { label: string; locale: Locale; siteSessionId: string | null },
): Promise<PushSubscriptionDto> {
  return db.$transaction(async (tx) => {
    const data = {
      userId,
      p256dh: input.keys.p256dh,
      auth: input.keys.auth,
      label: meta.label,
      locale: meta.locale,
      siteSessionId: meta.siteSessionId,
      failures: 0,
      lastFailureAt: null,
    };
    const row = await tx.pushSubscription.upsert({
      where: { endpoint: input.endpoint },
      create: { ...data, endpoint: input.endpoint },
      update: data,
      select: dtoSelect,
    });
    const surplus = await tx.pushSubscription.findMany({
      where: { userId },
      orderBy: { createdAt: "desc" },
      skip: PUSH_SUBSCRIPTIONS_PER_USER,
      select: { id: true },
    });
    if (surplus.length > 0) await tx.pushSubscription.deleteMany({ where: { id: { in: surplus.map((s) => s.id) } } });
    return toDto(row);
  });
}

/** Removes one of the person's subscriptions; someone else's id is answered as not found. */
export async function deletePushSubscription(db: Db, userId: string, id: string): Promise<void> {
  const { count } = await db.pushSubscription.deleteMany({ where: { id, userId } });
  if (count === 0) throw new ApiError("not_found", "This browser is not subscribed.");
}

/** "Chrome on Linux" from a User-Agent: enough to tell one's browsers apart, nothing more. */
export function browserLabel(userAgent: string | null): string {
  if (!userAgent) return "";
  const ua = userAgent;
  const browser = /Edg\//.test(ua)
    ? "Edge"
    : /OPR\/|Opera/.test(ua)
      ? "Opera"
      : /Firefox\//.test(ua)
        ? "Firefox"
        : /Chrom(e|ium)\//.test(ua)
          ? "Chrome"
          : /Safari\//.test(ua)
            ? "Safari"
            : "";
  const os = /Android/.test(ua)
    ? "Android"
    : /iPhone|iPad|iPod/.test(ua)
      ? "iOS"
      : /Windows/.test(ua)
        ? "Windows"
        : /Mac OS X|Macintosh/.test(ua)
          ? "macOS"
          : /CrOS/.test(ua)
            ? "ChromeOS"
            : /Linux/.test(ua)
              ? "Linux"
              : "";
  return [browser, os].filter(Boolean).join(" · ");
}

/**
 * Refuses an endpoint the server must not send to: anything but https in production, and
 * hosts that resolve to loopback or private addresses there (the push service request is
 * made by the server, so a crafted "endpoint" could otherwise reach the internal network).
 */
export async function assertPushEndpoint(endpoint: string, allowPrivate: boolean, resolve?: Resolver): Promise<void> {
  const url = new URL(endpoint);
  if (url.protocol !== "https:" && !(allowPrivate && url.protocol === "http:")) {
    throw new ApiError("push_endpoint_invalid", "Push endpoints must be https URLs.");
  }
  try {
    await resolveTarget(url, allowPrivate, resolve);
  } catch {
    throw new ApiError("push_endpoint_invalid", "This push endpoint cannot be reached from the server.");
  }
}
