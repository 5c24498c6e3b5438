// GET /api/telegram/sessions: the linked account's active Telegram sessions (devices).
import { NextResponse } from "next/server";
import { withUser } from "@/lib/auth/api";
import { getSessions } from "@/lib/telegram/dashboard";
import { telegramCall } from "@/lib/telegram/route-errors";

export const dynamic = "force-dynamic";

export const GET = withUser(async (_request, { user }) => {
  const sessions = await telegramCall(() => getSessions(user.id));
  return NextResponse.json({ sessions }, { headers: { "cache-control": "no-store" } });
});
