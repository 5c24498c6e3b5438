// POST /api/telegram/account/logout: auth.logOut (time-limited), then the stored session is wiped.
import { NextResponse } from "next/server";
import { withUser } from "@/lib/http/with-user";
import { logOut } from "@/lib/telegram";

export const dynamic = "force-dynamic";

export const POST = withUser(async (_request, { user }) => {
  const { confirmed } = await logOut(user.id);
  return NextResponse.json({ confirmed }, { headers: { "cache-control": "no-store" } });
});
