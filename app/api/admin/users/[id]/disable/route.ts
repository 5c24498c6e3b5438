// POST /api/admin/users/:id/disable: every session of theirs ends at once; Telegram connections close, links stay.
import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { withAdmin } from "@/lib/http/with-admin";
import { telegramAdmin } from "@/lib/admin/telegram-bridge";
import { disableUser } from "@/lib/admin/users";
import { idParamSchema } from "@/lib/validations/admin";

export const dynamic = "force-dynamic";

export const POST = withAdmin({ params: idParamSchema }, async (_request, { params: { id }, admin }) => {
  await disableUser(db, admin, id, telegramAdmin);
  return NextResponse.json({ ok: true }, { headers: { "cache-control": "no-store" } });
});
