import "server-only";

import { headers } from "next/headers";

/** Where a request came from, as far as the audit log records it. */
export type RequestMeta = { ip: string | null; userAgent: string | null };

export const NO_META: RequestMeta = { ip: null, userAgent: null };

const MAX_USER_AGENT = 512;

/**
 * The client address is the first X-Forwarded-For entry (Next.js sets the header from the
 * socket; a reverse proxy in front appends to it), else X-Real-IP.
 */
export function metaFromHeaders(source: Headers): RequestMeta {
  const forwarded = source.get("x-forwarded-for")?.split(",")[0]?.trim();
  const ip = forwarded || source.get("x-real-ip")?.trim() || null;
  const userAgent = source.get("user-agent")?.slice(0, MAX_USER_AGENT) || null;
  return { ip: ip ? ip.slice(0, 64) : null, userAgent };
}

/** The current request's meta, or nulls outside a request (scripts, background jobs). */
export async function currentRequestMeta(): Promise<RequestMeta> {
  try {
    return metaFromHeaders(await headers());
  } catch {
    return NO_META;
  }
}
