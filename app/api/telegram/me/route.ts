// GET /api/telegram/me: the signed-in site user (the smallest route behind withUser).
import { NextResponse } from "next/server";
import { withUser } from "@/lib/http/with-user";

export const GET = withUser((_request, { user }) =>
  NextResponse.json({ user }, { headers: { "cache-control": "no-store" } }),
);
