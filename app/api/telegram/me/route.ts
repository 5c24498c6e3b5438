// GET /api/telegram/me: the signed-in site user (the smallest route behind withUser).
import { NextResponse } from "next/server";
import { withUser } from "@/lib/http/with-user";

// Only the public fields: CurrentUser also carries the role and the site session's id.
export const GET = withUser((_request, { user }) =>
  NextResponse.json(
    { user: { id: user.id, email: user.email, name: user.name } },
    { headers: { "cache-control": "no-store" } },
  ),
);
