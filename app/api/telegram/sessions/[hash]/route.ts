// DELETE /api/telegram/sessions/:hash: terminates another device's Telegram session.
import { NextResponse } from "next/server";
import { ApiError, withUser } from "@/lib/auth/api";
import { terminateOtherSession } from "@/lib/telegram/dashboard";
import { telegramCall } from "@/lib/telegram/route-errors";
import { getLinkedAccount } from "@/lib/telegram/dashboard";
import { auditOwnTelegramEvent } from "@/lib/admin/audit-telegram";
import { sessionHashSchema } from "@/lib/validations/telegram-dashboard";

export const dynamic = "force-dynamic";

export const DELETE = withUser<{ hash: string }>(async (_request, { user, params }) => {
  const parsed = sessionHashSchema.safeParse((await params).hash);
  if (!parsed.success) throw new ApiError(400, "invalid_request", "Choose another device's session to terminate.");
  await telegramCall(() => terminateOtherSession(user.id, parsed.data));
  const linked = await getLinkedAccount(user.id);
  if (linked) await auditOwnTelegramEvent("telegram.session_terminated", user.id, { id: linked.id, label: linked.name }, { hash: parsed.data });
  return NextResponse.json({ ok: true }, { headers: { "cache-control": "no-store" } });
});
