// GET /api/admin/attempts: every Telegram login attempt (filter by status, user, dates).
import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { listAuthAttempts } from "@/lib/admin/attempts";
import { withAdmin } from "@/lib/admin/guard";
import { attemptListQuerySchema, dayAfter, pageWindow, searchParamsObject } from "@/lib/validations/admin";

export const dynamic = "force-dynamic";

export const GET = withAdmin(async (request) => {
  const query = attemptListQuerySchema.parse(searchParamsObject(request.nextUrl.searchParams));
  const result = await listAuthAttempts(db, { ...query, to: dayAfter(query.to), ...pageWindow(query.page) });
  return NextResponse.json(result, { headers: { "cache-control": "no-store" } });
});
