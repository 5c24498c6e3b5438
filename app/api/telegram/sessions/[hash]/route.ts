// DELETE /api/telegram/sessions/:hash: terminates another device's Telegram session.
import { NextResponse } from "next/server";
import { withUser } from "@/lib/http/with-user";
import { terminateOtherSession } from "@/lib/telegram";
import { sessionParamsSchema } from "@/lib/validations/telegram-dashboard";

export const dynamic = "force-dynamic";

export const DELETE = withUser(
  {
    params: sessionParamsSchema,
    badParams: { code: "invalid_request", message: "Choose another device's session to terminate." },
  },
  async (_request, { user, params }) => {
    await terminateOtherSession(user.id, params.hash);
    return NextResponse.json({ ok: true }, { headers: { "cache-control": "no-store" } });
  },
);
