// PATCH /api/admin/users/:id: name and role. DELETE: logs their Telegram accounts out, then deletes them.
import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { withAdmin } from "@/lib/http/with-admin";
import { telegramAdmin } from "@/lib/admin/telegram-bridge";
import { deleteUser, updateUser } from "@/lib/admin/users";
import { idParamSchema, updatePersonSchema } from "@/lib/validations/admin";

export const dynamic = "force-dynamic";

export const PATCH = withAdmin(
  { params: idParamSchema, body: updatePersonSchema },
  async (_request, { params: { id }, body, admin }) => {
    await updateUser(db, admin, id, body);
    return NextResponse.json({ ok: true }, { headers: { "cache-control": "no-store" } });
  },
);

export const DELETE = withAdmin({ params: idParamSchema }, async (_request, { params: { id }, admin }) => {
  const report = await deleteUser(db, admin, id, telegramAdmin);
  return NextResponse.json(report, { headers: { "cache-control": "no-store" } });
});
