// GET /api/admin/users: people (filter, sort, page). POST: create one (generated first password) or invite.
import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { withAdmin } from "@/lib/http/with-admin";
import { createInvitation } from "@/lib/admin/invitations";
import { createUserWithPassword, listUsers } from "@/lib/admin/users";
import { createPersonSchema, pageWindow, userListQuerySchema } from "@/lib/validations/admin";

export const dynamic = "force-dynamic";

const noStore = { "cache-control": "no-store" };

export const GET = withAdmin({ query: userListQuerySchema }, async (_request, { query }) => {
  const result = await listUsers(db, { ...query, ...pageWindow(query.page) });
  return NextResponse.json(result, { headers: noStore });
});

export const POST = withAdmin({ body: createPersonSchema }, async (_request, { body, admin }) => {
  if (body.mode === "invitation") {
    const { token, expiresAt } = await createInvitation(db, admin, body);
    // The site's own address: behind a proxy (or `next start` on 127.0.0.1) the request's
    // origin can be an internal host, and the link would set the cookie for the wrong site.
    const url = new URL(`/invite/${token}`, env.NEXTAUTH_URL).toString();
    return NextResponse.json({ invitation: { url, expiresAt } }, { status: 201, headers: noStore });
  }
  // The password is in this one answer and nowhere else (not in logs, not in the audit entry).
  const { user, password } = await createUserWithPassword(db, admin, body);
  return NextResponse.json({ user, password }, { status: 201, headers: noStore });
});
