// GET /api/telegram/account: the linked account (no session material).
// DELETE /api/telegram/account: unlink, i.e. wipe the stored session without logging out.
import { NextResponse } from "next/server";
import { withUser } from "@/lib/auth/api";
import { getLinkedAccount, unlink } from "@/lib/telegram/dashboard";

export const dynamic = "force-dynamic";

export const GET = withUser(async (_request, { user }) =>
  NextResponse.json({ account: await getLinkedAccount(user.id) }, { headers: { "cache-control": "no-store" } }),
);

export const DELETE = withUser(async (_request, { user }) => {
  await unlink(user.id);
  return NextResponse.json({ ok: true }, { headers: { "cache-control": "no-store" } });
});
