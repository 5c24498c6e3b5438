// POST /api/invitations: accept an invitation link (no session: the token is the credential).
import { NextResponse, type NextRequest } from "next/server";
import { assertSameOrigin, errorJson, readJsonBody, toErrorResponse } from "@/lib/auth/api";
import { AdminError } from "@/lib/admin/errors";
import { acceptInvitation } from "@/lib/admin/invitations";
import { currentRequestMeta } from "@/lib/admin/request-meta";
import { db } from "@/lib/db";
import { acceptInvitationSchema } from "@/lib/validations/admin";

export const dynamic = "force-dynamic";

export async function POST(request: NextRequest): Promise<Response> {
  try {
    assertSameOrigin(request);
    const body = await readJsonBody(request, acceptInvitationSchema);
    const result = await acceptInvitation(db, body, await currentRequestMeta());
    return NextResponse.json(result, { status: 201, headers: { "cache-control": "no-store" } });
  } catch (error) {
    if (error instanceof AdminError) return errorJson(error.status, error.code, error.message);
    return toErrorResponse(error);
  }
}
