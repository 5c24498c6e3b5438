// POST /api/admin/users/:id/enable: a disabled person may sign in again.
import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { withAdmin } from "@/lib/admin/guard";
import { enableUser } from "@/lib/admin/users";
import { idParamSchema } from "@/lib/validations/admin";

export const dynamic = "force-dynamic";

export const POST = withAdmin<{ id: string }>(async (_request, { params, admin }) => {
  const { id } = idParamSchema.parse(await params);
  await enableUser(db, admin, id);
  return NextResponse.json({ ok: true }, { headers: { "cache-control": "no-store" } });
});
