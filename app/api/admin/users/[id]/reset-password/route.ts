// POST /api/admin/users/:id/reset-password: a generated password (shown once) that must be changed at next sign-in; every session ends.
import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { withAdmin } from "@/lib/http/with-admin";
import { resetPassword } from "@/lib/admin/users";
import { idParamSchema } from "@/lib/validations/admin";

export const dynamic = "force-dynamic";

export const POST = withAdmin({ params: idParamSchema }, async (_request, { params: { id }, admin }) => {
  const { password } = await resetPassword(db, admin, id);
  return NextResponse.json({ password }, { headers: { "cache-control": "no-store" } });
});
