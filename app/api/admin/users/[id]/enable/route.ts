// POST /api/admin/users/:id/enable: a disabled person may sign in again.
import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { withAdmin } from "@/lib/http/with-admin";
import { enableUser } from "@/lib/admin/users";
import { idParamSchema } from "@/lib/validations/admin";

export const dynamic = "force-dynamic";

export const POST = withAdmin({ params: idParamSchema }, async (_request, { params: { id }, admin }) => {
  await enableUser(db, admin, id);
  return NextResponse.json({ ok: true }, { headers: { "cache-control": "no-store" } });
});
