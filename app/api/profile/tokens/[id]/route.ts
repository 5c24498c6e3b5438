// DELETE /api/profile/tokens/:id: revoke one of the person's own API tokens.
import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { withUser } from "@/lib/http/with-user";
import { currentRequestMeta } from "@/lib/admin/request-meta";
import { revokeApiToken } from "@/lib/api/tokens";
import { apiTokenParamsSchema, TOKEN_NOT_FOUND } from "@/lib/validations/api-tokens";

export const dynamic = "force-dynamic";

export const DELETE = withUser(
  { params: apiTokenParamsSchema, badParams: TOKEN_NOT_FOUND },
  async (_request, { user, params }) => {
    // As a member even for an admin: their own page revokes only their own tokens.
    const token = await revokeApiToken(
      db,
      { id: user.id, email: user.email, role: "member" },
      params.id,
      await currentRequestMeta(),
    );
    return NextResponse.json({ token }, { headers: { "cache-control": "no-store" } });
  },
);
