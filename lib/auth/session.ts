import "server-only";

import { cache } from "react";
import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { db } from "@/lib/db";
import { authOptions } from "@/lib/auth/options";
import { signInUrl } from "@/lib/auth/callback-url";
import { PATHNAME_HEADER } from "@/lib/auth/pathname-header";
import type { SiteUser } from "@/lib/auth/users";
import type { Role } from "@/lib/auth/roles";

export type CurrentUser = SiteUser & {
  role: Role;
  /** After an admin's reset or a generated first password: choose a new one first. */
  mustChangePassword: boolean;
  locale: string | null;
  /** The SiteSession this request is signed in with. */
  sessionId: string;
};

/**
 * The signed-in site user, or null. The JWT alone is not trusted: next-auth's jwt callback
 * checks the session row it names (ended sessions read as none), and the user is re-read
 * here, so a disabled or deleted user loses access at once and the header shows the
 * current name and role. Cached per request.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await getServerSession(authOptions);
  const id = session?.user?.id;
  const sessionId = session?.sessionId;
  if (!id || !sessionId) return null;
  const user = await db.user.findUnique({
    where: { id },
    select: { id: true, email: true, name: true, role: true, status: true, mustChangePassword: true, locale: true },
  });
  if (!user || user.status !== "active") return null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role === "admin" ? "admin" : "member",
    mustChangePassword: user.mustChangePassword,
    locale: user.locale,
    sessionId,
  };
});

/**
 * For server components and pages: the signed-in user, or a redirect to the sign-in page
 * that comes back to `returnTo` (default: the path the proxy saw, else /telegram).
 */
export async function requireUser(returnTo?: string): Promise<CurrentUser> {
  const user = await getCurrentUser();
  const here = returnTo ?? (await headers()).get(PATHNAME_HEADER) ?? "/telegram";
  if (!user) redirect(signInUrl(here));
  // A reset (or generated) password is good for one thing: choosing a new one.
  if (user.mustChangePassword && !here.startsWith(PROFILE_PATH)) redirect(`${PROFILE_PATH}?required=password`);
  return user;
}

export const PROFILE_PATH = "/profile";
