// DELETE /api/telegram/sessions/:hash: terminates another device's Telegram session.
import { NextResponse } from "next/server";
import { withUser } from "@/lib/http/with-user";
import { getLinkedAccount, terminateOtherSession } from "@/lib/telegram";
import { sessionParamsSchema } from "@/lib/validations/telegram-dashboard";
import { auditOwnTelegramEvent } from "@/lib/admin/audit-telegram";

export const dynamic = "force-dynamic";

export const DELETE = withUser(
  {
    params: sessionParamsSchema,
    badParams: { code: "invalid_request", message: "Choose another device's session to terminate." },
  },
  async (_request, { user, params }) => {
    await terminateOtherSession(user.id, params.hash);
    const linked = await getLinkedAccount(user.id);
    if (linked)
      await auditOwnTelegramEvent(
        "telegram.session_terminated",
        user.id,
        { id: linked.id, label: linked.name },
        { hash: params.hash },
      );
    return NextResponse.json({ ok: true }, { headers: { "cache-control": "no-store" } });
  },
);
