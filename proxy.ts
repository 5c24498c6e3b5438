// Runs before every page and the signed-in APIs (/api/telegram, /api/admin, /api/profile):
// - a Content-Security-Policy with a fresh nonce per page request. Next reads the policy
//   from the request headers and puts the nonce on its own scripts, so no script runs
//   without it (no 'unsafe-inline' for scripts): an injected inline script is blocked.
// - a path with a malformed %-escape is answered 400 here, before anything decodes it.
// - first line of defence for signed-in areas: pages without a session go to sign-in
//   (and come back), API routes get a 401. Pages and handlers check again where they read
//   data (lib/auth/session.ts, lib/http/with-user.ts); this only saves a render and tells
//   server components which path to return to.
import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { env } from "@/lib/env";
import { signInUrl } from "@/lib/auth/callback-url";
import { PATHNAME_HEADER } from "@/lib/auth/pathname-header";
import { contentSecurityPolicy, STRICT_TRANSPORT_SECURITY } from "@/lib/http/security-headers";
import { staticErrorPageScriptHashes } from "@/lib/http/static-error-page";

function hasMalformedEscape(pathname: string): boolean {
  try {
    for (const segment of pathname.split("/")) decodeURIComponent(segment);
    return false;
  } catch {
    return true;
  }
}

const SIGNED_IN_AREAS = ["/telegram", "/api/telegram", "/admin", "/api/admin", "/profile", "/api/profile"];
const needsSession = (pathname: string) =>
  SIGNED_IN_AREAS.some((area) => pathname === area || pathname.startsWith(`${area}/`));

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const isApi = pathname.startsWith("/api/");

  if (hasMalformedEscape(pathname)) {
    return isApi
      ? NextResponse.json(
          { error: { code: "invalid_request", message: "The path is not valid." } },
          { status: 400, headers: { "cache-control": "no-store" } },
        )
      : new NextResponse("Bad Request", { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
  }

  if (needsSession(pathname)) {
    const token = await getToken({ req: request, secret: env.AUTH_SECRET });
    if (!token?.sub) {
      if (isApi) {
        return NextResponse.json(
          { error: { code: "unauthenticated", message: "Sign in to continue." } },
          { status: 401, headers: { "cache-control": "no-store" } },
        );
      }
      return NextResponse.redirect(new URL(signInUrl(pathname + search), request.url));
    }
  }

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set(PATHNAME_HEADER, pathname + search);
  // HSTS only when the site's own URL is https: over plain http browsers ignore it, and on
  // localhost it would stick to every other local app.
  const https = env.NEXTAUTH_URL.startsWith("https:");
  if (isApi) {
    const response = NextResponse.next({ request: { headers: requestHeaders } });
    if (https) response.headers.set("strict-transport-security", STRICT_TRANSPORT_SECURITY);
    return response;
  }

  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = contentSecurityPolicy(nonce, {
    dev: env.NODE_ENV === "development",
    https,
    // The built error page is static: its inline scripts are allowed by hash, not nonce.
    scriptHashes: env.NODE_ENV === "production" ? staticErrorPageScriptHashes(env.NEXT_DIST_DIR ?? ".next") : [],
    formTargets: [
      ...(env.GITHUB_ID ? ["https://github.com"] : []),
      ...(env.GOOGLE_CLIENT_ID ? ["https://accounts.google.com"] : []),
    ],
  });
  requestHeaders.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", policy);
  if (https) response.headers.set("strict-transport-security", STRICT_TRANSPORT_SECURITY);
  return response;
}

export const config = {
  matcher: [
    // Pages (not Next's assets, not files from public/ — they have a dot — not /api except
    // the signed-in APIs below: next-auth reads its own bodies, and the proxy would buffer them).
    "/((?!api/|_next/static|_next/image|.*\\.[A-Za-z0-9]+$).*)",
    // Covered above too; listed so the signed-in areas are plain to see.
    "/telegram",
    "/telegram/:path*",
    "/admin",
    "/admin/:path*",
    "/profile",
    "/profile/:path*",
    // Not for a chunked body or one declared at 1 MB or more: where the proxy runs, Next
    // reads the whole body (keeping the first 1 MB) before the route starts, and a 200 MB
    // flood then cost the server some 36 MB. Without the proxy the route reads only up to
    // its own limit and answers 413; withUser checks the session first all the same.
    // (Literal objects: Next reads this config statically at build time.)
    {
      source: "/api/telegram",
      missing: [
        { type: "header", key: "transfer-encoding" },
        { type: "header", key: "content-length", value: "\\d{7,}" },
      ],
    },
    {
      source: "/api/telegram/:path*",
      missing: [
        { type: "header", key: "transfer-encoding" },
        { type: "header", key: "content-length", value: "\\d{7,}" },
      ],
    },
    {
      source: "/api/admin/:path*",
      missing: [
        { type: "header", key: "transfer-encoding" },
        { type: "header", key: "content-length", value: "\\d{7,}" },
      ],
    },
    {
      source: "/api/profile/:path*",
      missing: [
        { type: "header", key: "transfer-encoding" },
        { type: "header", key: "content-length", value: "\\d{7,}" },
      ],
    },
  ],
};
