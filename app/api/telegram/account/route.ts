// GET /api/telegram/account: the linked account (no session material); DELETE: unlink without logging out.
import { NextResponse } from "next/server";
import { withUser } from "@/lib/http/with-user";
import { getLinkedAccount, unlink } from "@/lib/telegram";

export const dynamic = "force-dynamic";

export const GET = withUser(async (_request, { user }) =>
  NextResponse.json({ account: await getLinkedAccount(user.id) }, { headers: { "cache-control": "no-store" } }),
);

export const DELETE = withUser(async (_request, { user }) => {
  await unlink(user.id);
  return NextResponse.json({ ok: true }, { headers: { "cache-control": "no-store" } });
});
