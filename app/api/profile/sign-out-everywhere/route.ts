// POST /api/profile/sign-out-everywhere: every session of the signed-in person ends, this one too.
import { NextResponse } from "next/server";
import { withUser } from "@/lib/http/with-user";
import { signOutEverywhere } from "@/lib/auth/profile";
import { selfContext } from "@/lib/auth/self-context";
import { db } from "@/lib/db";

export const dynamic = "force-dynamic";

export const POST = withUser({ allowPendingPasswordChange: true }, async (_request, { user }) => {
  const result = await signOutEverywhere(db, await selfContext(user));
  return NextResponse.json(result, { headers: { "cache-control": "no-store" } });
});
