// next-auth's endpoints (sign-in, callback, session, CSRF, sign-out).
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";

// next-auth v4 types NextAuth() as `any` for the App Router; this is the shape it returns there.
type RouteHandler = (request: Request, context: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;

const handler = NextAuth(authOptions) as RouteHandler;

export { handler as GET, handler as POST };
