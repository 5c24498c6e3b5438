// POST /api/admin/users/:id/disable: every session of theirs ends at once; Telegram connections close, links stay.
import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { withAdmin } from "@/lib/admin/guard";
import { telegramAdmin } from "@/lib/admin/telegram-bridge";
import { disableUser } from "@/lib/admin/users";
import { idParamSchema } from "@/lib/validations/admin";

export const dynamic = "force-dynamic";

export const POST = withAdmin<{ id: string }>(async (_request, { params, admin }) => {
  const { id } = idParamSchema.parse(await params);
  await disableUser(db, admin, id, telegramAdmin);
  return NextResponse.json({ ok: true }, { headers: { "cache-control": "no-store" } });
});
