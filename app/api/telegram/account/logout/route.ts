// POST /api/telegram/account/logout: auth.logOut (time-limited), then the stored session is wiped.
import { NextResponse } from "next/server";
import { withUser } from "@/lib/http/with-user";
import { getLinkedAccount, logOut } from "@/lib/telegram";
import { auditOwnTelegramEvent } from "@/lib/admin/audit-telegram";

export const dynamic = "force-dynamic";

export const POST = withUser(async (_request, { user }) => {
  const linked = await getLinkedAccount(user.id);
  const { confirmed } = await logOut(user.id);
  if (linked)
    await auditOwnTelegramEvent("telegram.logout", user.id, { id: linked.id, label: linked.name }, { confirmed });
  return NextResponse.json({ confirmed }, { headers: { "cache-control": "no-store" } });
});
