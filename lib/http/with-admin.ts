import "server-only";

import type { NextRequest } from "next/server";
import type { CurrentUser } from "@/lib/auth/session";
import { currentRequestMeta } from "@/lib/admin/request-meta";
import type { AdminContext } from "@/lib/admin/users";
import { errorJson } from "./errors";
import { withUser, type RequestSchemas, type UserContext } from "./with-user";

type AdminHandler<S extends RequestSchemas> = (
  request: NextRequest,
  context: UserContext<S> & { admin: AdminContext },
) => Promise<Response> | Response;

/**
 * withUser for the admin API: 401 without a session, 403 `forbidden` for a member (checked
 * here, where the data is read, not only in the proxy, and before any parsing), then
 * everything withUser does (origin check, zod parsing, coded errors). The handler also
 * gets the audit context (actor, IP, user agent).
 */
export function withAdmin(handler: AdminHandler<Record<never, never>>): ReturnType<typeof withUser>;
export function withAdmin<const S extends RequestSchemas>(
  schemas: S,
  handler: AdminHandler<S>,
): ReturnType<typeof withUser>;
export function withAdmin<S extends RequestSchemas>(
  schemasOrHandler: S | AdminHandler<S>,
  maybeHandler?: AdminHandler<S>,
) {
  const schemas = (typeof schemasOrHandler === "function" ? {} : schemasOrHandler) as S;
  const handler = (typeof schemasOrHandler === "function" ? schemasOrHandler : maybeHandler) as AdminHandler<S>;
  // The role is checked before anything is parsed, so a member learns nothing about the
  // shape of admin requests (403 whatever they send), and the body is read once, by the
  // one withUser that parses it.
  const authorize = (user: CurrentUser) =>
    user.role === "admin" ? null : errorJson("forbidden", "Only admins may do this.");
  return withUser({ ...schemas, authorize }, async (request, context) => {
    const admin: AdminContext = {
      actor: { id: context.user.id, email: context.user.email },
      meta: await currentRequestMeta(),
    };
    return handler(request, { ...context, admin });
  });
}
