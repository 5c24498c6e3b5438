// POST /api/profile/password: change one's own password (the current one is required); other sessions end.
import { NextResponse } from "next/server";
import { errorJson, readJsonBody, withUser } from "@/lib/auth/api";
import { changeOwnPassword } from "@/lib/auth/profile";
import { selfContext } from "@/lib/auth/self-context";
import { AdminError } from "@/lib/admin/errors";
import { db } from "@/lib/db";
import { changePasswordSchema } from "@/lib/validations/admin";

export const dynamic = "force-dynamic";

export const POST = withUser(async (request, { user }) => {
  const body = await readJsonBody(request, changePasswordSchema);
  try {
    const result = await changeOwnPassword(db, await selfContext(user), body);
    return NextResponse.json(result, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    if (error instanceof AdminError) return errorJson(error.status, error.code, error.message);
    throw error;
  }
});
