// POST /api/admin/telegram-accounts/:id/logout: force log out of Telegram (auth.logOut); the link stays as "revoked".
import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { withAdmin } from "@/lib/http/with-admin";
import { forceLogout } from "@/lib/admin/telegram-accounts";
import { telegramAdmin } from "@/lib/admin/telegram-bridge";
import { idParamSchema } from "@/lib/validations/admin";

export const dynamic = "force-dynamic";

export const POST = withAdmin({ params: idParamSchema }, async (_request, { params: { id }, admin }) => {
  const result = await forceLogout(db, admin, id, telegramAdmin);
  return NextResponse.json(result, { headers: { "cache-control": "no-store" } });
});
