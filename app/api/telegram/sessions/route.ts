// GET /api/telegram/sessions: the linked account's active Telegram sessions (devices).
import { NextResponse } from "next/server";
import { withUser } from "@/lib/http/with-user";
import { getSessions } from "@/lib/telegram";

export const dynamic = "force-dynamic";

export const GET = withUser(async (_request, { user }) => {
  const sessions = await getSessions(user.id);
  return NextResponse.json({ sessions }, { headers: { "cache-control": "no-store" } });
});
