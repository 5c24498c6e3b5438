// POST /api/invitations: accept an invitation link (no session: the token is the credential).
import { NextResponse, type NextRequest } from "next/server";
import { readJsonBody } from "@/lib/http/body";
import { toErrorResponse } from "@/lib/http/errors";
import { assertSameOrigin } from "@/lib/http/origin";
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
    // AdminError is a CodedError: invitation_invalid (410), email_taken (409).
    return toErrorResponse(error);
  }
}
