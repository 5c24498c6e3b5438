// PATCH /api/admin/users/:id: name and role. DELETE: logs their Telegram accounts out, then deletes them.
import { NextResponse } from "next/server";
import { readJsonBody } from "@/lib/auth/api";
import { db } from "@/lib/db";
import { withAdmin } from "@/lib/admin/guard";
import { telegramAdmin } from "@/lib/admin/telegram-bridge";
import { deleteUser, updateUser } from "@/lib/admin/users";
import { idParamSchema, updatePersonSchema } from "@/lib/validations/admin";

export const dynamic = "force-dynamic";

export const PATCH = withAdmin<{ id: string }>(async (request, { params, admin }) => {
  const { id } = idParamSchema.parse(await params);
  await updateUser(db, admin, id, await readJsonBody(request, updatePersonSchema));
  return NextResponse.json({ ok: true }, { headers: { "cache-control": "no-store" } });
});

export const DELETE = withAdmin<{ id: string }>(async (_request, { params, admin }) => {
  const { id } = idParamSchema.parse(await params);
  const report = await deleteUser(db, admin, id, telegramAdmin);
  return NextResponse.json(report, { headers: { "cache-control": "no-store" } });
});
