// DELETE /api/admin/api-tokens/:id: an admin revokes anyone's API token (audited).
import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { withAdmin } from "@/lib/http/with-admin";
import { revokeApiToken } from "@/lib/api/tokens";
import { apiTokenParamsSchema, TOKEN_NOT_FOUND } from "@/lib/validations/api-tokens";

export const dynamic = "force-dynamic";

export const DELETE = withAdmin(
  { params: apiTokenParamsSchema, badParams: TOKEN_NOT_FOUND },
  async (_request, { params, admin }) => {
    const token = await revokeApiToken(db, { ...admin.actor, role: "admin" }, params.id, admin.meta);
    return NextResponse.json({ token }, { headers: { "cache-control": "no-store" } });
  },
);
