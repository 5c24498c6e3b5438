import "server-only";

import { env } from "@/lib/env";
import { ApiError } from "./errors";

/**
 * CSRF defence for state-changing requests: the browser's Origin header must name this
 * site (NEXTAUTH_URL, or the host the request was addressed to). Browsers always send
 * Origin on POST/PUT/PATCH/DELETE, so a missing one is refused as well.
 */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (!origin || origin === "null") return false;
  const allowed = new Set<string>([new URL(env.NEXTAUTH_URL).origin]);
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (host) {
    const proto = request.headers.get("x-forwarded-proto") ?? new URL(request.url).protocol.replace(":", "");
    allowed.add(`${proto}://${host}`);
  }
  return allowed.has(origin);
}

export function assertSameOrigin(request: Request): void {
  if (!isSameOrigin(request)) {
    throw new ApiError("forbidden_origin", "This request must come from the site itself.");
  }
}
