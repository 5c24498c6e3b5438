import "server-only";

import { notFound } from "next/navigation";
import { requireUser, type CurrentUser } from "@/lib/auth/session";

/**
 * For admin pages: a member gets the ordinary 404 (the panel's existence is not
 * advertised), a visitor the sign-in page. Admin API routes use withAdmin (lib/http).
 */
export async function requireAdmin(returnTo?: string): Promise<CurrentUser> {
  const user = await requireUser(returnTo);
  if (user.role !== "admin") notFound();
  return user;
}
