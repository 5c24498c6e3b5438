// DELETE /api/admin/telegram-accounts/:id: unlink (auth.logOut first, then the row and its sealed session are gone).
import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { withAdmin } from "@/lib/http/with-admin";
import { unlinkAccount } from "@/lib/admin/telegram-accounts";
import { telegramAdmin } from "@/lib/admin/telegram-bridge";
import { idParamSchema } from "@/lib/validations/admin";

export const dynamic = "force-dynamic";

export const DELETE = withAdmin({ params: idParamSchema }, async (_request, { params: { id }, admin }) => {
  const result = await unlinkAccount(db, admin, id, telegramAdmin);
  return NextResponse.json(result, { headers: { "cache-control": "no-store" } });
});
