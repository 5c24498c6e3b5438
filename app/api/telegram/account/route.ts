// GET /api/telegram/account: the linked account (no session material); DELETE: unlink without logging out.
import { NextResponse } from "next/server";
import { withUser } from "@/lib/http/with-user";
import { getLinkedAccount, unlink } from "@/lib/telegram";
import { auditOwnTelegramEvent } from "@/lib/admin/audit-telegram";

export const dynamic = "force-dynamic";

export const GET = withUser(async (_request, { user }) =>
  NextResponse.json({ account: await getLinkedAccount(user.id) }, { headers: { "cache-control": "no-store" } }),
);

export const DELETE = withUser(async (_request, { user }) => {
  const linked = await getLinkedAccount(user.id);
  await unlink(user.id);
  if (linked) await auditOwnTelegramEvent("telegram.unlink", user.id, { id: linked.id, label: linked.name });
  return NextResponse.json({ ok: true }, { headers: { "cache-control": "no-store" } });
});
