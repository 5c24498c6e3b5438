import "server-only";

import { notFound } from "next/navigation";
import type { NextRequest } from "next/server";
import { errorJson, withUser } from "@/lib/auth/api";
import { requireUser, type CurrentUser } from "@/lib/auth/session";
import { AdminError } from "@/lib/admin/errors";
import { currentRequestMeta } from "@/lib/admin/request-meta";
import type { AdminContext } from "@/lib/admin/users";

type RouteContext<P> = { params: Promise<P> };
type AdminRouteContext<P> = RouteContext<P> & { user: CurrentUser; admin: AdminContext };

/**
 * withUser for the admin API: a member gets 403 `forbidden` (checked here, where the data
 * is read, not only in the proxy), AdminError refusals become their coded status, and
 * the handler receives the audit context (actor, IP, user agent).
 */
export function withAdmin<P = Record<string, string | string[]>>(
  handler: (request: NextRequest, context: AdminRouteContext<P>) => Promise<Response> | Response,
) {
  return withUser<P>(async (request, context) => {
    if (context.user.role !== "admin") return errorJson(403, "forbidden", "Only admins may do this.");
    try {
      const admin: AdminContext = { actor: { id: context.user.id, email: context.user.email }, meta: await currentRequestMeta() };
      return await handler(request, { ...context, admin });
    } catch (error) {
      if (error instanceof AdminError) return errorJson(error.status, error.code, error.message);
      throw error;
    }
  });
}

/**
 * For admin pages: a member gets the ordinary 404 (the panel's existence is not
 * advertised), a visitor the sign-in page.
 */
export async function requireAdmin(returnTo?: string): Promise<CurrentUser> {
  const user = await requireUser(returnTo);
  if (user.role !== "admin") notFound();
  return user;
}
