// First line of defence for signed-in areas: pages without a session go to sign-in
// (and come back), API routes get a 401. Pages and handlers check again where they read
// data (lib/auth/session.ts, lib/http/with-user.ts); this only saves a render and tells
// server components which path to return to.
import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { env } from "@/lib/env";
import { signInUrl } from "@/lib/auth/callback-url";
import { PATHNAME_HEADER } from "@/lib/auth/pathname-header";

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const token = await getToken({ req: request, secret: env.AUTH_SECRET });

  if (!token?.sub) {
    if (pathname.startsWith("/api/")) {
      return NextResponse.json(
        { error: { code: "unauthenticated", message: "Sign in to continue." } },
        { status: 401, headers: { "cache-control": "no-store" } },
      );
    }
    return NextResponse.redirect(new URL(signInUrl(pathname + search), request.url));
  }

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set(PATHNAME_HEADER, pathname + search);
  return NextResponse.next({ request: { headers: requestHeaders } });
}

export const config = {
  matcher: [
    "/telegram",
    "/telegram/:path*",
    "/api/telegram",
    "/api/telegram/:path*",
    "/admin",
    "/admin/:path*",
    "/api/admin/:path*",
    "/profile",
    "/profile/:path*",
    "/api/profile/:path*",
  ],
};
