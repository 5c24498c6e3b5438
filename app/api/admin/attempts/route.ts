// GET /api/admin/attempts: every Telegram login attempt (filter by status, user, dates).
import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { listAuthAttempts } from "@/lib/admin/attempts";
import { withAdmin } from "@/lib/http/with-admin";
import { attemptListQuerySchema, dayAfter, pageWindow } from "@/lib/validations/admin";

export const dynamic = "force-dynamic";

export const GET = withAdmin({ query: attemptListQuerySchema }, async (_request, { query }) => {
  const result = await listAuthAttempts(db, { ...query, to: dayAfter(query.to), ...pageWindow(query.page) });
  return NextResponse.json(result, { headers: { "cache-control": "no-store" } });
});
