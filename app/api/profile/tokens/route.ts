// POST /api/profile/tokens {name, scopes, expiresInDays}: a personal API token, its secret answered once.
import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { withUser } from "@/lib/http/with-user";
import { currentRequestMeta } from "@/lib/admin/request-meta";
import { createApiToken } from "@/lib/api/tokens";
import { createApiTokenSchema } from "@/lib/validations/api-tokens";

export const dynamic = "force-dynamic";

const DAY_MS = 24 * 60 * 60 * 1000;

export const POST = withUser({ body: createApiTokenSchema }, async (_request, { user, body }) => {
  const now = new Date();
  const created = await createApiToken(
    db,
    { id: user.id, email: user.email },
    {
      name: body.name,
      scopes: body.scopes,
      expiresAt: body.expiresInDays === null ? null : new Date(now.getTime() + body.expiresInDays * DAY_MS),
    },
    await currentRequestMeta(),
    now,
  );
  return NextResponse.json(created, { status: 201, headers: { "cache-control": "no-store" } });
});
