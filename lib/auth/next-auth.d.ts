// The site user's id travels in the JWT (`sub`) and is exposed on the session.
import type { DefaultSession } from "next-auth";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name: string } & Omit<NonNullable<DefaultSession["user"]>, "email" | "name">;
    /** Server-side only in practice: the SiteSession id (the cookie is HttpOnly anyway). */
    sessionId?: string;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    /** The SiteSession row this cookie stands for (lib/auth/site-sessions.ts). */
    sid?: string;
  }
}
