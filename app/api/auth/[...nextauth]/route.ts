// next-auth's endpoints (sign-in, callback, session, CSRF, sign-out).
import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/options";
import { readBodyBytes } from "@/lib/http/body";
import { toErrorResponse } from "@/lib/http/errors";

// next-auth v4 types NextAuth() as `any` for the App Router; this is the shape it returns there.
type RouteHandler = (request: Request, context: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;

const handler = NextAuth(authOptions) as RouteHandler;

/**
 * next-auth reads a POST body whole, without a limit, before it checks anything, and these
 * endpoints are open to anyone; the proxy does not run here either. So the body is read
 * here first, no further than this, and next-auth gets a copy.
 */
const AUTH_MAX_BODY_BYTES = 32 * 1024;

type RouteContext = { params: Promise<{ nextauth: string[] }> };

async function boundedPost(request: NextRequest, context: RouteContext): Promise<Response> {
  let body: Uint8Array<ArrayBuffer>;
  try {
    body = await readBodyBytes(request, AUTH_MAX_BODY_BYTES);
  } catch (error) {
    const response = toErrorResponse(error);
    // The sender may still be streaming; don't keep the connection for the rest.
    response.headers.set("connection", "close");
    return response;
  }
  const headers = new Headers(request.headers);
  headers.delete("content-length");
  headers.delete("transfer-encoding");
  const copy = new NextRequest(request.url, { method: "POST", headers, body: body.byteLength ? body : undefined });
  return (handler as (req: NextRequest, ctx: RouteContext) => Promise<Response>)(copy, context);
}

export { handler as GET, boundedPost as POST };
