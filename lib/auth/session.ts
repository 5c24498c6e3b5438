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

export type CurrentUser = SiteUser;


/**
 * The signed-in site user, or null. The JWT alone is not trusted as the user record: the
 * user is re-read from the database, so a deleted user loses access at once and the
 * header shows the current name. Cached per request.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await getServerSession(authOptions);
  const id = session?.user?.id;
  if (!id) return null;
  return db.user.findUnique({ where: { id }, select: { id: true, email: true, name: true } });
});

/**
 * For server components and pages: the signed-in user, or a redirect to the sign-in page
 * that comes back to `returnTo` (default: the path the proxy saw, else /telegram).
 */
export async function requireUser(returnTo?: string): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (user) return user;
  const here = returnTo ?? (await headers()).get(PATHNAME_HEADER) ?? "/telegram";
  redirect(signInUrl(here));
}
