// GET /api/admin/telegram-accounts: every linked account on the site with the pool's connection state (no sessions, no messages).
import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { withAdmin } from "@/lib/http/with-admin";
import { listLinkedAccounts } from "@/lib/admin/telegram-accounts";
import { telegramAdmin } from "@/lib/admin/telegram-bridge";
import { accountListQuerySchema, pageWindow } from "@/lib/validations/admin";

export const dynamic = "force-dynamic";

export const GET = withAdmin({ query: accountListQuerySchema }, async (_request, { query }) => {
  const result = await listLinkedAccounts(db, telegramAdmin, { ...query, ...pageWindow(query.page) });
  return NextResponse.json(result, { headers: { "cache-control": "no-store" } });
});
