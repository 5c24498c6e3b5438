// POST /api/profile/password: change one's own password (the current one is required); other sessions end.
import { NextResponse } from "next/server";
import { withUser } from "@/lib/http/with-user";
import { changeOwnPassword } from "@/lib/auth/profile";
import { selfContext } from "@/lib/auth/self-context";
import { db } from "@/lib/db";
import { changePasswordSchema } from "@/lib/validations/admin";

export const dynamic = "force-dynamic";

export const POST = withUser(
  { body: changePasswordSchema, allowPendingPasswordChange: true },
  async (_request, { user, body }) => {
    const result = await changeOwnPassword(db, await selfContext(user), body);
    return NextResponse.json(result, { headers: { "cache-control": "no-store" } });
  },
);
